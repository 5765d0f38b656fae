"""`tf.random.Generator`: an explicit Philox state in an int64 Variable, checkpointable.

The state is `[counter low, counter high, key]` (int64 words of TF's 128-bit counter and 64-bit
key). Every draw of n values reads the state, advances the counter by 256 * n blocks (TF's
`RngReadAndSkip`), and runs the stateless kernel on the state it read; so the values equal TF's
and two generators never overlap unless their states do.
"""
import os

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.variables import Variable
from tapeviz.ops import philox
from tapeviz.ops import random_binomial as binomial_ops
from tapeviz.ops import random_distributions as dist
from tapeviz.ops.array import shape_arg, stack
from tapeviz.ops.random import affine_uniform, float_dtype, int_bounds, scale_shift

PHILOX = 1
_STATE_SIZE = 3
_PER_OUTPUT = 256


def _alg_int(alg):
    alg = getattr(alg, "value", alg)
    if alg in (None, "philox", "auto_select", PHILOX, 3):
        return PHILOX
    raise NotImplementedError(f"tapeviz implements only the Philox algorithm, not alg={alg!r}")


def create_rng_state(seed, alg=PHILOX):
    """The int64 [3] state `Generator.from_seed(seed)` starts from (TF's `create_rng_state`).

    A Python int is cut into 64-bit words, low first; anything else (a list, an array, a NumPy
    integer) is read as int64 words. Short seeds are padded with zeros on the left.
    """
    _alg_int(alg)
    if isinstance(seed, int):
        words = []
        for _ in range(_STATE_SIZE):
            words.append(seed & philox.MASK64)
            seed >>= 64
        seed = words
    words = [w - (1 << 64) if isinstance(w, int) and w >= 1 << 63 else w
             for w in np.asarray(seed, dtype=object).reshape(-1).tolist()]
    words = np.asarray(words, dtype=np.int64)[:_STATE_SIZE]
    return np.concatenate([np.zeros(_STATE_SIZE - words.size, np.int64), words])


def _key_counter(state):
    s = np.asarray(state, np.int64).view(np.uint64)
    return int(s[2]), int(s[0]) | int(s[1]) << 64


class Generator:
    """A random number generator with its state in a `tf.Variable` (TF's Philox algorithm).

    Create one with `from_seed`, `from_non_deterministic_state`, `from_state` or
    `from_key_counter`; draws advance the state, so a generator saved with `tf.train.Checkpoint`
    continues from where it was.
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            if alg is not None or state is not None:
                raise ValueError("`copy_from` excludes `state` and `alg`")
            state, alg = copy_from.state.numpy(), copy_from.algorithm
        elif alg is None or state is None:
            raise ValueError("Generator needs `state` and `alg` (or use Generator.from_seed)")
        self._alg = _alg_int(alg)
        if getattr(state, "_is_variable", False):
            self._state_var = state
        else:
            value = np.asarray(getattr(state, "_value", state), np.int64).reshape(-1)
            if value.shape != (_STATE_SIZE,):
                raise ValueError(f"The shape of `state` must be ({_STATE_SIZE},), got {value.shape}")
            self._state_var = Variable(value, trainable=False, name="StateVar", dtype=D.int64)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose state is made from `seed` (an int of any size, or int64 words)."""
        return cls(state=create_rng_state(seed), alg=_alg_int(alg))

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator with a state from the operating system's entropy."""
        state = np.frombuffer(os.urandom(8 * _STATE_SIZE), np.int64).copy()
        return cls(state=state, alg=_alg_int(alg))

    @classmethod
    def from_state(cls, state, alg):
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator with Philox `key` (int) and `counter` (two int64 words)."""
        counter = np.asarray(getattr(counter, "_value", counter), np.int64).reshape(-1)
        key = np.asarray(getattr(key, "_value", key), np.int64).reshape(-1)
        return cls(state=np.concatenate([counter, key]), alg=alg)

    def reset(self, state):
        """Replaces the state with `state` (int64 [3])."""
        self._state_var.assign(np.asarray(getattr(state, "_value", state), np.int64))

    def reset_from_seed(self, seed):
        """Resets the state as `from_seed(seed)` would make it."""
        self._state_var.assign(create_rng_state(seed, self._alg))

    def reset_from_key_counter(self, key, counter):
        counter = np.asarray(getattr(counter, "_value", counter), np.int64).reshape(-1)
        self._state_var.assign(np.concatenate([counter, np.asarray([int(key)], np.int64)]))

    @property
    def state(self):
        """The state Variable (int64 [3]: counter low, counter high, key)."""
        return self._state_var

    @property
    def algorithm(self):
        return self._alg

    @property
    def key(self):
        return self._state_var[-1]

    def skip(self, delta):
        """Advances the state by `delta` draws (256 Philox blocks each); returns the old state."""
        old = self._state_var.numpy().copy()
        key, counter = _key_counter(old)
        counter = philox.skip(counter, int(delta) * _PER_OUTPUT)
        new = np.array([counter & philox.MASK64, counter >> 64, key], np.uint64).view(np.int64)
        self._state_var.assign(new)
        return Tensor(old)

    def _draw(self, shape):
        n = int(np.prod(shape, dtype=np.int64))
        return (n,) + _key_counter(self.skip(n)._value)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
        """Samples from N(mean, stddev**2)."""
        dt = float_dtype(dtype, "normal")
        shape = shape_arg(shape)
        n, key, counter = self._draw(shape)
        return scale_shift(dist.normal(key, counter, n, dt.as_numpy_dtype).reshape(shape), stddev, mean, dt)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
        """Normal samples within 2 stddevs of the mean."""
        dt = float_dtype(dtype, "truncated_normal")
        shape = shape_arg(shape)
        n, key, counter = self._draw(shape)
        values = dist.truncated_normal(key, counter, n, dt.as_numpy_dtype).reshape(shape)
        return scale_shift(values, stddev, mean, dt)

    def uniform(self, shape, minval=0, maxval=None, dtype=D.float32, name=None):
        """Uniform samples in [minval, maxval); integers with both bounds None span the dtype.

        Raises:
          ValueError: only one of `minval`/`maxval` None for an integer dtype.
        """
        dt = D.as_dtype(dtype)
        if dt.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(f"For integer dtype {dt!r}, minval and maxval must be both `None` or "
                                 f"both non-`None`; got minval={minval} and maxval={maxval}")
            if minval is None:
                return self.uniform_full_int(shape, dtype=dt)
        elif maxval is None:
            maxval = 1
        shape = shape_arg(shape)
        if dt.is_integer:
            lo, hi = int_bounds("StatelessRandomUniformIntV2", minval, maxval, dt)
            n, key, counter = self._draw(shape)
            return Tensor(dist.uniform_int(key, counter, n, lo, hi, dt.as_numpy_dtype).reshape(shape))
        n, key, counter = self._draw(shape)
        values = dist.uniform(key, counter, n, dt.as_numpy_dtype).reshape(shape)
        return affine_uniform(values, minval, maxval, dt, skip_zero_min=False)

    def uniform_full_int(self, shape, dtype=D.uint64, name=None):
        """Integers covering the whole range of `dtype`."""
        dt = D.as_dtype(dtype)
        shape = shape_arg(shape)
        n, key, counter = self._draw(shape)
        return Tensor(dist.full_int(key, counter, n, dt.as_numpy_dtype).reshape(shape))

    def binomial(self, shape, counts, probs, dtype=D.int32, name=None):
        """Binomial(counts, probs) samples of `shape` (TF's StatefulRandomBinomial, bit for bit).

        The state advances by TF's reservation, `batches * 200 * (samples_per_batch + 3) // 4`
        draws of 256 Philox blocks, not by one draw per output as for the other distributions.
        """
        counts, probs = convert_to_tensor(counts), convert_to_tensor(probs)
        shape, c, p, per_batch = binomial_ops.prepare("StatefulRandomBinomial", shape, counts, probs)
        old = self._state_var.numpy().copy()
        key, counter = _key_counter(old)
        reserve = c.size * 2 * 100 * (per_batch + 3) // 4
        new_counter = philox.skip(counter, reserve * _PER_OUTPUT)
        self._state_var.assign(np.array([new_counter & philox.MASK64, new_counter >> 64, key],
                                        np.uint64).view(np.int64))
        return binomial_ops.sample(key, counter, shape, c, p, per_batch, D.as_dtype(dtype))

    def make_seeds(self, count=1):
        """`count` seeds for stateless ops, as a [2, count] int64 tensor."""
        keys = self.uniform_full_int([count], dtype=D.int64)
        return stack([keys, Tensor(np.zeros_like(keys._value))])

    def split(self, count=1):
        """`count` new generators keyed by draws from this one (their counters start at 0)."""
        keys = self.uniform_full_int([count], dtype=D.int64)._value
        return [Generator(state=np.array([0, 0, k], np.int64), alg=self._alg) for k in keys]

    def _checkpoint_dependencies(self):
        return [("_state_var", self._state_var)]

    @classmethod
    def _revive(cls, children, constants):
        """The generator `tf.saved_model.load` gives back: a Generator drawing from the loaded
        state Variable, so that the saved Python code can run (TF's loaded object is a plain
        object whose graphs hold the state)."""
        return cls(state=children["_state_var"], alg=constants["_alg"])


_GLOBAL = {"generator": None}


def get_global_generator():
    """The global generator, created from a non-deterministic state on first use."""
    if _GLOBAL["generator"] is None:
        _GLOBAL["generator"] = Generator.from_non_deterministic_state()
    return _GLOBAL["generator"]


def set_global_generator(generator):
    """Replaces the global generator (existing references keep the old one)."""
    _GLOBAL["generator"] = generator


export(Generator, "random.Generator", "random.experimental.Generator")
export(create_rng_state, "random.create_rng_state", "random.experimental.create_rng_state")
export(get_global_generator, "random.get_global_generator", "random.experimental.get_global_generator")
export(set_global_generator, "random.set_global_generator", "random.experimental.set_global_generator")
