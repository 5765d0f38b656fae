"""Matrix products, contractions, norms and small linear algebra (`tf.linalg`, `tf.matmul`, ...)."""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, matching_tensors
from tapeviz.framework.errors import shape_list
from tapeviz.framework.registry import defgrad, defgrad_all, defop, disallowed, execute
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import math as M
from tapeviz.ops.matrix_diag import diag, diag_part, set_diag  # noqa: F401  (L.diag, L.set_diag)

MATMUL_TYPES = D.FLOATING | D.COMPLEX | frozenset({D.int32, D.int64})
LINALG_TYPES = D.FLOATING | D.COMPLEX


def _iae(op_type, msg):
    return errors.kernel_error(op_type, msg, name="")


# ---- matmul --------------------------------------------------------------------------------------
def _np_matmul(a, b, transpose_a=False, transpose_b=False):
    sa, sb = a.shape, b.shape
    if a.ndim == 0 or b.ndim == 0:
        raise _iae("MatMul", f"In[{0 if a.ndim == 0 else 1}] ndims must be >= 2")
    if a.ndim != b.ndim:
        raise _iae("MatMul", f"In[0] and In[1] has different ndims: {shape_list(sa)} vs. {shape_list(sb)}")
    if a.ndim != 2:
        raise _iae("MatMul", f"In[0] and In[1] ndims must be == 2: {a.ndim}")
    x = a.T if transpose_a else a
    y = b.T if transpose_b else b
    if x.shape[1] != y.shape[0]:
        raise _iae("MatMul", f"Matrix size-incompatible: In[0]: {shape_list(sa)}, In[1]: {shape_list(sb)}")
    return np.matmul(x, y)


def _np_batch_matmul(a, b, adj_x=False, adj_y=False):
    for i, t in enumerate((a, b)):
        if t.ndim < 2:
            raise _iae("BatchMatMulV2", f"In[{i}] ndims must be >= 2: {t.ndim}")
    x = np.conj(np.swapaxes(a, -1, -2)) if adj_x else a
    y = np.conj(np.swapaxes(b, -1, -2)) if adj_y else b
    try:
        np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise _iae("BatchMatMulV2", f"In[0] and In[1] must have compatible batch dimensions: "
                   f"{shape_list(a.shape)} vs. {shape_list(b.shape)}") from None
    if x.shape[-1] != y.shape[-2]:
        raise _iae("BatchMatMulV2", f"Matrix size-incompatible: In[0]: {shape_list(a.shape)}, "
                   f"In[1]: {shape_list(b.shape)}")
    return np.matmul(x, y)


_matmul = defop("MatMul", _np_matmul, dtypes=MATMUL_TYPES, inputs="a, b")


def _matmul_grad_a(g, y, a, b, transpose_a=False, transpose_b=False):
    if not transpose_a:
        return _mm2(g, b, False, not transpose_b)
    return _mm2(b, g, transpose_b, True)


def _matmul_grad_b(g, y, a, b, transpose_a=False, transpose_b=False):
    if not transpose_b:
        return _mm2(a, g, not transpose_a, False)
    return _mm2(g, a, True, transpose_a)


def _mm2(a, b, ta, tb):
    return _matmul(M.conj(a), M.conj(b), transpose_a=ta, transpose_b=tb) if a.dtype.is_complex \
        else _matmul(a, b, transpose_a=ta, transpose_b=tb)


defgrad(_matmul, _matmul_grad_a, _matmul_grad_b)

# batch dimensions broadcast; the tape sums the gradients back to each input's batch shape
_batch_matmul = defop("BatchMatMulV2", _np_batch_matmul, dtypes=MATMUL_TYPES, broadcasting=True,
                      inputs="x, y")


def _batch_matmul_grad_a(g, y, a, b, adj_x=False, adj_y=False):
    if not adj_x:
        return _batch_matmul(g, b, adj_x=False, adj_y=not adj_y)
    return _batch_matmul(b, g, adj_x=adj_y, adj_y=True)


def _batch_matmul_grad_b(g, y, a, b, adj_x=False, adj_y=False):
    if not adj_y:
        return _batch_matmul(a, g, adj_x=not adj_x, adj_y=False)
    return _batch_matmul(g, a, adj_x=True, adj_y=adj_x)


defgrad(_batch_matmul, _batch_matmul_grad_a, _batch_matmul_grad_b)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False,
           name=None):
    """The matrix product `a @ b` (`tf.linalg.matmul`), batched over leading dimensions.

    Args:
      a, b: tensors of rank >= 2 and one dtype; batch dimensions broadcast.
      transpose_a, transpose_b, adjoint_a, adjoint_b: transpose (or conjugate-transpose) first.
    Raises:
      ValueError: both `transpose_x` and `adjoint_x` are set.
      InvalidArgumentError: rank below 2, or incompatible sizes or dtypes.
    """
    if transpose_a and adjoint_a:
        raise ValueError("Only one of `transpose_a` and `adjoint_a` can be True. Received "
                         f"`transpose_a`={transpose_a}, `adjoint_a`={adjoint_a}.")
    if transpose_b and adjoint_b:
        raise ValueError("Only one of `transpose_b` and `adjoint_b` can be True. Received "
                         f"`transpose_b`={transpose_b}, `adjoint_b`={adjoint_b}.")
    if type(a) is not Tensor and not getattr(a, "_is_variable", False):
        a = convert_to_tensor(a)
    if type(b) is not Tensor and not getattr(b, "_is_variable", False):
        b = convert_to_tensor(b, dtype_hint=a.dtype)
    if a._value.ndim > 2 or b._value.ndim > 2:    # (a Tensor or a Variable by now)
        if transpose_a:
            a, adjoint_a = M.conj(a), True
        if transpose_b:
            b, adjoint_b = M.conj(b), True
        return _batch_matmul(a, b, adj_x=bool(adjoint_a), adj_y=bool(adjoint_b))
    if adjoint_a:
        a, transpose_a = M.conj(a), True
    if adjoint_b:
        b, transpose_b = M.conj(b), True
    return _matmul(a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """The matrix-vector product `a @ b` (`tf.linalg.matvec`); `b` has one rank less than `a`."""
    from tapeviz.ops.array import reshape
    a = convert_to_tensor(a)
    b = convert_to_tensor(b, dtype_hint=a.dtype)
    col = reshape(b, tuple(b.shape) + (1,))
    out = matmul(a, col, transpose_a=transpose_a, adjoint_a=adjoint_a)
    return reshape(out, tuple(out.shape)[:-1])


# ---- einsum and tensordot ------------------------------------------------------------------------
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _explicit(equation, shapes):
    """The equation with '...' spelled out as letters and the output made explicit."""
    equation = equation.replace(" ", "")
    lhs, _, rhs = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"Expected {len(terms)} inputs but got: {len(shapes)}")
    used = set(equation) - set(".,->")
    spare = [c for c in _LETTERS if c not in used]
    n_ell = max([len(s) - len(t.replace("...", "")) for t, s in zip(terms, shapes) if "..." in t] or [0])
    ell = "".join(spare[:n_ell])
    out_terms = []
    for t, s in zip(terms, shapes):
        if "..." in t:
            k = len(s) - len(t.replace("...", ""))
            t = t.replace("...", ell[n_ell - k:] if k else "")
        out_terms.append(t)
    if "->" in equation:
        out = rhs.replace("...", ell)
    else:
        counts = {}
        for t in out_terms:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ell))
    return out_terms, out


def _np_einsum(*xs, equation=None):
    try:
        return np.einsum(equation, *xs)
    except ValueError as e:
        raise _iae("Einsum", _einsum_message(equation, xs) or str(e)) from None


def _einsum_message(equation, xs):
    terms = equation.split("->")[0].split(",")
    sizes = {}
    for t, x in zip(terms, xs):
        for axis, (c, d) in enumerate(zip(t, x.shape)):
            if c in sizes and sizes[c] != d and 1 not in (d, sizes[c]):
                return (f"Expected dimension {sizes[c]} at axis {axis} of the input shaped "
                        f"{shape_list(x.shape)} but got dimension {d}")
            sizes.setdefault(c, d)
    return None


_einsum = defop("Einsum", _np_einsum, dtypes=D.NUMERIC)


def _einsum_grad(g, y, *xs, equation=None):
    from tapeviz.ops.array import broadcast_to, reshape
    lhs, out = equation.split("->")
    terms = lhs.split(",")
    grads = []
    for i, (t, x) in enumerate(zip(terms, xs)):
        if len(set(t)) != len(t):
            raise NotImplementedError(f"Gradient of 'Einsum' w.r.t. input {i} with a repeated "
                                      f"index ({equation!r}) is not implemented")
        others = [(tt, xx) for j, (tt, xx) in enumerate(zip(terms, xs)) if j != i]
        avail = set(out).union(*[set(tt) for tt, _ in others])
        kept = "".join(c for c in t if c in avail)
        eq = ",".join([out] + [tt for tt, _ in others]) + "->" + kept
        gi = einsum(eq, g, *[M.conj(xx) for _, xx in others])
        if kept != t:
            shape = [x._value.shape[k] if c in avail else 1 for k, c in enumerate(t)]
            gi = broadcast_to(reshape(gi, shape), x._value.shape)
        grads.append(gi)
    return grads


defgrad_all(_einsum, _einsum_grad)


def einsum(equation, *inputs, **kwargs):
    """Tensor contraction by Einstein notation (`tf.einsum`), e.g. `einsum('ij,jk->ik', a, b)`."""
    if not inputs or any(not hasattr(x, "shape") for x in inputs):
        bad = next((x for x in inputs if not hasattr(x, "shape")), None)
        raise AttributeError(f"'{type(bad).__name__}' object has no attribute 'shape'")
    ts = matching_tensors("Einsum", inputs, D.NUMERIC)
    if ts[0].dtype not in D.NUMERIC:
        raise disallowed(_einsum, ts[0].dtype)
    terms, out = _explicit(equation, [t._value.shape for t in ts])
    return execute(_einsum, ts, {"equation": ",".join(terms) + "->" + out})


def tensordot(a, b, axes, name=None):
    """Sums products over the given axes of `a` and `b` (`tf.tensordot`).

    `axes` is an int N (last N of `a` with first N of `b`) or a pair of axis lists.
    """
    a = convert_to_tensor(a)
    b = convert_to_tensor(b, dtype_hint=a.dtype)
    na, nb = len(a.shape), len(b.shape)
    if isinstance(axes, Tensor):
        axes = axes._value.tolist()
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0:
            raise ValueError(f"'axes' must be at least 0, got {n}.")
        if n > na or n > nb:
            raise ValueError(f"'axes' must not be larger than the number of dimensions of tensor "
                             f"{a if n > na else b}.  Received {n}, vs tensor dimensions {min(na, nb)}.")
        ax_a, ax_b = list(range(na - n, na)), list(range(n))
    else:
        ax_a, ax_b = axes
        ax_a = [ax_a] if isinstance(ax_a, int) else list(ax_a)
        ax_b = [ax_b] if isinstance(ax_b, int) else list(ax_b)
        if len(ax_a) != len(ax_b):
            raise ValueError(f"Different number of contraction axes 'a' and 'b', {len(ax_a)} != {len(ax_b)}.")
        ax_a = [x % na for x in ax_a]
        ax_b = [x % nb for x in ax_b]
    la = list(_LETTERS[:na])
    lb = list(_LETTERS[na:na + nb])
    for i, j in zip(ax_a, ax_b):
        lb[j] = la[i]
    out = [c for k, c in enumerate(la) if k not in ax_a] + [c for k, c in enumerate(lb) if k not in ax_b]
    return einsum(f"{''.join(la)},{''.join(lb)}->{''.join(out)}", a, b)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two axes (`tf.linalg.matrix_transpose`), conjugating if asked."""
    a = convert_to_tensor(a)
    nd = len(a.shape)
    if nd < 2:
        raise ValueError("Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = "
                         f"{a._value} with shape: {a.shape}")
    perm = list(range(nd - 2)) + [nd - 1, nd - 2]
    out = M._permute(a, perm)
    return M.conj(out) if conjugate else out


# ---- norms and clipping --------------------------------------------------------------------------
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """The vector or matrix norm (`tf.norm`).

    Args:
      ord: 'euclidean' (default), 'fro', 1, 2, np.inf, or any p > 0 for vectors; 'fro', 1, np.inf
        for matrices (`axis` a pair).
      axis: None (all elements as one vector), an int, or a pair of ints (matrix norm).
      keepdims: keep reduced axes with size 1.
    Raises:
      ValueError: an unsupported `ord` or `axis`.
    """
    x = convert_to_tensor(tensor)
    keepdims = bool(keepdims)
    is_matrix = isinstance(axis, (list, tuple)) and len(axis) == 2 and axis[0] != axis[1] \
        if axis is not None and not isinstance(axis, int) else False
    if axis is not None and not isinstance(axis, (int, np.integer)) and not is_matrix:
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
    supported_matrix = ("euclidean", "fro", 1, 2, np.inf)
    supported_vector = ("euclidean", 1, 2, np.inf)
    if is_matrix:
        if ord not in supported_matrix:
            raise ValueError(f"'ord' must be a supported matrix norm in {supported_matrix}, got {ord}")
    elif not (ord in supported_vector or (isinstance(ord, (int, float)) and not isinstance(ord, bool) and ord > 0)):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    if is_matrix:
        rows, cols = [a % len(x.shape) for a in axis]
        if ord in ("euclidean", "fro"):
            return M.sqrt(M.reduce_sum(x * M.conj(x), axis=[rows, cols], keepdims=keepdims))
        if ord == 2:
            raise NotImplementedError("tf.norm with ord=2 over a matrix (the spectral norm) needs an "
                                      "SVD, which tapeviz does not implement")
        a = M.abs(x)
        if ord == 1:      # largest column sum
            s = M.reduce_sum(a, axis=rows, keepdims=True)
            out = M.reduce_max(s, axis=cols, keepdims=True)
        else:             # largest row sum
            s = M.reduce_sum(a, axis=cols, keepdims=True)
            out = M.reduce_max(s, axis=rows, keepdims=True)
        if keepdims:
            return out
        from tapeviz.ops.array import reshape
        return reshape(out, [d for i, d in enumerate(out.shape) if i not in (rows, cols)])
    if ord in ("euclidean", 2):
        return M.sqrt(M.reduce_sum(x * M.conj(x), axis=axis, keepdims=keepdims))
    a = M.abs(x)
    if ord == 1:
        return M.reduce_sum(a, axis=axis, keepdims=keepdims)
    if ord == np.inf:
        return M.reduce_max(a, axis=axis, keepdims=keepdims)
    p = float(ord)
    return M.pow(M.reduce_sum(M.pow(a, p), axis=axis, keepdims=keepdims), 1.0 / p)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x**2), epsilon)) along `axis` (`tf.math.l2_normalize`)."""
    x = convert_to_tensor(x)
    axis = dim if axis is None else axis
    square_sum = M.reduce_sum(M.square(x), axis=axis, keepdims=True)
    x_inv_norm = M.rsqrt(M.maximum(square_sum, epsilon))
    return x * x_inv_norm


def _safe_norm(l2sum):
    """sqrt(l2sum) with a finite gradient where l2sum is 0 (TF's double-where, as a mask)."""
    mask = Tensor((l2sum._value > 0).astype(l2sum._value.dtype))
    return M.sqrt(l2sum + (1.0 - mask)) * mask


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """Scales `t` so its L2 norm over `axes` is at most `clip_norm` (`tf.clip_by_norm`)."""
    t = convert_to_tensor(t)
    if np.isscalar(clip_norm):        # a negative clip_norm counts as zero, as in TF
        clip_norm = 0 if clip_norm < 0 else clip_norm
    else:
        clip_norm = M.cast(M.maximum(clip_norm, 0), t.dtype)
    l2sum = M.reduce_sum(t * t, axis=axes, keepdims=True)
    l2norm = _safe_norm(l2sum)
    return t * clip_norm / M.maximum(l2norm, clip_norm)


def global_norm(t_list, name=None):
    """sqrt of the sum of squares of every element of every tensor (`tf.linalg.global_norm`)."""
    if not isinstance(t_list, (list, tuple)) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    parts = [M.reduce_sum(M.square(convert_to_tensor(t))) for t in t_list if t is not None]
    if not parts:      # TF stacks an empty list of float32 norms: 0.0
        return Tensor(np.float32(0.0))
    return M.sqrt(M.add_n(parts))


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales every tensor by clip_norm / max(global_norm, clip_norm); returns (list, norm)."""
    if not isinstance(t_list, (list, tuple)) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    use_norm = global_norm(t_list) if use_norm is None else convert_to_tensor(use_norm)
    one = Tensor(np.ones((), use_norm._value.dtype))
    scale = clip_norm * M.minimum(1.0 / use_norm, one / clip_norm)
    scale = scale + (use_norm - use_norm)        # nan when the norm is inf or nan, as TF
    clipped = []
    for t in t_list:
        if t is not None:
            t = convert_to_tensor(t)
            t = t * M.cast(scale, t.dtype)
        clipped.append(t)
    return clipped, use_norm


# ---- matrix functions ----------------------------------------------------------------------------
def _square_check(op_type, x):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise _iae(op_type, "Input matrix must be square.")


def _np_inv(x, adjoint=False):
    _square_check("MatrixInverse", x)
    try:
        out = np.linalg.inv(x)
    except np.linalg.LinAlgError:
        raise _iae("MatrixInverse", "Input is not invertible.") from None
    if not np.all(np.isfinite(out)) and np.all(np.isfinite(x)):
        raise _iae("MatrixInverse", "Input is not invertible.")
    out = out.astype(x.dtype, copy=False)
    return np.conj(np.swapaxes(out, -1, -2)) if adjoint else out


_inv = defop("MatrixInverse", _np_inv, dtypes=LINALG_TYPES)
defgrad(_inv, lambda g, y, x, adjoint=False:
        -matmul(y, matmul(g, y, adjoint_a=adjoint, adjoint_b=not adjoint), adjoint_a=not adjoint))


def inv(input, adjoint=False, name=None):
    """The inverse of each square matrix (`tf.linalg.inv`)."""
    return _inv(input, adjoint=bool(adjoint))


def _np_det(x):
    _square_check("MatrixDeterminant", x)
    return np.asarray(np.linalg.det(x), dtype=x.dtype)[()]


_det = defop("MatrixDeterminant", _np_det, dtypes=LINALG_TYPES)


def _det_grad(g, c, a):
    from tapeviz.ops.array import reshape
    multipliers = reshape(g * c, tuple(c._value.shape) + (1, 1))
    return multipliers * _inv(a, adjoint=True)


defgrad(_det, _det_grad)


def det(input, name=None):
    """The determinant of each square matrix (`tf.linalg.det`)."""
    return _det(input)


def trace(x, name=None):
    """The sum of each matrix's main diagonal (`tf.linalg.trace`)."""
    return M.reduce_sum(diag_part(x), axis=-1)


export(matmul, "matmul", "linalg.matmul")
export(matvec, "linalg.matvec")
export(einsum, "einsum", "linalg.einsum")
export(tensordot, "tensordot", "linalg.tensordot")
export(matrix_transpose, "linalg.matrix_transpose")
export(norm, "norm", "linalg.norm")
export(l2_normalize, "math.l2_normalize", "linalg.l2_normalize", "nn.l2_normalize")
export(clip_by_norm, "clip_by_norm")
export(global_norm, "linalg.global_norm")
export(clip_by_global_norm, "clip_by_global_norm")
export(inv, "linalg.inv")
export(det, "linalg.det")
export(trace, "linalg.trace")
