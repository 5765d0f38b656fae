"""`tf.image`: geometry (flips, rot90, crops and pads), dtype conversion and the arithmetic
adjustments, written in tapeviz ops exactly as TF's `image_ops_impl.py` composes them, so each
result matches TF and gradients flow through them. Resizing is in `image_resize.py`, colour
spaces in `image_color.py`, the random variants in `image_random.py`.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import defop, unregistered_gradient
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.image_resize import ResizeMethod, resize

_DIRECT = (D.float16, D.float32)   # the dtypes the adjust_* ops use without conversion


def _image(image):
    return convert_to_tensor(image)


def check_at_least_3d(image):
    """TF's `_CheckAtLeast3DImage` on a concrete tensor."""
    shape = image.shape
    if shape.ndims < 3:
        raise ValueError(f"'image' (shape {shape}) must be at least three-dimensional.")
    if any(d == 0 for d in shape.as_list()[-3:]):
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {shape}")
    return image


def _batched(image):
    """(4-D image, was_3d); ValueError for other ranks, as TF's bounding-box functions."""
    x = _image(image)
    if x.shape.ndims == 3:
        return A.expand_dims(x, 0), True
    if x.shape.ndims != 4:
        raise ValueError(f"'image' (shape {x.shape}) must have either 3 or 4 dimensions.")
    return x, False


def _unbatch(x, single):
    return A.squeeze(x, [0]) if single else x


def _rank_3_or_4(image):
    x = check_at_least_3d(_image(image))
    if x.shape.ndims not in (3, 4):
        raise ValueError(f"'image' (shape {x.shape}) must have either 3 or 4 dimensions.")
    return x


# ---- geometry ---------------------------------------------------------------------------------

def flip_left_right(image):
    """Reverses the width axis of a [batch,] height, width, channels image."""
    x = _rank_3_or_4(image)
    return A.reverse(x, [x.shape.ndims - 2])


def flip_up_down(image):
    """Reverses the height axis of a [batch,] height, width, channels image."""
    x = _rank_3_or_4(image)
    return A.reverse(x, [x.shape.ndims - 3])


def transpose(image, name=None):
    """Swaps height and width."""
    x = _rank_3_or_4(image)
    return A.transpose(x, [1, 0, 2] if x.shape.ndims == 3 else [0, 2, 1, 3])


def rot90(image, k=1, name=None):
    """Rotates by `k` quarter turns counter-clockwise (TF's reverse/transpose sequence)."""
    x = _rank_3_or_4(image)
    k = int(convert_to_tensor(k, dtype=D.int32)._value) % 4
    h, w = x.shape.ndims - 3, x.shape.ndims - 2
    perm = [1, 0, 2] if x.shape.ndims == 3 else [0, 2, 1, 3]
    if k == 1:
        return A.transpose(A.reverse(x, [w]), perm)
    if k == 2:
        return A.reverse(x, [h, w])
    if k == 3:
        return A.reverse(A.transpose(x, perm), [w])
    return x


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The target_height x target_width window whose top-left corner is at the offsets.

    Raises:
      ValueError: negative offsets, non-positive targets, or a window outside the image.
    """
    x, single = _batched(image)
    check_at_least_3d(x)
    _, height, width, _ = x.shape.as_list()
    for ok, msg in ((offset_width >= 0, "offset_width must be >= 0."),
                    (offset_height >= 0, "offset_height must be >= 0."),
                    (target_width > 0, "target_width must be > 0."),
                    (target_height > 0, "target_height must be > 0."),
                    (width >= target_width + offset_width, "width must be >= target + offset."),
                    (height >= target_height + offset_height, "height must be >= target + offset.")):
        if not ok:
            raise ValueError(msg)
    out = A.slice_(x, [0, offset_height, offset_width, 0], [-1, target_height, target_width, -1])
    return _unbatch(out, single)


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Zero-pads to target_height x target_width with the image's top-left at the offsets.

    Raises:
      ValueError: negative offsets, or an image larger than target minus offset.
    """
    x, single = _batched(image)
    _, height, width, _ = x.shape.as_list()
    after_w = target_width - offset_width - width
    after_h = target_height - offset_height - height
    check_at_least_3d(x)
    for ok, msg in ((offset_height >= 0, "offset_height must be >= 0"),
                    (offset_width >= 0, "offset_width must be >= 0"),
                    (after_w >= 0, "width must be <= target - offset"),
                    (after_h >= 0, "height must be <= target - offset")):
        if not ok:
            raise ValueError(msg)
    paddings = [[0, 0], [offset_height, after_h], [offset_width, after_w], [0, 0]]
    return _unbatch(A.pad(x, paddings), single)


def _check_target(target_height, target_width):
    """TF's checks of a target size, width first as TF makes them."""
    if target_width <= 0:
        raise ValueError("target_width must be > 0.")
    if target_height <= 0:
        raise ValueError("target_height must be > 0.")


def resize_with_crop_or_pad(image, target_height, target_width):
    """Centrally crops and/or zero-pads to target_height x target_width."""
    x, single = _batched(image)
    check_at_least_3d(x)
    _check_target(target_height, target_width)
    _, height, width, _ = x.shape.as_list()
    dw, dh = target_width - width, target_height - height
    cropped = crop_to_bounding_box(x, max(-dh // 2, 0), max(-dw // 2, 0),
                                   min(target_height, height), min(target_width, width))
    out = pad_to_bounding_box(cropped, max(dh // 2, 0), max(dw // 2, 0), target_height, target_width)
    return _unbatch(out, single)


def resize_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR,
                    antialias=False):
    """Resizes keeping the aspect ratio (float32 arithmetic as TF), then zero-pads."""
    x, single = _batched(image)
    check_at_least_3d(x)
    _check_target(target_height, target_width)
    f32 = np.float32
    f_h, f_w = f32(x.shape[1]), f32(x.shape[2])
    f_th, f_tw = f32(target_height), f32(target_width)
    ratio = max(f_w / f_tw, f_h / f_th)
    rh, rw = f_h / ratio, f_w / ratio
    p_h = max(0, int(np.floor((f_th - rh) / f32(2))))
    p_w = max(0, int(np.floor((f_tw - rw) / f32(2))))
    resized = resize(x, [int(np.floor(rh)), int(np.floor(rw))], method=method, antialias=antialias)
    return _unbatch(pad_to_bounding_box(resized, p_h, p_w, target_height, target_width), single)


def central_crop(image, central_fraction):
    """The central `central_fraction` of each spatial side (TF's float64 offset arithmetic).

    Raises:
      ValueError: `central_fraction` outside (0, 1], or an image not of rank 3 or 4.
    """
    x = _image(image)
    fraction = float(central_fraction)
    if fraction <= 0.0 or fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    if fraction == 1.0:
        return x
    check_at_least_3d(x)
    rank = x.shape.ndims
    if rank not in (3, 4):
        raise ValueError(f"`image` should either be a Tensor with rank = 3 or rank = 4. Had rank = {rank}.")
    h, w = x.shape.as_list()[rank - 3:rank - 1]
    h0 = int((float(h) - float(h) * fraction) / 2)
    w0 = int((float(w) - float(w) * fraction) / 2)
    begin, size = [h0, w0, 0], [h - 2 * h0, w - 2 * w0, -1]
    if rank == 4:
        begin, size = [0] + begin, [-1] + size
    return A.slice_(x, begin, size)


# ---- dtypes and adjustments -------------------------------------------------------------------

def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Converts between image dtypes, rescaling: floats span [0, 1], integers [0, MAX].

    Raises:
      AttributeError: `dtype` or the image's dtype is neither floating point nor integer.
    """
    x = _image(image)
    dt = D.as_dtype(dtype)
    if not dt.is_floating and not dt.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if not x.dtype.is_floating and not x.dtype.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    if dt == x.dtype:
        return A.identity(x)
    cast = M.saturate_cast if saturate else M.cast
    if x.dtype.is_integer and dt.is_integer:
        scale_in, scale_out = x.dtype.max, dt.max
        if scale_in > scale_out:
            return cast(M.floordiv(x, (scale_in + 1) // (scale_out + 1)), dt)
        return M.multiply(cast(x, dt), (scale_out + 1) // (scale_in + 1))
    if x.dtype.is_floating and dt.is_floating:
        return M.cast(x, dt)
    if x.dtype.is_integer:
        return M.multiply(M.cast(x, dt), 1.0 / x.dtype.max)
    return cast(M.multiply(x, dt.max + 0.5), dt)


def to_float(image):
    """(float image, original dtype): float16/float32 as they are, others via float32."""
    x = _image(image)
    return (x if x.dtype in _DIRECT else convert_image_dtype(x, D.float32)), x.dtype


def per_image_standardization(image):
    """(x - mean) / max(stddev, 1/sqrt(N)) per image, over its last three axes, in float32."""
    x = M.cast(check_at_least_3d(_image(image)), D.float32)
    num_pixels = int(np.prod(x.shape.as_list()[-3:]))
    mean = M.reduce_mean(x, axis=[-1, -2, -3], keepdims=True)
    stddev = M.reduce_std(x, axis=[-1, -2, -3], keepdims=True)
    min_stddev = M.rsqrt(M.cast(num_pixels, D.float32))
    return M.divide(x - mean, M.maximum(stddev, min_stddev))


def adjust_brightness(image, delta):
    """Adds `delta` in float representation; integer images saturate back to their dtype."""
    flt, orig = to_float(image)
    adjusted = M.add(flt, M.cast(delta, flt.dtype))
    return convert_image_dtype(adjusted, orig, saturate=True)


def adjust_contrast(images, contrast_factor):
    """(x - mean) * contrast_factor + mean, the mean per image and channel (no gradient, as TF)."""
    flt, orig = to_float(images)
    adjusted = _adjust_contrast(flt, M.cast(contrast_factor, D.float32))
    return convert_image_dtype(adjusted, orig, saturate=True)


def float32_kernel(op_type, forward):
    """A float32-only CPU kernel of TF's (AdjustContrastv2, AdjustHue, AdjustSaturation): half
    input raises TF's NotFoundError, and TF registers no gradient for it."""
    def checked(images, *args):
        if images.dtype != np.float32:
            dt = D.of_array(images)
            raise errors.NotFoundError(
                None, op_type, f"Could not find device for node: {{{{node {op_type}}}}} = {op_type}"
                f"[T=DT_{dt.name.upper().replace('FLOAT16', 'HALF')}]\nAll kernels registered for op "
                f"{op_type}:\n  device='XLA_CPU_JIT'; T in [DT_FLOAT, DT_HALF]\n  device='CPU'; "
                f"T in [DT_FLOAT]\n [Op:{op_type}] name: ")
        return forward(images, *args)
    op = defop(op_type, checked, dtypes=None, match=False)
    unregistered_gradient(op)
    return op


def _np_adjust_contrast(images, factor):
    if images.ndim < 3:
        raise errors.kernel_error("AdjustContrastv2", f"input must be at least 3-D, got shape"
                                  f"{errors.shape_list(images.shape)}", name="")
    mean = images.mean(axis=(-3, -2), keepdims=True, dtype=np.float64).astype(np.float32)
    return ((images - mean) * np.float32(factor) + mean).astype(np.float32)


_adjust_contrast = float32_kernel("AdjustContrastv2", _np_adjust_contrast)


def adjust_gamma(image, gamma=1, gain=1):
    """gain * image ** gamma in float representation.

    Raises:
      ValueError: a negative `gamma`.
    """
    flt, orig = to_float(image)
    if np.any(np.asarray(getattr(gamma, "_value", gamma)) < 0):
        raise ValueError("Gamma should be a non-negative real number.")
    return convert_image_dtype(gain * flt ** gamma, orig, saturate=True)


export(flip_left_right, "image.flip_left_right")
export(flip_up_down, "image.flip_up_down")
export(transpose, "image.transpose")
export(rot90, "image.rot90")
export(crop_to_bounding_box, "image.crop_to_bounding_box")
export(pad_to_bounding_box, "image.pad_to_bounding_box")
export(resize_with_crop_or_pad, "image.resize_with_crop_or_pad")
export(resize_with_pad, "image.resize_with_pad")
export(central_crop, "image.central_crop")
export(convert_image_dtype, "image.convert_image_dtype")
export(per_image_standardization, "image.per_image_standardization")
export(adjust_brightness, "image.adjust_brightness")
export(adjust_contrast, "image.adjust_contrast")
export(adjust_gamma, "image.adjust_gamma")
