"""Normalization layers: LayerNormalization (statistics of each sample), and BatchNormalization
(batch statistics in training, and moving averages of them; the moving averages at inference)."""
import numpy as np

import tapeviz as tf
from tapeviz.keras import initializers
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.input_spec import InputSpec


class BatchNormalization(Layer):
    """`gamma * (x - mean) / sqrt(var + epsilon) + beta` over the feature axis (`axis=-1`)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if beta_regularizer is not None or gamma_regularizer is not None:
            raise NotImplementedError("tapeviz.keras.layers.BatchNormalization: regularizers are "
                                      "not supported")
        self.axis, self.momentum, self.epsilon = int(axis), float(momentum), float(epsilon)
        self.center, self.scale = center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint

    def build(self, input_shape):
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: input_shape[self.axis]})
        shape = (input_shape[self.axis],)
        self.gamma = self.add_weight(shape=shape, name="gamma", initializer=self.gamma_initializer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight(shape=shape, name="beta", initializer=self.beta_initializer,
                                    constraint=self.beta_constraint) if self.center else None
        self.moving_mean = self.add_weight(shape=shape, name="moving_mean", trainable=False,
                                           initializer=self.moving_mean_initializer)
        self.moving_variance = self.add_weight(shape=shape, name="moving_variance", trainable=False,
                                               initializer=self.moving_variance_initializer)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        rank = inputs.shape.rank
        axis = self.axis % rank
        reduction_axes = [i for i in range(rank) if i != axis]
        broadcast = [1] * rank
        broadcast[axis] = inputs.shape[axis]
        if training and self.trainable:
            mean, variance = tf.nn.moments(inputs, axes=reduction_axes, keepdims=True)
            m = np.asarray(mean).reshape(-1)
            v = np.asarray(variance).reshape(-1)
            dtype = self.moving_mean.dtype.as_numpy_dtype
            self.moving_mean.assign((self.moving_mean.numpy() * self.momentum
                                     + m * (1 - self.momentum)).astype(dtype))
            self.moving_variance.assign((self.moving_variance.numpy() * self.momentum
                                         + v * (1 - self.momentum)).astype(dtype))
        else:
            mean = tf.reshape(self.moving_mean, broadcast)
            variance = tf.reshape(self.moving_variance, broadcast)
        return _normalize(inputs, mean, variance, self.epsilon, self.gamma, self.beta, broadcast)

    def compute_output_shape(self, input_shape):
        return input_shape


class LayerNormalization(Layer):
    """`gamma * (x - mean) / sqrt(var + epsilon) + beta`, statistics over `axis` of each sample."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True     # the mask passes through, as in Keras
        if beta_regularizer is not None or gamma_regularizer is not None or rms_scaling:
            raise NotImplementedError("tapeviz.keras.layers.LayerNormalization: regularizers and "
                                      "rms_scaling are not supported")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else int(axis)
        self.epsilon, self.center, self.scale = float(epsilon), center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint

    def _axes(self, rank):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        return sorted(a % rank for a in axes)

    def build(self, input_shape):
        axes = self._axes(len(input_shape))
        shape = tuple(input_shape[a] for a in axes) if len(axes) > 1 else (input_shape[axes[0]],)
        self.gamma = self.add_weight(shape=shape, name="gamma", initializer=self.gamma_initializer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight(shape=shape, name="beta", initializer=self.beta_initializer,
                                    constraint=self.beta_constraint) if self.center else None
        self.built = True

    def call(self, inputs):
        rank = inputs.shape.rank
        axes = self._axes(rank)
        broadcast = [inputs.shape[i] if i in axes else 1 for i in range(rank)]
        mean, variance = tf.nn.moments(inputs, axes=axes, keepdims=True)
        return _normalize(inputs, mean, variance, self.epsilon, self.gamma, self.beta, broadcast)

    def compute_output_shape(self, input_shape):
        return input_shape


def _normalize(inputs, mean, variance, epsilon, gamma, beta, broadcast):
    """`(inputs - mean) / sqrt(variance + epsilon) * gamma + beta` in Keras's order of ops
    (one scale and one offset), with gamma/beta None when the layer has no scale/center."""
    inv = tf.math.rsqrt(variance + epsilon)
    if gamma is not None:
        inv = inv * tf.reshape(gamma, broadcast)
    offset = -mean * inv
    if beta is not None:
        offset = offset + tf.reshape(beta, broadcast)
    return inputs * inv + offset


class UnitNormalization(Layer):
    """Scales each sample to unit L2 norm over `axis` (`x * min(rsqrt(sum(x**2)), 1e12)`)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError("Invalid value for `axis` argument: expected an int or a list/tuple of "
                            f"ints. Received: axis={axis}")
        self.supports_masking = True

    def call(self, inputs):
        x = inputs if inputs.dtype.is_floating else tf.cast(inputs, self.compute_dtype)
        if x.shape.rank == 0:
            x = tf.expand_dims(x, 0)
        inv_norm = tf.math.rsqrt(tf.reduce_sum(tf.square(x), axis=self.axis, keepdims=True))
        return x * tf.minimum(inv_norm, tf.cast(1e12, x.dtype))

    def compute_output_shape(self, input_shape):
        for axis in (self.axis if isinstance(self.axis, list) else [self.axis]):
            if axis >= len(input_shape) or axis < -len(input_shape):
                raise ValueError(f"Axis {self.axis} is out of bounds for input shape {input_shape}.")
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
