"""`tf.SparseTensor` and `tf.SparseTensorSpec`: a dense shape, int64 coordinates and their values.

A SparseTensor holds three Tensors and nothing else; every computation on it is an op on those
Tensors (`tapeviz/ops/sparse_ops.py`), so gradients reach `values` through the ordinary tape.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export, op
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape, as_shape
from tapeviz.framework.tensor_spec import TypeSpec


def _with_rank(shape, rank):
    if len(shape) != rank:
        raise ValueError(f"Shape {TensorShape(shape)} must have rank {rank}")


def _compatible(a, b):
    if a != b:
        raise ValueError(f"Dimensions {a} and {b} are not compatible")


def _int64(value):
    return convert_to_tensor(value, D.int64)


class SparseTensor:
    """A sparse tensor: `values[i]` sits at `indices[i]` of a `dense_shape` tensor, zeros elsewhere.

    Args:
      indices: int64 `[N, rank]` coordinates (canonical row-major order for most ops).
      values: `[N]` values of any dtype.
      dense_shape: int64 `[rank]` shape of the dense tensor it stands for.

    Raises:
      ValueError: ranks or counts of the three parts do not agree.
    """

    _is_composite_tensor = True

    def __init__(self, indices, values, dense_shape):
        self._indices = _int64(indices)
        self._values = values if isinstance(values, Tensor) else convert_to_tensor(values)
        self._dense_shape = _int64(dense_shape)
        if self._dense_shape.ndim > 1:   # TF fails building the static shape from it
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        ishape, vshape, sshape = (self._indices._value.shape, self._values._value.shape,
                                  self._dense_shape._value.shape)
        _with_rank(ishape, 2)
        _with_rank(vshape, 1)
        _with_rank(sshape, 1)
        _compatible(ishape[0], vshape[0])
        _compatible(ishape[1], sshape[0])

    @classmethod
    def from_value(cls, sparse_tensor_value):
        """The same SparseTensor (TF also accepts a SparseTensorValue, which tapeviz has not)."""
        value = sparse_tensor_value
        return cls(value.indices, value.values, value.dense_shape)

    @property
    def indices(self):
        return self._indices

    @property
    def values(self):
        return self._values

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def shape(self):
        return TensorShape([int(d) for d in self._dense_shape._value])

    def get_shape(self):
        return self.shape

    def with_values(self, new_values):
        """A SparseTensor with these indices and shape and `new_values` (same count)."""
        return SparseTensor(self._indices, new_values, self._dense_shape)

    # ---- as a tf.data component: sliced into rows, rows batched (no gradient flows here) ----
    @property
    def _type_spec(self):
        return SparseTensorSpec(self.shape, self.dtype)

    def _rows(self):
        """The SparseTensors of each index along the first dimension (`from_tensor_slices`, `unbatch`)."""
        idx, vals = self._indices._value, self._values._value
        shape = self._dense_shape._value
        if len(shape) == 0:
            raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        order = np.argsort(idx[:, 0], kind="stable")
        starts = np.searchsorted(idx[order, 0], np.arange(int(shape[0]) + 1))
        return [SparseTensor(Tensor(idx[order[a:b], 1:]), Tensor(vals[order[a:b]]), Tensor(shape[1:]))
                for a, b in zip(starts[:-1], starts[1:])]

    @staticmethod
    def _batch(items):
        """The SparseTensors `items` (one rank) stacked along a new first dimension; each other
        dimension is the largest among them, as tf.data batches SparseTensors."""
        shapes = np.array([s._dense_shape._value for s in items], dtype=np.int64)
        indices = [np.concatenate([np.full((len(s._indices._value), 1), k, np.int64), s._indices._value], axis=1)
                   for k, s in enumerate(items)]
        return SparseTensor(Tensor(np.concatenate(indices, axis=0)),
                            Tensor(np.concatenate([s._values._value for s in items])),
                            Tensor(np.concatenate([[len(items)], shapes.max(axis=0)]).astype(np.int64)))

    def __repr__(self):
        return (f"SparseTensor(indices={self._indices!s}, values={self._values!s}, "
                f"dense_shape={self._dense_shape!s})")

    __str__ = __repr__

    # `sp * dense` and `sp / dense` are TF's only operators on a SparseTensor (no +, no unary -)
    def __mul__(self, other):
        return _cwise(self, other, "SparseDenseCwiseMul")

    def __truediv__(self, other):
        sp = self
        target = _TRUEDIV.get(self.dtype)
        if target is not None:   # Python 3 division: integers become floats first, as tf.truediv
            cast = op("Cast")
            sp = self.with_values(cast(self._values, DstT=target))
            other = cast(convert_to_tensor(other, dtype_hint=self.dtype), DstT=target)
        return _cwise(sp, other, "SparseDenseCwiseDiv")

    __div__ = __truediv__


_TRUEDIV = {D.int8: D.float32, D.int16: D.float32, D.uint8: D.float32, D.uint16: D.float32,
            D.int32: D.float64, D.int64: D.float64}


def _cwise(sp, other, op_type):
    """`sp` times (or over) a dense tensor broadcast to its shape: a SparseTensor, same indices."""
    dense = other if isinstance(other, Tensor) else convert_to_tensor(other, dtype_hint=sp.dtype)
    return sp.with_values(op(op_type)(sp._indices, sp._values, sp._dense_shape, dense))


class SparseTensorSpec(TypeSpec):
    """The type of a SparseTensor: its dense shape (dimensions may be None) and dtype."""

    __slots__ = ("_shape", "_dtype")

    def __init__(self, shape=None, dtype=D.float32):
        self._shape = as_shape(shape)
        self._dtype = D.as_dtype(dtype)

    @classmethod
    def from_value(cls, value):
        return cls(value.shape, value.dtype)

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def value_type(self):
        return SparseTensor

    def is_compatible_with(self, spec_or_value):
        if isinstance(spec_or_value, SparseTensor):
            spec_or_value = SparseTensorSpec.from_value(spec_or_value)
        if not isinstance(spec_or_value, SparseTensorSpec):
            return False
        return self._dtype == spec_or_value.dtype and self._shape.is_compatible_with(spec_or_value.shape)

    def _batch(self, size):
        """The spec of a batch of `size` (None: unknown) such values."""
        return SparseTensorSpec(TensorShape([size]).concatenate(self._shape), self._dtype)

    def _unbatch(self):
        return SparseTensorSpec(self._shape[1:], self._dtype)

    def __eq__(self, other):
        return type(other) is type(self) and self._shape == other.shape and self._dtype == other.dtype

    def __hash__(self):
        dims = None if self._shape.rank is None else tuple(self._shape.as_list())
        return hash((dims, self._dtype))

    def __repr__(self):
        dims = "None" if self._shape.rank is None else str(self._shape.as_list())
        return f"SparseTensorSpec(TensorShape({dims}), tf.{self._dtype.name})"


def sparse_parts(sp):
    """(indices, values, dense shape) of `sp` as NumPy arrays (indices int64 [N, rank])."""
    return sp._indices._value, sp._values._value, np.asarray(sp._dense_shape._value, dtype=np.int64)


export(SparseTensor, "SparseTensor", "sparse.SparseTensor")
export(SparseTensorSpec, "SparseTensorSpec", "sparse.SparseTensorSpec")
