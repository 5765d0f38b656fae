"""Keras 3's parametrised activation layers (`LeakyReLU`, `PReLU`, `ELU`) and `Identity`; the
plain ones (`Activation`, `ReLU`, `Softmax`) are in `core`."""
import warnings

from tapeviz.keras import activations, initializers, regularizers
from tapeviz.keras.layers._config import weight_settings
from tapeviz.keras.layers.base import Layer


class _Elementwise(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape


class LeakyReLU(_Elementwise):
    """`x` where `x >= 0`, `negative_slope * x` elsewhere (`alpha=` is Keras's deprecated name)."""

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.")
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError("The negative_slope value of a Leaky ReLU layer cannot be None or "
                             f"negative value. Expected a float. Received: negative_slope={negative_slope}")
        self.negative_slope = negative_slope

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}


class ELU(_Elementwise):
    """`x` where `x > 0`, `alpha * (exp(x) - 1)` elsewhere. (Keras 3's config leaves `alpha` out.)"""

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)


class PReLU(_Elementwise):
    """Leaky ReLU with a learned slope per input feature (shared along `shared_axes`):
    `relu(x) - alpha * relu(-x)`."""

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = alpha_constraint
        if shared_axes is None:
            self.shared_axes = None
        else:
            self.shared_axes = list(shared_axes) if isinstance(shared_axes, (list, tuple)) else [shared_axes]

    def build(self, input_shape):
        shape = list(input_shape[1:])
        for i in self.shared_axes or ():
            shape[i - 1] = 1
        self.alpha = self.add_weight(shape=shape, name="alpha", initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        self.built = True

    def call(self, inputs):
        return activations.relu(inputs) + (-self.alpha * activations.relu(-inputs))

    def get_config(self):
        return {**super().get_config(), **weight_settings(self, "alpha"),
                "shared_axes": self.shared_axes}


class Identity(_Elementwise):
    """Returns its input unchanged (a placeholder layer)."""

    def call(self, inputs):
        return inputs
