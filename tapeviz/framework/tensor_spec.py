"""`tf.TypeSpec` and `tf.TensorSpec`: the shape, dtype and name a tensor is expected to have."""
from tapeviz.framework import dtypes
from tapeviz.framework.api import export
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import as_shape


class TypeSpec:
    """The base of value specifications (`tf.TypeSpec`); `TensorSpec` is the one tapeviz has."""

    __slots__ = ()

    def is_compatible_with(self, spec_or_value):
        raise NotImplementedError(f"{type(self).__name__}.is_compatible_with")

    def most_specific_compatible_type(self, other):
        """The most specific spec compatible with both `self` and `other`.

        Raises:
          ValueError: no spec is compatible with both.
        """
        result = self.most_specific_common_supertype([other])
        if result is None:
            raise ValueError(f"No TypeSpec is compatible with both {self!r} and {other!r}")
        return result

    def most_specific_common_supertype(self, others):
        raise NotImplementedError(f"{type(self).__name__}.most_specific_common_supertype")


def _shape_subtype(shape, other):
    """Whether every shape matching `shape` matches `other` (None dims in `other` match all)."""
    if other.rank is None:
        return True
    if shape.rank != other.rank:
        return False
    return all(o is None or d == o for d, o in zip(shape.as_list(), other.as_list()))


class TensorSpec(TypeSpec):
    """Describes a tensor: `shape` (dimensions may be None, or the rank unknown), `dtype`, `name`.

    `TensorSpec([2, None], tf.float32)` accepts any float32 tensor of shape (2, n).
    """

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of `tensor` (a Tensor): its shape and dtype, and `name`.

        Raises:
          ValueError: `tensor` is not a Tensor (a Variable is not, as in TF).
        """
        if not isinstance(tensor, Tensor):
            raise ValueError(f"`tensor` should be a tf.Tensor, but got type {type(tensor)}.")
        return cls(tensor.shape, tensor.dtype, name)

    @classmethod
    def from_spec(cls, spec, name=None):
        """A TensorSpec with `spec`'s shape and dtype, named `name` (or `spec`'s name)."""
        return cls(spec.shape, spec.dtype, name if name is not None else spec.name)

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self):
        return self._name

    @property
    def value_type(self):
        return Tensor

    def is_compatible_with(self, spec_or_tensor):
        """Whether a TensorSpec or Tensor has this dtype and a compatible shape (any other value,
        Variables included, is not compatible, as in TF)."""
        if not isinstance(spec_or_tensor, (TensorSpec, Tensor)):
            return False
        return (self._dtype == spec_or_tensor.dtype
                and self._shape.is_compatible_with(spec_or_tensor.shape))

    def is_subtype_of(self, other):
        """Whether every tensor this spec accepts is accepted by `other` (same name and dtype)."""
        return (type(other) is type(self) and self._name == other.name
                and self._dtype == other.dtype and _shape_subtype(self._shape, other.shape))

    def most_specific_common_supertype(self, others):
        """The most specific TensorSpec every one of `others` and `self` is a subtype of, or None
        if dtypes or names differ."""
        shape = self._shape
        for other in others:
            if type(other) is not type(self) or other.dtype != self._dtype or other.name != self._name:
                return None
            shape = shape.most_specific_compatible_shape(other.shape)
        return TensorSpec(shape, self._dtype, self._name)

    def __eq__(self, other):
        return (type(other) is type(self) and self._shape == other.shape
                and self._dtype == other.dtype and self._name == other.name)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        dims = None if self._shape.rank is None else tuple(self._shape.as_list())
        return hash((dims, self._dtype, self._name))

    def __repr__(self):
        shape = "<unknown>" if self._shape.rank is None else str(self._shape)
        return f"TensorSpec(shape={shape}, dtype={self._dtype!r}, name={self._name!r})"

    def __reduce__(self):
        return TensorSpec, (self._shape, self._dtype, self._name)


export(TypeSpec, "TypeSpec")
export(TensorSpec, "TensorSpec")
