"""Factorizations and solves of (batches of) square matrices: `tf.linalg.cholesky`, `solve`,
`slogdet`, `logdet`, with `band_part` and `adjoint`, which their gradients use.

Gradients are TF's (`linalg_grad.py`), written in tapeviz ops so they differentiate again.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import shape_list
from tapeviz.framework.registry import defgrad, defop
from tapeviz.ops import array as A
from tapeviz.ops import linalg as L
from tapeviz.ops import math as M

_FACTOR_TYPES = "double, float, half, complex64, complex128"
_NO_HALF = frozenset({D.float16})   # TF's op definitions allow half, its CPU kernels don't


def _iae(op_type, message):
    return errors.kernel_error(op_type, message, name="")


def _square(op_type, x, message="Input matrix must be square."):
    if x.ndim < 2:
        raise _iae(op_type, f"Input tensor 0 must have rank >= 2, got {x.ndim}")
    if x.shape[-1] != x.shape[-2]:
        raise _iae(op_type, message)


# ---- band_part, adjoint ---------------------------------------------------------------------------
def _np_band_part(x, num_lower, num_upper):
    if x.ndim < 2:
        raise _iae("MatrixBandPart", f"input must be at least 2-dim, received shape: {shape_list(x.shape)}")
    rows, cols = x.shape[-2:]
    lower, upper = int(num_lower), int(num_upper)
    if lower > rows:
        raise _iae("MatrixBandPart", f"num_lower must be negative or less or equal to number of rows "
                                     f"({rows}) got: {lower}")
    if upper > cols:
        raise _iae("MatrixBandPart", f"num_upper must be negative or less or equal to number of columns "
                                     f"({cols}) got: {upper}")
    offset = np.arange(cols)[None, :] - np.arange(rows)[:, None]     # j - i
    keep = ((lower < 0) | (-offset <= lower)) & ((upper < 0) | (offset <= upper))
    return np.where(keep, x, np.zeros((), x.dtype))


_band_part = defop("MatrixBandPart", _np_band_part, dtypes=None, match=False,
                   inputs="input, num_lower, num_upper")
defgrad(_band_part, lambda g, y, x, lower, upper: _band_part(g, lower, upper))


def band_part(input, num_lower, num_upper, name=None):
    """Keeps `num_lower` subdiagonals and `num_upper` superdiagonals (negative: all) of each matrix."""
    return _band_part(input, convert_to_tensor(num_lower, dtype=D.int64),
                      convert_to_tensor(num_upper, dtype=D.int64))


def adjoint(matrix, name=None):
    """The conjugate transpose of each matrix (`tf.linalg.adjoint`)."""
    matrix = convert_to_tensor(matrix)
    if matrix.ndim < 2:
        raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = "
                         f"{matrix.numpy()} with shape: {tuple(matrix.shape)}")
    return L.matrix_transpose(matrix, conjugate=True)


# ---- cholesky -------------------------------------------------------------------------------------
def _np_cholesky(x):
    _square("Cholesky", x)
    try:
        return np.linalg.cholesky(x).astype(x.dtype, copy=False)
    except np.linalg.LinAlgError:
        # TF returns whatever its failed factorization left behind (nan and garbage): nan here
        return np.full(x.shape, np.nan, x.dtype)


def _cholesky_grad(g, l, a):
    # TF's _CholeskyGrad, with inv(l) for its triangular solve
    l_inverse = L.inv(l)
    middle = L.matmul(l, g, adjoint_a=True)
    middle = middle - 0.5 * L.diag(L.diag_part(middle))
    middle = band_part(middle, -1, 0)
    grad_a = L.matmul(L.matmul(l_inverse, middle, adjoint_a=True), l_inverse)
    return 0.5 * (grad_a + adjoint(grad_a))


_cholesky = defop("Cholesky", _np_cholesky, dtypes=D.INEXACT, inputs="input", dtype_names=_FACTOR_TYPES,
                  no_kernel=_NO_HALF)
defgrad(_cholesky, _cholesky_grad)


def cholesky(input, name=None):
    """The lower Cholesky factor of each Hermitian positive-definite matrix (reads the lower half)."""
    return _cholesky(input)


# ---- solve ----------------------------------------------------------------------------------------
def _np_solve(a, b, adjoint=False):
    if a.ndim < 2:
        raise _iae("MatrixSolve", f"Input tensor 0 must have rank >= 2, got {a.ndim}")
    if a.ndim != b.ndim:
        raise _iae("MatrixSolve", "All input tensors must have the same rank.")
    if a.shape[-1] != a.shape[-2]:
        raise _iae("MatrixSolve", "First input (lhs) must be a square matrix.")
    if a.shape[-1] != b.shape[-2] or a.shape[:-2] != b.shape[:-2]:
        raise _iae("MatrixSolve", "Input matrix and rhs are incompatible.")
    m = np.conj(np.swapaxes(a, -1, -2)) if adjoint else a
    try:
        out = np.linalg.solve(m, b)
    except np.linalg.LinAlgError:
        raise _iae("MatrixSolve", "Input matrix is not invertible.") from None
    return out.astype(a.dtype, copy=False)


def _solve_grad_a(g, c, a, b, adjoint=False):
    grad_b = _solve(a, g, adjoint=not adjoint)
    if adjoint:
        return -L.matmul(c, grad_b, adjoint_b=True)
    return -L.matmul(grad_b, c, adjoint_b=True)


_solve = defop("MatrixSolve", _np_solve, dtypes=D.INEXACT, inputs="matrix, rhs", dtype_names=_FACTOR_TYPES,
               no_kernel=_NO_HALF)
defgrad(_solve, _solve_grad_a, lambda g, c, a, b, adjoint=False: _solve(a, g, adjoint=not adjoint))


def solve(matrix, rhs, adjoint=False, name=None):
    """X with `matrix @ X = rhs` (or `adjoint(matrix) @ X = rhs`) for each square `matrix`."""
    return _solve(matrix, rhs, adjoint=bool(adjoint))


# ---- slogdet, logdet ------------------------------------------------------------------------------
def _np_slogdet(x):
    _square("LogMatrixDeterminant", x)
    sign, logabs = np.linalg.slogdet(x)
    return np.asarray(sign, x.dtype)[()], np.asarray(logabs, x.dtype)[()]


def _slogdet_grad(g, y, x):
    # only log|det| carries a gradient; sign is piecewise constant
    return A.expand_dims(A.expand_dims(g[1], -1), -1) * L.inv(x, adjoint=True)


_slogdet = defop("LogMatrixDeterminant", _np_slogdet, dtypes=D.INEXACT, num_outputs=2, inputs="input",
                 dtype_names="half, float, double, complex64, complex128", no_kernel=_NO_HALF)
defgrad(_slogdet, _slogdet_grad)


def slogdet(input, name=None):
    """(sign, log|det|) of each square matrix (`tf.linalg.slogdet`)."""
    return _slogdet(input)


def logdet(matrix, name=None):
    """log(det(matrix)) of each Hermitian positive-definite matrix, through its Cholesky factor."""
    chol = cholesky(matrix)
    return 2.0 * M.reduce_sum(M.log(M.real(L.diag_part(chol))), axis=-1)


export(band_part, "linalg.band_part")
export(adjoint, "linalg.adjoint")
export(cholesky, "linalg.cholesky")
export(solve, "linalg.solve")
export(slogdet, "linalg.slogdet")
export(logdet, "linalg.logdet")
