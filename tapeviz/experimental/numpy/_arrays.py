"""TF NumPy's array creation and conversion: `asarray`, `array`, `zeros`, `ones`, `full`,
`arange`, `linspace`, `eye`, ... with NumPy's dtype inference (Python ints are int64, floats the
default float type). Every result is a tapeviz Tensor (`tnp.ndarray` is `tf.Tensor`)."""
import numpy as np

import tapeviz as tf
from tapeviz.experimental.numpy import _dtypes as T
from tapeviz.framework.tensor import Tensor

ndarray = Tensor


def _is_tensor(x):
    return isinstance(x, Tensor) or getattr(x, "_is_variable", False)


def _tf_dtype(np_type):
    return tf.as_dtype(np.dtype(np_type))


def asarray(a, dtype=None):
    """`a` as a Tensor: tensors pass through (cast to `dtype` if given); other values get
    NumPy's dtype (Python floats the default float type)."""
    if _is_tensor(a):
        t = a if isinstance(a, Tensor) else a.read_value()
        if dtype is not None and t._value.dtype != T.np_dtype(dtype):
            return tf.cast(t, _tf_dtype(T.np_dtype(dtype)))
        return t
    if isinstance(a, (list, tuple)) and any(_is_tensor(x) for x in _flat(a)):
        parts = [asarray(x) for x in a]
        target = T.np_dtype(dtype) if dtype is not None else T.result_type(*parts)
        return tf.stack([asarray(x, target) for x in parts])
    if isinstance(a, str):
        return tf.constant(a)
    if dtype is not None:
        target = T.np_dtype(dtype)
    elif isinstance(a, (np.ndarray, np.generic)):
        target = a.dtype
    else:
        target = T.result_type(a)
    return tf.constant(np.asarray(a, dtype=target))


def _flat(x):
    for item in x:
        if isinstance(item, (list, tuple)):
            yield from _flat(item)
        else:
            yield item


def array(val, dtype=None, copy=True, ndmin=0):
    """A new array from `val` (a copy, with at least `ndmin` dimensions)."""
    out = asarray(val, dtype)
    if copy and out is val:
        out = tf.identity(out)
    while out.ndim < ndmin:
        out = tf.expand_dims(out, 0)
    return out


def asanyarray(a, dtype=None):
    return asarray(a, dtype)


def ascontiguousarray(a, dtype=None):
    return array(a, dtype, ndmin=1)


def copy(a):
    """A copy of `a` (an Identity op, so gradients flow)."""
    return array(a, copy=True)


def _shape(shape):
    if _is_tensor(shape):
        shape = asarray(shape)._value.tolist()
    return (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(d) for d in shape)


def _float_or(dtype):
    return T.np_dtype(dtype) if dtype is not None else np.dtype(T.default_float_type())


def zeros(shape, dtype=float):
    return tf.zeros(_shape(shape), _tf_dtype(_float_or(dtype)))


def ones(shape, dtype=float):
    return tf.ones(_shape(shape), _tf_dtype(_float_or(dtype)))


def empty(shape, dtype=float):
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    value = asarray(fill_value, dtype)
    return tf.broadcast_to(value, _shape(shape))


def _like(a, dtype, fill):
    a = asarray(a)
    target = _tf_dtype(T.np_dtype(dtype)) if dtype is not None else a.dtype
    return tf.fill(tf.shape(a), tf.cast(fill, target)) if a.ndim else tf.cast(fill, target)


def zeros_like(a, dtype=None):
    return _like(a, dtype, 0)


def ones_like(a, dtype=None):
    return _like(a, dtype, 1)


def empty_like(a, dtype=None):
    return zeros_like(a, dtype)


def full_like(a, fill_value, dtype=None):
    a = asarray(a)
    target = T.np_dtype(dtype) if dtype is not None else a._value.dtype
    return tf.broadcast_to(asarray(fill_value, target), tuple(a.shape))


def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values in [start, stop): int64 for ints, the default float type for floats."""
    if stop is None:
        start, stop = 0, start
    values = [asarray(v)._value if _is_tensor(v) else v for v in (start, stop, step)]
    target = T.np_dtype(dtype) if dtype is not None else T.result_type(*values)
    if step == 0:
        raise ValueError("`step` should be non-zero.")
    out = np.arange(*[np.asarray(v).item() for v in values]).astype(target)
    return tf.constant(out)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=float, axis=0):
    """`num` evenly spaced values from start to stop. As TF's tnp under NumPy 2, the dtype is
    that of `start * 1.0` and `stop * 1.0` whatever `dtype` says (float64 for Python numbers)."""
    if num < 0:
        raise ValueError(f"Argument `num` (number of samples) must be a non-negative integer. Received: num={num}")
    target = T.result_type(start * 1.0, stop * 1.0) if dtype else None
    start, stop = asarray(start, target), asarray(stop, target)
    step = tf.constant(np.nan)
    if endpoint:
        result = tf.linspace(start, stop, num, axis=axis)
        if num > 1:
            step = (stop - start) / (num - 1)
    else:
        if num > 0:
            step = (stop - start) / num
        result = tf.linspace(start, stop - step, num, axis=axis) if num > 1 else tf.linspace(start, stop, num, axis=axis)
    return (result, step) if retstep else result


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    out = np.logspace(start, stop, int(num), endpoint=endpoint, base=base, axis=axis)
    return tf.constant(out.astype(_float_or(dtype)))


def eye(N, M=None, k=0, dtype=float):
    return tf.constant(np.eye(int(N), None if M is None else int(M), int(k), dtype=_float_or(dtype)))


def identity(n, dtype=float):
    return eye(n, dtype=dtype)


def diag(v, k=0):
    """The k-th diagonal of a matrix, or a matrix with a vector on its k-th diagonal."""
    v = asarray(v)
    if v.ndim == 1:
        n = v.shape[0] + abs(k)
        return tf.linalg.set_diag(tf.zeros((n, n), v.dtype), v, k=k)
    if v.ndim == 2:
        rows, cols = v.shape
        i = np.arange(max(0, min(rows + min(k, 0), cols - max(k, 0))))
        return tf.gather_nd(v, np.stack([i - min(k, 0), i + max(k, 0)], -1))
    raise ValueError("Input to diag must be 1-d or 2-d.")


def tri(N, M=None, k=0, dtype=None):
    return tf.constant(np.tri(int(N), None if M is None else int(M), int(k), dtype=_float_or(dtype)))


def meshgrid(*xi, **kwargs):
    return tf.meshgrid(*[asarray(x) for x in xi], indexing=kwargs.get("indexing", "xy"))
