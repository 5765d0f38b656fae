"""`ImageProjectiveTransformV3`, the resampling kernel behind Keras's RandomRotation, RandomZoom,
RandomTranslation and `keras.ops.image.affine_transform` on TF: a NumPy port of TF's
`image_ops.h` (fill modes REFLECT/WRAP/CONSTANT/NEAREST, NEAREST or BILINEAR interpolation, all
in float32).

Its gradient is TF's registered one (`image_grad.py`): the output gradient resampled through the
inverse transforms with fill value 0. That is the adjoint only where the transform permutes
pixels (integer shifts, flips); elsewhere it is what TF computes, so it is what tapeviz computes.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.registry import defgrad, defop
from tapeviz.ops import array as A
from tapeviz.ops import linalg as L
from tapeviz.ops import math as M

_DTYPES = (D.uint8, D.int32, D.int64, D.float16, D.float32, D.float64)


def _map_coordinates(coord, size, mode):
    """Out-of-range sample coordinates mapped into [0, size - 1] by the fill mode (TF's)."""
    c = coord.astype(np.float32).copy()
    if mode == "CONSTANT":
        return c
    if mode == "NEAREST" or size <= 1:
        return np.clip(c, 0, size - 1) if size > 1 else np.zeros_like(c)
    low, high = c < 0, c > size - 1       # decided before either side is remapped (C's else-if)
    if mode == "REFLECT":
        sz2 = 2 * size
        lc = c[low]
        lc = np.where(lc < sz2, sz2 * np.trunc(-lc / sz2) + lc, lc)
        c[low] = np.where(lc < -size, lc + sz2, -lc - 1)
        hc = c[high]
        hc = hc - sz2 * np.trunc(hc / sz2)
        c[high] = np.where(hc >= size, sz2 - hc - 1, hc)
    else:   # WRAP
        sz = size - 1
        c[low] = c[low] + size * (np.trunc(-c[low] / sz) + 1)
        c[high] = c[high] - size * np.trunc(c[high] / sz)
    return np.clip(c, 0, size - 1)


def _read(images, b, y, x, fill):
    """images[b, y, x] (all channels), `fill` where (y, x) is outside the image."""
    h, w = images.shape[1:3]
    inside = (y >= 0) & (y < h) & (x >= 0) & (x < w)
    yi, xi = np.clip(y, 0, h - 1).astype(np.int64), np.clip(x, 0, w - 1).astype(np.int64)
    values = images[b, yi, xi].astype(np.float32)
    return np.where(inside[..., None], values, np.float32(fill))


def _round_half_away(v):
    """C's `std::round` (halves away from zero; NumPy's `round` goes to even)."""
    return np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))


def _np_transform(images, transforms, output_shape, fill_value, interpolation, fill_mode):
    n, _, _, channels = images.shape
    out_h, out_w = (int(v) for v in np.reshape(output_shape, -1))
    transforms = np.asarray(transforms, np.float32).reshape(-1, 8)
    fill = np.float32(fill_value)
    out = np.empty((n, out_h, out_w, channels), np.float32)
    ys, xs = np.meshgrid(np.arange(out_h, dtype=np.float32), np.arange(out_w, dtype=np.float32),
                         indexing="ij")
    h, w = images.shape[1:3]
    for b in range(n):
        a0, a1, a2, b0, b1, b2, c0, c1 = transforms[b if len(transforms) > 1 else 0]
        projection = c0 * xs + c1 * ys + np.float32(1)
        x = _map_coordinates((a0 * xs + a1 * ys + a2) / projection, w, fill_mode)
        y = _map_coordinates((b0 * xs + b1 * ys + b2) / projection, h, fill_mode)
        if interpolation == "NEAREST":
            value = _read(images, b, _round_half_away(y), _round_half_away(x), fill)
        else:
            yf, xf = np.floor(y), np.floor(x)
            yc, xc = yf + 1, xf + 1
            top = (xc - x)[..., None] * _read(images, b, yf, xf, fill) + \
                (x - xf)[..., None] * _read(images, b, yf, xc, fill)
            bottom = (xc - x)[..., None] * _read(images, b, yc, xf, fill) + \
                (x - xf)[..., None] * _read(images, b, yc, xc, fill)
            value = (yc - y)[..., None] * top + (y - yf)[..., None] * bottom
        out[b] = np.where((projection == 0)[..., None], fill, value)
    return out.astype(images.dtype)


_transform = defop("ImageProjectiveTransformV3", _np_transform, dtypes=_DTYPES, match=False,
                   inputs="images, transforms, output_shape, fill_value")


def _inverse_transforms(transforms):
    """TF's flat 8-number transforms -> 3x3 matrices -> inverses -> flat again."""
    n = A.shape(transforms)[0]
    matrices = A.reshape(A.concat([transforms, A.ones(A.stack([n, 1]), D.float32)], 1), [-1, 3, 3])
    flat = A.reshape(L.inv(matrices), [-1, 9])
    return (flat / flat[:, 8:9])[:, :8]


def _transform_grad(g, y, images, transforms, output_shape, fill_value, interpolation, fill_mode):
    return _transform(g, _inverse_transforms(transforms), A.shape(images)[1:3], 0.0,
                      interpolation=interpolation, fill_mode=fill_mode)


defgrad(_transform, _transform_grad, None, None, None)


def image_projective_transform_v3(images, transforms, output_shape, fill_value,
                                  interpolation, fill_mode="CONSTANT", name=None):
    """`tf.raw_ops.ImageProjectiveTransformV3`: NHWC `images` resampled through one projective
    transform per image (or one for all), `[a0, a1, a2, b0, b1, b2, c0, c1]` mapping an output
    point (x, y) to the input point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k),
    k = c0 x + c1 y + 1."""
    return _transform(images, M.cast(transforms, D.float32), M.cast(output_shape, D.int32),
                      M.cast(fill_value, D.float32), interpolation=interpolation.upper(),
                      fill_mode=fill_mode.upper())
