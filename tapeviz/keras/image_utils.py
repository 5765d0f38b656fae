"""`keras.utils` image helpers: `load_img`, `img_to_array`, `array_to_img`, `save_img`,
`smart_resize`. Images are read and written with Pillow (optional: `pip install pillow`)."""
import numpy as np

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def pil_image():
    """Pillow's `PIL.Image` module, or an ImportError that says how to install it."""
    try:
        from PIL import Image
    except ImportError as e:
        raise ImportError("Could not import PIL.Image. The use of `load_img`, `save_img`, "
                          "`array_to_img` and `image_dataset_from_directory` requires Pillow: "
                          "`pip install pillow` (or `pip install tapeviz[image]`).") from e
    return Image


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest",
             keep_aspect_ratio=False):
    """A PIL image from a file, converted to `color_mode` ('rgb', 'rgba', 'grayscale') and,
    with `target_size=(height, width)`, resized (cropped to the aspect ratio when
    `keep_aspect_ratio`)."""
    Image = pil_image()
    if color_mode not in ("grayscale", "rgb", "rgba"):
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    if hasattr(path, "read"):
        img = Image.open(path)
    else:
        import os
        with open(os.fspath(path), "rb") as f:
            import io
            img = Image.open(io.BytesIO(f.read()))
    mode = {"grayscale": ("L", "I;16", "I"), "rgba": ("RGBA",), "rgb": ("RGB",)}[color_mode]
    if img.mode not in mode:
        img = img.convert({"grayscale": "L", "rgba": "RGBA", "rgb": "RGB"}[color_mode])
    if target_size is not None:
        width_height = (target_size[1], target_size[0])
        if img.size != width_height:
            if interpolation not in _INTERPOLATIONS:
                raise ValueError(f"Invalid interpolation method {interpolation} specified. "
                                 f"Supported methods are {', '.join(_INTERPOLATIONS)}")
            resample = getattr(Image, interpolation.upper())
            if keep_aspect_ratio:
                width, height = img.size
                target_w, target_h = width_height
                crop_h = (width * target_h) // target_w
                crop_w = (height * target_w) // target_h
                crop_h, crop_w = min(height, crop_h), min(width, crop_w)
                left, top = (width - crop_w) // 2, (height - crop_h) // 2
                img = img.crop((left, top, left + crop_w, top + crop_h))
            img = img.resize(width_height, resample)
    return img


def img_to_array(img, data_format=None, dtype=None):
    """A PIL image as a float32 array (height, width, channels)."""
    data_format = data_format or "channels_last"
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f"Unknown data_format: {data_format}")
    x = np.asarray(img, dtype=dtype or "float32")
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if data_format == "channels_first" else x
    if x.ndim == 2:
        return x.reshape((1,) + x.shape) if data_format == "channels_first" else x.reshape(x.shape + (1,))
    raise ValueError(f"Unsupported image shape: {x.shape}")


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A PIL image from a 3-D array (values rescaled to 0-255 when `scale`)."""
    Image = pil_image()
    data_format = data_format or "channels_last"
    x = np.asarray(x.numpy() if hasattr(x, "numpy") else x, dtype=dtype or "float32")
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with "
                         f"shape: {x.shape}")
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f"Invalid data_format: {data_format}")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x /= x_max
        x *= 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return Image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Writes an image array to a file (format from the extension, or `file_format`)."""
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and (file_format == "jpg" or file_format == "jpeg"
                               or str(path).lower().endswith((".jpg", ".jpeg"))):
        import warnings
        warnings.warn("The JPG format does not support RGBA images, converting to RGB.")
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def smart_resize(x, size, interpolation="bilinear", data_format="channels_last"):
    """Resizes images to `size`, first cropping the largest centred box of the target's aspect
    ratio (so nothing is distorted)."""
    import tapeviz as tf
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers, but got: {size}.")
    img = tf.convert_to_tensor(x)
    if img.shape.rank not in (3, 4):
        raise ValueError(f"Expected an image array with shape `(height, width, channels)`, or "
                         f"`(batch_size, height, width, channels)`, but got input with incorrect "
                         f"rank, of shape {img.shape}.")
    height, width = img.shape[-3], img.shape[-2]
    target_h, target_w = size
    crop_h = min(height, int(float(width * target_h) / target_w))
    crop_w = min(width, int(float(height * target_w) / target_h))
    top, left = max(0, int((height - crop_h) / 2)), max(0, int((width - crop_w) / 2))
    img = img[..., top:top + crop_h, left:left + crop_w, :]
    return tf.image.resize(img, size=size, method=interpolation)
