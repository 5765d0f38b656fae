"""Ops on the bits of numbers: `tf.bitcast` (the same bytes read as another dtype) and
`tf.math.nextafter` (the next representable float towards another)."""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import defgrad, defop, unregistered_gradient
from tapeviz.ops import array as A

_BITCASTABLE = frozenset(D.REAL | D.COMPLEX)


def _np_bitcast(x, type):
    target = np.dtype(type.as_numpy_dtype)
    old, new = x.dtype.itemsize, target.itemsize
    if old == new:
        return x.view(target)
    if old > new:
        return np.ascontiguousarray(x).view(target).reshape(x.shape + (old // new,))
    if x.ndim == 0 or x.shape[-1] != new // old:
        raise errors.kernel_error("Bitcast", f"Cannot bitcast from {D.as_dtype(x.dtype).as_datatype_enum} to "
                                  f"{type.as_datatype_enum}", name="")
    return np.ascontiguousarray(x).view(target).reshape(x.shape[:-1])


bitcast_op = defop("Bitcast", _np_bitcast, dtypes=_BITCASTABLE, inputs="input")
unregistered_gradient(bitcast_op)


def bitcast(input, type, name=None):
    """The bytes of `input` read as `type`: a wider type takes the innermost dimension (which must
    hold exactly the ratio), a narrower one adds an innermost dimension of the ratio."""
    return bitcast_op(convert_to_tensor(input), type=D.as_dtype(type))


nextafter = defop("NextAfter", np.nextafter, dtypes=frozenset({D.float32, D.float64}), broadcasting=True,
                  inputs="x1, x2", dtype_names="double, float")
defgrad(nextafter, lambda g, y, x1, x2: g, lambda g, y, x1, x2: A.zeros_like(x2))

export(bitcast, "bitcast")
export(nextafter, "math.nextafter")
