"""DepthwiseConv2D and SeparableConv2D (channels_last), on `tf.nn.depthwise_conv2d` as Keras's
TF backend runs them (input channel c feeds output channels c*multiplier ... c*multiplier +
multiplier - 1)."""

import tapeviz as tf
from tapeviz.keras import initializers, regularizers
from tapeviz.keras.layers._config import activation_name, weight_settings
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.conv_transpose import _tuple
from tapeviz.keras.layers.convolutional import _channels_last, _check_strides_dilation, _out_size, _padding
from tapeviz.keras.layers.input_spec import InputSpec


def depthwise(x, kernel, strides, padding, dilations):
    """Each input channel convolved with its own `multiplier` filters: kernel (kh, kw, C, M)."""
    return tf.nn.depthwise_conv2d(x, kernel, strides=[1, *strides, 1], padding=padding.upper(),
                                  dilations=list(dilations))


class _Depthwise(Layer):
    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 bias_initializer="zeros", bias_regularizer=None, activity_regularizer=None,
                 bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=4)
        _channels_last(data_format, type(self).__name__)
        self.kernel_size = _tuple(kernel_size, 2, "kernel_size")
        self.strides = _tuple(strides, 2, "strides")
        self.dilation_rate = _tuple(dilation_rate, 2, "dilation_rate")
        self.padding = _padding(padding)
        self.depth_multiplier = int(depth_multiplier)
        if self.depth_multiplier <= 0:
            raise ValueError("Invalid value for argument `depth_multiplier`. Expected a strictly "
                             f"positive value. Received depth_multiplier={depth_multiplier}.")
        _check_strides_dilation(self.strides, self.dilation_rate)
        from tapeviz.keras import activations
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = bias_constraint

    def _depthwise(self, inputs, kernel):
        return depthwise(inputs, kernel, self.strides, self.padding, self.dilation_rate)

    def _finish(self, x):
        if self.bias is not None:
            x = tf.add(x, self.bias)
        return self.activation(x)

    def _out_hw(self, input_shape):
        return tuple(_out_size(n, k, s, self.padding, d) for n, k, s, d in
                     zip(input_shape[1:3], self.kernel_size, self.strides, self.dilation_rate))

    def _base_config(self):
        return {**super().get_config(), "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "depth_multiplier": self.depth_multiplier,
                "data_format": "channels_last", "dilation_rate": self.dilation_rate,
                "activation": activation_name(self.activation), "use_bias": self.use_bias,
                "activity_regularizer": None}


class DepthwiseConv2D(_Depthwise):
    """A separate `depth_multiplier` filters per input channel: kernel (kh, kw, C, multiplier)."""

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, bias_initializer, bias_regularizer,
                         activity_regularizer, bias_constraint, **kwargs)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = depthwise_constraint

    def build(self, input_shape):
        self.input_spec = InputSpec(min_ndim=4, axes={-1: input_shape[-1]})
        channels = input_shape[-1]
        self._kernel = self.add_weight(name="kernel",
                                       shape=self.kernel_size + (channels, self.depth_multiplier),
                                       initializer=self.depthwise_initializer,
                                       regularizer=self.depthwise_regularizer,
                                       constraint=self.depthwise_constraint)
        self.bias = self.add_weight(name="bias", shape=(channels * self.depth_multiplier,),
                                    initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        return self._finish(self._depthwise(inputs, self._kernel))

    def compute_output_shape(self, input_shape):
        channels = None if input_shape[-1] is None else input_shape[-1] * self.depth_multiplier
        return (input_shape[0],) + self._out_hw(input_shape) + (channels,)

    def get_config(self):
        return {**self._base_config(), **weight_settings(self, "depthwise", "bias")}


class SeparableConv2D(_Depthwise):
    """A depthwise convolution, then a 1x1 convolution mixing channels to `filters` outputs."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, pointwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, bias_initializer, bias_regularizer,
                         activity_regularizer, bias_constraint, **kwargs)
        if filters is None or int(filters) <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             f"value. Received filters={filters}.")
        self.filters = int(filters)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint, self.pointwise_constraint = depthwise_constraint, pointwise_constraint

    def build(self, input_shape):
        self.input_spec = InputSpec(min_ndim=4, axes={-1: input_shape[-1]})
        channels = input_shape[-1]
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel", shape=(1, 1, channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        self.bias = self.add_weight(name="bias", shape=(self.filters,),
                                    initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        x = self._depthwise(inputs, self.depthwise_kernel)
        x = tf.nn.conv2d(x, self.pointwise_kernel, strides=[1, 1], padding="VALID")
        return self._finish(x)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._out_hw(input_shape) + (self.filters,)

    def get_config(self):
        return {**self._base_config(), "filters": self.filters,
                **weight_settings(self, "depthwise", "pointwise", "bias")}
