"""Python, NumPy, Tensor and Variable values into Tensors, with TensorFlow's dtype rules."""
import numbers

import numpy as np

from tapeviz.framework import dtypes, errors
from tapeviz.framework.api import op
from tapeviz.framework.errors import shape_list
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape

_INT32 = np.iinfo(np.int32)
_INT64 = np.iinfo(np.int64)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None, preferred_dtype=None, **kwargs):
    """Converts `value` to a Tensor (`tf.convert_to_tensor`).

    Args:
      value: a Tensor, Variable, NumPy array or scalar, Python scalar or (nested) list; a list
        holding Tensors is packed like `tf.stack` (numbers in it take the tensors' dtype).
      dtype: the required dtype; a Python value must convert to it without loss.
      dtype_hint: a dtype to try first; ignored when the value cannot take it.
    Returns:
      A Tensor; `value` itself when it already is a Tensor of that dtype.
    Raises:
      ValueError, TypeError: as TensorFlow does for bad values and dtype mismatches.
    """
    if kwargs:
        raise TypeError(f"Got an unexpected keyword argument '{next(iter(kwargs))}'")
    if dtype is None and type(value) is Tensor:     # the hot path
        return value
    dtype_hint = dtype_hint or preferred_dtype
    if dtype is None and dtype_hint is not None:
        try:
            return to_tensor(value, dtypes.as_dtype(dtype_hint))
        except (TypeError, ValueError):
            pass
    return to_tensor(value, None if dtype is None else dtypes.as_dtype(dtype))


def constant(value, dtype=None, shape=None, name=None):
    """Creates a constant Tensor (`tf.constant`).

    Args:
      value: a Python scalar or nested list, a NumPy value, a Tensor or a Variable.
      dtype: the result dtype. Python values convert only without loss (else TypeError); NumPy
        values and Variables are cast; a Tensor of another dtype raises TypeError.
      shape: fill a scalar to this shape, or reshape a value with the same element count.
    Returns:
      A Tensor (`value` itself when it is a Tensor of that dtype and no shape is given).
    Raises:
      TypeError: lossy conversion, a Tensor of another dtype, or an element-count mismatch.
      ValueError: unsupported values, and lists holding Tensors (TF 2.21 refuses them here).
    """
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if isinstance(value, Tensor) or getattr(value, "_is_variable", False):
        t = value if isinstance(value, Tensor) else value.read_value()
        if dtype is not None and t.dtype != dtype:
            if isinstance(value, Tensor):
                raise TypeError(f"Expected tensor {t._value} with dtype {dtype!r}, "
                                f"but got dtype {t.dtype!r}.")
            t = Tensor(_frozen(np.asarray(t._value).astype(dtype.as_numpy_dtype)))
    else:
        if isinstance(value, (list, tuple)):
            _refuse_tensors(value)
        t = to_tensor(value, dtype)
    if shape is None:
        return t
    dims = _constant_shape(shape)
    arr = t._value
    if arr.ndim == 0:
        return Tensor(_frozen(np.full(dims, arr, dtype=arr.dtype)))
    count = int(np.prod(dims, dtype=np.int64))
    if arr.size != count:
        source = value._value if isinstance(value, Tensor) else (
            value.numpy() if getattr(value, "_is_variable", False) else value)
        raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor {arr} "
                        f"(converted from {source}) has {arr.size} elements, but got `shape` "
                        f"{dims} with {count} elements).")
    return Tensor(_frozen(arr.reshape(dims)))


def _constant_shape(shape):
    """`shape=` of tf.constant as a tuple; None dims are refused as TF's conversion does."""
    if isinstance(shape, TensorShape):
        shape = shape.as_list()
    elif isinstance(shape, Tensor):
        shape = shape._value.tolist()
    if isinstance(shape, (int, np.integer)):
        shape = [shape]
    for d in shape:
        if d is None:
            raise ValueError("Attempt to convert a value (None) with an unsupported type "
                             "(<class 'NoneType'>) to a Tensor.")
    return tuple(TensorShape(shape))


def _refuse_tensors(value):
    """TF 2.21's tf.constant cannot take a list of Tensors (use tf.stack / convert_to_tensor)."""
    first = value
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    if isinstance(first, Tensor):
        raise ValueError("TypeError: Scalar tensor has no `len()`")
    if getattr(first, "_is_variable", False):
        raise ValueError("TypeError: object of type 'ResourceVariable' has no len()\n")
    if _has_tensors(value):
        raise ValueError("Can't convert Python sequence with mixed types to Tensor.")


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
        return Tensor(_from_numpy(value, dtype))
    if hasattr(value, "__tf_tensor__"):
        return to_tensor(value.__tf_tensor__(dtype), dtype)
    if isinstance(value, TensorShape):
        return Tensor(_shape_array(value, dtype))
    if isinstance(value, (list, tuple)) and _has_tensors(value):
        return _pack(value, dtype)
    return Tensor(python_to_array(value, dtype))


def _shape_array(shape, dtype):
    """A fully known TensorShape as TF converts it: int32 dims (int64 when one needs it)."""
    if shape.rank is None or not shape.is_fully_defined():
        raise ValueError(f"Cannot convert a partially known TensorShape {shape} to a Tensor.")
    dims = shape.as_list()
    wide = any(d >= 2 ** 31 for d in dims)
    if dtype is None:
        dtype = dtypes.int64 if wide else dtypes.int32
    if dtype not in (dtypes.int32, dtypes.int64) or (wide and dtype is dtypes.int32):
        raise TypeError(f"Cannot convert {shape} to EagerTensor of dtype {dtype.name}")
    return _frozen(np.array(dims, dtype=dtype.as_numpy_dtype))


def _from_numpy(value, dtype):
    """A private, read-only NumPy value with a TF dtype; NumPy values are cast when asked."""
    kind = value.dtype.kind
    if value.dtype not in dtypes._BY_NP or kind == "O":
        if kind in "SU" or (kind == "O" and _all_strings(value)):
            value = _strings(value.tolist())
            kind = "O"
        else:
            raise ValueError("Failed to convert a NumPy array to a Tensor "
                             f"({_unsupported_numpy(value)}).")
    if dtype is not None and dtype is not dtypes.of_array(value):
        if dtype is dtypes.string:
            first = value.flat[0] if value.size else 0.0
            raise ValueError("Failed to convert a NumPy array to a Tensor (Unsupported object "
                             f"type {type(first.item() if isinstance(first, np.generic) else first).__name__}).")
        if kind == "O":     # byte strings parsed as numbers, as TF's string-to-number cast does
            value = np.array([v.decode() for v in value.flat]).reshape(value.shape)
        with np.errstate(all="ignore"):
            value = np.asarray(value).astype(dtype.as_numpy_dtype)
        return _frozen(value)
    if isinstance(value, np.generic):
        return value
    value = np.array(value, copy=True)
    value.flags.writeable = False
    return value


def _all_strings(arr):
    return arr.size > 0 and all(isinstance(v, (str, bytes)) for v in arr.flat)


def _unsupported_numpy(arr):
    if arr.dtype.kind == "O":
        first = arr.flat[0] if arr.size else None
        for v in arr.flat:
            if not isinstance(v, (str, bytes)):
                first = v
                break
        return f"Unsupported object type {type(first).__name__}"
    names = {"g": "NPY_LONGDOUBLE", "G": "NPY_CLONGDOUBLE", "M": "NPY_DATETIME",
             "m": "NPY_TIMEDELTA", "V": "NPY_VOID"}
    return f"Unsupported numpy type: {names.get(arr.dtype.char, names.get(arr.dtype.kind, 'NPY_' + arr.dtype.name.upper()))}"


# ---- Python values ----------------------------------------------------------------------------

_F32_MAX = float(np.finfo(np.float32).max)
_SEQUENCES = (list, tuple, range)


def python_to_array(value, dtype=None):
    """A NumPy value from a Python scalar or nested list, with TF's inferred or lossless dtype.

    Inference (no dtype) follows TF's sequence converter: ints give int32 (int64 when they do not
    fit), floats float32, bools bool, complex complex128, str/bytes string; the first leaf decides
    between compatible kinds (`[np.float64(1.), 2.]` is float64, `[True, 1]` is mixed types).
    With a dtype, only lossless conversions are allowed (TypeError `Cannot convert ...`).
    """
    tv = type(value)
    if tv is float:                                  # the hot paths: plain Python scalars
        if dtype is None:
            if -_F32_MAX <= value <= _F32_MAX or value != value or value in (_INF, -_INF):
                return np.float32(value)
            raise ValueError("Can't convert Python sequence with a value out of range for a "
                             "double-precision float.")
        if dtype.is_floating:
            with np.errstate(over="ignore"):
                return dtype.as_numpy_dtype(value)
    elif tv is int and dtype is None:
        if _INT32.min <= value <= _INT32.max:
            return np.int32(value)
    if tv is range:
        value = list(value)
    kind, first, leaves = _inspect(value, dtype)
    if dtype is None:
        return _default_array(value, kind, first, leaves)
    return _lossless_array(value, kind, leaves, dtype)


_INF = float("inf")


def _inspect(value, dtype):
    """(kind, first leaf kind, flat leaves) of a Python scalar or rectangular nested sequence."""
    if not isinstance(value, _SEQUENCES):
        k = _kind(value)
        if k is None:
            raise _unsupported(value)
        return _merge(k), k, [value]
    leaves = []
    _shape_of(value, leaves)
    if not leaves:
        return "float", None, leaves
    kinds = set()
    for leaf in leaves:
        kinds.add(_kind(leaf))
    first = _kind(leaves[0])
    if first is None:
        raise _unsupported(leaves[0])
    if None in kinds or ("str" in kinds and len(kinds) > 1):
        raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    merged = {_merge(k) for k in kinds}
    if dtype is None and len(merged) > 1:
        if first == "bool" or ("complex" in merged and first != "complex"):
            raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    for k in ("str", "complex", "float", "int", "bool"):
        if k in merged:
            return k, first, leaves
    raise AssertionError(kinds)


def _merge(kind):
    return "float" if kind in ("float64", "float16") else kind


def _unsupported(value):
    return ValueError(f"Attempt to convert a value ({value!r}) with an unsupported type "
                      f"({type(value)}) to a Tensor.")


def _shape_of(value, leaves):
    if not isinstance(value, _SEQUENCES):
        if isinstance(value, np.ndarray):
            leaves.extend(value.ravel())
            return value.shape
        leaves.append(value)
        return ()
    if not value:
        return (0,)
    shapes = [_shape_of(v, leaves) for v in value]
    first = shapes[0]
    for s in shapes[1:]:
        if s != first:
            if len(s) != len(first) and (s == () or first == ()):
                raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
            raise ValueError("Can't convert non-rectangular Python sequence to Tensor.")
    return (len(value),) + first


def _kind(leaf):
    """TF's converter kind of one leaf; NumPy float64/float16 scalars keep their width."""
    t = type(leaf)
    if t is float:
        return "float"
    if t is int:
        return "int"
    if t is bool or isinstance(leaf, (bool, np.bool_)):
        return "bool"
    if isinstance(leaf, np.floating):
        return {np.float64: "float64", np.float16: "float16"}.get(t, "float")
    if isinstance(leaf, numbers.Integral):
        return "int"
    if isinstance(leaf, numbers.Real):
        return "float"
    if isinstance(leaf, numbers.Complex):
        return "complex"
    if isinstance(leaf, (str, bytes)):
        return "str"
    return None


def _default_array(value, kind, first, leaves):
    if kind == "int":
        lo, hi = min(leaves), max(leaves)
        if lo >= _INT32.min and hi <= _INT32.max:
            return _frozen(np.array(value, dtype=np.int32))
        if lo >= _INT64.min and hi <= _INT64.max:
            return _frozen(np.array(value, dtype=np.int64))
        raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
    if kind == "str":
        return _strings(value)
    if kind == "float" and first in ("float64", "float16"):
        return _frozen(np.array(value, dtype=np.float64 if first == "float64" else np.float16))
    if kind == "float":
        for x in leaves:
            if type(x) is float and not -_F32_MAX <= x <= _F32_MAX and x == x and x not in (_INF, -_INF):
                raise ValueError("Can't convert Python sequence with a value out of range for a "
                                 "double-precision float.")
    np_type = {"bool": np.bool_, "float": np.float32, "complex": np.complex128}[kind]
    return _frozen(np.array(value, dtype=np_type))


def _lossless_array(value, kind, leaves, dtype):
    """TF converts a Python value to `dtype` only when its kind fits (ints wrap, floats round)."""
    def fail():
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.c_name}")
    if dtype is dtypes.string or kind == "str":
        if dtype is not dtypes.string or (kind != "str" and leaves):
            fail()
        return _strings(value)
    np_type = dtype.as_numpy_dtype
    allowed = ("bool",) if dtype.is_bool else ("bool", "int") if dtype.is_integer else (
        ("bool", "int", "float") if dtype.is_floating else ("bool", "int", "float", "complex"))
    if leaves and kind not in allowed:
        fail()
    if dtype.is_integer and kind == "int" and leaves:
        top = np.iinfo(np.uint64).max if np_type is np.uint64 else _INT64.max
        if min(leaves) < _INT64.min or max(leaves) > top:
            raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
        # out-of-range Python ints wrap, as TensorFlow's conversion does
        wrapped = np.array(value, dtype=object) % (1 << 64)
        return _frozen(np.asarray(wrapped, dtype=np.uint64).astype(np_type))
    with np.errstate(over="ignore"):
        return _frozen(np.array(value, dtype=np_type))


def _strings(value):
    def enc(v):
        return v.encode() if isinstance(v, str) else bytes(v)
    if isinstance(value, (str, bytes)):
        return np.array(enc(value), dtype=object)
    flat = []
    arr = np.empty(_shape_of(value, flat), dtype=object)
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


def _first_tensor_dtype(value):
    for v in value:
        if isinstance(v, Tensor) or getattr(v, "_is_variable", False):
            return v.dtype
        if isinstance(v, (list, tuple)):
            d = _first_tensor_dtype(v)
            if d is not None:
                return d
    return None


def _pack(value, dtype=None):
    """A list holding Tensors is packed like `tf.stack` (recorded as a Pack op).

    Numbers in it take the dtype of the first Tensor; another requested dtype casts the packed
    values (TF falls back to a NumPy conversion plus a cast then).
    """
    inferred = _first_tensor_dtype(value)
    if dtype is not None and dtype is not inferred:
        arr = np.array(_nested_values(value), dtype=inferred.as_numpy_dtype)
        if dtype is dtypes.string:
            raise errors.kernel_error("Cast", f"Cast {inferred.c_name} to string is not supported",
                                      name="", cls=errors.UnimplementedError)
        return Tensor(_frozen(arr.astype(dtype.as_numpy_dtype)))
    parts = []
    for v in value:
        if isinstance(v, Tensor):
            parts.append(v)
        elif getattr(v, "_is_variable", False):
            parts.append(v.read_value())
        elif isinstance(v, (list, tuple)) and _has_tensors(v):
            parts.append(_pack(v))
        elif isinstance(v, (np.ndarray, np.generic)):
            parts.append(Tensor(_from_numpy(v, inferred)))
        else:
            parts.append(Tensor(python_to_array(v, inferred)))
    nested = any(isinstance(v, (list, tuple)) for v in value)
    for i, t in enumerate(parts):
        if t.dtype is not inferred:
            raise mismatch("Pack", i, inferred, t.dtype, "" if nested else "packed")
    first = parts[0]._value.shape
    for i, t in enumerate(parts[1:], 1):
        if t._value.shape != first:
            raise errors.kernel_error(
                "Pack", f"Shapes of all inputs must match: values[0].shape = {shape_list(first)} "
                f"!= values[{i}].shape = {shape_list(t._value.shape)}",
                name="" if nested else "packed", node=f"Pack_N_{len(parts)}")
    return op("Pack")(*parts, axis=0)


def _nested_values(value):
    if isinstance(value, Tensor):
        return value._value
    if getattr(value, "_is_variable", False):
        return value._value
    if isinstance(value, (list, tuple)):
        return [_nested_values(v) for v in value]
    return value


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
            # no default-dtype retry: `tf.exp(1)` converts 1 to int32 and then fails, as in TF
            t = to_tensor(v)
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
