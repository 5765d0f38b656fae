"""The rest of TF NumPy's surface: bitwise functions, nan-reductions, more elementwise math
(hypot, logaddexp, sinc, heaviside, ...), triangles, splits, rot90, kron, select, polyval."""
import numpy as np

import tapeviz as tf
from tapeviz.experimental.numpy import _dtypes as T
from tapeviz.experimental.numpy._arrays import asarray, linspace
from tapeviz.experimental.numpy._math import _cast, _float, promote
from tapeviz.experimental.numpy._shapes import flip, ravel, split, swapaxes


def _int_or_bool(fn_int, fn_bool):
    def wrapper(x1, x2):
        a, b = promote(x1, x2)
        return fn_bool(a, b) if a.dtype is tf.bool else fn_int(a, b)
    return wrapper


bitwise_and = _int_or_bool(tf.bitwise.bitwise_and, tf.math.logical_and)
bitwise_or = _int_or_bool(tf.bitwise.bitwise_or, tf.math.logical_or)
bitwise_xor = _int_or_bool(tf.bitwise.bitwise_xor, tf.math.logical_xor)


def bitwise_not(x):
    x = asarray(x)
    return tf.math.logical_not(x) if x.dtype is tf.bool else tf.bitwise.invert(x)


# ---- elementwise ----------------------------------------------------------------------------------
def fabs(x):
    return tf.math.abs(_float(x))


def fix(x):
    """Rounds towards zero."""
    x = _float(x)
    return tf.where(x < 0, tf.math.ceil(x), tf.math.floor(x))


def signbit(x):
    x = asarray(x)
    if x.dtype is tf.bool:
        return tf.zeros_like(x, tf.bool)
    return tf.math.less(x, 0)     # (as TF's tnp: -0.0 does not count)


def hypot(x1, x2):
    a, b = promote(_float(x1), _float(x2))
    return tf.math.sqrt(a * a + b * b)


def logaddexp(x1, x2):
    a, b = promote(_float(x1), _float(x2))
    amax = tf.math.maximum(a, b)
    return amax + tf.math.log1p(tf.math.exp(-tf.math.abs(a - b)))


def logaddexp2(x1, x2):
    a, b = promote(_float(x1), _float(x2))
    amax = tf.math.maximum(a, b)
    ln2 = tf.constant(np.log(2.0), a.dtype)
    return amax + tf.math.log1p(tf.math.pow(tf.constant(2.0, a.dtype), -tf.math.abs(a - b))) / ln2


def float_power(x1, x2):
    a, b = promote(x1, x2)
    if a._value.dtype.kind != "c":
        a, b = _cast(a, np.float64), _cast(b, np.float64)
    return tf.math.pow(a, b)


def divmod(x1, x2):  # noqa: A001
    a, b = promote(x1, x2)
    return tf.math.floordiv(a, b), tf.math.floormod(a, b)


def heaviside(x1, x2):
    a, b = promote(_float(x1), x2)
    return tf.where(a < 0, tf.zeros_like(a), tf.where(a > 0, tf.ones_like(a), b))


def sinc(x):
    x = _float(x)
    px = tf.constant(np.pi, x.dtype) * x
    return tf.where(tf.math.equal(x, 0), tf.ones_like(x), tf.math.sin(px) / tf.where(tf.math.equal(x, 0),
                                                                                       tf.ones_like(px), px))


def angle(z, deg=False):
    z = asarray(z)
    if z._value.dtype.kind == "c":
        out = tf.math.atan2(tf.math.imag(z), tf.math.real(z))
    else:   # TF's tnp: where(x < 0, pi, 0), which makes float32 constants
        out = tf.where(tf.math.less(_float(z), 0), tf.constant(np.pi, tf.float32), tf.constant(0.0, tf.float32))
    return out * tf.constant(180 / np.pi, out.dtype) if deg else out


def isposinf(x):
    x = asarray(x)
    return tf.math.equal(x, np.inf) if x.dtype.is_floating else False


def isneginf(x):
    x = asarray(x)
    return tf.math.equal(x, -np.inf) if x.dtype.is_floating else False


def iscomplex(x):
    x = asarray(x)
    return tf.math.not_equal(tf.math.imag(x), 0) if x.dtype.is_complex else tf.zeros_like(x, tf.bool)


def isreal(x):
    x = asarray(x)
    return tf.math.equal(tf.math.imag(x), 0) if x.dtype.is_complex else tf.ones_like(x, tf.bool)


def iscomplexobj(x):
    return asarray(x).dtype.is_complex


def isrealobj(x):
    return not iscomplexobj(x)


def nextafter(x1, x2):
    a, b = promote(_float(x1), _float(x2))
    # NextAfter has no gradient in TF either: the value is computed outright
    return tf.constant(np.nextafter(a._value, b._value))


def promote_types(type1, type2):
    return np.promote_types(T.np_dtype(type1), T.np_dtype(type2))


# ---- nan-reductions, ptp --------------------------------------------------------------------------
def _nan_reduction(reduce, fill):
    def reduction(a, axis=None, dtype=None, keepdims=False):
        a = asarray(a)
        if dtype is not None:
            a = _cast(a, T.np_dtype(dtype))
        if a._value.dtype.kind in "fc":
            a = tf.where(tf.math.is_nan(a), tf.cast(fill, a.dtype) * tf.ones_like(a), a)
        return reduce(a, axis=axis, dtype=None, keepdims=keepdims)
    return reduction


def _sum(a, axis=None, dtype=None, keepdims=False):
    from tapeviz.experimental.numpy._math import sum as tsum
    return tsum(a, axis=axis, keepdims=keepdims)


def _prod(a, axis=None, dtype=None, keepdims=False):
    from tapeviz.experimental.numpy._math import prod as tprod
    return tprod(a, axis=axis, keepdims=keepdims)


nansum = _nan_reduction(_sum, 0)
nanprod = _nan_reduction(_prod, 1)


def nanmean(a, axis=None, dtype=None, keepdims=None):
    a = _float(a) if dtype is None else _cast(asarray(a), T.np_dtype(dtype))
    valid = tf.math.logical_not(tf.math.is_nan(a))
    total = tf.reduce_sum(tf.where(valid, a, tf.zeros_like(a)), axis=axis, keepdims=bool(keepdims))
    return total / tf.reduce_sum(tf.cast(valid, a.dtype), axis=axis, keepdims=bool(keepdims))


def ptp(a, axis=None, keepdims=None):
    a = asarray(a)
    return tf.reduce_max(a, axis=axis, keepdims=bool(keepdims)) - tf.reduce_min(a, axis=axis, keepdims=bool(keepdims))


# ---- shapes ---------------------------------------------------------------------------------------
def flatten(a, order="C"):
    return ravel(a)


def broadcast_arrays(*args, **kwargs):
    arrays = [asarray(a) for a in args]
    shape = np.broadcast_shapes(*[tuple(a.shape) for a in arrays])
    return [tf.broadcast_to(a, shape) for a in arrays]


def hsplit(ary, indices_or_sections):
    ary = asarray(ary)
    return split(ary, indices_or_sections, axis=1 if ary.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    return split(ary, indices_or_sections, axis=0)


def dsplit(ary, indices_or_sections):
    return split(ary, indices_or_sections, axis=2)


def rot90(m, k=1, axes=(0, 1)):
    m = asarray(m)
    k %= 4
    if k == 0:
        return m
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    if k == 1:
        return swapaxes(flip(m, axes[1]), axes[0], axes[1])
    return flip(swapaxes(m, axes[0], axes[1]), axes[1])


def _tri_mask(shape, k, lower):
    rows, cols = shape[-2], shape[-1]
    mask = np.tri(rows, cols, k, dtype=bool)
    return mask if lower else ~np.tri(rows, cols, k - 1, dtype=bool)


def tril(m, k=0):
    m = asarray(m)
    return tf.where(tf.constant(_tri_mask(m.shape, k, True)), m, tf.zeros_like(m))


def triu(m, k=0):
    m = asarray(m)
    return tf.where(tf.constant(_tri_mask(m.shape, k, False)), m, tf.zeros_like(m))


def diagflat(v, k=0):
    from tapeviz.experimental.numpy._arrays import diag
    return diag(ravel(v), k)


def diag_indices(n, ndim=2):
    idx = tf.range(int(n), dtype=tf.int32)
    return (idx,) * int(ndim)


def kron(a, b):
    a, b = promote(a, b)
    outer = tf.reshape(a, [-1, 1]) * tf.reshape(b, [1, -1])
    if a.ndim == b.ndim == 2:
        (m, n), (p, q) = a.shape, b.shape
        return tf.reshape(tf.transpose(tf.reshape(outer, [m, n, p, q]), [0, 2, 1, 3]), [m * p, n * q])
    if a.ndim <= 1 and b.ndim <= 1:
        return ravel(outer)
    raise NotImplementedError("tnp.kron of arrays other than vectors and matrices")


def vander(x, N=None, increasing=False):
    x = asarray(x)
    n = x.shape[0] if N is None else int(N)
    powers = np.arange(n) if increasing else np.arange(n - 1, -1, -1)
    return tf.math.pow(tf.expand_dims(x, 1), tf.constant(powers.astype(x._value.dtype)))


def compress(condition, a, axis=None):
    cond = _cast(asarray(condition), np.bool_)
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    return tf.boolean_mask(a, cond, axis=int(axis))


def select(condlist, choicelist, default=0):
    out = asarray(default)
    for cond, choice in reversed(list(zip(condlist, choicelist))):
        c, o = promote(choice, out)
        out = tf.where(_cast(asarray(cond), np.bool_), c, o)
    return out


def polyval(p, x):
    p, x = promote(p, x)
    out = tf.zeros_like(x)
    for i in range(p.shape[0]):
        out = out * x + p[i]
    return out


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    out = tf.math.exp(linspace(np.log(start), np.log(stop), num, endpoint=endpoint, axis=axis))
    return out if dtype is None else _cast(out, T.np_dtype(dtype))


def ix_(*args):
    arrays = [asarray(a) for a in args]
    n = len(arrays)
    return [tf.reshape(a, [1] * i + [-1] + [1] * (n - i - 1)) for i, a in enumerate(arrays)]



def gcd(x1, x2):
    """Greatest common divisor (Euclid's algorithm on the absolute values)."""
    a, b = promote(x1, x2)
    a, b = tf.math.abs(a), tf.math.abs(b)
    a, b = tf.broadcast_to(a, np.broadcast_shapes(tuple(a.shape), tuple(b.shape))), b
    b = tf.broadcast_to(b, tuple(a.shape))
    while bool(tf.reduce_any(tf.math.not_equal(b, 0))):
        nonzero = tf.math.not_equal(b, 0)
        safe = tf.where(nonzero, b, tf.ones_like(b))
        a, b = tf.where(nonzero, b, a), tf.where(nonzero, tf.math.floormod(a, safe), b)
    return a


def lcm(x1, x2):
    a, b = promote(x1, x2)
    g = gcd(a, b)
    safe = tf.where(tf.math.equal(g, 0), tf.ones_like(g), g)
    return tf.where(tf.math.equal(g, 0), tf.zeros_like(g), tf.math.abs(a // safe * b))
