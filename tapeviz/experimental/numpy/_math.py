"""TF NumPy's math and array functions, composed from tapeviz ops (so a GradientTape records
them): NumPy's type promotion for binary functions, ints to the default float type for the
transcendental ones, NumPy's accumulator types for sum and prod."""
import builtins
import numbers

import numpy as np

import tapeviz as tf
from tapeviz.experimental.numpy import _dtypes as T
from tapeviz.experimental.numpy._arrays import _tf_dtype, asarray


def _cast(x, np_type):
    np_type = np.dtype(np_type)
    return x if x._value.dtype == np_type else tf.cast(x, _tf_dtype(np_type))


def promote(*values):
    """The values as tensors of their NumPy result type."""
    target = T.result_type(*values)
    return [_cast(asarray(v), target) for v in values]


def _float(x):
    """`x` as a tensor, ints and bools cast to the default float type."""
    x = asarray(x)
    if x._value.dtype.kind in "biu":
        x = _cast(x, T.default_float_type())
    return x


def _axis(axis):
    if axis is None or isinstance(axis, (int, np.integer)):
        return axis
    return [int(a) for a in axis]


# ---- elementwise ----------------------------------------------------------------------------------
def _binary(fn):
    def wrapper(x1, x2):
        a, b = promote(x1, x2)
        return fn(a, b)
    return wrapper


add = _binary(tf.math.add)
subtract = _binary(tf.math.subtract)
multiply = _binary(tf.math.multiply)
maximum = _binary(tf.math.maximum)
minimum = _binary(tf.math.minimum)
equal = _binary(tf.math.equal)
not_equal = _binary(tf.math.not_equal)
less = _binary(tf.math.less)
less_equal = _binary(tf.math.less_equal)
greater = _binary(tf.math.greater)
greater_equal = _binary(tf.math.greater_equal)
mod = remainder = _binary(tf.math.floormod)
arctan2 = _binary(tf.math.atan2)      # TF's: ints are not made floats here (Atan2 refuses them)


def _logical(fn):
    def wrapper(x1, x2):
        return fn(_cast(asarray(x1), np.bool_), _cast(asarray(x2), np.bool_))
    return wrapper


logical_and = _logical(tf.math.logical_and)
logical_or = _logical(tf.math.logical_or)
logical_xor = _logical(tf.math.logical_xor)


def logical_not(x):
    return tf.math.logical_not(_cast(asarray(x), np.bool_))


def true_divide(x1, x2):
    """x1 / x2 in floating point (ints go to the default float type)."""
    a, b = promote(x1, x2)
    if a._value.dtype.kind in "biu":
        a, b = _float(a), _float(b)
    return tf.math.truediv(a, b)


divide = true_divide


def floor_divide(x1, x2):
    a, b = promote(x1, x2)
    return tf.math.floordiv(a, b)


def power(x1, x2):
    a, b = promote(x1, x2)
    return tf.math.pow(a, b)


def _unary_float(fn):
    def wrapper(x):
        return fn(_float(x))
    return wrapper


exp, expm1, log, log1p = (_unary_float(f) for f in (tf.math.exp, tf.math.expm1, tf.math.log, tf.math.log1p))
sqrt, sin, cos, tan = (_unary_float(f) for f in (tf.math.sqrt, tf.math.sin, tf.math.cos, tf.math.tan))
arcsin, arccos, arctan = (_unary_float(f) for f in (tf.math.asin, tf.math.acos, tf.math.atan))
sinh, cosh, tanh = (_unary_float(f) for f in (tf.math.sinh, tf.math.cosh, tf.math.tanh))
arcsinh, arccosh, arctanh = (_unary_float(f) for f in (tf.math.asinh, tf.math.acosh, tf.math.atanh))
floor, ceil = (_unary_float(f) for f in (tf.math.floor, tf.math.ceil))
log2 = _unary_float(lambda x: tf.math.log(x) / tf.math.log(tf.constant(2, x.dtype)))
log10 = _unary_float(lambda x: tf.math.log(x) / tf.math.log(tf.constant(10, x.dtype)))
exp2 = _unary_float(lambda x: tf.math.pow(tf.constant(2, x.dtype), x))
cbrt = _unary_float(lambda x: tf.math.sign(x) * tf.math.pow(tf.math.abs(x), tf.constant(1 / 3, x.dtype)))
deg2rad = _unary_float(lambda x: x * tf.constant(np.pi / 180, x.dtype))
rad2deg = _unary_float(lambda x: x * tf.constant(180 / np.pi, x.dtype))


def _unary(fn):
    def wrapper(x):
        return fn(asarray(x))
    return wrapper


absolute = abs = _unary(tf.math.abs)
negative = _unary(tf.math.negative)
positive = _unary(tf.identity)
square = _unary(tf.math.square)
sign = _unary(tf.math.sign)
conj = conjugate = _unary(tf.math.conj)
real = _unary(tf.math.real)
imag = _unary(tf.math.imag)
isnan = _unary_float(tf.math.is_nan)
isfinite = _unary_float(tf.math.is_finite)


def isinf(x):
    """Elementwise x == +-inf; a non-float input gives a plain False (TF's tnp does so)."""
    x = asarray(x)
    return tf.math.is_inf(x) if x.dtype.is_floating else False
reciprocal = _unary(tf.math.reciprocal)


def around(a, decimals=0):
    """Rounds half to even, to `decimals` places (ints stay ints)."""
    a = asarray(a)
    if a._value.dtype.kind in "biu":
        return a
    if decimals == 0:
        return tf.math.round(a)
    factor = tf.constant(10.0 ** decimals, a.dtype)
    return tf.math.round(a * factor) / factor


round = around  # noqa: A001


def clip(a, a_min, a_max):
    a = asarray(a)
    if a_min is not None:
        a = maximum(a, a_min)
    if a_max is not None:
        a = minimum(a, a_max)
    return a


def where(condition, x=None, y=None):
    condition = _cast(asarray(condition), np.bool_)
    if x is None and y is None:
        return nonzero(condition)
    a, b = promote(x, y)
    return tf.where(condition, a, b)


def nonzero(a):
    a = asarray(a)
    idx = tf.where(_cast(a, np.bool_) if a._value.dtype != np.bool_ else a)
    return [idx[:, i] for i in range(a.ndim)]


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    a, b = promote(_float(a), _float(b))
    close = tf.math.less_equal(tf.math.abs(a - b), atol + rtol * tf.math.abs(b))
    if equal_nan:
        close = tf.math.logical_or(close, tf.math.logical_and(tf.math.is_nan(a), tf.math.is_nan(b)))
    return close


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return tf.reduce_all(isclose(a, b, rtol, atol, equal_nan))


def array_equal(a1, a2):
    a1, a2 = asarray(a1), asarray(a2)
    if tuple(a1.shape) != tuple(a2.shape):
        return tf.constant(False)
    return tf.reduce_all(equal(a1, a2))


# ---- reductions -----------------------------------------------------------------------------------
def _int_accumulator(x):
    """NumPy's sum/prod dtype: bools and ints narrower than 64 bits accumulate in (u)int64."""
    kind = x._value.dtype.kind
    if kind == "b" or (kind == "i" and x._value.dtype.itemsize < 8):
        return _cast(x, np.int64)
    if kind == "u" and x._value.dtype.itemsize < 8:
        return _cast(x, np.uint64)
    return x


def _reduce(fn, a, axis, dtype, keepdims, promote_to=None):
    a = asarray(a)
    if dtype is not None:
        a = _cast(a, T.np_dtype(dtype))
    elif promote_to == "int":
        a = _int_accumulator(a)
    elif promote_to == "float":
        a = _float(a)
    return fn(a, axis=_axis(axis), keepdims=bool(keepdims))


def sum(a, axis=None, dtype=None, keepdims=None):  # noqa: A001
    return _reduce(tf.reduce_sum, a, axis, dtype, keepdims, "int")


def prod(a, axis=None, dtype=None, keepdims=None):
    return _reduce(tf.reduce_prod, a, axis, dtype, keepdims, "int")


def mean(a, axis=None, dtype=None, out=None, keepdims=None):
    return _reduce(tf.reduce_mean, a, axis, dtype, keepdims, "float")


def amax(a, axis=None, out=None, keepdims=None):
    return _reduce(tf.reduce_max, a, axis, None, keepdims)


def amin(a, axis=None, out=None, keepdims=None):
    return _reduce(tf.reduce_min, a, axis, None, keepdims)


max, min = amax, amin  # noqa: A001


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=None):
    a = _float(a) if dtype is None else _cast(asarray(a), T.np_dtype(dtype))
    centred = a - tf.reduce_mean(a, axis=_axis(axis), keepdims=True)
    n = np.prod(a.shape) if axis is None else np.prod([a.shape[i] for i in np.atleast_1d(axis)])
    total = tf.reduce_sum(tf.math.square(tf.math.abs(centred)) if a.dtype.is_complex else tf.math.square(centred),
                          axis=_axis(axis), keepdims=bool(keepdims))
    return total / tf.constant(n - ddof, total.dtype)


def std(a, axis=None, keepdims=None, ddof=0):
    return tf.math.sqrt(var(a, axis=axis, ddof=ddof, keepdims=keepdims))


def average(a, axis=None, weights=None, returned=False):
    if weights is None:
        avg = mean(a, axis=axis)
        count = tf.cast(tf.size(asarray(a)) // tf.size(avg), avg.dtype) if returned else None
    else:
        a, w = promote(_float(a), weights)
        count = tf.reduce_sum(w, axis=_axis(axis))
        avg = tf.reduce_sum(a * w, axis=_axis(axis)) / count
    return (avg, count) if returned else avg


def all(a, axis=None, keepdims=None):  # noqa: A001
    return tf.reduce_all(_cast(asarray(a), np.bool_), axis=_axis(axis), keepdims=bool(keepdims))


def any(a, axis=None, keepdims=None):  # noqa: A001
    return tf.reduce_any(_cast(asarray(a), np.bool_), axis=_axis(axis), keepdims=bool(keepdims))


def _arg(fn, a, axis):
    a = asarray(a)
    if axis is None:
        a, axis = tf.reshape(a, [-1]), 0
    return fn(a, axis=int(axis))


def argmax(a, axis=None):
    return _arg(tf.math.argmax, a, axis)


def argmin(a, axis=None):
    return _arg(tf.math.argmin, a, axis)


def _scan(fn, a, axis, dtype):
    a = _int_accumulator(asarray(a)) if dtype is None else _cast(asarray(a), T.np_dtype(dtype))
    if axis is None:
        a, axis = tf.reshape(a, [-1]), 0
    return fn(a, axis=int(axis))


def cumsum(a, axis=None, dtype=None):
    return _scan(tf.math.cumsum, a, axis, dtype)


def cumprod(a, axis=None, dtype=None):
    return _scan(tf.math.cumprod, a, axis, dtype)


def count_nonzero(a, axis=None):
    return tf.math.count_nonzero(asarray(a), axis=_axis(axis), dtype=tf.int64)


# ---- linear algebra -------------------------------------------------------------------------------
def matmul(x1, x2):
    a, b = promote(x1, x2)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul: Input operand does not have enough dimensions")
    if b.ndim == 1:
        return tf.linalg.matvec(a, b) if a.ndim > 1 else tf.reduce_sum(a * b)
    if a.ndim == 1:
        return tf.squeeze(tf.linalg.matmul(tf.expand_dims(a, 0), b), [-2])
    return tf.linalg.matmul(a, b)


def dot(a, b):
    a, b = promote(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    if b.ndim == 1:
        return tf.tensordot(a, b, [[a.ndim - 1], [0]])
    return tf.tensordot(a, b, [[a.ndim - 1], [b.ndim - 2]])


def vdot(a, b):
    a, b = promote(a, b)
    return tf.reduce_sum(tf.math.conj(tf.reshape(a, [-1])) * tf.reshape(b, [-1]))


def inner(a, b):
    a, b = promote(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return tf.tensordot(a, b, [[a.ndim - 1], [b.ndim - 1]])


def outer(a, b):
    a, b = promote(a, b)
    return tf.reshape(a, [-1, 1]) * tf.reshape(b, [1, -1])


def tensordot(a, b, axes=2):
    a, b = promote(a, b)
    return tf.tensordot(a, b, axes)


def einsum(subscripts, *operands, **kwargs):
    operands = promote(*operands)
    return tf.einsum(subscripts, *operands)


def trace(a, offset=0, axis1=0, axis2=1, dtype=None):
    a = asarray(a)
    if offset or (axis1, axis2) != (0, 1) or a.ndim != 2:
        a = diagonal(a, offset, axis1, axis2)
        return sum(a, axis=-1, dtype=dtype)
    return sum(tf.linalg.diag_part(a), dtype=dtype)


def diagonal(a, offset=0, axis1=0, axis2=1):
    a = asarray(a)
    n = a.ndim
    axis1, axis2 = axis1 % n, axis2 % n
    rest = [i for i in range(n) if i not in (axis1, axis2)]
    moved = tf.transpose(a, rest + [axis1, axis2])
    rows, cols = moved.shape[-2], moved.shape[-1]
    lo, hi = builtins.min(offset, 0), builtins.max(offset, 0)
    i = np.arange(builtins.max(0, builtins.min(rows + lo, cols - hi)))
    flat = tf.reshape(moved, [-1, rows * cols])
    return tf.reshape(tf.gather(flat, (i - lo) * cols + i + hi, axis=1),
                      tuple(moved.shape[:-2]) + (len(i),))


def cross(a, b):
    a, b = promote(a, b)
    return tf.linalg.cross(a, b)


def isscalar(num):
    return isinstance(num, numbers.Number) or (hasattr(num, "shape") and len(num.shape) == 0)
