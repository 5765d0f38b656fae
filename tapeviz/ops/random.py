"""Random ops (`tf.random.*`) on NumPy Generators, with TensorFlow's seeding rules.

As in TF, a global seed (`set_seed`) plus an op seed decide each op's stream: with a global seed
and no op seed, ops take consecutive seeds from a counter that `set_seed` resets, so the same
program after the same `set_seed` draws the same values. An explicit op seed keeps its own stream
(repeated calls continue it), also reset by `set_seed`. The values differ from TF's Philox streams.
Random ops have no inputs to differentiate; `mean`/`stddev`/`minval` tensors are applied with
ordinary (differentiable) ops, as TF does.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import math as M
from tapeviz.ops.array import shape_arg

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1


class _Seeds:
    global_seed = None
    counter = 0
    streams = {}   # (global seed, op seed) -> Generator, for explicit op seeds


def set_seed(seed):
    """Sets the global random seed; the same ops after the same seed draw the same values."""
    _Seeds.global_seed = None if seed is None else int(seed)
    _Seeds.counter = 0
    _Seeds.streams = {}


def get_seed(op_seed):
    """(global seed, op seed) for an op, following TF's `random_seed.get_seed`."""
    if _Seeds.global_seed is not None:
        if op_seed is None:
            op_seed = _Seeds.counter
            _Seeds.counter += 1
        return _Seeds.global_seed, int(op_seed)
    if op_seed is not None:
        return DEFAULT_GRAPH_SEED, int(op_seed)
    return None, None


def generator(seed=None):
    """The NumPy Generator an op with op seed `seed` draws from."""
    explicit = seed is not None
    g, o = get_seed(seed)
    if g is None:
        return np.random.default_rng()
    if not explicit:
        return np.random.default_rng([g, o])
    key = (g, o)
    gen = _Seeds.streams.get(key)
    if gen is None:
        gen = _Seeds.streams[key] = np.random.default_rng([g, o])
    return gen


def _float_dtype(dtype, what):
    dt = D.as_dtype(dtype)
    if not dt.is_floating:
        raise ValueError(f"Invalid dtype {dt!r} for {what}: expected a floating point type")
    return dt


def _standard_normal(gen, shape, dt):
    if dt in (D.float32, D.float64):
        return gen.standard_normal(shape, dtype=dt.as_numpy_dtype)
    return gen.standard_normal(shape, dtype=np.float32).astype(dt.as_numpy_dtype)


def _truncated(gen, shape, dt):
    out = _standard_normal(gen, shape, dt)
    bad = np.abs(out) > 2
    while bad.any():
        out[bad] = _standard_normal(gen, int(bad.sum()), dt)
        bad = np.abs(out) > 2
    return out


def _scale_shift(values, scale, shift, dt):
    """values * scale + shift: plain NumPy for Python numbers, tapeviz ops for tensors."""
    if isinstance(scale, (int, float)) and isinstance(shift, (int, float)):
        npt = dt.as_numpy_dtype
        out = values * npt(scale) if scale != 1 else values
        return Tensor(out + npt(shift) if shift != 0 else out)
    t = Tensor(values)
    return M.add(M.multiply(t, convert_to_tensor(scale, dt)), convert_to_tensor(shift, dt))


def normal(shape, mean=0.0, stddev=1.0, dtype=D.float32, seed=None, name=None):
    """Samples from N(mean, stddev**2) (float32 by default)."""
    dt = _float_dtype(dtype, "normal")
    return _scale_shift(_standard_normal(generator(seed), shape_arg(shape), dt), stddev, mean, dt)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=D.float32, seed=None, name=None):
    """Samples from a normal distribution, redrawing values more than 2 stddevs from the mean."""
    dt = _float_dtype(dtype, "truncated_normal")
    return _scale_shift(_truncated(generator(seed), shape_arg(shape), dt), stddev, mean, dt)


def uniform(shape, minval=0, maxval=None, dtype=D.float32, seed=None, name=None):
    """Samples uniformly from [minval, maxval) (maxval defaults to 1 for floats).

    Raises:
      ValueError: an integer dtype without `maxval`.
    """
    dt = D.as_dtype(dtype)
    shape = shape_arg(shape)
    gen = generator(seed)
    if dt.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dt!r}")
        lo, hi = int(np.asarray(getattr(minval, "_value", minval))), int(np.asarray(getattr(maxval, "_value", maxval)))
        if lo >= hi:
            raise kernel_error("RandomUniformInt", f"Need minval < maxval: {lo} >= {hi}", name="")
        return Tensor(gen.integers(lo, hi, size=shape, dtype=dt.as_numpy_dtype))
    if not dt.is_floating:
        raise ValueError(f"Invalid dtype {dt!r} for uniform")
    maxval = 1 if maxval is None else maxval
    npt = np.float64 if dt is D.float64 else np.float32
    values = gen.random(shape, dtype=npt).astype(dt.as_numpy_dtype, copy=False)
    if isinstance(minval, (int, float)) and isinstance(maxval, (int, float)):
        return _scale_shift(values, maxval - minval, minval, dt)
    lo, hi = convert_to_tensor(minval, dt), convert_to_tensor(maxval, dt)
    return M.add(M.multiply(Tensor(values), M.subtract(hi, lo)), lo)


def shuffle(value, seed=None, name=None):
    """A copy of `value` with its first dimension randomly permuted."""
    x = convert_to_tensor(value)
    if x.ndim == 0:
        return x
    return Tensor(generator(seed).permutation(x._value))


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws `num_samples` class indices per row of `logits` (batch, classes); int64 by default."""
    lg = convert_to_tensor(logits)._value
    if lg.ndim != 2:
        raise kernel_error("Multinomial", f"logits should be a matrix, got shape "
                           f"[{','.join(map(str, lg.shape))}]", name="")
    gen = generator(seed)
    gumbel = -np.log(-np.log(gen.random((lg.shape[0], int(num_samples), lg.shape[1]))))
    out = np.argmax(lg[:, None, :].astype(np.float64) + gumbel, axis=-1)
    return Tensor(out.astype(D.as_dtype(dtype or D.int64).as_numpy_dtype))


# ---- stateless ops: the values depend only on the seed pair ----------------------------------------
def _stateless(seed):
    s = np.asarray(getattr(seed, "_value", seed)).ravel()
    if s.size != 2:
        raise ValueError(f"seed must have shape [2], got {list(np.shape(s))}")
    return np.random.default_rng([int(s[0]) & 0xFFFFFFFFFFFF, int(s[1]) & 0xFFFFFFFFFFFF, 1])


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=D.float32, name=None, alg="auto_select"):
    dt = _float_dtype(dtype, "stateless_normal")
    return _scale_shift(_standard_normal(_stateless(seed), shape_arg(shape), dt), stddev, mean, dt)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=D.float32, name=None,
                               alg="auto_select"):
    dt = _float_dtype(dtype, "stateless_truncated_normal")
    return _scale_shift(_truncated(_stateless(seed), shape_arg(shape), dt), stddev, mean, dt)


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=D.float32, name=None, alg="auto_select"):
    dt = D.as_dtype(dtype)
    gen = _stateless(seed)
    if dt.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dt!r}")
        return Tensor(gen.integers(int(minval), int(maxval), size=shape_arg(shape), dtype=dt.as_numpy_dtype))
    maxval = 1 if maxval is None else maxval
    values = gen.random(shape_arg(shape)).astype(dt.as_numpy_dtype)
    return _scale_shift(values, maxval - minval, minval, dt)


class Generator:
    """`tf.random.Generator`: an explicit random state (`from_seed`, `from_non_deterministic_state`)."""

    def __init__(self, seed=None):
        self._rng = np.random.default_rng(seed)

    @classmethod
    def from_seed(cls, seed, alg=None):
        return cls(int(seed))

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        return cls(None)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
        dt = _float_dtype(dtype, "normal")
        return _scale_shift(_standard_normal(self._rng, shape_arg(shape), dt), stddev, mean, dt)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
        dt = _float_dtype(dtype, "truncated_normal")
        return _scale_shift(_truncated(self._rng, shape_arg(shape), dt), stddev, mean, dt)

    def uniform(self, shape, minval=0, maxval=None, dtype=D.float32, name=None):
        dt = D.as_dtype(dtype)
        if dt.is_integer:
            if maxval is None:
                raise ValueError(f"Must specify maxval for integer dtype {dt!r}")
            return Tensor(self._rng.integers(int(minval), int(maxval), size=shape_arg(shape),
                                             dtype=dt.as_numpy_dtype))
        maxval = 1 if maxval is None else maxval
        values = self._rng.random(shape_arg(shape)).astype(dt.as_numpy_dtype)
        return _scale_shift(values, maxval - minval, minval, dt)


export(set_seed, "random.set_seed")
export(normal, "random.normal")
export(truncated_normal, "random.truncated_normal")
export(uniform, "random.uniform")
export(shuffle, "random.shuffle")
export(categorical, "random.categorical")
export(stateless_normal, "random.stateless_normal")
export(stateless_truncated_normal, "random.stateless_truncated_normal")
export(stateless_uniform, "random.stateless_uniform")
export(Generator, "random.Generator")
