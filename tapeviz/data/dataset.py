"""`tf.data.Dataset`: sources and transformations as small classes over Python iterators.

Each dataset knows its `element_spec` and `cardinality` and makes a fresh iterator of its
elements (nests of eager tensors) on every `iter()`. Where TensorFlow traces the function given
to `map`, `filter`, `reduce`, `scan`, ... into a graph once, tapeviz calls it eagerly on every
element: each visible result is the same, but Python side effects (print, appending to a list)
happen once per element instead of once at tracing, and the ops run under an enclosing
`GradientTape` are recorded on it.
"""
import itertools
import os
import sys

import numpy as np

from tapeviz.data import options as options_lib
from tapeviz.data import ragged, structure
from tapeviz.data import shuffle as _shuffle
from tapeviz.data.options import Options
from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import OutOfRangeError, kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape
from tapeviz.framework.tensor_spec import TensorSpec
from tapeviz.ops import random_seed

AUTOTUNE = -1
INFINITE = -1
UNKNOWN = -2


def _count(value):
    return int(value.numpy()) if isinstance(value, Tensor) else int(value)


class _Peek:
    """While `depth` > 0, tapeviz is running a pipeline only to see its first element (to find
    an `element_spec` TF would trace): a shuffle then does not move on to its next pass."""
    depth = 0


def _first(elements_fn, count=1):
    """The first element `elements_fn()` yields (or `_END`), read as a peek; with `count`, a
    list of the first `count` (`_END` past the end)."""
    _Peek.depth += 1
    try:
        elements = iter(elements_fn())
        found = [next(elements, _END) for _ in range(count)]
        return found[0] if count == 1 else found
    finally:
        _Peek.depth -= 1


def _common(a, b):
    """The spec nest `a` with each dim that differs in `b` unknown (and a rank that differs)."""
    leaves_a, leaves_b = structure.flatten(a), structure.flatten(b)
    if len(leaves_a) != len(leaves_b):
        return a
    common = []
    for x, y in zip(leaves_a, leaves_b):
        if x.shape.rank != y.shape.rank:
            common.append(TensorSpec(TensorShape(None), x.dtype))
        else:
            common.append(TensorSpec([d if d == e else None for d, e in
                                      zip(x.shape.as_list(), y.shape.as_list())], x.dtype))
    return structure.pack(a, common)


def _iterator_error(message):
    return kernel_error("IteratorGetNext", message, name="",
                        node="IteratorGetNext_output_types_1")


class DatasetV2:
    """A sequence of elements, each a nest (tuples, dicts) of tensors (`tf.data.Dataset`)."""

    _cardinality = UNKNOWN
    _tf_class = None      # the class name TF's repr shows, where it differs from tapeviz's

    def _index_plan(self):
        """`(arrays, structure, row numbers array)` when every element is row `i` of the same arrays
        (slices, then shuffle/take/prefetch), so `batch` can gather rows at once; None
        otherwise. The rows and their order are exactly those `_iterate` yields; like `_iterate`,
        it starts a pass (a shuffle moves on to its next epoch)."""
        return None

    # ---- sources ---------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """A dataset of the slices of `tensors` along their first dimension.

        Args:
          tensors: a nest (tuples, dicts) of tensors or values convertible to tensors, all
            with the same first dimension.
          name: unused (TF names the op).
        Returns:
          A `Dataset`.
        Raises:
          ValueError: a component is a scalar, or the first dimensions differ.
        """
        return _TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset with one element, `tensors` (a nest of tensors)."""
        return _TensorDataset(tensors)

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None):
        """`range(stop)`, `range(start, stop[, step])` as a dataset of `output_type` scalars."""
        return _RangeDataset(*args, output_type=output_type)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None):
        """A dataset of the values `generator(*args)` yields, converted to `output_signature`.

        Args:
          generator: a callable returning an iterator; called anew for every pass.
          output_types, output_shapes: the deprecated way to give the signature.
          args: values converted to tensors and passed to `generator` as NumPy values.
          output_signature: a nest of `tf.TensorSpec`s the yielded values must match.
        Returns:
          A `Dataset` of unknown cardinality.
        Raises:
          TypeError: neither or both of `output_types` and `output_signature` are given.
          InvalidArgumentError (while iterating): a value does not match the signature.
        """
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        if output_signature is not None:
            if output_types is not None:
                raise TypeError("The `output_types` argument can not be used together with "
                                "the `output_signature` argument.")
            if output_shapes is not None:
                raise TypeError("The `output_shapes` argument can not be used together with "
                                "the `output_signature` argument.")
        elif output_types is None:
            raise TypeError("To specify the output signature you need to provide either the "
                            "`output_signature` argument or the `output_types` argument.")
        else:
            output_signature = _signature(output_types, output_shapes)
        return _GeneratorDataset(generator, args or (), output_signature)

    @staticmethod
    def zip(*args, datasets=None, name=None):
        """A dataset of the elements of the given datasets (a nest of them) zipped together."""
        if datasets is not None and args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else args
        return _ZipDataset(datasets)

    @staticmethod
    def counter(start=0, step=1, dtype=dtypes.int64, name=None):
        """`start, start + step, ...` forever, as `dtype` scalars."""
        from tapeviz.data import sampling
        return sampling.counter(start, step, dtype)

    @staticmethod
    def random(seed=None, rerandomize_each_iteration=None, name=None):
        """An infinite dataset of random int64 scalars in [0, 2**32), TF's numbers for a seed.

        Args:
          seed: the op seed (with `tf.random.set_seed`'s global seed, as for random ops).
          rerandomize_each_iteration: new numbers on each pass (else every pass repeats).
        """
        from tapeviz.data import sampling
        return sampling.random(seed, rerandomize_each_iteration)

    @staticmethod
    def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                             rerandomize_each_iteration=None):
        """Elements of `datasets` drawn at random by `weights` (see `sampling.py`)."""
        from tapeviz.data import sampling
        return sampling.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset,
                                             rerandomize_each_iteration)

    @staticmethod
    def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
        """Element k from `datasets[c_k]` for the int64 scalars c_k of `choice_dataset`."""
        from tapeviz.data import sampling
        return sampling.choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset)

    @staticmethod
    def load(path, element_spec=None, compression=None, reader_func=None, wait=False):
        """The dataset a `Dataset.save(path)` wrote (tapeviz's own format, not TF's)."""
        from tapeviz.data import storage
        return storage.LoadDataset(path, element_spec)

    # ---- inspection ------------------------------------------------------------------------
    @property
    def element_spec(self):
        """The nest of `tf.TensorSpec`s every element matches."""
        return self._element_spec()

    def cardinality(self):
        """The number of elements as an int64 tensor, or `INFINITE_CARDINALITY` (-1) or
        `UNKNOWN_CARDINALITY` (-2)."""
        return convert_to_tensor(np.int64(self._cardinality))

    def __len__(self):
        if self._cardinality == INFINITE:
            raise TypeError("The dataset is infinite.")
        if self._cardinality == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return self._cardinality

    def __bool__(self):
        return True

    def __iter__(self):
        return OwnedIterator(self)

    def as_numpy_iterator(self):
        """An iterator of the elements with every tensor as a NumPy value."""
        return _NumpyIterator(self)

    def __repr__(self):
        return f"<{self._tf_class or type(self).__name__} element_spec={self.element_spec}>"

    def options(self):
        """The `tf.data.Options` in effect: this dataset's inputs' merged, then its own."""
        merged = options_lib.merge_options(
            Options(), *[d.options() for d in self._inputs() if isinstance(d, DatasetV2)])
        return options_lib.frozen(merged)

    def _inputs(self):
        """The datasets this one reads."""
        return [self._input] if hasattr(self, "_input") else []

    def get_single_element(self, name=None):
        """The one element of this dataset.

        Raises:
          InvalidArgumentError: the dataset is empty or has more than one element.
        """
        elements = self._iterate()
        first = next(elements, _END)
        if first is _END:
            raise kernel_error("DatasetToSingleElement", "Dataset was empty.", name="",
                               node="DatasetToSingleElement_output_types_1")
        if next(elements, _END) is not _END:
            raise kernel_error("DatasetToSingleElement", "Dataset had more than one element.",
                               name="", node="DatasetToSingleElement_output_types_1")
        return first

    def save(self, path, compression=None, shard_func=None, checkpoint_args=None):
        """Writes every element to the directory `path` for `Dataset.load` (tapeviz's format:
        one `.npz` and the element_spec as JSON, not TF's snapshot files)."""
        from tapeviz.data import storage
        storage.save(self, path)

    # ---- transformations -------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None, synchronous=None,
            use_unbounded_threadpool=False, name=None):
        """A dataset of `map_func(element)` (a tuple element is spread over the arguments).

        `num_parallel_calls` and `deterministic` are accepted; elements are mapped one at a
        time, in order. TF traces `map_func` once; tapeviz runs it eagerly per element.
        """
        return _MapDataset(self, map_func)

    def filter(self, predicate, name=None):
        """The elements for which `predicate(element)` is a scalar True (a bool tensor)."""
        return _FilterDataset(self, predicate)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None):
        """Consecutive elements stacked into batches of `batch_size` (the last may be smaller
        unless `drop_remainder`)."""
        return _BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder=False, name=None):
        """Like `batch`, padding each component to the longest in the batch (or to
        `padded_shapes`) with `padding_values` (default 0, or b'' for strings)."""
        return _PaddedBatchDataset(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def ragged_batch(self, batch_size, drop_remainder=False, row_splits_dtype=dtypes.int64, name=None):
        """Like `batch`, but components of rank >= 1 may differ in length: they become the rows
        of a RaggedTensor."""
        return _RaggedBatchDataset(self, batch_size, drop_remainder)

    def unbatch(self, name=None):
        """Splits every element along its first dimension into separate elements."""
        return _UnbatchDataset(self)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """The elements in random order through a buffer of `buffer_size`, in TF's order.

        Args:
          buffer_size: elements held at once (`tf.data.UNKNOWN_CARDINALITY`: all of them).
          seed: the op seed; with `tf.random.set_seed`'s global seed, as for TF's random ops.
          reshuffle_each_iteration: a new order on each pass (else every pass repeats it).
        Raises:
          InvalidArgumentError: `buffer_size` is not positive.
        """
        return _ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        """The elements `count` times over (forever if `count` is None or -1)."""
        return _RepeatDataset(self, count)

    def take(self, count, name=None):
        """At most the first `count` elements (all if `count` is -1)."""
        return _TakeDataset(self, count)

    def skip(self, count, name=None):
        """All but the first `count` elements (none if `count` is -1)."""
        return _SkipDataset(self, count)

    def prefetch(self, buffer_size, name=None):
        """The same elements (tapeviz computes each one when it is asked for)."""
        return _PrefetchDataset(self)

    def cache(self, filename="", name=None):
        """The same elements, kept after the first complete pass: in memory, or with a
        `filename` in files that later passes (and other datasets cached there) read."""
        if filename:
            from tapeviz.data import storage
            return storage.CacheDataset(self, filename)
        return CacheDataset(self)

    def enumerate(self, start=0, name=None):
        """`(index, element)` pairs, the index an int64 counting from `start`."""
        return _ZipDataset((_RangeDataset(start, np.iinfo(np.int64).max), self))

    def concatenate(self, dataset, name=None):
        """This dataset's elements followed by `dataset`'s (the structures must match)."""
        return _ConcatenateDataset(self, dataset)

    def apply(self, transformation_func):
        """`transformation_func(self)`, which must return a Dataset."""
        return transformation_func(self)

    def take_while(self, predicate, name=None):
        """The elements up to (not including) the first for which `predicate` is False."""
        return _TakeWhileDataset(self, predicate)

    def shard(self, num_shards, index, name=None):
        """Every `num_shards`-th element, starting at `index`."""
        return _ShardDataset(self, num_shards, index)

    def flat_map(self, map_func, name=None):
        """The elements of the datasets `map_func(element)` returns, one after another."""
        return _FlatMapDataset(self, map_func)

    def interleave(self, map_func, cycle_length=None, block_length=None,
                   num_parallel_calls=None, deterministic=None, name=None):
        """`block_length` elements in turn from each of `cycle_length` datasets made by
        `map_func`, a finished one replaced by the next input element's."""
        return _InterleaveDataset(self, map_func, cycle_length, block_length)

    def reduce(self, initial_state, reduce_func, name=None):
        """Folds the elements into a state: `state = reduce_func(state, element)`."""
        state = structure.normalize(initial_state)
        for element in self:
            state = structure.normalize(reduce_func(state, element))
        return state

    def scan(self, initial_state, scan_func, name=None):
        """Yields `output` for `(state, output) = scan_func(state, element)`, state carried."""
        return _ScanDataset(self, initial_state, scan_func)

    def unique(self, name=None):
        """The elements with repeats (after the first) removed; int or string scalars."""
        return _UniqueDataset(self)

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None):
        """A dataset of datasets: windows of `size` elements, starting every `shift`."""
        return _WindowDataset(self, size, shift, stride, drop_remainder)

    def rebatch(self, batch_size, drop_remainder=False, name=None):
        """`unbatch()` then batches of `batch_size` (or of sizes cycling through a list)."""
        from tapeviz.data import grouping
        return grouping.RebatchDataset(self, batch_size, drop_remainder)

    def group_by_window(self, key_func, reduce_func, window_size=None, window_size_func=None,
                        name=None):
        """Groups elements by the int64 `key_func(element)`; each window of `window_size` (or
        `window_size_func(key)`) elements of a key, and each partial group at the end in key
        order, becomes the elements of `reduce_func(key, window_dataset)`."""
        from tapeviz.data import grouping
        return grouping.group_by_window(self, key_func, reduce_func, window_size,
                                        window_size_func)

    def bucket_by_sequence_length(self, element_length_func, bucket_boundaries,
                                  bucket_batch_sizes, padded_shapes=None, padding_values=None,
                                  pad_to_bucket_boundary=False, no_padding=False,
                                  drop_remainder=False, name=None):
        """Padded batches of elements of similar length: bucket i holds the lengths in
        [boundary i-1, boundary i) and batches `bucket_batch_sizes[i]` of them."""
        from tapeviz.data import grouping
        return grouping.bucket_by_sequence_length(
            self, element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes,
            padding_values, pad_to_bucket_boundary, no_padding, drop_remainder)

    def with_options(self, options, name=None):
        """The same dataset with `options` (a `tf.data.Options`) attached."""
        return _OptionsDataset(self, options)

    def __getattr__(self, name):
        if name in _MISSING_METHODS:
            raise AttributeError(f"tapeviz does not implement tf.data.Dataset.{name} yet")
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


# TF 2.21's Dataset methods tapeviz lacks (list_files is made on the io branch)
_MISSING_METHODS = frozenset("fingerprint ignore_errors list_files ragged_batch "
                             "rejection_resample snapshot sparse_batch".split())


Dataset = DatasetV2


class OwnedIterator:
    """The iterator `iter(dataset)` returns: `next()` yields elements, then StopIteration.

    It is trackable: in a `tf.train.Checkpoint`, its position (the number of elements it has
    yielded) and the pass number of each shuffle/random in its pipeline are saved as int64
    variables; after a restore it starts that pass again (the same seeds) and skips to the
    position. TF saves the iterator's
    internal state instead (`ITERATOR_STATE`), so the two checkpoint formats differ here.
    """

    def __init__(self, dataset):
        self._dataset = dataset
        self._passes = _pass_counters(dataset)     # the pass each shuffle/random is on
        self._elements = dataset._iterate()
        self._consumed = 0
        self._position = None       # an int64 Variable, made when a checkpoint tracks this
        self._synced = 0            # the position last written into it

    element_spec = property(lambda self: self._dataset.element_spec)

    def __iter__(self):
        return self

    def __next__(self):
        if self._position is not None:
            self._follow_restore()
        element = next(self._elements)
        self._consumed += 1
        return element

    def get_next(self):
        """The next element; raises `tf.errors.OutOfRangeError` at the end."""
        try:
            return self.__next__()
        except StopIteration:
            raise kernel_error("IteratorGetNext", "End of sequence", name="",
                               node="IteratorGetNext_output_types_1",
                               cls=OutOfRangeError) from None

    # ---- checkpointing ---------------------------------------------------------------------
    def _checkpoint_dependencies(self):
        if self._position is None:
            from tapeviz.framework.variables import Variable
            self._position = Variable(np.int64(0), trainable=False, dtype=dtypes.int64,
                                      name="position")
            self._pass_numbers = Variable(np.array([e for _, e in self._passes], np.int64),
                                          trainable=False, dtype=dtypes.int64, name="passes")
        self._follow_restore()
        self._position.assign(np.int64(self._consumed))
        self._synced = self._consumed
        return [("passes", self._pass_numbers), ("position", self._position)]

    def _follow_restore(self):
        """After a restore changed the variables, replays the saved pass up to the position."""
        position = int(self._position.numpy())
        passes = self._pass_numbers.numpy().tolist()
        if position == self._synced and passes == [e for _, e in self._passes]:
            return
        self._passes = [(d, e) for (d, _), e in zip(self._passes, passes)]
        current = [(d, d._epoch) for d, _ in self._passes]
        for d, epoch in self._passes:
            d._epoch = epoch
        try:
            elements = self._dataset._iterate()
            for _ in range(position):
                next(elements)
            first = next(elements, _END)            # starts a lazy pass while replaying
        finally:
            for d, epoch in current:
                d._epoch = epoch
        self._elements = itertools.chain([] if first is _END else [first], elements)
        self._consumed = self._synced = position


def _pass_counters(dataset):
    """(dataset, its pass number) for every shuffle or random dataset `dataset` reads."""
    found, stack, seen = [], [dataset], set()
    while stack:
        d = stack.pop()
        if id(d) in seen:
            continue
        seen.add(id(d))
        if "_epoch" in vars(d):
            found.append((d, d._epoch))
        stack.extend(x for x in d._inputs() if isinstance(x, DatasetV2))
    return found


class _NumpyIterator:
    def __init__(self, dataset):
        self._elements = dataset._iterate()

    def __iter__(self):
        return self

    def __next__(self):
        return structure.numpy_of(next(self._elements))

    def __repr__(self):
        return "<tensorflow.python.data.ops.dataset_ops._NumpyIterator object>"


# ---- sources -------------------------------------------------------------------------------
class _TensorSliceDataset(DatasetV2):
    def __init__(self, tensors):
        self._tensors = structure.normalize(tensors)
        leaves = structure.flatten(self._tensors)
        for leaf in leaves:
            if leaf.shape.rank == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        sizes = {leaf.shape[0] for leaf in leaves}
        if len(sizes) > 1:
            raise ValueError("Dimensions " + " and ".join(str(leaf.shape[0]) for leaf in leaves)
                             + " are not compatible")
        self._ragged = any(ragged.is_ragged(leaf) for leaf in leaves)
        # a RaggedTensor is indexed, a SparseTensor cut into its rows once, a tensor indexed as NumPy
        self._arrays = [leaf if ragged.is_ragged(leaf) else leaf._rows() if structure.is_composite(leaf)
                        else leaf.numpy() for leaf in leaves]
        self._composite = self._ragged or any(structure.is_composite(leaf) for leaf in leaves)
        self._cardinality = int(sizes.pop())

    def _element_spec(self):
        return structure.map_leaves(lambda s: s._unbatch() if structure.is_composite_spec(s) else
                                    ragged.row_spec(s), structure.spec_of(self._tensors))

    def _index_plan(self):
        if self._composite:
            return None
        if getattr(self, "_rows", None) is None:     # every row in order, made once
            self._rows = np.arange(self._cardinality)
            self._rows.flags.writeable = False
        return self._arrays, self._tensors, self._rows

    def _iterate(self):
        arrays, shape = self._arrays, self._tensors
        for i in range(self._cardinality):
            yield structure.pack(shape, [Tensor(a[i, ...]) if isinstance(a, np.ndarray) else a[i] for a in arrays])


class _TensorDataset(DatasetV2):
    _cardinality = 1

    def __init__(self, tensors):
        self._tensors = structure.normalize(tensors)

    def _element_spec(self):
        return structure.spec_of(self._tensors)

    def _iterate(self):
        yield self._tensors


def _signature(types, shapes):
    """The TensorSpec nest of the deprecated `output_types`/`output_shapes` pair."""
    flat_types = structure.flatten(types)
    flat_shapes = [None] * len(flat_types) if shapes is None else \
        structure.flatten_up_to(types, shapes)
    return structure.pack(types, [TensorSpec(shape, dtype)
                                  for dtype, shape in zip(flat_types, flat_shapes)])


class _GeneratorDataset(DatasetV2):
    _tf_class = "_FlatMapDataset"     # TF builds from_generator as a flat_map over its args

    def __init__(self, generator, args, signature):
        self._generator, self._signature = generator, signature
        self._args = [convert_to_tensor(a) for a in args]

    def _element_spec(self):
        return self._signature

    def _iterate(self):
        signature = self._signature
        specs = structure.flatten(signature)
        for value in self._generator(*[a.numpy() for a in self._args]):
            try:
                values = structure.flatten_up_to(signature, value)
            except ValueError:
                raise kernel_error("PyFunc", f"TypeError: `generator` yielded an element that "
                                   f"did not match the expected structure. The expected "
                                   f"structure was {signature}, but the yielded element was "
                                   f"{value}.", name="", node="PyFunc") from None
            tensors = []
            for v, spec in zip(values, specs):
                t = convert_to_tensor(v, dtype=spec.dtype)
                if not spec.shape.is_compatible_with(t.shape):
                    raise kernel_error(
                        "PyFunc", f"TypeError: `generator` yielded an element of shape "
                        f"{t.shape} where an element of shape {spec.shape} was expected.",
                        name="", node="PyFunc")
                tensors.append(t)
            yield structure.pack(signature, tensors)


class _RangeDataset(DatasetV2):
    def __init__(self, *args, output_type=dtypes.int64):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid `args`. The length of `args` should be between 1 and 3 "
                             f"but was {len(args)}.")
        start, stop, step = (0, _count(args[0]), 1) if len(args) == 1 else (
            _count(args[0]), _count(args[1]), _count(args[2]) if len(args) == 3 else 1)
        if step == 0:
            raise kernel_error("RangeDataset", "step must be a non-zero integer.", name="")
        self._range = range(start, stop, step)
        self._dtype = dtypes.as_dtype(output_type)
        self._cardinality = len(self._range)

    def _element_spec(self):
        return TensorSpec([], self._dtype)

    def _iterate(self):
        np_type = self._dtype.as_numpy_dtype
        for i in self._range:
            yield Tensor(np.array(i, dtype=np_type))


class _ZipDataset(DatasetV2):
    def __init__(self, datasets):
        self._datasets = datasets
        flat = structure.flatten(datasets) if isinstance(datasets, (tuple, dict)) else [datasets]
        for d in flat:
            if not isinstance(d, DatasetV2):
                raise TypeError(f"Invalid input to `zip`. Inputs are expected to be (nested) "
                                f"structures of `tf.data.Dataset` objects. Python `list` is not "
                                f"supported and you should use `tuple` instead.")
        self._flat = flat
        finite = [d._cardinality for d in flat if d._cardinality != INFINITE]
        if any(c == UNKNOWN for c in finite):
            self._cardinality = UNKNOWN
        else:
            self._cardinality = min(finite) if finite else INFINITE

    def _element_spec(self):
        return structure.pack(self._datasets, [d.element_spec for d in self._flat])

    def _inputs(self):
        return self._flat

    def _iterate(self):
        for elements in zip(*[d._iterate() for d in self._flat]):
            yield structure.pack(self._datasets, list(elements))


# ---- element-wise transformations ----------------------------------------------------------
class _UnaryDataset(DatasetV2):
    """A transformation of one input dataset; by default the same spec and cardinality."""

    def __init__(self, input_dataset):
        self._input = input_dataset
        self._cardinality = input_dataset._cardinality

    def _element_spec(self):
        return self._input.element_spec


class _MapDataset(_UnaryDataset):
    def __init__(self, input_dataset, fn):
        super().__init__(input_dataset)
        self._fn = fn
        self._spec = None

    def _element_spec(self):
        # TF traces `fn` on the input's spec; tapeviz runs it on the first two elements
        # instead: a dim that differs between them is one TF cannot know either
        if self._spec is None:
            first, second = _first(self._iterate, 2)
            if first is not _END:
                spec = structure.spec_of(first)
                if second is not _END:
                    spec = _common(spec, structure.spec_of(second))
                self._spec = _relax(spec, self._input.element_spec)
        return self._spec

    def _iterate(self):
        fn = self._fn
        for element in self._input._iterate():
            yield structure.normalize(structure.call(fn, element))


def _relax(spec, input_spec):
    """Dims unknown in the input stay unknown when the mapped element keeps its rank."""
    unknown = [s for s in structure.flatten(input_spec) if not s.shape.is_fully_defined()]
    if not unknown:
        return spec
    return structure.map_leaves(
        lambda s: s if ragged.is_ragged(s) or structure.is_composite_spec(s)
        else TensorSpec([None] * s.shape.rank, s.dtype), spec)


def _predicate(fn, element):
    result = structure.call(fn, element)
    result = result if isinstance(result, Tensor) else convert_to_tensor(result)
    if result.dtype != dtypes.bool or result.ndim != 0:
        raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                         f"tensor, but its return type is {TensorSpec.from_tensor(result)}.")
    return bool(result.numpy())


class _FilterDataset(_UnaryDataset):
    def __init__(self, input_dataset, predicate):
        super().__init__(input_dataset)
        self._predicate = predicate
        self._cardinality = UNKNOWN if input_dataset._cardinality != INFINITE else INFINITE

    def _iterate(self):
        for element in self._input._iterate():
            if _predicate(self._predicate, element):
                yield element


class _TakeWhileDataset(_UnaryDataset):
    def __init__(self, input_dataset, predicate):
        super().__init__(input_dataset)
        self._predicate = predicate
        self._cardinality = UNKNOWN

    def _iterate(self):
        for element in self._input._iterate():
            if not _predicate(self._predicate, element):
                return
            yield element


class _PrefetchDataset(_UnaryDataset):
    def _index_plan(self):
        return self._input._index_plan()

    def _iterate(self):
        return self._input._iterate()


class _OptionsDataset(_UnaryDataset):
    def __init__(self, input_dataset, options):
        super().__init__(input_dataset)
        self._options = options

    def options(self):
        return options_lib.frozen(options_lib.merge_options(self._input.options(),
                                                            self._options))

    def _iterate(self):
        return self._input._iterate()


class CacheDataset(_UnaryDataset):
    def __init__(self, input_dataset):
        super().__init__(input_dataset)
        self._cache = None

    def _iterate(self):
        if self._cache is not None:
            yield from self._cache
            return
        seen = []
        for element in self._input._iterate():
            seen.append(element)
            yield element
        self._cache = seen


class _ScanDataset(_UnaryDataset):
    def __init__(self, input_dataset, initial_state, fn):
        super().__init__(input_dataset)
        self._initial, self._fn = structure.normalize(initial_state), fn
        self._spec = None

    def _element_spec(self):
        if self._spec is None:
            element = _first(self._iterate)
            if element is not _END:
                self._spec = structure.spec_of(element)
        return self._spec

    def _iterate(self):
        state = self._initial
        for element in self._input._iterate():
            state, output = self._fn(state, element)
            state = structure.normalize(state)
            yield structure.normalize(output)


class _UniqueDataset(_UnaryDataset):
    def __init__(self, input_dataset):
        super().__init__(input_dataset)
        spec = input_dataset.element_spec
        if not isinstance(spec, TensorSpec) or spec.shape.rank not in (0, None) or not (
                spec.dtype.is_integer or spec.dtype == dtypes.string):
            raise TypeError(f"`tf.data.Dataset.unique` does not support type "
                            f"{spec.dtype!r}." if isinstance(spec, TensorSpec) else
                            "`tf.data.Dataset.unique` only supports inputs with a single "
                            "`tf.Tensor` component.")
        self._cardinality = UNKNOWN

    def _iterate(self):
        seen = set()
        for element in self._input._iterate():
            key = element.numpy()
            if key not in seen:
                seen.add(key)
                yield element


# ---- counting transformations --------------------------------------------------------------
class _RepeatDataset(_UnaryDataset):
    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = -1 if count is None else _count(count)
        n = input_dataset._cardinality
        if self._count == 0 or n == 0:
            self._cardinality = 0
        elif n in (INFINITE, UNKNOWN):
            self._cardinality = n if self._count > 0 or n == INFINITE else INFINITE
        else:
            self._cardinality = INFINITE if self._count < 0 else n * self._count

    def _iterate(self):
        epochs = itertools.count() if self._count < 0 else range(self._count)
        for _ in epochs:
            empty = True
            for element in self._input._iterate():
                empty = False
                yield element
            if empty:
                return


class _TakeDataset(_UnaryDataset):
    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = _count(count)
        n = input_dataset._cardinality
        if self._count < 0:
            self._cardinality = n
        elif n == INFINITE:
            self._cardinality = self._count
        elif n == UNKNOWN:
            self._cardinality = UNKNOWN
        else:
            self._cardinality = min(n, self._count)

    def _index_plan(self):
        plan = self._input._index_plan()
        if plan is None or self._count < 0:
            return plan
        arrays, shape, rows = plan
        return arrays, shape, rows[:self._count]

    def _iterate(self):
        source = self._input._iterate()
        return source if self._count < 0 else itertools.islice(source, self._count)


class _SkipDataset(_UnaryDataset):
    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = _count(count)
        n = input_dataset._cardinality
        if n in (INFINITE, UNKNOWN):
            self._cardinality = n
        else:
            self._cardinality = 0 if self._count < 0 else max(0, n - self._count)

    def _iterate(self):
        if self._count < 0:     # TF skips everything without reading the input
            return
        yield from itertools.islice(self._input._iterate(), self._count, None)


class _ShardDataset(_UnaryDataset):
    def __init__(self, input_dataset, num_shards, index):
        super().__init__(input_dataset)
        self._n, self._index = _count(num_shards), _count(index)
        if self._n <= 0:
            raise kernel_error("ShardDataset", f"Number of shards must be greater than zero "
                               f"(currently num_shards = {self._n}).", name="")
        if not 0 <= self._index < self._n:
            raise kernel_error("ShardDataset", f"Index must be between 0 and {self._n - 1} "
                               f"(currently index = {self._index}).", name="")
        n = input_dataset._cardinality
        self._cardinality = n if n < 0 else n // self._n + (self._index < n % self._n)

    def _iterate(self):
        return itertools.islice(self._input._iterate(), self._index, None, self._n)


class _ShuffleDataset(_UnaryDataset):
    def __init__(self, input_dataset, buffer_size, seed, reshuffle_each_iteration):
        super().__init__(input_dataset)
        self._buffer = _count(buffer_size)
        if self._buffer == UNKNOWN:     # TF: a buffer as large as the whole input
            self._buffer = sys.maxsize
        elif self._buffer <= 0:
            raise kernel_error("ShuffleDatasetV3", "buffer_size must be greater than zero or UNKNOWN_CARDINALITY",
                               name="")
        # TF takes the op seeds when the dataset is made (one draw from the global seed's
        # sequence); with neither seed, each dataset gets fresh random seeds
        seeds = random_seed.get_seed(seed)
        self._seeds = seeds if seeds[0] is not None else (
            _nondeterministic64(), _nondeterministic64())
        self._reshuffle = True if reshuffle_each_iteration is None else \
            bool(reshuffle_each_iteration)
        self._epoch = 0
        self._orders = _shuffle.PassOrders()

    def _pass_seeds(self):
        """The Philox seeds of the next pass; peeking at the first element does not count."""
        epoch = self._epoch
        if not _Peek.depth:
            self._epoch += 1
        return _shuffle.pass_seeds(self._seeds, epoch, self._reshuffle)

    def _index_plan(self):
        plan = self._input._index_plan()
        if plan is None:
            return None
        arrays, shape, rows = plan
        seeds = self._pass_seeds()
        following = _shuffle.pass_seeds(self._seeds, self._epoch, self._reshuffle)
        order = self._orders.order(len(rows), self._buffer, seeds, following)
        in_order = rows is getattr(self._input, "_rows", None)    # slices: row i is i
        return arrays, shape, order if in_order else rows[order]

    def _iterate(self):
        return _shuffle.shuffled(self._input._iterate(), self._buffer, self._pass_seeds())


def _nondeterministic64():
    return int.from_bytes(os.urandom(8), "little")


# ---- batching ------------------------------------------------------------------------------
def _batch_cardinality(n, batch_size, drop_remainder):
    if n < 0:
        return n
    return n // batch_size if drop_remainder else -(-n // batch_size)


def _chunks(elements, size, drop_remainder):
    chunk = []
    for element in elements:
        chunk.append(element)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk and not drop_remainder:
        yield chunk


class _BatchDataset(_UnaryDataset):
    def __init__(self, input_dataset, batch_size, drop_remainder):
        super().__init__(input_dataset)
        self._size = _count(batch_size)
        if self._size <= 0:
            raise kernel_error("BatchDatasetV2", "Batch size must be greater than zero.",
                               name="")
        self._drop = bool(drop_remainder)
        self._cardinality = _batch_cardinality(input_dataset._cardinality, self._size, self._drop)

    def _element_spec(self):
        first = self._size if self._drop else None
        return structure.map_leaves(lambda s: s._batch(first) if structure.is_composite_spec(s) else
                                    ragged.batch_spec(s, first), self._input.element_spec)

    def _iterate(self):
        plan = self._input._index_plan()
        if plan is not None:    # gather whole batches of rows: the same values, much faster
            arrays, shape, rows = plan
            end = len(rows) - len(rows) % self._size if self._drop else len(rows)
            pack = structure.packer(shape)
            for start in range(0, end, self._size):
                index = rows[start:start + self._size]
                yield pack([Tensor(a.take(index, axis=0)) for a in arrays])   # take: a row copy
            return
        specs = structure.flatten(self.element_spec)
        for chunk in _chunks(self._input._iterate(), self._size, self._drop):
            leaves = list(zip(*[structure.flatten(e) for e in chunk]))
            yield structure.pack(chunk[0], [ragged.batch(component) if ragged.is_ragged(spec)
                                            else _stack(component) for component, spec in zip(leaves, specs)])


class _RaggedBatchDataset(_BatchDataset):
    def _element_spec(self):
        first = self._size if self._drop else None
        return structure.map_leaves(lambda s: ragged.ragged_batch_spec(s, first), self._input.element_spec)

    def _iterate(self):
        # TF decides from the traced spec; tapeviz's map spec comes from one element, so a
        # component whose batch does not match that spec's full shape is made ragged too
        specs = structure.flatten(self._input.element_spec)
        for chunk in _chunks(self._input._iterate(), self._size, self._drop):
            leaves = list(zip(*[structure.flatten(e) for e in chunk]))
            yield structure.pack(chunk[0], [
                ragged.batch(component) if ragged.is_ragged(spec) or not spec.shape.is_fully_defined()
                or any(c.shape != spec.shape for c in component) else _stack(component)
                for component, spec in zip(leaves, specs)])


def _stack(tensors):
    if structure.is_composite(tensors[0]):
        return tensors[0]._batch(tensors)
    first = tensors[0].shape
    for j, t in enumerate(tensors[1:], 1):
        if t.shape != first:
            raise _iterator_error(
                f"Cannot add tensor to the batch: number of elements does not match. Shapes "
                f"are: [tensor]: {_shape(t.shape)}, [batch]: {_shape(first)}")
    # strings stay an object array: NumPy's bytes dtype would drop each value's trailing NUL bytes
    kind = object if tensors[0].dtype == dtypes.string else None
    return Tensor(np.stack([np.asarray(t.numpy(), dtype=kind) for t in tensors]))


def _shape(shape):
    return "[" + ",".join(str(d) for d in shape.as_list()) + "]"


class _PaddedBatchDataset(_UnaryDataset):
    def __init__(self, input_dataset, batch_size, padded_shapes, padding_values, drop_remainder):
        super().__init__(input_dataset)
        self._size, self._drop = _count(batch_size), bool(drop_remainder)
        spec = input_dataset.element_spec
        if padded_shapes is None:   # pad every dim to the batch's longest
            padded_shapes = structure.map_leaves(lambda s: [None] * s.shape.rank, spec) \
                if isinstance(spec, (tuple, dict)) else [None] * spec.shape.rank
        self._shapes = [TensorShape(s) for s in _leaves_like(spec, padded_shapes)]
        values = _leaves_like(spec, padding_values) if padding_values is not None else \
            [None] * len(self._shapes)
        self._values = [_padding(v, s.dtype) for v, s in zip(values, structure.flatten(spec))]
        self._cardinality = _batch_cardinality(input_dataset._cardinality, self._size, self._drop)

    def _element_spec(self):
        first = self._size if self._drop else None
        return structure.pack(self._input.element_spec, [
            TensorSpec(TensorShape([first]).concatenate(shape), s.dtype)
            for shape, s in zip(self._shapes, structure.flatten(self._input.element_spec))])

    def _iterate(self):
        for chunk in _chunks(self._input._iterate(), self._size, self._drop):
            leaves = list(zip(*[structure.flatten(e) for e in chunk]))
            batched = [_pad(tensors, shape, value)
                       for tensors, shape, value in zip(leaves, self._shapes, self._values)]
            yield structure.pack(chunk[0], batched)


def _leaves_like(spec, values):
    if isinstance(spec, (tuple, dict)):
        return structure.flatten_up_to(spec, values) if isinstance(values, (tuple, dict)) else \
            [values] * len(structure.flatten(spec))
    return [values]


def _padding(value, dtype):
    if value is None:
        return np.array(b"" if dtype == dtypes.string else 0, dtype=dtype.as_numpy_dtype)
    return np.asarray(value.numpy() if isinstance(value, Tensor) else value,
                      dtype=dtype.as_numpy_dtype)


def _pad(tensors, shape, value):
    arrays = [t.numpy() for t in tensors]
    longest = np.max([a.shape for a in arrays], axis=0) if arrays[0].ndim else ()
    target = [longest[i] if d is None else d for i, d in enumerate(shape.as_list())]
    out = np.full([len(arrays)] + list(target), value, dtype=arrays[0].dtype)
    for i, a in enumerate(arrays):
        if any(n > t for n, t in zip(a.shape, target)):
            raise _iterator_error(
                f"Attempted to pad to a smaller size than the input element.")
        out[(i,) + tuple(slice(0, n) for n in a.shape)] = a
    return Tensor(out)


class _UnbatchDataset(_UnaryDataset):
    def __init__(self, input_dataset):
        super().__init__(input_dataset)
        for s in structure.flatten(input_dataset.element_spec):
            if s.shape.rank == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
        self._cardinality = UNKNOWN if input_dataset._cardinality != INFINITE else INFINITE

    def _element_spec(self):
        return structure.map_leaves(lambda s: s._unbatch() if structure.is_composite_spec(s) else
                                    ragged.row_spec(s), self._input.element_spec)

    def _iterate(self):
        for element in self._input._iterate():
            leaves = structure.flatten(element)
            if any(isinstance(t, ragged.RaggedTensor) for t in leaves):
                for i in range(leaves[0].shape[0]):
                    yield structure.pack(element, [t[i] for t in leaves])
                continue
            arrays = [t._rows() if structure.is_composite(t) else t.numpy() for t in leaves]
            n = len(arrays[0])
            for i in range(n):
                yield structure.pack(element, [Tensor(a[i, ...]) if isinstance(a, np.ndarray) else a[i] for a in arrays])


# ---- datasets of datasets ------------------------------------------------------------------
class _ConcatenateDataset(DatasetV2):
    def __init__(self, first, second):
        a, b = first.element_spec, second.element_spec
        try:
            flat_b = structure.flatten(b)
            self._spec = structure.pack(a, [x.most_specific_compatible_type(y)
                                            for x, y in zip(structure.flatten(a), flat_b)])
            if len(structure.flatten(a)) != len(flat_b):
                raise ValueError
        except (ValueError, TypeError):
            raise TypeError(f"Incompatible dataset elements:\n  {a} vs.   {b}") from None
        self._first, self._second = first, second
        n, m = first._cardinality, second._cardinality
        self._cardinality = INFINITE if INFINITE in (n, m) else (
            UNKNOWN if UNKNOWN in (n, m) else n + m)

    def _element_spec(self):
        return self._spec

    def _inputs(self):
        return [self._first, self._second]

    def _iterate(self):
        yield from self._first._iterate()
        yield from self._second._iterate()


def _dataset_of(fn, element):
    result = structure.call(fn, element)
    if not isinstance(result, DatasetV2):
        raise TypeError(f"The `map_func` argument must return a `Dataset` object. Got "
                        f"{type(result)!r}.")
    return result


class _FlatMapDataset(_UnaryDataset):
    def __init__(self, input_dataset, fn):
        super().__init__(input_dataset)
        self._fn = fn
        self._cardinality = UNKNOWN

    def _element_spec(self):
        element = _first(self._input._iterate)
        if element is not _END:
            return _dataset_of(self._fn, element).element_spec
        raise NotImplementedError("tapeviz cannot find the element_spec of a flat_map over an "
                                  "empty dataset (TF traces map_func; tapeviz runs it)")

    def _iterate(self):
        for element in self._input._iterate():
            yield from _dataset_of(self._fn, element)._iterate()


class _InterleaveDataset(_FlatMapDataset):
    def __init__(self, input_dataset, fn, cycle_length, block_length):
        super().__init__(input_dataset, fn)
        if cycle_length is None or cycle_length == AUTOTUNE:
            raise NotImplementedError("tapeviz does not implement interleave without an "
                                      "explicit cycle_length (TF picks one from the CPU count)")
        self._cycle = _count(cycle_length)
        self._block = 1 if block_length is None else _count(block_length)

    def _iterate(self):
        # TF's order: an empty slot opens the next input element when its turn comes; a slot
        # that runs out mid-block is emptied and the turn passes on.
        inputs = self._input._iterate()
        slots, more, i = [None] * self._cycle, True, 0
        while more or any(slots):
            if slots[i] is None and more:
                element = next(inputs, _END)
                more = element is not _END
                slots[i] = _dataset_of(self._fn, element)._iterate() if more else None
            for _ in range(self._block if slots[i] is not None else 0):
                element = next(slots[i], _END)
                if element is _END:
                    slots[i] = None
                    break
                yield element
            i = (i + 1) % self._cycle


_END = object()


class _VariantDataset(DatasetV2):
    """One window: a dataset over a list of elements already computed."""

    def __init__(self, elements, spec):
        self._elements, self._spec = elements, spec
        self._cardinality = len(elements)

    def _element_spec(self):
        return self._spec

    def _iterate(self):
        return iter(self._elements)



class DatasetSpec:
    """The spec of an element that is itself a dataset (what `window` yields)."""

    def __init__(self, element_spec, dataset_shape=()):
        self._element_spec, self._shape = element_spec, TensorShape(dataset_shape)

    def __eq__(self, other):
        return isinstance(other, DatasetSpec) and (self._element_spec, self._shape) == (
            other._element_spec, other._shape)

    __hash__ = None

    def __repr__(self):
        return f"DatasetSpec({self._element_spec}, {self._shape!r})"


class _WindowDataset(_UnaryDataset):
    def __init__(self, input_dataset, size, shift, stride, drop_remainder):
        super().__init__(input_dataset)
        self._size = _count(size)
        self._shift = self._size if shift is None else _count(shift)
        self._stride, self._drop = _count(stride), bool(drop_remainder)
        n = input_dataset._cardinality
        if n < 0:
            self._cardinality = n
        elif self._drop:
            span = (self._size - 1) * self._stride + 1
            self._cardinality = max(0, (n - span) // self._shift + 1) if n >= span else 0
        else:
            self._cardinality = -(-n // self._shift)

    def _element_spec(self):
        spec = self._input.element_spec
        return structure.map_leaves(lambda s: DatasetSpec(s, TensorShape([])), spec) \
            if isinstance(spec, (tuple, dict)) else DatasetSpec(spec, TensorShape([]))

    def _iterate(self):
        # reads only as far as the current window reaches, so infinite inputs work
        spec, source = self._input.element_spec, self._input._iterate()
        span = (self._size - 1) * self._stride + 1
        buffer, more = [], True
        while True:
            while more and len(buffer) < span:
                element = next(source, _END)
                more = element is not _END
                if more:
                    buffer.append(element)
            if not buffer:
                return
            window = buffer[:span:self._stride]
            if self._drop and len(window) < self._size:
                return
            yield _window(window, spec)
            for _ in range(self._shift - len(buffer)):      # a shift past the buffer's end
                more = more and next(source, _END) is not _END
            buffer = buffer[self._shift:]


def _window(window, spec):
    if not isinstance(spec, (tuple, dict)):
        return _VariantDataset(window, spec)
    columns = list(zip(*[structure.flatten(e) for e in window]))
    return structure.pack(spec, [_VariantDataset(list(c), s)
                                 for c, s in zip(columns, structure.flatten(spec))])
