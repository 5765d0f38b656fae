"""`tf.data.experimental`: the constants and `cardinality` function of the old namespace."""
from tapeviz.data.dataset import AUTOTUNE
from tapeviz.data.dataset import INFINITE as INFINITE_CARDINALITY
from tapeviz.data.dataset import UNKNOWN as UNKNOWN_CARDINALITY
from tapeviz.data.readers import CsvDataset, make_csv_dataset

__all__ = ["AUTOTUNE", "CsvDataset", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "cardinality",
           "dense_to_ragged_batch", "make_csv_dataset"]


def cardinality(dataset):
    """`dataset.cardinality()`: an int64 count, INFINITE_CARDINALITY or UNKNOWN_CARDINALITY."""
    return dataset.cardinality()


def dense_to_ragged_batch(batch_size, drop_remainder=False, row_splits_dtype=None):
    """For `dataset.apply`: `dataset.ragged_batch(batch_size, drop_remainder)`."""
    return lambda dataset: dataset.ragged_batch(batch_size, drop_remainder)
