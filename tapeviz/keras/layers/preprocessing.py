"""Numeric and image preprocessing layers: `Normalization` (with `adapt`), `Rescaling`,
`Resizing` and `CenterCrop`. Their calls are tapeviz ops, so gradients flow through them."""
import numpy as np

import tapeviz as tf
from tapeviz.framework.tensor import Tensor
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.convolutional import _channels_last
from tapeviz.keras.layers.lookup import batches_of

_EPSILON = 1e-7      # keras.backend.epsilon()


class Normalization(Layer):
    """`(x - mean) / sqrt(variance)` per position of `axis`, with statistics given or learned by
    `adapt` (non-trainable `mean`, `variance` and `count` weights); `invert=True` undoes it."""

    _allow_non_tensor_positional_args = True     # a preprocessing layer, as in Keras

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        self.axis, self.invert = tuple(axis), invert
        self.input_mean, self.input_variance = mean, variance
        self.supports_masking = True
        self._build_input_shape = None
        self.mean = self.variance = None
        if (mean is not None) != (variance is not None):
            raise ValueError("When setting values directly, both `mean` and `variance` must be set. "
                             f"Received: mean={mean} and variance={variance}")
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError("When setting values directly, `mean` and `variance` must have the same "
                             f"shape. Received: mean shape {np.shape(mean)} and variance shape "
                             f"{np.shape(variance)}")

    def build(self, input_shape):
        if input_shape is None:
            return
        ndim = len(input_shape)
        self._build_input_shape = tuple(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError("All `axis` values must be in the range [-ndim, ndim). Received inputs "
                             f"with ndim={ndim}, while axis={self.axis}")
        self._keep_axis = tuple(sorted(d % ndim for d in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(f"All `axis` values to be kept must have a known shape. Received "
                                 f"axis={self.axis}, inputs.shape={input_shape}, with unknown axis "
                                 f"at index {d}")
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = [input_shape[d] if d in self._keep_axis else 1 for d in range(ndim)]
        shape = tuple(input_shape[d] for d in self._keep_axis)
        self._mean_and_var_shape = shape
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=shape, initializer="zeros",
                                              trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=shape, initializer="ones",
                                                  trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int64", initializer="zeros",
                                         trainable=False)
            self.built = True
            self.finalize_state()
        else:
            self.mean = self._broadcast(np.asarray(self.input_mean, "float64"))
            self.variance = self._broadcast(np.asarray(self.input_variance, "float64"))
            self.built = True

    def _broadcast(self, value):
        if value.ndim:
            expanded = [1] * len(self._broadcast_shape)
            for i in range(1, value.ndim + 1):
                expanded[self._keep_axis[-i]] = value.shape[-i]
            value = value.reshape(expanded)
        return tf.constant(np.broadcast_to(value, self._broadcast_shape).astype(self.compute_dtype))

    def adapt(self, data):
        """Computes the mean and variance of `data` (an array, or a Dataset/iterable of batches)."""
        batches = [np.asarray(b, "float64") for b in
                   (data if isinstance(data, (list, tuple)) else batches_of(data))]
        if not batches:
            raise ValueError("adapt() received an empty iterable (no batches). Expected at least one "
                             "batch. Pass a non-empty iterable of arrays or tensors.")
        if not self.built:
            self.build(batches[0].shape)
        total_mean = np.zeros(self._mean_and_var_shape)
        total_var = np.zeros(self._mean_and_var_shape)
        total = 0
        for batch in batches:       # Keras's running merge of batch statistics
            mean, var = batch.mean(axis=self._reduce_axis), batch.var(axis=self._reduce_axis)
            count = int(np.prod([batch.shape[d] for d in self._reduce_axis])) if self._reduce_axis else 1
            total += count
            weight = count / total
            new_mean = total_mean * (1 - weight) + mean * weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * (1 - weight) + \
                (var + (mean - new_mean) ** 2) * weight
            total_mean = new_mean
        self.adapt_mean.assign(total_mean.astype(self.adapt_mean.dtype.name))
        self.adapt_variance.assign(total_var.astype(self.adapt_variance.dtype.name))
        self.finalize_state()

    def finalize_state(self):
        if self.input_mean is not None or not self.built:
            return
        self.mean = tf.reshape(tf.cast(self.adapt_mean, self.compute_dtype), self._broadcast_shape)
        self.variance = tf.reshape(tf.cast(self.adapt_variance, self.compute_dtype), self._broadcast_shape)

    def call(self, inputs):
        if self.mean is None:
            raise ValueError("You must call `.build(input_shape)` on the layer before using it.")
        inputs = tf.cast(inputs, self.compute_dtype)
        std = tf.maximum(tf.sqrt(self.variance), _EPSILON)
        if self.invert:
            return self.mean + inputs * std
        return (inputs - self.mean) / std

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(),
                "variance": np.array(self.input_variance).tolist()}


class Rescaling(Layer):
    """`inputs * scale + offset` (e.g. `1/255` to bring pixels into [0, 1])."""

    _allow_non_tensor_positional_args = True     # a preprocessing layer, as in Keras

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset
        self.supports_masking = True

    def _convert_input(self, x):
        return x if isinstance(x, Tensor) else tf.convert_to_tensor(np.asarray(x))

    def call(self, inputs):
        dtype = self.compute_dtype
        return tf.cast(inputs, dtype) * tf.cast(self.scale, dtype) + tf.cast(self.offset, dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "offset": self.offset}


def crop_to_aspect_ratio(images, height, width):
    """The central crop of (N)HWC `images` with the aspect ratio of `height:width` (Keras's)."""
    h, w = images.shape[-3], images.shape[-2]
    crop_h = max(min(h, int(np.float32(w * height) / np.float32(width))), 1)
    crop_w = max(min(w, int(np.float32(h * width) / np.float32(height))), 1)
    top, left = int(np.float32(h - crop_h) / 2), int(np.float32(w - crop_w) / 2)
    return images[..., top:top + crop_h, left:left + crop_w, :]


class Resizing(Layer):
    """Resizes (N)HWC images to `(height, width)` with `tf.image.resize`, optionally cropping
    to the target aspect ratio first."""

    _allow_non_tensor_positional_args = True     # a preprocessing layer, as in Keras

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, antialias=False,
                 data_format=None, **kwargs):
        super().__init__(**kwargs)
        _channels_last(data_format, "Resizing")
        if pad_to_aspect_ratio:
            raise NotImplementedError("tapeviz.keras.layers.Resizing: pad_to_aspect_ratio is not supported")
        if pad_to_aspect_ratio and crop_to_aspect_ratio:
            raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
        self.height, self.width, self.interpolation = height, width, interpolation
        self.crop_to_aspect_ratio, self.pad_to_aspect_ratio = crop_to_aspect_ratio, pad_to_aspect_ratio
        self.fill_mode, self.fill_value, self.antialias = fill_mode, fill_value, bool(antialias)

    def call(self, inputs):
        if inputs.shape.rank not in (3, 4):
            raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 (batch of "
                             f"images). Received input with shape: images.shape={tuple(inputs.shape)}")
        images = inputs
        if self.crop_to_aspect_ratio:
            images = crop_to_aspect_ratio(images, self.height, self.width)
        resized = tf.image.resize(images, (self.height, self.width), method=self.interpolation,
                                  antialias=self.antialias)
        if resized.dtype == inputs.dtype:
            return resized
        if inputs.dtype.is_integer:
            return tf.saturate_cast(tf.round(resized), inputs.dtype)
        return tf.cast(resized, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias,
                "data_format": "channels_last"}


class CenterCrop(Layer):
    """The central `(height, width)` window of (N)HWC images; a smaller image is first cropped to
    the target aspect ratio and resized up (Keras's `smart_resize`)."""

    _allow_non_tensor_positional_args = True     # a preprocessing layer, as in Keras

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(**kwargs)
        _channels_last(data_format, "CenterCrop")
        self.height, self.width = height, width

    def call(self, inputs):
        inputs = tf.cast(inputs, self.compute_dtype)
        h, w = inputs.shape[-3], inputs.shape[-2]
        if h >= self.height and w >= self.width:
            top, left = (h - self.height) // 2, (w - self.width) // 2
            return inputs[..., top:top + self.height, left:left + self.width, :]
        cropped = crop_to_aspect_ratio(inputs, self.height, self.width)
        return tf.cast(tf.image.resize(cropped, (self.height, self.width)), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "data_format": "channels_last"}
