"""`tnp.experimental_enable_numpy_behavior()`: NumPy methods on Tensors (`T`, `reshape`, `ravel`,
`astype`, `clip`, `mean`, ...), NumPy's type promotion in Tensor operators (int32 + float32 is
float64), and NumPy indexing (integer arrays, lists, boolean masks) on Tensors.

As in TF the switch is global and has no public off; `_disable()` restores the plain Tensor
(tests use it so one test's switch does not leak into the next).
"""
import numpy as np

import tapeviz as tf
from tapeviz.experimental.numpy import _dtypes as T
from tapeviz.experimental.numpy import _math, _shapes
from tapeviz.experimental.numpy._arrays import asarray
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.variables import Variable
from tapeviz.ops import indexing, overloads

_saved = {}     # attribute name -> the Tensor's own value (or None: it had none)


def _reshape_method(self, *shape, order="C"):
    """`t.reshape(2, 3)` or `t.reshape((2, 3))`, as NumPy takes it."""
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = shape[0]
    return _shapes.reshape(self, shape, order)


def _transpose_method(self, *axes):
    if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
        axes = axes[0]
    return _shapes.transpose(self, axes or None)


def _tolist(self):
    return self._value.tolist()


def _round(self, ndigits=None):
    return _math.around(self, ndigits or 0)


_METHODS = {
    "T": property(lambda self: _shapes.transpose(self)),
    "size": property(lambda self: np.int64(self._value.size)),
    "data": property(lambda self: self),
    "__pos__": lambda self: self,
    "tolist": _tolist,
    "transpose": _transpose_method,
    "flatten": lambda self, order="C": _shapes.ravel(self),
    "reshape": _reshape_method,
    "ravel": lambda self: _shapes.ravel(self),
    "clip": lambda self, a_min=None, a_max=None: _math.clip(self, a_min, a_max),
    "astype": lambda self, dtype: tf.cast(self, tf.as_dtype(T.np_dtype(dtype))),
    "__round__": _round,
    "max": lambda self, axis=None, keepdims=None: _math.amax(self, axis, keepdims=keepdims),
    "min": lambda self, axis=None, keepdims=None: _math.amin(self, axis, keepdims=keepdims),
    "mean": lambda self, axis=None, dtype=None, keepdims=None: _math.mean(self, axis, dtype, keepdims=keepdims),
}

# ---- operators with NumPy's promotion -------------------------------------------------------------
_BINARY = ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__",
           "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__", "__matmul__",
           "__rmatmul__", "__lt__", "__le__", "__gt__", "__ge__", "__and__", "__rand__", "__or__", "__ror__",
           "__xor__", "__rxor__")


def _needs_promotion(x, other):
    if isinstance(other, (Tensor, Variable)):
        return other.dtype is not x.dtype
    if isinstance(other, (np.ndarray, np.generic)):
        return True
    return isinstance(other, (bool, int, float, complex))


def _promoting(name, plain):
    def operator(self, other):
        if _needs_promotion(self, other):
            try:
                target = T.result_type(self, other)
            except (TypeError, ValueError):
                return plain(self, other)
            return plain(_math._cast(self, target), _math._cast(asarray(other), target))
        return plain(self, other)
    operator.__name__ = name
    return operator


def _true_divide(self, other):
    return _math.true_divide(self, other)


def _rtrue_divide(self, other):
    return _math.true_divide(other, self)


# ---- NumPy indexing -------------------------------------------------------------------------------
def _is_advanced(item):
    if isinstance(item, (list, np.ndarray)):
        return True
    if isinstance(item, tuple):
        return True
    if isinstance(item, Tensor):
        return item.ndim > 0 or item.dtype is tf.bool
    return False


def _numpy_getitem(self, key):
    """Basic indexing as TF's strided slice; any integer array, list, tuple or boolean mask in
    the key as NumPy reads it, computed as one gather of the flat positions (so the gradient is
    the gather's)."""
    parts = key if isinstance(key, tuple) else (key,)
    if not any(_is_advanced(p) for p in parts):
        return indexing.getitem(self, key)
    x = self.read_value() if getattr(self, "_is_variable", False) else self
    np_key = tuple(p._value if isinstance(p, Tensor) else np.asarray(p) if isinstance(p, (list, tuple)) else p
                   for p in parts)
    positions = np.arange(x._value.size, dtype=np.int64).reshape(x._value.shape)[np_key]
    return tf.gather(tf.reshape(x, [-1]), positions)


def enable(prefer_float32=False, dtype_conversion_mode="legacy"):
    """Turns NumPy behavior on for every Tensor (see the module docstring)."""
    if dtype_conversion_mode not in ("legacy", "off", "safe", "all"):
        raise ValueError(f"Unsupported dtype_conversion_mode: {dtype_conversion_mode}")
    if dtype_conversion_mode in ("safe", "all"):
        raise NotImplementedError("tapeviz implements NumPy behavior with dtype_conversion_mode='legacy' only")
    T.set_prefer_float32(prefer_float32)
    if _saved:
        return
    overrides = dict(_METHODS)
    if dtype_conversion_mode == "legacy":
        for name in _BINARY:
            overrides[name] = _promoting(name, getattr(overloads, name))
        overrides["__truediv__"], overrides["__rtruediv__"] = _true_divide, _rtrue_divide
    overrides["__getitem__"] = _numpy_getitem
    for name, value in overrides.items():
        _saved[name] = Tensor.__dict__.get(name)
        setattr(Tensor, name, value)


def _disable():
    """Restores the plain Tensor (for tests: TF itself has no way back)."""
    for name, value in _saved.items():
        if value is None:
            delattr(Tensor, name)
        else:
            setattr(Tensor, name, value)
    _saved.clear()
    T.set_prefer_float32(False)
