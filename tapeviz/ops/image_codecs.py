"""`tf.io` / `tf.image` PNG and JPEG codecs.

PNG encoding is written here (zlib, filter type 0, so no dependency); decoding and JPEG go
through Pillow, an optional dependency (`pip install pillow`, the `image` extra), imported on
first use. Decoded pixels match TF's libpng/libjpeg-turbo results; encoded bytes differ from
TF's (other filters and headers) but decode to the same image (PNG) or to TF's pixels at the
same quality and chroma subsampling (JPEG).
"""
import io
import struct
import zlib

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defop, nondifferentiable
from tapeviz.ops import math as M
from tapeviz.ops import random as R
from tapeviz.ops import stateless_random as SR
from tapeviz.ops.image import convert_image_dtype

_UNKNOWN = "Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required."
_PNG_GRAY = (9797, 19234, 3737)   # libpng's fixed-point 0.299, 0.587 and the rest, over 2**15


def _pil():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("decoding and JPEG encoding need Pillow: pip install pillow "
                          "(or pip install tapeviz[image])") from None
    return Image


def _format(data):
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"GIF":
        return "gif"
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _bytes(contents):
    value = contents.item() if isinstance(contents, np.ndarray) else contents
    return value if isinstance(value, bytes) else str(value).encode()


def _to_channels(pixels, channels, gray_from_rgb):
    """TF's channel conversions: drop or add alpha (opaque), RGB to gray, gray to RGB."""
    have = pixels.shape[-1]
    if channels == 0 or channels == have:
        return pixels
    color = pixels[..., :3] if have >= 3 else np.repeat(pixels[..., :1], 3, axis=-1)
    alpha = pixels[..., -1:] if have in (2, 4) else np.full(pixels.shape[:-1] + (1,), np.iinfo(pixels.dtype).max,
                                                           pixels.dtype)
    if channels == 1:
        return pixels[..., :1] if have <= 2 else gray_from_rgb(color)
    if channels == 3:
        return color
    return np.concatenate([color, alpha], axis=-1)


def _png_gray(rgb):
    wide = rgb.astype(np.int64)
    gray = (wide[..., 0] * _PNG_GRAY[0] + wide[..., 1] * _PNG_GRAY[1] + wide[..., 2] * _PNG_GRAY[2]
           ) >> 15
    return gray[..., None].astype(rgb.dtype)


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _unfilter(raw, height, stride, bpp):
    """PNG's per-row filters undone (None, Sub, Up, Average, Paeth)."""
    rows = np.frombuffer(raw, np.uint8).reshape(height, stride + 1)
    out = np.zeros((height, stride), np.int64)
    prev = np.zeros(stride, np.int64)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int64)
        if kind == 0:
            cur = line
        elif kind == 2:
            cur = (line + prev) % 256
        elif kind == 1:
            cur = line.copy()
            for lane in range(bpp):
                cur[lane::bpp] = np.cumsum(line[lane::bpp]) % 256
        else:
            cur = line.copy()
            for i in range(stride):
                left = cur[i - bpp] if i >= bpp else 0
                up_left = prev[i - bpp] if i >= bpp else 0
                pred = (left + prev[i]) // 2 if kind == 3 else _paeth(left, prev[i], up_left)
                cur[i] = (line[i] + pred) % 256
        out[y] = prev = cur
    return out.astype(np.uint8)


def _decode_png16(data):
    """A non-interlaced 16-bit colour PNG (Pillow keeps only 8 bits of those), else None."""
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if depth != 16 or color not in (2, 4, 6) or interlace:
        return None
    channels = {2: 3, 4: 2, 6: 4}[color]
    idat, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    stride = width * channels * 2
    pixels = _unfilter(zlib.decompress(b"".join(idat)), height, stride, channels * 2)
    return pixels.view(">u2").astype(np.uint16).reshape(height, width, channels)


def _decode(op_type, data, channels, dtype):
    fmt = _format(data)
    if fmt is None:
        raise kernel_error(op_type, _UNKNOWN, name=None)
    if fmt not in ("png", "jpeg"):
        raise NotImplementedError(f"tapeviz decodes only PNG and JPEG, not {fmt.upper()}")
    Image = _pil()
    image = Image.open(io.BytesIO(data))
    if fmt == "jpeg":
        if channels == 1 and image.mode != "L":
            image.draft("L", image.size)     # libjpeg's grayscale output: the Y channel
        pixels = np.asarray(image.convert("RGB") if image.mode not in ("L", "RGB") else image)
        pixels = pixels.reshape(pixels.shape[:2] + (-1,))
        pixels = _to_channels(pixels, channels, lambda rgb: rgb[..., :1])
    elif (wide := _decode_png16(data)) is not None:
        pixels = _to_channels(wide, channels, _png_gray)
    else:
        if image.mode == "P":
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        if image.mode in ("I;16", "I;16B", "I"):
            pixels = np.asarray(image).astype(np.uint16)[..., None]
        elif image.mode in ("L", "LA", "RGB", "RGBA"):
            pixels = np.asarray(image)
            pixels = pixels.reshape(pixels.shape[:2] + (-1,))
        elif image.mode == "1":
            pixels = (np.asarray(image).astype(np.uint8) * 255)[..., None]
        else:
            raise NotImplementedError(f"tapeviz cannot decode a PNG of Pillow mode {image.mode!r}")
        pixels = _to_channels(pixels, channels, _png_gray)
    if dtype == D.uint16 and pixels.dtype == np.uint8:
        pixels = pixels.astype(np.uint16) * 257
    elif dtype == D.uint8 and pixels.dtype == np.uint16:
        pixels = (pixels >> 8).astype(np.uint8)
    return np.ascontiguousarray(pixels)


def _check_channels(op_type, channels):
    if channels not in (0, 1, 2, 3, 4):
        raise kernel_error(op_type, f"channels must be 0, 1, 3 or 4, got {channels}", name=None)


def _np_decode_png(contents, channels=0, dtype=D.uint8):
    _check_channels("DecodePng", channels)
    return _decode("DecodePng", _bytes(contents), channels, dtype)


def _np_decode_jpeg(contents, channels=0):
    _check_channels("DecodeJpeg", channels)
    return _decode("DecodeJpeg", _bytes(contents), channels, D.uint8)


def _png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _np_encode_png(image, compression=-1):
    if image.ndim != 3:
        raise kernel_error("EncodePng", f"image must be 3-dimensional[{','.join(map(str, image.shape))}]",
                           name=None)
    height, width, channels = image.shape
    if channels not in (1, 2, 3, 4):
        raise kernel_error("EncodePng", f"image must have 1, 2, 3, or 4 channels, got {channels}", name=None)
    depth = 16 if image.dtype == np.uint16 else 8
    rows = image.astype(">u2" if depth == 16 else np.uint8).reshape(height, -1).view(np.uint8)
    raw = np.concatenate([np.zeros((height, 1), np.uint8), rows], axis=1).tobytes()
    color = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(raw, int(compression)))
            + _png_chunk(b"IEND", b""))
    return np.array(data, dtype=object)


def _np_encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,
                    chroma_downsampling=True):
    if image.ndim != 3:
        raise kernel_error("EncodeJpeg", f"image must be 3-dimensional[{','.join(map(str, image.shape))}]",
                           name=None)
    channels = image.shape[-1]
    if format == "grayscale" or (format == "" and channels == 1):
        if channels != 1:
            raise kernel_error("EncodeJpeg", f"Expected 1 channel for grayscale format, got {channels}", name=None)
        mode, pixels = "L", image[..., 0]
    elif channels == 3:
        mode, pixels = "RGB", image
    else:
        raise kernel_error("EncodeJpeg", f"image must have 1 or 3 channels, got [{','.join(map(str, image.shape))}]",
                           name=None)
    out = io.BytesIO()
    _pil().fromarray(np.ascontiguousarray(pixels), mode).save(
        out, "JPEG", quality=int(quality), progressive=bool(progressive), optimize=bool(optimize_size),
        subsampling="4:2:0" if chroma_downsampling and mode == "RGB" else "4:4:4", dpi=(300, 300))
    return np.array(out.getvalue(), dtype=object)


_decode_png = defop("DecodePng", _np_decode_png, dtypes=(D.string,), inputs="contents")
_decode_jpeg = defop("DecodeJpeg", _np_decode_jpeg, dtypes=(D.string,), inputs="contents")
_encode_png = defop("EncodePng", _np_encode_png, dtypes=(D.uint8, D.uint16), inputs="image")
_encode_jpeg = defop("EncodeJpeg", _np_encode_jpeg, dtypes=(D.uint8,), inputs="image")
for _op in (_decode_png, _decode_jpeg, _encode_png, _encode_jpeg):
    nondifferentiable(_op)


def decode_png(contents, channels=0, dtype=D.uint8, name=None):
    """Decodes a PNG (or JPEG: TF's decoders accept either) to a uint8/uint16 HxWxC tensor."""
    return _decode_png(contents, channels=int(channels), dtype=D.as_dtype(dtype))


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    """Decodes a JPEG (or PNG) to a uint8 HxWxC tensor.

    Pillow's libjpeg-turbo decodes with the accurate integer DCT: bit for bit TF's
    `dct_method="INTEGER_ACCURATE"`. TF's default ("" = INTEGER_FAST) differs from it by a few
    levels per pixel, so default-method results are close to TF's, not identical.

    Raises:
      NotImplementedError: `ratio` other than 1, or `fancy_upscaling=False`.
    """
    if ratio != 1 or not fancy_upscaling:
        raise NotImplementedError("tapeviz decodes JPEG only with ratio=1 and fancy_upscaling=True")
    return _decode_jpeg(contents, channels=int(channels))


def decode_image(contents, channels=None, dtype=D.uint8, name=None, expand_animations=True):
    """Decodes PNG or JPEG; a float `dtype` rescales to [0, 1] like convert_image_dtype."""
    dt = D.as_dtype(dtype)
    raw = D.uint16 if dt == D.uint16 else D.uint8
    data = _bytes(convert_to_tensor(contents)._value)
    if _format(data) is None:
        raise kernel_error("DecodeImage", _UNKNOWN, name=None)
    image = _decode_png(contents, channels=int(channels or 0), dtype=raw)
    if dt.is_floating:   # TF's kernel divides by the maximum (convert_image_dtype multiplies)
        return M.cast(M.truediv(M.cast(image, D.float32), float(np.iinfo(raw.as_numpy_dtype).max)), dt)
    return image


def encode_png(image, compression=-1, name=None):
    """Encodes a uint8/uint16 HxWxC image (C in 1..4) as PNG bytes (a scalar string tensor)."""
    return _encode_png(image, compression=int(compression))


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                xmp_metadata="", name=None):
    """Encodes a uint8 HxWx1 or HxWx3 image as JPEG bytes."""
    return _encode_jpeg(image, format=format, quality=int(quality), progressive=progressive,
                        optimize_size=optimize_size, chroma_downsampling=chroma_downsampling)


def is_jpeg(contents, name=None):
    """True where `contents` starts with the JPEG signature."""
    return convert_to_tensor(_bytes(convert_to_tensor(contents)._value)[:3] == b"\xff\xd8\xff")


def adjust_jpeg_quality(image, jpeg_quality, dct_method="", name=None):
    """JPEG-encodes at `jpeg_quality` and decodes again, in the image's own dtype."""
    x = convert_to_tensor(image)
    channels = x.shape[-1]
    q = int(convert_to_tensor(jpeg_quality)._value)
    encoded = encode_jpeg(convert_image_dtype(x, D.uint8, saturate=True), quality=q)
    decoded = decode_jpeg(encoded, channels=channels)
    return convert_image_dtype(decoded, x.dtype, saturate=True)


def _jpeg_quality_range(min_jpeg_quality, max_jpeg_quality):
    if min(min_jpeg_quality, max_jpeg_quality) < 0 or max(min_jpeg_quality, max_jpeg_quality) > 100:
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if min_jpeg_quality >= max_jpeg_quality:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")


def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None):
    """adjust_jpeg_quality at a quality drawn uniformly from [min, max)."""
    _jpeg_quality_range(min_jpeg_quality, max_jpeg_quality)
    q = R.uniform([], min_jpeg_quality, max_jpeg_quality, seed=seed, dtype=D.int32)
    return adjust_jpeg_quality(image, q)


def stateless_random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed):
    """random_jpeg_quality determined by a shape-[2] `seed`."""
    _jpeg_quality_range(min_jpeg_quality, max_jpeg_quality)
    q = SR.stateless_uniform([], seed, minval=min_jpeg_quality, maxval=max_jpeg_quality, dtype=D.int32)
    return adjust_jpeg_quality(image, q)


for _fn in (decode_png, decode_jpeg, decode_image, encode_png, encode_jpeg, is_jpeg):
    export(_fn, f"io.{_fn.__name__}", f"image.{_fn.__name__}")
for _fn in (adjust_jpeg_quality, random_jpeg_quality, stateless_random_jpeg_quality):
    export(_fn, f"image.{_fn.__name__}")
