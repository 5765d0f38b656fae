"""TF's Poisson sampler (`random_poisson_op.cc`) and the ops built on it: `tf.random.poisson`
(RandomPoissonV2) and `tf.random.stateless_poisson` (StatelessRandomPoisson).

Each output reads its own Philox sub-stream, 256 blocks apart, taking uniform doubles from
the end of each block. Rates below 10 use Knuth's product of uniforms, larger ones Hormann's
transformed rejection; the kernel computes in double for every rate dtype, as here.
"""
import math

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import build_error, kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import philox
from tapeviz.ops.array import shape_arg
from tapeviz.ops.random_distributions import uint64_to_double
from tapeviz.ops.random_seed import get_seed, kernel_stream
from tapeviz.ops.stateless_random import key_counter

_PER_OUTPUT = 256
_RATE_DTYPES = (D.float16, D.float32, D.float64, D.int32, D.int64)
_OUT_DTYPES = (D.float16, D.float32, D.float64, D.int32, D.int64)


class Uniforms:
    """One output's uniform doubles: blocks counter + spacing*i, +1, ..., each read last first."""

    def __init__(self, key, counter, output, spacing=_PER_OUTPUT):
        self.key, self.counter = key, philox.skip(counter, spacing * output)
        self.pending, self.block = [], 0

    def __call__(self):
        if not self.pending:
            b = philox.blocks(self.key, philox.skip(self.counter, self.block), 1)[0]
            self.block += 1
            self.pending = uint64_to_double(b[0::2], b[1::2]).tolist()
        return self.pending.pop()


def _sample(rate, uniform):
    """One Poisson(rate) draw (a float): Knuth below 10, else Hormann's PTRS, in double."""
    if rate < 10:
        exp_neg_rate = math.exp(-rate)
        prod, x = 1.0, 0.0
        while True:
            prod *= uniform()
            if prod <= exp_neg_rate:
                return x
            x += 1
    log_rate = math.log(rate)
    b = 0.931 + 2.53 * math.sqrt(rate)
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    while True:
        u = uniform() - 0.5
        v = uniform()
        u_shifted = 0.5 - abs(u)
        k = math.floor((2 * a / u_shifted + b) * u + rate + 0.43)
        if u_shifted >= 0.07 and v <= 0.9277 - 3.6224 / (b - 2):
            return float(k)
        if k < 0 or (u_shifted < 0.013 and v > u_shifted):
            continue
        s = math.log(v * inv_alpha / (a / (u_shifted * u_shifted) + b))
        t = -rate + k * log_rate - math.lgamma(k + 1)
        if s <= t:
            return float(k)


def poisson_samples(key, counter, samples_per_rate, rate):
    """(samples_per_rate,) + rate.shape draws; output (s, r) reads stream r * samples + s."""
    flat = np.asarray(rate, np.float64).reshape(-1)
    out = np.empty((samples_per_rate, flat.size), np.float64)
    for r_idx, r in enumerate(flat.tolist()):
        for s_idx in range(samples_per_rate):
            out[s_idx, r_idx] = _sample(r, Uniforms(key, counter, r_idx * samples_per_rate + s_idx))
    return out


def _out(draws, dtype):
    return draws.astype(dtype.as_numpy_dtype)


def poisson(shape, lam, dtype=D.float32, seed=None, name=None):
    """Poisson(lam) samples of shape `shape + lam.shape` (TF's RandomPoissonV2).

    Raises:
      TypeError: a `dtype` or rate dtype outside half, float, double, int32, int64.
      InvalidArgumentError: an empty `lam`.
    """
    dt = D.as_dtype(dtype)
    if dt not in _OUT_DTYPES:
        raise TypeError(f"Value for attr 'dtype' of {dt.c_name} is not in the list of allowed values: "
                        "half, float, double, int32, int64")
    lam = convert_to_tensor(lam, preferred_dtype=D.float64)
    if lam.dtype not in _RATE_DTYPES:
        raise TypeError(f"Value for attr 'R' of {lam.dtype.c_name} is not in the list of allowed values: "
                        "half, float, double, int32, int64")
    shape = shape_arg(shape)
    n = int(np.prod(shape, dtype=np.int64))
    if n and lam._value.size == 0:
        raise kernel_error("RandomPoissonV2", "Input rate should have non-zero element count, got: 0", name="")
    key, counter = kernel_stream("RandomPoissonV2", f"{lam.dtype.name}->{dt.name}", get_seed(seed),
                                 n * lam._value.size * _PER_OUTPUT)
    rate = lam._value
    draws = poisson_samples(key, counter, n, rate) if n else np.zeros((0, rate.size))
    return Tensor(_out(draws, dt).reshape(tuple(shape) + lam._value.shape))


def stateless_poisson(shape, seed, lam, dtype=D.int32, name=None):
    """Poisson(lam) samples of `shape` (lam broadcast to its last dims), determined by `seed`."""
    dt = D.as_dtype(dtype)
    if dt not in _OUT_DTYPES:
        raise build_error("StatelessRandomPoisson", f"Value for attr 'dtype' of {dt.c_name} is not in the "
                          "list of allowed values: half, float, double, int32, int64")
    lam = convert_to_tensor(lam, preferred_dtype=D.float32)
    if lam.dtype not in _RATE_DTYPES:
        raise TypeError(f"Value for attr 'Rtype' of {lam.dtype.c_name} is not in the list of allowed values: "
                        "half, float, double, int32, int64")
    shape = shape_arg(shape)
    try:
        np.broadcast_to(lam._value, shape)
    except ValueError:
        raise kernel_error("StatelessRandomPoisson", "Shape passed in must end with broadcasted shape.",
                           name=None) from None
    rate = np.broadcast_to(lam._value, tuple(shape[len(shape) - lam._value.ndim:]) if lam._value.ndim else ())
    key, counter = key_counter(seed, "StatelessRandomPoisson")
    n = int(np.prod(shape, dtype=np.int64))
    per_rate = n // max(rate.size, 1)
    draws = poisson_samples(key, counter, per_rate, rate) if n else np.zeros((0,))
    return Tensor(_out(draws, dt).reshape(shape))


export(poisson, "random.poisson")
export(stateless_poisson, "random.stateless_poisson")
