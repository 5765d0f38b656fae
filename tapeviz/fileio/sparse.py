"""The one place `tf.io` makes a sparse tensor (VarLenFeature results).

TF returns a `tf.SparseTensor`. tapeviz's own SparseTensor is built elsewhere; until it is
exported (`tf.SparseTensor`), this module returns a small stand-in with the same fields and
repr, so callers read `.indices`, `.values` and `.dense_shape` the same way either way.
"""
from tapeviz.framework.api import EXPORTS
from tapeviz.framework.tensor import Tensor


class _SparseValue:
    """indices (int64 [N, rank]), values ([N]) and dense_shape (int64 [rank]) tensors."""

    def __init__(self, indices, values, dense_shape):
        self.indices, self.values, self.dense_shape = indices, values, dense_shape

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def shape(self):
        from tapeviz.framework.tensor_shape import TensorShape
        return TensorShape([int(d) for d in self.dense_shape.numpy()])

    def __repr__(self):
        return (f"SparseTensor(indices={self.indices!s}, values={self.values!s}, "
                f"dense_shape={self.dense_shape!s})")


def sparse_tensor(indices, values, dense_shape):
    """A `tf.SparseTensor` of NumPy `indices`, `values` and `dense_shape` (the stand-in above
    while tapeviz exports none)."""
    cls = EXPORTS.get("SparseTensor", _SparseValue)
    return cls(Tensor(indices), Tensor(values), Tensor(dense_shape))
