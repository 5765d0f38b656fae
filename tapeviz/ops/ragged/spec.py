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
    """The shape of a RaggedTensor (`tf.shape(rt)`): its number of rows, the row lengths of each
    ragged dimension (an int where rows are uniform), then the uniform inner dimensions."""

    def __init__(self, row_partitions, inner_shape, dtype=None, validate=False, static_inner_shape=None):
        inner = [int(d) for d in np.asarray(getattr(inner_shape, "_value", inner_shape)).reshape(-1)]
        lengths = []
        for p in row_partitions:
            if not lengths:
                lengths.append(p.nrows_py())
            lengths.append(p.static_lengths())
        lengths = lengths + inner[1:] if lengths else inner
        self._set(lengths, len(row_partitions), D.as_dtype(dtype) if dtype is not None else D.int64)

    def _set(self, lengths, num_row_partitions, dtype):
        self._lengths, self._partitions, self._dtype = list(lengths), num_row_partitions, dtype

    @classmethod
    def _make(cls, lengths, num_row_partitions, dtype):
        shape = cls.__new__(cls)
        shape._set(lengths, num_row_partitions, dtype)
        return shape

    @classmethod
    def of(cls, rt, out_type=None):
        dims = [rt.nrows_py()]
        level = rt
        while isinstance(level, RaggedTensor):
            if level._uniform_row_length is not None:
                dims.append(level._uniform_row_length)
            else:
                dims.append(tuple(int(n) for n in np.diff(level.row_splits._value)))
            level = level.values
        dims += [int(d) for d in rt.flat_values._value.shape[1:]]
        return cls._make(dims, rt.ragged_rank, D.as_dtype(out_type) if out_type is not None else D.int32)

    @classmethod
    def from_lengths(cls, lengths, num_row_partitions=None, dtype=D.int64):
        lengths = [tuple(d) if isinstance(d, (list, tuple)) else int(d) for d in lengths]
        if num_row_partitions is None:
            ragged = [i for i, d in enumerate(lengths) if isinstance(d, tuple)]
            num_row_partitions = ragged[-1] if ragged else 0
        return cls._make(lengths, num_row_partitions, D.as_dtype(dtype))

    @property
    def num_row_partitions(self):
        return self._partitions

    @property
    def rank(self):
        return len(self._lengths)

    @property
    def dtype(self):
        return self._dtype

    @property
    def inner_shape(self):
        return [d for d in self._lengths[self._partitions + 1:]]

    @property
    def num_values(self):
        """How many values the innermost partition holds."""
        n = self._lengths[0]
        for d in self._lengths[1:self._partitions + 1]:
            n = sum(d) if isinstance(d, tuple) else n * d
        return n

    def static_lengths(self):
        return list(self._lengths)

    def partition(self, values):
        """`values` (num_values rows) cut into this shape's rows."""
        rows = self._lengths[0]
        splits = []
        for d in self._lengths[1:self._partitions + 1]:
            lengths = np.array(d if isinstance(d, tuple) else [d] * rows, np.int64)
            splits.append((np.concatenate([[0], np.cumsum(lengths)]).astype(self._dtype.as_numpy_dtype),
                           None if isinstance(d, tuple) else d))
            rows = int(lengths.sum())
        for s, uniform in reversed(splits):
            values = RaggedTensor._from_splits(values, Tensor(s), uniform_row_length=uniform)
        return values

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.rank)
            if start != 0 or step != 1 or any(isinstance(d, tuple) for d in self._lengths[:stop]):
                raise ValueError("tapeviz: only a leading slice of uniform dimensions of a "
                                 "DynamicRaggedShape is supported")
            return DynamicRaggedShape._make(self._lengths[:stop], 0, self._dtype)
        d = self._lengths[index]
        if isinstance(d, tuple):
            raise ValueError(f"Index {index} is not uniform")
        return Tensor(np.array(d, self._dtype.as_numpy_dtype))

    def __len__(self):
        return self.rank

    def _to_tensor_shape(self):
        return TensorShape([None if isinstance(d, tuple) else d for d in self._lengths])

    def __repr__(self):
        lengths = "[" + ", ".join(str(d) for d in self._lengths) + "]"
        return f"<DynamicRaggedShape lengths={lengths} num_row_partitions={self._partitions}>"


class RowPartition:
    """How a flat list of values is cut into rows (`tf.experimental.RowPartition`)."""

    def __init__(self, row_splits):
        self._splits = row_splits

    @classmethod
    def from_row_splits(cls, row_splits, validate=True, dtype=None, dtype_hint=None):
        return cls(np.asarray(getattr(row_splits, "_value", row_splits), np.int64))

    @classmethod
    def from_row_lengths(cls, row_lengths, validate=True, dtype=None, dtype_hint=None):
        lengths = np.asarray(getattr(row_lengths, "_value", row_lengths), np.int64)
        return cls(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))

    def nrows_py(self):
        return len(self._splits) - 1

    def static_lengths(self):
        return tuple(int(n) for n in np.diff(self._splits))

    def row_splits(self):
        return Tensor(self._splits)

    def row_lengths(self):
        return Tensor(np.diff(self._splits))

    def nrows(self):
        return Tensor(np.int64(self.nrows_py()))

    def nvals(self):
        return Tensor(np.int64(self._splits[-1]))
