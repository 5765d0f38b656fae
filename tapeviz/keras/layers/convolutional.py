"""Conv1D, Conv2D and MaxPooling2D (channels_last), on `tf.nn.conv2d` and `tf.nn.max_pool2d`
(Conv1D convolves a height-1 image, as TF's `conv1d` does)."""
import tapeviz as tf
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.input_spec import InputSpec


def _pair(value, name):
    if isinstance(value, int):
        return (value, value)
    value = tuple(int(v) for v in value)
    if len(value) != 2:
        raise ValueError(f"The `{name}` argument must be a tuple of 2 integers. Received: {name}={value}")
    return value


def _single(value, name):
    if isinstance(value, int):
        return value
    value = tuple(int(v) for v in value)
    if len(value) != 1:
        raise ValueError(f"The `{name}` argument must be a tuple of 1 integers. Received: {name}={value}")
    return value[0]


def _padding(padding):
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"The `padding` argument must be a list/tuple or one of ['valid', 'same']. "
                         f"Received: {padding}")
    return padding


def _channels_last(data_format, layer):
    if data_format not in (None, "channels_last"):
        raise NotImplementedError(f"tapeviz.keras.layers.{layer}: only data_format='channels_last' "
                                  "is supported")


def _check_strides_dilation(strides, dilation_rate):
    """Keras's refusal of strides and dilation both above 1."""
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         f"Received: strides={strides} and dilation_rate={dilation_rate}")


def _out_size(size, window, stride, padding, dilation=1):
    if size is None:
        return None
    if padding == "same":
        return (size + stride - 1) // stride
    return (size - (window - 1) * dilation - 1) // stride + 1


class Conv2D(Layer):
    """2-D convolution: kernel (kh, kw, in_channels, filters), NHWC inputs."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=4)
        _channels_last(data_format, "Conv2D")
        if groups != 1:
            raise NotImplementedError("tapeviz.keras.layers.Conv2D: groups is not supported")
        self.filters = int(filters)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.strides = _pair(strides, "strides")
        self.dilation_rate = _pair(dilation_rate, "dilation_rate")
        self.padding = _padding(padding)
        self._kernel_and_bias_settings(activation, use_bias, kernel_initializer, bias_initializer,
                                       kernel_constraint, bias_constraint, kernel_regularizer,
                                       bias_regularizer)

    def build(self, input_shape):
        self.input_spec = InputSpec(min_ndim=4, axes={-1: input_shape[-1]})
        self._add_kernel_and_bias(self.kernel_size + (input_shape[-1], self.filters), self.filters)
        self.built = True

    def call(self, inputs):
        x = tf.nn.conv2d(inputs, self._kernel, strides=list(self.strides),
                         padding=self.padding.upper(), dilations=list(self.dilation_rate))
        if self.bias is not None:
            x = tf.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        n, h, w, _ = input_shape
        return (n, _out_size(h, self.kernel_size[0], self.strides[0], self.padding, self.dilation_rate[0]),
                _out_size(w, self.kernel_size[1], self.strides[1], self.padding, self.dilation_rate[1]),
                self.filters)


class Conv1D(Layer):
    """1-D convolution over `(batch, steps, channels)`: kernel (k, in_channels, filters)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=3)
        _channels_last(data_format, "Conv1D")
        if groups != 1:
            raise NotImplementedError("tapeviz.keras.layers.Conv1D: groups is not supported")
        if isinstance(padding, str) and padding.lower() == "causal":
            raise NotImplementedError("tapeviz.keras.layers.Conv1D: padding='causal' is not supported")
        self.filters = int(filters)
        self.kernel_size = _single(kernel_size, "kernel_size")
        self.strides = _single(strides, "strides")
        self.dilation_rate = _single(dilation_rate, "dilation_rate")
        self.padding = _padding(padding)
        self._kernel_and_bias_settings(activation, use_bias, kernel_initializer, bias_initializer,
                                       kernel_constraint, bias_constraint, kernel_regularizer,
                                       bias_regularizer)

    def build(self, input_shape):
        self.input_spec = InputSpec(min_ndim=3, axes={-1: input_shape[-1]})
        self._add_kernel_and_bias((self.kernel_size, input_shape[-1], self.filters), self.filters)
        self.built = True

    def call(self, inputs):
        x = tf.nn.conv2d(tf.expand_dims(inputs, 1), tf.expand_dims(self._kernel, 0),
                         strides=[1, self.strides], padding=self.padding.upper(),
                         dilations=[1, self.dilation_rate])
        x = tf.squeeze(x, [1])
        if self.bias is not None:
            x = tf.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        n, steps, _ = input_shape
        return (n, _out_size(steps, self.kernel_size, self.strides, self.padding, self.dilation_rate),
                self.filters)


class MaxPooling2D(Layer):
    """The maximum over each (pool_h, pool_w) window; strides default to the pool size."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(name=name, **kwargs)
        self.input_spec = InputSpec(ndim=4)
        _channels_last(data_format, "MaxPooling2D")
        self.pool_size = _pair(pool_size, "pool_size")
        self.strides = self.pool_size if strides is None else _pair(strides, "strides")
        self.padding = _padding(padding)
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.nn.max_pool2d(inputs, ksize=list(self.pool_size), strides=list(self.strides),
                                padding=self.padding.upper())

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        return (n, _out_size(h, self.pool_size[0], self.strides[0], self.padding),
                _out_size(w, self.pool_size[1], self.strides[1], self.padding), c)


MaxPool2D = MaxPooling2D
