"""`keras.ops`: Keras 3's backend-neutral, NumPy-like op set, built on tapeviz ops (so every call
is recorded on a GradientTape and drawn like any TF op).

Dtypes follow Keras 3 (checked against Keras 3.15 on TensorFlow): Python numbers are "weak"
(`ops.add(int32_tensor, 1.5)` is float32), an int mixed with a float gives the float's dtype,
ops that need a float (`sqrt`, `mean`, `divide`) turn integers into float32.
"""
import builtins
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


for _name_, _value in list(globals().items()):     # the op factories' functions, named
    if getattr(_value, "__name__", None) == "op":
        _value.__name__ = _value.__qualname__ = _name_

nn = types.SimpleNamespace(**{name: globals()[name] for name in (
    "relu", "relu6", "elu", "selu", "gelu", "silu", "swish", "leaky_relu", "softsign",
    "log_sigmoid", "softmax", "log_softmax", "normalize", "moments", "sigmoid", "softplus",
    "one_hot", "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")})
linalg = types.SimpleNamespace(norm=norm)
numpy = types.SimpleNamespace(**{name: value for name, value in globals().items()
                                 if callable(value) and not name.startswith("_")
                                 and getattr(value, "__module__", None) == __name__})
