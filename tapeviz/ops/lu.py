"""`tf.linalg.lu`: LU factorization with partial pivoting (the largest magnitude in each column,
the first of equals, as Eigen's PartialPivLU picks), L and U packed in one matrix; TF registers
no gradient for it."""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import defop, unregistered_gradient


def _factor(a):
    """(packed LU, row permutation) of one square matrix; None if a pivot is zero."""
    lu = a.copy()
    n = lu.shape[0]
    perm = np.arange(n)
    for k in range(n):
        pivot = k + int(np.argmax(np.abs(lu[k:, k])))
        if lu[pivot, k] == 0:
            return None
        if pivot != k:
            lu[[k, pivot]] = lu[[pivot, k]]
            perm[[k, pivot]] = perm[[pivot, k]]
        lu[k + 1:, k] /= lu[k, k]
        lu[k + 1:, k + 1:] -= np.outer(lu[k + 1:, k], lu[k, k + 1:])
    return lu, perm


def _np_lu(x, output_idx_type=D.int32):
    if x.ndim < 2:
        raise errors.kernel_error("Lu", f"Input must have rank >= 2, got {x.ndim}", name="")
    if x.shape[-1] != x.shape[-2]:
        raise errors.kernel_error("Lu", f"Input matrices must be squares, got{x.shape[-2]} != {x.shape[-1]}",
                                  name="")
    flat = x.reshape((-1,) + x.shape[-2:])
    lus, perms = np.empty_like(flat), np.empty(flat.shape[:2], output_idx_type.as_numpy_dtype)
    for i, matrix in enumerate(flat):
        done = _factor(matrix)
        if done is None:
            raise errors.kernel_error("Lu", "Input is not invertible.", name="")
        lus[i], perms[i] = done
    return lus.reshape(x.shape), perms.reshape(x.shape[:-1])


lu_op = defop("Lu", _np_lu, dtypes=frozenset({D.float16, D.float32, D.float64, D.complex64, D.complex128}),
              num_outputs=2, inputs="input", dtype_names="double, float, half, complex64, complex128")
unregistered_gradient(lu_op)


def lu(input, output_idx_type=D.int32, name=None):
    """`(lu, p)`: `L` (unit lower, below the diagonal) and `U` packed in `lu`, and the row order
    `p` with `tf.gather(input, p) == L @ U`."""
    return lu_op(convert_to_tensor(input), output_idx_type=D.as_dtype(output_idx_type))


export(lu, "linalg.lu")
