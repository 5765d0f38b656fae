"""Python, NumPy, Tensor and Variable values into Tensors, with TensorFlow's dtype rules."""
import numbers

import numpy as np

from tapeviz.framework import dtypes, errors
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape

_INT32 = np.iinfo(np.int32)
_INT64 = np.iinfo(np.int64)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None, preferred_dtype=None, **kwargs):
    """Converts `value` to a Tensor (`tf.convert_to_tensor`).

    Args:
      value: a Tensor, Variable, NumPy array or scalar, Python scalar or (nested) list.
      dtype: the required dtype; a Python value must convert to it without loss.
      dtype_hint: a dtype to try first; ignored when the value cannot take it.
    Returns:
      A Tensor; `value` itself when it already is a Tensor of that dtype.
    Raises:
      ValueError, TypeError: as TensorFlow does for bad values and dtype mismatches.
    """
    if kwargs:
        raise TypeError(f"Got an unexpected keyword argument '{next(iter(kwargs))}'")
    dtype_hint = dtype_hint or preferred_dtype
    if dtype is None and dtype_hint is not None:
        try:
            return to_tensor(value, dtypes.as_dtype(dtype_hint))
        except (TypeError, ValueError):
            pass
    return to_tensor(value, None if dtype is None else dtypes.as_dtype(dtype))


def constant(value, dtype=None, shape=None, name=None):
    """Creates a constant Tensor (`tf.constant`), optionally filling or reshaping to `shape`."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if isinstance(value, Tensor) or getattr(value, "_is_variable", False):
        t = value if isinstance(value, Tensor) else value.read_value()
        if dtype is not None and t.dtype != dtype:
            if isinstance(value, Tensor):
                raise TypeError(f"Expected tensor {t._value} with dtype {dtype!r}, "
                                f"but got dtype {t.dtype!r}.")
            t = Tensor(t._value.astype(dtype.as_numpy_dtype))
    else:
        t = to_tensor(value, dtype)
    if shape is None:
        return t
    shape = TensorShape(shape)
    arr = t._value
    if arr.ndim == 0:
        return Tensor(np.full(tuple(shape), arr, dtype=arr.dtype))
    if arr.size != shape.num_elements():
        raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor {arr} "
                        f"(converted from {value}) has {arr.size} elements, but got `shape` "
                        f"{tuple(shape)} with {shape.num_elements()} elements).")
    return Tensor(arr.reshape(tuple(shape)))


def to_tensor(value, dtype=None):
    """The conversion core: `dtype` is a DType or None. Tensors of another dtype raise ValueError."""
    if isinstance(value, Tensor):
        if dtype is None or value.dtype is dtype:
            return value
        raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                         f"dtype {value.dtype.name}: {value!r}")
    if getattr(value, "_is_variable", False):
        return to_tensor(value.read_value(), dtype)
    if isinstance(value, (np.ndarray, np.generic)):
        arr = value if dtype is None else _cast_numpy(value, dtype)
        return Tensor(_own(arr))
    if hasattr(value, "__tf_tensor__"):
        return to_tensor(value.__tf_tensor__(dtype), dtype)
    return Tensor(python_to_array(value, dtype))


def _own(arr):
    """A private, read-only copy of a NumPy value (the caller may mutate theirs)."""
    if isinstance(arr, np.generic):
        return arr
    arr = np.array(arr, copy=True)
    if arr.dtype.kind == "U":
        arr = np.vectorize(lambda s: s.encode(), otypes=[object])(arr) if arr.size else arr.astype(object)
    elif arr.dtype.kind == "S":
        arr = arr.astype(object)
    arr.flags.writeable = False
    return arr


def _cast_numpy(value, dtype):
    if dtype is dtypes.string:
        return value.astype(object)
    return np.asarray(value).astype(dtype.as_numpy_dtype, copy=False)


# ---- Python values ----------------------------------------------------------------------------

def python_to_array(value, dtype=None):
    """A NumPy array from a Python scalar or nested list, with TF's inferred or lossless dtype."""
    if type(value) is float and dtype is not None and dtype.is_floating:   # the hot path
        return dtype.as_numpy_dtype(value)
    if isinstance(value, (list, tuple)) and _has_tensors(value):
        return _pack(value, dtype)
    kind, shape, leaves = _inspect(value)
    if dtype is None:
        return _default_array(value, kind, leaves)
    return _lossless_array(value, kind, leaves, dtype)


def _inspect(value):
    """(kind, shape, flat leaves) of a Python scalar or rectangular nested sequence."""
    if value is None or not isinstance(value, (numbers.Number, str, bytes, list, tuple, np.generic, np.ndarray)):
        raise ValueError(f"Attempt to convert a value ({value!r}) with an unsupported type "
                         f"({type(value)}) to a Tensor.")
    leaves = []
    shape = _shape_of(value, leaves)
    kinds = {_kind(leaf) for leaf in leaves}
    if not kinds:
        return "float", shape, leaves
    if "str" in kinds and len(kinds) > 1:
        raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    for k in ("str", "complex", "float", "int", "bool"):
        if k in kinds:
            return k, shape, leaves
    raise AssertionError(kinds)


def _shape_of(value, leaves):
    if not isinstance(value, (list, tuple)):
        if isinstance(value, np.ndarray):
            leaves.extend(value.ravel().tolist())
            return value.shape
        leaves.append(value)
        return ()
    if not value:
        return (0,)
    shapes = [_shape_of(v, leaves) for v in value]
    first = shapes[0]
    for s in shapes[1:]:
        if s != first:
            if len(s) != len(first) or any(isinstance(v, (list, tuple)) != isinstance(value[0], (list, tuple)) for v in value):
                raise ValueError("Can't convert Python sequence with mixed types to Tensor."
                                 if (s == () or first == ()) else
                                 "Can't convert non-rectangular Python sequence to Tensor.")
            raise ValueError("Can't convert non-rectangular Python sequence to Tensor.")
    return (len(value),) + first


def _kind(leaf):
    if isinstance(leaf, (bool, np.bool_)):
        return "bool"
    if isinstance(leaf, numbers.Integral):
        return "int"
    if isinstance(leaf, numbers.Real):
        return "float"
    if isinstance(leaf, numbers.Complex):
        return "complex"
    if isinstance(leaf, (str, bytes)):
        return "str"
    raise ValueError(f"Attempt to convert a value ({leaf!r}) with an unsupported type "
                     f"({type(leaf)}) to a Tensor.")


def _default_array(value, kind, leaves):
    if kind == "int":
        lo, hi = min(leaves), max(leaves)
        if lo >= _INT32.min and hi <= _INT32.max:
            return _frozen(np.array(value, dtype=np.int32))
        if lo >= _INT64.min and hi <= _INT64.max:
            return _frozen(np.array(value, dtype=np.int64))
        raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
    if kind == "str":
        return _strings(value)
    np_type = {"bool": np.bool_, "float": np.float32, "complex": np.complex128}[kind]
    return _frozen(np.array(value, dtype=np_type))


def _lossless_array(value, kind, leaves, dtype):
    def fail():
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    if dtype is dtypes.string or kind == "str":
        if dtype is not dtypes.string or (kind != "str" and leaves):
            fail()
        return _strings(value)
    np_type = dtype.as_numpy_dtype
    rank = {"bool": 0, "int": 1, "float": 2, "complex": 3}[kind]
    if dtype.is_bool and rank > 0 and leaves:
        fail()
    if dtype.is_integer:
        if kind == "complex" or (kind == "float" and not all(float(x).is_integer() for x in leaves)):
            fail()
        if kind == "int" and leaves:
            if min(leaves) < _INT64.min or max(leaves) > np.iinfo(np.uint64).max:
                raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
            # out-of-range Python ints wrap, as TensorFlow's conversion does
            wrapped = np.array(value, dtype=object) % (1 << 64)
            return _frozen(np.asarray(wrapped, dtype=np.uint64).astype(np_type))
    if dtype.is_floating and kind == "complex":
        fail()
    return _frozen(np.array(value, dtype=np_type))


def _strings(value):
    def enc(v):
        return v.encode() if isinstance(v, str) else bytes(v)
    if isinstance(value, (str, bytes)):
        return np.array(enc(value), dtype=object)
    arr = np.empty(_shape_of(value, []), dtype=object)
    flat = []
    _shape_of(value, flat)
    arr.reshape(-1)[:] = [enc(v) for v in flat]
    return _frozen(arr)


def _frozen(arr):
    if isinstance(arr, np.ndarray):
        arr.flags.writeable = False
    return arr


def _has_tensors(value):
    for v in value:
        if isinstance(v, Tensor) or getattr(v, "_is_variable", False):
            return True
        if isinstance(v, (list, tuple)) and _has_tensors(v):
            return True
    return False


def _pack(value, dtype):
    """A list holding Tensors is packed like `tf.stack`: numbers take the tensors' dtype."""
    from tapeviz.ops.array import stack
    parts = [Tensor(python_to_array(v, dtype)) if isinstance(v, (list, tuple)) else v for v in value]
    return stack(parts)._value


def matching_tensors(op_type, values, allowed=None):
    """Converts op inputs to one dtype, as TF's `args_to_matching_eager` does.

    The first Tensor (or Variable) sets the dtype; Python values convert losslessly to it (else
    TypeError), NumPy values are cast, and Tensors of another dtype raise InvalidArgumentError.
    """
    dtype = None
    for v in values:
        if isinstance(v, Tensor) or getattr(v, "_is_variable", False):
            dtype = v.dtype
            break
    out = []
    for i, v in enumerate(values):
        if dtype is None:
            t = to_tensor(v)
            if allowed is not None and t.dtype not in allowed and not isinstance(v, (np.ndarray, np.generic)):
                for candidate in (dtypes.float32, dtypes.int32):
                    if candidate in allowed:
                        try:
                            t = to_tensor(v, candidate)
                            break
                        except (TypeError, ValueError):
                            continue
            dtype = t.dtype
        elif isinstance(v, Tensor) or getattr(v, "_is_variable", False):
            t = v if isinstance(v, Tensor) else v.read_value()
            if t.dtype is not dtype:
                raise mismatch(op_type, i, dtype, t.dtype)
        else:
            t = to_tensor(v, dtype)
        out.append(t)
    return out


def mismatch(op_type, index, expected, got, name=""):
    """The InvalidArgumentError TF raises when an op input has the wrong dtype."""
    return errors.build_error(
        op_type, f"cannot compute {op_type} as input #{index}(zero-based) was expected to be a "
        f"{expected.c_name} tensor but is a {got.c_name} tensor", name)
