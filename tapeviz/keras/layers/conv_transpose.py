"""Conv1DTranspose and Conv2DTranspose (channels_last): the gradient of a convolution with
respect to its input, run forwards through `tf.nn.conv2d_transpose` (one `Conv2DBackpropInput`
node per call on the tape, as in TF).
"""
import tapeviz as tf
from tapeviz.keras.layers._config import activation_name, weight_settings
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.convolutional import _channels_last, _check_strides_dilation, _padding
from tapeviz.keras.layers.input_spec import InputSpec


def _tuple(value, rank, name, allow_zero=False):
    value = (int(value),) * rank if isinstance(value, int) else tuple(int(v) for v in value)
    if len(value) != rank:
        raise ValueError(f"The `{name}` argument must be a tuple of {rank} integers. "
                         f"Received {name}={value}")
    if any(v < 0 or (v == 0 and not allow_zero) for v in value):
        raise ValueError(f"The `{name}` argument must be a tuple of positive integers. "
                         f"Received {name}={value}")
    return value


def transpose_size(size, kernel, stride, padding, output_padding, dilation):
    """Keras's output length of a transposed convolution along one axis."""
    if size is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(kernel, stride) - kernel if output_padding is None else output_padding
        return (size - 1) * stride + kernel + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + kernel % 2 + output_padding


def _conv_transpose(x, kernel, output_hw, strides, padding, dilations):
    """NHWC `x` through an HW(out)(in) kernel to (N, *output_hw, out_channels)."""
    shape = (int(x.shape[0]),) + tuple(output_hw) + (int(kernel.shape[2]),)
    return tf.nn.conv2d_transpose(x, kernel, shape, strides=list(strides), padding=padding.upper(),
                                  dilations=list(dilations))


class _ConvTranspose(Layer):
    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=self.rank + 2)
        _channels_last(data_format, type(self).__name__)
        if filters is None or int(filters) <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive "
                             f"value. Received filters={filters}.")
        rank = self.rank
        self.filters = int(filters)
        self.kernel_size = _tuple(kernel_size, rank, "kernel_size")
        self.strides = _tuple(strides, rank, "strides")
        self.dilation_rate = _tuple(dilation_rate, rank, "dilation_rate")
        self.padding = _padding(padding)
        self.output_padding = None if output_padding is None else \
            _tuple(output_padding, rank, "output_padding", allow_zero=True)
        if self.output_padding is not None:
            for i, (op, s) in enumerate(zip(self.output_padding, self.strides)):
                if op >= s:
                    raise ValueError("`output_padding` must be strictly less than `strides` for "
                                     f"all dimensions. At dimension {i}, `output_padding` is {op} "
                                     f"but `strides` is {s}. Received: output_padding="
                                     f"{self.output_padding}, strides={self.strides}")
        _check_strides_dilation(self.strides, self.dilation_rate)
        self._kernel_and_bias_settings(activation, use_bias, kernel_initializer, bias_initializer,
                                       kernel_constraint, bias_constraint, kernel_regularizer,
                                       bias_regularizer)

    def build(self, input_shape):
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1: input_shape[-1]})
        self._add_kernel_and_bias(self.kernel_size + (self.filters, input_shape[-1]), self.filters)
        self.built = True

    def _spatial_out(self, spatial):
        pads = self.output_padding or (None,) * self.rank
        return tuple(transpose_size(n, k, s, self.padding, p, d) for n, k, s, p, d in
                     zip(spatial, self.kernel_size, self.strides, pads, self.dilation_rate))

    def _finish(self, x):
        if self.bias is not None:
            x = tf.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._spatial_out(input_shape[1:-1]) + (self.filters,)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding,
                "output_padding": self.output_padding, "data_format": "channels_last",
                "dilation_rate": self.dilation_rate, "activation": activation_name(self.activation),
                "use_bias": self.use_bias, **weight_settings(self, "kernel", "bias"),
                "activity_regularizer": None}


class Conv2DTranspose(_ConvTranspose):
    """Transposed 2-D convolution ("deconvolution"): kernel (kh, kw, filters, in_channels)."""

    def call(self, inputs):
        out_hw = self._spatial_out(tuple(inputs.shape[1:3]))
        return self._finish(_conv_transpose(inputs, self._kernel, out_hw, self.strides,
                                            self.padding, self.dilation_rate))


class Conv1DTranspose(_ConvTranspose):
    """Transposed 1-D convolution over `(batch, steps, channels)`: kernel (k, filters, in_channels)."""

    rank = 1

    def call(self, inputs):
        (steps,) = self._spatial_out((inputs.shape[1],))
        x = _conv_transpose(tf.expand_dims(inputs, 1), tf.expand_dims(self._kernel, 0), (1, steps),
                            (1,) + self.strides, self.padding, (1,) + self.dilation_rate)
        return self._finish(tf.squeeze(x, [1]))
