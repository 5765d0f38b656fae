"""Pooling layers (channels_last): Max/AveragePooling1D, AveragePooling2D and the global
poolings. The 1-D layers run the 2-D pooling ops on a height-1 image, as Keras on TF does."""
import tapeviz as tf
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.convolutional import _channels_last, _out_size, _padding, _pair, _single
from tapeviz.keras.layers.input_spec import InputSpec


class _Pooling1D(Layer):
    pool_op = None

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=3)
        _channels_last(data_format, type(self).__name__)
        self.pool_size = _single(pool_size, "pool_size")
        self.strides = self.pool_size if strides is None else _single(strides, "strides")
        self.padding = _padding(padding)
        self._output_dtype_is_input = True

    def call(self, inputs):
        x = tf.expand_dims(inputs, 1)
        x = type(self).pool_op(x, ksize=[1, self.pool_size], strides=[1, self.strides],
                               padding=self.padding.upper())
        return tf.squeeze(x, [1])

    def compute_output_shape(self, input_shape):
        n, steps, c = input_shape
        return (n, _out_size(steps, self.pool_size, self.strides, self.padding), c)


class MaxPooling1D(_Pooling1D):
    """The maximum over each window of `pool_size` steps."""

    pool_op = staticmethod(tf.nn.max_pool2d)


class AveragePooling1D(_Pooling1D):
    """The mean over each window of `pool_size` steps (`pool_size` has no default)."""

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)

    pool_op = staticmethod(tf.nn.avg_pool2d)


class AveragePooling2D(Layer):
    """The mean over each (pool_h, pool_w) window; strides default to the pool size."""

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=4)
        _channels_last(data_format, "AveragePooling2D")
        self.pool_size = _pair(pool_size, "pool_size")
        self.strides = self.pool_size if strides is None else _pair(strides, "strides")
        self.padding = _padding(padding)
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.nn.avg_pool2d(inputs, ksize=list(self.pool_size), strides=list(self.strides),
                                padding=self.padding.upper())

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        return (n, _out_size(h, self.pool_size[0], self.strides[0], self.padding),
                _out_size(w, self.pool_size[1], self.strides[1], self.padding), c)


class _GlobalPooling(Layer):
    """Reduces every axis between batch and channels (`keepdims` keeps them as size 1)."""

    reduce = None
    rank = None         # spatial axes

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        _channels_last(data_format, type(self).__name__)
        self.keepdims = keepdims
        self._output_dtype_is_input = True

    def call(self, inputs):
        axes = list(range(1, inputs.shape.rank - 1))
        return type(self).reduce(inputs, axis=axes, keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        if self.keepdims:
            return (input_shape[0],) + (1,) * (len(input_shape) - 2) + (input_shape[-1],)
        return (input_shape[0], input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "data_format": "channels_last"}


class GlobalAveragePooling1D(_GlobalPooling):
    """The mean over time; with a mask (e.g. from `Embedding(mask_zero=True)`), over unmasked steps."""

    rank = 1
    reduce = staticmethod(tf.reduce_mean)

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        keep = tf.cast(tf.expand_dims(mask, 2), "bool")
        inputs = tf.where(keep, inputs, tf.zeros_like(inputs))
        counts = tf.reduce_sum(tf.cast(keep, inputs.dtype), axis=1, keepdims=self.keepdims)
        return tf.reduce_sum(inputs, axis=1, keepdims=self.keepdims) / counts


class GlobalAveragePooling2D(_GlobalPooling):
    rank = 2
    reduce = staticmethod(tf.reduce_mean)


class GlobalMaxPooling1D(_GlobalPooling):
    rank = 1
    reduce = staticmethod(tf.reduce_max)


class GlobalMaxPooling2D(_GlobalPooling):
    rank = 2
    reduce = staticmethod(tf.reduce_max)


MaxPool1D, AvgPool1D, AvgPool2D = MaxPooling1D, AveragePooling1D, AveragePooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D
