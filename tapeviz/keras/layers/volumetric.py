"""The 3-D (volumetric, channels_last `(batch, depth, height, width, channels)`) layers: Conv3D,
Max/AveragePooling3D, the global 3-D poolings, ZeroPadding3D, Cropping3D and UpSampling3D, on
`tf.nn.conv3d`, `tf.nn.max_pool3d` and `tf.nn.avg_pool3d` as Keras on TF runs them."""
import tapeviz as tf
from tapeviz.keras.layers._config import activation_name, weight_settings
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.conv_transpose import _tuple
from tapeviz.keras.layers.convolutional import _channels_last, _check_strides_dilation, _out_size, _padding
from tapeviz.keras.layers.input_spec import InputSpec
from tapeviz.keras.layers.pooling import _GlobalPooling
from tapeviz.keras.layers.reshaping import _grow

_ORDINALS = ("1st", "2nd", "3rd")


class Conv3D(Layer):
    """3-D convolution: kernel (kd, kh, kw, in_channels, filters), NDHWC inputs."""

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=5)
        _channels_last(data_format, "Conv3D")
        if filters is None or int(filters) <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             f"value. Received filters={filters}.")
        self.filters = int(filters)
        self.groups = int(groups)
        self.kernel_size = _tuple(kernel_size, 3, "kernel_size")
        self.strides = _tuple(strides, 3, "strides")
        self.dilation_rate = _tuple(dilation_rate, 3, "dilation_rate")
        self.padding = _padding(padding)
        if self.filters % self.groups:
            raise ValueError("The number of filters must be evenly divisible by the number of groups. "
                             f"Received: groups={self.groups}, filters={self.filters}.")
        _check_strides_dilation(self.strides, self.dilation_rate)
        self._kernel_and_bias_settings(activation, use_bias, kernel_initializer, bias_initializer,
                                       kernel_constraint, bias_constraint, kernel_regularizer,
                                       bias_regularizer)

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels % self.groups:
            raise ValueError("The number of input channels must be evenly divisible by the number of "
                             f"groups. Received groups={self.groups}, but the input has {channels} "
                             f"channels (full input shape is {tuple(input_shape)}).")
        self.input_spec = InputSpec(min_ndim=5, axes={-1: channels})
        self._add_kernel_and_bias(self.kernel_size + (channels // self.groups, self.filters), self.filters)
        self.built = True

    def call(self, inputs):
        def conv(x, kernel):
            return tf.nn.conv3d(x, kernel, strides=[1, *self.strides, 1], padding=self.padding.upper(),
                                dilations=[1, *self.dilation_rate, 1])
        if self.groups == 1:
            x = conv(inputs, self._kernel)
        else:   # group g: input channels g, filters g (as TF's grouped convolution)
            x = tf.concat([conv(xs, ks) for xs, ks in zip(tf.split(inputs, self.groups, axis=-1),
                                                           tf.split(self._kernel, self.groups, axis=-1))], -1)
        if self.bias is not None:
            x = tf.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(
            _out_size(n, k, s, self.padding, d) for n, k, s, d in
            zip(input_shape[1:4], self.kernel_size, self.strides, self.dilation_rate)) + (self.filters,)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": "channels_last",
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                "activation": activation_name(self.activation), "use_bias": self.use_bias,
                **weight_settings(self, "kernel", "bias"), "activity_regularizer": None}


class _Pooling3D(Layer):
    pool_op = None

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=5)
        _channels_last(data_format, type(self).__name__)
        self.pool_size = _tuple(pool_size, 3, "pool_size")
        self.strides = self.pool_size if strides is None else _tuple(strides, 3, "strides")
        self.padding = _padding(padding)
        self._output_dtype_is_input = True

    def call(self, inputs):
        return type(self).pool_op(inputs, ksize=[1, *self.pool_size, 1], strides=[1, *self.strides, 1],
                                  padding=self.padding.upper())

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(
            _out_size(n, k, s, self.padding) for n, k, s in
            zip(input_shape[1:4], self.pool_size, self.strides)) + (input_shape[4],)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": "channels_last"}


class MaxPooling3D(_Pooling3D):
    """The maximum over each (pool_d, pool_h, pool_w) window; strides default to the pool size."""

    pool_op = staticmethod(tf.nn.max_pool3d)


class AveragePooling3D(_Pooling3D):
    """The mean over each (pool_d, pool_h, pool_w) window; strides default to the pool size."""

    pool_op = staticmethod(tf.nn.avg_pool3d)


class GlobalAveragePooling3D(_GlobalPooling):
    """The mean over depth, height and width."""

    rank = 3
    reduce = staticmethod(tf.reduce_mean)


class GlobalMaxPooling3D(_GlobalPooling):
    """The maximum over depth, height and width."""

    rank = 3
    reduce = staticmethod(tf.reduce_max)


def _pairs3(value, name):
    """Keras's ((before, after),) * 3 from an int, three ints or three pairs of ints."""
    if isinstance(value, int):
        if name == "cropping" and value < 0:
            raise ValueError(f"`cropping` cannot be negative. Received: cropping={value}.")
        return ((value, value),) * 3
    if not hasattr(value, "__len__"):
        raise ValueError(f"`{name}` should be either an int, a tuple of 3 ints, or a tuple of 3 tuples "
                         f"of 2 ints. Received: {name}={value}.")
    if len(value) != 3:
        raise ValueError(f"`{name}` should have 3 elements. Received: {value}.")
    return tuple(_tuple(v, 2, f"{ordinal} entry of {name}", allow_zero=True)
                 for v, ordinal in zip(value, _ORDINALS))


class ZeroPadding3D(Layer):
    """Zeros added before and after the depth, height and width axes."""

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=5)
        _channels_last(data_format, "ZeroPadding3D")
        self.padding = _pairs3(padding, "padding")
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.pad(inputs, [[0, 0], *[list(p) for p in self.padding], [0, 0]])

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(_grow(n, sum(p)) for n, p in
                                         zip(input_shape[1:4], self.padding)) + (input_shape[4],)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding, "data_format": "channels_last"}


class Cropping3D(Layer):
    """Cuts `cropping` cells off the start and end of the depth, height and width axes."""

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=5)
        _channels_last(data_format, "Cropping3D")
        self.cropping = _pairs3(cropping, "cropping")
        self._output_dtype_is_input = True

    def _check(self, shape, what):
        for n, (start, end) in zip(shape[1:4], self.cropping):
            if n is not None and n - start - end <= 0:
                raise ValueError("Values in `cropping` argument should be smaller than the corresponding "
                                 f"spatial dimension of the input. Received: {what}={tuple(shape)}, "
                                 f"cropping={self.cropping}")

    def call(self, inputs):
        shape = tuple(inputs.shape)
        self._check(shape, "inputs.shape")
        (d0, d1), (h0, h1), (w0, w1) = self.cropping
        return inputs[:, d0:shape[1] - d1, h0:shape[2] - h1, w0:shape[3] - w1, :]

    def compute_output_shape(self, input_shape):
        self._check(input_shape, "input_shape")
        return (input_shape[0],) + tuple(_grow(n, -sum(c)) for n, c in
                                         zip(input_shape[1:4], self.cropping)) + (input_shape[4],)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping, "data_format": "channels_last"}


class UpSampling3D(Layer):
    """Nearest-neighbour upsampling: repeats each cell `size` times along depth, height and width."""

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=5)
        _channels_last(data_format, "UpSampling3D")
        self.size = _tuple(size, 3, "size")
        self._output_dtype_is_input = True

    def call(self, inputs):
        for axis, times in enumerate(self.size, start=1):
            inputs = tf.repeat(inputs, times, axis=axis)
        return inputs

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(None if n is None else n * s for n, s in
                                         zip(input_shape[1:4], self.size)) + (input_shape[4],)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": "channels_last"}


MaxPool3D, AvgPool3D = MaxPooling3D, AveragePooling3D
GlobalAvgPool3D, GlobalMaxPool3D = GlobalAveragePooling3D, GlobalMaxPooling3D
