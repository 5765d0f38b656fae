"""Python operators on Tensors and Variables (`+`, `*`, `@`, `==`, ...), as TF's math_ops installs them.

Forward forms pass `other` to the op, which converts it to `self`'s dtype (TypeError when it
cannot, e.g. `int_tensor * 1.5`). Reflected forms first convert `other` to `self`'s dtype (TF's
`r_binary_op_wrapper`), so `1.5 + int_tensor` raises TypeError. `int_tensor + 1.5` alone raises
InvalidArgumentError, through `tf.add`'s own conversion. The hot paths (a float Tensor with a
Python float) go straight to the op.
"""
import types

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import DEFERRED
from tapeviz.framework.convert import to_tensor
from tapeviz.framework.errors import InvalidArgumentError
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.variables import Variable
from tapeviz.ops import linalg as L
from tapeviz.ops import math as M

_add, _sub, _mul, _realdiv = M._add, M.subtract, M.multiply, M._realdiv
_floordiv, _floormod, _pow = M.floordiv, M.floormod, M.pow


def _lhs(self, other):
    """`other` converted to `self`'s dtype: the left operand of a reflected operator."""
    if (type(other) is float or type(other) is int) and type(self) is Tensor:
        dt = self._value.dtype
        if dt.kind == "f":
            return Tensor(dt.type(other))
    return to_tensor(other, self.dtype)


def _num(self, other):
    """A Python int next to a float Tensor becomes a float, so the op's fast path takes it."""
    if type(other) is int and type(self) is Tensor and self._value.dtype.kind == "f":
        return float(other)
    return other


def _is_bool(x):
    return x.dtype is D.bool


# ---- arithmetic ----------------------------------------------------------------------------------
def __add__(self, other):
    if type(other) is int:
        other = _num(self, other)
    try:
        return _add(self, other)
    except TypeError:          # `int_tensor + 1.5`: tf.add's conversion, then an IAE from AddV2
        return M.add(self, other)
    except InvalidArgumentError:
        if self.dtype is D.string:
            return M.add(self, other)
        raise


def __radd__(self, other):
    return M.add(_lhs(self, other), self)


def __sub__(self, other):
    if type(other) is int:
        other = _num(self, other)
    return _sub(self, other)


def __rsub__(self, other):
    return _sub(_lhs(self, other), self)


def __mul__(self, other):
    if type(other) is int:
        other = _num(self, other)
    elif ("__mul__", type(other)) in DEFERRED:
        return DEFERRED["__mul__", type(other)](self, other)
    try:
        return _mul(self, other)
    except InvalidArgumentError:
        if _is_bool(self):     # bool * bool is a logical and
            return M.logical_and(self, other)
        raise


def __rmul__(self, other):
    x = _lhs(self, other)
    if _is_bool(self):
        return M.logical_and(x, self)
    return _mul(x, self)


def __truediv__(self, other):
    if ("__truediv__", type(other)) in DEFERRED:
        return DEFERRED["__truediv__", type(other)](self, other)
    other = _num(self, other)
    if type(self) is Tensor and self._value.dtype.kind in "fc" and (
            type(other) is float or (type(other) is Tensor and other._value.dtype == self._value.dtype)):
        return _realdiv(self, other)
    return M.truediv(self, other)


def __rtruediv__(self, other):
    return M.truediv(_lhs(self, other), self)


def __floordiv__(self, other):
    return _floordiv(self, other)


def __rfloordiv__(self, other):
    return _floordiv(_lhs(self, other), self)


def __mod__(self, other):
    return _floormod(self, other)


def __rmod__(self, other):
    return _floormod(_lhs(self, other), self)


def __pow__(self, other):
    other = _num(self, other)
    return _pow(self, other)


def __rpow__(self, other):
    return _pow(_lhs(self, other), self)


def __matmul__(self, other):
    return L.matmul(self, other)


def __rmatmul__(self, other):
    return L.matmul(_lhs(self, other), self)


def __neg__(self):
    return M.negative(self)


def __abs__(self):
    return M.abs(self)


def __pos__(self):
    name = "tensorflow.python.framework.ops.EagerTensor" if type(self) is Tensor else "ResourceVariable"
    raise TypeError(f"bad operand type for unary +: '{name}'")


# ---- logic and bits ------------------------------------------------------------------------------
def _logic(name, logical, bitwise):
    def forward(self, other):
        if (name, type(other)) in DEFERRED:
            return DEFERRED[name, type(other)](self, other)
        return logical(self, other) if _is_bool(self) else bitwise(self, other)

    def reflected(self, other):
        x = _lhs(self, other)
        return logical(x, self) if _is_bool(self) else bitwise(x, self)
    return forward, reflected


__and__, __rand__ = _logic("__and__", M.logical_and, M.bitwise_and)
__or__, __ror__ = _logic("__or__", M.logical_or, M.bitwise_or)
__xor__, __rxor__ = _logic("__xor__", M.logical_xor, M.bitwise_xor)


def __invert__(self):
    return M.logical_not(self) if _is_bool(self) else M.invert(self)


# ---- comparisons ---------------------------------------------------------------------------------
def __lt__(self, other):
    other = _num(self, other)
    return M.less(self, other)


def __le__(self, other):
    other = _num(self, other)
    return M.less_equal(self, other)


def __gt__(self, other):
    other = _num(self, other)
    return M.greater(self, other)


def __ge__(self, other):
    other = _num(self, other)
    return M.greater_equal(self, other)


def _tensor_eq(self, other):
    """Elementwise ==; `t == None` is False and incompatible shapes give a scalar False."""
    if other is None:
        return False
    return M.equal(self, other, incompatible_shape_error=False)


def _tensor_ne(self, other):
    if other is None:
        return True
    return M.not_equal(self, other, incompatible_shape_error=False)


def _variable_eq(self, other):
    """A Variable converts `None` like any value (ValueError), unlike a Tensor."""
    return M.equal(self, other, incompatible_shape_error=False)


def _variable_ne(self, other):
    return M.not_equal(self, other, incompatible_shape_error=False)


_OPERATORS = {name: fn for name, fn in globals().items()
              if name.startswith("__") and name.endswith("__") and isinstance(fn, types.FunctionType)}


def install(cls):
    for name, fn in _OPERATORS.items():
        setattr(cls, name, fn)


install(Tensor)
install(Variable)
Tensor.__eq__, Tensor.__ne__ = _tensor_eq, _tensor_ne
Variable.__eq__, Variable.__ne__ = _variable_eq, _variable_ne
