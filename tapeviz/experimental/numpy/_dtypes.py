"""TF NumPy's dtypes: NumPy's scalar types as names, NumPy's promotion, and the default float
type (float64, or float32 after `experimental_enable_numpy_behavior(prefer_float32=True)`)."""
import numbers

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.tensor import Tensor

bool_, complex64, complex128 = np.bool_, np.complex64, np.complex128
float16, float32, float64 = np.float16, np.float32, np.float64
int8, int16, int32, int64, int_ = np.int8, np.int16, np.int32, np.int64, np.int_
uint8, uint16, uint32, uint64 = np.uint8, np.uint16, np.uint32, np.uint64
inexact, object_, string_, unicode_ = np.inexact, np.object_, np.bytes_, np.str_
complex_, float_ = np.complex128, np.float64
iinfo, finfo, issubdtype = np.iinfo, np.finfo, np.issubdtype

_prefer_float32 = False


def is_prefer_float32():
    return _prefer_float32


def set_prefer_float32(prefer):
    global _prefer_float32
    _prefer_float32 = bool(prefer)


def default_float_type():
    """float64 (NumPy's), or float32 when prefer_float32 is on."""
    return np.float32 if _prefer_float32 else np.float64


def np_dtype(dtype):
    """Any dtype spelling (a tf.DType, NumPy type, Python type or name) as a NumPy dtype."""
    if isinstance(dtype, D.DType):
        return np.dtype(dtype.as_numpy_dtype)
    if dtype is float:
        return np.dtype(default_float_type())
    if dtype is complex:
        return np.dtype(np.complex64 if _prefer_float32 else np.complex128)
    if dtype is int:
        return np.dtype(np.int64)
    return np.dtype(dtype)


def _dtype_or_value(x):
    """What np.result_type should see for `x`: a dtype for tensors and arrays, the value for
    Python scalars (weakly typed, as in NumPy 2), floats as float32 when preferred."""
    if isinstance(x, Tensor):
        return x._value.dtype
    if getattr(x, "_is_variable", False):
        return np.dtype(x.dtype.as_numpy_dtype)
    if isinstance(x, D.DType):
        return np.dtype(x.as_numpy_dtype)
    if isinstance(x, (np.ndarray, np.generic)):
        return x.dtype
    if isinstance(x, bool):
        return x
    if isinstance(x, numbers.Integral):
        return x
    if isinstance(x, float):
        return np.float32(x) if _prefer_float32 else x
    if isinstance(x, complex):
        return np.complex64(x) if _prefer_float32 else x
    if isinstance(x, (type, np.dtype, str)):
        return np_dtype(x)
    raise ValueError(f"Cannot determine dtype.  Got {x!r}.")


def _leaves(x):
    if isinstance(x, (list, tuple)):
        for item in x:
            yield from _leaves(item)
    else:
        yield x


def result_type(*arrays_and_dtypes):
    """NumPy's result type of tensors, arrays, dtypes and (nested lists of) Python scalars."""
    items = [_dtype_or_value(x) for x in _leaves(list(arrays_and_dtypes))]
    if not items:
        return np.dtype(default_float_type())
    return np.result_type(*items)
