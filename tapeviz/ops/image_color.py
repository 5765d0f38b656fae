"""`tf.image` colour: grayscale, HSV and the saturation and hue adjustments.

`AdjustHue` and `AdjustSaturation` are TF's float32 CPU kernels transcribed pixel for pixel
(including the double-precision constants in the saturation kernel's hue); like TF they have
no gradient. `RGBToHSV` and `HSVToRGB` follow TF's Eigen expressions; `RGBToHSV`'s gradient is
TF's hand-written one.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defgrad, defop, nondifferentiable
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.image import convert_image_dtype, float32_kernel, to_float

_F32 = np.float32
_RGB_WEIGHTS = (0.2989, 0.587, 0.114)


def _check_rgb(op_type, images):
    if images.ndim < 3:
        raise kernel_error(op_type, f"input must be at least 3-D, got shape[{','.join(map(str, images.shape))}]",
                           name="")
    if images.shape[-1] != 3:
        raise kernel_error(op_type, f"input must have 3 channels but instead has {images.shape[-1]} channels.",
                           name="")


def _np_adjust_hue(images, delta):
    _check_rgb("AdjustHue", images)
    r, g, b = (images[..., i] for i in range(3))
    # rgb_to_hv_range: the hue category (0..5) from the ordering of the channels
    rg = r < g
    cat = np.where(rg, np.where(b < r, 1, np.where(b > g, 3, 2)),
                   np.where(b < g, 0, np.where(b > r, 4, 5)))
    v_max = np.choose(cat, [r, g, g, b, b, r])
    v_mid = np.choose(cat, [g, r, b, g, r, b])
    v_min = np.choose(cat, [b, b, r, r, g, g])
    with np.errstate(all="ignore"):
        ratio = (v_mid - v_min) / (v_max - v_min)
    h = cat.astype(_F32) + np.where(cat % 2 == 0, ratio, _F32(1) - ratio)
    h = np.where(v_max == v_min, _F32(0), h).astype(_F32)
    h = h + _F32(delta) * _F32(6)
    while np.any(h < 0):
        h = np.where(h < 0, h + _F32(6), h)
    while np.any(h >= 6):
        h = np.where(h >= 6, h - _F32(6), h)
    # hv_range_to_rgb
    cat = h.astype(np.int64)
    ratio = h - cat.astype(_F32)
    ratio = np.where(cat % 2 == 0, ratio, _F32(1) - ratio)
    v_mid = v_min + ratio * (v_max - v_min)
    cat = np.minimum(cat, 5)
    out_r = np.choose(cat, [v_max, v_mid, v_min, v_min, v_mid, v_max])
    out_g = np.choose(cat, [v_mid, v_max, v_max, v_mid, v_min, v_min])
    out_b = np.choose(cat, [v_min, v_min, v_mid, v_max, v_max, v_mid])
    return np.stack([out_r, out_g, out_b], -1).astype(_F32)


def _np_adjust_saturation(images, scale):
    with np.errstate(all="ignore"):
        return _saturation_kernel(images, scale)


def _saturation_kernel(images, scale):
    _check_rgb("AdjustSaturation", images)
    r, g, b = (images[..., i] for i in range(3))
    v = np.maximum(r, np.maximum(g, b))
    rng = v - np.minimum(r, np.minimum(g, b))
    s = np.where(v > 0, rng / v, _F32(0))
    norm = _F32(1) / (_F32(6) * rng)
    # `+ 2.0 / 6.0` is a double in TF's kernel: the sum is rounded once, to float
    h = np.where(r == v, norm * (g - b),
                 np.where(g == v, (norm * (b - r)).astype(np.float64) + 2.0 / 6.0,
                          (norm * (r - g)).astype(np.float64) + 4.0 / 6.0)).astype(_F32)
    h = np.where(rng <= 0, _F32(0), h)
    h = np.where(h < 0, h + _F32(1), h)
    s = np.minimum(_F32(1), np.maximum(_F32(0), s * _F32(scale)))
    # hsv_to_rgb
    c = s * v
    m = v - c
    dh = h * _F32(6)
    cat = dh.astype(np.int64)
    fmodu = dh
    while np.any(fmodu <= 0):
        fmodu = np.where(fmodu <= 0, fmodu + _F32(2), fmodu)
    while np.any(fmodu >= 2):
        fmodu = np.where(fmodu >= 2, fmodu - _F32(2), fmodu)
    x = c * (_F32(1) - np.abs(fmodu - _F32(1)))
    zero = np.zeros_like(c)
    cat = np.where((cat < 0) | (cat > 5), 6, cat)
    rr = np.choose(cat, [c, x, zero, zero, x, c, zero])
    gg = np.choose(cat, [x, c, c, x, zero, zero, zero])
    bb = np.choose(cat, [zero, zero, x, c, c, x, zero])
    return np.stack([rr + m, gg + m, bb + m], -1).astype(_F32)


_adjust_hue = float32_kernel("AdjustHue", _np_adjust_hue)
_adjust_saturation = float32_kernel("AdjustSaturation", _np_adjust_saturation)


def adjust_hue(image, delta, name=None):
    """Rotates the hue of RGB images by `delta` (a fraction of the colour circle).

    Raises:
      ValueError: `delta` outside [-1, 1].
    """
    if delta < -1 or delta > 1:
        raise ValueError("delta must be in the interval [-1, 1]")
    flt, orig = to_float(image)
    out = _adjust_hue(flt, M.cast(delta, D.float32))
    return convert_image_dtype(out, orig)


def adjust_saturation(image, saturation_factor, name=None):
    """Multiplies the HSV saturation of RGB images by `saturation_factor`, clipped to [0, 1]."""
    flt, orig = to_float(image)
    out = _adjust_saturation(flt, M.cast(saturation_factor, D.float32))
    return convert_image_dtype(out, orig)


def rgb_to_grayscale(images, name=None):
    """Luma (0.2989 R + 0.587 G + 0.114 B) with a trailing channel axis of 1."""
    x = convert_to_tensor(images)
    flt = convert_image_dtype(x, D.float32)
    gray = M.reduce_sum(flt * convert_to_tensor(_RGB_WEIGHTS, dtype=D.float32), axis=-1, keepdims=True)
    return convert_image_dtype(gray, x.dtype)


def grayscale_to_rgb(images, name=None):
    """Repeats the single channel three times.

    Raises:
      ValueError: a last axis other than 1, or rank below 2.
    """
    if not hasattr(images, "get_shape"):   # TF reads the static shape before converting
        cls = type(images)
        qualified = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__name__}"
        raise AttributeError(f"'{qualified}' object has no attribute 'get_shape'")
    x = convert_to_tensor(images)
    if x.shape.ndims < 2:
        raise ValueError(f"A grayscale image (shape {x.shape}) must be at least two-dimensional.")
    if x.shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    return A.tile(x, [1] * (x.shape.ndims - 1) + [3])


def _check_3_channels(op_type, images):
    if images.ndim < 1 or images.shape[-1] != 3:
        channels = images.shape[-1] if images.ndim else 0
        raise kernel_error(op_type, f"input must have 3 channels but input only has {channels} channels.",
                           name="", cls=errors.FailedPreconditionError)


def _np_rgb_to_hsv(images):
    _check_3_channels("RGBToHSV", images)
    t = images.dtype.type
    r, g, b = (images[..., i] for i in range(3))
    v = images.max(axis=-1)
    rng = v - images.min(axis=-1)
    with np.errstate(all="ignore"):
        s = np.where(v > 0, rng / v, t(0))
        norm = (t(1) / rng) * (t(1) / t(6))
        h = np.where(r == v, norm * (g - b),
                     np.where(g == v, norm * (b - r) + t(2) / t(6), norm * (r - g) + t(4) / t(6)))
    h = np.where(rng > 0, h, t(0))
    h = np.where(h < 0, h + t(1), h)
    return np.stack([h, s, v], -1).astype(images.dtype)


def _np_hsv_to_rgb(images):
    _check_3_channels("HSVToRGB", images)
    t = images.dtype.type
    h, s, v = (images[..., i] for i in range(3))
    dh = h * t(6)
    dr = np.minimum(np.maximum(np.abs(dh - t(3)) - t(1), t(0)), t(1))
    dg = np.minimum(np.maximum(-np.abs(dh - t(2)) + t(2), t(0)), t(1))
    db = np.minimum(np.maximum(-np.abs(dh - t(4)) + t(2), t(0)), t(1))
    one_s = -s + t(1)
    return np.stack([(one_s + s * dr) * v, (one_s + s * dg) * v, (one_s + s * db) * v], -1).astype(images.dtype)


_rgb_to_hsv = defop("RGBToHSV", _np_rgb_to_hsv, dtypes=D.FLOATING, inputs="images")
_hsv_to_rgb = defop("HSVToRGB", _np_hsv_to_rgb, dtypes=D.FLOATING, inputs="images")
nondifferentiable(_hsv_to_rgb)


def _recip(x):
    """TF's `_CustomReciprocal`: 1/x where x is nonzero, else 0."""
    return M.divide_no_nan(A.ones_like(x), x)


def _rgb_to_hsv_grad(g, y, images):
    """TF's `_RGBToHSVGrad` (image_grad.py), term by term."""
    r, gr, b = images[..., 0], images[..., 1], images[..., 2]
    sat, val = y[..., 1], y[..., 2]
    dt = images.dtype

    def f(cond):
        return M.cast(cond, dt)

    r_big = f(M.logical_and(r >= b, r >= gr))
    g_big = f(M.logical_and(gr > r, gr >= b))
    b_big = f(M.logical_and(b > r, b > gr))
    r_small = f(M.logical_and(r < b, r < gr))
    g_small = f(M.logical_and(gr <= r, gr < b))
    b_small = f(M.logical_and(b <= r, b <= gr))
    ds_dr = f(r > 0) * (r_big * (g_small * gr + b_small * b) * _recip(M.square(r))
                        + r_small * -1 * _recip(g_big * gr + b_big * b))
    ds_dg = f(gr > 0) * (g_big * (r_small * r + b_small * b) * _recip(M.square(gr))
                         + g_small * -1 * _recip(r_big * r + b_big * b))
    ds_db = f(b > 0) * (b_big * (g_small * gr + r_small * r) * _recip(M.square(b))
                        + b_small * -1 * _recip(g_big * gr + r_big * r))
    sv = _recip(M.square(sat)) * _recip(M.square(val))
    dh_dr = (60 * (f(r > 0) * r_big * -1 * (gr - b) * sv)
             + 60 * (f(gr > 0) * g_big * r_small * (b - gr) * _recip(M.square(r - gr)))
             + 60 * (f(gr > 0) * g_big * b_small * -1 * _recip(gr - b))
             + 60 * (f(b > 0) * b_big * r_small * (b - gr) * _recip(M.square(b - r)))
             + 60 * (f(b > 0) * b_big * g_small * _recip(b - gr))) / 360
    dh_dg = (60 * (f(gr > 0) * g_big * -1 * (b - r) * sv)
             + 60 * (f(r > 0) * r_big * g_small * (r - b) * _recip(M.square(r - gr)))
             + 60 * (f(r > 0) * r_big * b_small * _recip(r - b))
             + 60 * (f(b > 0) * b_big * g_small * (r - b) * _recip(M.square(b - gr)))
             + 60 * (f(b > 0) * b_big * r_small * -1 * _recip(b - r))) / 360
    dh_db = (60 * (f(b > 0) * b_big * -1 * (r - gr) * sv)
             + 60 * (f(r > 0) * r_big * b_small * (gr - r) * _recip(M.square(r - b)))
             + 60 * (f(r > 0) * r_big * g_small * -1 * _recip(r - gr))
             + 60 * (f(gr > 0) * g_big * b_small * (gr - r) * _recip(M.square(gr - b)))
             + 60 * (f(gr > 0) * g_big * r_small * _recip(gr - r))) / 360
    gh, gs, gv = g[..., 0], g[..., 1], g[..., 2]
    dv = A.stack([gv * r_big, gv * g_big, gv * b_big], axis=-1)
    ds = A.stack([gs * ds_dr, gs * ds_dg, gs * ds_db], axis=-1)
    dh = A.stack([gh * dh_dr, gh * dh_dg, gh * dh_db], axis=-1)
    return (dv + ds) + dh


defgrad(_rgb_to_hsv, _rgb_to_hsv_grad)


def _float_image(images):
    """Converts like TF's generated op wrappers: non-tensors prefer float32."""
    return convert_to_tensor(images, preferred_dtype=D.float32)


def rgb_to_hsv(images, name=None):
    """RGB in [0, 1] to HSV in [0, 1] (TF's `RGBToHSV`; gradient as TF's `_RGBToHSVGrad`)."""
    return _rgb_to_hsv(_float_image(images))


def hsv_to_rgb(images, name=None):
    """HSV in [0, 1] to RGB (TF's `HSVToRGB`, which has no gradient)."""
    return _hsv_to_rgb(_float_image(images))


export(adjust_hue, "image.adjust_hue")
export(adjust_saturation, "image.adjust_saturation")
export(rgb_to_grayscale, "image.rgb_to_grayscale")
export(grayscale_to_rgb, "image.grayscale_to_rgb")
export(rgb_to_hsv, "image.rgb_to_hsv")
export(hsv_to_rgb, "image.hsv_to_rgb")
