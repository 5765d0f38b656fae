"""Stateful random ops (`tf.random.*`) giving TensorFlow's values bit for bit.

Each op asks `random_seed` for its (seed, seed2) pair and its kernel's Philox stream, then runs
TF's CPU kernel from `random_distributions` / `random_samplers`. Random ops have no inputs to
differentiate; `mean`/`stddev`/`minval` tensors are applied with ordinary (differentiable) ops
after the draw, exactly as TF's Python wrappers apply them.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import math as M
from tapeviz.ops import random_distributions as dist
from tapeviz.ops import random_samplers as samplers
from tapeviz.ops.array import shape_arg
from tapeviz.ops.random_seed import get_seed, kernel_stream, set_seed

_PER_OUTPUT = 256    # Philox blocks TF's stateful kernels reserve per output
_UNIFORM_DTYPES = (D.float16, D.float32, D.float64, D.int32, D.int64)


def float_dtype(dtype, what):
    """`dtype` as a DType, or ValueError if it is not a floating type."""
    dt = D.as_dtype(dtype)
    if not dt.is_floating:
        raise ValueError(f"Invalid dtype {dt!r} for {what}: expected a floating point type")
    return dt


def scale_shift(values, scale, shift, dt):
    """`values * scale + shift` in `dt`, as TF's wrappers compute it (two roundings).

    Python numbers stay in NumPy; tensors go through tapeviz ops so they are differentiable.
    """
    if isinstance(scale, (int, float)) and isinstance(shift, (int, float)):
        npt = dt.as_numpy_dtype
        return Tensor(np.asarray(values * npt(scale) + npt(shift), npt))
    return M.add(M.multiply(Tensor(values), convert_to_tensor(scale, dt)), convert_to_tensor(shift, dt))


def affine_uniform(values, minval, maxval, dt, skip_zero_min):
    """Uniform [0, 1) values moved to [minval, maxval) the way TF's wrappers do it.

    `tf.random.uniform` multiplies by `maxval` alone when `minval` is the int 0 (and skips even
    that for the int 1); the stateless and Generator versions always compute
    `values * (maxval - minval) + minval`.
    """
    npt = dt.as_numpy_dtype
    numbers = isinstance(minval, (int, float)) and isinstance(maxval, (int, float))
    if skip_zero_min and isinstance(minval, int) and minval == 0:
        if isinstance(maxval, int) and maxval == 1:
            return Tensor(values)
        if numbers:
            return Tensor(np.asarray(values * npt(maxval), npt))
        return M.multiply(Tensor(values), convert_to_tensor(maxval, dt))
    if numbers:
        return Tensor(np.asarray(values * (npt(maxval) - npt(minval)) + npt(minval), npt))
    lo, hi = convert_to_tensor(minval, dt), convert_to_tensor(maxval, dt)
    return M.add(M.multiply(Tensor(values), M.subtract(hi, lo)), lo)


def int_bounds(op_type, minval, maxval, dt):
    """(lo, hi) Python ints of an integer uniform draw; InvalidArgumentError unless lo < hi."""
    lo = int(convert_to_tensor(minval, dt)._value)
    hi = int(convert_to_tensor(maxval, dt)._value)
    if lo >= hi:
        raise kernel_error(op_type, f"Need minval < maxval: {lo} >= {hi}", name="")
    return lo, hi


def _size(shape):
    return int(np.prod(shape, dtype=np.int64))


def normal(shape, mean=0.0, stddev=1.0, dtype=D.float32, seed=None, name=None):
    """Samples from N(mean, stddev**2) (float32 by default), TF's `RandomStandardNormal` stream."""
    dt = float_dtype(dtype, "normal")
    shape = shape_arg(shape)
    n = _size(shape)
    key, counter = kernel_stream("RandomStandardNormal", dt.name, get_seed(seed), n * _PER_OUTPUT)
    return scale_shift(dist.normal(key, counter, n, dt.as_numpy_dtype).reshape(shape), stddev, mean, dt)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=D.float32, seed=None, name=None):
    """Samples from a normal distribution, redrawing values more than 2 stddevs from the mean."""
    dt = float_dtype(dtype, "truncated_normal")
    shape = shape_arg(shape)
    n = _size(shape)
    key, counter = kernel_stream("TruncatedNormal", dt.name, get_seed(seed), n * _PER_OUTPUT)
    return scale_shift(dist.truncated_normal(key, counter, n, dt.as_numpy_dtype).reshape(shape),
                       stddev, mean, dt)


def uniform(shape, minval=0, maxval=None, dtype=D.float32, seed=None, name=None):
    """Samples uniformly from [minval, maxval) (maxval defaults to 1 for floats).

    Raises:
      ValueError: an unsupported dtype, or an integer dtype without `maxval`.
      InvalidArgumentError: integer bounds with `minval >= maxval`.
    """
    dt = D.as_dtype(dtype)
    if dt not in _UNIFORM_DTYPES:
        raise ValueError(f"Argument `dtype` got invalid value {dt!r}. Accepted dtypes are "
                         "(tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64).")
    if maxval is None:
        if dt.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dt!r}")
        maxval = 1
    shape = shape_arg(shape)
    n = _size(shape)
    if dt.is_integer:
        lo, hi = int_bounds("RandomUniformInt", minval, maxval, dt)
        key, counter = kernel_stream("RandomUniformInt", dt.name, get_seed(seed), n * _PER_OUTPUT)
        return Tensor(dist.uniform_int(key, counter, n, lo, hi, dt.as_numpy_dtype).reshape(shape))
    key, counter = kernel_stream("RandomUniform", dt.name, get_seed(seed), n * _PER_OUTPUT)
    values = dist.uniform(key, counter, n, dt.as_numpy_dtype).reshape(shape)
    return affine_uniform(values, minval, maxval, dt, skip_zero_min=True)


def shuffle(value, seed=None, name=None):
    """A copy of `value` with its first dimension randomly permuted (TF's `RandomShuffle`)."""
    x = convert_to_tensor(value)
    v = x._value
    if v.size <= 1 or v.shape[0] <= 1:
        return x
    size = v.shape[0]
    key, counter = kernel_stream("RandomShuffle", x.dtype.name, get_seed(seed), (size + 2) // 4)
    return Tensor(v[samplers.shuffle_permutation(key, counter, size)])


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws `num_samples` class indices per row of `logits` (batch, classes); int64 by default."""
    lg = convert_to_tensor(logits)
    out_dt = D.as_dtype(dtype or D.int64)
    if out_dt not in (D.int32, D.int64):
        raise ValueError(f"Argument `dtype` got invalid value {out_dt!r}. Accepted dtypes are "
                         "(tf.int32, tf.int64).")
    _, reserve = samplers.check_multinomial("Multinomial", lg._value, num_samples)
    key, counter = kernel_stream("Multinomial", f"{lg.dtype.name}->{out_dt.name}", get_seed(seed), reserve)
    out = samplers.multinomial(key, counter, lg._value, int(num_samples))
    return Tensor(out.astype(out_dt.as_numpy_dtype))


def gamma(shape, alpha, beta=None, dtype=D.float32, seed=None, name=None):
    """Gamma(alpha, beta) samples of shape `shape + broadcast(alpha, beta).shape` (TF's RandomGamma)."""
    dt = float_dtype(dtype, "gamma")
    npt = dt.as_numpy_dtype
    shape = shape_arg(shape)
    alpha = convert_to_tensor(alpha, dt)
    beta = convert_to_tensor(1 if beta is None else beta, dt)
    a = np.broadcast_to(alpha._value, np.broadcast_shapes(alpha.shape, beta.shape))
    if a.size == 0:
        raise kernel_error("RandomGamma", f"Input alpha should have non-zero element count, got: {a.size}", name="")
    n = _size(shape)
    key, counter = kernel_stream("RandomGamma", dt.name, get_seed(seed), n * a.size * _PER_OUTPUT)
    draws = Tensor(samplers.gamma(key, counter, n, a).astype(npt).reshape(shape + a.shape))
    return M.maximum(Tensor(np.finfo(npt).tiny), M.divide(draws, beta))


export(set_seed, "random.set_seed")
export(gamma, "random.gamma")
export(normal, "random.normal")
export(truncated_normal, "random.truncated_normal")
export(uniform, "random.uniform")
export(shuffle, "random.shuffle")
export(categorical, "random.categorical")
