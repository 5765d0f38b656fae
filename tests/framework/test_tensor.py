"""The EagerTensor protocol: repr/str layouts, numpy(), and Python protocols as TF 2.21 has them."""
import copy
import operator
import pickle

import numpy as np
import pytest

import tapeviz as tf


def test_repr_exact():
    assert repr(tf.constant(2.5)) == "<tf.Tensor: shape=(), dtype=float32, numpy=2.5>"
    assert repr(tf.constant(0.1)) == "<tf.Tensor: shape=(), dtype=float32, numpy=0.10000000149011612>"
    assert repr(tf.constant(1 / 3)) == "<tf.Tensor: shape=(), dtype=float32, numpy=0.3333333432674408>"
    assert repr(tf.constant(0.1, dtype=tf.float64)) == "<tf.Tensor: shape=(), dtype=float64, numpy=0.1>"
    assert repr(tf.constant(0.1, dtype=tf.float16)) == "<tf.Tensor: shape=(), dtype=float16, numpy=0.0999755859375>"
    assert repr(tf.constant(True)) == "<tf.Tensor: shape=(), dtype=bool, numpy=True>"
    assert repr(tf.constant("hi")) == "<tf.Tensor: shape=(), dtype=string, numpy=b'hi'>"
    assert repr(tf.constant(float("nan"))) == "<tf.Tensor: shape=(), dtype=float32, numpy=nan>"
    assert repr(tf.constant(1 + 2j, dtype=tf.complex64)) == "<tf.Tensor: shape=(), dtype=complex64, numpy=(1+2j)>"
    assert repr(tf.constant([1.0, 2.0, 3.0])) == \
        "<tf.Tensor: shape=(3,), dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>"
    assert repr(tf.constant([1, 2], dtype=tf.int64)) == "<tf.Tensor: shape=(2,), dtype=int64, numpy=array([1, 2])>"
    assert repr(tf.constant([True, False])) == "<tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>"
    assert repr(tf.constant([[1, 2, 3], [4, 5, 6]])) == \
        "<tf.Tensor: shape=(2, 3), dtype=int32, numpy=\narray([[1, 2, 3],\n       [4, 5, 6]], dtype=int32)>"
    # the newline follows numpy= only when NumPy's repr spans lines
    assert repr(tf.constant([[1.0]])) == "<tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[1.]], dtype=float32)>"
    assert repr(tf.constant(np.arange(2000, dtype=np.int32))) == (
        "<tf.Tensor: shape=(2000,), dtype=int32, numpy=\narray([   0,    1,    2, ..., 1997, 1998, 1999],"
        "\n      shape=(2000,), dtype=int32)>")
    assert repr(tf.constant([["a", "b"], ["c", "d"]])) == (
        "<tf.Tensor: shape=(2, 2), dtype=string, numpy=\narray([[b'a', b'b'],\n       [b'c', b'd']], dtype=object)>")


def test_str_exact():
    assert str(tf.constant(2.5)) == "tf.Tensor(2.5, shape=(), dtype=float32)"
    assert str(tf.constant(0.1)) == "tf.Tensor(0.1, shape=(), dtype=float32)"
    assert str(tf.constant([1.0, 2.0, 3.0])) == "tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)"
    assert str(tf.constant([[1, 2, 3], [4, 5, 6]])) == "tf.Tensor(\n[[1 2 3]\n [4 5 6]], shape=(2, 3), dtype=int32)"
    assert str(tf.constant(["a", "b"])) == "tf.Tensor([b'a' b'b'], shape=(2,), dtype=string)"
    assert str(tf.constant(np.arange(2000, dtype=np.int32))) == \
        "tf.Tensor([   0    1    2 ... 1997 1998 1999], shape=(2000,), dtype=int32)"


def test_format():
    t = tf.constant(0.123456)
    assert f"{t:.3f}" == "0.123" and "%.2f" % t == "0.12" and "%d" % tf.constant(3) == "3"
    assert f"{tf.constant([0.1, 0.2])}" == "[0.1 0.2]"
    assert format(tf.constant(0.1)) == "0.10000000149011612"
    with pytest.raises(TypeError, match="unsupported format string passed to numpy.ndarray.__format__"):
        f"{tf.constant([1.0, 2.0]):.2f}"


def test_numpy_and_array_protocol():
    s = tf.constant(2.5).numpy()
    assert type(s) is np.float32
    assert type(tf.constant(3).numpy()) is np.int32 and type(tf.constant(True).numpy()) is np.bool_
    assert tf.constant("hi").numpy() == b"hi"
    t = tf.constant([1.0, 2.0])
    a = t.numpy()
    assert a.flags.writeable
    a[0] = 9.0
    assert t.numpy()[0] == 1.0                      # numpy() is a copy
    assert not np.asarray(t).flags.writeable         # asarray is a read-only view
    assert np.array(t).flags.writeable
    assert np.array(t, dtype=np.float64).dtype == np.float64
    assert t.__array__(np.float64).dtype == np.float64
    assert t.__array_priority__ == 100


def test_type_and_attributes():
    t = tf.constant([[1, 2, 3], [4, 5, 6]])
    assert type(t).__name__ == "EagerTensor" and isinstance(t, tf.Tensor) and tf.is_tensor(t)
    assert not tf.is_tensor(np.ones(2))
    assert t.ndim == 2 and t.device == "/job:localhost/replica:0/task:0/device:CPU:0"
    assert t.get_shape() == t.shape == (2, 3) and t.shape == [2, 3]
    for name in ("name", "op", "graph", "value_index"):
        with pytest.raises(AttributeError, match=f"Tensor.{name} is undefined when eager execution is enabled."):
            getattr(t, name)
    with pytest.raises(NotImplementedError, match="Tensor.consumers is undefined"):
        t.consumers()
    t.set_shape([2, None])
    with pytest.raises(ValueError, match=r"Tensor's shape \(2, 3\) is not compatible with supplied shape \(3, 3\)."):
        t.set_shape([3, 3])
    t.note = "keras sets attributes on tensors"
    assert t.note.startswith("keras")


def test_missing_numpy_members():
    t = tf.constant([1.0, 2.0])
    for name in ("T", "reshape", "astype", "size", "ravel", "tolist", "data"):
        with pytest.raises(AttributeError, match="experimental_enable_numpy_behavior"):
            getattr(t, name)
    for name in ("sum", "mean", "flatten", "item"):
        with pytest.raises(AttributeError) as e:
            getattr(t, name)
        assert str(e.value) == f"'tensorflow.python.framework.ops.EagerTensor' object has no attribute '{name}'"
    with pytest.raises(NotImplementedError, match=r"is .numpy\(\) what you're looking for\?"):
        t.eval()
    with pytest.raises(AttributeError, match="no attribute 'astype'"):
        round(tf.constant(2.5))


def test_truth_len_iter_scalars():
    assert bool(tf.constant(2)) and not bool(tf.constant(0.0))
    assert bool(tf.constant([1.0])) and not bool(tf.constant([]))
    with pytest.raises(ValueError, match="The truth value of an array with more than one element is ambiguous"):
        bool(tf.constant([1.0, 2.0]))
    assert len(tf.constant([1, 2, 3])) == 3
    with pytest.raises(TypeError, match="Scalar tensor has no `len\\(\\)`"):
        len(tf.constant(1.0))
    with pytest.raises(TypeError, match="Cannot iterate over a scalar tensor."):
        iter(tf.constant(1.0))
    assert float(tf.constant(2.5)) == 2.5 and int(tf.constant(-2.7)) == -2
    assert complex(tf.constant(1.5)) == 1.5 + 0j
    with pytest.raises(TypeError, match="only 0-dimensional arrays can be converted to Python scalars"):
        float(tf.constant([2.0]))
    assert operator.index(tf.constant(3)) == 3 and [10, 20, 30][tf.constant(1)] == 20
    with pytest.raises(AttributeError, match="'numpy.float32' object has no attribute '__index__'"):
        operator.index(tf.constant(1.0))


def test_hash_ref_and_item_assignment():
    t = tf.constant(1.0)
    with pytest.raises(TypeError, match="Tensor is unhashable. Instead, use tensor.ref\\(\\) as the key."):
        hash(t)
    with pytest.raises(TypeError):
        {t: 1}
    r = t.ref()
    assert r.deref() is t and {r: 1}[t.ref()] == 1 and t in [t]
    assert tf.constant(1.0).ref() != r
    with pytest.raises(TypeError, match="'tensorflow.python.framework.ops.EagerTensor' object does not support item assignment"):
        tf.constant([1.0, 2.0])[0] = 5.0


def test_copy_and_pickle():
    t = tf.constant([1.0, 2.0])
    assert copy.copy(t) is t
    d = copy.deepcopy(t)
    assert d is not t and d.numpy().tolist() == [1.0, 2.0]
    p = pickle.loads(pickle.dumps(t))
    assert type(p) is type(t) and p.dtype == tf.float32 and p.numpy().tolist() == [1.0, 2.0]
