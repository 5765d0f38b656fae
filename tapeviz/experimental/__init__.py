"""`tf.experimental`: of TensorFlow's experimental namespace, tapeviz has `numpy` (TF NumPy) and
the ragged shapes (`DynamicRaggedShape`, `RowPartition`); the other names say that they are
missing (`tapeviz._tf_names`)."""
from tapeviz.experimental import numpy  # noqa: F401  (tf.experimental.numpy)
from tapeviz.ops.ragged import DynamicRaggedShape, RowPartition  # noqa: F401


def __getattr__(name):
    from tapeviz import _missing
    raise _missing("experimental", name)
