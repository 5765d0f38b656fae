"""Orthogonal factorizations and what is built on them: `tf.linalg.qr`, `svd`, `eigh`/`eigvalsh`,
`lstsq`, `pinv`, with `cross`.

The factors come from LAPACK through NumPy, as TF's come from Eigen: both use Householder
reflections, but the sign of each column of Q, U, V or of an eigenvector is a convention, so
compare sign-free quantities (|R|, U S V^H, |v|). Gradients are TF's (`linalg_grad.py`),
written in tapeviz ops; `lstsq` and `pinv` are TF's compositions, differentiated through them.
"""
import collections

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.registry import defgrad, defop
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import linalg as L
from tapeviz.ops import math as M
from tapeviz.ops.decompositions import adjoint, band_part, solve
from tapeviz.ops.matrix_diag import set_diag

_FACTOR_TYPES = "double, float, half, complex64, complex128"
_NO_HALF = frozenset({D.float16})


def _t(x):
    return x if type(x) is Tensor else convert_to_tensor(x)


def _rank2(op_type, x):
    if x.ndim < 2:
        raise kernel_error(op_type, f"Input tensor 0 must have rank >= 2, got {x.ndim}", name="")


def _safe_reciprocal(x, epsilon=1e-20):
    return x * M.reciprocal(x * x + epsilon)


def _tri_solve_right(x, r):
    """x @ inv(r)^H for upper-triangular r (TF's _TriangularSolve in _QrGrad)."""
    return adjoint(solve(r, adjoint(x)))


# ---- qr -------------------------------------------------------------------------------------------
def _np_qr(x, full_matrices=False):
    _rank2("Qr", x)
    # TF has a half QR kernel (LAPACK has none): float32 inside
    q, r = np.linalg.qr(x.astype(np.float32) if x.dtype == np.float16 else x,
                        mode="complete" if full_matrices else "reduced")
    return q.astype(x.dtype, copy=False), r.astype(x.dtype, copy=False)


def _qr_square_or_deep(q, r, dq, dr):
    qdq = L.matmul(q, dq, adjoint_a=True)
    qdq_ = qdq - adjoint(qdq)
    rdr = L.matmul(r, dr, adjoint_b=True)
    rdr_ = rdr - adjoint(rdr)
    tril = band_part(qdq_ + rdr_, -1, 0)
    grad_a = L.matmul(q, dr + _tri_solve_right(tril, r))
    grad_b = _tri_solve_right(dq - L.matmul(q, qdq), r)
    return grad_a + grad_b


def _qr_grad(g, outputs, a, full_matrices=False):
    q, r = outputs
    dq, dr = g
    rows, cols = q.shape[-2], r.shape[-1]
    if r.shape[-2] > r.shape[-1] and q.shape[-2] == q.shape[-1]:
        raise NotImplementedError("QrGrad not implemented when nrows > ncols and full_matrices is true. ")
    if rows >= cols:
        return _qr_square_or_deep(q, r, dq, dr)
    # a = [x, y], r = [u, v]: reduce to the square case
    y, u = a[..., :, rows:], r[..., :, :rows]
    dv, du = dr[..., :, rows:], dr[..., :, :rows]
    dy = L.matmul(q, dv)
    dx = _qr_square_or_deep(q, u, dq + L.matmul(y, dv, adjoint_b=True), du)
    return A.concat([dx, dy], axis=-1)


qr_op = defop("Qr", _np_qr, dtypes=D.INEXACT, num_outputs=2, inputs="input", dtype_names=_FACTOR_TYPES)
Qr = collections.namedtuple("Qr", ["q", "r"])
defgrad(qr_op, _qr_grad)


def qr(input, full_matrices=False, name=None):
    """(q, r) with `input = q @ r`, q orthonormal columns and r upper triangular (batched)."""
    return Qr(*qr_op(input, full_matrices=bool(full_matrices)))


# ---- svd ------------------------------------------------------------------------------------------
def _np_svd(x, compute_uv=True, full_matrices=False):
    _rank2("Svd", x)
    if not compute_uv:
        s = np.linalg.svd(x, compute_uv=False)
        empty = np.zeros(x.shape[:-2] + (0, 0), x.dtype)
        return s.astype(x.dtype, copy=False), empty, empty
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    v = np.conj(np.swapaxes(vh, -1, -2))
    return s.astype(x.dtype, copy=False), u.astype(x.dtype, copy=False), v.astype(x.dtype, copy=False)


def _svd_grad(g, outputs, a, compute_uv=True, full_matrices=False):
    # TF's _SvdGrad, real matrices
    s, u, v = outputs
    grad_s, grad_u, grad_v = g
    grad_s_mat = L.diag(grad_s)
    if not compute_uv:
        _, u, v = svd_op(a, compute_uv=True, full_matrices=False)
        return L.matmul(u, L.matmul(grad_s_mat, v, adjoint_b=True))
    if a.dtype.is_complex:
        raise NotImplementedError("Gradient of 'Svd' for complex matrices is not implemented in tapeviz")
    m, n = a.shape[-2], a.shape[-1]
    if full_matrices and abs(m - n) > 1:
        raise NotImplementedError("svd gradient has not been implemented for abs(m - n) > 1 when "
                                  "full_matrices is True")
    use_adjoint = m > n
    if use_adjoint:
        m, n, u, v, grad_u, grad_v = n, m, v, u, grad_v, grad_u
    s_mat = L.diag(s)
    s2 = M.square(s)
    f = set_diag(_safe_reciprocal(A.expand_dims(s2, -2) - A.expand_dims(s2, -1)), A.zeros_like(s))
    s_inv_mat = L.diag(_safe_reciprocal(s))
    v1, grad_v1 = v[..., :, :m], grad_v[..., :, :m]
    f_u = f * L.matmul(u, grad_u, adjoint_a=True)
    f_v = f * L.matmul(v1, grad_v1, adjoint_a=True)
    term1_nouv = grad_s_mat + L.matmul(f_u + adjoint(f_u), s_mat) + L.matmul(s_mat, f_v + adjoint(f_v))
    grad_a = L.matmul(u, L.matmul(term1_nouv, v1, adjoint_b=True))
    if m != n:
        gv1t = L.matrix_transpose(grad_v1, conjugate=True)
        term2_nous = gv1t - L.matmul(L.matmul(gv1t, v1), v1, adjoint_b=True)
        if full_matrices:
            v2, grad_v2 = v[..., :, m:n], grad_v[..., :, m:n]
            term2_nous = term2_nous - L.matmul(L.matmul(v1, grad_v2, adjoint_a=True), v2, adjoint_b=True)
        grad_a = grad_a + L.matmul(L.matmul(u, s_inv_mat), term2_nous)
    return L.matrix_transpose(grad_a, conjugate=True) if use_adjoint else grad_a


svd_op = defop("Svd", _np_svd, dtypes=D.INEXACT, num_outputs=3, inputs="input", dtype_names=_FACTOR_TYPES,
               no_kernel=_NO_HALF)
defgrad(svd_op, _svd_grad)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values `s` (descending) and, if `compute_uv`, (s, u, v) with `tensor = u diag(s) v^H`
    (note: v, not v^H, and s first, as in TF)."""
    s, u, v = svd_op(tensor, compute_uv=bool(compute_uv), full_matrices=bool(full_matrices))
    return (s, u, v) if compute_uv else s


# ---- eigh -----------------------------------------------------------------------------------------
def _np_eigh(x, compute_v=True):
    _rank2("SelfAdjointEigV2", x)
    if x.shape[-1] != x.shape[-2]:
        raise kernel_error("SelfAdjointEigV2", "Input matrix must be square.", name="")
    if not compute_v:
        e = np.linalg.eigvalsh(x, UPLO="L")
        return e.astype(x.dtype, copy=False), np.zeros(x.shape[:-2] + (0,), x.dtype)
    e, v = np.linalg.eigh(x, UPLO="L")
    return e.astype(x.dtype, copy=False), v.astype(x.dtype, copy=False)


def _eigh_grad(g, outputs, a, compute_v=True):
    # TF's _SelfAdjointEigV2Grad: the forward reads the lower triangle only
    e, v = outputs
    grad_e, grad_v = g
    if compute_v:
        f = set_diag(_safe_reciprocal(A.expand_dims(e, -2) - A.expand_dims(e, -1)), A.zeros_like(e))
        grad_a = L.matmul(v, L.matmul(L.diag(grad_e) + f * L.matmul(v, grad_v, adjoint_a=True), v, adjoint_b=True))
    else:
        _, v = eigh_op(a, compute_v=True)
        grad_a = L.matmul(v, L.matmul(L.diag(grad_e), v, adjoint_b=True))
    grad_a = band_part(grad_a + adjoint(grad_a), -1, 0)
    return set_diag(grad_a, 0.5 * L.diag_part(grad_a))


eigh_op = defop("SelfAdjointEigV2", _np_eigh, dtypes=D.INEXACT, num_outputs=2, inputs="input",
                dtype_names=_FACTOR_TYPES, no_kernel=_NO_HALF)
defgrad(eigh_op, _eigh_grad)


def eigh(tensor, name=None):
    """(eigenvalues ascending, eigenvectors as columns) of each self-adjoint matrix (lower half read)."""
    return eigh_op(tensor, compute_v=True)


def eigvalsh(tensor, name=None):
    """The eigenvalues (ascending) of each self-adjoint matrix (lower half read)."""
    return eigh_op(tensor, compute_v=False)[0]


# ---- cross ---------------------------------------------------------------------------------------
def _np_cross(a, b):
    if a.shape != b.shape:
        raise kernel_error("Cross", f"Both inputs must be of same shape: {shape_list(a.shape)} vs. "
                           f"{shape_list(b.shape)}", name="")
    if a.ndim == 0 or a.shape[-1] != 3:
        raise kernel_error("Cross", "Cross-products are only defined for 3-element vectors.", name="",
                           cls=errors.FailedPreconditionError)
    with np.errstate(all="ignore"):
        return np.cross(a, b).astype(a.dtype, copy=False)


cross = defop("Cross", _np_cross, dtypes=D.REAL, inputs="a, b")
defgrad(cross, lambda g, y, a, b: cross(b, g), lambda g, y, a, b: cross(g, a))


# ---- lstsq, pinv (TF's compositions) --------------------------------------------------------------
def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """The least-squares solution X of `matrix @ X = rhs` (minimum norm when underdetermined),
    through the regularized normal equations as TF's fast path computes it."""
    if not fast:
        raise NotImplementedError("tf.linalg.lstsq with fast=False is not implemented in tapeviz")
    a, b = _t(matrix), _t(rhs)
    if a.ndim < 2:      # TF reads the matrix's last two dimensions before anything else
        raise IndexError("tuple index out of range")
    l2 = convert_to_tensor(l2_regularizer, dtype=a.dtype)   # TF's TypeError for int matrices
    m, n = a.shape[-2], a.shape[-1]
    if m >= n:
        gram = L.matmul(a, a, adjoint_a=True)
        rhs_ = L.matmul(a, b, adjoint_a=True)
    else:
        gram = L.matmul(a, a, adjoint_b=True)
    if l2_regularizer:
        gram = gram + l2 * A.eye(gram.shape[-1], dtype=a.dtype)
    if m >= n:
        return solve(gram, rhs_)
    return L.matmul(a, solve(gram, b), adjoint_a=True)


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse through the SVD; singular values at or below
    `rcond * max(s)` (default 10 * max(m, n) * eps) count as zero."""
    a = _t(a)
    if not (a.dtype.is_floating or a.dtype.is_complex):
        raise TypeError(f"Input `a` must have `float`-like `dtype` (saw {a.dtype.name}).")
    if a.ndim < 2:
        raise ValueError(f"Input `a` must have at least 2 dimensions (saw: {a.ndim}).")
    dtype = a.dtype.as_numpy_dtype
    if rcond is None:
        rcond = 10.0 * max(a.shape[-2], a.shape[-1]) * np.finfo(dtype).eps
    rcond = convert_to_tensor(rcond, dtype=a.dtype)
    s, u, v = svd(a, full_matrices=False, compute_uv=True)
    cutoff = rcond * M.reduce_max(s, axis=-1)
    # small singular values become inf, so 1 / s = 0 without NaN gradients
    s = A.where(M.greater(s, A.expand_dims(cutoff, -1)), s, A.fill(A.shape(s), Tensor(np.array(np.inf, dtype))))
    return L.matmul(v / A.expand_dims(s, -2), u, adjoint_b=True)


export(qr, "linalg.qr")
export(svd, "linalg.svd")
export(eigh, "linalg.eigh")
export(eigvalsh, "linalg.eigvalsh")
export(cross, "linalg.cross")
export(lstsq, "linalg.lstsq")
export(pinv, "linalg.pinv")
