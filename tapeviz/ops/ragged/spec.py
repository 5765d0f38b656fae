"""`tf.RaggedTensorSpec` and the value `tf.shape` gives for a RaggedTensor (DynamicRaggedShape)."""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape, as_shape
from tapeviz.framework.tensor_spec import TypeSpec
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor


class RaggedTensorSpec(TypeSpec):
    """Describes a RaggedTensor: shape (ragged dims are None), dtype, ragged_rank, splits dtype."""

    __slots__ = ("_shape", "_dtype", "_ragged_rank", "_row_splits_dtype", "_flat_values_spec")

    def __init__(self, shape=None, dtype=D.float32, ragged_rank=None, row_splits_dtype=D.int64,
                 flat_values_spec=None):
        self._shape = as_shape(shape)
        self._dtype = D.as_dtype(dtype)
        self._row_splits_dtype = D.as_dtype(row_splits_dtype)
        rank = self._shape.rank
        if ragged_rank is None:
            if rank is None:
                raise ValueError("Must specify ragged_rank or a shape with a known rank.")
            ragged_rank = rank - 1
        if not isinstance(ragged_rank, int):
            raise TypeError(f"Argument `ragged_rank` must be an int. Received {ragged_rank}.")
        if rank is not None and not 0 <= ragged_rank < rank and not (ragged_rank == 0 and rank == 0):
            raise ValueError(f"Argument `ragged_rank` ({ragged_rank}) must be less than rank ({rank}).")
        self._ragged_rank = ragged_rank
        self._flat_values_spec = flat_values_spec

    @classmethod
    def from_value(cls, value):
        return cls(value.shape, value.dtype, value.ragged_rank, value._splits_dtype)

    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    ragged_rank = property(lambda self: self._ragged_rank)
    row_splits_dtype = property(lambda self: self._row_splits_dtype)
    flat_values_spec = property(lambda self: self._flat_values_spec)
    value_type = property(lambda self: RaggedTensor)

    def is_compatible_with(self, spec_or_value):
        other = spec_or_value
        if isinstance(other, RaggedTensor):
            other = RaggedTensorSpec.from_value(other)
        if not isinstance(other, RaggedTensorSpec):
            return False
        return (self._dtype == other._dtype and self._ragged_rank == other._ragged_rank
                and self._row_splits_dtype == other._row_splits_dtype
                and self._shape.is_compatible_with(other._shape))

    def _key(self):
        return (self._shape, self._dtype, self._ragged_rank, self._row_splits_dtype)

    def __eq__(self, other):
        return type(other) is RaggedTensorSpec and self._key() == other._key()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return (f"RaggedTensorSpec({self._shape!r}, {self._dtype!r}, {self._ragged_rank}, "
                f"{self._row_splits_dtype!r})")


class DynamicRaggedShape:
    """The shape of a RaggedTensor: the number of rows, each ragged dimension's row lengths,
    then the uniform inner dimensions."""

    def __init__(self, rt):
        self._rt = rt

    @property
    def num_row_partitions(self):
        return self._rt.ragged_rank

    @property
    def rank(self):
        return self._rt.shape.rank

    def static_lengths(self):
        rt = self._rt
        dims = [rt.nrows_py()]
        level = rt
        while isinstance(level, RaggedTensor):
            if level._uniform_row_length is not None:
                dims.append(level._uniform_row_length)
            else:
                dims.append(tuple(int(n) for n in np.diff(level.row_splits._value)))
            level = level.values
        return dims + [int(d) for d in rt.flat_values._value.shape[1:]]

    def __getitem__(self, index):
        dims = self.static_lengths()
        d = dims[index]
        if isinstance(d, tuple):
            raise ValueError(f"Index {index} is not uniform")
        return Tensor(np.array(d, self._rt._splits_dtype.as_numpy_dtype))

    def __len__(self):
        return self.rank

    def _to_tensor_shape(self):
        return TensorShape(self._rt.shape)

    def __repr__(self):
        lengths = "[" + ", ".join(str(d) for d in self.static_lengths()) + "]"
        return f"<DynamicRaggedShape lengths={lengths} num_row_partitions={self.num_row_partitions}>"
