"""More of `tf.math`: `xlog1py`, `log_sigmoid`, `reciprocal_no_nan` and `invert_permutation`.

`Xlog1py` is a kernel of its own; the other two are TF's Python compositions of existing ops
(`-softplus(-x)` and `DivNoNan(1, x)`), so their errors name the op TF's do.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import defgrad, defop, nondifferentiable
from tapeviz.ops import math as M


def _np_xlog1py(x, y):
    with np.errstate(all="ignore"):
        return np.where(x == 0, np.zeros((), x.dtype), x * M.np_log1p(y)).astype(x.dtype, copy=False)


xlog1py = defop("Xlog1py", _np_xlog1py, dtypes=D.INEXACT, broadcasting=True, inputs="x, y",
                dtype_names="half, bfloat16, float, double, complex64, complex128")
defgrad(xlog1py, lambda g, z, x, y: g * xlog1py(M.cast(M.not_equal(x, 0.0), x.dtype), y),
        lambda g, z, x, y: g * M.xdivy(x, y + 1.0))


def log_sigmoid(x, name=None):
    """log(1 / (1 + exp(-x))), computed as `-softplus(-x)` so it neither overflows nor underflows."""
    x = convert_to_tensor(x)
    return M.negative(M.softplus(M.negative(x)))


def reciprocal_no_nan(x, name=None):
    """1 / x, but 0 where x is 0 (float and complex only, like TF's DivNoNan)."""
    x = convert_to_tensor(x)
    return M._div_no_nan(convert_to_tensor(1, dtype=x.dtype), x)


export(xlog1py, "math.xlog1py")
export(log_sigmoid, "math.log_sigmoid")
export(reciprocal_no_nan, "math.reciprocal_no_nan")


def _np_invert_permutation(x):
    if x.ndim != 1:
        raise errors.kernel_error("InvertPermutation", "invert_permutation expects a 1D vector.")
    n = x.shape[0]
    out = np.full(n, -1, x.dtype)
    for i, d in enumerate(x.tolist()):
        if not 0 <= d < n:
            raise errors.kernel_error("InvertPermutation", f"{d} is not between 0 and {n}")
        if out[d] >= 0:
            raise errors.kernel_error("InvertPermutation", f"{d} is duplicated in the input.")
        out[d] = i
    return out


invert_permutation = defop("InvertPermutation", _np_invert_permutation, dtypes=frozenset({D.int32, D.int64}),
                           inputs="x")
nondifferentiable(invert_permutation)
export(invert_permutation, "math.invert_permutation")
