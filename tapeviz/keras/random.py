"""`keras.random` as Keras 3 seeds it on the TensorFlow backend, so values equal TF + Keras's.

Keras never uses TF's stateful ops: every draw is a `tf.random.stateless_*` op whose seed comes
from a `SeedGenerator` (`[seed, 0]`, then `[seed, 1]`, ... one per draw), from an integer seed
(`[seed, 0]` every time), or with `seed=None` from a global SeedGenerator advanced by
`(s + 1) * 5387 % 933199`. Unseeded generators and initializers take their seed from Python's
`random.randint(1, 10**9)` when they are created, which `keras.utils.set_random_seed` fixes.
The int64 seed pair reaches TF as `seed % (2**31 - 2)` in int32.
"""
import random as python_random

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.tensor import Tensor
from tapeviz.keras import backend
from tapeviz.ops import array as A
from tapeviz.ops import stateless_random as S

_INT32_MAX_MINUS_1 = 2 ** 31 - 2


def make_default_seed():
    """A seed from Python's global `random`, as Keras draws one for unseeded objects."""
    return python_random.randint(1, int(1e9))


class SeedGenerator:
    """A seed state `[seed, counter]`; each `next()` returns it and advances the counter.

    Args:
      seed: an int, or None for `make_default_seed()`.
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        self.name = name or backend.unique_name("seed_generator")
        self._initial_seed = seed
        if seed is None:
            seed = make_default_seed()
        if not isinstance(seed, int):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed}")
        self._state = np.array([seed, 0], np.int64)

    @property
    def state(self):
        """The current `[seed, counter]` (int64)."""
        return Tensor(self._state.copy())

    def next(self, ordered=True):
        """The current seed pair; then the counter steps by one (or scrambles, unordered)."""
        current = self._state.copy()
        self._state = current + np.array([0, 1], np.int64) if ordered else (current + 1) * 5387 % 933199
        return Tensor(current)

    def get_config(self):
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


_GLOBAL = {"generator": None}


def global_seed_generator():
    """The SeedGenerator behind `seed=None` draws (created on first use)."""
    if _GLOBAL["generator"] is None:
        _GLOBAL["generator"] = SeedGenerator()
    return _GLOBAL["generator"]


def reset_global_seed_generator():
    _GLOBAL["generator"] = None


def draw_seed(seed):
    """The int32 [2] seed a stateless op receives for Keras's `seed` argument.

    Raises:
      ValueError: `seed` is neither None, an int nor a SeedGenerator.
    """
    if isinstance(seed, SeedGenerator):
        pair = seed.next()._value
    elif isinstance(seed, int):
        pair = np.array([seed, 0], np.int64)
    elif seed is None:
        pair = global_seed_generator().next(ordered=False)._value
    else:
        raise ValueError("Argument `seed` must be either an integer or an instance of `SeedGenerator`. "
                         f"Received: seed={seed} (of type {type(seed)})")
    return Tensor((pair % _INT32_MAX_MINUS_1).astype(np.int32))


def _dtype(dtype):
    return D.as_dtype(backend.standardize_dtype(dtype))


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return S.stateless_normal(shape, draw_seed(seed), mean=mean, stddev=stddev, dtype=_dtype(dtype))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return S.stateless_truncated_normal(shape, draw_seed(seed), mean=mean, stddev=stddev, dtype=_dtype(dtype))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dt = _dtype(dtype)
    npt = dt.as_numpy_dtype
    return S.stateless_uniform(shape, draw_seed(seed), minval=float(npt(minval)), maxval=float(npt(maxval)),
                               dtype=dt)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return S.stateless_uniform(shape, draw_seed(seed), minval=minval, maxval=maxval, dtype=_dtype(dtype))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """`inputs / (1 - rate)` where a uniform draw is >= rate, else 0 (TF's `stateless_dropout`)."""
    if rate == 1.0:
        return A.zeros_like(inputs)
    if rate == 0.0:
        return inputs
    seed = draw_seed(seed)
    shape = tuple(inputs.shape) if noise_shape is None else \
        tuple(s if d is None else d for d, s in zip(noise_shape, inputs.shape))
    keep = S.stateless_uniform(shape, seed, dtype=inputs.dtype)._value >= inputs.dtype.as_numpy_dtype(rate)
    scaled = inputs * (1 / (1 - rate))
    return A.where(Tensor(np.broadcast_to(keep, inputs.shape)), scaled, A.zeros_like(scaled))


def shuffle(x, axis=0, seed=None):
    """`x` permuted along `axis` by the argsort of a stateless uniform draw."""
    seed = draw_seed(seed)
    keys = S.stateless_uniform([x.shape[axis]], seed)._value
    return A.gather(x, Tensor(np.argsort(keys, kind="stable").astype(np.int32)), axis=axis)
