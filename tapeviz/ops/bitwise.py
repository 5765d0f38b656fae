"""Bit shifts (`tf.bitwise.left_shift`, `tf.bitwise.right_shift`).

TF's kernels clamp the shift to `[0, bits - 1]` before shifting, so shifting an int8 by 9 is
shifting it by 7 and a negative shift leaves the value unchanged; right shifts of signed types
are arithmetic. `and`, `or`, `xor` and `invert` live with the logical ops in `tapeviz/ops/math.py`.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.registry import defop, nondifferentiable

_SHIFT_TYPES = "int8, int16, int32, int64, uint8, uint16, uint32, uint64"


def _np_shift(shift):
    def forward(x, y):
        bits = np.dtype(x.dtype).itemsize * 8
        return shift(x, np.clip(y, 0, bits - 1).astype(x.dtype, copy=False)).astype(x.dtype, copy=False)
    return forward


left_shift = defop("LeftShift", _np_shift(np.left_shift), dtypes=D.INTEGER, broadcasting=True,
                   inputs="x, y", dtype_names=_SHIFT_TYPES)
nondifferentiable(left_shift)

right_shift = defop("RightShift", _np_shift(np.right_shift), dtypes=D.INTEGER, broadcasting=True,
                    inputs="x, y", dtype_names=_SHIFT_TYPES)
nondifferentiable(right_shift)


export(left_shift, "bitwise.left_shift")
export(right_shift, "bitwise.right_shift")
