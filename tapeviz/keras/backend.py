"""Keras-wide state: name counters, floatx/epsilon, and the seeding of `set_random_seed`.

`keras.backend.clear_session()` resets the counters, so `Dense()` is `dense` again.
"""
import random as _py_random
import re

import numpy as np

_name_counts = {}        # snake_case prefix -> how many objects took it
_FLOATX = "float32"
_EPSILON = 1e-7


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
    """Resets Keras's global state: the name counters (`dense` again), the global seed
    generator, and (as Keras does on TF) the streams of TF's stateful random kernels."""
    from tapeviz.keras import random
    from tapeviz.ops.random_seed import clear_kernel_cache
    _name_counts.clear()
    random.reset_global_seed_generator()
    clear_kernel_cache()


def floatx():
    return _FLOATX


def epsilon():
    return _EPSILON


def set_epsilon(value):
    global _EPSILON
    _EPSILON = float(value)


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy's global state and `tf.random`, and resets the global
    `SeedGenerator`, as `keras.utils.set_random_seed` does.

    Raises:
      ValueError: `seed` is not an int.
    """
    if not isinstance(seed, int):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed} "
                         f"(of type {type(seed)})")
    from tapeviz.keras import random
    from tapeviz.ops.random_seed import set_seed
    random.reset_global_seed_generator()
    _py_random.seed(seed)
    np.random.seed(seed)
    set_seed(seed)


def standardize_dtype(dtype):
    """A dtype name string ("float32") from a DType, a NumPy dtype or a string; None is floatx."""
    if dtype is None:
        return _FLOATX
    if dtype in ("string", "str", str):
        return "string"
    name = getattr(dtype, "name", None)
    if isinstance(name, str) and not isinstance(dtype, np.dtype):
        return name
    return np.dtype(dtype).name
