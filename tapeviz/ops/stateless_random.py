"""Stateless random ops (`tf.random.stateless_*`): the values depend only on a [2] seed.

TF's default algorithm on CPU is Philox: `StatelessRandomGetKeyCounter` scrambles the seed pair
into a (key, counter) with one Philox block (`philox.stateless_key_counter`), then the same CPU
kernels as the stateful ops fill the output from that counter. `split` and `fold_in` derive new
seeds from full-range integer draws.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import math as M
from tapeviz.ops import philox
from tapeviz.ops import random_distributions as dist
from tapeviz.ops import random_samplers as samplers
from tapeviz.ops.array import shape_arg, stack
from tapeviz.ops.random import affine_uniform, float_dtype, int_bounds, scale_shift

_ALGS = ("auto_select", "philox", 1, 3, None)
_UNIFORM_DTYPES = (D.float16, D.float32, D.float64, D.int32, D.int64, D.uint32, D.uint64)


def key_counter(seed, op_type="StatelessRandomGetKeyCounter", alg="auto_select"):
    """(key, counter) of a stateless seed: a shape-[2] int32/int64 tensor, list or array.

    Raises:
      InvalidArgumentError: the seed does not have shape [2].
      NotImplementedError: an algorithm other than Philox ("threefry").
    """
    if not (alg in _ALGS or getattr(alg, "value", None) in (1, 3)):
        raise NotImplementedError(f"tapeviz implements only the Philox algorithm, not alg={alg!r}")
    s = convert_to_tensor(seed)
    if not s.dtype.is_integer:
        raise TypeError(f"seed must be an int32 or int64 tensor, got {s.dtype!r}")
    if s.shape != (2,):
        raise kernel_error(op_type, f"seed must have shape [2], not [{','.join(map(str, s.shape))}]", name="")
    seed0, seed1 = (int(v) for v in s._value)     # int32 seeds are sign-extended, as in TF
    return philox.stateless_key_counter(seed0, seed1)


def _size(shape):
    return int(np.prod(shape, dtype=np.int64))


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=D.float32, name=None, alg="auto_select"):
    """Uniform samples in [minval, maxval) determined by `seed`.

    Integer dtypes with `minval=None, maxval=None` cover the dtype's whole range.

    Raises:
      ValueError: an unsupported dtype, or only one of `minval`/`maxval` None for integers.
    """
    dt = D.as_dtype(dtype)
    if dt not in _UNIFORM_DTYPES:
        raise ValueError(f"Argument `dtype` got invalid value {dt!r}. Accepted dtypes are (tf.float16, "
                         "tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64, tf.uint32, tf.uint64).")
    if dt.is_integer:
        if (minval is None) != (maxval is None):
            raise ValueError(f"For integer `dtype` argument {dt!r}, argument `minval` and `maxval` must be "
                             f"both None or not None. Got `minval`={minval} and `maxval`={maxval}.")
        if minval is not None and dt.is_unsigned:
            raise ValueError(f"Argument `dtype` got invalid value {dt!r} when argument `minval` is not None. "
                             "Please don't use unsigned integers in this case.")
    elif maxval is None:
        maxval = 1
    shape = shape_arg(shape)
    n = _size(shape)
    key, counter = key_counter(seed, alg=alg)
    if dt.is_integer and minval is None:
        return Tensor(dist.full_int(key, counter, n, dt.as_numpy_dtype).reshape(shape))
    if dt.is_integer:
        lo, hi = int_bounds("StatelessRandomUniformIntV2", minval, maxval, dt)
        return Tensor(dist.uniform_int(key, counter, n, lo, hi, dt.as_numpy_dtype).reshape(shape))
    values = dist.uniform(key, counter, n, dt.as_numpy_dtype).reshape(shape)
    return affine_uniform(values, minval, maxval, dt, skip_zero_min=False)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=D.float32, name=None, alg="auto_select"):
    """Samples from N(mean, stddev**2) determined by `seed`."""
    dt = float_dtype(dtype, "stateless_normal")
    shape = shape_arg(shape)
    key, counter = key_counter(seed, alg=alg)
    values = dist.normal(key, counter, _size(shape), dt.as_numpy_dtype).reshape(shape)
    return scale_shift(values, stddev, mean, dt)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=D.float32, name=None,
                               alg="auto_select"):
    """Normal samples within 2 stddevs of the mean, determined by `seed`."""
    dt = float_dtype(dtype, "stateless_truncated_normal")
    shape = shape_arg(shape)
    key, counter = key_counter(seed, alg=alg)
    values = dist.truncated_normal(key, counter, _size(shape), dt.as_numpy_dtype).reshape(shape)
    return scale_shift(values, stddev, mean, dt)


def stateless_categorical(logits, num_samples, seed, dtype=D.int64, name=None):
    """Class indices per row of `logits` (batch, classes), determined by `seed`."""
    lg = convert_to_tensor(logits)
    out_dt = D.as_dtype(dtype or D.int64)
    if out_dt not in (D.int32, D.int64):
        raise ValueError(f"Argument `dtype` got invalid value {out_dt!r}. Accepted dtypes are "
                         "(tf.int32, tf.int64).")
    samplers.check_multinomial("StatelessMultinomial", lg._value, num_samples)
    key, counter = key_counter(seed, "StatelessMultinomial")
    return Tensor(samplers.multinomial(key, counter, lg._value, int(num_samples)).astype(out_dt.as_numpy_dtype))


def stateless_gamma(shape, seed, alpha, beta=None, dtype=D.float32, name=None):
    """Gamma(alpha, beta) samples of `shape` (alpha and beta broadcast to its last dims), from `seed`."""
    dt = float_dtype(dtype, "stateless_gamma")
    npt = dt.as_numpy_dtype
    shape = shape_arg(shape)
    alpha = convert_to_tensor(alpha, dt)
    beta = convert_to_tensor(1 if beta is None else beta, dt)
    a = np.broadcast_to(alpha._value, np.broadcast_shapes(alpha.shape, beta.shape))
    a = np.broadcast_to(a, shape[len(shape) - a.ndim:] if a.ndim else ())
    key, counter = key_counter(seed, "StatelessRandomGammaV3")
    draws = samplers.gamma(key, counter, _size(shape) // max(a.size, 1), a).astype(npt).reshape(shape)
    return M.maximum(Tensor(np.finfo(npt).tiny), M.divide(Tensor(draws), beta))


def split(seed, num=2, alg="auto_select"):
    """`num` new seeds (shape [num, 2], the seed's dtype) derived from `seed`."""
    seed = convert_to_tensor(seed)
    return stateless_uniform([num, 2], seed, minval=None, maxval=None, dtype=seed.dtype, alg=alg)


def fold_in(seed, data, alg="auto_select"):
    """A new seed combining `seed` with the integer `data`: `[draw(seed), data]`."""
    data = convert_to_tensor(data)
    first = stateless_uniform([], seed, minval=None, maxval=None, dtype=data.dtype, alg=alg)
    return stack([first, data])


export(stateless_uniform, "random.stateless_uniform")
export(stateless_normal, "random.stateless_normal")
export(stateless_truncated_normal, "random.stateless_truncated_normal")
export(stateless_categorical, "random.stateless_categorical")
export(stateless_gamma, "random.stateless_gamma")
export(split, "random.split", "random.experimental.stateless_split")
export(fold_in, "random.fold_in", "random.experimental.stateless_fold_in")
