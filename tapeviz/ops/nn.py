"""Neural-network ops (`tf.nn.*`): activations, softmax and losses, conv2d and pooling, dropout."""

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, matching_tensors
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defgrad, defop, execute, unregistered_gradient
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops import random as R
from tapeviz.ops import softmax_kernel

FLOATING, REAL = D.FLOATING, D.REAL
_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717


def _t(x):
    return x if type(x) is Tensor else convert_to_tensor(x)


# ---- activations ----------------------------------------------------------------------------------
# Each *Grad op takes (g, y-or-x) like TF's kernels, so the graph shows ReluGrad and second
# derivatives come from the *Grad op's own rule.
relu = defop("Relu", lambda x: np.maximum(x, 0, dtype=x.dtype), dtypes=REAL, inputs="features")
_relu_grad = defop("ReluGrad", lambda g, y: g * (y > 0), dtypes=REAL)
defgrad(relu, lambda g, y, x: _relu_grad(g, y))
defgrad(_relu_grad, lambda gg, dx, g, y: _relu_grad(gg, y), lambda gg, dx, g, y: A.zeros_like(y))

relu6 = defop("Relu6", lambda x: np.clip(x, 0, 6).astype(x.dtype, copy=False), dtypes=REAL, inputs="features")
_relu6_grad = defop("Relu6Grad", lambda g, y: g * ((y > 0) & (y < 6)), dtypes=REAL)
defgrad(relu6, lambda g, y, x: _relu6_grad(g, y))
defgrad(_relu6_grad, lambda gg, dx, g, y: _relu6_grad(gg, y), lambda gg, dx, g, y: A.zeros_like(y))

_leaky_relu = defop("LeakyRelu", lambda x, alpha=0.2: np.where(x > 0, x, x * x.dtype.type(alpha)),
                    dtypes=FLOATING)
_leaky_relu_grad = defop("LeakyReluGrad", lambda g, x, alpha=0.2: np.where(x > 0, g, g * g.dtype.type(alpha)),
                         dtypes=FLOATING)
defgrad(_leaky_relu, lambda g, y, x, alpha=0.2: _leaky_relu_grad(g, x, alpha=alpha))
defgrad(_leaky_relu_grad, lambda gg, dx, g, x, alpha=0.2: _leaky_relu_grad(gg, x, alpha=alpha),
        lambda gg, dx, g, x, alpha=0.2: A.zeros_like(x))

elu = defop("Elu", lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))), dtypes=FLOATING,
            inputs="features")
_elu_grad = defop("EluGrad", lambda g, y: np.where(y < 0, g * (y + 1), g), dtypes=FLOATING)
defgrad(elu, lambda g, y, x: _elu_grad(g, y))
defgrad(_elu_grad, lambda gg, dx, g, y: _elu_grad(gg, y),
        lambda gg, dx, g, y: A.where(M.less(y, 0.0), gg * g, A.zeros_like(y)))


def _np_selu(x):
    neg = np.expm1(np.minimum(x, 0)) * x.dtype.type(_SELU_SCALE * _SELU_ALPHA)
    return np.where(x > 0, x * x.dtype.type(_SELU_SCALE), neg)


def _np_selu_grad(g, y):
    t = y.dtype.type
    return np.where(y < 0, g * (y + t(_SELU_SCALE * _SELU_ALPHA)), g * t(_SELU_SCALE))


selu = defop("Selu", _np_selu, dtypes=FLOATING, inputs="features")
_selu_grad = defop("SeluGrad", _np_selu_grad, dtypes=FLOATING)
defgrad(selu, lambda g, y, x: _selu_grad(g, y))
defgrad(_selu_grad, lambda gg, dx, g, y: _selu_grad(gg, y),
        lambda gg, dx, g, y: A.where(M.less(y, 0.0), gg * g, A.zeros_like(y)))

softsign = defop("Softsign", lambda x: x / (1 + np.abs(x)), dtypes=FLOATING, inputs="features")
# TF's SoftsignGrad kernel has no gradient of its own: a second derivative raises LookupError
_softsign_grad = defop("SoftsignGrad", lambda g, x: g / np.square(1 + np.abs(x)), dtypes=FLOATING)
unregistered_gradient(_softsign_grad)
defgrad(softsign, lambda g, y, x: _softsign_grad(g, x))


def crelu(features, name=None, axis=-1):
    """relu(x) and relu(-x) concatenated along `axis` (twice the channels)."""
    x = _t(features)
    return A.concat([relu(x), relu(-x)], axis)


def leaky_relu(features, alpha=0.2, name=None):
    """max(x, alpha * x); integer input is computed in float32, as TF does."""
    x = _t(features)
    if x.dtype.is_integer:
        x = M.cast(x, D.float32)
    return _leaky_relu(x, alpha=float(alpha))


def gelu(features, approximate=False, name=None):
    """x * Phi(x), exact (erf) by default or the tanh approximation."""
    x = _t(features)
    if not x.dtype.is_floating:
        raise ValueError(f"`features.dtype` must be a floating point tensor.Received:features.dtype={x.dtype}")
    if approximate:
        inner = 0.7978845608028654 * (x + 0.044715 * M.pow(x, 3.0))
        return 0.5 * x * (1.0 + M.tanh(inner))
    return 0.5 * x * (1.0 + M.erf(x / 1.4142135623730951))


def silu(features, beta=1.0, name=None):
    """x * sigmoid(beta * x) (also `tf.nn.swish`)."""
    x = _t(features)
    return x * M.sigmoid(x if beta == 1.0 else beta * x)


# ---- softmax --------------------------------------------------------------------------------------
# (ufunc.reduce rather than np.max/np.sum: the same reduction without NumPy's Python wrapper,
# which costs more than the arithmetic on the small batches people learn with)
# (initial=-inf: an empty axis gives an empty result, not NumPy's "no identity" error)
def _np_softmax(x, axis=-1):
    """The Softmax op's kernel: TF runs float32 and float16 through oneDNN's, others through Eigen's."""
    if x.dtype in (np.float32, np.float16):
        return softmax_kernel.softmax(x.astype(np.float32, copy=False), axis).astype(x.dtype, copy=False)
    return _np_softmax_eigen(x, axis)


def _np_softmax_eigen(x, axis=-1):
    """exp(x - max) / sum, as Eigen computes it (the Softmax op on float64, and the fused
    cross-entropy kernels, which never go through oneDNN)."""
    e = np.exp(x - np.maximum.reduce(x, axis=axis, keepdims=True, initial=-np.inf))
    e /= np.add.reduce(e, axis=axis, keepdims=True)
    return e


def _np_log_softmax(x, axis=-1):
    s = x - np.maximum.reduce(x, axis=axis, keepdims=True, initial=-np.inf)
    return s - np.log(np.add.reduce(np.exp(s), axis=axis, keepdims=True))


_softmax = defop("Softmax", _np_softmax, dtypes=FLOATING,
                  dtype_names="half, bfloat16, float, double")
defgrad(_softmax, lambda g, y, x, axis=-1: (g - M.reduce_sum(g * y, axis=axis, keepdims=True)) * y)

# NOTE: log_softmax is a primitive because log(softmax(x)) underflows to -inf for large logits.
_log_softmax = defop("LogSoftmax", _np_log_softmax, dtypes=FLOATING,
                      dtype_names="half, bfloat16, float, double")
defgrad(_log_softmax, lambda g, y, x, axis=-1: g - M.reduce_sum(g, axis=axis, keepdims=True) * M.exp(y))


def _softmax_axis(x, axis, op):
    n = x.ndim
    if op is _softmax and x.dtype in (D.float32, D.float16) and not 1 <= n <= 5:
        # oneDNN's kernel, which TF uses for these
        raise kernel_error(op.type, "Input dims must be <= 5 and >=1", name="", cls=errors.AbortedError)
    if n == 0:
        raise kernel_error(op.type, "logits must have >= 1 dimension, got []", name="")
    if not -n <= axis < n:
        raise errors.InvalidArgumentError(
            None, op.type, f"`dim` must be in the range [{-n}, {n}) where {n} is the number of "
            f"dimensions in the input. Received: dim={axis}")
    return axis % n


def softmax(logits, axis=None, name=None):
    """exp(x) / sum(exp(x)) along `axis` (last by default); stable for large logits; floats only."""
    x = _t(logits)
    if x.dtype not in FLOATING:
        from tapeviz.framework.registry import disallowed
        raise disallowed(_softmax, x.dtype)
    return _softmax(x, axis=_softmax_axis(x, -1 if axis is None else int(axis), _softmax))


def log_softmax(logits, axis=None, name=None):
    """x - log(sum(exp(x))) along `axis` (last by default), computed stably."""
    x = _t(logits)
    if x.dtype not in FLOATING:
        from tapeviz.framework.registry import disallowed
        raise disallowed(_log_softmax, x.dtype)
    return _log_softmax(x, axis=_softmax_axis(x, -1 if axis is None else int(axis), _log_softmax))


# ---- cross entropies ------------------------------------------------------------------------------
def _np_xent(logits, labels):
    s = logits - np.maximum.reduce(logits, axis=-1, keepdims=True)
    s -= np.log(np.add.reduce(np.exp(s), axis=-1, keepdims=True))
    return -np.add.reduce(labels * s, axis=-1)


# NOTE: fused for stability (log-sum-exp); the rules give softmax - labels and -log_softmax.
_xent = defop("SoftmaxCrossEntropyWithLogits", _np_xent, dtypes=FLOATING, broadcasting=True,
              inputs="logits, labels")


# The logits' gradient, g[..., None] * (softmax(logits) - labels), in one kernel as TF computes
# it inside its fused op (one op in the backward pass instead of four); its own rules are those
# of that expression, so second derivatives are unchanged.
def _np_xent_grad(g, logits, labels):
    return g[..., None] * (_np_softmax_eigen(logits) - labels)


def _softmax_vjp(u, p):
    return (u - M.reduce_sum(u * p, axis=-1, keepdims=True)) * p


_xent_grad = defop("SoftmaxCrossEntropyWithLogitsGrad", _np_xent_grad, dtypes=FLOATING,
                   broadcasting=True)
defgrad(_xent_grad,
        lambda gg, y, g, logits, labels: M.reduce_sum(gg * (_softmax(logits, axis=-1) - labels), axis=-1),
        lambda gg, y, g, logits, labels: _softmax_vjp(A.expand_dims(g, -1) * gg, _softmax(logits, axis=-1)),
        lambda gg, y, g, logits, labels: -(A.expand_dims(g, -1) * gg))
defgrad(_xent,
        lambda g, y, logits, labels: _xent_grad(g, logits, labels),
        lambda g, y, logits, labels: A.expand_dims(g, -1) * -_log_softmax(logits, axis=-1))


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Per-example cross entropy between `labels` (a distribution) and softmax(`logits`).

    Gradients flow to both; labels are cast to the logits' dtype.
    Raises:
      InvalidArgumentError: non-float logits, or shapes that do not broadcast.
    """
    lg = _t(logits)
    if lg.dtype not in FLOATING:
        from tapeviz.framework.registry import disallowed
        raise disallowed(_xent, lg.dtype)
    lb = _t(labels)
    if lb.dtype is not lg.dtype:
        lb = M.cast(lb, lg.dtype)
    n = lg.ndim
    if n == 0:
        raise kernel_error("Slice", "Expected begin[0] == 0 (got -1) and size[0] == 0 (got 1) when "
                           "input.dim_size(0) == 0")
    try:
        if lg._value.shape != lb._value.shape:
            np.broadcast_shapes(lg._value.shape, lb._value.shape)
    except ValueError:
        raise kernel_error("SoftmaxCrossEntropyWithLogits",
                           f"logits and labels must be broadcastable: logits_size="
                           f"{A.shape_list(lg._value.shape)} labels_size={A.shape_list(lb._value.shape)}",
                           name="") from None
    axis = int(axis) % n
    if axis != n - 1:
        perm = tuple(i for i in range(n) if i != axis) + (axis,)
        lg, lb = A._transpose(lg, perm=perm), A._transpose(lb, perm=perm) if lb.ndim == n else lb
    return _xent(lg, lb)


def _np_sparse_xent(logits, labels):
    depth = logits.shape[-1]
    bad = (labels < 0) | (labels >= depth)
    if bad.any():
        first = labels.ravel()[np.argmax(bad.ravel())]
        raise kernel_error("SparseSoftmaxCrossEntropyWithLogits",
                           f"Received a label value of {first} which is outside the valid range of "
                           f"[0, {depth}).  Label values: {' '.join(map(str, labels.ravel()))}", name="")
    s = logits - np.maximum.reduce(logits, axis=-1, keepdims=True)
    lse = np.log(np.add.reduce(np.exp(s), axis=-1))
    if s.ndim == 2:     # the usual batch of rows: plain fancy indexing, the same values
        return lse - s[np.arange(s.shape[0]), labels]
    return lse - np.take_along_axis(s, labels[..., None].astype(np.intp), axis=-1)[..., 0]


_sparse_xent = defop("SparseSoftmaxCrossEntropyWithLogits", _np_sparse_xent, dtypes=FLOATING,
                     match=False, inputs="logits, labels")


# As for the dense op: g[..., None] * (softmax(logits) - one_hot(labels)) in one kernel.
def _np_sparse_xent_grad(g, logits, labels):
    p = _np_softmax_eigen(logits)
    rows = p.reshape(-1, p.shape[-1])      # a view: p is a fresh contiguous array
    rows[np.arange(rows.shape[0]), labels.ravel()] -= 1
    return g[..., None] * p


def _one_hot_like(labels, logits):
    return A.one_hot(labels, logits._value.shape[-1], dtype=logits.dtype)


_sparse_xent_grad = defop("SparseSoftmaxCrossEntropyWithLogitsGrad", _np_sparse_xent_grad,
                          dtypes=FLOATING, match=False)
defgrad(_sparse_xent_grad,
        lambda gg, y, g, logits, labels: M.reduce_sum(
            gg * (_softmax(logits, axis=-1) - _one_hot_like(labels, logits)), axis=-1),
        lambda gg, y, g, logits, labels: _softmax_vjp(A.expand_dims(g, -1) * gg, _softmax(logits, axis=-1)),
        None)
defgrad(_sparse_xent, lambda g, y, logits, labels: _sparse_xent_grad(g, logits, labels), None)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Per-example cross entropy between integer class `labels` and softmax(`logits`).

    Raises:
      InvalidArgumentError: float labels, or a label outside [0, num_classes).
      ValueError: labels.shape != logits.shape[:-1].
    """
    lg, lb = _t(logits), _t(labels)
    if lb.dtype not in (D.int32, D.int64):
        raise errors.build_error("SparseSoftmaxCrossEntropyWithLogits",
                                 f"Value for attr 'Tlabels' of {lb.dtype.c_name} is not in the list "
                                 "of allowed values: int32, int64")
    if lg.dtype not in FLOATING:
        from tapeviz.framework.registry import disallowed
        raise disallowed(_sparse_xent, lg.dtype)
    if lb._value.shape != lg._value.shape[:-1]:
        raise ValueError(f"`labels.shape` must equal `logits.shape` except for the last dimension. "
                         f"Received: labels.shape={lb.shape} and logits.shape={lg.shape}")
    return _sparse_xent(lg, lb)


def _check_same_shape(labels, logits):
    if labels._value.shape != logits._value.shape:
        raise ValueError(f"`logits` and `labels` must have the same shape, received "
                         f"({logits.shape} vs {labels.shape}).")


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Elementwise logistic loss, computed stably: max(x, 0) - x * z + log(1 + exp(-|x|))."""
    lg = _t(logits)
    lb = labels if isinstance(labels, Tensor) else convert_to_tensor(labels, dtype_hint=lg.dtype)
    _check_same_shape(lb, lg)
    zeros = A.zeros_like(lg)
    cond = M.greater_equal(lg, zeros)
    relu_logits = A.where(cond, lg, zeros)
    neg_abs_logits = A.where(cond, -lg, lg)
    return M.add(relu_logits - lg * lb, M.log1p(M.exp(neg_abs_logits)))


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Logistic loss with positive examples weighted by `pos_weight`, computed stably."""
    lg = _t(logits)
    lb = labels if isinstance(labels, Tensor) else convert_to_tensor(labels, dtype_hint=lg.dtype)
    _check_same_shape(lb, lg)
    log_weight = 1.0 + (pos_weight - 1.0) * lb if not isinstance(pos_weight, Tensor) else \
        M.add(M.multiply(M.subtract(pos_weight, 1.0), lb), 1.0)
    return M.add((1.0 - lb) * lg,
                 log_weight * (M.log1p(M.exp(-M.abs(lg))) + relu(-lg)))


l2_loss = defop("L2Loss", lambda x: np.sum(np.square(x), dtype=x.dtype) / x.dtype.type(2),
                dtypes=FLOATING, inputs="t")
defgrad(l2_loss, lambda g, y, x: g * x)


# ---- bias, moments, normalization -----------------------------------------------------------------
def _np_bias_add(value, bias, channel=-1):
    if np.ndim(bias) != 1:
        raise kernel_error("BiasAdd", f"Biases must be 1D: {A.shape_list(np.shape(bias))}")
    if np.ndim(value) < 2:
        raise kernel_error("BiasAdd", f"Input tensor must be at least 2D: {A.shape_list(np.shape(value))}")
    if np.shape(value)[channel] != np.shape(bias)[0]:
        raise kernel_error("BiasAdd", f"Must provide as many biases as the last dimension of the input "
                           f"tensor: {A.shape_list(np.shape(bias))} vs. {A.shape_list(np.shape(value))}")
    if channel == -1:
        return value + bias
    return value + bias.reshape((-1,) + (1,) * (np.ndim(value) - 2))


_bias_add = defop("BiasAdd", _np_bias_add, dtypes=D.NUMERIC)
defgrad(_bias_add, lambda g, y, v, b, channel=-1: g,
        lambda g, y, v, b, channel=-1: M.reduce_sum(
            g, axis=[i for i in range(g.ndim) if i != channel % g.ndim]))


def bias_add(value, bias, data_format=None, name=None):
    """value + bias along the channel dimension (last for NHWC/None, 1 for NC...)."""
    channel = 1 if data_format and data_format.startswith("NC") else -1
    v, b = matching_tensors("BiasAdd", [value, bias])
    return execute(_bias_add, [v, b], {"channel": channel})


def moments(x, axes, shift=None, keepdims=False, name=None):
    """(mean, variance) of `x` over `axes` (population variance)."""
    x = _t(x)
    y = M.cast(x, D.float32) if x.dtype is D.float16 else x
    mean = M.reduce_mean(y, axis=list(axes), keepdims=True)
    variance = M.reduce_mean(M.squared_difference(y, A.stop_gradient(mean)), axis=list(axes), keepdims=True)
    if not keepdims:
        mean, variance = A.squeeze(mean, list(axes)), A.squeeze(variance, list(axes))
    if x.dtype is D.float16:
        mean, variance = M.cast(mean, D.float16), M.cast(variance, D.float16)
    return mean, variance


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """(mean, variance) from sufficient statistics (counts, sum, sum of squares)."""
    divisor = M.reciprocal(_t(counts) if not isinstance(counts, (int, float)) else
                           convert_to_tensor(float(counts), _t(mean_ss).dtype))
    shifted_mean = M.multiply(mean_ss, divisor)
    mean = shifted_mean if shift is None else M.add(shifted_mean, shift)
    variance = M.subtract(M.multiply(variance_ss, divisor), M.square(shifted_mean))
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + eps) + offset, as TF computes it."""
    x = _t(x)
    inv = M.rsqrt(M.add(convert_to_tensor(variance, dtype_hint=x.dtype), variance_epsilon))
    if scale is not None:
        inv = inv * scale
    shift = (-_t(mean) * inv) if offset is None else offset - mean * inv
    return x * M.cast(inv, x.dtype) + M.cast(shift, x.dtype)


# ---- dropout ---------------------------------------------------------------------------------------
def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes each element with probability `rate` and scales the rest by 1 / (1 - rate).

    Raises:
      ValueError: `rate` outside [0, 1), or a non-float `x`.
    """
    x = _t(x)
    if not x.dtype.is_floating:
        raise ValueError(f"`x.dtype` must be a floating point tensor as `x` will be scaled. "
                         f"Received: x_dtype={x.dtype}")
    r = float(rate)
    if r < 0 or r >= 1:          # TF's test: a nan rate passes it (and keeps nothing)
        raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
    if r == 0:
        return x
    shape = x._value.shape if noise_shape is None else tuple(
        d if n is None else int(n) for n, d in zip(A.shape_arg(noise_shape) if not isinstance(
            noise_shape, (list, tuple)) else noise_shape, x._value.shape))
    keep = R.uniform(shape, dtype=x.dtype, seed=seed)._value >= r
    scaled = x * (1.0 / (1.0 - r))
    return A.where(Tensor(keep), scaled, A.zeros_like(scaled))


def embedding_lookup(params, ids, max_norm=None, name=None):
    """The rows of `params` at `ids` (a gather; the gradient is IndexedSlices)."""
    if isinstance(params, (list, tuple)):
        # a list is a set of shards split by rows ("div" strategy): the ids index their concatenation
        params = params[0] if len(params) == 1 else A.concat(list(params), 0)
    if max_norm is not None:
        raise NotImplementedError("embedding_lookup with max_norm")
    return A.gather(params, ids)


# ---- exports -------------------------------------------------------------------------------------
export(relu, "nn.relu")
export(relu6, "nn.relu6")
export(crelu, "nn.crelu")
export(leaky_relu, "nn.leaky_relu")
export(elu, "nn.elu")
export(selu, "nn.selu")
export(gelu, "nn.gelu")
export(softsign, "nn.softsign", "math.softsign")
export(silu, "nn.silu", "nn.swish")
export(softmax, "nn.softmax", "math.softmax")
export(log_softmax, "nn.log_softmax", "math.log_softmax")
export(softmax_cross_entropy_with_logits, "nn.softmax_cross_entropy_with_logits")
export(sparse_softmax_cross_entropy_with_logits, "nn.sparse_softmax_cross_entropy_with_logits")
export(sigmoid_cross_entropy_with_logits, "nn.sigmoid_cross_entropy_with_logits")
export(weighted_cross_entropy_with_logits, "nn.weighted_cross_entropy_with_logits")
export(l2_loss, "nn.l2_loss")
export(bias_add, "nn.bias_add")
export(moments, "nn.moments")
export(normalize_moments, "nn.normalize_moments")
export(batch_normalization, "nn.batch_normalization")
export(dropout, "nn.dropout")
export(embedding_lookup, "nn.embedding_lookup")
