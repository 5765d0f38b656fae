"""TensorFlow's top-level initializers (`tf.random_normal_initializer`, ...; TF's `init_ops_v2`):
callables `init(shape, dtype)` returning a tensor, usable as a `tf.Variable`'s initial value in a
`tf.Module` and as a Keras `kernel_initializer`.

A seeded random initializer draws with the stateless op on seed `[seed, 0]` (the same values at
every call); an unseeded one draws from the stateful stream, as TF does.
"""
from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import constant
from tapeviz.ops import array
from tapeviz.ops import random as R
from tapeviz.ops import stateless_random as SR


class Initializer:
    """Base class: `__call__(shape, dtype=None, **kwargs)` returns the initial tensor."""

    def __call__(self, shape, dtype=None, **kwargs):
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` method.")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        config.pop("dtype", None)
        return cls(**config)


def _float_dtype(dtype, kind):
    dtype = D.as_dtype(dtype or D.float32)
    if not dtype.is_floating:
        raise ValueError(f"Expected float dtype, got {dtype}." if kind != "uniform" else
                         f"Invalid dtype {dtype.name}")
    return dtype


class Zeros(Initializer):
    """All zeros (`tf.zeros_initializer()`)."""

    def __call__(self, shape, dtype=D.float32, **kwargs):
        return array.zeros(shape, D.as_dtype(dtype))


class Ones(Initializer):
    """All ones (`tf.ones_initializer()`)."""

    def __call__(self, shape, dtype=D.float32, **kwargs):
        return array.ones(shape, D.as_dtype(dtype))


class Constant(Initializer):
    """`value` (a scalar, or a list/array with as many elements as the shape) in `shape`."""

    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None, **kwargs):
        return constant(self.value, dtype=None if dtype is None else D.as_dtype(dtype), shape=shape)

    def get_config(self):
        return {"value": self.value}


class RandomNormal(Initializer):
    """Normal samples with `mean` and `stddev`."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=D.float32, **kwargs):
        dtype = _float_dtype(dtype, "normal")
        if self.seed is not None:
            return SR.stateless_normal(shape, [self.seed, 0], self.mean, self.stddev, dtype)
        return R.normal(shape, self.mean, self.stddev, dtype)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(Initializer):
    """Uniform samples in `[minval, maxval)`."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=D.float32, **kwargs):
        dtype = D.as_dtype(dtype)
        if not (dtype.is_floating or dtype.is_integer):
            raise ValueError(f"Invalid dtype {dtype.name}")
        if self.seed is not None:
            return SR.stateless_uniform(shape, [self.seed, 0], self.minval, self.maxval, dtype)
        return R.uniform(shape, self.minval, self.maxval, dtype)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


export(Zeros, "zeros_initializer")
export(Ones, "ones_initializer")
export(Constant, "constant_initializer")
export(RandomNormal, "random_normal_initializer")
export(RandomUniform, "random_uniform_initializer")
