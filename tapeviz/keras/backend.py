"""Keras-wide state: name counters, floatx/epsilon, the weight-initialisation random stream.

`keras.backend.clear_session()` resets the counters, so `Dense()` is `dense` again.
"""
import random as _py_random
import re

import numpy as np

_name_counts = {}        # snake_case prefix -> how many objects took it
_FLOATX = "float32"
_EPSILON = 1e-7
_seed = {"seed": None, "generator": None, "tf_marker": None}


def to_snake_case(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(prefix):
    """`dense`, `dense_1`, `dense_2`... as Keras names its layers, models and optimizers."""
    n = _name_counts.get(prefix, 0)
    _name_counts[prefix] = n + 1
    return prefix if n == 0 else f"{prefix}_{n}"


def clear_session(free_memory=True):
    """Resets Keras's global state: the name counters (`dense` again) and the random stream."""
    _name_counts.clear()
    _seed["generator"] = None


def floatx():
    return _FLOATX


def epsilon():
    return _EPSILON


def set_epsilon(value):
    global _EPSILON
    _EPSILON = float(value)


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy's global state, `tf.random` and Keras's own stream."""
    if not isinstance(seed, int):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed} "
                         f"(of type {type(seed)})")
    from tapeviz.ops import random as tf_random
    _py_random.seed(seed)
    np.random.seed(seed)
    tf_random.set_seed(seed)
    _seed["seed"] = seed
    _seed["generator"] = np.random.default_rng(seed)
    _seed["tf_marker"] = _tf_seed_state()[1]


def _tf_seed_state():
    """TF's global seed and an object that changes identity at every `tf.random.set_seed`."""
    from tapeviz.ops.random_seed import _Context
    return _Context.seed, _Context.kernels


def rng():
    """The NumPy generator behind Keras initialisers, dropout masks and `fit(shuffle=True)`.

    `keras.utils.set_random_seed(s)` fixes it; so does `tf.random.set_seed(s)` (the stream
    restarts at every call, as TF's op seeds do); otherwise it is seeded from the OS.
    """
    tf_seed, marker = _tf_seed_state()
    if _seed["generator"] is None or (tf_seed is not None and marker is not _seed["tf_marker"]):
        _seed["tf_marker"] = marker
        _seed["generator"] = np.random.default_rng(tf_seed if tf_seed is not None else _seed["seed"])
    return _seed["generator"]


def standardize_dtype(dtype):
    """A dtype name string ("float32") from a DType, a NumPy dtype or a string; None is floatx."""
    if dtype is None:
        return _FLOATX
    name = getattr(dtype, "name", None)
    if isinstance(name, str) and not isinstance(dtype, np.dtype):
        return name
    return np.dtype(dtype).name
