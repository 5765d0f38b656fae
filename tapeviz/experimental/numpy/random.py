"""`tnp.random`: NumPy's random functions on tapeviz's global generator (`tf.random`), in the
default float type (float64 unless prefer_float32)."""
import numpy as np

import tapeviz as tf
from tapeviz.experimental.numpy import _dtypes as T


def _shape(args):
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = args[0]
    return [int(d) for d in args]


def _float():
    return tf.as_dtype(np.dtype(T.default_float_type()))


def seed(s):
    """Seeds the global generator (`tf.random.set_seed`)."""
    tf.random.set_seed(int(s))


def randn(*args):
    """Standard normal samples of shape `args`."""
    return tf.random.normal(_shape(args), dtype=_float())


def standard_normal(size=None):
    return tf.random.normal(_shape([size]) if size is not None else [], dtype=_float())


def rand(*size):
    """Uniform samples in [0, 1) of shape `size`."""
    return tf.random.uniform(_shape(size), dtype=_float())


random = rand


def uniform(low=0.0, high=1.0, size=None):
    shape = [] if size is None else _shape([size] if isinstance(size, int) else [tuple(size)])
    return tf.random.uniform(shape, minval=low, maxval=high, dtype=_float())


def randint(low, high=None, size=None, dtype=np.int64):
    if high is None:
        low, high = 0, low
    shape = [] if size is None else _shape([size] if isinstance(size, int) else [tuple(size)])
    return tf.random.uniform(shape, minval=int(low), maxval=int(high), dtype=tf.as_dtype(np.dtype(dtype)))
