"""`tf.data`: input pipelines (`tf.data.Dataset` and its constants), loaded on first use."""
from tapeviz.data import experimental
from tapeviz.data.dataset import AUTOTUNE, Dataset, DatasetSpec, Options
from tapeviz.data.dataset import INFINITE as INFINITE_CARDINALITY
from tapeviz.data.dataset import UNKNOWN as UNKNOWN_CARDINALITY
from tapeviz.data.readers import TextLineDataset, TFRecordDataset, list_files

Dataset.list_files = staticmethod(list_files)    # a source that reads the file system

__all__ = ["AUTOTUNE", "Dataset", "DatasetSpec", "INFINITE_CARDINALITY", "Options",
           "TFRecordDataset", "TextLineDataset", "UNKNOWN_CARDINALITY", "experimental"]
