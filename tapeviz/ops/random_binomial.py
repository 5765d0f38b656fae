"""TF's binomial sampler (`random_binomial_op.cc`) and `tf.random.stateless_binomial`.

Output i of a (count, prob) pair reads uniform doubles from its own Philox sub-stream: 42
blocks apart for binomial inversion (count * p < 10), 256 apart for Hormann's BTRS. Probabilities
above one half sample the complement. Tests such as `count * prob >= 10` run in the parameters'
dtype, as the kernel's do; the sampling itself is in double.
"""
import math

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops.array import shape_arg
from tapeviz.ops.random_poisson import Uniforms
from tapeviz.ops.stateless_random import key_counter

_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
         0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
         0.00925546218271273, 0.00833056343336287)


def _inversion(count, prob, uniform):
    geom_sum, num_geom = 0.0, 0
    log1p_neg_p = math.log1p(-prob)
    while True:
        geom_sum += math.ceil(math.log(uniform()) / log1p_neg_p)
        if geom_sum > count:
            return float(num_geom)
        num_geom += 1


def _floor(x):
    """C's floor: infinities and NaN pass through (an infinite count gives inf or NaN, as TF)."""
    return math.floor(x) if math.isfinite(x) else x


def _stirling_tail(k):
    if k <= 9:
        return _TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _btrs(count, prob, uniform):
    stddev = math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = _floor((count + 1) * prob)
    while True:
        u = uniform()
        v = uniform()
        u = u - 0.5
        us = 0.5 - abs(u)
        k = _floor((2 * a / us + b) * u + c)
        if us >= 0.07 and v <= v_r:
            return float(k)
        if k < 0 or k > count:
            continue
        v = math.log(v * alpha / (a / (us * us) + b))
        upper = ((m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
                 + (count + 1) * math.log((count - m + 1) / (count - k + 1))
                 + (k + 0.5) * math.log(r * (count - k + 1) / (k + 1))
                 + _stirling_tail(m) + _stirling_tail(count - m)
                 - _stirling_tail(k) - _stirling_tail(count - k))
        if v <= upper:
            return float(k)


def binomial_samples(key, counter, samples_per_batch, counts, probs):
    """(samples_per_batch, batches) float64 draws; output (s, b) is stream b * samples + s."""
    t = probs.dtype.type
    out = np.empty((samples_per_batch, counts.size))
    for b_idx, (count, prob) in enumerate(zip(counts.reshape(-1), probs.reshape(-1))):
        dcount = float(count)
        for s_idx in range(samples_per_batch):
            i = b_idx * samples_per_batch + s_idx
            if dcount <= 0.0 or prob <= 0:
                out[s_idx, b_idx] = 0.0
            elif prob >= 1:
                out[s_idx, b_idx] = dcount
            elif prob <= t(0.5) or prob > t(0.5):
                flip = prob > t(0.5)
                p = t(t(1) - prob) if flip else prob
                if t(count * p) >= t(10):
                    draw = _btrs(dcount, float(p), Uniforms(key, counter, i))
                else:
                    draw = _inversion(dcount, float(p), Uniforms(key, counter, i, spacing=42))
                out[s_idx, b_idx] = dcount - draw if flip else draw
            else:
                out[s_idx, b_idx] = np.nan
    return out


def prepare(op_type, shape, counts, probs):
    """(shape, broadcast counts, broadcast probs, samples per batch) with TF's checks."""
    shape = shape_arg(shape)
    try:
        c, p = np.broadcast_arrays(counts._value, probs._value)
    except ValueError:
        raise kernel_error(op_type, "counts and probs must have compatible batch dimensions: "
                           f"{list(counts.shape)} vs. {list(probs.shape)}", name=None) from None
    batch = c.shape
    if len(batch) > len(shape) or tuple(shape[len(shape) - len(batch):]) != batch:
        raise kernel_error(op_type, "Shape passed in must end with broadcasted shape.", name=None)
    n = int(np.prod(shape, dtype=np.int64))
    return shape, c, p, n // max(c.size, 1)


def sample(key, counter, shape, c, p, per_batch, dtype):
    """The output tensor: draws cast to `dtype` (inf and NaN become INT_MIN, as in TF)."""
    if per_batch * c.size == 0:
        return Tensor(np.zeros(shape, dtype.as_numpy_dtype))
    draws = binomial_samples(key, counter, per_batch, c, p)
    with np.errstate(invalid="ignore"):
        return Tensor(draws.astype(dtype.as_numpy_dtype).reshape(shape))


def stateless_binomial(shape, seed, counts, probs, output_dtype=D.int32, name=None):
    """Binomial(counts, probs) samples of `shape` (the broadcast parameters fill its last dims).

    Raises:
      InvalidArgumentError: a seed not of shape [2], or `shape` not ending in the broadcast shape.
    """
    probs = convert_to_tensor(probs, preferred_dtype=D.float32)
    counts = convert_to_tensor(counts, preferred_dtype=probs.dtype)
    shape, c, p, per_batch = prepare("StatelessRandomBinomial", shape, counts, probs)
    key, counter = key_counter(seed, "StatelessRandomBinomial")
    return sample(key, counter, shape, c, p, per_batch, D.as_dtype(output_dtype))


export(stateless_binomial, "random.stateless_binomial")
