"""`tf.data.experimental`: the old namespace's constants, option classes and the functions
tutorials still call (most return a `dataset -> dataset` function for `Dataset.apply`)."""
from tapeviz.data.dataset import AUTOTUNE, DatasetV2, _count, _UnaryDataset
from tapeviz.data.dataset import INFINITE as INFINITE_CARDINALITY
from tapeviz.data.dataset import UNKNOWN as UNKNOWN_CARDINALITY
from tapeviz.data.options import (
    AutoShardPolicy,
    AutotuneAlgorithm,
    AutotuneOptions,
    DistributeOptions,
    ExternalStatePolicy,
    OptimizationOptions,
    ThreadingOptions,
)
from tapeviz.data.readers import CsvDataset, make_csv_dataset
from tapeviz.data.sampling import RandomDataset
from tapeviz.framework.errors import FailedPreconditionError, kernel_error

__all__ = ["AUTOTUNE", "AutoShardPolicy", "AutotuneAlgorithm", "AutotuneOptions", "Counter",
           "CsvDataset", "DistributeOptions", "ExternalStatePolicy", "INFINITE_CARDINALITY",
           "OptimizationOptions", "RandomDataset", "ThreadingOptions", "UNKNOWN_CARDINALITY",
           "assert_cardinality", "bucket_by_sequence_length", "cardinality",
           "choose_from_datasets", "dense_to_ragged_batch", "enumerate_dataset",
           "get_single_element", "group_by_window", "load", "make_csv_dataset",
           "sample_from_datasets", "save", "scan", "shuffle_and_repeat", "take_while", "unbatch",
           "unique"]


def cardinality(dataset):
    """`dataset.cardinality()`: an int64 count, INFINITE_CARDINALITY or UNKNOWN_CARDINALITY."""
    return dataset.cardinality()


def dense_to_ragged_batch(batch_size, drop_remainder=False, row_splits_dtype=None):
    """For `dataset.apply`: `dataset.ragged_batch(batch_size, drop_remainder)`."""
    return lambda dataset: dataset.ragged_batch(batch_size, drop_remainder)


def Counter(start=0, step=1, dtype=None):   # noqa: N802 (TF's name)
    """`Dataset.counter` under its old name."""
    return DatasetV2.counter(start, step, *([dtype] if dtype is not None else []))


sample_from_datasets = DatasetV2.sample_from_datasets
choose_from_datasets = DatasetV2.choose_from_datasets
load = DatasetV2.load


def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None):
    """`dataset.save(path)`."""
    return dataset.save(path, compression, shard_func, checkpoint_args)


def get_single_element(dataset):
    """`dataset.get_single_element()`."""
    return dataset.get_single_element()


class _AssertCardinalityDataset(_UnaryDataset):
    def __init__(self, input_dataset, expected):
        super().__init__(input_dataset)
        self._cardinality = expected

    def _iterate(self):
        n, expected = 0, self._cardinality
        for element in self._input._iterate():
            n += 1
            if expected >= 0 and n > expected:
                raise _cardinality_error(f"Input dataset was expected to contain "
                                         f"{_elements(expected)} but contained at least "
                                         f"{_elements(n)}.")
            yield element
        if expected == INFINITE_CARDINALITY or n < expected:
            raise _cardinality_error(f"Input dataset was expected to contain "
                                     f"{_elements(expected)} but contained only "
                                     f"{_elements(n)}.")


def _elements(n):
    return "an infinite number of elements" if n == INFINITE_CARDINALITY else \
        f"{n} element{'' if n == 1 else 's'}"


def _cardinality_error(message):
    return kernel_error("IteratorGetNext", message, name="",
                        node="IteratorGetNext_output_types_1", cls=FailedPreconditionError)


def assert_cardinality(expected_cardinality):
    """A transformation declaring the dataset's cardinality, checked while iterating
    (`FailedPreconditionError` when the count differs)."""
    return lambda dataset: _AssertCardinalityDataset(dataset, _count(expected_cardinality))


def bucket_by_sequence_length(*args, **kwargs):
    return lambda dataset: dataset.bucket_by_sequence_length(*args, **kwargs)


def group_by_window(key_func, reduce_func, window_size=None, window_size_func=None):
    return lambda dataset: dataset.group_by_window(key_func, reduce_func, window_size,
                                                   window_size_func)


def enumerate_dataset(start=0):
    return lambda dataset: dataset.enumerate(start)


def scan(initial_state, scan_func):
    return lambda dataset: dataset.scan(initial_state, scan_func)


def take_while(predicate):
    return lambda dataset: dataset.take_while(predicate)


def unbatch():
    return lambda dataset: dataset.unbatch()


def unique():
    return lambda dataset: dataset.unique()


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    """`dataset.shuffle(buffer_size, seed).repeat(count)`, as TF now builds it."""
    return lambda dataset: dataset.shuffle(buffer_size, seed).repeat(count)


# TF 2.21's other public names here: asking for one says it is missing, not that it is unknown
_TF_NAMES = frozenset("""
    DatasetInitializer Optional Reducer SHARD_HINT ServiceOptions SqlDataset
    TFRecordWriter at copy_to_device dense_to_ragged_batch dense_to_sparse_batch
    distributed_save enable_debug_mode from_list from_variant get_model_proto
    get_next_as_optional get_structure group_by_reducer ignore_errors index_table_from_dataset
    make_batched_features_dataset make_saveable_from_iterator map_and_batch
    pad_to_cardinality parallel_interleave parse_example_dataset prefetch_to_device
    rejection_resample service snapshot table_from_dataset to_variant""".split())


def __getattr__(name):
    if name in _TF_NAMES:
        raise AttributeError(f"tapeviz does not implement tf.data.experimental.{name} yet")
    raise AttributeError(f"module 'tapeviz.data.experimental' has no attribute {name!r}")
