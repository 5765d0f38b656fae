"""Noise layers active only in training: SpatialDropout1D/2D (whole feature maps dropped),
GaussianNoise (additive) and GaussianDropout (multiplicative). Their draws go through
`tapeviz.keras.random` with the layer's `SeedGenerator`, as Keras 3 on TF draws them."""
import math

import tapeviz as tf
from tapeviz.keras import random
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.core import Dropout
from tapeviz.keras.layers.input_spec import InputSpec


class _SpatialDropout(Dropout):
    ndim = 3

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=self.ndim)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        shape = tuple(inputs.shape)
        noise_shape = (shape[0],) + (1,) * (self.ndim - 2) + (shape[-1],)
        return random.dropout(inputs, self.rate, noise_shape=noise_shape, seed=self.seed_generator)

    def get_config(self):
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


class SpatialDropout1D(_SpatialDropout):
    """Dropout of whole channels of `(batch, steps, channels)` inputs."""


class SpatialDropout2D(_SpatialDropout):
    """Dropout of whole feature maps of `(batch, rows, cols, channels)` inputs."""

    ndim = 4

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        if data_format not in (None, "channels_last"):
            raise NotImplementedError("tapeviz.keras.layers.SpatialDropout2D: only "
                                      "data_format='channels_last' is supported")
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def get_config(self):
        return {**super().get_config(), "data_format": "channels_last"}


class GaussianNoise(Layer):
    """Adds zero-mean Gaussian noise of standard deviation `stddev` in training."""

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError("Invalid value received for argument `stddev`. Expected a float value "
                             f"between 0 and 1. Received: stddev={stddev}")
        self.stddev, self.seed = stddev, seed
        if stddev > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        return inputs + random.normal(tuple(inputs.shape), mean=0.0, stddev=self.stddev,
                                      dtype=self.compute_dtype, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


class GaussianDropout(Layer):
    """Multiplies by Gaussian noise of mean 1 and variance `rate / (1 - rate)` in training."""

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError("Invalid value received for argument `rate`. Expected a float value "
                             f"between 0 and 1. Received: rate={rate}")
        self.rate, self.seed = rate, seed
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        return inputs * random.normal(tuple(inputs.shape), mean=1.0, stddev=stddev,
                                      dtype=self.compute_dtype, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class AlphaDropout(Layer):
    """Dropout that keeps SELU's self-normalization: dropped units go to SELU's negative
    saturation, then an affine map restores the mean and variance (in training only). This is
    the legacy layer `tf.keras.layers.AlphaDropout` is in TF 2.21: `rate` is not checked and
    `noise_shape` is not in the config."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed, self.noise_shape = rate, seed, noise_shape
        self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate <= 0:
            return inputs
        noise_shape = tuple(inputs.shape) if self.noise_shape is None else tuple(self.noise_shape)
        alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
        kept = random.uniform(noise_shape, seed=self.seed_generator) >= self.rate
        kept = tf.cast(kept, inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        return a * (inputs * kept + alpha_p * (1 - kept)) + b

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        base = super().get_config()
        return {**{k: base[k] for k in ("name", "trainable", "dtype")}, "rate": self.rate, "seed": self.seed}
