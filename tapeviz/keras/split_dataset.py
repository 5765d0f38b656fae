"""`keras.utils.split_dataset`: a Dataset, or a list/tuple of equally long arrays, or an array,
split into a left and a right `tf.data.Dataset`, as Keras 3 does it on TensorFlow (samples
listed, shuffled with Python's `random` seeded by `seed`, sliced, rebatched like the input)."""
import random

import numpy as np

from tapeviz.framework import nest


def _is_dataset(dataset):
    from tapeviz.data.dataset import DatasetV2
    return isinstance(dataset, DatasetV2)


def _batch_size(dataset):
    """Keras's `is_batched`: the dataset is itself a `.batch(...)` (TF's `_batch_size`)."""
    from tapeviz.data import dataset as data
    if isinstance(dataset, (data._BatchDataset, data._PaddedBatchDataset)):
        return dataset._size
    return None


def _type_spec(dataset):
    for kind in (tuple, list, np.ndarray):
        if isinstance(dataset, kind):
            return kind
    return "dataset" if _is_dataset(dataset) else None


def _samples(dataset, kind):
    if kind in (list, tuple):
        name = "list" if kind is list else "tuple"
        if len(dataset) == 0:
            raise ValueError(f"Received an empty list dataset.{' ' if kind is list else ''}Please provide a "
                             f"non-empty {name} of arrays.")
        expected = None
        for i, element in enumerate(dataset):
            if not isinstance(element, np.ndarray):
                raise ValueError(f"Expected a {name} of `numpy.ndarray` objects,Received: {type(element)} "
                                 f"at index {i}.")
            if expected is None:
                expected = element.shape
            elif element.shape[0] != expected[0]:
                raise ValueError(f"Received a {name} of NumPy arrays with different lengths.Mismatch found at "
                                 f"index {i}, Expected shape={expected} Received shape={np.array(element).shape}."
                                 f"Please provide a {name} of NumPy arrays of the same length.")
        iterator = iter(zip(*dataset))
    elif kind == "dataset":
        iterator = iter(dataset.unbatch() if _batch_size(dataset) is not None else dataset)
    else:
        iterator = iter(dataset)
    try:
        first = next(iterator)
    except StopIteration:
        raise ValueError("Received an empty dataset. Argument `dataset` must be a non-empty list/tuple of "
                         "`numpy.ndarray` objects or `tf.data.Dataset` objects.") from None
    from tapeviz.framework.tensor import Tensor
    shape = np.array(first).shape if isinstance(first, (np.ndarray, Tensor)) else None
    samples = [first]
    for i, sample in enumerate(iterator):
        if shape is not None and np.array(sample).shape != shape:
            raise ValueError(f"All `dataset` samples must have same shape, Expected shape: {shape} Received "
                             f"shape: {np.array(sample).shape} at index {i}.")
        samples.append(sample)
    return samples


def _sizes(left_size, right_size, total):
    """Keras's `_rescale_dataset_split_sizes`, with its errors."""
    lt, rt = type(left_size), type(right_size)
    if (left_size is not None and lt not in (int, float)) and (right_size is not None and rt not in (int, float)):
        raise TypeError("Invalid `left_size` and `right_size` Types. Expected: integer or float or None, "
                        f"Received: type(left_size)={lt} and type(right_size)={rt}")
    if left_size is not None and lt not in (int, float):
        raise TypeError(f"Invalid `left_size` Type. Expected: int or float or None, Received: type(left_size)={lt}.  ")
    if right_size is not None and rt not in (int, float):
        raise TypeError(f"Invalid `right_size` Type. Expected: int or float or None,Received: type(right_size)={rt}.")
    if left_size == 0 and right_size == 0:
        raise ValueError("Both `left_size` and `right_size` are zero. At least one of the split sizes must be "
                         "non-zero.")
    if (lt is int and (left_size <= 0 or left_size >= total)) or (lt is float and (left_size <= 0 or left_size >= 1)):
        raise ValueError(f"`left_size` should be either a positive integer smaller than {total}, or a float "
                         f"within the range `[0, 1]`. Received: left_size={left_size}")
    if (rt is int and (right_size <= 0 or right_size >= total)) or (rt is float and (right_size <= 0 or right_size >= 1)):
        raise ValueError(f"`right_size` should be either a positive integer and smaller than {total} or a float "
                         f"within the range `[0, 1]`. Received: right_size={right_size}")
    if rt is lt is float and right_size + left_size > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must be less than or "
                         "equal to 1.")
    left_size = round(left_size * total) if lt is float else float(left_size) if lt is int else None
    right_size = round(right_size * total) if rt is float else float(right_size) if rt is int else None
    if left_size is None:
        left_size = total - right_size
    elif right_size is None:
        right_size = total - left_size
    if left_size + right_size > total:
        raise ValueError(f"The sum of `left_size` and `right_size` should be smaller than the {total}. Received: "
                         f"left_size + right_size = {left_size + right_size}and total_length = {total}")
    for split, side in ((left_size, "left"), (right_size, "right")):
        if split == 0:
            raise ValueError(f"With `dataset` of length={total}, `left_size`={left_size} and `right_size`="
                             f"{right_size}.Resulting {side} side dataset split will be empty. Adjust any of "
                             "the aforementioned parameters")
    return int(left_size), int(right_size)


def _restore(samples, kind):
    if kind not in (list, tuple, "dataset"):
        return np.array(samples) if not isinstance(samples, np.ndarray) else samples
    structure = samples[0]
    flat = [nest.flatten(s) for s in samples]
    columns = [np.array([np.asarray(getattr(v, "numpy", lambda v=v: v)()) for v in column])
               for column in zip(*flat)]
    packed = nest.pack_sequence_as(structure, columns)
    return _tuples(packed)


def _tuples(x):
    if isinstance(x, (list, tuple)):
        return tuple(_tuples(v) for v in x)
    if isinstance(x, dict):
        return {k: _tuples(v) for k, v in x.items()}
    return x


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None, preferred_backend=None):
    """Splits a dataset into a left half and a right half (e.g. train / test).

    Args:
      dataset: a `tf.data.Dataset`, or a list/tuple of arrays of the same length, or an array.
      left_size: a float in (0, 1) (a fraction) or an int (a count) of samples for the left
        split; None for the complement of `right_size`.
      right_size: the same for the right split.
      shuffle: shuffle the samples (Python's `random`, seeded by `seed`) before splitting.
      seed: the seed for shuffling.

    Returns:
      A tuple of two `tf.data.Dataset`s, batched like `dataset` if it is a `.batch(...)`.
    """
    import tapeviz as tf
    kind = _type_spec(dataset)
    if kind is None:     # Keras's backend inference refuses it first
        raise TypeError(f"Unsupported dataset type: {type(dataset)}")
    if right_size is None and left_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. Received: "
                         "left_size=None and right_size=None")
    samples = _samples(dataset, kind)
    if shuffle:
        if seed is None:
            seed = random.randint(0, int(1e6))
        random.seed(seed)
        random.shuffle(samples)
    left, right = _sizes(left_size, right_size, len(samples))
    splits = [tf.data.Dataset.from_tensor_slices(_restore(list(part), kind))
              for part in (samples[:left], samples[-right:])]
    batch = _batch_size(dataset) if kind == "dataset" else None
    if batch is not None:
        splits = [s.batch(batch) for s in splits]
    return tuple(s.prefetch(tf.data.AUTOTUNE) for s in splits)
