"""Regrouping transformations: `rebatch`, `group_by_window` and `bucket_by_sequence_length`.

`bucket_by_sequence_length` is built on `group_by_window` as TF's Python builds it. Where TF
traces `key_func`, `reduce_func` and `window_size_func`, tapeviz calls them eagerly per
element or window; `reduce_func`'s element_spec comes from calling it on an empty window.
"""
import itertools

import numpy as np

from tapeviz.data import structure
from tapeviz.data.dataset import (
    _END,
    INFINITE,
    UNKNOWN,
    DatasetV2,
    _count,
    _first,
    _UnaryDataset,
    _VariantDataset,
)
from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape
from tapeviz.framework.tensor_spec import TensorSpec


# ---- rebatch -------------------------------------------------------------------------------
class RebatchDataset(_UnaryDataset):
    """`input.unbatch().batch(n)` with `n` cycling through `batch_sizes` (TF's `_RebatchDataset`)."""

    _tf_class = "_RebatchDataset"

    def __init__(self, input_dataset, batch_sizes, drop_remainder):
        super().__init__(input_dataset)
        sizes = np.asarray(batch_sizes.numpy() if isinstance(batch_sizes, Tensor) else batch_sizes,
                           np.int64)
        if sizes.ndim > 1:
            raise ValueError(f"Invalid `batch_sizes`. Expected `batch_sizes` to be a scalar or a "
                             f"vector. Received `batch_sizes` of rank {sizes.ndim}.")
        self._sizes = sizes.reshape(-1).tolist()
        self._drop = bool(drop_remainder)
        dims = [self._batch_dim(s) for s in structure.flatten(input_dataset.element_spec)]
        constant = len(set(self._sizes)) == 1
        self._dim = self._sizes[0] if constant and not self._partial(dims) else None
        self._cardinality = UNKNOWN

    @staticmethod
    def _batch_dim(spec):
        if spec.shape.rank is None:
            return None
        if spec.shape.rank == 0:
            raise ValueError("Invalid `batch_sizes`. Expected dataset with rank of >= 1 but "
                             "found a dataset with scalar elements. Fix the issue by adding "
                             "the `batch` transformation to the dataset.")
        return spec.shape[0]

    def _partial(self, dims):
        if self._drop:
            return False
        known = [d for d in dims if d is not None]
        if not known:
            return True
        if len(set(known)) > 1:
            raise ValueError(f"Invalid `input_dataset.` The batch dimension of component 0 is "
                             f"{known[0]}, while the batch dimension of component i is "
                             f"{known}.")
        return known[0] % self._sizes[0] != 0

    def _element_spec(self):
        return structure.map_leaves(
            lambda s: TensorSpec(TensorShape([self._dim]).concatenate(s.shape[1:]), s.dtype),
            self._input.element_spec)

    def _iterate(self):
        rows = (structure.pack(element, [Tensor(a[i, ...]) for a in arrays])
                for element in self._input._iterate()
                for arrays in [[t.numpy() for t in structure.flatten(element)]]
                for i in range(len(arrays[0])))
        for size in itertools.cycle(self._sizes):
            chunk = list(itertools.islice(rows, size))
            if not chunk or (len(chunk) < size and self._drop):
                return
            columns = zip(*[structure.flatten(e) for e in chunk])
            yield structure.pack(chunk[0], [Tensor(np.stack([t.numpy() for t in c]))
                                            for c in columns])
            if len(chunk) < size:
                return


# ---- group_by_window -----------------------------------------------------------------------
def _int64_scalar(value, what, fn_name):
    t = value if isinstance(value, Tensor) else convert_to_tensor(value, dtype=dtypes.int64)
    if t.dtype != dtypes.int64:
        raise ValueError(f"Tensor conversion requested dtype int64 for Tensor with dtype "
                         f"{t.dtype.name}: {t!r}")
    if t.ndim != 0:
        raise ValueError(f"Invalid `{fn_name}`. `{fn_name}` must return a single `tf.int64` "
                         f"scalar tensor but its return type is {TensorSpec.from_tensor(t)}.")
    return int(t.numpy())


class GroupByWindowDataset(_UnaryDataset):
    """Elements grouped by `key_func`; each full window (or, at the end, each remaining group in
    ascending key order) goes through `reduce_func(key, window_dataset)`."""

    _tf_class = "_GroupByWindowDataset"

    def __init__(self, input_dataset, key_func, reduce_func, window_size_func,
                 element_spec=None):
        super().__init__(input_dataset)
        self._key_func, self._reduce_func = key_func, reduce_func
        self._window_size_func = window_size_func
        self._cardinality = INFINITE if input_dataset._cardinality == INFINITE else UNKNOWN
        self._spec = element_spec or self._reduce(0, []).element_spec

    def _reduce(self, key, window):
        dataset = self._reduce_func(convert_to_tensor(np.int64(key)),
                                    _VariantDataset(window, self._input.element_spec))
        if not isinstance(dataset, DatasetV2):
            raise TypeError(f"Invalid `reduce_func`. `reduce_func` must return a single "
                            f"`tf.data.Dataset` object but its return type is "
                            f"{structure.spec_of(structure.normalize(dataset))}.")
        return dataset

    def _element_spec(self):
        return self._spec

    def _iterate(self):
        groups, sizes = {}, {}
        for element in self._input._iterate():
            key = _int64_scalar(structure.call(self._key_func, element), "key_func", "key_func")
            if key not in sizes:
                sizes[key] = _int64_scalar(
                    self._window_size_func(convert_to_tensor(np.int64(key))),
                    "window_size_func", "window_size_func")
                if sizes[key] <= 0:
                    raise kernel_error("IteratorGetNext", f"Window size must be greater than "
                                       f"zero, but got {sizes[key]}.", name="",
                                       node="IteratorGetNext_output_types_1")
            group = groups.setdefault(key, [])
            group.append(element)
            if len(group) == sizes[key]:
                del groups[key]
                yield from self._reduce(key, group)._iterate()
        for key in sorted(groups):
            yield from self._reduce(key, groups[key])._iterate()


def group_by_window(dataset, key_func, reduce_func, window_size=None, window_size_func=None):
    """`Dataset.group_by_window`; exactly one of `window_size` and `window_size_func`."""
    if (window_size is None) == (window_size_func is None):
        raise ValueError("Either the `window_size` argument or the `window_size_func` "
                         "argument must be specified.")
    if window_size is not None:
        size = _count(window_size)
        window_size_func = lambda key: convert_to_tensor(np.int64(size))    # noqa: E731
    return GroupByWindowDataset(dataset, key_func, reduce_func, window_size_func)


# ---- bucket_by_sequence_length -------------------------------------------------------------
def bucket_by_sequence_length(dataset, element_length_func, bucket_boundaries,
                              bucket_batch_sizes, padded_shapes=None, padding_values=None,
                              pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False):
    """`Dataset.bucket_by_sequence_length`, composed from `group_by_window` as TF does."""
    if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
        raise ValueError(f"`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` "
                         f"but `len(bucket_batch_sizes)={len(bucket_batch_sizes)}` and "
                         f"`len(bucket_boundaries)={len(bucket_boundaries)}`.")
    boundaries = [int(b) for b in bucket_boundaries]
    lows = [np.iinfo(np.int32).min] + boundaries
    highs = boundaries + [np.iinfo(np.int32).max]
    sizes = [int(s) for s in bucket_batch_sizes]

    def bucket_id(*args):
        length = convert_to_tensor(element_length_func(*args))
        if length.dtype != dtypes.int32:      # TF compares it with int32 bucket bounds
            raise TypeError(f"Input 'y' of 'LessEqual' Op has type {length.dtype.name} that "
                            f"does not match type int32 of argument 'x'.")
        length = int(length.numpy())
        return np.int64(next(i for i, (lo, hi) in enumerate(zip(lows, highs))
                             if lo <= length < hi))

    first = _first(dataset._iterate)      # TF traces the length function when building
    if first is not _END:
        structure.call(bucket_id, first)

    def batching(key, window):
        key = int(key.numpy())
        if no_padding:
            return window.batch(sizes[key], drop_remainder=drop_remainder)
        filler = None
        if pad_to_bucket_boundary:
            if key >= len(sizes) - 1:
                raise kernel_error(
                    "IteratorGetNext", "assertion failed: [When pad_to_bucket_boundary=True, "
                    "elements must have length < max(bucket_boundaries).]", name="",
                    node="IteratorGetNext_output_types_1")
            filler = boundaries[key] - 1
        # with no padded_shapes, every dim pads to the batch's longest: what TF's unknown dims
        # do, and the same for dims TF knows (tapeviz's map spec may know more than TF's)
        shapes = [TensorShape([filler if d is None else d for d in shape.as_list()])
                  for shape in _padded_shapes(padded_shapes, window.element_spec, unknown=True)]
        return window.padded_batch(sizes[key], structure.pack(window.element_spec, shapes),
                                   padding_values, drop_remainder=drop_remainder)

    # TF's batch size and filler are tensors there: unknown when it builds the spec; padded
    # dims are those of variable-length elements, which TF's traced spec leaves unknown
    spec = dataset.element_spec
    shapes = [s.shape for s in structure.flatten(spec)] if no_padding else \
        _padded_shapes(padded_shapes, spec, unknown=True)
    element_spec = structure.pack(spec, [
        TensorSpec(TensorShape([None]).concatenate(shape), s.dtype)
        for shape, s in zip(shapes, structure.flatten(spec))])
    return GroupByWindowDataset(dataset, lambda *a: bucket_id(*a), batching,
                                lambda key: convert_to_tensor(np.int64(sizes[int(key.numpy())])),
                                element_spec)


def _padded_shapes(padded_shapes, spec, unknown=False):
    """The padded shape of each component: `padded_shapes` (a nest like `spec`) or the spec's
    (with every dim unknown if `unknown`)."""
    if padded_shapes is None:
        return [TensorShape([None] * s.shape.rank) if unknown else s.shape
                for s in structure.flatten(spec)]
    if isinstance(spec, (tuple, dict)):
        return [TensorShape(s) for s in structure.flatten_up_to(spec, padded_shapes)]
    return [TensorShape(padded_shapes)]
