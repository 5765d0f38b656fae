"""`tf.Variable`: named, mutable state. Reads are Tensors; tapes watch reads, not the Variable.

A Variable holds its value as a NumPy array that is replaced (never mutated) on assignment, so
Tensors read earlier keep the value they saw, as TensorFlow's reads do.
"""
import numpy as np

from tapeviz.framework import context, dtypes
from tapeviz.framework.convert import to_tensor
from tapeviz.framework.tensor import DEVICE, Reference, Tensor, numpy_repr
from tapeviz.framework.tensor_shape import TensorShape

creation_observers = []   # callables(variable) told of every new Variable (the inspector's feed)


class Variable:
    """A mutable tensor-like value that persists across calls (`tf.Variable`)."""

    _is_variable = True
    __array_priority__ = 100

    def __init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=None, aggregation=None, shape=None, experimental_enable_variable_lifting=True):
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except "
                             "when you are not providing a `variable_def`. You provided neither.")
        if callable(initial_value) and not isinstance(initial_value, (Tensor, Variable)):
            initial_value = initial_value()
        dtype = None if dtype is None else dtypes.as_dtype(dtype)
        if isinstance(initial_value, Variable):
            initial_value = initial_value.read_value()
        try:
            value = to_tensor(initial_value, dtype)
        except ValueError as e:
            if isinstance(initial_value, Tensor):
                raise ValueError(f"initial_value: {e}") from None
            raise
        self._value = _frozen_copy(value._value)
        self._shape = TensorShape(self._value.shape) if shape is None else TensorShape(shape)
        if shape is not None and not self._shape.is_compatible_with(self._value.shape):
            raise ValueError(f"In this `tf.Variable` creation, the initial value's shape "
                             f"({TensorShape(self._value.shape)}) is not compatible with the "
                             f"explicitly supplied `shape` argument ({self._shape.as_list() if self._shape.rank is not None else None}).")
        self._dtype = value.dtype
        self._trainable = True if trainable is None else bool(trainable)
        scope = context.scope_stack[-1]
        base = name if name is not None else "Variable"
        self._name = f"{scope}/{base}:0" if scope else f"{base}:0"
        self._constraint = constraint
        self.grad_norm = None      # set by optimizers and the inspector
        for tape in context.recording:
            tape._on_create(self)
        for observer in list(creation_observers):
            observer(self)

    # ---- attributes ----------------------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    trainable = property(lambda self: self._trainable)
    device = property(lambda self: DEVICE)
    constraint = property(lambda self: self._constraint)

    def get_shape(self):
        return self._shape

    @property
    def initial_value(self):
        raise RuntimeError("This property is not supported when eager execution is enabled.")

    # ---- reading ---------------------------------------------------------------------------------
    def read_value(self):
        """The current value as a Tensor; recording tapes watch this read."""
        t = Tensor(self._value)
        for tape in context.recording:
            tape._on_read(self, t)
        return t

    value = read_value

    def numpy(self):
        v = self._value
        return (v[()] if isinstance(v, np.ndarray) else v) if v.ndim == 0 else v.copy()

    def __array__(self, dtype=None, copy=None):
        v = np.array(self._value, copy=True)
        return v if dtype is None else v.astype(dtype)

    def __tf_tensor__(self, dtype=None):
        return self.read_value()

    # ---- writing ---------------------------------------------------------------------------------
    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Sets the value in place; returns an UnreadVariable (or None with read_value=False)."""
        self._set(self._converted(value))
        return _UnreadVariable(self) if read_value else None

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        self._set(self._value + self._converted(delta))
        return _UnreadVariable(self) if read_value else None

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        self._set(self._value - self._converted(delta))
        return _UnreadVariable(self) if read_value else None

    def _converted(self, value):
        if getattr(value, "_is_variable", False):
            value = value.read_value()
        return to_tensor(value, self._dtype)._value

    def _set(self, array):
        array = np.asarray(array, dtype=self._dtype.as_numpy_dtype) if self._dtype is not dtypes.string else array
        if not self._shape.is_compatible_with(array.shape):
            raise ValueError(f"Cannot assign value to variable ' {self._name}': Shape mismatch."
                             f"The variable shape {self._shape}, and the assigned value shape "
                             f"{TensorShape(array.shape)} are incompatible.")
        self._value = _frozen_copy(array)

    def __iadd__(self, other):
        raise RuntimeError("`variable += value` with `tf.Variable`s is not supported. Use "
                           "`variable.assign_add(value)` to modify the variable, or `out = "
                           "variable + value` if you need to get a new output Tensor.")

    def __isub__(self, other):
        raise RuntimeError("`variable -= value` with `tf.Variable`s is not supported. Use "
                           "`variable.assign_sub(value)` to modify the variable, or `out = "
                           "variable - value` if you need to get a new output Tensor.")

    def __setitem__(self, key, value):
        raise TypeError("'ResourceVariable' object does not support item assignment")

    # ---- Python protocols ------------------------------------------------------------------------
    def __len__(self):
        raise TypeError("object of type 'ResourceVariable' has no len()")

    def __iter__(self):
        return iter(self.read_value())

    def __bool__(self):
        return bool(self.read_value())

    def __float__(self):
        return float(self.read_value())

    def __int__(self):
        return int(self.read_value())

    def __index__(self):
        raise TypeError("'ResourceVariable' object cannot be interpreted as an integer")

    def __format__(self, spec):
        if spec:
            raise TypeError("unsupported format string passed to ResourceVariable.__format__")
        return repr(self)

    def __hash__(self):
        raise TypeError(f"Variable is unhashable. Instead, use variable.ref() as the key. "
                        f"(Variable: {self!r})")

    def ref(self):
        return Reference(self)

    experimental_ref = ref

    def __repr__(self):
        return (f"<tf.Variable '{self._name}' shape={self._shape} dtype={self._dtype.name}, "
                f"numpy={numpy_repr(self._value)}>")

    __str__ = __repr__


def _frozen_copy(array):
    if isinstance(array, np.generic):
        return array
    array = np.array(array, copy=True)
    array.flags.writeable = False
    return array


class _UnreadVariable(Variable):
    """What `assign*` returns: a view of the same Variable state, shown as 'UnreadVariable'."""

    def __init__(self, parent):   # noqa: no super().__init__: shares the parent's state
        self._parent = parent

    def __getattr__(self, name):
        return getattr(self.__dict__["_parent"], name)

    _value = property(lambda self: self._parent._value, lambda self, v: setattr(self._parent, "_value", v))
    _shape = property(lambda self: self._parent._shape)
    _dtype = property(lambda self: self._parent._dtype)
    _trainable = property(lambda self: self._parent._trainable)
    _name = property(lambda self: self._parent._name)

    def read_value(self):
        return self._parent.read_value()

    value = read_value

    def _set(self, array):
        self._parent._set(array)

    def __repr__(self):
        return (f"<tf.Variable 'UnreadVariable' shape={self._shape} dtype={self._dtype.name}, "
                f"numpy={numpy_repr(self._value)}>")

    __str__ = __repr__
