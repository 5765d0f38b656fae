"""`tf.Variable`: named, mutable state. Reads are Tensors; tapes watch reads, not the Variable.

A Variable holds its value as a NumPy array that is replaced (never mutated) on assignment, so
Tensors read earlier keep the value they saw, as TensorFlow's reads do.

Lifetime: nothing in tapeviz keeps a Variable alive. Tapes, widgets and checkpoint bookkeeping
hold Variables through weak references only, so a Variable is freed with its last user reference.
Views that follow new Variables subscribe to `ctx.variable_created` (held weakly, like every
observer).
"""
import enum
import sys
import weakref

import numpy as np

from tapeviz.framework import dtypes, errors
from tapeviz.framework.api import export
from tapeviz.framework.context import ctx
from tapeviz.framework.convert import to_tensor
from tapeviz.framework.errors import shape_list
from tapeviz.framework.tensor import DEVICE, Reference, Tensor, numpy_repr
from tapeviz.framework.tensor_shape import TensorShape

_NO_INITIAL_VALUE = ("The `initial_value` arg to `tf.Variable` must be specified except when you "
                     "are not providing a `variable_def`. You provided neither.")



def _unshared(array):
    """True when only the caller's Variable references `array`: no Tensor from a read, no view
    (a view holds its base), no buffer export; so updating it in place cannot be observed."""
    return (type(array) is np.ndarray and array.base is None and array.flags.owndata
            and sys.getrefcount(array) <= _UNSHARED_REFS)


def _refs_when_unshared():
    """CPython's reference count of an array held by one object's attribute only, seen through
    the same path as `_update` (a local, then `_unshared`'s argument); measured, not assumed,
    since the interpreter's own counting differs between Python versions."""
    class Holder:
        pass
    holder = Holder()
    holder._value = np.empty(1)
    value = holder._value
    return _count(value)


def _count(array):
    return sys.getrefcount(array)


_UNSHARED_REFS = _refs_when_unshared()


class VariableSynchronization(enum.Enum):
    """Where a distributed Variable is synchronized (`tf.VariableSynchronization`); eager: AUTO."""
    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    """How distributed updates combine (`tf.VariableAggregation`); one replica here: NONE."""
    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3


def _inplace_error(op, method):
    """TF's RuntimeError for `v += x`-style statements (they would silently rebind `v`)."""
    def refuse(self, other):
        if method in ("assign_add", "assign_sub"):
            raise RuntimeError(
                f"`variable {op}= value` with `tf.Variable`s is not supported. Use "
                f"`variable.{method}(value)` to modify the variable, or `out = variable "
                f"{'+' if op == '+' else '*'} value` if you need to get a new output Tensor.")
        raise RuntimeError(
            f"`var {op}= value` with `tf.Variable`s is not supported. Use `var.assign(var {op} "
            f"value)` to modify the variable, or `out = var {op} value` if you need to get a new "
            "output Tensor.")
    return refuse


class Variable:
    """A mutable tensor-like value that persists across calls (`tf.Variable`)."""

    _is_variable = True
    __array_priority__ = 100

    def __new__(cls, *args, **kwargs):
        # `tf.Variable(...)` makes a ResourceVariable, as in TF (what `type(v).__name__` shows)
        return object.__new__(ResourceVariable if cls is Variable else cls)

    def __init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE, shape=None,
                 experimental_enable_variable_lifting=True):
        if initial_value is None:
            raise ValueError(_NO_INITIAL_VALUE)
        if constraint is not None and not callable(constraint):
            raise ValueError(f"Argument `constraint` must be None or a callable. a callable. "
                             f"Got a {type(constraint)}:  {constraint}")
        if name is not None and not isinstance(name, str):
            raise ValueError("name for name_scope must be a string.")
        dtype = None if dtype is None else dtypes.as_dtype(dtype)
        if callable(initial_value) and not isinstance(initial_value, (Tensor, Variable)):
            initial_value = initial_value()
        if isinstance(initial_value, Variable):
            if dtype is not None and dtype is not initial_value.dtype:
                raise ValueError(f"Incompatible type conversion requested to type {dtype.name} "
                                 f"for `tf.Variable of type {initial_value.dtype.name}. "
                                 f"(Variable: {initial_value!r})")
            initial_value = initial_value.read_value()
        try:
            value = to_tensor(initial_value, dtype)
        except ValueError as e:
            if isinstance(initial_value, Tensor):
                raise ValueError(f"initial_value: {e}") from None
            raise
        array = _frozen_copy(value._value)
        self._shape = TensorShape(array.shape) if shape is None else TensorShape(shape)
        if shape is not None and not self._shape.is_compatible_with(array.shape):
            supplied = None if self._shape.rank is None else self._shape.as_list()
            raise ValueError(f"In this `tf.Variable` creation, the initial value's shape "
                             f"({TensorShape(array.shape)}) is not compatible with the "
                             f"explicitly supplied `shape` argument ({supplied}).")
        self._value = array
        self._dtype = value.dtype
        self._trainable = True if trainable is None else trainable
        scope = ctx.scope
        base = name if name is not None else "Variable"
        self._name = f"{scope}/{base}:0" if scope else f"{base}:0"
        self._constraint = constraint
        self._synchronization = synchronization
        self._aggregation = aggregation
        for tape in ctx.recording:
            tape._on_create(self)
        if ctx.variable_created:
            ctx.variable_created.notify(self)

    # ---- attributes ----------------------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    trainable = property(lambda self: self._trainable)
    device = property(lambda self: DEVICE)
    constraint = property(lambda self: self._constraint)
    synchronization = property(lambda self: self._synchronization)
    aggregation = property(lambda self: self._aggregation)

    def get_shape(self):
        return self._shape

    @property
    def initial_value(self):
        raise RuntimeError("This property is not supported when eager execution is enabled.")

    @property
    def graph(self):
        raise AttributeError("Tensor.graph is undefined when eager execution is enabled.")

    @property
    def op(self):
        raise AttributeError("Tensor.op is undefined when eager execution is enabled.")

    def is_initialized(self, name=None):
        return Tensor(np.bool_(True))

    # ---- reading ---------------------------------------------------------------------------------
    def read_value(self):
        """The current value as a Tensor; recording tapes watch this read."""
        t = Tensor(self._value)
        for tape in ctx.recording:
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
        """Adds `delta` (same shape) in place; returns an UnreadVariable (or None)."""
        self._update("AssignAddVariableOp", np.add, delta)
        return _UnreadVariable(self) if read_value else None

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """Subtracts `delta` (same shape) in place; returns an UnreadVariable (or None)."""
        self._update("AssignSubVariableOp", np.subtract, delta)
        return _UnreadVariable(self) if read_value else None

    def _converted(self, value):
        if getattr(value, "_is_variable", False):
            value = value.read_value()
        return to_tensor(value, self._dtype)._value

    def _update(self, op_type, ufunc, delta):
        value = self._value
        if type(delta) is Tensor and delta._value.dtype == value.dtype and value.dtype.kind in "fc" \
                and delta._value.shape == value.shape:
            delta = delta._value      # a training step's update: nothing to convert or check
        else:
            delta = self._checked_delta(op_type, delta)
        if _unshared(value):
            # nothing else holds the array (no Tensor read it, no view, no inspector snapshot):
            # update it in place, as TF's kernel does, instead of allocating a new one per step
            value.flags.writeable = True
            ufunc(value, delta, out=value)
            value.flags.writeable = False
            return
        result = ufunc(value, delta)   # a fresh array of the same shape: no second copy
        self._restore_array(np.asarray(result, dtype=self._dtype.as_numpy_dtype))

    def _checked_delta(self, op_type, delta):
        delta = self._converted(delta)
        if not self._dtype.is_numeric:
            raise errors.InvalidArgumentError(
                None, op_type, f"No OpKernel was registered to support Op '{op_type}' used by "
                f"{{{{node {op_type}}}}} with these attrs: [dtype=DT_{self._dtype.name.upper()}]")
        if np.shape(delta) != self._value.shape:
            raise errors.kernel_error(
                op_type, f"Cannot update variable with shape {shape_list(self._value.shape)} using a "
                f"Tensor with shape {shape_list(np.shape(delta))}, shapes must be equal.", name="")
        return delta

    def _assign_new(self, array):
        """`assign(array)` for an array the caller just computed (an optimizer's step) that nobody
        else holds: installed as it is, without `assign`'s copy and without a read. Any other
        dtype or shape goes through `assign` (its conversion and checks)."""
        value = self._value
        if type(array) is type(value) and array.dtype == value.dtype and array.shape == value.shape:
            self._restore_array(array)
        else:
            self.assign(array, read_value=False)

    def _set(self, array):
        if self._dtype is not dtypes.string:
            array = np.asarray(array, dtype=self._dtype.as_numpy_dtype)
        else:
            array = np.asarray(array, dtype=object)
        if not self._shape.is_compatible_with(array.shape):
            raise ValueError(f"Cannot assign value to variable ' {self._name}': Shape mismatch."
                             f"The variable shape {self._shape}, and the assigned value shape "
                             f"{TensorShape(array.shape)} are incompatible.")
        self._value = _frozen_copy(array)

    def _restore_array(self, array):
        """Installs `array` (already checked: dtype, compatible shape) without another copy.

        For arrays nobody else holds: the checkpoint reader's freshly read array (a 200 MB
        restore costs one array, not two), or the result of `assign_add`/`assign_sub`.
        """
        if isinstance(array, np.ndarray):
            array.flags.writeable = False
        self._value = array

    __iadd__ = _inplace_error("+", "assign_add")
    __isub__ = _inplace_error("-", "assign_sub")
    __imul__ = _inplace_error("*", None)
    __itruediv__ = _inplace_error("/", None)
    __ipow__ = _inplace_error("**", None)

    def __setitem__(self, key, value):
        raise TypeError("'ResourceVariable' object does not support item assignment")

    # ---- slices and scatters ---------------------------------------------------------------------
    def _sliced(self, key, tensor):
        """The indexing hook: `v[key]` hands back `tensor` (the read slice) able to `.assign`.

        `tapeviz.ops.indexing` calls this with the Tensor it computed for `self[key]` (a strided
        slice read through the tape). For basic keys (ints, slices, Ellipsis, newaxis, scalar int
        tensors) the same object is returned, its class switched to `_VariableSlice`, whose
        `assign(value)` writes `value` into `self[key]` and returns an UnreadVariable of the whole
        Variable. The Variable is held weakly, so a recorded slice never keeps it alive.
        """
        if type(tensor) is not Tensor or _numpy_key(key) is None:
            return tensor
        tensor.__class__ = _VariableSlice
        tid = id(tensor)
        _SLICES[tid] = (weakref.ref(self), key, weakref.ref(tensor, lambda r: _forget_slice(tid, r)))
        return tensor

    def _assign_slice(self, key, value):
        np_key = _numpy_key(key)
        new = np.array(self._value, copy=True)
        target_shape = new[np_key].shape
        value = self._converted(value)
        try:
            value = np.broadcast_to(value, target_shape)
        except ValueError:
            raise errors.kernel_error(
                "ResourceStridedSliceAssign", f"Cannot broadcast input shape "
                f"{shape_list(np.shape(value))} into final shape {shape_list(target_shape)}",
                name="strided_slice/_assign") from None
        new[np_key] = value
        self._set(new)
        return _UnreadVariable(self)

    def scatter_nd_update(self, indices, updates, name=None):
        """Sets `self[indices[i]] = updates[i]`; returns an UnreadVariable."""
        return self._scatter_nd("ResourceScatterNdUpdate", None, indices, updates)

    def scatter_nd_add(self, indices, updates, name=None):
        return self._scatter_nd("ResourceScatterNdAdd", np.add, indices, updates)

    def scatter_nd_sub(self, indices, updates, name=None):
        return self._scatter_nd("ResourceScatterNdSub", np.subtract, indices, updates)

    def scatter_nd_max(self, indices, updates, name=None):
        return self._scatter_nd("ResourceScatterNdMax", np.maximum, indices, updates)

    def scatter_nd_min(self, indices, updates, name=None):
        return self._scatter_nd("ResourceScatterNdMin", np.minimum, indices, updates)

    def _scatter_nd(self, op_type, ufunc, indices, updates):
        idx = np.asarray(to_tensor(indices)._value)
        upd = self._converted(updates)
        k = idx.shape[-1] if idx.ndim else 0
        expect = idx.shape[:-1] + self._value.shape[k:]
        if np.shape(upd) != expect:
            outer = idx.ndim - 1
            raise errors.kernel_error(
                op_type, f"Dimensions [0,{outer}) of indices[shape={shape_list(idx.shape)}] = "
                f"{_first_dims(idx.shape, outer)} must match dimensions [0,{outer}) of "
                f"updates[shape={shape_list(np.shape(upd))}] = {_first_dims(np.shape(upd), outer)}")
        rows = idx.reshape(-1, k)
        for i, row in enumerate(rows):
            if k > self._value.ndim or any(not 0 <= r < d for r, d in zip(row, self._value.shape)):
                raise errors.kernel_error(op_type, f"indices[{i}] = {shape_list(row)} does not "
                                          f"index into shape {shape_list(self._value.shape)}")
        new = np.array(self._value, copy=True)
        where = tuple(rows.T)
        flat_upd = np.reshape(upd, (len(rows),) + self._value.shape[k:])
        if ufunc is None:
            new[where] = flat_upd
        else:
            ufunc.at(new, where, flat_upd)
        self._set(new)
        return _UnreadVariable(self)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Sets rows `sparse_delta.indices` to `sparse_delta.values` (an IndexedSlices)."""
        return self._scatter_rows(None, sparse_delta)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_rows(np.add, sparse_delta)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_rows(np.subtract, sparse_delta)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_rows(np.multiply, sparse_delta)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_rows(np.divide, sparse_delta)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_rows(np.maximum, sparse_delta)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter_rows(np.minimum, sparse_delta)

    def _scatter_rows(self, ufunc, sparse_delta):
        if not hasattr(sparse_delta, "indices") or not hasattr(sparse_delta, "values"):
            raise TypeError(f"sparse_delta is not IndexedSlices: {sparse_delta}")
        idx = np.asarray(to_tensor(sparse_delta.indices)._value).reshape(-1, 1)
        values = self._converted(sparse_delta.values)
        return self._scatter_nd("ResourceScatterUpdate" if ufunc is None else "ResourceScatterAdd",
                                ufunc, idx, np.reshape(values, (len(idx),) + self._value.shape[1:]))

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

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        copied = Variable(np.array(self._value, copy=True), trainable=self._trainable,
                          dtype=self._dtype, shape=self._shape, constraint=self._constraint)
        copied._name = self._name
        memo[id(self)] = copied
        return copied

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


def _first_dims(shape, n):
    return int(np.prod(shape[:n])) if n > 0 else 1


# ---- slices of Variables ----------------------------------------------------------------------

_SLICES = {}   # id(slice tensor) -> (weakref(variable), key, weakref(tensor))


def _forget_slice(tid, tensor_ref):
    entry = _SLICES.get(tid)
    if entry is not None and entry[2] is tensor_ref:
        del _SLICES[tid]


def _numpy_key(key):
    """`key` with Tensors turned into ints, or None when it is not a basic (strided) index."""
    parts = key if isinstance(key, tuple) else (key,)
    out = []
    for part in parts:
        if isinstance(part, slice):
            bounds = [_index(b) for b in (part.start, part.stop, part.step)]
            if any(b is False for b in bounds):
                return None
            out.append(slice(*bounds))
        elif part is None or part is Ellipsis:
            out.append(part)
        else:
            i = _index(part)
            if i is None or i is False:
                return None
            out.append(i)
    return tuple(out)


def _index(value):
    """An int for an int-like scalar, None for None, False for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, Tensor) or getattr(value, "_is_variable", False):
        arr = np.asarray(value._value)
        if arr.ndim == 0 and arr.dtype.kind in "iu":
            return int(arr)
    return False


class _VariableSlice(Tensor):
    """What `v[key]` returns: an ordinary eager Tensor (the slice's value) that can `.assign`."""

    __slots__ = ()

    def assign(self, val, name=None):
        """Writes `val` (broadcast to the slice's shape) into the Variable's slice."""
        entry = _SLICES.get(id(self))
        variable = entry[0]() if entry else None
        if variable is None:
            raise RuntimeError("The Variable this slice was read from no longer exists.")
        return variable._assign_slice(entry[1], val)


_VariableSlice.__name__ = _VariableSlice.__qualname__ = "EagerTensor"   # TF's type name


class ResourceVariable(Variable):
    """The class of every `tf.Variable(...)`; `tf.Variable` itself stays the base class."""


class _UnreadVariable(Variable):
    """What `assign*` returns: a view of the same Variable state, shown as 'UnreadVariable'."""

    def __init__(self, parent):   # no super().__init__: shares the parent's state
        self._parent = parent

    def __getattr__(self, name):
        return getattr(self.__dict__["_parent"], name)

    _value = property(lambda self: self._parent._value, lambda self, v: setattr(self._parent, "_value", v))
    _shape = property(lambda self: self._parent._shape)
    _dtype = property(lambda self: self._parent._dtype)
    _trainable = property(lambda self: self._parent._trainable)
    _name = property(lambda self: self._parent._name)
    name = property(lambda self: "UnreadVariable")

    def read_value(self):
        return self._parent.read_value()

    value = read_value

    def _set(self, array):
        self._parent._set(array)

    def _sliced(self, key, tensor):
        return self._parent._sliced(key, tensor)

    def __repr__(self):
        return (f"<tf.Variable 'UnreadVariable' shape={self._shape} dtype={self._dtype.name}, "
                f"numpy={numpy_repr(self._value)}>")

    __str__ = __repr__


export(VariableSynchronization, "VariableSynchronization")
export(VariableAggregation, "VariableAggregation")
