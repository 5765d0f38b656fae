"""tf.constant / tf.convert_to_tensor: TF 2.21's dtype inference, lossless dtype= and shape= rules."""
import numpy as np
import pytest

import tapeviz as tf


@pytest.mark.parametrize("value, dtype", [
    (3, "int32"), (2**31, "int64"), (2.5, "float32"), (True, "bool"), (1 + 2j, "complex128"),
    ("hi", "string"), ([1, 2.0, True], "float32"), ([], "float32"), ([[], []], "float32"),
    (np.array([1.5]), "float64"), (np.float64(2.0), "float64"), (np.arange(2), "int64"),
    ([np.float64(1.0), 2.0], "float64"), ([2.0, np.float64(1.0)], "float32"),
    ([np.int64(1), 2], "int32"), ([np.array([1.0, 2.0]), [3.0, 4.0]], "float64"),
    ([1, True], "int32"), (range(3), "int32"), ([b"a", "b"], "string"),
])
def test_default_dtypes(value, dtype):
    assert tf.constant(value).dtype == dtype
    assert tf.convert_to_tensor(value).dtype == dtype


@pytest.mark.parametrize("value, exc, text", [
    (None, ValueError, "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor."),
    (2**63, ValueError, "Can't convert Python sequence with out-of-range integer to Tensor."),
    ([[1, 2], [3]], ValueError, "Can't convert non-rectangular Python sequence to Tensor."),
    ([1, [2]], ValueError, "Can't convert Python sequence with mixed types to Tensor."),
    ([1, "a"], ValueError, "Can't convert Python sequence with mixed types to Tensor."),
    ([True, 1], ValueError, "Can't convert Python sequence with mixed types to Tensor."),
    ([1, 1 + 1j], ValueError, "Can't convert Python sequence with mixed types to Tensor."),
    (1e40, ValueError, "Can't convert Python sequence with a value out of range for a double-precision float."),
    ({"a": 1}, ValueError, "unsupported type (<class 'dict'>)"),
])
def test_bad_values(value, exc, text):
    with pytest.raises(exc) as e:
        tf.constant(value)
    assert text in str(e.value)


@pytest.mark.parametrize("value, dtype, message", [
    (1.5, tf.int32, "Cannot convert 1.5 to EagerTensor of dtype int32"),
    ([1, 2.5], tf.int32, "Cannot convert [1, 2.5] to EagerTensor of dtype int32"),
    (2.0, tf.int32, "Cannot convert 2.0 to EagerTensor of dtype int32"),          # floats never become ints
    (1 + 1j, tf.float32, "Cannot convert (1+1j) to EagerTensor of dtype float"),  # C type names
    (1 + 1j, tf.float64, "Cannot convert (1+1j) to EagerTensor of dtype double"),
    (1, tf.bool, "Cannot convert 1 to EagerTensor of dtype bool"),
    ("a", tf.int32, "Cannot convert 'a' to EagerTensor of dtype int32"),
    (1, tf.string, "Cannot convert 1 to EagerTensor of dtype string"),
])
def test_lossy_python_values_raise_type_error(value, dtype, message):
    with pytest.raises(TypeError, match=None) as e:
        tf.constant(value, dtype=dtype)
    assert str(e.value) == message


def test_lossless_and_wrapping_conversions():
    assert tf.constant(True, dtype=tf.float32).numpy() == 1.0
    assert tf.constant(True, dtype=tf.int32).numpy() == 1
    assert tf.constant(300, dtype=tf.uint8).numpy() == 44
    assert tf.constant(-1, dtype=tf.uint8).numpy() == 255
    assert tf.constant(2**40, dtype=tf.int32).numpy() == 0
    assert tf.constant(2**63, dtype=tf.uint64).numpy() == 2**63
    assert np.isinf(tf.constant(1e40, dtype=tf.float32).numpy())
    assert tf.constant(3, dtype=tf.complex64).dtype == tf.complex64
    assert tf.constant(1, dtype="float64").dtype == tf.float64
    assert tf.constant(1, dtype=np.float64).dtype == tf.float64


def test_numpy_values_are_cast_silently_and_copied():
    a = np.array([1.5, -2.7])
    t = tf.constant(a, dtype=tf.int32)
    np.testing.assert_array_equal(t.numpy(), [1, -2])
    b = np.array([1.0, 2.0])
    t = tf.constant(b)
    b[0] = 99.0
    assert t.numpy()[0] == 1.0                      # the tensor owns a private copy
    assert tf.constant(np.array(["a", "b"])).numpy().tolist() == [b"a", b"b"]
    with pytest.raises(ValueError, match="Unsupported numpy type: NPY_LONGDOUBLE"):
        tf.constant(np.array([1], dtype=np.longdouble))
    with pytest.raises(ValueError, match=r"Unsupported object type float"):
        tf.constant(np.array([1.0, 2.0]), dtype=tf.string)


def test_existing_tensors():
    f = tf.constant([1.0, 2.0])
    assert tf.constant(f) is f and tf.convert_to_tensor(f) is f
    with pytest.raises(ValueError) as e:
        tf.convert_to_tensor(f, dtype=tf.float64)
    assert str(e.value).startswith("Tensor conversion requested dtype float64 for Tensor with dtype float32: <tf.Tensor")
    with pytest.raises(TypeError) as e:
        tf.constant(f, dtype=tf.float64)
    assert str(e.value) == "Expected tensor [1. 2.] with dtype tf.float64, but got dtype tf.float32."
    assert tf.constant(tf.Variable([1.0, 2.0]), dtype=tf.float64).dtype == tf.float64
    assert tf.convert_to_tensor(1, dtype_hint=tf.float32).dtype == tf.float32
    assert tf.convert_to_tensor(1.5, dtype_hint=tf.int32).dtype == tf.float32
    with pytest.raises(TypeError, match="Got an unexpected keyword argument 'shape'"):
        tf.convert_to_tensor(1, shape=(2,))


def test_shape_argument():
    np.testing.assert_array_equal(tf.constant(7.0, shape=(2, 3)).numpy(), np.full((2, 3), 7.0, np.float32))
    assert tf.constant([[1, 2], [3, 4]], shape=[4]).shape == (4,)
    assert tf.constant(tf.constant([1, 2, 3, 4]), shape=(2, 2)).shape == (2, 2)
    assert tf.constant(0.0, shape=3).shape == (3,)
    with pytest.raises(TypeError) as e:
        tf.constant([1, 2], shape=(2, 2))
    assert str(e.value) == ("Eager execution of tf.constant with unsupported shape. Tensor [1 2] "
                            "(converted from [1, 2]) has 2 elements, but got `shape` (2, 2) with 4 elements).")
    with pytest.raises(TypeError, match=r"\(converted from \[1 2 3\]\)"):
        tf.constant(tf.constant([1, 2, 3]), shape=(2, 2))
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        tf.constant(1, shape=(2, -1))
    with pytest.raises(ValueError, match=r"Attempt to convert a value \(None\)"):
        tf.constant(0.0, shape=(None,))


def test_lists_of_tensors():
    a, b = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    with pytest.raises(ValueError) as e:
        tf.constant([a, b])
    assert str(e.value) == "TypeError: Scalar tensor has no `len()`"
    with pytest.raises(ValueError, match="ResourceVariable' has no len"):
        tf.constant([tf.Variable(1.0)])
    with pytest.raises(ValueError, match="mixed types"):
        tf.constant([1.0, tf.constant(2.0)])
    np.testing.assert_array_equal(tf.convert_to_tensor([a, [5.0, 6.0]]).numpy(), [[1, 2], [5, 6]])
    assert tf.convert_to_tensor([tf.constant(1.0), 2]).dtype == tf.float32
    assert tf.convert_to_tensor([tf.constant(1)], dtype=tf.float32).dtype == tf.float32
    with pytest.raises(TypeError, match="Cannot convert 2.5 to EagerTensor of dtype int32"):
        tf.convert_to_tensor([tf.constant(1), 2.5])
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.convert_to_tensor([tf.constant(1.0), tf.constant(1)])
    assert str(e.value) == ("cannot compute Pack as input #1(zero-based) was expected to be a float "
                            "tensor but is a int32 tensor [Op:Pack] name: packed")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"values\[0\].shape = \[2\] != values\[1\].shape = \[1\]"):
        tf.convert_to_tensor([a, tf.constant([1.0])])


def test_packing_is_recorded_on_the_tape():
    x, y = tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        v = tf.convert_to_tensor([x, y])
        loss = tf.reduce_sum(v * v)
    gx, gy = tape.gradient(loss, [x, y])
    assert float(gx) == 4.0 and float(gy) == 6.0


def test_op_inputs_follow_the_first_tensor():
    # an op input with no tensor keeps its own dtype: tf.exp(1) is an int32 Exp, which TF refuses
    from tapeviz.framework.convert import matching_tensors
    assert [t.dtype for t in matching_tensors("Exp", [1])] == [tf.int32]
    with pytest.raises(TypeError, match="Cannot convert 2.0 to EagerTensor of dtype int32"):
        matching_tensors("AddV2", [1, 2.0])
    with pytest.raises(TypeError, match="Cannot convert 2.5"):
        matching_tensors("Mul", [tf.constant([1]), 2.5])
    with pytest.raises(tf.errors.InvalidArgumentError, match="input #1"):
        matching_tensors("Mul", [tf.constant([1.0]), tf.constant([1])])
    assert [t.dtype for t in matching_tensors("Mul", [1, tf.constant([1.0])])] == [tf.float32, tf.float32]
