"""TensorFlow's eager seeding: the global seed, op seeds, and the state of each stateful kernel.

`set_seed(g)` makes TF seed Python's `random.Random(g)`; every op called without a `seed=`
then takes `randint(0, 2**31 - 1)` from it as its op seed. A stateful random op runs a kernel
that TF caches by op type, dtype and the two seeds; the kernel owns a Philox stream keyed by the
global seed with the op seed in the counter's high half, and each run reserves a stretch of it.
So calling the same op with the same explicit seed continues one stream, and `set_seed`
(which clears TF's kernel cache) restarts it.
"""
import os
import random

import numpy as np

from tapeviz.ops import philox

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1


class _Context:
    seed = None
    rng = None        # random.Random(global seed): the source of eager op seeds
    kernels = {}      # (op type, dtype, seed, seed2) -> the kernel's next Philox counter


def set_seed(seed):
    """Sets the global random seed.

    With a global seed, each random op called without `seed=` gets a new op seed drawn from a
    sequence the global seed determines, so a program repeats its random values after the
    same `set_seed`; calling it again also restarts the streams of ops given `seed=`.

    Args:
      seed: an integer, or None to go back to unseeded ops.
    """
    _Context.seed = seed
    try:
        _Context.rng = random.Random(seed)
    except TypeError:
        _Context.rng = random.Random(int(np.array(seed)))
    clear_kernel_cache()


def global_seed():
    """The seed of the last `set_seed`, or None."""
    return _Context.seed


def get_seed(op_seed):
    """The (seed, seed2) pair of an op given its `seed=` argument (TF's `random_seed.get_seed`).

    Returns:
      (global seed, op seed) reduced modulo 2**31 - 1; (87654321, op seed) with no global seed;
      (None, None) when neither is set (the op is not reproducible).
    """
    if _Context.seed is not None:
        if op_seed is None:
            op_seed = _Context.rng.randint(0, _MAXINT32)
        seeds = int(_Context.seed) % _MAXINT32, int(op_seed) % _MAXINT32
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, int(op_seed) % _MAXINT32
    else:
        return None, None
    return (0, _MAXINT32) if seeds == (0, 0) else seeds


def _nondeterministic64():
    return int.from_bytes(os.urandom(8), "little")


def new_kernel_stream(seeds):
    """(key, counter) of a newly created kernel with attributes (seed, seed2) = `seeds`."""
    seed, seed2 = seeds
    if seed is None:
        return philox.from_seeds(_nondeterministic64(), _nondeterministic64())
    return philox.from_seeds(seed, seed2)


def clear_kernel_cache():
    """Forgets every kernel's stream (TF's `context.clear_kernel_cache`, run by Keras's `clear_session`)."""
    _Context.kernels = {}


def kernel_stream(op_type, dtype, seeds, reserve):
    """(key, counter) for the next run of a stateful kernel, reserving `reserve` Philox blocks.

    Args:
      op_type: TF's op type ("RandomStandardNormal").
      dtype: the kernel's dtype attribute (its name), part of TF's kernel cache key.
      seeds: (seed, seed2) from `get_seed`; (None, None) draws fresh random seeds.
      reserve: how many blocks this run may use (TF reserves 256 per output).
    """
    if seeds[0] is None:
        return new_kernel_stream(seeds)
    cache_key = (op_type, dtype) + tuple(seeds)
    key, counter = new_kernel_stream(seeds)
    counter = _Context.kernels.get(cache_key, counter)
    _Context.kernels[cache_key] = philox.skip(counter, reserve)
    return key, counter
