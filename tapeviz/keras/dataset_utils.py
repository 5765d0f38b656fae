"""`image_dataset_from_directory` and `text_dataset_from_directory`: one subdirectory per
class, as Keras 3 indexes it (sorted class names, sorted files, one NumPy shuffle of the paths
seeded by `seed`, the validation split taken from the end), returned as tapeviz `tf.data`
Datasets of `(batch, label)` with `class_names` and `file_paths` attributes. Images are decoded
with Pillow and resized by `tf.image.resize`, as Keras's loader does with TensorFlow's ops."""
import os

import numpy as np

IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")


def check_validation_split_arg(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f'`subset` must be either "training", "validation" or "both", received: {subset}')
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide a "
                         "`seed` argument, to make sure that there is no overlap between the "
                         "training and validation subset.")


def _valid_files(directory, follow_links, formats):
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links), key=lambda x: x[0]):
        for fname in sorted(files):
            if fname.lower().endswith(formats):
                yield root, fname


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None,
                    follow_links=False, verbose=True):
    """(file paths, integer labels, class names), in Keras's order."""
    if not os.path.isdir(directory):
        raise ValueError(f"Could not find directory {directory}")
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(set(subdirs)):
                raise ValueError("The `class_names` passed did not match the names of the "
                                 "subdirectories of the target directory. Expected: "
                                 f"{subdirs} (or a subset of it), but received: "
                                 f"class_names={class_names}")
            subdirs = list(class_names)
    else:
        subdirs = [""]
        if class_names is not None:
            if labels is None:
                raise ValueError("When `labels=None` (no labels), argument `class_names` cannot "
                                 "be specified.")
            raise ValueError("When argument `labels` is specified, argument `class_names` cannot "
                             "be specified (the `class_names` will be the sorted list of labels).")
    class_names = subdirs
    filenames, found_labels = [], []
    for index, subdir in enumerate(subdirs):
        path = os.path.join(directory, subdir)
        dirname = os.path.basename(path)
        for root, fname in _valid_files(path, follow_links, formats):
            filenames.append(os.path.join(dirname, os.path.relpath(os.path.join(root, fname), path)))
            found_labels.append(index)
    if labels == "inferred":
        labels = np.array(found_labels, dtype="int32")
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(filenames):
            raise ValueError("Expected the lengths of `labels` to match the number of files in "
                             f"the target directory. len(labels) is {len(labels)} while we found "
                             f"{len(filenames)} files in directory {directory}.")
        class_names = [str(label) for label in sorted(set(labels))]
    if verbose:
        print(f"Found {len(filenames)} files." if labels is None else
              f"Found {len(filenames)} files belonging to {len(class_names)} classes.")
    file_paths = [os.path.join(directory, f) for f in filenames]
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(file_paths)
        if labels is not None:
            labels = np.asarray(labels)
            np.random.RandomState(seed).shuffle(labels)
    return file_paths, labels, class_names


def training_or_validation_split(samples, labels, validation_split, subset):
    if not validation_split:
        return samples, labels
    count = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - count} files for training.")
        return samples[:-count], None if labels is None else labels[:-count]
    if subset == "validation":
        print(f"Using {count} files for validation.")
        return samples[-count:], None if labels is None else labels[-count:]
    raise ValueError(f'`subset` must be either "training" or "validation", received: {subset}')


def _labels_dataset(labels, label_mode, num_classes):
    import tapeviz as tf
    ds = tf.data.Dataset.from_tensor_slices(np.asarray(labels, dtype="int32"))
    if label_mode == "binary":
        return ds.map(lambda x: tf.expand_dims(tf.cast(x, "float32"), axis=-1))
    if label_mode == "categorical":
        return ds.map(lambda x: tf.one_hot(x, num_classes))
    return ds


def _check_label_mode(labels, label_mode, class_names):
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` argument should be a list/tuple of integer labels, of the "
                             "same size as the number of files in the target directory. If you "
                             "wish to infer the labels from the subdirectory names in the target "
                             'directory, pass `labels="inferred"`. If you wish to get a dataset '
                             f"that only contains images (no labels), pass `labels=None`. Received: labels={labels}")
        if class_names:
            raise ValueError('You can only pass `class_names` if `labels="inferred"`. Received: '
                             f"labels={labels}, and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", '
                         f"or None. Received: label_mode={label_mode}")


def _from_paths(paths, labels, label_mode, num_classes, load, shuffle, buffer, seed, batch_size):
    import tapeviz as tf
    ds = tf.data.Dataset.from_tensor_slices(list(paths))
    if label_mode:
        ds = tf.data.Dataset.zip((ds, _labels_dataset(labels, label_mode, num_classes)))
    if shuffle:
        ds = ds.shuffle(buffer_size=buffer, seed=seed)
    ds = ds.map((lambda p, y: (load(p), y)) if label_mode else load)
    if batch_size is not None:
        ds = ds.batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)


def _from_directory(directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                    validation_split, subset, follow_links, verbose, formats, load, what):
    _check_label_mode(labels, label_mode, class_names)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, found, class_names = index_directory(directory, labels, formats, class_names, shuffle,
                                                seed, follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")
    buffer = batch_size * 8 if batch_size is not None else 1024
    num_classes = len(class_names) if class_names else 0
    subsets = ["training", "validation"] if subset == "both" else [subset]
    out = []
    for part in subsets:
        part_paths, part_labels = training_or_validation_split(paths, found, validation_split, part)
        if not part_paths:
            raise ValueError(f"No {what} found in directory {directory}. Allowed formats: {formats}")
        ds = _from_paths(part_paths, part_labels, label_mode, num_classes, load,
                         shuffle and part != "validation" if subset == "both" else shuffle,
                         buffer, seed, batch_size)
        ds.class_names, ds.file_paths = class_names, list(part_paths)
        out.append(ds)
    return out if subset == "both" else out[0]


def png_gray(rgb):
    """Gray levels of an RGB image as TensorFlow's PNG decoder makes them (libpng's
    `rgb_to_gray` with ITU-R 601 weights in 15-bit fixed point, truncated), not Pillow's rounding."""
    r, g, b = (rgb[..., i].astype(np.int64) for i in range(3))
    return ((9797 * r + 19234 * g + 3737 * b) >> 15).astype("uint8")


def _path(p):
    value = p.numpy() if hasattr(p, "numpy") else p
    return value.decode() if isinstance(value, bytes) else str(value)


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256),
                                 shuffle=True, seed=None, validation_split=None, subset=None,
                                 interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                                 data_format=None, verbose=True):
    """A Dataset of `(images, labels)` batches from one subdirectory of images per class.

    Images are float32 `(batch, height, width, channels)`, resized to `image_size`; labels are
    int32 class indices ('int'), one-hot ('categorical') or float32 0/1 ('binary'). With
    `validation_split` and `subset` ('training', 'validation' or 'both') the same seeded file
    order is split, as Keras does.
    """
    import tapeviz as tf
    from tapeviz.keras.image_utils import pil_image
    channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
    if channels is None:
        raise ValueError('`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
                         f"Received: color_mode={color_mode}")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError("Invalid `image_size` value. Expected a tuple of 2 integers. "
                         f"Received: image_size={image_size}")
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio` and `crop_to_aspect_ratio` can be "
                         "set to `True`.")
    if pad_to_aspect_ratio or (data_format not in (None, "channels_last")):
        raise NotImplementedError("tapeviz.keras: image_dataset_from_directory supports "
                                  "channels_last images without pad_to_aspect_ratio")
    Image = pil_image()
    mode = {3: "RGB", 4: "RGBA", 1: "L"}[channels]

    def load(path):
        with Image.open(_path(path)) as img:
            if channels == 1 and img.format == "PNG" and img.mode not in ("L", "I", "I;16"):
                pixels = png_gray(np.asarray(img.convert("RGB")))
            else:
                pixels = np.asarray(img.convert(mode), dtype="uint8")
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
        if crop_to_aspect_ratio:
            from tapeviz.keras.image_utils import smart_resize
            return smart_resize(pixels, image_size, interpolation=interpolation)
        return tf.image.resize(tf.constant(pixels), image_size, method=interpolation)

    return _from_directory(directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                           validation_split, subset, follow_links, verbose, IMAGE_FORMATS, load,
                           "images")


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                batch_size=32, max_length=None, shuffle=True, seed=None,
                                validation_split=None, subset=None, follow_links=False,
                                verbose=True):
    """A Dataset of `(texts, labels)` batches from one subdirectory of `.txt` files per class
    (texts are string tensors, cut to `max_length` bytes when given)."""
    import tapeviz as tf

    def load(path):
        with open(_path(path), "rb") as f:
            text = f.read()
        return tf.constant(text[:max_length] if max_length is not None else text)

    return _from_directory(directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                           validation_split, subset, follow_links, verbose, (".txt",), load,
                           "text files")


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1,
                                  sampling_rate=1, batch_size=128, shuffle=False, seed=None,
                                  start_index=None, end_index=None):
    """A Dataset of sliding windows over `data` (each `sequence_length` steps, `sampling_rate`
    apart, a new window every `sequence_stride` steps), with `targets[start]` for each window.

    Windows are listed as Keras lists them (start positions shuffled by
    `np.random.RandomState(seed)` when `shuffle`), then batched.
    """
    import tapeviz as tf
    n = len(data)
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: start_index={start_index}")
        if start_index >= n:
            raise ValueError("`start_index` must be lower than the length of the data. Received: "
                             f"start_index={start_index}, for data of length {n}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError("`end_index` must be higher than `start_index`. Received: "
                             f"start_index={start_index}, and end_index={end_index} ")
        if end_index >= n:
            raise ValueError("`end_index` must be lower than the length of the data. Received: "
                             f"end_index={end_index}, for data of length {n}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= n:
            raise ValueError(f"`{name}` must be lower than the length of the data. Received: "
                             f"{name}={value}, for data of length {n}")
    start_index = start_index or 0
    end_index = end_index or n
    num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    positions = np.arange(0, num_seqs, sequence_stride, dtype="int32")
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(positions)
    steps = np.asarray(data)[start_index:end_index]
    windows = np.stack([steps[p:p + sequence_length * sampling_rate:sampling_rate]
                        for p in positions]) if len(positions) else \
        np.zeros((0, sequence_length) + steps.shape[1:], steps.dtype)
    elements = windows
    if targets is not None:
        elements = (windows, np.asarray(targets)[start_index:end_index][positions])
    ds = tf.data.Dataset.from_tensor_slices(elements)
    if shuffle:
        ds = ds.shuffle(buffer_size=batch_size * 8 if batch_size is not None else 1024, seed=seed)
    return ds.batch(batch_size) if batch_size is not None else ds
