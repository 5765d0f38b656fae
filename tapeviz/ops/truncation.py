"""Division rounding toward zero (`tf.truncatediv`, `tf.truncatemod`), as C++ `/` and `%` do.

Integer division by zero is an `InternalError` in TF (its kernel reports only FloorDiv's and
FloorMod's zero divisors as invalid arguments). TruncateDiv has no CPU kernel for complex types
and TruncateMod none for half: both raise `NotFoundError` like TF.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.registry import defop, nondifferentiable, unregistered_gradient
from tapeviz.ops._util import quiet

_ZERO_DIVISOR = "Unexpected error in binary operator (only integer div and mod should have errors)"


def _check_divisor(op_type, a, b):
    # only divisors that meet an element count: an empty x divided by 0 is fine
    if b.dtype.kind in "iu" and not np.all(np.broadcast_to(b, np.broadcast_shapes(a.shape, b.shape))):
        raise errors.kernel_error(op_type, _ZERO_DIVISOR, name="", cls=errors.InternalError)


def _np_truncatediv(a, b):
    if a.dtype.kind == "f":
        return np.trunc(np.true_divide(a, b)).astype(a.dtype, copy=False)
    _check_divisor("TruncateDiv", a, b)
    q = np.floor_divide(a, b)
    # floor and truncation differ by one where the division is inexact and the signs differ
    return (q + ((np.remainder(a, b) != 0) & ((a < 0) != (b < 0)))).astype(a.dtype, copy=False)


def _np_truncatemod(a, b):
    _check_divisor("TruncateMod", a, b)
    return np.fmod(a, b)


truncatediv = defop("TruncateDiv", quiet(_np_truncatediv), dtypes=D.NUMERIC, broadcasting=True,
                    inputs="x, y", no_kernel=D.COMPLEX,
                    dtype_names="bfloat16, half, float, double, uint8, int8, uint16, "
                                              "int16, int32, uint32, uint64, int64, complex64, complex128")
nondifferentiable(truncatediv)   # TF registers no gradient for it either way: tape.gradient gives None

truncatemod = defop("TruncateMod", quiet(_np_truncatemod), dtypes=D.FLOATING | {D.int32, D.int64},
                    broadcasting=True, inputs="x, y", no_kernel=frozenset({D.float16}),
                    dtype_names="int32, int64, bfloat16, half, float, double")
unregistered_gradient(truncatemod)   # TF: LookupError "gradient registry has no entry for: TruncateMod"

export(truncatediv, "truncatediv", "math.truncatediv")
export(truncatemod, "truncatemod", "math.truncatemod")
