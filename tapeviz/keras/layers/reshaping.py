"""Reshaping layers: Permute, RepeatVector, UpSampling1D/2D, ZeroPadding1D/2D, Cropping1D/2D
(channels_last), each a few tapeviz ops."""
import tapeviz as tf
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.convolutional import _channels_last, _pair
from tapeviz.keras.layers.input_spec import InputSpec


class Permute(Layer):
    """Permutes the non-batch axes; `dims` counts from 1 (e.g. `(2, 1)` swaps the two)."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=len(tuple(dims)) + 1)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError("Invalid permutation argument `dims` for Permute Layer. The set of "
                             "indices in `dims` must be consecutive and start from 1. "
                             f"Received dims={dims}")
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)


class RepeatVector(Layer):
    """`(batch, features)` -> `(batch, n, features)`."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=2)
        if not isinstance(n, int):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        self.n = n
        self._output_dtype_is_input = True

    def call(self, inputs):
        if inputs.shape.rank != 2:
            raise ValueError(f"Input should be 2D, got rank {inputs.shape.rank}")
        return tf.tile(tf.expand_dims(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])


class UpSampling1D(Layer):
    """Repeats each step `size` times along the time axis."""

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.size = int(size)
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.repeat(inputs, self.size, axis=1)

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else input_shape[1] * self.size
        return (input_shape[0], steps, input_shape[2])


class UpSampling2D(Layer):
    """Nearest-neighbour upsampling: repeats rows and columns `size` times."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=4)
        _channels_last(data_format, "UpSampling2D")
        if interpolation != "nearest":
            raise NotImplementedError("tapeviz.keras.layers.UpSampling2D: only "
                                      "interpolation='nearest' is supported")
        self.size = _pair(size, "size")
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.repeat(tf.repeat(inputs, self.size[0], axis=1), self.size[1], axis=2)

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        return (n, None if h is None else h * self.size[0], None if w is None else w * self.size[1], c)


def _pads(value, name):
    """((before, after), (before, after)) from an int, a pair of ints or a pair of pairs."""
    if isinstance(value, int):
        return ((value, value), (value, value))
    value = tuple(value)
    if all(isinstance(v, int) for v in value):
        return tuple((v, v) for v in _pair(value, name))
    return tuple(tuple(int(x) for x in v) for v in value)


def _grow(size, amount):
    return None if size is None else size + amount


class ZeroPadding1D(Layer):
    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.padding = (padding, padding) if isinstance(padding, int) else tuple(padding)
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.pad(inputs, [[0, 0], list(self.padding), [0, 0]])

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _grow(input_shape[1], sum(self.padding)), input_shape[2])


class ZeroPadding2D(Layer):
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=4)
        _channels_last(data_format, "ZeroPadding2D")
        self.padding = _pads(padding, "padding")
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.pad(inputs, [[0, 0], list(self.padding[0]), list(self.padding[1]), [0, 0]])

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        return (n, _grow(h, sum(self.padding[0])), _grow(w, sum(self.padding[1])), c)


class Cropping1D(Layer):
    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=3)
        self.cropping = (cropping, cropping) if isinstance(cropping, int) else tuple(cropping)
        self._output_dtype_is_input = True

    def call(self, inputs):
        start, end = self.cropping
        return inputs[:, start:inputs.shape[1] - end, :]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _grow(input_shape[1], -sum(self.cropping)), input_shape[2])


class Cropping2D(Layer):
    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=4)
        _channels_last(data_format, "Cropping2D")
        self.cropping = _pads(cropping, "cropping")
        self._output_dtype_is_input = True

    def call(self, inputs):
        (top, bottom), (left, right) = self.cropping
        return inputs[:, top:inputs.shape[1] - bottom, left:inputs.shape[2] - right, :]

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        return (n, _grow(h, -sum(self.cropping[0])), _grow(w, -sum(self.cropping[1])), c)
