"""The eager Tensor: an immutable NumPy value with TensorFlow's Python protocols.

Operators (`+`, `@`, `[]`, ...) are installed by `tapeviz.ops.overloads`, which owns the ops.
"""
import numpy as np

from tapeviz.framework import dtypes
from tapeviz.framework.tensor_shape import TensorShape

DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"
_NUMPY_ONLY = ("T", "reshape", "astype", "size", "ravel", "clip", "tolist", "transpose",
               "flatten", "squeeze", "mean", "var", "std", "ptp", "item", "nonzero")


class Tensor:
    """An eager tensor (TF's `EagerTensor`): a concrete value that never changes."""

    __slots__ = ("_value", "__weakref__")
    __array_priority__ = 100

    def __init__(self, value):
        self._value = value

    # ---- attributes ------------------------------------------------------------------------
    @property
    def shape(self):
        return TensorShape(self._value.shape)

    def get_shape(self):
        return self.shape

    @property
    def dtype(self):
        return dtypes.of_array(self._value)

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def device(self):
        return DEVICE

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def _id(self):
        return id(self)

    def numpy(self):
        """The value as a NumPy array (a copy), or a NumPy scalar for rank 0."""
        v = self._value
        if v.ndim == 0:
            return v[()] if isinstance(v, np.ndarray) else v
        return v.copy()

    def __array__(self, dtype=None, copy=None):
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

    def __getattr__(self, name):
        if name in _NUMPY_ONLY:
            raise AttributeError(
                f"EagerTensor object has no attribute '{name}'. \n        If you are looking for "
                "numpy-related methods, please run the following:\n        "
                "tf.experimental.numpy.experimental_enable_numpy_behavior()\n      ")
        raise AttributeError(f"'EagerTensor' object has no attribute '{name}'")

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
        return bool(self._value)

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
        return Tensor(np.array(self._value, copy=True))

    def __reduce__(self):
        return _rebuild, (self.numpy(),)

    def __repr__(self):
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={numpy_repr(self._value)}>"

    def __str__(self):
        v = self._value
        text = _bytes_str(v) if v.dtype.kind == "O" else str(v)
        sep = "\n" if v.ndim >= 2 else ""
        return f"tf.Tensor({sep}{text}, shape={self.shape}, dtype={self.dtype.name})"


EagerTensor = Tensor


def _rebuild(value):
    return Tensor(np.asarray(value))


def _scalar(value):
    if value.ndim != 0:
        raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
    return value[()] if isinstance(value, np.ndarray) else value


def _bytes_str(value):
    if value.ndim == 0:
        return repr(_scalar(value))
    return np.array2string(value, separator=" ", formatter={"object": repr})


def numpy_repr(value):
    """The `numpy=` part of a Tensor or Variable repr, as TensorFlow prints it."""
    if value.ndim == 0:
        return repr(_scalar(value).item()) if value.dtype.kind != "O" else repr(_scalar(value))
    text = repr(value) if value.dtype.kind != "O" else (
        "array(" + np.array2string(value, separator=", ", formatter={"object": repr}) +
        ", dtype=object)")
    return ("\n" if value.ndim >= 2 else "") + text


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
    """True for Tensors and Variables (`tf.is_tensor`)."""
    return isinstance(x, Tensor) or getattr(x, "_is_variable", False)
