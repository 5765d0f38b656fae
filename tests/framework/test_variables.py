"""tf.Variable against TF_BEHAVIOUR.md section 4 (and 5.4: assigns inside a tape)."""
import copy
import gc
import operator
import weakref

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.framework.context import ctx

# ---- construction -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, dtype", [(1.0, tf.float32), (3, tf.int32), (True, tf.bool),
                                          ("s", tf.string), (np.zeros((2, 2)), tf.float64),
                                          ([1, 2], tf.int32), (np.float32(1), tf.float32)])
def test_dtype_inference(value, dtype):
    assert tf.Variable(value).dtype == dtype


def test_initial_value_forms():
    assert tf.Variable(lambda: tf.ones(2)).numpy().tolist() == [1.0, 1.0]
    assert tf.Variable(lambda: 1.0, dtype=tf.float64).dtype == tf.float64
    src = tf.Variable([1.0, 2.0])
    copied = tf.Variable(src)
    src.assign([5.0, 5.0])
    assert copied.numpy().tolist() == [1.0, 2.0]          # the value is copied, not shared
    assert tf.Variable(np.array([1.5]), dtype=tf.float32).dtype == tf.float32
    assert tf.Variable(1, dtype=tf.float32).numpy() == 1.0


def test_constructor_errors():
    msg = "The `initial_value` arg to `tf.Variable` must be specified except when you are not providing a `variable_def`. You provided neither."
    for make in (lambda: tf.Variable(), lambda: tf.Variable(None)):
        with pytest.raises(ValueError) as e:
            make()
        assert str(e.value) == msg
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.Variable(1.5, dtype=tf.int32)
    with pytest.raises(ValueError, match=r"^initial_value: Tensor conversion requested dtype float64 for Tensor with dtype float32"):
        tf.Variable(tf.constant(1.0), dtype=tf.float64)
    with pytest.raises(ValueError, match=r"^Incompatible type conversion requested to type float64 for `tf.Variable of type float32"):
        tf.Variable(tf.Variable(1.0), dtype=tf.float64)
    with pytest.raises(ValueError) as e:
        tf.Variable([1.0], shape=[2])
    assert str(e.value) == ("In this `tf.Variable` creation, the initial value's shape ((1,)) is not "
                            "compatible with the explicitly supplied `shape` argument ([2]).")
    with pytest.raises(ValueError, match=r"Argument `constraint` must be None or a callable"):
        tf.Variable(1.0, constraint=3)
    with pytest.raises(ValueError, match="name for name_scope must be a string."):
        tf.Variable(1.0, name=3)


def test_unknown_shapes_allow_reshaping_assigns():
    w = tf.Variable([1.0], shape=[None])
    assert repr(w) == "<tf.Variable 'Variable:0' shape=(None,) dtype=float32, numpy=array([1.], dtype=float32)>"
    r = w.assign([1.0, 2.0, 3.0])
    assert repr(r).startswith("<tf.Variable 'UnreadVariable' shape=(None,)")
    assert w.shape.as_list() == [None]
    with pytest.raises(ValueError, match="Shape mismatch"):
        w.assign([[1.0]])
    u = tf.Variable([1.0], shape=tf.TensorShape(None))
    assert "shape=<unknown>" in repr(u)
    u.assign([[1.0]])
    assert u.numpy().shape == (1, 1)


def test_properties():
    v = tf.Variable(1.0)
    assert v.trainable is True and tf.Variable(1).trainable is True
    assert tf.Variable(1.0, trainable=False).trainable is False
    assert v.device == "/job:localhost/replica:0/task:0/device:CPU:0"
    assert v.get_shape() == v.shape == []
    assert v.synchronization is tf.VariableSynchronization.AUTO
    assert v.aggregation is tf.VariableAggregation.NONE
    with pytest.raises(RuntimeError, match="This property is not supported when eager execution is enabled."):
        v.initial_value
    with pytest.raises(AttributeError):
        v.ndim
    clip = (lambda x: x)
    c = tf.Variable(5.0, constraint=clip)
    assert c.constraint is clip and c.assign(7.0).numpy() == 7.0   # eager assigns ignore it


# ---- names and repr ------------------------------------------------------------------------------

def test_names_are_not_uniquified():
    assert tf.Variable(1.0).name == tf.Variable(2.0).name == "Variable:0"
    assert tf.Variable(1.0, name="w").name == tf.Variable(1.0, name="w").name == "w:0"
    assert tf.Variable(1.0, name="w:0").name == "w:0:0"
    with tf.name_scope("layer1"):
        assert tf.Variable(1.0, name="w").name == "layer1/w:0"
        assert tf.Variable(1.0).name == "layer1/Variable:0"


def test_repr_exact():
    assert repr(tf.Variable(1.0)) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>"
    assert str(tf.Variable(0.1)) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.10000000149011612>"
    assert repr(tf.Variable([[1.0, 2.0], [3.0, 4.0]])) == (
        "<tf.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\n"
        "array([[1., 2.],\n       [3., 4.]], dtype=float32)>")
    assert repr(tf.Variable(1.0, name="x", dtype=tf.float64)) == "<tf.Variable 'x:0' shape=() dtype=float64, numpy=1.0>"
    assert repr(tf.Variable("s")) == "<tf.Variable 'Variable:0' shape=() dtype=string, numpy=b's'>"


# ---- reading ------------------------------------------------------------------------------------

def test_reads_are_eager_tensors():
    v = tf.Variable([1.0, 2.0])
    for read in (v.read_value(), v.value(), tf.identity(v), tf.convert_to_tensor(v), tf.constant(v)):
        assert isinstance(read, tf.Tensor) and not isinstance(read, tf.Variable)
        assert read.numpy().tolist() == [1.0, 2.0]
    assert isinstance(v, tf.Variable) and not isinstance(v, tf.Tensor)
    assert tf.is_tensor(v)
    assert type(v.numpy()) is np.ndarray and type(tf.Variable(1.0).numpy()) is np.float32
    assert [float(x) for x in v] == [1.0, 2.0] and all(type(x) is tf.Tensor for x in list(v))


def test_read_keeps_the_value_seen():
    v = tf.Variable([1.0, 2.0])
    before = v.read_value()
    v.assign([3.0, 4.0])
    assert before.numpy().tolist() == [1.0, 2.0]
    arr = v.numpy()
    arr[0] = 99.0                                      # a copy: the Variable is untouched
    assert v.numpy().tolist() == [3.0, 4.0]


def test_python_protocols():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(TypeError, match=r"^object of type 'ResourceVariable' has no len\(\)$"):
        len(v)
    b = tf.Variable(2.0)
    with pytest.raises(TypeError) as e:
        hash(b)
    assert str(e.value) == ("Variable is unhashable. Instead, use variable.ref() as the key. "
                            "(Variable: <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>)")
    with pytest.raises(TypeError):
        {b: 1}
    assert {b.ref(): 1}[b.ref()] == 1 and b.ref().deref() is b
    assert float(b) == 2.0 and int(b) == 2 and bool(b) is True
    with pytest.raises(TypeError, match="'ResourceVariable' object cannot be interpreted as an integer"):
        operator.index(tf.Variable(1))
    with pytest.raises(TypeError, match="'ResourceVariable' object does not support item assignment"):
        v[0] = 1.0


def test_cast_to_same_dtype_is_identity():
    v = tf.Variable(1.0)
    assert tf.cast(v, v.dtype) is v


def test_numpy_interop():
    v = tf.Variable([1.0, 2.0])
    arr = np.asarray(v)
    assert arr.dtype == np.float32 and arr.flags.writeable
    arr[0] = 5.0
    assert v.numpy()[0] == 1.0
    assert np.add(v, 1).tolist() == [2.0, 3.0]
    assert np.array(v, dtype=np.float64).dtype == np.float64


def test_arithmetic_returns_tensors():
    b = tf.Variable(2.0)
    for out in (b + 1, b * b, 1 - b, -b, b ** 2, b == 2.0):
        assert type(out) is tf.Tensor
    assert (b == 2.0).dtype == tf.bool
    with pytest.raises(tf.errors.InvalidArgumentError):
        b + tf.constant(1)


# ---- writing ------------------------------------------------------------------------------------

def test_assign_family_in_place():
    a = tf.Variable([1.0, 2.0])
    r = a.assign([3.0, 4.0])
    assert r is not a and type(r).__name__ == "_UnreadVariable" and isinstance(r, tf.Variable)
    assert repr(r) == "<tf.Variable 'UnreadVariable' shape=(2,) dtype=float32, numpy=array([3., 4.], dtype=float32)>"
    assert r.name == "UnreadVariable"
    assert a.assign_add([1.0, 1.0]).numpy().tolist() == [4.0, 5.0]
    assert a.assign_sub([0.5, 0.5]).numpy().tolist() == [3.5, 4.5]
    assert a.numpy().tolist() == [3.5, 4.5]
    assert a.assign([0.0, 0.0], read_value=False) is None
    assert a.assign_add([1.0, 1.0], read_value=False) is None
    assert a.assign_sub([1.0, 1.0], read_value=False) is None
    chained = a.assign([1.0, 1.0]).assign_add([1.0, 1.0])
    assert chained.numpy().tolist() == [2.0, 2.0] and a.numpy().tolist() == [2.0, 2.0]
    a.assign([7.0, 8.0])
    assert r.numpy().tolist() == [7.0, 8.0]          # an UnreadVariable shows the current value
    assert (r + 1).numpy().tolist() == [8.0, 9.0]


def test_assign_conversions():
    a = tf.Variable([1.0, 2.0])
    assert a.assign([1, 2]).dtype == tf.float32
    assert a.assign(np.array([5.0, 6.0])).numpy().dtype == np.float32
    assert a.assign(tf.Variable([3.0, 3.0])).numpy().tolist() == [3.0, 3.0]
    for bad in (tf.constant([1, 2]), tf.constant([1.0, 2.0], tf.float64)):
        with pytest.raises(ValueError, match="Tensor conversion requested dtype float32 for Tensor with dtype"):
            a.assign(bad)
    with pytest.raises(TypeError, match="Cannot convert 1.5"):
        tf.Variable(1).assign(1.5)
    with pytest.raises(TypeError, match="Cannot convert 1.5"):
        tf.Variable(1).assign_add(1.5)
    assert tf.Variable(1.0).assign_add(1).numpy() == 2.0


def test_assign_shape_errors():
    a = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError) as e:
        a.assign([1.0, 2.0, 3.0])
    assert str(e.value) == ("Cannot assign value to variable ' Variable:0': Shape mismatch.The "
                            "variable shape (2,), and the assigned value shape (3,) are incompatible.")
    with pytest.raises(ValueError, match=r"assigned value shape \(\) are incompatible"):
        a.assign(1.0)
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        a.assign_add(1.0)                          # no broadcasting in assign_add
    assert "Cannot update variable with shape [2] using a Tensor with shape [], shapes must be equal. [Op:AssignAddVariableOp]" in str(e.value)
    with pytest.raises(tf.errors.InvalidArgumentError, match="AssignSubVariableOp"):
        tf.Variable(1.0).assign_sub([1.0, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="No OpKernel was registered"):
        tf.Variable(True).assign_add(True)
    assert a.numpy().tolist() == [1.0, 2.0]        # failed writes change nothing


def test_inplace_operators_raise():
    b = tf.Variable(2.0)
    with pytest.raises(RuntimeError) as e:
        b += 1
    assert str(e.value) == ("`variable += value` with `tf.Variable`s is not supported. Use "
                            "`variable.assign_add(value)` to modify the variable, or `out = "
                            "variable + value` if you need to get a new output Tensor.")
    with pytest.raises(RuntimeError, match=r"`variable -= value`.*assign_sub"):
        b -= 1.0
    with pytest.raises(RuntimeError, match=r"`var \*= value`.*`var.assign\(var \* value\)`"):
        b *= 2.0
    with pytest.raises(RuntimeError, match=r"`var /= value`"):
        b /= 2.0
    with pytest.raises(RuntimeError, match=r"`var \*\*= value`"):
        b **= 2.0
    assert b.numpy() == 2.0


def test_rebinding_makes_a_tensor_and_gradient_none():
    w = tf.Variable(2.0)
    w = w - 0.5
    assert type(w) is tf.Tensor
    with tf.GradientTape() as tape:
        y = w * w
    assert tape.gradient(y, w) is None


def test_slice_assign_public():
    a = tf.Variable([1.0, 2.0, 3.0])
    r = a[0].assign(9.0)
    assert isinstance(r, tf.Variable) and r.numpy().tolist() == [9.0, 2.0, 3.0]
    assert a[0:1].assign([8.0]).numpy().tolist() == [8.0, 2.0, 3.0]
    assert a.numpy().tolist() == [8.0, 2.0, 3.0]
    assert isinstance(a[0], tf.Tensor) and a[0].numpy() == 8.0
    m = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    m[:, 1].assign([7.0, 8.0])
    assert m.numpy().tolist() == [[1.0, 7.0], [3.0, 8.0]]


def test_slice_hook():
    """`Variable._sliced` is the hook the indexing code can use: weak, broadcasting, TF errors."""
    a = tf.Variable([1.0, 2.0, 3.0])
    t = a._sliced(slice(0, 2), tf.constant([1.0, 2.0]))
    assert isinstance(t, tf.Tensor) and t.numpy().tolist() == [1.0, 2.0]
    assert t.assign(9.0).numpy().tolist() == [9.0, 9.0, 3.0]        # broadcast like TF
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        t.assign([1.0, 2.0, 3.0])
    assert "Cannot broadcast input shape [3] into final shape [2] [Op:ResourceStridedSliceAssign] name: strided_slice/_assign" in str(e.value)
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32"):
        t.assign(tf.constant([1, 2]))
    r = a._sliced((slice(None, None, -1),), tf.constant([3.0, 9.0, 9.0])).assign([1.0, 2.0, 3.0])
    assert r.numpy().tolist() == [3.0, 2.0, 1.0]
    e0 = a._sliced(tf.constant(0), tf.constant(3.0))
    assert e0.assign(5.0).numpy().tolist() == [5.0, 2.0, 1.0]
    plain = tf.constant([True])
    assert a._sliced(plain, plain) is plain and not hasattr(plain, "assign")   # masks: no assign
    ref = weakref.ref(a)
    del a, r, e                                # (the ExceptionInfo's traceback holds `a` too)
    gc.collect()
    assert ref() is None                       # the slice tensor does not keep the Variable alive
    with pytest.raises(RuntimeError, match="no longer exists"):
        t.assign(1.0)


def test_scatter_updates():
    a = tf.Variable([9.0, 6.0, 1.0])
    r = a.scatter_nd_update([[1]], [7.0])
    assert isinstance(r, tf.Variable) and a.numpy().tolist() == [9.0, 7.0, 1.0]
    assert a.scatter_nd_add([[0], [0]], [1.0, 1.0]).numpy().tolist() == [11.0, 7.0, 1.0]
    assert a.scatter_nd_sub([[2]], [1.0]).numpy().tolist() == [11.0, 7.0, 0.0]
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        a.scatter_nd_update([[5]], [1.0])
    assert str(e.value).endswith("indices[0] = [5] does not index into shape [3] [Op:ResourceScatterNdUpdate]")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Dimensions \[0,1\) of indices\[shape=\[1,1\]\] = 1 must match dimensions \[0,1\) of updates\[shape=\[2\]\] = 2"):
        a.scatter_nd_update([[0]], [1.0, 2.0])
    a.assign([1.0, 1.0, 1.0])
    assert a.scatter_update(tf.IndexedSlices(tf.constant([4.0]), tf.constant([1]))).numpy().tolist() == [1.0, 4.0, 1.0]
    assert a.scatter_add(tf.IndexedSlices(tf.constant([4.0]), tf.constant([1]))).numpy().tolist() == [1.0, 8.0, 1.0]
    m = tf.Variable(np.zeros((2, 2), np.float32))
    m.scatter_nd_update([[1]], [[1.0, 2.0]])
    assert m.numpy().tolist() == [[0.0, 0.0], [1.0, 2.0]]


def test_copy_semantics():
    v = tf.Variable(1.0, name="q", trainable=False)
    assert copy.copy(v) is v
    d = copy.deepcopy(v)
    assert d is not v and d.name == "q:0" and d.trainable is False
    d.assign(5.0)
    assert v.numpy() == 1.0


# ---- tapes -----------------------------------------------------------------------------------

def test_gradient_flows_to_value_at_read_time():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        w.assign(3.0)
        y = w * w
    assert tape.gradient(y, w).numpy() == 6.0
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = w * w
        w.assign(10.0)
    assert tape.gradient(y, w).numpy() == 4.0
    x0, x1 = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        x1.assign_add(x0)
        y = x1 ** 2
    assert tape.gradient(y, x0) is None
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        u = w.assign(5.0)
        y = u * u
    assert tape.gradient(y, w).numpy() == 10.0


# ---- lifetime --------------------------------------------------------------------------------

def test_variable_freed_with_last_reference():
    """No tape, observer, slice, Module or checkpoint bookkeeping keeps a Variable alive."""
    seen = []

    class Inspector:
        def on_create(self, variable):
            seen.append(weakref.ref(variable))

    inspector = Inspector()
    ctx.variable_created.add(inspector.on_create)
    try:
        v = tf.Variable([1.0, 2.0, 3.0])
        with tf.GradientTape(persistent=True) as tape:
            y = tf.reduce_sum(v * v)
            r = v.assign([2.0, 2.0, 2.0])
        tape.gradient(y, v)
        ref = weakref.ref(v)
        assert seen and seen[-1]() is v
        m = tf.Module()
        m.v = v
        tf.train.Checkpoint(m=m)
        del v, r, m
        gc.collect()
        assert ref() is None
        assert tape is not None and y is not None                # both still alive
    finally:
        ctx.variable_created.remove(inspector.on_create)


def test_dead_weak_observers_are_dropped():
    class Inspector:
        def on_create(self, variable):
            pass
    inspector = Inspector()
    before = len(ctx.variable_created)
    ctx.variable_created.add(inspector.on_create)
    assert len(ctx.variable_created) == before + 1
    del inspector
    gc.collect()
    tf.Variable(1.0)
    assert len(ctx.variable_created) == before
