"""GroupNormalization (Wu & He, 2018): LayerNormalization within groups of channels."""
import tapeviz as tf
from tapeviz.keras import initializers, regularizers
from tapeviz.keras.layers._config import weight_settings
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.normalization import _normalize


class GroupNormalization(Layer):
    """Splits the `axis` channels into `groups`, normalizes each group of each sample over its
    channels and every other non-batch axis, then scales by `gamma` and shifts by `beta`
    (`groups=-1`: instance normalization)."""

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        if not isinstance(groups, int) or (groups <= 0 and groups != -1):
            raise ValueError("Received an invalid value for argument `groups`, expected a positive "
                             f"integer (or `-1` for instance normalization). Received: groups={groups}")
        super().__init__(**kwargs)
        self.supports_masking = True
        self.autocast = False
        self.groups, self.axis, self.epsilon = groups, axis, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint

    def build(self, input_shape):
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension but "
                             f"the layer received an input with shape {input_shape}.")
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(f"Number of groups ({self.groups}) cannot be more than the number of "
                             f"channels ({dim}).")
        if dim % self.groups != 0:
            raise ValueError(f"Number of groups ({self.groups}) must be a multiple of the number of "
                             f"channels ({dim}).")
        self.gamma = self.add_weight(shape=(dim,), name="gamma", initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight(shape=(dim,), name="beta", initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        self.built = True

    def call(self, inputs):
        shape = tuple(inputs.shape)
        rank = len(shape)
        axis = self.axis % rank
        grouped = list(shape)
        grouped[axis] = shape[axis] // self.groups
        grouped.insert(axis, self.groups)                     # (..., groups, channels/group, ...)
        x = tf.reshape(inputs, grouped)
        reduce_axes = [a for a in range(1, rank + 1) if a != axis]
        mean, variance = tf.nn.moments(x, axes=reduce_axes, keepdims=True)
        broadcast = [1] * rank
        broadcast[axis] = shape[axis] // self.groups
        broadcast.insert(axis, self.groups)
        out = _normalize(x, mean, variance, self.epsilon, self.gamma, self.beta, broadcast)
        return tf.reshape(out, shape)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "groups": self.groups, "axis": self.axis,
                "epsilon": self.epsilon, "center": self.center, "scale": self.scale,
                **weight_settings(self, "beta", "gamma")}
