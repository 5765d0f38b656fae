"""`keras.ops`: Keras 3's backend-neutral, NumPy-like op set, built on tapeviz ops (so every call
is recorded on a GradientTape and drawn like any TF op).

Dtypes follow Keras 3 (checked against Keras 3.15 on TensorFlow): Python numbers are "weak"
(`ops.add(int32_tensor, 1.5)` is float32), an int mixed with a float gives the float's dtype,
ops that need a float (`sqrt`, `mean`, `divide`) turn integers into float32.
"""
import builtins
import re
import types

import numpy as np

import tapeviz as tf
from tapeviz.framework.tensor import Tensor

_FLOATS = ("float16", "bfloat16", "float32", "float64")


# ---- dtypes -----------------------------------------------------------------------------------

def _strong_dtype(x):
    """The dtype name of a tensor, variable, array or NumPy scalar; None for a Python number."""
    if isinstance(x, (bool, int, float, complex)) and not isinstance(x, np.generic):
        return None
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        return None
    return dtype.name if hasattr(dtype, "as_numpy_dtype") else np.dtype(dtype).name


def _kind(name):
    if name == "bool":
        return 0
    if name.startswith(("int", "uint")):
        return 1
    if name in _FLOATS:
        return 2
    return 3


def _join(a, b):
    if a == b:
        return a
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return a if ka > kb else b
    if ka == 2:
        order = {"float16": 0, "bfloat16": 0, "float32": 1, "float64": 2}
        if {a, b} == {"float16", "bfloat16"}:
            return "float32"
        return a if order[a] > order[b] else b
    return np.promote_types(a, b).name


def result_type(*values):
    """Keras 3's result dtype of combining `values` (Python numbers weak)."""
    values = [convert_to_tensor(v) if isinstance(v, (list, tuple)) else v for v in values]
    out = None
    for d in (_strong_dtype(v) for v in values):
        if d is not None:
            out = d if out is None else _join(out, d)
    for v in values:
        if _strong_dtype(v) is None:
            kind = 0 if isinstance(v, bool) else (2 if isinstance(v, float) else 1)
            if out is None or kind > _kind(out):
                out = ("bool", "int32", "float32")[kind]
    return out or "float32"


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """A tapeviz Tensor (Python ints -> int32, floats -> float32, arrays keep their dtype)."""
    if isinstance(x, Tensor) and (dtype is None or x.dtype.name == _name(dtype)):
        return x
    if getattr(x, "_is_variable", False):
        x = x.read_value()
        return x if dtype is None else tf.cast(x, _name(dtype))
    if isinstance(x, Tensor):
        return tf.cast(x, _name(dtype))
    return tf.convert_to_tensor(x, dtype=None if dtype is None else _name(dtype))


def _name(dtype):
    return dtype.name if hasattr(dtype, "as_numpy_dtype") else np.dtype(dtype).name \
        if not isinstance(dtype, str) else dtype


def _as(x, dtype):
    x = convert_to_tensor(x) if not isinstance(x, (bool, int, float)) else tf.constant(x, dtype=dtype)
    return x if x.dtype.name == dtype else tf.cast(x, dtype)


def _float(x):
    x = convert_to_tensor(x)
    return x if x.dtype.is_floating else tf.cast(x, "float32")


def convert_to_numpy(x):
    return np.asarray(x.numpy() if hasattr(x, "numpy") else x)


def cast(x, dtype):
    return tf.cast(convert_to_tensor(x), _name(dtype))


def is_tensor(x):
    return isinstance(x, Tensor)


def dtype(x):
    return convert_to_tensor(x).dtype.name


def shape(x):
    return tuple(convert_to_tensor(x).shape.as_list())


def ndim(x):
    return convert_to_tensor(x).shape.rank


def size(x):
    return tf.size(convert_to_tensor(x))


# ---- elementwise --------------------------------------------------------------------------------

def _binary(fn, result=None):
    def op(x1, x2):
        dtype = result_type(x1, x2)
        if result == "float" and _kind(dtype) < 2:
            dtype = "float32"
        return fn(_as(x1, dtype), _as(x2, dtype))
    return op


add = _binary(tf.add)
subtract = _binary(tf.subtract)
multiply = _binary(tf.multiply)
divide = true_divide = _binary(tf.math.truediv, "float")
divide_no_nan = _binary(tf.math.divide_no_nan, "float")
floor_divide = _binary(tf.math.floordiv)
mod = _binary(tf.math.floormod)
power = _binary(tf.pow)
maximum = _binary(tf.maximum)
minimum = _binary(tf.minimum)
arctan2 = _binary(tf.math.atan2, "float")
equal = _binary(tf.equal)
not_equal = _binary(tf.not_equal)
greater = _binary(tf.greater)
greater_equal = _binary(tf.greater_equal)
less = _binary(tf.less)
less_equal = _binary(tf.less_equal)


def logical_and(x1, x2):
    return tf.logical_and(cast(x1, "bool"), cast(x2, "bool"))


def logical_or(x1, x2):
    return tf.logical_or(cast(x1, "bool"), cast(x2, "bool"))


def logical_not(x):
    return tf.logical_not(cast(x, "bool"))


def logical_xor(x1, x2):
    return tf.math.logical_xor(cast(x1, "bool"), cast(x2, "bool"))


def _unary_float(fn):
    def op(x):
        return fn(_float(x))
    return op


sqrt = _unary_float(tf.math.sqrt)
rsqrt = _unary_float(tf.math.rsqrt)
exp = _unary_float(tf.math.exp)
expm1 = _unary_float(tf.math.expm1)
log = _unary_float(tf.math.log)
log1p = _unary_float(tf.math.log1p)
sin, cos, tan = (_unary_float(f) for f in (tf.math.sin, tf.math.cos, tf.math.tan))
sinh, cosh, tanh = (_unary_float(f) for f in (tf.math.sinh, tf.math.cosh, tf.math.tanh))
arcsin, arccos, arctan = (_unary_float(f) for f in (tf.math.asin, tf.math.acos, tf.math.atan))
erf = _unary_float(tf.math.erf)
sigmoid = _unary_float(tf.math.sigmoid)
softplus = _unary_float(tf.math.softplus)
reciprocal = _unary_float(tf.math.reciprocal)


def log2(x):
    x = _float(x)
    return tf.math.log(x) / tf.math.log(tf.constant(2.0, x.dtype))


def log10(x):
    x = _float(x)
    return tf.math.log(x) / tf.math.log(tf.constant(10.0, x.dtype))


def abs(x):
    return tf.abs(convert_to_tensor(x))


absolute = abs


def negative(x):
    return tf.negative(convert_to_tensor(x))


def square(x):
    x = convert_to_tensor(x)
    return tf.square(tf.cast(x, "int32") if x.dtype.name == "bool" else x)


def sign(x):
    return tf.sign(convert_to_tensor(x))


def floor(x):
    return tf.math.floor(_float(x))


def ceil(x):
    return tf.math.ceil(_float(x))


def round(x, decimals=0):
    x = convert_to_tensor(x)
    if decimals:
        factor = tf.constant(10.0 ** decimals, x.dtype if x.dtype.is_floating else "float32")
        return tf.math.round(_float(x) * factor) / factor
    return tf.math.round(x) if x.dtype.is_floating else x


def clip(x, x_min, x_max):
    x = convert_to_tensor(x)
    if x.dtype.name == "bool":
        x = tf.cast(x, "int32")
    return tf.clip_by_value(x, _as(x_min, x.dtype.name), _as(x_max, x.dtype.name))


def isnan(x):
    x = convert_to_tensor(x)
    return tf.math.is_nan(x) if x.dtype.is_floating else tf.zeros_like(x, dtype="bool")


def isinf(x):
    x = convert_to_tensor(x)
    return tf.math.is_inf(x) if x.dtype.is_floating else tf.zeros_like(x, dtype="bool")


def isfinite(x):
    x = convert_to_tensor(x)
    return tf.math.is_finite(x) if x.dtype.is_floating else tf.ones_like(x, dtype="bool")


def where(condition, x1=None, x2=None):
    condition = cast(condition, "bool")
    if x1 is None and x2 is None:
        found = tf.cast(tf.where(condition), "int32")      # numpy's nonzero: one list per axis
        return [found[:, i] for i in builtins.range(condition.shape.rank)]
    if x1 is None or x2 is None:
        raise ValueError("`x1` and `x2` either both should be `None` or both should have "
                         "non-None value.")
    dtype = result_type(x1, x2)
    return tf.where(condition, _as(x1, dtype), _as(x2, dtype))


# ---- reductions ---------------------------------------------------------------------------------

def _axis(axis):
    return list(axis) if isinstance(axis, tuple) else axis


def sum(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if x.dtype.name in ("bool", "int8", "int16", "uint8", "uint16"):
        x = tf.cast(x, "int32")
    return tf.reduce_sum(x, axis=_axis(axis), keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    return tf.reduce_mean(_float(x), axis=_axis(axis), keepdims=keepdims)


def max(x, axis=None, keepdims=False, initial=None):
    out = tf.reduce_max(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)
    return out if initial is None else maximum(out, initial)


def min(x, axis=None, keepdims=False, initial=None):
    out = tf.reduce_min(convert_to_tensor(x), axis=_axis(axis), keepdims=keepdims)
    return out if initial is None else minimum(out, initial)


amax, amin = max, min


def prod(x, axis=None, keepdims=False, dtype=None):
    x = convert_to_tensor(x) if dtype is None else cast(x, dtype)
    return tf.reduce_prod(x, axis=_axis(axis), keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    x = _float(x)
    centred = x - tf.reduce_mean(x, axis=_axis(axis), keepdims=True)
    return tf.reduce_mean(tf.square(centred), axis=_axis(axis), keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    return tf.math.sqrt(var(x, axis=axis, keepdims=keepdims))


def all(x, axis=None, keepdims=False):
    return tf.reduce_all(cast(x, "bool"), axis=_axis(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return tf.reduce_any(cast(x, "bool"), axis=_axis(axis), keepdims=keepdims)


def logsumexp(x, axis=None, keepdims=False):
    return tf.reduce_logsumexp(_float(x), axis=_axis(axis), keepdims=keepdims)


def argmax(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    out = tf.cast(tf.argmax(x, axis=axis), "int32")
    return tf.expand_dims(out, axis) if keepdims else out


def argmin(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    out = tf.cast(tf.argmin(x, axis=axis), "int32")
    return tf.expand_dims(out, axis) if keepdims else out


def cumsum(x, axis=None, dtype=None):
    x = convert_to_tensor(x) if dtype is None else cast(x, dtype)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.math.cumsum(x, axis=axis)


# ---- creation -----------------------------------------------------------------------------------

def zeros(shape, dtype=None):
    return tf.zeros(shape, dtype=_name(dtype or "float32"))


def ones(shape, dtype=None):
    return tf.ones(shape, dtype=_name(dtype or "float32"))


def full(shape, fill_value, dtype=None):
    dtype = _name(dtype or "float32")
    return tf.fill(shape, tf.constant(fill_value, dtype=dtype) if not isinstance(fill_value, Tensor)
                   else tf.cast(fill_value, dtype))


def zeros_like(x, dtype=None):
    return tf.zeros_like(convert_to_tensor(x), dtype=None if dtype is None else _name(dtype))


def ones_like(x, dtype=None):
    return tf.ones_like(convert_to_tensor(x), dtype=None if dtype is None else _name(dtype))


def full_like(x, fill_value, dtype=None):
    x = convert_to_tensor(x)
    return full(x.shape.as_list(), fill_value, dtype or x.dtype.name)


def eye(N, M=None, k=0, dtype=None):
    if k:
        raise NotImplementedError("tapeviz.keras.ops.eye: k != 0 is not supported")
    return tf.eye(N, M, dtype=_name(dtype or "float32"))


identity = eye


def arange(start, stop=None, step=1, dtype=None):
    if dtype is None:
        dtype = result_type(start, *(v for v in (stop, step) if v is not None))
    if stop is None:
        start, stop = 0, start
    return tf.range(start, stop, step, dtype=_name(dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    if not endpoint or retstep or axis:
        raise NotImplementedError("tapeviz.keras.ops.linspace: endpoint=False, retstep and axis "
                                  "are not supported")
    out = tf.linspace(_float(start), _float(stop), num)
    return out if dtype is None else cast(out, dtype)


def array(x, dtype=None):
    return convert_to_tensor(x, dtype=dtype)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    return tf.one_hot(cast(x, "int32"), num_classes, axis=axis, dtype=_name(dtype or "float32"))


def copy(x):
    return tf.identity(convert_to_tensor(x))


# ---- shapes -------------------------------------------------------------------------------------

def reshape(x, newshape):
    return tf.reshape(convert_to_tensor(x), newshape)


def transpose(x, axes=None):
    return tf.transpose(convert_to_tensor(x), perm=axes)


def expand_dims(x, axis):
    return tf.expand_dims(convert_to_tensor(x), axis)


def squeeze(x, axis=None):
    return tf.squeeze(convert_to_tensor(x), axis=axis)


def ravel(x):
    return tf.reshape(convert_to_tensor(x), [-1])


def _joined(xs):
    dtype = result_type(*xs)
    return [_as(x, dtype) for x in xs]


def concatenate(xs, axis=0):
    return tf.concat(_joined(xs), axis=axis)


def stack(x, axis=0):
    return tf.stack(_joined(x), axis=axis)


def unstack(x, num=None, axis=0):
    return tf.unstack(convert_to_tensor(x), num=num, axis=axis)


def split(x, indices_or_sections, axis=0):
    x = convert_to_tensor(x)
    if isinstance(indices_or_sections, int):
        return tf.split(x, indices_or_sections, axis=axis)
    bounds = [0] + list(indices_or_sections) + [x.shape[axis]]
    return tf.split(x, [b - a for a, b in zip(bounds, bounds[1:])], axis=axis)


def tile(x, repeats):
    return tf.tile(convert_to_tensor(x), repeats)


def repeat(x, repeats, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.repeat(x, repeats, axis=axis)


def broadcast_to(x, shape):
    return tf.broadcast_to(convert_to_tensor(x), shape)


def flip(x, axis=None):
    x = convert_to_tensor(x)
    axes = list(range(x.shape.rank)) if axis is None else \
        ([axis] if isinstance(axis, int) else list(axis))
    return tf.reverse(x, axes)


def roll(x, shift, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        return tf.reshape(tf.roll(tf.reshape(x, [-1]), shift, 0), tf.shape(x))
    return tf.roll(x, shift, axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    mode = mode.upper()
    if mode != "CONSTANT" and constant_values is not None:
        raise ValueError("Argument `constant_values` can only be provided when `mode == 'constant'`. "
                         f"Received: mode={mode}")
    return tf.pad(convert_to_tensor(x), pad_width, mode=mode, constant_values=constant_values or 0)


def swapaxes(x, axis1, axis2):
    x = convert_to_tensor(x)
    perm = list(range(x.shape.rank))
    perm[axis1], perm[axis2] = perm[axis2], perm[axis1]
    return tf.transpose(x, perm)


def moveaxis(x, source, destination):
    x = convert_to_tensor(x)
    perm = [i for i in range(x.shape.rank) if i != source % x.shape.rank]
    perm.insert(destination % x.shape.rank, source % x.shape.rank)
    return tf.transpose(x, perm)


def take(x, indices, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.gather(x, convert_to_tensor(indices), axis=axis)


def take_along_axis(x, indices, axis=None):
    x, indices = convert_to_tensor(x), convert_to_tensor(indices)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.experimental_take_along_axis(x, indices, axis) \
        if hasattr(tf, "experimental_take_along_axis") else \
        tf.gather(x, indices, axis=axis, batch_dims=axis % x.shape.rank)


def sort(x, axis=-1):
    return tf.sort(convert_to_tensor(x), axis=axis)


def argsort(x, axis=-1):
    return tf.cast(tf.argsort(convert_to_tensor(x), axis=axis, stable=True), "int32")


def top_k(x, k, sorted=True):
    return tf.math.top_k(convert_to_tensor(x), k=k, sorted=sorted)


def slice(inputs, start_indices, shape):
    return tf.slice(convert_to_tensor(inputs), start_indices, shape)


def get_item(x, key):
    return convert_to_tensor(x)[key]


# ---- linear algebra -----------------------------------------------------------------------------

def matmul(x1, x2):
    x1, x2 = _joined([x1, x2])
    if x1.dtype.name == "bool":
        x1, x2 = tf.cast(x1, "int32"), tf.cast(x2, "int32")
    if x1.shape.rank == 1 or x2.shape.rank == 1:
        return tf.tensordot(x1, x2, axes=1)
    return tf.matmul(x1, x2)


def dot(x1, x2):
    x1, x2 = _joined([x1, x2])
    if x1.shape.rank == 0 or x2.shape.rank == 0:
        return x1 * x2
    if x2.shape.rank == 1:
        return tf.tensordot(x1, x2, axes=[[-1], [0]])
    return tf.tensordot(x1, x2, axes=[[x1.shape.rank - 1], [x2.shape.rank - 2]])


def tensordot(x1, x2, axes=2):
    x1, x2 = _joined([x1, x2])
    return tf.tensordot(x1, x2, axes=axes)


def einsum(subscripts, *operands):
    return tf.einsum(subscripts, *_joined(list(operands)))


def outer(x1, x2):
    x1, x2 = _joined([x1, x2])
    return tf.reshape(x1, [-1, 1]) * tf.reshape(x2, [1, -1])


def norm(x, ord=None, axis=None, keepdims=False):
    x = _float(x)
    return tf.norm(x, ord="euclidean" if ord is None else ord, axis=axis, keepdims=keepdims)


def trace(x, offset=0, axis1=0, axis2=1):
    if (offset, axis1, axis2) != (0, 0, 1):
        raise NotImplementedError("tapeviz.keras.ops.trace: only the main diagonal of the first "
                                  "two axes")
    return tf.linalg.trace(tf.transpose(convert_to_tensor(x)))


# ---- neural-network ops (also under ops.nn) --------------------------------------------------

def relu(x):
    return tf.nn.relu(_float(x))


def relu6(x):
    return tf.nn.relu6(_float(x))


def elu(x, alpha=1.0):
    x = _float(x)
    return tf.nn.elu(x) if alpha == 1.0 else tf.where(x > 0, x, alpha * (tf.math.exp(x) - 1))


def selu(x):
    return tf.nn.selu(_float(x))


def gelu(x, approximate=True):
    return tf.nn.gelu(_float(x), approximate=approximate)


def silu(x):
    x = _float(x)
    return x * tf.math.sigmoid(x)


swish = silu


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(_float(x), alpha=negative_slope)


def softsign(x):
    return tf.nn.softsign(_float(x))


def log_sigmoid(x):
    return -tf.math.softplus(-_float(x))


def softmax(x, axis=-1):
    return tf.nn.softmax(_float(x), axis=axis)


def log_softmax(x, axis=-1):
    return tf.nn.log_softmax(_float(x), axis=axis)


def normalize(x, axis=-1, order=2, epsilon=None):
    if order != 2:
        raise NotImplementedError("tapeviz.keras.ops.normalize: only order=2")
    return tf.math.l2_normalize(_float(x), axis=axis, epsilon=epsilon or 1e-12)


def moments(x, axes, keepdims=False, synchronized=False):
    mean_, variance = tf.nn.moments(_float(x), axes=list(axes), keepdims=keepdims)
    return mean_, variance


def binary_crossentropy(target, output, from_logits=False):
    """Elementwise binary cross-entropy (no reduction, as `keras.ops` computes it)."""
    target, output = _float(target), _float(output)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = 1e-7
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    return -(target * tf.math.log(output) + (1.0 - target) * tf.math.log(1.0 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    from tapeviz.keras import losses
    return losses.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    from tapeviz.keras import losses
    return losses.sparse_categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


# ---- control and gradients ----------------------------------------------------------------------

def stop_gradient(variable):
    return tf.stop_gradient(convert_to_tensor(variable))


def cond(pred, true_fn, false_fn):
    return tf.cond(pred, true_fn, false_fn)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    single = not isinstance(loop_vars, (list, tuple))
    out = tf.while_loop(cond, body, [loop_vars] if single else loop_vars,
                        maximum_iterations=maximum_iterations)
    return out[0] if single and isinstance(out, (list, tuple)) else out


def fori_loop(lower, upper, body_fun, init_val):
    value = init_val
    for i in builtins.range(int(lower), int(upper)):
        value = body_fun(i, value)
    return value


# ---- more numpy-like ops (built on recorded tapeviz ops) ----------------------------------------

def hstack(xs):
    xs = _joined(xs)
    return tf.concat(xs, axis=0 if xs[0].shape.rank == 1 else 1)


def vstack(xs):
    return tf.concat(_joined(xs), axis=0)


def dstack(xs):
    out = []
    for x in _joined(xs):
        if x.shape.rank == 1:
            x = tf.reshape(x, [1, -1, 1])
        elif x.shape.rank == 2:
            x = tf.expand_dims(x, -1)
        out.append(x)
    return tf.concat(out, axis=2)


def append(x1, x2, axis=None):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    if axis is None:
        return tf.concat([tf.reshape(x1, [-1]), tf.reshape(x2, [-1])], axis=0)
    return tf.concat([x1, x2], axis=axis)


def array_split(x, indices_or_sections, axis=0):
    x = convert_to_tensor(x)
    n, k = x.shape[axis], int(indices_or_sections)
    base, extra = divmod(n, k)
    return tf.split(x, [base + 1] * extra + [base] * (k - extra), axis=axis)


def hsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0 if convert_to_tensor(x).shape.rank == 1 else 1)


def vsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0)


def dsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=2)


def tril(x, k=0):
    x = convert_to_tensor(x)
    rows, cols = x.shape[-2], x.shape[-1]
    mask = np.tri(rows, cols, k, dtype=bool)
    return tf.where(tf.constant(mask), x, tf.zeros_like(x))


def triu(x, k=0):
    x = convert_to_tensor(x)
    rows, cols = x.shape[-2], x.shape[-1]
    mask = ~np.tri(rows, cols, k - 1, dtype=bool)
    return tf.where(tf.constant(mask), x, tf.zeros_like(x))


def tri(N, M=None, k=0, dtype=None):
    return tf.constant(np.tri(N, M, k), dtype=_name(dtype or "float32"))


def diagonal(x, offset=0, axis1=0, axis2=1):
    x = convert_to_tensor(x)
    rank = x.shape.rank
    axis1, axis2 = axis1 % rank, axis2 % rank
    rest = [i for i in builtins.range(rank) if i not in (axis1, axis2)]
    x = tf.transpose(x, rest + [axis1, axis2])
    return _diag_part(x, offset)


def _diag_part(x, k):
    rows, cols = x.shape[-2], x.shape[-1]
    pairs = [(i, i + k) for i in builtins.range(rows) if 0 <= i + k < cols]
    if not pairs:
        return tf.zeros(x.shape.as_list()[:-2] + [0], x.dtype)
    flat = tf.reshape(x, x.shape.as_list()[:-2] + [rows * cols])
    return tf.gather(flat, [i * cols + j for i, j in pairs], axis=-1)


def diag(x, k=0):
    x = convert_to_tensor(x)
    if x.shape.rank == 1:
        return tf.linalg.diag(x, k=k)
    if x.shape.rank == 2:
        return _diag_part(x, k)
    raise ValueError(f"`x` must be 1d or 2d. Received: x.shape={tuple(x.shape.as_list())}")


def diagflat(x, k=0):
    return tf.linalg.diag(tf.reshape(convert_to_tensor(x), [-1]), k=k)


def conj(x):
    return tf.math.conj(convert_to_tensor(x))


conjugate = conj


def real(x):
    return tf.math.real(convert_to_tensor(x))


def imag(x):
    return tf.math.imag(convert_to_tensor(x))


def trunc(x):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return x
    return tf.where(x < 0, tf.math.ceil(x), tf.math.floor(x))


def fmod(x1, x2):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    if _kind(dtype) == 0:
        x1, x2 = tf.cast(x1, "int32"), tf.cast(x2, "int32")
    if _kind(dtype) == 2:
        return x1 - x2 * trunc(x1 / x2)
    return tf.truncatemod(x1, x2)


def _float_wide(x):
    """Keras's float for ops whose int64 inputs give float64 (hypot, deg2rad, cbrt)."""
    x = convert_to_tensor(x)
    return tf.cast(x, "float64") if x.dtype.name == "int64" else _float(x)


def hypot(x1, x2):
    dtype = result_type(x1, x2)
    dtype = dtype if _kind(dtype) == 2 else ("float64" if dtype == "int64" else "float32")
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    return tf.sqrt(x1 * x1 + x2 * x2)


def logaddexp(x1, x2):
    dtype = result_type(x1, x2)
    dtype = dtype if _kind(dtype) == 2 else "float32"
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    big = tf.maximum(x1, x2)
    return big + tf.math.log1p(tf.exp(-tf.abs(x1 - x2)))


def logaddexp2(x1, x2):
    dtype = result_type(x1, x2)
    dtype = dtype if _kind(dtype) == 2 else "float32"
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    ln2 = tf.constant(np.log(2.0), dtype)
    big = tf.maximum(x1, x2)
    return big + tf.math.log1p(tf.pow(tf.constant(2.0, dtype), -tf.abs(x1 - x2))) / ln2


def exp2(x):
    x = _float(x)
    return tf.pow(tf.constant(2.0, x.dtype), x)


def cbrt(x):
    x = _float_wide(x)
    return tf.sign(x) * tf.pow(tf.abs(x), tf.constant(1.0 / 3.0, x.dtype))


def deg2rad(x):
    x = _float_wide(x)
    return x * tf.constant(np.pi / 180.0, x.dtype)


def rad2deg(x):
    x = _float(x)
    return x * tf.constant(180.0 / np.pi, x.dtype)


def arcsinh(x):
    return tf.math.asinh(_float(x))


def arccosh(x):
    return tf.math.acosh(_float(x))


def arctanh(x):
    return tf.math.atanh(_float(x))


def erfc(x):
    return tf.math.erfc(_float(x))


def erfinv(x):
    return tf.math.erfinv(_float(x))


def sinc(x):
    x = _float(x)
    px = x * tf.constant(np.pi, x.dtype)
    safe = tf.where(tf.equal(x, 0), tf.ones_like(px), px)
    return tf.where(tf.equal(x, 0), tf.ones_like(px), tf.sin(safe) / safe)


def fabs(x):
    return tf.abs(_float(x))


def signbit(x):
    x = convert_to_tensor(x)
    if x.dtype.name == "bool":
        return tf.zeros_like(x)
    if x.dtype.is_floating:
        return tf.logical_or(x < 0, tf.logical_and(tf.equal(x, 0), tf.math.reciprocal(x) < 0))
    return x < 0


def heaviside(x1, x2):
    dtype = result_type(x1, x2)
    if _kind(dtype) < 2:
        dtype = "float32"
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    return tf.where(x1 < 0, tf.zeros_like(x1), tf.where(x1 > 0, tf.ones_like(x1), x2 + tf.zeros_like(x1)))


def fmax(x1, x2):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    if _kind(dtype) != 2:
        return tf.maximum(x1, x2)
    return tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, tf.maximum(x1, x2)))


def fmin(x1, x2):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    if _kind(dtype) != 2:
        return tf.minimum(x1, x2)
    return tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, tf.minimum(x1, x2)))


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    if _kind(dtype) < 2:
        return tf.equal(x1, x2)
    close = tf.abs(x1 - x2) <= tf.cast(atol, dtype) + tf.cast(rtol, dtype) * tf.abs(x2)
    close = tf.logical_or(close, tf.equal(x1, x2))
    if equal_nan:
        close = tf.logical_or(close, tf.logical_and(tf.math.is_nan(x1), tf.math.is_nan(x2)))
    return close


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return tf.reduce_all(isclose(x1, x2, rtol, atol, equal_nan))


def isneginf(x):
    x = convert_to_tensor(x)
    return tf.logical_and(tf.math.is_inf(x), x < 0) if x.dtype.is_floating else tf.zeros_like(x, "bool")


def isposinf(x):
    x = convert_to_tensor(x)
    return tf.logical_and(tf.math.is_inf(x), x > 0) if x.dtype.is_floating else tf.zeros_like(x, "bool")


def isreal(x):
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return tf.equal(tf.math.imag(x), 0)
    return tf.ones_like(x, "bool")


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return x
    info = np.finfo(x.dtype.as_numpy_dtype)
    x = tf.where(tf.math.is_nan(x), tf.cast(nan, x.dtype), x)
    x = tf.where(isposinf(x), tf.cast(info.max if posinf is None else posinf, x.dtype), x)
    return tf.where(isneginf(x), tf.cast(info.min if neginf is None else neginf, x.dtype), x)


def cumprod(x, axis=None, dtype=None):
    x = convert_to_tensor(x)
    if dtype is not None:
        x = tf.cast(x, _name(dtype))
    elif x.dtype.name in ("bool", "int8", "int16", "uint8", "uint16"):
        x = tf.cast(x, "int32")
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.math.cumprod(x, axis=axis)


def count_nonzero(x, axis=None):
    x = convert_to_tensor(x)
    return tf.cast(tf.reduce_sum(tf.cast(tf.not_equal(x, tf.zeros_like(x)), "int32"), axis=_axis(axis)), "int32")


def ptp(x, axis=None, keepdims=False):
    return max(x, axis, keepdims) - min(x, axis, keepdims)


def average(x, axis=None, weights=None):
    if weights is None:
        return mean(x, axis)
    dtype = result_type(x, weights)
    dtype = dtype if _kind(dtype) == 2 else "float32"
    x, weights = _as(x, dtype), _as(weights, dtype)
    if axis is not None and weights.shape.rank == 1 and x.shape.rank > 1:
        shape = [1] * x.shape.rank
        shape[axis] = -1
        weights = tf.reshape(weights, shape)
    return tf.reduce_sum(x * weights, axis=axis) / tf.reduce_sum(weights + tf.zeros_like(x), axis=axis)


def _quantile(x, q, axis, method, keepdims):
    x = _float(x)
    q = tf.cast(convert_to_tensor(q), x.dtype)
    if axis is None:
        work, axis_list = tf.reshape(x, [-1]), [0]
    else:
        axes = [a % x.shape.rank for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
        rest = [i for i in builtins.range(x.shape.rank) if i not in axes]
        work = tf.transpose(x, rest + axes)
        work = tf.reshape(work, [x.shape[i] for i in rest] + [-1])
        axis_list = axes
    ordered = tf.sort(work, axis=-1)
    n = ordered.shape[-1]
    pos = q * tf.constant(n - 1, x.dtype)
    if method == "linear":
        lo = tf.cast(tf.math.floor(pos), "int32")
        hi = tf.minimum(lo + 1, n - 1)
        frac = pos - tf.math.floor(pos)
        lo_v, hi_v = tf.gather(ordered, lo, axis=-1), tf.gather(ordered, hi, axis=-1)
        out = lo_v + (hi_v - lo_v) * frac
    else:
        idx = {"lower": tf.math.floor, "higher": tf.math.ceil, "nearest": tf.math.round}.get(method)
        if idx is not None:
            out = tf.gather(ordered, tf.cast(idx(pos), "int32"), axis=-1)
        elif method == "midpoint":
            out = (tf.gather(ordered, tf.cast(tf.math.floor(pos), "int32"), axis=-1)
                   + tf.gather(ordered, tf.cast(tf.math.ceil(pos), "int32"), axis=-1)) / 2
        else:
            raise ValueError(f"Invalid value for `method`: {method}")
    if q.shape.rank == 1:       # numpy puts the q axis first
        out = tf.transpose(out, [out.shape.rank - 1] + list(builtins.range(out.shape.rank - 1)))
    if keepdims:
        for a in sorted(axis_list if axis is not None else builtins.range(x.shape.rank)):
            out = tf.expand_dims(out, a + (1 if q.shape.rank == 1 else 0))
    return out


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, _float(q) / 100.0, axis, method, keepdims)


def median(x, axis=None, keepdims=False):
    return _quantile(x, 0.5, axis, "linear", keepdims)


def _nan_fill(x, value):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return x
    return tf.where(tf.math.is_nan(x), tf.cast(value, x.dtype), x)


def nansum(x, axis=None, keepdims=False):
    return sum(_nan_fill(x, 0), axis, keepdims)


def nanprod(x, axis=None, keepdims=False):
    return prod(_nan_fill(x, 1), axis, keepdims)


def nanmean(x, axis=None, keepdims=False):
    x = _float(x)
    valid = tf.cast(tf.logical_not(tf.math.is_nan(x)), x.dtype)
    return tf.reduce_sum(_nan_fill(x, 0), axis=_axis(axis), keepdims=keepdims) / \
        tf.reduce_sum(valid, axis=_axis(axis), keepdims=keepdims)


def nanvar(x, axis=None, keepdims=False):
    x = _float(x)
    m = nanmean(x, axis, True)
    return nanmean(tf.square(x - m), axis, keepdims)


def nanstd(x, axis=None, keepdims=False):
    return tf.sqrt(nanvar(x, axis, keepdims))


def nanmax(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return max(x, axis, keepdims)
    out = tf.reduce_max(_nan_fill(x, -np.inf), axis=_axis(axis), keepdims=keepdims)
    allnan = tf.reduce_all(tf.math.is_nan(x), axis=_axis(axis), keepdims=keepdims)
    return tf.where(allnan, tf.cast(np.nan, x.dtype), out)


def nanmin(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return min(x, axis, keepdims)
    out = tf.reduce_min(_nan_fill(x, np.inf), axis=_axis(axis), keepdims=keepdims)
    allnan = tf.reduce_all(tf.math.is_nan(x), axis=_axis(axis), keepdims=keepdims)
    return tf.where(allnan, tf.cast(np.nan, x.dtype), out)


def nancumsum(x, axis=None, dtype=None):
    return cumsum(_nan_fill(x, 0), axis, dtype)


def nancumprod(x, axis=None, dtype=None):
    return cumprod(_nan_fill(x, 1), axis, dtype)


def meshgrid(*x, indexing="xy"):
    return tf.meshgrid(*[convert_to_tensor(v) for v in x], indexing=indexing)


def searchsorted(sorted_sequence, values, side="left"):
    seq, values = convert_to_tensor(sorted_sequence), convert_to_tensor(values)
    dtype = result_type(seq, values)
    seq, values = _as(seq, dtype), _as(values, dtype)
    flat = tf.reshape(values, [1, -1])
    out = tf.searchsorted(tf.reshape(seq, [1, -1]), flat, side=side, out_type="int32")
    return tf.reshape(out, tf.shape(values))


def digitize(x, bins):
    x, bins = convert_to_tensor(x), convert_to_tensor(bins)
    dtype = result_type(x, bins)
    flat = tf.reshape(_as(x, dtype), [1, -1])
    out = tf.searchsorted(tf.reshape(_as(bins, dtype), [1, -1]), flat, side="right", out_type="int32")
    return tf.reshape(out, tf.shape(x))


def inner(x1, x2):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    if x1.shape.rank == 0 or x2.shape.rank == 0:
        return x1 * x2
    return tf.tensordot(x1, x2, axes=[[-1], [-1]])


def vdot(x1, x2):
    dtype = result_type(x1, x2)
    return tf.reduce_sum(tf.reshape(_as(x1, dtype), [-1]) * tf.reshape(_as(x2, dtype), [-1]))


def kron(x1, x2):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    r = builtins.max(x1.shape.rank, x2.shape.rank)
    x1 = tf.reshape(x1, [1] * (r - x1.shape.rank) + x1.shape.as_list())
    x2 = tf.reshape(x2, [1] * (r - x2.shape.rank) + x2.shape.as_list())
    a = tf.reshape(x1, [d for s in x1.shape.as_list() for d in (s, 1)])
    b = tf.reshape(x2, [d for s in x2.shape.as_list() for d in (1, s)])
    return tf.reshape(a * b, [p * q for p, q in zip(x1.shape.as_list(), x2.shape.as_list())])


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    a0, a1, a2 = tf.unstack(x1, axis=-1)
    b0, b1, b2 = tf.unstack(x2, axis=-1)
    return tf.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1)


def diff(a, n=1, axis=-1, prepend=None, append=None):
    a = convert_to_tensor(a)
    if prepend is not None or append is not None:
        parts = ([_as(prepend, a.dtype.name)] if prepend is not None else []) + [a] + \
            ([_as(append, a.dtype.name)] if append is not None else [])
        a = tf.concat(parts, axis=axis)
    for _ in builtins.range(n):
        length = a.shape[axis]
        a = tf.gather(a, list(builtins.range(1, length)), axis=axis) - \
            tf.gather(a, list(builtins.range(0, length - 1)), axis=axis)
    return a


def vander(x, N=None, increasing=False):
    x = convert_to_tensor(x)
    N = x.shape[0] if N is None else N
    powers = list(builtins.range(N)) if increasing else list(builtins.range(N - 1, -1, -1))
    cols = [tf.pow(x, tf.constant(p, x.dtype)) for p in powers]
    return tf.stack(cols, axis=1)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _float(y)
    n = y.shape[axis]
    lo = tf.gather(y, list(builtins.range(0, n - 1)), axis=axis)
    hi = tf.gather(y, list(builtins.range(1, n)), axis=axis)
    if x is None:
        d = tf.cast(dx, y.dtype)
    else:
        d = diff(_as(x, y.dtype.name), axis=axis)
    return tf.reduce_sum(d * (lo + hi) / 2, axis=axis)


def nonzero(x):
    return where(tf.not_equal(convert_to_tensor(x), tf.zeros_like(convert_to_tensor(x))))


def unravel_index(indices, shape):
    indices = convert_to_tensor(indices)
    out = []
    for dim in reversed(list(shape)):
        out.append(tf.math.floormod(indices, dim))
        indices = tf.math.floordiv(indices, dim)
    return tuple(reversed(out))


def isin(x1, x2, assume_unique=False, invert=False):
    dtype = result_type(x1, x2)
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    found = tf.reduce_any(tf.equal(tf.expand_dims(x1, -1), tf.reshape(x2, [-1])), axis=-1)
    return tf.logical_not(found) if invert else found


def select(condlist, choicelist, default=0):
    out = None
    dtype = result_type(*choicelist, default)
    out = _as(default, dtype)
    for cond_, choice in reversed(list(zip(condlist, choicelist))):
        out = tf.where(cast(cond_, "bool"), _as(choice, dtype), out)
    return out


def bincount(x, weights=None, minlength=0, sparse=False):
    x = convert_to_tensor(x)
    length = builtins.max(int(np.max(x.numpy())) + 1 if x.shape.num_elements() else 0, minlength)
    onehot = tf.one_hot(x, length, dtype="int32" if weights is None else result_type(weights))
    if weights is not None:
        onehot = onehot * tf.expand_dims(_as(weights, result_type(weights)), -1)
    return tf.reduce_sum(onehot, axis=-2)


def unique(x, sorted=True, return_inverse=False, return_counts=False, axis=None, size=None,
           fill_value=None):
    x = tf.reshape(convert_to_tensor(x), [-1])
    values = np.unique(x.numpy())
    result = [tf.constant(values, x.dtype)]
    if return_inverse:
        result.append(searchsorted(result[0], x))
    if return_counts:
        result.append(tf.reduce_sum(tf.cast(tf.equal(tf.expand_dims(result[0], -1), x), "int32"), -1))
    return result[0] if len(result) == 1 else tuple(result)


def rot90(array, k=1, axes=(0, 1)):
    array = convert_to_tensor(array)
    k %= 4
    a0, a1 = axes
    for _ in builtins.range(k):
        array = flip(swapaxes(array, a0, a1), a0)
    return array


def fliplr(x):
    return flip(x, 1)


def flipud(x):
    return flip(x, 0)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    exps = linspace(start, stop, num, endpoint=endpoint, dtype="float32", axis=axis)
    out = tf.pow(tf.constant(float(base), "float32"), exps)
    return out if dtype is None else tf.cast(out, _name(dtype))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    exps = linspace(np.log10(start), np.log10(stop), num, endpoint=endpoint, dtype="float32", axis=axis)
    out = tf.pow(tf.constant(10.0, "float32"), exps)
    return out if dtype is None else tf.cast(out, _name(dtype))


def _window(values, dtype="float32"):
    return tf.constant(values, dtype)


def bartlett(x):
    return _window(np.bartlett(int(x)))


def blackman(x):
    return _window(np.blackman(int(x)))


def hamming(x):
    return _window(np.hamming(int(x)))


def hanning(x):
    return _window(np.hanning(int(x)))


def kaiser(x, beta):
    return _window(np.kaiser(int(x), beta))


def empty(shape, dtype=None):
    return zeros(shape, dtype)


def empty_like(x, dtype=None):
    return zeros_like(x, dtype)


def gcd(x1, x2):
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    dtype = result_type(x1, x2)
    return tf.constant(np.gcd(x1.numpy(), x2.numpy()), dtype)


def lcm(x1, x2):
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    dtype = result_type(x1, x2)
    return tf.constant(np.lcm(x1.numpy(), x2.numpy()), dtype)


def ldexp(x1, x2):
    x1 = _float(x1)
    return x1 * tf.pow(tf.constant(2.0, x1.dtype), tf.cast(convert_to_tensor(x2), x1.dtype))


def _bitwise(fn):
    def op(x, y):
        dtype = result_type(x, y)
        return fn(_as(x, dtype), _as(y, dtype))
    return op


bitwise_and = _bitwise(tf.bitwise.bitwise_and)
bitwise_or = _bitwise(tf.bitwise.bitwise_or)
bitwise_xor = _bitwise(tf.bitwise.bitwise_xor)
bitwise_left_shift = left_shift = _bitwise(tf.bitwise.left_shift)
bitwise_right_shift = right_shift = _bitwise(tf.bitwise.right_shift)


def bitwise_invert(x):
    return tf.bitwise.invert(convert_to_tensor(x))


bitwise_not = bitwise_invert


def nanargmax(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    return argmax(_nan_fill(x, -np.inf) if x.dtype.is_floating else x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    return argmin(_nan_fill(x, np.inf) if x.dtype.is_floating else x, axis, keepdims)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """Quantiles over the non-NaN values (NaNs sort last; each row interpolates over its own count)."""
    x = _float(x)
    q = tf.cast(convert_to_tensor(q), x.dtype)
    if axis is None:
        work, axes = tf.reshape(x, [-1]), list(builtins.range(x.shape.rank))
    else:
        axes = [a % x.shape.rank for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
        rest = [i for i in builtins.range(x.shape.rank) if i not in axes]
        work = tf.reshape(tf.transpose(x, rest + axes), [x.shape[i] for i in rest] + [-1])
    nan = tf.math.is_nan(work)
    ordered = tf.sort(tf.where(nan, tf.cast(np.inf, x.dtype) * tf.ones_like(work), work), axis=-1)
    count = tf.reduce_sum(tf.cast(tf.logical_not(nan), x.dtype), axis=-1, keepdims=True)
    qs = tf.reshape(q, [-1]) if q.shape.rank == 1 else tf.reshape(q, [1])
    pos = qs * tf.maximum(count - 1, 0)                      # [..., len(q)]
    lo, hi = tf.math.floor(pos), tf.math.ceil(pos)
    pick = {"linear": None, "lower": lo, "higher": hi, "nearest": tf.math.round(pos), "midpoint": None}
    if method not in pick:
        raise ValueError(f"Invalid value for `method`: {method}")
    lo_v = tf.gather(ordered, tf.cast(lo, "int32"), axis=-1, batch_dims=ordered.shape.rank - 1)
    hi_v = tf.gather(ordered, tf.cast(hi, "int32"), axis=-1, batch_dims=ordered.shape.rank - 1)
    if method == "linear":
        out = lo_v + (hi_v - lo_v) * (pos - lo)
    elif method == "midpoint":
        out = (lo_v + hi_v) / 2
    else:
        out = tf.gather(ordered, tf.cast(pick[method], "int32"), axis=-1, batch_dims=ordered.shape.rank - 1)
    out = tf.where(tf.logical_or(tf.equal(count, 0), tf.zeros_like(out, "bool")), tf.cast(np.nan, x.dtype) * tf.ones_like(out), out)
    if q.shape.rank == 0:
        out = tf.squeeze(out, -1)
    else:
        out = tf.transpose(out, [out.shape.rank - 1] + list(builtins.range(out.shape.rank - 1)))
    if keepdims:
        for a in sorted(axes):
            out = tf.expand_dims(out, a + (1 if q.shape.rank == 1 else 0))
    return out


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return nanquantile(x, _float(q) / 100.0, axis, method, keepdims)


def nanmedian(x, axis=None, keepdims=False):
    return nanquantile(x, 0.5, axis, "linear", keepdims)


def angle(x):
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return tf.math.atan2(tf.math.imag(x), tf.math.real(x))
    x = _float(x)
    return tf.math.atan2(tf.zeros_like(x), x)


def polar(abs_, angle):
    abs_, angle = _float(abs_), _float(angle)
    return tf.complex(abs_ * tf.cos(angle), abs_ * tf.sin(angle))


def view_as_real(x):
    x = convert_to_tensor(x)
    return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)


def view_as_complex(x):
    x = _float(x)
    return tf.complex(x[..., 0], x[..., 1])


def corrcoef(x):
    x = _float(x)
    centered = x - tf.reduce_mean(x, axis=-1, keepdims=True)
    cov = tf.matmul(centered, centered, transpose_b=True)
    d = tf.sqrt(tf.linalg.diag_part(cov))
    return tf.clip_by_value(cov / tf.expand_dims(d, 1) / tf.expand_dims(d, 0), -1, 1)


def cdist(x, y):
    dtype = result_type(x, y)
    dtype = dtype if _kind(dtype) == 2 else "float32"
    x, y = _as(x, dtype), _as(y, dtype)
    diff_ = tf.expand_dims(x, -2) - tf.expand_dims(y, -3)
    return tf.sqrt(tf.reduce_sum(tf.square(diff_), axis=-1))


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format)


def histogram(x, bins=10, range=None):
    x = _float(tf.reshape(convert_to_tensor(x), [-1]))
    lo, hi = (tf.reduce_min(x), tf.reduce_max(x)) if range is None else \
        (tf.constant(range[0], x.dtype), tf.constant(range[1], x.dtype))
    edges = lo + (hi - lo) * tf.cast(tf.range(bins + 1), x.dtype) / bins
    idx = tf.cast(tf.math.floor((x - lo) / (hi - lo) * bins), "int32")
    idx = tf.where(tf.equal(x, hi), bins - 1, idx)
    inside = tf.logical_and(x >= lo, x <= hi)
    counts = tf.reduce_sum(tf.cast(tf.logical_and(tf.equal(tf.expand_dims(idx, -1), tf.range(bins)),
                                                  tf.expand_dims(inside, -1)), x.dtype), axis=0)
    return counts, edges


def correlate(x1, x2, mode="valid"):
    """NumPy's 1-D cross-correlation, out[k] = sum_n x1[n + k] * x2[n], as a recorded conv1d."""
    dtype = result_type(x1, x2)
    dtype = dtype if _kind(dtype) == 2 else ("float64" if dtype == "int64" else "float32")
    x1, x2 = _as(x1, dtype), _as(x2, dtype)
    n, m = x1.shape[0], x2.shape[0]
    if n < m:
        return tf.reverse(correlate(x2, x1, mode), [0])
    if mode == "full":
        x1 = tf.pad(x1, [[m - 1, m - 1]])
    elif mode == "same":
        x1 = tf.pad(x1, [[m // 2, m - 1 - m // 2]])
    elif mode != "valid":
        raise ValueError(f"Invalid mode: '{mode}'. Mode must be one of: 'full', 'same', 'valid'.")
    windows = extract_sequences(x1, m, 1)
    return tf.reduce_sum(windows * x2, axis=-1)


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    n = x.shape[-1]
    count = (n - sequence_length) // sequence_stride + 1
    index = np.arange(count)[:, None] * sequence_stride + np.arange(sequence_length)[None, :]
    return tf.gather(x, tf.constant(index, "int32"), axis=x.shape.rank - 1)


def i0(x):
    """The modified Bessel function of order 0, by its power series sum((x/2)^(2k) / (k!)^2)."""
    x = _float(x)
    term = tf.ones_like(x)
    total = tf.ones_like(x)
    quarter = tf.square(x) / 4
    for k in builtins.range(1, 60):
        term = term * quarter / (k * k)
        total = total + term
    return total


# ---- linalg -------------------------------------------------------------------------------------

def inv(x):
    return tf.linalg.inv(_float(x))


def det(x):
    return tf.linalg.det(_float(x))


def cholesky(x, upper=False):
    out = tf.linalg.cholesky(_float(x))
    return tf.linalg.adjoint(out) if upper else out


def cholesky_inverse(x, upper=False):
    x = _float(x)
    full = tf.matmul(x, x, adjoint_a=True) if upper else tf.matmul(x, x, adjoint_b=True)
    return tf.linalg.inv(full)


def eigh(x):
    return tf.linalg.eigh(_float(x))


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"`mode` argument value not supported. Expected one of {{'reduced', "
                         f"'complete'}}. Received: mode={mode}")
    return tf.linalg.qr(_float(x), full_matrices=mode == "complete")


def svd(x, full_matrices=True, compute_uv=True):
    x = _float(x)
    if not compute_uv:
        return tf.linalg.svd(x, full_matrices=full_matrices, compute_uv=False)
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices)
    return u, s, tf.linalg.adjoint(v)


def solve(a, b):
    a, b = _float(a), _float(b)
    if b.shape.rank == a.shape.rank - 1:
        return tf.squeeze(tf.linalg.solve(a, tf.expand_dims(b, -1)), -1)
    return tf.linalg.solve(a, b)


def solve_triangular(a, b, lower=False):
    a, b = _float(a), _float(b)
    mask = tril(a) if lower else triu(a)
    return solve(mask, b)


def lstsq(a, b, rcond=None):
    a, b = _float(a), _float(b)
    vector = b.shape.rank == 1
    out = tf.linalg.lstsq(a, tf.expand_dims(b, -1) if vector else b)
    return tf.squeeze(out, -1) if vector else out


def slogdet(x):
    return tuple(tf.linalg.slogdet(_float(x)))


def logdet(x):
    return tf.linalg.logdet(_float(x))


def pinv(x, rcond=1e-15):
    return tf.linalg.pinv(_float(x), rcond=rcond)


def matrix_rank(x, tol=None):
    s = tf.linalg.svd(_float(x), compute_uv=False)
    if tol is None:
        tol = tf.reduce_max(s, -1, keepdims=True) * np.float32(builtins.max(x.shape[-2:])) * \
            np.finfo(s.dtype.as_numpy_dtype).eps
    return tf.reduce_sum(tf.cast(s > tol, "int32"), -1)


# ---- nn -----------------------------------------------------------------------------------------

def _act(fn):
    def op(x, *args, **kwargs):
        return fn(_float(x), *args, **kwargs)
    return op


celu = _act(lambda x, alpha=1.0: tf.maximum(x, 0) + tf.minimum(tf.cast(alpha, x.dtype) * tf.math.expm1(
    x / tf.cast(alpha, x.dtype)), 0))
hard_sigmoid = _act(lambda x: tf.nn.relu6(x + 3) / 6)      # relu6: no gradient at the kinks, as Keras
hard_silu = hard_swish = _act(lambda x: x * tf.nn.relu6(x + 3) / 6)
hard_tanh = _act(lambda x: tf.clip_by_value(x, -1, 1))
hard_shrink = _act(lambda x, threshold=0.5: tf.where(tf.abs(x) > threshold, x, tf.zeros_like(x)))
soft_shrink = _act(lambda x, threshold=0.5: tf.where(
    x > threshold, x - threshold, tf.where(x < -threshold, x + threshold, tf.zeros_like(x))))
tanh_shrink = _act(lambda x: x - tf.tanh(x))
squareplus = _act(lambda x, b=4: (x + tf.sqrt(tf.square(x) + tf.cast(b, x.dtype))) / 2)
sparse_plus = _act(lambda x: tf.where(x <= -1, tf.zeros_like(x),
                                      tf.where(x >= 1, x, tf.square(x + 1) / 4)))
sparse_sigmoid = _act(lambda x: tf.where(x <= -1, tf.zeros_like(x),
                                         tf.where(x >= 1, tf.ones_like(x), (x + 1) / 2)))
threshold = _act(lambda x, threshold, default_value: tf.where(
    x > threshold, x, tf.cast(default_value, x.dtype) + tf.zeros_like(x)))


def glu(x, axis=-1):
    x = _float(x)
    a, b = tf.split(x, 2, axis=axis)
    return a * tf.sigmoid(b)


def sparsemax(x, axis=-1):
    x = _float(x)
    z = tf.sort(x, axis=axis, direction="DESCENDING")
    k = tf.cast(tf.range(1, x.shape[axis] + 1), x.dtype)
    shape = [1] * x.shape.rank
    shape[axis] = -1
    k = tf.reshape(k, shape)
    cum = tf.cumsum(z, axis=axis)
    support = tf.cast(1 + k * z > cum, x.dtype)
    k_z = tf.reduce_sum(support, axis=axis, keepdims=True)
    tau = (tf.reduce_sum(support * z, axis=axis, keepdims=True) - 1) / k_z
    return tf.maximum(x - tau, 0)


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _float(x)
    shape = [1] * x.shape.rank
    shape[axis] = x.shape[axis]

    def r(v):
        return None if v is None else tf.reshape(_as(v, x.dtype.name), shape)
    return tf.nn.batch_normalization(x, r(mean), r(variance), r(offset), r(scale), epsilon)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False):
    x = _float(x)
    epsilon = 1e-7 if epsilon is None else epsilon
    m, v = tf.nn.moments(x, axes=[axis], keepdims=True)
    out = (x - m) * tf.math.rsqrt(v + tf.cast(epsilon, x.dtype))
    if gamma is not None:
        out = out * _as(gamma, x.dtype.name)
    if beta is not None:
        out = out + _as(beta, x.dtype.name)
    return out


def rms_normalization(x, scale=1, axis=-1, epsilon=None):
    x = _float(x)
    eps = np.finfo(x.dtype.as_numpy_dtype).eps if epsilon is None else epsilon
    out = x * tf.math.rsqrt(tf.reduce_mean(tf.square(x), axis=axis, keepdims=True) + tf.cast(eps, x.dtype))
    return out * _as(scale, x.dtype.name)


def _pool(fn, inputs, pool_size, strides, padding, data_format):
    inputs = _float(inputs)
    n = inputs.shape.rank - 2
    pool_size = [pool_size] * n if isinstance(pool_size, int) else list(pool_size)
    strides = pool_size if strides is None else ([strides] * n if isinstance(strides, int) else list(strides))
    channels_first = data_format == "channels_first"
    if channels_first:
        inputs = tf.transpose(inputs, [0] + list(builtins.range(2, n + 2)) + [1])
    out = fn(inputs, pool_size, strides, padding.upper())
    if channels_first:
        out = tf.transpose(out, [0, n + 1] + list(builtins.range(1, n + 1)))
    return out


def _adaptive_pool(reduce, inputs, output_size, data_format):
    """PyTorch-style adaptive pooling: output cell i of an axis of length n covers
    [floor(i * n / out), ceil((i + 1) * n / out)); the axes are pooled one after another."""
    x = _float(inputs)
    spatial = x.shape.rank - 2
    sizes = [output_size] * spatial if isinstance(output_size, int) else list(output_size)
    first = 2 if data_format == "channels_first" else 1
    for offset, out in enumerate(sizes):
        axis, n = first + offset, x.shape[first + offset]
        cells = [reduce(tf.gather(x, list(builtins.range((i * n) // out, -((-(i + 1) * n) // out))), axis=axis),
                        axis=axis, keepdims=True) for i in builtins.range(out)]
        x = tf.concat(cells, axis=axis)
    return x


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(tf.reduce_mean, inputs, output_size, data_format)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(tf.reduce_max, inputs, output_size, data_format)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(tf.nn.avg_pool, inputs, pool_size, strides, padding, data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(tf.nn.max_pool, inputs, pool_size, strides, padding, data_format)


def _channels_last(data_format):
    if data_format == "channels_first":
        raise NotImplementedError("tapeviz's keras.ops convolutions take channels_last inputs only")


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    _channels_last(data_format)
    inputs, kernel = _float(inputs), _float(kernel)
    one_d = inputs.shape.rank == 3
    if one_d:
        inputs, kernel = tf.expand_dims(inputs, 1), tf.expand_dims(kernel, 0)
    s = strides if isinstance(strides, int) else strides[0]
    d = dilation_rate if isinstance(dilation_rate, int) else dilation_rate[0]
    out = tf.nn.depthwise_conv2d(inputs, kernel, [1, s, s, 1] if not one_d else [1, 1, s, 1],
                                 padding.upper(), dilations=[d, d] if not one_d else [1, d])
    return tf.squeeze(out, 1) if one_d else out


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    _channels_last(data_format)
    inputs, kernel = _float(inputs), _float(kernel)
    n = inputs.shape.rank - 2
    s = [strides] * n if isinstance(strides, int) else list(strides)
    d = [dilation_rate] * n if isinstance(dilation_rate, int) else list(dilation_rate)
    fn = {1: tf.nn.conv1d, 2: tf.nn.conv2d, 3: tf.nn.conv3d}[n]
    if n == 1:
        return fn(inputs, kernel, s[0], padding.upper(), dilations=d[0])
    return fn(inputs, kernel, [1] + s + [1], padding.upper(), dilations=[1] + d + [1])


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None, data_format=None,
                   dilation_rate=1):
    """Transposed convolution (channels last; kernel (*spatial, out_channels, in_channels))."""
    _channels_last(data_format)
    inputs, kernel = _float(inputs), _float(kernel)
    n = inputs.shape.rank - 2
    s = [strides] * n if isinstance(strides, int) else list(strides)
    d = [dilation_rate] * n if isinstance(dilation_rate, int) else list(dilation_rate)
    pads = [output_padding] * n if isinstance(output_padding, int) or output_padding is None \
        else list(output_padding)
    sizes = []
    for size, k, stride, dil, extra in zip(inputs.shape.as_list()[1:-1], kernel.shape.as_list()[:n], s, d, pads):
        k = (k - 1) * dil + 1
        if extra is None:
            sizes.append(size * stride if padding == "same" else (size - 1) * stride + builtins.max(k, stride))
        else:
            pad = k // 2 if padding == "same" else 0
            sizes.append((size - 1) * stride + k - 2 * pad + extra)
    shape = [inputs.shape[0]] + sizes + [kernel.shape[-2]]
    fn = tf.nn.conv1d_transpose if n == 1 else tf.nn.conv2d_transpose
    return fn(inputs, kernel, shape, s[0] if n == 1 else s, padding.upper(), dilations=d[0] if n == 1 else d)


def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    query, key, value = _float(query), _float(key), _float(value)
    scale = (1.0 / np.sqrt(query.shape[-1])) if scale is None else scale
    logits = tf.einsum("BTNH,BSNH->BNTS", query, key) * tf.cast(scale, query.dtype)
    if bias is not None:
        logits = logits + _as(bias, query.dtype.name)
    if is_causal:
        t, s = logits.shape[-2], logits.shape[-1]
        causal = tf.constant(np.tri(t, s, dtype=bool))
        mask = causal if mask is None else tf.logical_and(cast(mask, "bool"), causal)
    if mask is not None:
        logits = tf.where(cast(mask, "bool"), logits, tf.cast(np.finfo(np.float32).min, logits.dtype)
                          * tf.ones_like(logits))
    probs = tf.nn.softmax(logits, axis=-1)
    return tf.einsum("BNTS,BSNH->BTNH", probs, value)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """CTC loss of batch-major logits (Keras on TF: float64 computed in float32, cast back)."""
    target = tf.cast(convert_to_tensor(target), "int32")
    output = convert_to_tensor(output)
    result = _join(output.dtype.name, "float32")
    output = tf.cast(output, "float32" if result == "float64" else result)
    loss = tf.nn.ctc_loss(labels=target, logits=output, label_length=target_length, logit_length=output_length,
                          blank_index=mask_index, logits_time_major=False)
    return tf.cast(loss, result)


def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1, merge_repeated=True,
               mask_index=0):
    """Greedy or beam-search CTC decoding of batch-major logits: (decoded int32
    `[paths, batch, steps]` padded with -1, scores)."""
    inputs = convert_to_tensor(inputs)
    samples, steps, classes = inputs.shape
    inputs = tf.transpose(inputs, (1, 0, 2))
    inputs = tf.cast(inputs, _join(inputs.dtype.name, "float32"))
    sequence_lengths = convert_to_tensor(sequence_lengths, dtype="int32")
    if strategy == "greedy":
        decoded, scores = tf.nn.ctc_greedy_decoder(inputs=inputs, sequence_length=sequence_lengths,
                                                   merge_repeated=merge_repeated, blank_index=mask_index)
    elif strategy == "beam_search":
        if mask_index is not None:     # the mask moves last, where TF's beam search wants its blank
            inputs = tf.concat([inputs[..., :mask_index], inputs[..., mask_index + 1:],
                                inputs[..., mask_index:mask_index + 1]], axis=-1)
        decoded, scores = tf.nn.ctc_beam_search_decoder(inputs=inputs, sequence_length=sequence_lengths,
                                                        beam_width=beam_width, top_paths=top_paths)
    else:
        raise ValueError(f"Invalid strategy {strategy}. Supported values are 'greedy' and 'beam_search'.")
    dense = tf.stack([tf.sparse.to_dense(tf.SparseTensor(st.indices, st.values, (samples, steps)), default_value=-1)
                      for st in decoded], axis=0)
    dense = tf.cast(dense, "int32")
    if strategy == "beam_search" and mask_index is not None:
        if mask_index < 0:     # the classes as given (Keras's slicing above keeps a negative index's quirk)
            mask_index += classes
        dense = tf.where(dense >= mask_index, dense + 1, dense)
    return dense, scores


# ---- Fourier transforms (Keras's (real, imag) pairs over tf.signal) -----------------------------
def _complex_pair(x):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"Input `x` should be a tuple of two tensors - real and imaginary.Received: x={x}")
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    if real.shape != imag.shape:
        raise ValueError("Input `x` should be a tuple of two tensors - real and imaginary.Both the real and "
                         f"imaginary parts should have the same shape. Received: x[0].shape = {real.shape}, "
                         f"x[1].shape = {imag.shape}")
    if not real.dtype.is_floating or not imag.dtype.is_floating:
        raise ValueError(f"At least one tensor in input `x` is not of type float.Received: x={x}.")
    return tf.complex(real, imag)


def _pair(z):
    return tf.math.real(z), tf.math.imag(z)


def fft(x):
    return _pair(tf.signal.fft(_complex_pair(x)))


def fft2(x):
    return _pair(tf.signal.fft2d(_complex_pair(x)))


def ifft2(x):
    real, imag = x
    real = convert_to_tensor(real)
    size = tf.cast(real.shape[-2], real.dtype) * tf.cast(real.shape[-1], real.dtype)
    fft_real, fft_imag = fft2((real, -convert_to_tensor(imag)))     # the conjugate's FFT, conjugated
    return fft_real / size, -fft_imag / size


def rfft(x, fft_length=None):
    return _pair(tf.signal.rfft(convert_to_tensor(x), fft_length=None if fft_length is None else [fft_length]))


def irfft(x, fft_length=None):
    return tf.signal.irfft(_complex_pair(x), None if fft_length is None else [fft_length])


def _check_stride(sequence_stride):
    if not isinstance(sequence_stride, int) or sequence_stride <= 0:
        raise ValueError(f"`sequence_stride` must be a positive integer. Received: sequence_stride={sequence_stride}")


def _stft_window(window, sequence_length, fft_length, dtype):
    """The window (None, "hann", "hamming" or values) zero-padded to `fft_length`, centred."""
    if window is None:
        return None
    if isinstance(window, str):
        make = tf.signal.hann_window if window == "hann" else tf.signal.hamming_window
        values = make(sequence_length, periodic=True, dtype=dtype)
    else:
        values = convert_to_tensor(window, dtype=dtype)
    if len(values.shape) != 1 or values.shape[-1] != sequence_length:
        raise ValueError(f"The shape of `window` must be equal to [sequence_length].Received: window shape="
                         f"{values.shape}")
    left = (fft_length - sequence_length) // 2
    return tf.pad(values, [[left, fft_length - sequence_length - left]])


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    _check_stride(sequence_stride)
    x = convert_to_tensor(x)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(f"Invalid input type. Expected `float32` or `float64`. Received: input type={x.dtype.name}")
    if fft_length < sequence_length:
        raise ValueError("`fft_length` must equal or larger than `sequence_length`. Received: sequence_length="
                         f"{sequence_length}, fft_length={fft_length}")
    if isinstance(window, str) and window not in {"hann", "hamming"}:
        raise ValueError(f'If a string is passed to `window`, it must be one of `"hann"`, `"hamming"`. '
                         f"Received: window={window}")
    if center:
        x = tf.pad(x, [[0, 0]] * (len(x.shape) - 1) + [[fft_length // 2, fft_length // 2]], mode="reflect")
    values = _stft_window(window, sequence_length, fft_length, x.dtype)
    result = tf.signal.stft(x, frame_length=fft_length, frame_step=sequence_stride, fft_length=fft_length,
                            window_fn=None if values is None else (lambda length, dtype: values))
    return _pair(result)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    _check_stride(sequence_stride)
    z = _complex_pair(x)
    dtype = tf.math.real(z).dtype
    expected = fft_length + sequence_stride * (z.shape[-2] - 1)
    values = _stft_window(window, sequence_length, fft_length, dtype)
    window_fn = None if values is None else tf.signal.inverse_stft_window_fn(
        sequence_stride, lambda length, dtype: values)
    out = tf.signal.inverse_stft(z, frame_length=fft_length, frame_step=sequence_stride, fft_length=fft_length,
                                 window_fn=window_fn)
    start = fft_length // 2 if center else 0
    end = start + length if length is not None else (-(fft_length // 2) if center else expected)
    return out[..., start:end]


# ---- argpartition, rearrange, jvp ------------------------------------------------------------------
def argpartition(x, kth, axis=-1):
    """Indices that partition `x` around its `kth` smallest (Keras on TF: x as int32, the kth+1
    smallest first in ascending order, then the rest in descending order)."""
    x = convert_to_tensor(x, "int32")
    original_axis = axis
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    x = swapaxes(x, axis, -1)
    n = x.shape[-1]
    kth = builtins.max(0, builtins.min(int(kth), n - 1))
    bottom = tf.math.top_k(-x, kth + 1).indices
    mask = tf.reduce_sum(tf.one_hot(bottom, n, dtype="int32"), axis=0)
    where = tf.where(mask)
    masked = tf.tensor_scatter_nd_update(x, where, tf.zeros([where.shape[0]], "int32"))
    out = tf.concat([bottom, tf.math.top_k(masked, n - kth - 1).indices], axis=-1)
    return out if original_axis is None else swapaxes(out, -1, axis)


def _axes_of(pattern_side):
    return re.findall(r"\w+|\(.*?\)", pattern_side)


def rearrange(tensor, pattern, **axes_lengths):
    """einops-style `rearrange`: split grouped input axes, permute, merge grouped output axes."""
    tensor = convert_to_tensor(tensor)
    left, right = re.split(r"\s*->\s*", pattern)
    inputs, outputs = _axes_of(left), _axes_of(right)
    sizes, flat_in = {}, []
    for axis, dim in zip(inputs, tensor.shape):
        if axis.startswith("("):
            names = axis[1:-1].split()
            known = int(np.prod([axes_lengths[n] for n in names if n in axes_lengths]))
            for name in names:
                sizes[name] = axes_lengths.get(name, dim // known)
            flat_in += names
        else:
            sizes[axis] = dim
            flat_in.append(axis)
    tensor = tf.reshape(tensor, [sizes[a] for a in flat_in])
    flat_out = [n for axis in outputs for n in (axis[1:-1].split() if axis.startswith("(") else [axis])]
    tensor = tf.transpose(tensor, [flat_in.index(a) for a in flat_out])
    final = [int(np.prod([sizes[n] for n in axis[1:-1].split()])) if axis.startswith("(") else sizes[axis]
             for axis in outputs]
    return tf.reshape(tensor, final)


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode product J(primals) @ tangents, by differentiating a vector-Jacobian product
    with respect to its (dummy) cotangent: `(outputs, output tangents)` (and `aux`)."""
    flat_primals = tf.nest.flatten(primals)
    flat_tangents = [tf.cast(convert_to_tensor(t), p.dtype)
                     for t, p in zip(tf.nest.flatten(tangents), [convert_to_tensor(p) for p in flat_primals])]
    xs = [convert_to_tensor(p) for p in flat_primals]
    with tf.GradientTape(persistent=True) as outer:
        with tf.GradientTape() as inner:
            inner.watch(xs)
            result = fun(*tf.nest.pack_sequence_as(primals, xs))
            outputs, aux = result if has_aux else (result, None)
        flat_outputs = tf.nest.flatten(outputs)
        dummies = [tf.zeros_like(o) for o in flat_outputs]
        outer.watch(dummies)
        vjps = inner.gradient(flat_outputs, xs, output_gradients=dummies, unconnected_gradients="zero")
    # d/du <J^T u, t> = J t
    products = [outer.gradient(vjps, d, output_gradients=flat_tangents, unconnected_gradients="zero")
                for d in dummies]
    out_tangents = tf.nest.pack_sequence_as(outputs, products)
    return (outputs, out_tangents, aux) if has_aux else (outputs, out_tangents)


def lu_factor(a):
    """(packed LU, the inverse of TF's row permutation), as Keras's TF backend returns them."""
    lu, p = tf.linalg.lu(convert_to_tensor(a))
    return lu, tf.math.invert_permutation(p)


# ---- bit-level: nextafter, view ---------------------------------------------------------------------
def nextafter(x1, x2):
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    dtype = result_type(x1, x2, 1.0)
    return tf.cast(tf.math.nextafter(tf.cast(x1, "float64"), tf.cast(x2, "float64")), dtype)


def view(x, dtype=None):
    """The bytes of `x` read as `dtype`: the last dimension grows or shrinks by the size ratio."""
    x = convert_to_tensor(x)
    old, new = x.dtype, tf.as_dtype(_name(dtype) if dtype else x.dtype.name)
    old_size, new_size = np.dtype(old.as_numpy_dtype).itemsize, np.dtype(new.as_numpy_dtype).itemsize
    shape_ = list(x.shape)
    last = shape_[-1] if shape_ else -1
    if (last == -1 and old_size != new_size) or last * old_size % new_size != 0:
        raise ValueError(f"Cannot view array of shape {x.shape} and dtype {old} as dtype {new} because the total "
                         "number of bytes is not divisible by the new itemsize.")
    if old_size == new_size:
        return tf.bitcast(x, new)
    if old_size > new_size:
        shape_[-1] *= old_size // new_size
        return tf.reshape(tf.bitcast(tf.reshape(x, [-1]), new), shape_)
    ratio = new_size // old_size
    if last % ratio != 0:
        raise ValueError(f"Cannot view dtype. Last dimension size ({last}) must be divisible by the ratio of "
                         f"new/old item sizes ({ratio}).")
    return tf.bitcast(tf.reshape(x, shape_[:-1] + [last // ratio, ratio]), new)


# ---- fold / unfold (NCHW sliding blocks, as torch's Fold/Unfold) -----------------------------------
def _pair2(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _block_positions(padded, kernel, dilation, stride):
    """Flat positions in the padded (H, W) plane of every (kernel row, kernel col, block row,
    block col), and the block grid's size."""
    (hp, wp), (kh, kw), (dh, dw), (sh, sw) = padded, kernel, dilation, stride
    nh, nw = (hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1
    rows = (np.arange(nh)[None, None, :, None] * sh + np.arange(kh)[:, None, None, None] * dh)
    cols = (np.arange(nw)[None, None, None, :] * sw + np.arange(kw)[None, :, None, None] * dw)
    return (rows * wp + cols).reshape(-1).astype(np.int32), nh, nw


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding `kernel_size` blocks of an NCHW tensor: `(N, C * kH * kW, blocks)`."""
    x = convert_to_tensor(x)
    k, d, p, st = _pair2(kernel_size), _pair2(dilation), _pair2(padding), _pair2(stride)
    n, c, h, w = x.shape
    if builtins.any(v > 0 for v in p):
        x = tf.pad(x, [[0, 0], [0, 0], [p[0], p[0]], [p[1], p[1]]])
    hp, wp = h + 2 * p[0], w + 2 * p[1]
    positions, nh, nw = _block_positions((hp, wp), k, d, st)
    blocks = tf.gather(tf.reshape(x, [n, c, hp * wp]), positions, axis=2)
    return tf.reshape(blocks, [n, c * k[0] * k[1], nh * nw])


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums sliding blocks `(N, C * kH * kW, blocks)` back into an NCHW tensor (col2im)."""
    x = convert_to_tensor(x)
    k, o, d, p, st = (_pair2(kernel_size), _pair2(output_size), _pair2(dilation), _pair2(padding),
                      _pair2(stride))
    n, ckk = x.shape[0], x.shape[1]
    c = ckk // (k[0] * k[1])
    hp, wp = o[0] + 2 * p[0], o[1] + 2 * p[1]
    positions, nh, nw = _block_positions((hp, wp), k, d, st)
    flat = tf.transpose(tf.reshape(x, [n, c, k[0] * k[1] * nh * nw]), [2, 0, 1])
    summed = tf.math.unsorted_segment_sum(flat, positions, hp * wp)
    out = tf.reshape(tf.transpose(summed, [1, 2, 0]), [n, c, hp, wp])
    return out[:, :, p[0]:p[0] + o[0], p[1]:p[1] + o[1]]


def psnr(x1, x2, max_val):
    x1, x2 = _float(x1), _float(x2)
    mse = tf.reduce_mean(tf.square(x1 - x2))
    return 20 * log10(tf.cast(max_val, x1.dtype)) - 10 * log10(mse)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    num_classes = kwargs.pop("num_tokens", num_classes)
    inputs = convert_to_tensor(inputs)
    out = tf.reduce_max(tf.one_hot(inputs, num_classes, dtype=_name(dtype or "float32")), axis=-2)
    return out


def in_top_k(targets, predictions, k):
    return tf.math.in_top_k(convert_to_tensor(targets), _float(predictions), k)


def depth_to_space(x, block_size, data_format="channels_last"):
    return tf.nn.depth_to_space(convert_to_tensor(x), block_size)


def space_to_depth(x, block_size, data_format="channels_last"):
    return tf.nn.space_to_depth(convert_to_tensor(x), block_size)


# ---- core ---------------------------------------------------------------------------------------

def scatter(indices, values, shape):
    return tf.scatter_nd(convert_to_tensor(indices), convert_to_tensor(values), shape)


def scatter_update(inputs, indices, updates):
    inputs = convert_to_tensor(inputs)
    return tf.tensor_scatter_nd_update(inputs, convert_to_tensor(indices), _as(updates, inputs.dtype.name))


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = _as(updates, inputs.dtype.name)
    grids = np.meshgrid(*[np.arange(s, s + n) for s, n in zip(start_indices, updates.shape.as_list())],
                        indexing="ij")
    indices = np.stack(grids, -1)
    return tf.tensor_scatter_nd_update(inputs, tf.constant(indices, "int32"), updates)


def _segment(fn):
    def op(data, segment_ids, num_segments=None, sorted=False):
        segment_ids = convert_to_tensor(segment_ids)
        if num_segments is None:
            num_segments = int(np.max(segment_ids.numpy())) + 1
        return fn(convert_to_tensor(data), segment_ids, num_segments)
    return op


segment_sum = _segment(tf.math.unsorted_segment_sum)
segment_max = _segment(tf.math.unsorted_segment_max)
segment_min = _segment(tf.math.unsorted_segment_min)
segment_prod = _segment(tf.math.unsorted_segment_prod)


def switch(index, branches, *operands):
    index = int(np.clip(int(convert_to_numpy(index)), 0, len(branches) - 1))
    return branches[index](*operands)


def map(f, xs):
    return tf.map_fn(f, xs)


def vectorized_map(function, elements):
    return tf.vectorized_map(function, elements)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    n = length if xs is None else convert_to_tensor(xs).shape[0]
    carry, ys = convert_to_tensor(init), []
    order = builtins.range(n - 1, -1, -1) if reverse else builtins.range(n)
    for i in order:
        carry, y = f(carry, None if xs is None else xs[i])
        ys.append(y)
    if reverse:
        ys.reverse()
    stacked = None if not ys or ys[0] is None else tf.stack([convert_to_tensor(y) for y in ys])
    return carry, stacked


def associative_scan(f, elems, reverse=False, axis=0):
    elems = convert_to_tensor(elems)
    parts = tf.unstack(elems, axis=axis)
    if reverse:
        parts.reverse()
    out = [parts[0]]
    for p in parts[1:]:
        out.append(f(out[-1], p))
    if reverse:
        out.reverse()
    return tf.stack(out, axis=axis)


def custom_gradient(f):
    return tf.custom_gradient(f)


def saturate_cast(x, dtype):
    return tf.dtypes.saturate_cast(convert_to_tensor(x), _name(dtype))


def vectorize(pyfunc, *, excluded=None, signature=None):
    def op(*args):
        return tf.vectorized_map(lambda a: pyfunc(*a), tuple(convert_to_tensor(a) for a in args))
    return op


for _name_, _value in list(globals().items()):     # the op factories' functions, named
    if getattr(_value, "__name__", None) == "op":
        _value.__name__ = _value.__qualname__ = _name_

nn = types.SimpleNamespace(**{name: globals()[name] for name in (
    "relu", "relu6", "elu", "selu", "gelu", "silu", "swish", "leaky_relu", "softsign",
    "log_sigmoid", "softmax", "log_softmax", "normalize", "moments", "sigmoid", "softplus",
    "one_hot", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
    "celu", "glu", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "hard_shrink", "soft_shrink",
    "tanh_shrink", "squareplus", "sparse_plus", "sparse_sigmoid", "sparsemax", "threshold",
    "batch_normalization", "layer_normalization", "rms_normalization", "average_pool", "max_pool",
    "adaptive_average_pool", "adaptive_max_pool",
    "conv", "conv_transpose", "depthwise_conv", "separable_conv", "dot_product_attention", "psnr", "multi_hot",
    "ctc_loss", "ctc_decode", "fold", "unfold")})
linalg = types.SimpleNamespace(**{name: globals()[name] for name in (
    "norm", "inv", "det", "cholesky", "cholesky_inverse", "eigh", "qr", "svd", "solve",
    "solve_triangular", "lstsq", "slogdet", "logdet", "pinv", "matrix_rank", "jvp", "lu_factor")})
image = types.SimpleNamespace(rot90=rot90)
numpy = types.SimpleNamespace(**{name: value for name, value in globals().items()
                                 if callable(value) and not name.startswith("_")
                                 and getattr(value, "__module__", None) == __name__})
