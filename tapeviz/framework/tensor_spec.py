"""`tf.TensorSpec`: the shape and dtype a tensor must have (what `Dataset.element_spec` holds)."""
from tapeviz.framework import dtypes
from tapeviz.framework.api import export
from tapeviz.framework.tensor_shape import TensorShape


class TypeSpec:
    """Base of the specs (`tf.TypeSpec`); tapeviz has only `TensorSpec` and `DatasetSpec`."""


class TensorSpec(TypeSpec):
    """Describes a tf.Tensor: its shape (possibly partly unknown), dtype and an optional name.

    Args:
      shape: anything `tf.TensorShape` accepts (a list with None for unknown dims, None for
        an unknown rank).
      dtype: a `tf.DType` or anything `tf.as_dtype` accepts; default float32.
      name: an optional name.
    """

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of `tensor`: its shape and dtype."""
        return cls(tensor.shape, tensor.dtype, name)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)

    def is_compatible_with(self, spec_or_tensor):
        """True if `spec_or_tensor` (a spec or a tensor) has this dtype and a compatible shape."""
        return (self._dtype == spec_or_tensor.dtype
                and self._shape.is_compatible_with(spec_or_tensor.shape))

    def most_specific_compatible_type(self, other):
        """The spec both this and `other` satisfy (dims that differ become None)."""
        if self._dtype != other.dtype:
            raise ValueError(f"No TypeSpec is compatible with both {self} and {other}")
        return TensorSpec(self._shape.most_specific_compatible_shape(other.shape), self._dtype,
                          self._name if self._name == other.name else None)

    def __eq__(self, other):
        return (type(other) is type(self) and self._shape == other.shape
                and self._dtype == other.dtype and self._name == other.name)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((tuple(self._shape.as_list()) if self._shape.rank is not None else None,
                     self._dtype, self._name))

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"


export(TensorSpec, "TensorSpec")
export(TypeSpec, "TypeSpec")
