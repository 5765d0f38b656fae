"""RaggedTensor components in tf.data: slicing a ragged tensor into rows, batching ragged (or
variable-length dense) elements into a RaggedTensor, and the specs of both."""
import numpy as np

from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_spec import TensorSpec
from tapeviz.ops import array as A
from tapeviz.ops.ragged.array_ops import stack
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor
from tapeviz.ops.ragged.spec import RaggedTensorSpec


def is_ragged(x):
    return isinstance(x, (RaggedTensor, RaggedTensorSpec))


def row_spec(spec):
    """The spec of one row of a component of spec `spec`: a RaggedTensorSpec stays one, one
    ragged rank lower (rank 0: the rows are dense tensors, but batch back into ragged ones)."""
    if not isinstance(spec, RaggedTensorSpec):
        return TensorSpec(spec.shape[1:], spec.dtype)
    return RaggedTensorSpec(spec.shape[1:], spec.dtype, spec.ragged_rank - 1, spec.row_splits_dtype)


def batch_spec(spec, first):
    """The spec of a batch of components of spec `spec` (`first`: the batch size, or None)."""
    if isinstance(spec, RaggedTensorSpec):
        return RaggedTensorSpec([first] + spec.shape.as_list(), spec.dtype, spec.ragged_rank + 1,
                                spec.row_splits_dtype)
    return TensorSpec([first] + spec.shape.as_list(), spec.dtype)


def ragged_batch_spec(spec, first):
    """`ragged_batch`'s spec: components whose shape is not fully known become ragged."""
    if isinstance(spec, RaggedTensorSpec) or spec.shape.is_fully_defined():
        return batch_spec(spec, first)
    return RaggedTensorSpec([first] + spec.shape.as_list(), spec.dtype, 1)


def batch(components):
    """A batched ragged component: each element (a RaggedTensor, or a dense row) is a row."""
    if any(isinstance(c, RaggedTensor) for c in components):
        return stack(list(components), 0)
    lengths = np.array([c._value.shape[0] for c in components], np.int64)
    return RaggedTensor.from_row_lengths(A.concat(list(components), 0), Tensor(lengths))
