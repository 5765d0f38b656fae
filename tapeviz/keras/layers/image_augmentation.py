"""Random image augmentation layers, active in training only: `RandomFlip`, `RandomRotation`,
`RandomZoom`, `RandomTranslation`, `RandomCrop`, `RandomContrast`, `RandomBrightness`.

Each draws from its own `SeedGenerator` through `tapeviz.keras.random` in Keras 3's order, so a
seeded layer makes TF's draws. Rotation, zoom and translation resample with the
`ImageProjectiveTransformV3` op (ops/image_transform.py), whose gradient flows back to the
images as TF's does (the same transform by the inverse matrix), so these layers may follow
trainable layers.
"""
import math

import numpy as np

import tapeviz as tf
from tapeviz.keras import random
from tapeviz.keras.layers.base import Layer
from tapeviz.ops.image_transform import image_projective_transform_v3

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")


# ---- the layers ------------------------------------------------------------------------------
class _Augmentation(Layer):
    """Training-only layers: `call(inputs, training=True)` as Keras's image preprocessing layers."""

    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise NotImplementedError(f"tapeviz.keras.layers.{type(self).__name__}: only "
                                      "data_format='channels_last' is supported")
        if factor is not None:
            self._set_factor(factor)

    def _set_factor(self, factor):
        low_bound, high_bound = self._FACTOR_BOUNDS
        message = ("The `factor` argument should be a number (or a list of two numbers) in the range "
                   f"[{low_bound}, {high_bound}]. Received: factor={factor}")
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high_bound or factor[1] < low_bound:
                raise ValueError(message)
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)):
            if factor < low_bound or factor > high_bound:
                raise ValueError(message)
            factor = abs(factor)
            lower, upper = max(-factor, low_bound), factor
        else:
            raise ValueError(message)
        self.factor = (lower, upper)

    def call(self, inputs, training=True):
        images = tf.cast(inputs, self.compute_dtype)
        if not training:
            return images
        if images.shape.rank not in (3, 4):
            raise ValueError("Expected the input image to be rank 3 or 4. Received "
                             f"inputs.shape={tuple(images.shape)}")
        unbatched = images.shape.rank == 3
        batch = tf.expand_dims(images, 0) if unbatched else images
        out = self._augment(batch)
        return tf.squeeze(out, [0]) if unbatched else out

    def compute_output_shape(self, input_shape):
        return input_shape

    def _config(self, **extra):
        return {**super().get_config(), "seed": self.seed, "data_format": "channels_last", **extra}


class RandomFlip(_Augmentation):
    """Flips each image left-right and/or up-down with probability 1/2."""

    def __init__(self, mode="horizontal_and_vertical", seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in ("horizontal", "vertical", "horizontal_and_vertical"):
            raise ValueError(f"RandomFlip layer {self.name} received an unknown mode argument {mode}")
        self.seed, self.mode = seed, mode
        self.generator = random.SeedGenerator(seed)

    def _augment(self, images):
        flips = tf.less_equal(random.uniform((images.shape[0], 1, 1, 1), seed=self.generator), 0.5)
        flips = tf.broadcast_to(flips, images.shape)
        out = images
        if self.mode in ("horizontal", "horizontal_and_vertical"):
            out = tf.where(flips, tf.reverse(out, [2]), out)
        if self.mode in ("vertical", "horizontal_and_vertical"):
            out = tf.where(flips, tf.reverse(out, [1]), out)
        return out

    def get_config(self):
        return self._config(mode=self.mode)


class _AffineAugmentation(_Augmentation):
    def _check_modes(self, fill_mode, interpolation, fill_value):
        if fill_mode not in _FILL_MODES:
            raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Expected of one {_FILL_MODES}.")
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of one "
                                      f"{_INTERPOLATIONS}.")
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, fill_value

    def _resample(self, images, transforms):
        return image_projective_transform_v3(images, np.asarray(transforms, np.float32),
                                             list(images.shape[1:3]), self.fill_value,
                                             interpolation=self.interpolation,
                                             fill_mode=self.fill_mode)

    def _range_factor(self, factor, name):
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise ValueError(f"The `factor` argument should be a number (or a list of two numbers) "
                                 f"in the range [-1.0, 1.0]. Received: {name}={factor}")
            for f in factor:
                self._check_range(f)
            return tuple(sorted(factor))
        if isinstance(factor, (int, float)):
            self._check_range(factor)
            return (-abs(factor), abs(factor))
        raise ValueError(f"The `factor` argument should be a number (or a list of two numbers) in the "
                         f"range [-1.0, 1.0]. Received: {name}={factor}")

    @staticmethod
    def _check_range(value):
        if value > 1.0 or value <= -1.0:
            raise ValueError("The `factor` argument should be a number (or a list of two numbers) in "
                             f"the range [-1.0, 1.0]. Received: input_number={value}")


class RandomRotation(_AffineAugmentation):
    """Rotates each image by a random angle in `factor * 360` degrees about its center."""

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)
        self._check_modes(fill_mode, interpolation, fill_value)
        self._factor_arg = factor

    def _augment(self, images):
        n, h, w = images.shape[0], images.shape[1], images.shape[2]
        angle = random.uniform((n,), minval=self.factor[0] * 360.0, maxval=self.factor[1] * 360.0,
                               seed=self.generator).numpy()
        angle = angle * np.float32(math.pi / 180.0)
        cx, cy = np.float32(0.5) * np.float32(w - 1), np.float32(0.5) * np.float32(h - 1)
        cos, sin = np.cos(angle), np.sin(angle)
        a0, a1 = cos, -sin
        b0, b1 = sin, cos
        a2 = cx - cx * a0 - cy * a1
        b2 = cy - cx * b0 - cy * b1
        zeros = np.zeros_like(angle)
        return self._resample(images, np.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1))

    def get_config(self):
        return self._config(factor=self._factor_arg, fill_mode=self.fill_mode,
                            interpolation=self.interpolation, fill_value=self.fill_value)


class RandomZoom(_AffineAugmentation):
    """Zooms each image in or out by a random `1 + factor` (height, and width or the same)."""

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = self._range_factor(height_factor, "height_factor")
        if width_factor is not None:
            self.width_lower, self.width_upper = self._range_factor(width_factor, "width_factor")
        self._check_modes(fill_mode, interpolation, fill_value)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def _augment(self, images):
        n, h, w = images.shape[0], images.shape[1], images.shape[2]
        height_zoom = random.uniform((n, 1), minval=1.0 + self.height_lower,
                                     maxval=1.0 + self.height_upper, seed=self.generator).numpy()
        width_zoom = height_zoom if self.width_factor is None else random.uniform(
            (n, 1), minval=1.0 + self.width_lower, maxval=1.0 + self.width_upper,
            seed=self.generator).numpy()
        zx, zy = width_zoom[:, 0], height_zoom[:, 0]
        x_offset = (np.float32(w) - 1) / 2 * (1 - zx)
        y_offset = (np.float32(h) - 1) / 2 * (1 - zy)
        zeros = np.zeros_like(zx)
        return self._resample(images, np.stack([zx, zeros, x_offset, zeros, zy, y_offset, zeros, zeros], 1))

    def get_config(self):
        return self._config(height_factor=self.height_factor, width_factor=self.width_factor,
                            fill_mode=self.fill_mode, interpolation=self.interpolation,
                            fill_value=self.fill_value)


class RandomTranslation(_AffineAugmentation):
    """Shifts each image by random fractions of its height and width."""

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = self._range_factor(height_factor, "height_factor")
        self.width_lower, self.width_upper = self._range_factor(width_factor, "width_factor")
        self._check_modes(fill_mode, interpolation, fill_value)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def _augment(self, images):
        n, h, w = images.shape[0], images.shape[1], images.shape[2]
        dy = random.uniform((n, 1), minval=self.height_lower, maxval=self.height_upper,
                            seed=self.generator).numpy() * np.float32(h)
        dx = random.uniform((n, 1), minval=self.width_lower, maxval=self.width_upper,
                            seed=self.generator).numpy() * np.float32(w)
        ones, zeros = np.ones(n, np.float32), np.zeros(n, np.float32)
        return self._resample(images, np.stack([ones, zeros, -dx[:, 0], zeros, ones, -dy[:, 0],
                                                zeros, zeros], 1))

    def get_config(self):
        return self._config(height_factor=self.height_factor, width_factor=self.width_factor,
                            fill_mode=self.fill_mode, interpolation=self.interpolation,
                            fill_value=self.fill_value)


class RandomCrop(_Augmentation):
    """Crops every image of a call at one random `(height, width)` window (training only; in
    inference the images pass unchanged). An image not larger than the window in both sizes is
    center-cropped to the window's aspect ratio and resized (bilinear) instead, as in Keras 3."""

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height, self.width, self.seed = height, width, seed
        self.generator = random.SeedGenerator(seed)

    def call(self, inputs, training=True):
        if not training:
            return tf.convert_to_tensor(inputs)
        return super().call(inputs, training=True)

    def _augment(self, images):
        in_h, in_w = images.shape[1], images.shape[2]
        if in_h > self.height and in_w > self.width:
            h_start = int(np.float32(random.uniform((), 0, float(in_h - self.height + 1),
                                                    seed=self.generator).numpy()))
            w_start = int(np.float32(random.uniform((), 0, float(in_w - self.width + 1),
                                                    seed=self.generator).numpy()))
        else:
            crop_h = max(min(in_h, int(float(in_w * self.height) / self.width)), 1)
            crop_w = max(min(in_w, int(float(in_h * self.width) / self.height)), 1)
            h_start, w_start = int(float(in_h - crop_h) / 2), int(float(in_w - crop_w) / 2)
        out = images[:, h_start:h_start + self.height, w_start:w_start + self.width, :]
        if tuple(out.shape[1:3]) != (self.height, self.width):
            out = tf.cast(tf.image.resize(out, (self.height, self.width)), self.compute_dtype)
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-3]) + (self.height, self.width, input_shape[-1])

    def get_config(self):
        return self._config(height=self.height, width=self.width)


class RandomContrast(_Augmentation):
    """`(x - mean) * c + mean` per image and channel, c drawn in `[1 - lower, 1 + upper]`
    (Keras 3 bounds the factor to [0, 1]), then clipped to `value_range`."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self.value_range, self.seed, self._factor_arg = value_range, seed, factor
        self.generator = random.SeedGenerator(seed)

    def _augment(self, images):
        factor = random.uniform((images.shape[0], 1, 1, 1), minval=1.0 - self.factor[0],
                                maxval=1.0 + self.factor[1], seed=self.generator, dtype=self.compute_dtype)
        mean = tf.reduce_mean(tf.reduce_mean(images, axis=-3, keepdims=True), axis=-2, keepdims=True)
        out = (images - mean) * factor + mean
        return tf.clip_by_value(out, self.value_range[0], self.value_range[1])

    def get_config(self):
        return self._config(factor=self._factor_arg, value_range=self.value_range)


class RandomBrightness(_Augmentation):
    """Adds `delta * (value_range width)` per image, delta drawn in `factor`, then clips."""

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError("The `value_range` argument should be a list of two numbers. "
                             f"Received: value_range={value_range}")
        self.value_range, self.seed, self._factor_arg = sorted(value_range), seed, factor
        self.generator = random.SeedGenerator(seed)

    def _augment(self, images):
        delta = random.uniform((images.shape[0], 1, 1, 1), minval=self.factor[0],
                               maxval=self.factor[1], seed=self.generator)
        delta = tf.cast(delta * (self.value_range[1] - self.value_range[0]), images.dtype)
        return tf.clip_by_value(images + delta, self.value_range[0], self.value_range[1])

    def get_config(self):
        return self._config(factor=self._factor_arg, value_range=self.value_range)
