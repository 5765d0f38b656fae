"""`tf.RaggedTensor` and `tf.ragged` on NumPy: the class, its factories, TF's indexing, and the
dispatch that lets `tf.math`, `tf.reduce_*`, `tf.concat`, ... take ragged inputs."""
import numpy as np

from tapeviz.framework.api import export
from tapeviz.framework.tensor import Tensor
from tapeviz.ops.array import concat
from tapeviz.ops.ragged import array_ops, dispatch, factory, operators  # noqa: F401
from tapeviz.ops.ragged.elementwise import map_flat_values
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor, _tensor
from tapeviz.ops.ragged.spec import DynamicRaggedShape, RaggedTensorSpec, RowPartition  # noqa: F401  (tf.experimental)


def ragged_stack(values, axis=0, name=None):
    """Stacks RaggedTensors or dense tensors (of any lengths) into one RaggedTensor: 1-D dense
    inputs become its rows."""
    values = list(values)
    if not any(isinstance(v, RaggedTensor) for v in values):
        tensors = [_tensor(v) for v in values]
        if all(t.ndim == 1 for t in tensors) and axis in (0, -2):
            lengths = Tensor(np.array([t._value.shape[0] for t in tensors], np.int32))   # TF: int32 here
            return RaggedTensor.from_row_lengths(concat(tensors, 0), lengths)
        values = [array_ops.as_ragged(t) for t in tensors]
    return array_ops.stack(values, axis)


def install_dispatch():
    """Lets the public ops take RaggedTensors; run once every op family has been exported."""
    dispatch.install()


def ragged_boolean_mask(data, mask, name=None):
    """The values of `data` where `mask` is True, the mask's last dimension becoming ragged."""
    return array_ops.boolean_mask(data, mask)


export(RaggedTensor, "RaggedTensor")
export(RaggedTensorSpec, "RaggedTensorSpec")
export(factory.constant, "ragged.constant")
export(factory.ragged_range, "ragged.range")
export(factory.row_splits_to_segment_ids, "ragged.row_splits_to_segment_ids")
export(factory.segment_ids_to_row_splits, "ragged.segment_ids_to_row_splits")
export(map_flat_values, "ragged.map_flat_values")
export(ragged_stack, "ragged.stack")
export(ragged_boolean_mask, "ragged.boolean_mask")
