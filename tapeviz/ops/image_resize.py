"""`tf.image.resize`: TF2's bilinear and nearest-neighbour kernels.

Both use half-pixel centres, as `tf.image.resize` does: output pixel `i` samples the input at
`(i + 0.5) * scale - 0.5` (bilinear) or `floor((i + 0.5) * scale)` (nearest), all in float32
with `scale = in_size / out_size`, exactly like TF's `image_resizer_state.h`. Bilinear always
returns float32; nearest keeps the input dtype.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defgrad, defop
from tapeviz.ops import array as A

_F32 = np.float32
_RESIZE_DTYPES = (D.int8, D.uint8, D.int16, D.uint16, D.int32, D.int64, D.float16, D.float32,
                  D.float64)


class ResizeMethod:
    """The names `tf.image.resize` accepts as `method`."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return _F32(in_size - 1) / _F32(out_size - 1)
    return _F32(in_size) / _F32(out_size)


def _bilinear_weights(out_size, in_size, align_corners, half_pixel_centers):
    """(lower, upper, lerp) per output index, TF's `compute_interpolation_weights`."""
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=_F32)
    pos = (i + _F32(0.5)) * scale - _F32(0.5) if half_pixel_centers else i * scale
    floor = np.floor(pos)
    lower = np.maximum(floor.astype(np.int64), 0)
    upper = np.minimum(np.ceil(pos).astype(np.int64), in_size - 1)
    return lower, upper, (pos - floor).astype(_F32)


def _check_size(op_type, images, size):
    if images.ndim != 4:
        raise kernel_error(op_type, f"input must be 4-dimensional[{','.join(map(str, images.shape))}]",
                           name="")
    h, w = (int(v) for v in size)
    if h <= 0 or w <= 0:
        raise kernel_error(op_type, "output dimensions must be positive", name="")
    return h, w


def _np_resize_bilinear(images, size, align_corners=False, half_pixel_centers=False):
    h, w = _check_size("ResizeBilinear", images, size)
    x = images.astype(_F32)
    ylo, yhi, ylerp = _bilinear_weights(h, x.shape[1], align_corners, half_pixel_centers)
    xlo, xhi, xlerp = _bilinear_weights(w, x.shape[2], align_corners, half_pixel_centers)
    xlerp = xlerp[:, None]
    top_left, top_right = x[:, ylo][:, :, xlo], x[:, ylo][:, :, xhi]
    bottom_left, bottom_right = x[:, yhi][:, :, xlo], x[:, yhi][:, :, xhi]
    top = top_left + (top_right - top_left) * xlerp
    bottom = bottom_left + (bottom_right - bottom_left) * xlerp
    return top + (bottom - top) * ylerp[:, None, None]


def _np_resize_bilinear_grad(grads, original, align_corners=False, half_pixel_centers=False):
    n, in_h, in_w, c = original.shape
    out_h, out_w = grads.shape[1:3]
    ylo, yhi, ylerp = _bilinear_weights(out_h, in_h, align_corners, half_pixel_centers)
    xlo, xhi, xlerp = _bilinear_weights(out_w, in_w, align_corners, half_pixel_centers)
    g = grads.astype(_F32)
    out = np.zeros((n, in_h, in_w, c), np.float64)
    dtop = g * (1 - ylerp)[:, None, None]
    dbottom = g * ylerp[:, None, None]
    xl, xr = (1 - xlerp)[:, None], xlerp[:, None]
    for rows, d in ((ylo, dtop), (yhi, dbottom)):
        for cols, wx in ((xlo, xl), (xhi, xr)):
            np.add.at(out, (slice(None), rows[:, None], cols[None, :]), d * wx)
    return out.astype(original.dtype)


resize_bilinear = defop("ResizeBilinear", _np_resize_bilinear, dtypes=_RESIZE_DTYPES, match=False,
                        inputs="images, size")
_resize_bilinear_grad = defop("ResizeBilinearGrad", _np_resize_bilinear_grad,
                              dtypes=(D.float32,), match=False)
defgrad(resize_bilinear,
        lambda g, y, images, size, **attrs: _resize_bilinear_grad(g, images, **attrs), None)
defgrad(_resize_bilinear_grad,
        lambda gg, dx, g, original, **attrs: resize_bilinear(gg, A.shape(g)[1:3], **attrs), None)


def _nearest_indices(out_size, in_size, align_corners, half_pixel_centers):
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=_F32)
    pos = (i + _F32(0.5)) * scale if half_pixel_centers else i * scale
    idx = np.round(pos) if align_corners else np.floor(pos)
    idx = np.minimum(idx.astype(np.int64), in_size - 1)
    return np.maximum(idx, 0) if half_pixel_centers else idx


def _np_resize_nearest(images, size, align_corners=False, half_pixel_centers=False):
    h, w = _check_size("ResizeNearestNeighbor", images, size)
    ys = _nearest_indices(h, images.shape[1], align_corners, half_pixel_centers)
    xs = _nearest_indices(w, images.shape[2], align_corners, half_pixel_centers)
    return images[:, ys][:, :, xs]


def _np_resize_nearest_grad(grads, size, align_corners=False, half_pixel_centers=False):
    n, out_h, out_w, c = grads.shape
    in_h, in_w = (int(v) for v in size)
    ys = _nearest_indices(out_h, in_h, align_corners, half_pixel_centers)
    xs = _nearest_indices(out_w, in_w, align_corners, half_pixel_centers)
    out = np.zeros((n, in_h, in_w, c), grads.dtype)
    np.add.at(out, (slice(None), ys[:, None], xs[None, :]), grads)
    return out


resize_nearest_neighbor = defop("ResizeNearestNeighbor", _np_resize_nearest, dtypes=_RESIZE_DTYPES,
                                match=False, inputs="images, size")
_resize_nearest_grad = defop("ResizeNearestNeighborGrad", _np_resize_nearest_grad,
                             dtypes=D.FLOATING, match=False)
defgrad(resize_nearest_neighbor,
        lambda g, y, images, size, **attrs: _resize_nearest_grad(g, A.shape(images)[1:3], **attrs),
        None)
defgrad(_resize_nearest_grad,
        lambda gg, dx, g, size, **attrs: resize_nearest_neighbor(gg, A.shape(g)[1:3], **attrs), None)


def _image_batch(images, what="images"):
    x = convert_to_tensor(images)
    if x.shape.ndims not in (3, 4):
        raise ValueError(f"'{what}' must have either 3 or 4 dimensions.")
    return x, x.shape.ndims == 3


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False,
           antialias=False, name=None):
    """Resizes `images` ([batch,] height, width, channels) to `size` = [new_height, new_width].

    Args:
      method: "bilinear" (float32 result) or "nearest" (keeps the dtype); TF's other methods
        raise NotImplementedError.
      preserve_aspect_ratio: scale both sides by the smaller factor, so the result fits `size`.
      antialias: only False is implemented.

    Raises:
      ValueError: `images` not of rank 3 or 4, or `size` not two integers.
      NotImplementedError: bicubic, area, lanczos, gaussian or mitchellcubic, or antialias.
    """
    method = getattr(method, "value", method)
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        if method in vars(ResizeMethod).values():
            raise NotImplementedError(f"tapeviz implements tf.image.resize only for 'bilinear' and "
                                      f"'nearest', not method={method!r}")
        raise ValueError(f"Resize method is not implemented: {method}")
    if antialias:
        raise NotImplementedError("tapeviz does not implement tf.image.resize(antialias=True) "
                                  "(TF's ScaleAndTranslate kernel)")
    x, single = _image_batch(images)
    if single:
        x = A.expand_dims(x, 0)
    try:
        new = [int(v) for v in np.asarray(convert_to_tensor(size, dtype=D.int32)._value).reshape(-1)]
    except (TypeError, ValueError):
        raise ValueError("'size' must be a 1-D int32 Tensor") from None
    if len(new) != 2:
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    if preserve_aspect_ratio:
        h, w = _F32(x.shape[1]), _F32(x.shape[2])
        factor = min(_F32(new[0]) / h, _F32(new[1]) / w)
        new = [int(np.round(_F32(factor * h))), int(np.round(_F32(factor * w)))]
    size_t = convert_to_tensor(new, dtype=D.int32)
    if method == ResizeMethod.BILINEAR:
        out = resize_bilinear(x, size_t, half_pixel_centers=True)
    else:
        out = resize_nearest_neighbor(x, size_t, half_pixel_centers=True)
    return A.squeeze(out, [0]) if single else out


export(ResizeMethod, "image.ResizeMethod")
export(resize, "image.resize")
