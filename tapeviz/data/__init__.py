"""`tf.data`: input pipelines (`tf.data.Dataset` and its constants), loaded on first use."""
from tapeviz.data import experimental
from tapeviz.data.dataset import AUTOTUNE, Dataset, DatasetSpec
from tapeviz.data.dataset import INFINITE as INFINITE_CARDINALITY
from tapeviz.data.dataset import UNKNOWN as UNKNOWN_CARDINALITY
from tapeviz.data.options import Options, ThreadingOptions

__all__ = ["AUTOTUNE", "Dataset", "DatasetSpec", "INFINITE_CARDINALITY", "Options",
           "ThreadingOptions", "UNKNOWN_CARDINALITY", "experimental"]
