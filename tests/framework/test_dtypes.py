"""DType and TensorShape APIs as TF 2.21 shows them."""
import pickle

import numpy as np
import pytest

import tapeviz as tf


def test_dtype_repr_eq_hash():
    d = tf.float32
    assert repr(d) == "tf.float32" and str(d) == "<dtype: 'float32'>" and d.name == "float32"
    assert d == "float32" and d == np.float32 and d == np.dtype("float32") and d == "float"
    assert np.float32 == d and "float32" == d
    assert d != "float64" and not (d == "foo") and not (d == None)  # noqa: E711
    assert d == 1 and tf.int32 == 3                                  # DataType enum values
    assert hash(d) == 1 and hash(tf.string) == 7
    assert pickle.loads(pickle.dumps(d)) is d
    assert d in {tf.float32: 0} and tf.float32 in [tf.float32]


@pytest.mark.parametrize("value, expected", [
    ("float64", tf.float64), ("double", tf.float64), ("half", tf.float16), (np.int64, tf.int64),
    (np.dtype("<U3"), tf.string), (np.object_, tf.string), (float, tf.float32), (bool, tf.bool),
    (3, tf.int32), (1, tf.float32), (tf.uint8, tf.uint8), (np.dtype("int64"), tf.int64),
    (np.dtype("complex128"), tf.complex128),
])
def test_as_dtype(value, expected):
    assert tf.as_dtype(value) is expected


@pytest.mark.parametrize("value", [int, str, complex, "f4", "str", "foo", None, np.longdouble])
def test_as_dtype_errors(value):
    with pytest.raises(TypeError) as e:
        tf.as_dtype(value)
    assert str(e.value) == f"Cannot convert the argument `type_value`: {value!r} to a TensorFlow DType."


def test_dtype_properties():
    assert tf.float32.as_numpy_dtype is np.float32 and tf.string.as_numpy_dtype is object
    assert tf.float32.is_floating and not tf.float32.is_integer and tf.uint8.is_unsigned
    assert not tf.bool.is_numeric and tf.complex64.is_complex and not tf.string.is_numeric
    assert tf.float32.max == np.float32(3.4028235e38) and type(tf.float32.max) is np.float32
    assert tf.int8.min == -128 and type(tf.int64.max) is int and tf.uint8.max == 255
    with pytest.raises(TypeError, match="Cannot find minimum value of <dtype: 'bool'>"):
        tf.bool.min
    assert tf.int8.limits == (0, 127) and tf.float32.limits == (0, 1)
    assert tf.float32.size == 4 and tf.string.size == 0 and tf.complex128.size == 16
    assert tf.complex64.real_dtype is tf.float32 and tf.int32.real_dtype is tf.int32
    assert tf.float32.is_compatible_with("float32") and not tf.float32.is_compatible_with(tf.int32)
    assert tf.float32.as_datatype_enum == 1 and tf.float32.base_dtype is tf.float32


def test_tensorshape_api():
    TS = tf.TensorShape
    s = TS([2, 3])
    assert repr(s) == "TensorShape([2, 3])" and str(s) == "(2, 3)"
    assert repr(TS([])) == "TensorShape([])" and str(TS([])) == "()"
    assert repr(TS(None)) == "TensorShape(None)" and str(TS(None)) == "<unknown>"
    assert repr(TS([None, 3])) == "TensorShape([None, 3])" and str(TS([None])) == "(None,)"
    assert s == (2, 3) and s == [2, 3] and s != (3, 2) and not (TS([2, 3]) == TS([None, 3]))
    assert TS([2]) == 2 and not (s == "abc") and s != None  # noqa: E711
    assert s[0] == 2 and type(s[0]) is int and s[-1] == 3 and s[1:] == TS([3]) and s[tf.constant(1)] == 3
    assert s.as_list() == [2, 3] and s.rank == s.ndims == 2 and len(s) == 2 and tuple(s) == (2, 3)
    assert s.num_elements() == 6 and TS([]).num_elements() == 1 and TS([None]).num_elements() is None
    assert repr(s.dims[0]) == "Dimension(2)" and TS(None).dims is None and TS(None).rank is None
    assert s + [4] == TS([2, 3, 4]) and [4] + s == TS([4, 2, 3]) and s.concatenate([1]) == [2, 3, 1]
    assert TS([None, 3]).merge_with([2, None]) == [2, 3]
    assert TS([2, 3]).most_specific_compatible_shape([2, 4]) == TS([2, None])
    assert TS(None).with_rank(2) == TS([None, None])
    assert TS([None, 3]).is_compatible_with([5, 3]) and not TS([2]).is_compatible_with([3])
    assert not TS([None]).is_fully_defined() and s.is_fully_defined() and not TS(None).is_fully_defined()
    assert bool(TS([])) and not bool(TS(None)) and hash(TS([2, 3])) == hash(TS([2, 3]))
    assert TS(np.array([2, 3])) == (2, 3) and TS(3) == (3,)
    assert pickle.loads(pickle.dumps(TS([2, None]))) == TS([2, None])


@pytest.mark.parametrize("call, exc, message", [
    (lambda: tf.TensorShape([2, 3]).merge_with([3, 3]), ValueError, "Shapes (2, 3) and (3, 3) are not compatible"),
    (lambda: tf.TensorShape([2]).assert_is_compatible_with([3]), ValueError, "Shapes (2,) and [3] are incompatible"),
    (lambda: tf.TensorShape([2]).assert_has_rank(2), ValueError, "Shape (2,) must have rank 2"),
    (lambda: tf.TensorShape([2]).with_rank_at_least(2), ValueError, "Shape (2,) must have rank at least 2"),
    (lambda: tf.TensorShape([2, 3]).with_rank_at_most(1), ValueError, "Shape (2, 3) must have rank at most 1"),
    (lambda: tf.TensorShape([None, 2]).assert_is_fully_defined(), ValueError, "Shape (None, 2) is not fully defined"),
    (lambda: tf.TensorShape(None).as_list(), ValueError, "as_list() is not defined on an unknown TensorShape."),
    (lambda: len(tf.TensorShape(None)), ValueError, "Cannot take the length of shape with unknown rank."),
    (lambda: tf.TensorShape([-1]), ValueError, "Dimension -1 must be >= 0"),
    (lambda: tf.TensorShape([2.0]), TypeError, "Dimension value must be integer or None or have an __index__ method, got value '2.0' with type '<class 'float'>'"),
    (lambda: tf.TensorShape([2, 3])[5], IndexError, "tuple index out of range"),
])
def test_tensorshape_errors(call, exc, message):
    with pytest.raises(exc) as e:
        call()
    assert str(e.value) == message
