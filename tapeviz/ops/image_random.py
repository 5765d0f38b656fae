"""`tf.image.random_*` and `tf.image.stateless_random_*`: TF's draws, then the plain op.

Each function draws exactly what `image_ops_impl.py` / `random_crop_ops.py` draw (same shape,
bounds and dtype, through `tf.random.uniform` or `tf.random.stateless_uniform`), so a seeded
call gives TF's result bit for bit.
"""
import functools

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops import random as R
from tapeviz.ops import stateless_random as SR
from tapeviz.ops.image import adjust_brightness, adjust_contrast, check_at_least_3d
from tapeviz.ops.image_color import adjust_hue, adjust_saturation


def _stateful(seed):
    return functools.partial(R.uniform, seed=seed)


def _stateless(seed):
    return functools.partial(SR.stateless_uniform, seed=seed)


def _flip(image, axis, uniform):
    x = check_at_least_3d(convert_to_tensor(image))
    if x.shape.ndims == 3:
        if bool(M.less(uniform(shape=[], minval=0, maxval=1.0), 0.5)._value):
            return A.reverse(x, [axis])
        return x
    if x.shape.ndims != 4:
        raise ValueError(f"'image' (shape {x.shape}) must have either 3 or 4 dimensions.")
    batch = x.shape[0]
    flips = M.cast(M.round(A.reshape(uniform(shape=[batch], minval=0, maxval=1.0), [batch, 1, 1, 1])),
                   x.dtype)
    return flips * A.reverse(x, [axis + 1]) + (1 - flips) * x


def _check_range(lower, upper):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")


def _brightness(image, max_delta, uniform):
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_brightness(image, uniform(shape=[], minval=-max_delta, maxval=max_delta))


def _contrast(image, lower, upper, uniform):
    _check_range(lower, upper)
    return adjust_contrast(image, uniform(shape=[], minval=lower, maxval=upper))


def _saturation(image, lower, upper, uniform):
    _check_range(lower, upper)
    return adjust_saturation(image, uniform(shape=[], minval=lower, maxval=upper))


def _hue(image, max_delta, uniform):
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_hue(image, uniform(shape=[], minval=-max_delta, maxval=max_delta))


def _crop(value, size, uniform):
    x = convert_to_tensor(value)
    size = convert_to_tensor(size, dtype=D.int32)
    shape = A.shape(x)
    if not bool(M.reduce_all(shape >= size)._value):
        raise errors.InvalidArgumentError(
            None, "Assert", "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized "
            f"data: b'Need value.shape >= size, got '\n{', '.join(map(str, shape._value))}\n"
            f"{', '.join(map(str, size._value))}")
    limit = shape - size + 1
    offset = M.floormod(uniform(shape=A.shape(shape), dtype=size.dtype, maxval=size.dtype.max), limit)
    return A.slice_(x, offset, size)


def random_flip_left_right(image, seed=None):
    """Flips the width axis with probability 1/2 (each image of a batch on its own)."""
    return _flip(image, 1, _stateful(seed))


def random_flip_up_down(image, seed=None):
    """Flips the height axis with probability 1/2 (each image of a batch on its own)."""
    return _flip(image, 0, _stateful(seed))


def random_brightness(image, max_delta, seed=None):
    """adjust_brightness by a delta uniform in [-max_delta, max_delta)."""
    return _brightness(image, max_delta, _stateful(seed))


def random_contrast(image, lower, upper, seed=None):
    """adjust_contrast by a factor uniform in [lower, upper)."""
    return _contrast(image, lower, upper, _stateful(seed))


def random_saturation(image, lower, upper, seed=None):
    """adjust_saturation by a factor uniform in [lower, upper)."""
    return _saturation(image, lower, upper, _stateful(seed))


def random_hue(image, max_delta, seed=None):
    """adjust_hue by a delta uniform in [-max_delta, max_delta), max_delta <= 0.5."""
    return _hue(image, max_delta, _stateful(seed))


def random_crop(value, size, seed=None, name=None):
    """A random window of shape `size` out of `value` (any rank)."""
    return _crop(value, size, _stateful(seed))


def stateless_random_flip_left_right(image, seed):
    """random_flip_left_right determined by a shape-[2] `seed`."""
    return _flip(image, 1, _stateless(seed))


def stateless_random_flip_up_down(image, seed):
    """random_flip_up_down determined by a shape-[2] `seed`."""
    return _flip(image, 0, _stateless(seed))


def stateless_random_brightness(image, max_delta, seed):
    """random_brightness determined by a shape-[2] `seed`."""
    return _brightness(image, max_delta, _stateless(seed))


def stateless_random_contrast(image, lower, upper, seed):
    """random_contrast determined by a shape-[2] `seed`."""
    return _contrast(image, lower, upper, _stateless(seed))


def stateless_random_saturation(image, lower, upper, seed=None):
    """random_saturation determined by a shape-[2] `seed`."""
    return _saturation(image, lower, upper, _stateless(seed))


def stateless_random_hue(image, max_delta, seed):
    """random_hue determined by a shape-[2] `seed`."""
    return _hue(image, max_delta, _stateless(seed))


def stateless_random_crop(value, size, seed, name=None):
    """random_crop determined by a shape-[2] `seed`."""
    return _crop(value, size, _stateless(seed))


for _fn in (random_flip_left_right, random_flip_up_down, random_brightness, random_contrast,
            random_saturation, random_hue, random_crop, stateless_random_flip_left_right,
            stateless_random_flip_up_down, stateless_random_brightness, stateless_random_contrast,
            stateless_random_saturation, stateless_random_hue, stateless_random_crop):
    export(_fn, f"image.{_fn.__name__}")
export(random_crop, "random_crop")
