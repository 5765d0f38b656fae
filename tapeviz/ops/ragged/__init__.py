"""`tf.RaggedTensor` and `tf.ragged` on NumPy: the class, its factories, TF's indexing, and the
dispatch that lets `tf.math`, `tf.reduce_*`, `tf.concat`, ... take ragged inputs."""
from tapeviz.framework.api import export
from tapeviz.ops.ragged import array_ops, dispatch, factory, operators  # noqa: F401
from tapeviz.ops.ragged.elementwise import map_flat_values
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor
from tapeviz.ops.ragged.spec import RaggedTensorSpec


def ragged_stack(values, axis=0, name=None):
    """Stacks RaggedTensors or dense tensors (of any shapes) into one RaggedTensor."""
    return array_ops.stack([v if isinstance(v, RaggedTensor) else array_ops.as_ragged(v)
                            if getattr(v, "ndim", 0) >= 2 else _row(v) for v in values], axis)


def _row(v):
    from tapeviz.ops.ragged.ragged_tensor import _tensor
    t = _tensor(v)
    return RaggedTensor.from_row_lengths(t, [t._value.shape[0]]) if t.ndim == 1 else t


def ragged_boolean_mask(data, mask, name=None):
    """The values of `data` where `mask` is True, the mask's last dimension becoming ragged."""
    return array_ops.boolean_mask(data, mask)


dispatch.install()
export(RaggedTensor, "RaggedTensor")
export(RaggedTensorSpec, "RaggedTensorSpec")
export(factory.constant, "ragged.constant")
export(factory.ragged_range, "ragged.range")
export(factory.row_splits_to_segment_ids, "ragged.row_splits_to_segment_ids")
export(factory.segment_ids_to_row_splits, "ragged.segment_ids_to_row_splits")
export(map_flat_values, "ragged.map_flat_values")
export(ragged_stack, "ragged.stack")
export(ragged_boolean_mask, "ragged.boolean_mask")
