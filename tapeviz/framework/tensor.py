"""The eager Tensor: an immutable NumPy value with TensorFlow's Python protocols.

Operators (`+`, `@`, `[]`, ...) are installed by `tapeviz.ops.overloads`, which owns the ops.
"""
import numpy as np

from tapeviz.framework import dtypes
from tapeviz.framework.tensor_shape import TensorShape

DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"
# NumPy members TF answers with the "enable numpy behavior" hint; others get a plain AttributeError
_NUMPY_ONLY = frozenset(("T", "astype", "ravel", "transpose", "reshape", "clip", "size", "tolist",
                         "data"))


_GRAPH_ONLY = frozenset(("name", "op", "graph", "value_index"))


def _numpy_hint(name):
    return (f"EagerTensor object has no attribute '{name}'. \n        If you are looking for "
            "numpy-related methods, please run the following:\n        "
            "tf.experimental.numpy.experimental_enable_numpy_behavior()\n      ")


class Tensor:
    """An eager tensor (TF's `EagerTensor`): a concrete value that never changes.

    `type(t).__name__` is "EagerTensor", as in TensorFlow; `tf.Tensor` is this class.
    """

    __slots__ = ("_value", "__weakref__", "__dict__")
    __array_priority__ = 100
    _is_variable = False    # found on the class: `getattr(t, "_is_variable", False)` never reaches
                            # __getattr__, which builds an AttributeError with TF's message

    def __init__(self, value):
        self._value = value

    # ---- attributes ------------------------------------------------------------------------
    @property
    def shape(self):
        return TensorShape._of_array(self._value.shape)

    def get_shape(self):
        return self.shape

    def set_shape(self, shape):
        """Checks that `shape` is compatible (an eager tensor's shape never changes)."""
        shape = TensorShape(shape)
        if not shape.is_compatible_with(self._value.shape):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied "
                             f"shape {shape}.")

    @property
    def dtype(self):
        return dtypes.of_array(self._value)

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def device(self):
        return DEVICE

    backing_device = device

    @property
    def is_packed(self):
        return False

    def consumers(self):
        raise NotImplementedError("Tensor.consumers is undefined when eager execution is enabled.")

    @property
    def _id(self):
        return id(self)

    def numpy(self):
        """The value as a NumPy array (a writeable copy), or a NumPy scalar (bytes) for rank 0."""
        v = self._value
        if v.ndim == 0:
            return v[()] if isinstance(v, np.ndarray) else v
        return v.copy()

    def cpu(self):
        return self

    def __array__(self, dtype=None, copy=None):
        """NumPy's view of the value: read-only unless a copy or another dtype is asked for."""
        v = np.asarray(self._value)
        if dtype is not None and v.dtype != dtype:
            return v.astype(dtype)
        if copy:
            return v.copy()
        v = v.view()
        v.flags.writeable = False
        return v

    def eval(self, *args, **kwargs):
        raise NotImplementedError("eval is not supported when eager execution is enabled, "
                                  "is .numpy() what you're looking for?")

    def ref(self):
        return Reference(self)

    experimental_ref = ref

    def __getattr__(self, name):   # only reached for missing attributes
        if name in _GRAPH_ONLY:
            raise AttributeError(f"Tensor.{name} is undefined when eager execution is enabled.")
        if name in _NUMPY_ONLY:
            raise AttributeError(_numpy_hint(name))
        raise AttributeError(f"'tensorflow.python.framework.ops.EagerTensor' object has no "
                             f"attribute '{name}'")

    # ---- Python protocols --------------------------------------------------------------------
    def __len__(self):
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def __bool__(self):
        v = self._value
        if v.ndim and v.size == 0:
            return False
        return bool(v)

    def __float__(self):
        return float(_scalar(self._value))

    def __int__(self):
        return int(_scalar(self._value))

    def __complex__(self):
        return complex(_scalar(self._value))

    def __index__(self):
        v = self._value
        if v.dtype.kind not in "iu":
            raise AttributeError(f"'numpy.{v.dtype.name}' object has no attribute '__index__'")
        return _scalar(v).__index__()

    def __round__(self, ndigits=None):
        raise AttributeError(_numpy_hint("astype"))

    def __format__(self, spec):
        v = self._value
        if v.ndim == 0:
            return format(v[()] if isinstance(v, np.ndarray) else v, spec)
        return format(v, spec)

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def __setitem__(self, key, value):
        raise TypeError("'tensorflow.python.framework.ops.EagerTensor' object does not support "
                        "item assignment")

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return Tensor(self._value)     # the value is never mutated, so sharing it is safe

    def __reduce__(self):
        return _rebuild, (self.numpy(),)

    def __repr__(self):
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={numpy_repr(self._value)}>"

    def __str__(self):
        text = str(self._value)
        sep = "\n" if "\n" in text else ""
        return f"tf.Tensor({sep}{text}, shape={self.shape}, dtype={self.dtype.name})"


Tensor.__name__ = Tensor.__qualname__ = "EagerTensor"   # what type(t).__name__ shows in TF
EagerTensor = Tensor


def _rebuild(value):
    return Tensor(np.asarray(value))


def _scalar(value):
    if value.ndim != 0:
        raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
    return value[()] if isinstance(value, np.ndarray) else value


def numpy_repr(value):
    """The `numpy=` part of a Tensor or Variable repr, as TensorFlow prints it.

    Scalars show as Python values (a float32 0.1 shows its widened value 0.10000000149011612);
    arrays show NumPy's repr, put on a new line when that repr spans several lines.
    """
    if value.ndim == 0:
        item = _scalar(value)
        return repr(item if value.dtype.kind == "O" else item.item())
    text = repr(value)
    return "\n" + text if "\n" in text else text


class Reference:
    """A hashable reference to a Tensor or Variable (`t.ref()`), compared by identity."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self):
        return id(self._obj)

    def __eq__(self, other):
        return isinstance(other, Reference) and other._obj is self._obj

    def __repr__(self):
        return f"<Reference wrapping {self._obj!r}>"


def is_tensor(x):
    """True for Tensors, Variables and composite tensors such as SparseTensor (`tf.is_tensor`)."""
    return isinstance(x, Tensor) or getattr(x, "_is_variable", False) or getattr(x, "_is_composite_tensor", False)
