"""`tf.IndexedSlices`: a sparse gradient (rows `indices` of a dense tensor), as gather yields."""
from tapeviz.framework.api import op


class IndexedSlices:
    """Rows `values[i]` at `indices[i]` of a tensor of shape `dense_shape`; repeats accumulate."""

    def __init__(self, values, indices, dense_shape=None):
        self.values, self.indices, self.dense_shape = values, indices, dense_shape

    dtype = property(lambda self: self.values.dtype)
    shape = property(lambda self: self.dense_shape)

    def to_dense(self):
        """The dense Tensor, summing repeated indices (a differentiable op)."""
        return op("UnsortedSegmentSum")(self.values, self.indices,
                                        num_segments=int(self.dense_shape[0]))

    def __tf_tensor__(self, dtype=None):
        return self.to_dense()

    def __repr__(self):
        return (f"IndexedSlices(indices={self.indices!r}, values={self.values!r}, "
                f"dense_shape={self.dense_shape!r})")


def densify(g):
    """`g` as a dense Tensor (IndexedSlices are summed into place)."""
    return g.to_dense() if isinstance(g, IndexedSlices) else g
