"""`tf.data`: input pipelines (`tf.data.Dataset` and its constants), loaded on first use."""
from tapeviz.data import experimental
from tapeviz.data.dataset import AUTOTUNE, Dataset, DatasetSpec
from tapeviz.data.dataset import INFINITE as INFINITE_CARDINALITY
from tapeviz.data.dataset import UNKNOWN as UNKNOWN_CARDINALITY
from tapeviz.data.options import Options, ThreadingOptions
from tapeviz.data.readers import TextLineDataset, TFRecordDataset, list_files

Dataset.list_files = staticmethod(list_files)    # a source that reads the file system

__all__ = ["AUTOTUNE", "Dataset", "DatasetSpec", "INFINITE_CARDINALITY", "Options",
           "TFRecordDataset", "TextLineDataset", "ThreadingOptions", "UNKNOWN_CARDINALITY",
           "experimental"]

# TF 2.21's other public names here: asking for one says it is missing, not that it is unknown
_TF_NAMES = frozenset("FixedLengthRecordDataset Iterator IteratorSpec NumpyIterator".split())


def __getattr__(name):
    if name in _TF_NAMES:
        raise AttributeError(f"tapeviz does not implement tf.data.{name} yet")
    raise AttributeError(f"module 'tapeviz.data' has no attribute {name!r}")
