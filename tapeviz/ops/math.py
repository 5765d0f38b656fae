"""Elementwise math, reductions and matrix products (`tf.math`, `tf.linalg`)."""
import numpy as np

from tapeviz.framework.api import export
from tapeviz.framework.dtypes import INEXACT, NUMERIC
from tapeviz.framework.registry import defgrad, defop
from tapeviz.ops._util import axes, broadcasting

# ---- arithmetic --------------------------------------------------------------------------------
_add = defop("AddV2", broadcasting("AddV2", np.add), dtypes=NUMERIC, broadcasting=True)
defgrad(_add, lambda g, y, a, b: g, lambda g, y, a, b: g)

multiply = defop("Mul", broadcasting("Mul", np.multiply), dtypes=NUMERIC, broadcasting=True, inputs="x, y")
defgrad(multiply, lambda g, y, a, b: g * b, lambda g, y, a, b: g * a)

subtract = defop("Sub", broadcasting("Sub", np.subtract), dtypes=NUMERIC, broadcasting=True, inputs="x, y")
defgrad(subtract, lambda g, y, a, b: g, lambda g, y, a, b: -g)

negative = defop("Neg", np.negative, dtypes=NUMERIC, inputs="x")
defgrad(negative, lambda g, y, x: -g)


def add(x, y, name=None):
    """x + y elementwise (`tf.add`): `x` fixes the dtype; `y` converts to it where it can."""
    from tapeviz.framework.convert import convert_to_tensor
    x = convert_to_tensor(x)
    return _add(x, convert_to_tensor(y, dtype_hint=x.dtype))


# ---- elementwise functions -----------------------------------------------------------------------
sin = defop("Sin", np.sin, dtypes=INEXACT, inputs="x")
defgrad(sin, lambda g, y, x: g * cos(x))

cos = defop("Cos", np.cos, dtypes=INEXACT, inputs="x")
defgrad(cos, lambda g, y, x: -g * sin(x))


# ---- reductions ----------------------------------------------------------------------------------
def _np_sum(x, axis=None, keepdims=False):
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


_sum = defop("Sum", _np_sum, dtypes=NUMERIC)


def _sum_grad(g, y, x, axis=None, keepdims=False):
    from tapeviz.ops.array import broadcast_to, reshape
    shape = x._value.shape
    if not keepdims and axis != ():
        kept = [1 if axis is None or i in axis else d for i, d in enumerate(shape)]
        g = reshape(g, kept)
    return broadcast_to(g, shape)


defgrad(_sum, _sum_grad)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum over `axis` (all axes by default), keeping reduced axes as size 1 with `keepdims`."""
    from tapeviz.framework.convert import convert_to_tensor
    x = convert_to_tensor(input_tensor)
    return _sum(x, axis=axes(axis, x.ndim, "Sum"), keepdims=bool(keepdims))


export(add, "add", "math.add")
export(multiply, "multiply", "math.multiply")
export(subtract, "subtract", "math.subtract")
export(negative, "negative", "math.negative")
export(sin, "sin", "math.sin")
export(cos, "cos", "math.cos")
export(reduce_sum, "reduce_sum", "math.reduce_sum")
