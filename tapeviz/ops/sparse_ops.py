"""`tf.sparse`: the ops on SparseTensors.

The kernels TF differentiates (SparseToDense, SparseAdd, SparseTensorDenseAdd,
SparseTensorDenseMatMul, SparseReduceSum, SparseDenseCwiseMul/Div) are registered ops with their
gradient rules. The structural ops (reorder, slice, retain, concat, ...) compute new coordinates in
NumPy and pick their values with `_take`, a gather whose gradient is dense as TF's is for those ops.
Coordinates are assumed canonical (row-major sorted) wherever TF's kernels assume it.
"""
import functools
import itertools

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import DISPATCH, EXPORTS, export
from tapeviz.framework.convert import convert_to_tensor, mismatch
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.indexed_slices import IndexedSlices
from tapeviz.framework.registry import Op, defgrad, defop, unregistered_gradient
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops import string_hash
from tapeviz.ops.sparse_tensor import SparseTensor, sparse_parts
from tapeviz.ops.string_rows import object_array


# ---- helpers -------------------------------------------------------------------------------------
def _i64(array):
    return Tensor(np.asarray(array, dtype=np.int64))


def _sparse(indices, values, shape):
    """A SparseTensor from NumPy coordinates and shape and a values Tensor."""
    indices = np.asarray(indices, dtype=np.int64)
    rows = indices.shape[0] if indices.ndim == 2 else (indices.size // len(shape) if len(shape) else 0)
    return SparseTensor(_i64(indices.reshape(rows, len(shape))), values, _i64(np.asarray(shape, np.int64)))


def _take(values, positions):
    """values[positions] along the first axis, with a dense gradient (TF's sparse kernels give
    dense value gradients; a row gather's would be IndexedSlices)."""
    positions = np.asarray(positions, dtype=np.int64).reshape(-1)
    shape = values._value.shape
    picked = A._gather(A._reshape(values, shape=(1,) + shape), Tensor(positions), axis=1)
    return A._reshape(picked, shape=(positions.size,) + shape[1:])


def _check_sparse(x):
    if not isinstance(x, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return x


def _row_major(indices):
    """The permutation putting `indices` in row-major order (stable)."""
    if indices.shape[0] == 0 or indices.shape[1] == 0:
        return np.arange(indices.shape[0])
    return np.lexsort(indices.T[::-1])


def _fmt_index(row):
    return "[" + ",".join(str(int(v)) for v in row) + "]"


def _as_values(x, dtype):
    return x if isinstance(x, Tensor) else convert_to_tensor(x, dtype=dtype)


# ---- to_dense ------------------------------------------------------------------------------------
def _np_sparse_to_dense(indices, shape, values, default, validate_indices=True):
    shape = tuple(int(d) for d in np.asarray(shape).reshape(-1))
    indices = np.asarray(indices).reshape(-1, len(shape)) if len(shape) else np.asarray(indices)
    bound = np.array(shape, dtype=np.int64)
    previous = None
    for i, row in enumerate(indices):
        if ((row < 0) | (row >= bound)).any():
            raise kernel_error("SparseToDense", f"indices[{i}] = {_fmt_index(row)} is out of bounds: "
                               f"need 0 <= index < {shape_list(shape)}", name="")
        if validate_indices and previous is not None:
            key, prev = tuple(row), tuple(previous)
            if key == prev:
                raise kernel_error("SparseToDense", f"indices[{i}] = {_fmt_index(row)} is repeated", name="")
            if key < prev:
                raise kernel_error("SparseToDense", f"indices[{i}] = {_fmt_index(row)} is out of order. "
                                   "Many sparse ops require sorted indices.\n    Use `tf.sparse.reorder` "
                                   "to create a correctly ordered copy.\n\n", name="")
        previous = row
    out = np.full(shape, default, dtype=np.asarray(values).dtype)
    if len(shape) == 0:
        if len(values):
            out[()] = values[-1]
    elif indices.size:
        out[tuple(indices[:, j] for j in range(len(shape)))] = values
    return out


_sparse_to_dense = defop("SparseToDense", _np_sparse_to_dense, dtypes=None, match=False,
                         inputs="sparse_indices, output_shape, sparse_values, default_value")
defgrad(_sparse_to_dense, None, None,
        lambda g, y, idx, shape, vals, default, **kw: A._gather_nd(g, idx),
        lambda g, y, idx, shape, vals, default, **kw: M.reduce_sum(g) - M.reduce_sum(A._gather_nd(g, idx)))


def to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor `sp_input` stands for, `default_value` (0 or '') where no value is given.

    Raises:
      InvalidArgumentError: an index out of bounds, repeated or (with validate_indices) out of order.
    """
    sp = _check_sparse(sp_input)
    dtype = sp.dtype
    if default_value is None:
        default_value = b"" if dtype is D.string else dtype.as_numpy_dtype(0)
    default = _as_values(default_value, dtype)
    return _sparse_to_dense(sp.indices, sp.dense_shape, sp.values, default,
                            validate_indices=bool(validate_indices))


def from_dense(tensor, name=None):
    """The SparseTensor of `tensor`'s non-zero (non-empty) elements, in row-major order.

    Raises:
      InvalidArgumentError: `tensor` is a scalar (as TF's Where).
    """
    t = tensor if isinstance(tensor, Tensor) else convert_to_tensor(tensor)
    x = t._value
    if x.ndim == 0:
        raise kernel_error("Where", "WhereOp : Unhandled input dimensions: 0", name="")
    nonzero = x != (b"" if t.dtype is D.string else 0)
    indices = np.argwhere(nonzero).astype(np.int64)
    return SparseTensor(Tensor(indices), A._gather_nd(t, Tensor(indices)), _i64(x.shape))


# ---- add -----------------------------------------------------------------------------------------
def _check_same_shape(op_type, a_shape, b_shape):
    a_shape, b_shape = np.asarray(a_shape).reshape(-1), np.asarray(b_shape).reshape(-1)
    if a_shape.shape != b_shape.shape:
        raise kernel_error(op_type, f"Operands do not have the same ranks; got shapes: "
                           f"{shape_list(a_shape)} and {shape_list(b_shape)}", name="")
    for d, (x, y) in enumerate(zip(a_shape, b_shape)):
        if x != y:
            raise kernel_error(op_type, f"Operands' shapes do not match: got {x} and {y} for dimension {d}",
                               name="")


def _merge(a_idx, b_idx):
    """Walks two row-major coordinate lists together: [(a position or None, b position or None)]."""
    out, i, j = [], 0, 0
    a_keys, b_keys = [tuple(r) for r in a_idx.tolist()], [tuple(r) for r in b_idx.tolist()]
    while i < len(a_keys) and j < len(b_keys):
        if a_keys[i] < b_keys[j]:
            out.append((i, None))
            i += 1
        elif b_keys[j] < a_keys[i]:
            out.append((None, j))
            j += 1
        else:
            out.append((i, j))
            i, j = i + 1, j + 1
    out += [(k, None) for k in range(i, len(a_keys))] + [(None, k) for k in range(j, len(b_keys))]
    return out


def _np_sparse_add(a_idx, a_vals, a_shape, b_idx, b_vals, b_shape, thresh):
    _check_same_shape("SparseAdd", a_shape, b_shape)
    a_idx, b_idx = np.asarray(a_idx), np.asarray(b_idx)
    rows, vals = [], []
    for i, j in _merge(a_idx, b_idx):
        if i is not None and j is not None:
            s = a_vals[i] + b_vals[j]
            if thresh <= np.abs(s):   # only sums are thresholded: a lone value is always kept
                rows.append(a_idx[i])
                vals.append(s)
        else:
            rows.append(a_idx[i] if i is not None else b_idx[j])
            vals.append(a_vals[i] if i is not None else b_vals[j])
    rank = a_idx.shape[1]
    return (np.array(rows, dtype=np.int64).reshape(-1, rank), np.array(vals, dtype=np.asarray(a_vals).dtype),
            np.asarray(a_shape, dtype=np.int64))


def _np_sparse_add_grad(grad, a_idx, b_idx, sum_idx):
    where = {tuple(r): k for k, r in enumerate(np.asarray(sum_idx).tolist())}
    def pick(idx):
        out = np.zeros(len(idx), dtype=np.asarray(grad).dtype)
        for k, r in enumerate(np.asarray(idx).tolist()):
            if tuple(r) in where:
                out[k] = grad[where[tuple(r)]]
        return out
    return pick(a_idx), pick(b_idx)


_sparse_add_grad = defop("SparseAddGrad", _np_sparse_add_grad, dtypes=None, match=False, num_outputs=2)
unregistered_gradient(_sparse_add_grad)

_sparse_add = defop("SparseAdd", _np_sparse_add, dtypes=None, match=False, num_outputs=3)
defgrad(_sparse_add, None,
        lambda g, y, ai, av, ash, bi, bv, bsh, t: _sparse_add_grad(g[1], ai, bi, y[0])[0], None,
        None,
        lambda g, y, ai, av, ash, bi, bv, bsh, t: _sparse_add_grad(g[1], ai, bi, y[0])[1], None, None)


def _np_sparse_dense_add(a_idx, a_vals, a_shape, b):
    out = np.array(b, copy=True)
    a_shape = np.asarray(a_shape).reshape(-1)
    if len(a_shape) != out.ndim:
        raise kernel_error("SparseTensorDenseAdd", f"Two operands have different ranks; received: {len(a_shape)} "
                           f"and {out.ndim}", name="")
    for d, (x, y) in enumerate(zip(a_shape, out.shape)):
        if x != y:
            raise kernel_error("SparseTensorDenseAdd", f"Dimension {d} does not equal (no broadcasting is "
                               f"supported): sparse side {x} vs dense side {y}", name="")
    np.add.at(out, tuple(np.asarray(a_idx)[:, j] for j in range(out.ndim)), a_vals)
    return out


_sparse_dense_add = defop("SparseTensorDenseAdd", _np_sparse_dense_add, dtypes=None, match=False)
defgrad(_sparse_dense_add, None, lambda g, y, ai, av, ash, b: A._gather_nd(g, ai), None,
        lambda g, y, ai, av, ash, b: g)


def add(a, b, threshold=0, name=None):
    """a + b where one or both are SparseTensors: sparse + sparse is sparse (sums whose magnitude
    is below `threshold` are dropped), sparse + dense is dense.

    Raises:
      TypeError: neither input is a SparseTensor.
      InvalidArgumentError: shapes or dtypes differ.
    """
    a_sparse, b_sparse = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if not (a_sparse or b_sparse):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add()?")
    if a_sparse and b_sparse:
        if b.dtype is not a.dtype:
            raise mismatch("SparseAdd", 4, a.dtype, b.dtype)
        real = np.dtype(a.dtype.as_numpy_dtype(0).real.dtype) if a.dtype is not D.string else None
        thresh = _as_values(threshold, D.as_dtype(real) if real is not None else D.float32)
        i, v, s = _sparse_add(a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape, thresh)
        return SparseTensor(i, v, s)
    sp, dense = (a, b) if a_sparse else (b, a)
    dense = _as_values(dense, sp.dtype)
    if dense.dtype is not sp.dtype:
        raise mismatch("SparseTensorDenseAdd", 3, sp.dtype, dense.dtype)
    return _sparse_dense_add(sp.indices, sp.values, sp.dense_shape, dense)


# ---- elementwise with a dense operand (the `*` and `/` operators) ------------------------------
def _broadcast_into(dense, sp_shape, op_type):
    """Checks that `dense` broadcasts to the sparse shape (dense may not grow it)."""
    d, s = tuple(dense.shape), tuple(int(x) for x in np.asarray(sp_shape))
    if len(d) > len(s) or any(x not in (1, y) for x, y in zip(d[::-1], s[::-1])):
        raise kernel_error(op_type, f"SparseDenseBinaryOpShared broadcasts dense to sparse only; got "
                           f"incompatible shapes: [{','.join(map(str, s))}] vs. [{','.join(map(str, d))}]",
                           name="")
    return np.broadcast_to(dense, s)


def _np_cwise(kind):
    op_type = "SparseDenseCwiseMul" if kind == "mul" else "SparseDenseCwiseDiv"

    def forward(idx, vals, shape, dense):
        full = _broadcast_into(np.asarray(dense), shape, op_type)
        picked = full[tuple(np.asarray(idx)[:, j] for j in range(full.ndim))] if full.ndim else \
            np.broadcast_to(full, np.shape(vals))
        return vals * picked if kind == "mul" else vals / picked
    return forward


def _gathered(dense, idx, shape):
    """`dense` broadcast to the sparse shape, read at the sparse coordinates (differentiable)."""
    return A._gather_nd(A._broadcast_to(dense, shape=tuple(int(d) for d in shape._value)), idx)


def _to_dense_shape(values, idx, shape, dense):
    """The gradient of a dense operand broadcast to the sparse shape: scatter, then sum back."""
    full = A._scatter_nd(idx, values, shape=tuple(int(d) for d in shape._value))
    if not dense.ndim:
        return M.reduce_sum(full)
    axes = _broadcast_axes(dense, shape)
    return A.reshape(M.reduce_sum(full, axis=axes, keepdims=True) if axes else full, dense.shape)


def _broadcast_axes(dense, shape):
    s = [int(d) for d in shape._value]
    d = [1] * (len(s) - dense.ndim) + list(dense._value.shape)
    return [k for k, (x, y) in enumerate(zip(d, s)) if x == 1 and y != 1]


_cwise_mul = defop("SparseDenseCwiseMul", _np_cwise("mul"), dtypes=D.NUMERIC, match=False)
defgrad(_cwise_mul, None, lambda g, y, idx, v, sh, d: g * _gathered(d, idx, sh), None,
        lambda g, y, idx, v, sh, d: _to_dense_shape(g * v, idx, sh, d))

_cwise_div = defop("SparseDenseCwiseDiv", _np_cwise("div"), dtypes=D.NUMERIC, match=False)
defgrad(_cwise_div, None, lambda g, y, idx, v, sh, d: g / _gathered(d, idx, sh), None,
        lambda g, y, idx, v, sh, d: _to_dense_shape(-g * v / _gathered(d, idx, sh) ** 2, idx, sh, d))


# ---- matmul --------------------------------------------------------------------------------------
def _np_sparse_matmul(idx, vals, shape, b, adjoint_a=False, adjoint_b=False):
    idx, b = np.asarray(idx), np.asarray(b)
    if b.dtype.kind not in "fc" and b.dtype != np.int32:   # TF has no CPU kernel for these
        node = (f"SparseTensorDenseMatMul[T=DT_{D.of_array(b).name.upper()}, Tindices=DT_INT64, "
                f"adjoint_a={str(adjoint_a).lower()}, adjoint_b={str(adjoint_b).lower()}]")
        raise errors.NotFoundError(None, "SparseTensorDenseMatMul", "Could not find device for node: "
                                   f"{{{{node SparseTensorDenseMatMul}}}} = {node}")
    if np.size(shape) != 2:
        raise kernel_error("SparseTensorDenseMatMul", "Tensor 'a_shape' must have 2 elements", name="")
    if b.ndim != 2:
        raise kernel_error("SparseTensorDenseMatMul", "Tensor 'b' is not a matrix", name="")
    m, k = (int(d) for d in np.asarray(shape))
    if adjoint_a:
        m, k = k, m
    bb = b.conj().T if adjoint_b else b
    if bb.shape[0] != k:
        a_dims = f"[{int(shape[0])}, {int(shape[1])})"
        raise kernel_error("SparseTensorDenseMatMul", "Cannot multiply A and B because inner dimension "
                           f"does not match: {k} vs. {bb.shape[0]}.  Did you forget a transpose?  "
                           f"Dimensions of A: {a_dims}.  Dimensions of B: {shape_list(b.shape)}", name="")
    rows, cols = (idx[:, 1], idx[:, 0]) if adjoint_a else (idx[:, 0], idx[:, 1])
    for i in range(len(idx)):
        if not 0 <= cols[i] < k:
            raise kernel_error("SparseTensorDenseMatMul", f"k ({cols[i]}) from index[{i},{0 if adjoint_a else 1}] "
                               f"out of bounds (>={k})", name="")
        if not 0 <= rows[i] < m:
            raise kernel_error("SparseTensorDenseMatMul", f"m ({rows[i]}) from index[{i},{1 if adjoint_a else 0}] "
                               f"out of bounds (>={m})", name="")
    a_vals = np.conj(vals) if adjoint_a else np.asarray(vals)
    out = np.zeros((m, bb.shape[1]), dtype=np.result_type(a_vals, bb))
    np.add.at(out, rows, a_vals[:, None] * bb[cols])
    return out


def _column(idx, j):
    return Tensor(np.ascontiguousarray(idx._value[:, j]))


def _matmul_values_grad(g, y, idx, vals, shape, b, adjoint_a=False, adjoint_b=False):
    rows, cols = (_column(idx, 1), _column(idx, 0)) if adjoint_a else (_column(idx, 0), _column(idx, 1))
    bb = A.transpose(b, conjugate=True) if adjoint_b else b
    # d out[r, :] / d a[r, c] = b[c, :]; for the adjoint, the value enters conjugated
    grad = M.reduce_sum(A._gather(g, rows, axis=0) * M.conj(A._gather(bb, cols, axis=0)), axis=1)
    return M.conj(grad) if adjoint_a else grad


def _matmul_dense_grad(g, y, idx, vals, shape, b, adjoint_a=False, adjoint_b=False):
    grad = _sparse_matmul(idx, vals, shape, g, adjoint_a=not adjoint_a)
    return A.transpose(grad, conjugate=True) if adjoint_b else grad


_sparse_matmul = defop("SparseTensorDenseMatMul", _np_sparse_matmul, dtypes=None, match=False)
defgrad(_sparse_matmul, None, _matmul_values_grad, None, _matmul_dense_grad)


def sparse_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """The matrix product of a SparseTensor and a dense matrix (either may be the sparse one).

    Raises:
      InvalidArgumentError: inner dimensions differ, dtypes differ, or an index is out of bounds.
    """
    if isinstance(b, SparseTensor) and not isinstance(sp_a, SparseTensor):
        # dense @ sparse = (sparse' @ dense')'
        return A.transpose(sparse_dense_matmul(b, sp_a, adjoint_a=not adjoint_b, adjoint_b=not adjoint_a))
    sp = _check_sparse(sp_a)
    dense = b if isinstance(b, Tensor) else convert_to_tensor(b, dtype_hint=sp.dtype)
    if getattr(dense, "_is_variable", False):
        dense = dense.read_value()
    if dense.dtype is not sp.dtype:
        raise mismatch("SparseTensorDenseMatMul", 3, sp.dtype, dense.dtype)
    return _sparse_matmul(sp.indices, sp.values, sp.dense_shape, dense,
                          adjoint_a=bool(adjoint_a), adjoint_b=bool(adjoint_b))


# ---- reductions ----------------------------------------------------------------------------------
def _reduction_axes(op_type, axis, rank):
    if axis is None:
        return tuple(range(rank))
    if isinstance(axis, Tensor):
        axis = axis._value.tolist()
    items = axis if isinstance(axis, (list, tuple)) else [axis]
    out = []
    for a in items:
        a = int(a)
        if not -rank <= a < rank:
            raise kernel_error(op_type, f"Invalid reduction dimension {a}, for input with {rank} dimensions.",
                               name="")
        out.append(a % rank)
    return tuple(sorted(set(out)))


def _groups(idx, shape, axes):
    """Group ids per value (row-major over the kept dimensions), the kept coordinates per group."""
    kept = [d for d in range(len(shape)) if d not in axes]
    keys = idx[:, kept] if len(idx) else np.zeros((0, len(kept)), dtype=np.int64)
    if not len(keys):
        return np.zeros(0, dtype=np.int64), keys
    if not kept:   # everything reduced: one group, at the scalar's empty coordinate
        return np.zeros(len(keys), dtype=np.int64), np.zeros((1, 0), dtype=np.int64)
    uniq, ids = np.unique(keys, axis=0, return_inverse=True)
    return ids.reshape(-1), uniq


def _out_shape(shape, axes, keep_dims):
    return tuple(1 if d in axes else n for d, n in enumerate(shape)) if keep_dims else \
        tuple(n for d, n in enumerate(shape) if d not in axes)


def _np_sparse_reduce(kind):
    op_type = "SparseReduceSum" if kind == "sum" else "SparseReduceMax"

    def forward(idx, vals, shape, reduction_axes, keep_dims=False):
        shape = tuple(int(d) for d in np.asarray(shape))
        axes = _reduction_axes(op_type, list(np.asarray(reduction_axes).reshape(-1)), len(shape))
        vals = np.asarray(vals)
        out = np.zeros(_out_shape(shape, axes, True), dtype=vals.dtype)
        if kind == "max":
            out = np.full(out.shape, _lowest(vals.dtype), dtype=vals.dtype)
            seen = np.zeros(out.shape, dtype=bool)
        idx = np.asarray(idx)
        where = tuple(np.zeros(len(idx), np.int64) if d in axes else idx[:, d] for d in range(len(shape)))
        if kind == "sum":
            np.add.at(out, where, vals)
        else:
            np.maximum.at(out, where, vals)
            seen[where] = True
            out = np.where(seen, out, np.zeros((), vals.dtype))   # a group with no value gives 0
        return out.reshape(_out_shape(shape, axes, keep_dims))
    return forward


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _reduce_sum_values_grad(g, y, idx, vals, shape, reduction_axes, keep_dims=False):
    dims = tuple(int(d) for d in shape._value)
    axes = _reduction_axes("SparseReduceSum", reduction_axes._value.reshape(-1).tolist(), len(dims))
    kept = A.reshape(g, _out_shape(dims, axes, True))
    return A._gather_nd(kept, _zero_columns(idx, axes))


def _zero_columns(idx, axes):
    out = np.array(idx._value, copy=True)
    out[:, list(axes)] = 0
    return Tensor(out)


_sparse_reduce_sum = defop("SparseReduceSum", _np_sparse_reduce("sum"), dtypes=D.NUMERIC, match=False)
defgrad(_sparse_reduce_sum, None, _reduce_sum_values_grad, None, None)
_sparse_reduce_max = defop("SparseReduceMax", _np_sparse_reduce("max"), dtypes=D.REAL, match=False)
unregistered_gradient(_sparse_reduce_max)


def _np_sparse_reduce_sparse(kind):
    """The SparseReduce{Sum,Max}Sparse forward: one value per group that has values."""
    def forward(idx, vals, shape, reduction_axes, keep_dims=False):
        shape = tuple(int(d) for d in np.asarray(shape))
        axes = tuple(int(a) for a in np.asarray(reduction_axes).reshape(-1))
        ids, kept = _groups(np.asarray(idx), shape, axes)
        vals = np.asarray(vals)
        reduce = np.sum if kind == "sum" else np.max
        values = np.array([reduce(vals[ids == k]) for k in range(len(kept))], dtype=vals.dtype)
        if keep_dims:
            full = np.zeros((len(kept), len(shape)), dtype=np.int64)
            full[:, [d for d in range(len(shape)) if d not in axes]] = kept
            kept = full
        return (np.asarray(kept, np.int64).reshape(len(values), -1), values,
                np.array(_out_shape(shape, axes, keep_dims), dtype=np.int64))
    return forward


# TF registers no gradient for the sparse-output reductions (LookupError, as there)
_sparse_reduce_sum_sparse = defop("SparseReduceSumSparse", _np_sparse_reduce_sparse("sum"), dtypes=D.NUMERIC,
                                  match=False, num_outputs=3)
unregistered_gradient(_sparse_reduce_sum_sparse)
_sparse_reduce_max_sparse = defop("SparseReduceMaxSparse", _np_sparse_reduce_sparse("max"), dtypes=D.REAL,
                                  match=False, num_outputs=3)
unregistered_gradient(_sparse_reduce_max_sparse)


def _reduce(op, sparse_op, sp_input, axis, keepdims, output_is_sparse):
    sp = sp_input
    rank = sp.indices.shape[1]   # a dense input fails here with AttributeError, as in TF
    axes = _reduction_axes(op.type, axis, rank)
    if not output_is_sparse:
        return op(sp.indices, sp.values, sp.dense_shape, _i64(list(axes)), keep_dims=bool(keepdims))
    return SparseTensor(*sparse_op(sp.indices, sp.values, sp.dense_shape, _i64(list(axes)),
                                   keep_dims=bool(keepdims)))


def reduce_sum(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """The sum of `sp_input`'s values over `axis` (all by default); dense unless output_is_sparse.

    Raises:
      InvalidArgumentError: an axis outside the rank.
    """
    return _reduce(_sparse_reduce_sum, _sparse_reduce_sum_sparse, sp_input, axis, keepdims, output_is_sparse)


def reduce_max(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """The maximum of `sp_input`'s values over `axis`; implicit zeros take no part, and a group
    with no value gives 0."""
    return _reduce(_sparse_reduce_max, _sparse_reduce_max_sparse, sp_input, axis, keepdims, output_is_sparse)


# ---- structure -----------------------------------------------------------------------------------
def reorder(sp_input, name=None):
    """The same SparseTensor with its values in row-major order of their coordinates."""
    sp = _check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    perm = _row_major(idx)
    return _sparse(idx[perm], _take(sp.values, perm), shape)


def reshape(sp_input, shape, name=None):
    """The SparseTensor with the same values in a new dense shape (one dimension may be -1).

    Raises:
      InvalidArgumentError: the element counts differ, or more than one dimension is -1.
    """
    sp = _check_sparse(sp_input)
    idx, _, old = sparse_parts(sp)
    if not isinstance(shape, Tensor):
        shape = convert_to_tensor(shape)
    new = list(A.shape_arg(M.cast(shape, D.int64)))   # a string shape fails in Cast, as in TF
    unknown = [d for d, n in enumerate(new) if n == -1]
    if len(unknown) > 1:
        raise kernel_error("SparseReshape", f"only one output dimension may be -1, not both {unknown[0]} "
                           f"and {unknown[1]}", name="")
    total = int(np.prod(old))
    known = int(np.prod([n for n in new if n != -1]))
    if unknown:
        if known == 0 or total % known:
            raise kernel_error("SparseReshape", f"Input to reshape is a tensor with {total} dense values, but "
                               f"the requested shape requires a multiple of {known}. "
                               f"input_shape={shape_list(old)} output_shape={shape_list(new)}", name="")
        new[unknown[0]] = total // known
    elif known != total:
        raise kernel_error("SparseReshape", f"Input to reshape is a tensor with {total} dense values, but the "
                           f"requested shape has {known}. input_shape={shape_list(old)} "
                           f"output_shape={shape_list(new)}", name="")
    flat = np.ravel_multi_index(idx.T, old) if len(idx) and len(old) else np.zeros(len(idx), np.int64)
    coords = np.stack(np.unravel_index(flat, new), axis=1) if new else np.zeros((len(idx), 0), np.int64)
    return _sparse(coords, sp.values, new)


def slice(sp_input, start, size, name=None):  # noqa: A001 (TF's name)
    """The part of `sp_input` in the box [start, start + size), clipped to its shape, re-based at 0.

    Raises:
      InvalidArgumentError: `start` or `size` is not one number per dimension.
    """
    sp = _check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    start, size = np.asarray(A.shape_arg(start)), np.asarray(A.shape_arg(size))
    for what, v in (("start", start), ("size", size)):
        if len(v) != len(shape):
            raise kernel_error("SparseSlice", f"Expected {what} to be a vector of length {len(shape)} but "
                               f"got length {len(v)}", name="")
    if (size < 0).any():
        raise kernel_error("SparseSlice", f"Expected a non-negative size, got {size[size < 0][0]}", name="")
    end = np.minimum(start + size, shape)
    keep = np.all((idx >= start) & (idx < end), axis=1) if len(idx) else np.zeros(0, bool)
    out_shape = np.maximum(end - start, 0)
    return _sparse(idx[keep] - start, _take(sp.values, np.nonzero(keep)[0]), out_shape)


def retain(sp_input, to_retain):
    """The values of `sp_input` where the bool vector `to_retain` is True.

    Raises:
      ValueError: `to_retain` has another length than the values.
    """
    sp = _check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    keep = np.asarray(to_retain._value if isinstance(to_retain, Tensor) else to_retain, dtype=bool).reshape(-1)
    if keep.shape[0] != idx.shape[0]:
        raise ValueError(f"Dimensions {idx.shape[0]} and {keep.shape[0]} are not compatible")
    # TF gathers here: the values' gradient is IndexedSlices
    return _sparse(idx[keep], A.gather(sp.values, Tensor(np.nonzero(keep)[0])), shape)


def expand_dims(sp_input, axis=None, name=None):
    """`sp_input` with a dimension of size 1 inserted at `axis` (negative counts from the end)."""
    sp = sp_input   # TF reads its attributes unchecked: AttributeError for a dense input
    idx, _, shape = sparse_parts(sp)
    rank = len(shape)
    axis = int(axis._value if isinstance(axis, Tensor) else axis)
    if not -rank - 1 <= axis <= rank:
        raise errors.InvalidArgumentError(None, "ExpandDims", f"Tried to expand dim index {axis} for tensor "
                                          f"with {rank} dimensions.")
    axis = axis % (rank + 1)
    coords = np.insert(idx, axis, 0, axis=1)
    return SparseTensor(Tensor(coords.astype(np.int64)), sp.values, _i64(np.insert(shape, axis, 1)))


def transpose(sp_input, perm=None, name=None):
    """`sp_input` with its dimensions permuted (reversed by default), in row-major order."""
    sp = sp_input   # TF reads its attributes unchecked: AttributeError for a dense input
    idx, _, shape = sparse_parts(sp)
    perm = list(range(len(shape)))[::-1] if perm is None else list(A.shape_arg(perm))
    coords = idx[:, perm]
    order = _row_major(coords)
    return _sparse(coords[order], _take(sp.values, order), shape[perm])


def eye(num_rows, num_columns=None, dtype=D.float32, name=None):
    """A sparse identity matrix of `num_rows` x `num_columns` (square by default)."""
    rows = int(num_rows)
    cols = rows if num_columns is None else int(num_columns)
    diag = np.arange(min(rows, cols), dtype=np.int64)
    dtype = D.as_dtype(dtype)
    return _sparse(np.stack([diag, diag], axis=1), Tensor(np.ones(diag.size, dtype.as_numpy_dtype)),
                   [rows, cols])


def concat(axis, sp_inputs, expand_nonconcat_dims=False, name=None):
    """The SparseTensors `sp_inputs` joined along `axis`; with expand_nonconcat_dims the other
    dimensions grow to the largest input's.

    Raises:
      InvalidArgumentError: other dimensions differ (without expanding) or value dtypes differ.
    """
    sps = [_check_sparse(s) for s in sp_inputs]
    n = len(sps)
    for k, s in enumerate(sps[1:], 1):
        if s.dtype is not sps[0].dtype:
            raise mismatch("SparseConcat", n + k, sps[0].dtype, s.dtype)
    shapes = [sparse_parts(s)[2] for s in sps]
    rank = len(shapes[0])
    if not -rank <= int(axis) < rank:
        raise kernel_error("SparseConcat", f"Concat dimension must be in range [-{rank}, {rank}), got {int(axis)}",
                           name="", node=f"SparseConcat_N_{n}")
    axis = int(axis) % rank
    out = np.array(shapes[0], copy=True)
    for k, s in enumerate(shapes[1:], 1):
        for d in range(rank):
            if d != axis and s[d] != shapes[0][d]:
                if not expand_nonconcat_dims:
                    raise kernel_error("SparseConcat", f"Input shapes must match: expected {shapes[0][d]} for "
                                       f"dimension {d} but got {s[d]} at position {k}", name="",
                                       node=f"SparseConcat_N_{n}")
                out[d] = max(out[d], s[d])
    offset, coords = 0, []
    for s, shape in zip(sps, shapes):
        c = np.array(sparse_parts(s)[0], copy=True)
        c[:, axis] += offset
        coords.append(c)
        offset += shape[axis]
    out[axis] = offset
    coords = np.concatenate(coords, axis=0)
    # TF's SparseConcat has no gradient for its values: the joined values are a new constant
    values = Tensor(np.concatenate([s.values._value for s in sps], axis=0))
    order = _row_major(coords)
    return _sparse(coords[order], _take(values, order), out)


def split(sp_input=None, num_split=None, axis=None, name=None):
    """`sp_input` cut into `num_split` pieces along `axis` (the first pieces one longer when the
    size does not divide)."""
    sp = _check_sparse(sp_input)
    shape = sparse_parts(sp)[2]
    axis = int(axis) % len(shape)
    num_split = int(num_split)
    if num_split < 1:
        raise errors.InvalidArgumentError(None, "SparseSplit", f"Value for attr 'num_split' of {num_split} must "
                                          "be at least minimum 1 [Op:SparseSplit]")
    if num_split > shape[axis]:
        raise kernel_error("SparseSplit", f"Input num_split should be between 1 and the splitting dimension size "
                           f"({int(shape[axis])}), got {num_split}", name="", node=f"SparseSplit_num_split_{num_split}")
    size, extra = divmod(int(shape[axis]), num_split)
    pieces, start = [], 0
    for k in range(num_split):
        length = size + (1 if k < extra else 0)
        begin, width = [0] * len(shape), list(shape)
        begin[axis], width[axis] = start, length
        pieces.append(slice(sp, begin, width))
        start += length
    return pieces


def fill_empty_rows(sp_input, default_value, name=None):
    """`sp_input` with `default_value` at `[row, 0, ...]` of every row that has no value, and the
    bool vector marking those rows."""
    sp = _check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    empty = np.ones(int(shape[0]), dtype=bool)
    empty[idx[:, 0]] = False
    rows = np.nonzero(empty)[0]
    added = np.zeros((rows.size, len(shape)), dtype=np.int64)
    added[:, 0] = rows
    fill = A.fill([rows.size], _as_values(default_value, sp.dtype))
    values = A._concat(sp.values, fill, axis=0)
    coords = np.concatenate([idx, added], axis=0)
    order = _row_major(coords)
    return _sparse(coords[order], _take(values, order), shape), Tensor(empty)


def to_indicator(sp_input, vocab_size, name=None):
    """A dense bool tensor, shape `dense_shape[:-1] + [vocab_size]`, True at each row's values."""
    sp = _check_sparse(sp_input)
    idx, vals, shape = sparse_parts(sp)
    out = np.zeros(tuple(shape[:-1]) + (int(vocab_size),), dtype=bool)
    ids = np.asarray(vals).astype(np.int64)
    bad = np.nonzero((ids < 0) | (ids >= int(vocab_size)))[0]
    if bad.size:
        raise kernel_error("SparseToDense", f"Indices are not valid (out of bounds).  Shape: {shape_list(out.shape)}",
                           name="")
    out[tuple(idx[:, d] for d in range(len(shape) - 1)) + (ids,)] = True
    return Tensor(out)


def map_values(op, *args, **kwargs):
    """`op` applied to the values of the SparseTensors among the arguments (all of one sparsity).

    Raises:
      ValueError: no argument is a SparseTensor.
      InvalidArgumentError: the SparseTensors' indices or shapes differ.
    """
    found = [a for a in list(args) + list(kwargs.values()) if isinstance(a, SparseTensor)]
    if not found:
        raise ValueError("No SparseTensor in argument list of map_values")
    first = found[0]
    for other in found[1:]:
        same = (np.array_equal(other.indices._value, first.indices._value)
                and np.array_equal(other.dense_shape._value, first.dense_shape._value))
        if not same:
            raise errors.InvalidArgumentError(None, None, "Mismatched indices!")
    def unwrap(a):
        return a.values if isinstance(a, SparseTensor) else a
    values = op(*[unwrap(a) for a in args], **{k: unwrap(v) for k, v in kwargs.items()})
    return SparseTensor(first.indices, values, first.dense_shape)


def _elementwise_extreme(name, fn, sp_a, sp_b):
    a, b = _check_sparse(sp_a), _check_sparse(sp_b)
    ai, av, ash = sparse_parts(a)
    bi, bv, bsh = sparse_parts(b)
    _check_same_shape(name, ash, bsh)
    if a.dtype is not b.dtype:
        raise mismatch(name, 4, a.dtype, b.dtype)
    zero = np.zeros((), av.dtype)
    rows, vals = [], []
    for i, j in _merge(ai, bi):   # a coordinate missing on one side counts as an implicit zero
        rows.append(ai[i] if i is not None else bi[j])
        vals.append(fn(av[i] if i is not None else zero, bv[j] if j is not None else zero))
    return _sparse(np.array(rows, np.int64), Tensor(np.array(vals, av.dtype)), ash)


def minimum(sp_a, sp_b, name=None):
    """The elementwise minimum of two SparseTensors of one shape (missing values are 0)."""
    return _elementwise_extreme("SparseSparseMinimum", np.minimum, sp_a, sp_b)


def maximum(sp_a, sp_b, name=None):
    """The elementwise maximum of two SparseTensors of one shape (missing values are 0)."""
    return _elementwise_extreme("SparseSparseMaximum", np.maximum, sp_a, sp_b)


def softmax(sp_input, name=None):
    """Softmax over the values of each innermost row (implicit zeros take no part)."""
    sp = sp_input   # TF reads its attributes unchecked: AttributeError for a dense input
    idx, vals, shape = sparse_parts(sp)
    if len(shape) < 2:
        raise kernel_error("SparseSoftmax", f"Input should have rank >= 2, but received shape: "
                           f"{' '.join(map(str, shape))}", name="")
    ids, kept = _groups(idx, shape, (len(shape) - 1,))
    shift = np.zeros(len(kept), vals.dtype)
    for k in range(len(kept)):   # shifting by a constant per row changes neither value nor gradient
        shift[k] = vals[ids == k].max()
    e = M.exp(sp.values - Tensor(shift[ids]))
    total = A._segment_sum_op(e, Tensor(ids), num_segments=len(kept))
    return SparseTensor(sp.indices, e / _take(total, ids), sp.dense_shape)


def bincount(values, weights=None, axis=0, minlength=None, maxlength=None, binary_output=False, name=None):
    """Counts of each value (or sums of `weights`) as a SparseTensor; axis=0 counts over all
    values, axis=-1 per row of a rank-2 input. A SparseTensor input counts only its values."""
    if isinstance(values, SparseTensor):
        idx, flat, shape = sparse_parts(values)
        rows = idx[:, 0] if len(shape) > 1 else np.zeros(len(flat), np.int64)
        counted = values.values
    else:
        t = values if isinstance(values, Tensor) else convert_to_tensor(values)
        flat = t._value.reshape(-1)
        rows = np.repeat(np.arange(t._value.shape[0]), t._value.shape[-1]) if t.ndim == 2 else \
            np.zeros(flat.size, np.int64)
        counted, shape = t, np.array(t._value.shape)
    flat = np.asarray(flat).astype(np.int64)
    if (flat < 0).any():
        raise kernel_error("DenseCountSparseOutput", "Input values must all be non-negative", name="")
    per_row = axis in (-1, 1) and len(shape) == 2
    if not per_row:
        rows = np.zeros(flat.size, np.int64)
    size = int(flat.max()) + 1 if flat.size else 0
    if minlength is not None:
        size = max(size, int(minlength))
    if maxlength is not None:
        size = min(size, int(maxlength))
    keep = flat < size
    if weights is not None:
        w = weights.values if isinstance(weights, SparseTensor) else \
            (weights if isinstance(weights, Tensor) else convert_to_tensor(weights))
        wv, dtype = w._value.reshape(-1), w._value.dtype
    else:
        wv, dtype = np.ones(flat.size, counted._value.dtype), counted._value.dtype
    counts = {}
    for r, v, x in zip(rows[keep], flat[keep], wv[keep]):
        key = (int(r), int(v)) if per_row else (int(v),)
        counts[key] = 1 if binary_output else counts.get(key, 0) + x
    keys = sorted(counts)
    out_shape = [int(shape[0]), size] if per_row else [size]
    return _sparse(np.array(keys, np.int64).reshape(-1, len(out_shape)),
                   Tensor(np.array([counts[k] for k in keys], dtype=dtype)), out_shape)


def segment_sum(data, indices, segment_ids, num_segments=None, name=None, sparse_gradient=False):
    """Sums of the rows `data[indices]` by sorted `segment_ids` (`num_segments` rows if given)."""
    data = data if isinstance(data, Tensor) else convert_to_tensor(data)
    ids = indices._value if isinstance(indices, Tensor) else np.asarray(indices)
    rows = _take(data, ids)
    if num_segments is not None:
        return A.unsorted_segment_sum(rows, segment_ids, num_segments)
    return A.segment_sum(rows, segment_ids)


def segment_mean(data, indices, segment_ids, num_segments=None, name=None, sparse_gradient=False):
    """Means of the rows `data[indices]` by sorted `segment_ids`."""
    return _segment_scaled(data, indices, segment_ids, num_segments, lambda n: n)


def segment_sqrt_n(data, indices, segment_ids, num_segments=None, name=None, sparse_gradient=False):
    """Sums of the rows `data[indices]` by sorted `segment_ids`, over the root of each count."""
    return _segment_scaled(data, indices, segment_ids, num_segments, np.sqrt)


def _segment_scaled(data, indices, segment_ids, num_segments, scale):
    total = segment_sum(data, indices, segment_ids, num_segments)
    ids = np.asarray(segment_ids._value if isinstance(segment_ids, Tensor) else segment_ids).reshape(-1)
    counts = np.bincount(ids, minlength=total._value.shape[0]).astype(total._value.dtype)
    divisor = scale(np.maximum(counts, 1)).reshape((-1,) + (1,) * (total.ndim - 1))
    return total / Tensor(divisor.astype(total._value.dtype))


def reset_shape(sp_input, new_shape=None):
    """`sp_input` with dense shape `new_shape`, or the tightest shape holding its indices.

    Raises:
      ValueError: `new_shape` has another rank, or is smaller than an index needs.
    """
    sp = _check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    tight = idx.max(axis=0) + 1 if len(idx) else np.zeros(len(shape), np.int64)
    if new_shape is None:
        return SparseTensor(sp.indices, sp.values, _i64(tight))
    new = np.array(A.shape_arg(new_shape), dtype=np.int64)
    if new.shape != shape.shape:
        raise ValueError(f"Shapes {list(new)} and {list(shape)} must have the same rank")
    if (new < shape).any():
        # TF's message names the two shapes the other way round; it is reproduced as TF prints it
        raise ValueError(f"Requested new_shape should have dimension sizes >= sp_input.shape.  Found new_shape "
                         f"({shape}), sp_input.shape ({new}).")
    return SparseTensor(sp.indices, sp.values, _i64(new))


def _cross_rows(inputs):
    """Each input's features per row: a SparseTensor's values of that row, a dense row's all."""
    columns = []
    for x in inputs:
        if isinstance(x, SparseTensor):
            idx, vals, shape = sparse_parts(x)
            rows = [[] for _ in range(int(shape[0]))]
            for r, v in zip(idx[:, 0], vals):
                rows[int(r)].append(v)
        else:
            t = x if isinstance(x, Tensor) else convert_to_tensor(x)
            rows = [list(r) for r in t._value]
        columns.append(rows)
    return columns


def _crossed(inputs, combine):
    columns = _cross_rows(inputs)
    coords, values = [], []
    for r in range(len(columns[0])):
        for k, combo in enumerate(itertools.product(*[c[r] for c in columns])):
            coords.append((r, k))
            values.append(combine(combo))
    width = max([k + 1 for _, k in coords], default=0)
    return coords, values, [len(columns[0]), width]


def _feature_text(v):
    return v if isinstance(v, bytes) else str(int(v)).encode()


def cross(inputs, name=None, separator=None):
    """The crosses of the features of `inputs` (SparseTensors or dense 2-D) row by row, as
    strings joined by `separator` ("_X_")."""
    sep = (separator or "_X_").encode()
    coords, values, shape = _crossed(inputs, lambda combo: sep.join(_feature_text(v) for v in combo))
    return _sparse(coords, Tensor(object_array(values, (len(values),))), shape)


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The crosses of the features of `inputs` row by row, each hashed as TF's FingerprintCat64
    chain (strings fingerprinted, integers as they are), modulo `num_buckets` (int64)."""
    key = 0xDECAFCAFFE if hash_key is None else int(hash_key)
    buckets = int(num_buckets) or (2 ** 63 - 1)
    def combine(combo):
        out = key
        for v in combo:
            out = string_hash.fingerprint_cat64(out, string_hash.fingerprint64(v) if isinstance(v, bytes)
                                                else int(v) & ((1 << 64) - 1))
        return out % buckets
    coords, values, shape = _crossed(inputs, combine)
    return _sparse(coords, Tensor(np.array(values, dtype=np.int64)), shape)


def mask(a, mask_indices, name=None):
    """The IndexedSlices `a` without the slices whose index is in `mask_indices`."""
    indices = a.indices._value
    drop = np.asarray(mask_indices._value if isinstance(mask_indices, Tensor) else mask_indices)
    keep = Tensor(np.nonzero(~np.isin(indices, drop))[0].astype(np.int32))
    return IndexedSlices(A.gather(a.values, keep), A.gather(a.indices, keep), a.dense_shape)


export(to_dense, "sparse.to_dense")
export(from_dense, "sparse.from_dense")
export(add, "sparse.add")
export(sparse_dense_matmul, "sparse.sparse_dense_matmul")
export(reduce_sum, "sparse.reduce_sum")
export(reduce_max, "sparse.reduce_max")
export(reorder, "sparse.reorder")
export(reshape, "sparse.reshape")
export(slice, "sparse.slice")
export(retain, "sparse.retain")
export(expand_dims, "sparse.expand_dims")
export(transpose, "sparse.transpose")
export(eye, "sparse.eye")
export(concat, "sparse.concat")
export(split, "sparse.split")
export(fill_empty_rows, "sparse.fill_empty_rows")
export(to_indicator, "sparse.to_indicator")
export(map_values, "sparse.map_values")
export(minimum, "sparse.minimum")
export(maximum, "sparse.maximum")
export(softmax, "sparse.softmax")
export(bincount, "sparse.bincount")
export(segment_sum, "sparse.segment_sum")
export(mask, "sparse.mask")
export(segment_mean, "sparse.segment_mean")
export(segment_sqrt_n, "sparse.segment_sqrt_n")
export(reset_shape, "sparse.reset_shape")
export(cross, "sparse.cross")
export(cross_hashed, "sparse.cross_hashed")


# ---- unary elementwise ops take SparseTensors (TF's dispatch): applied to the values --------------
# registered ops reach `_op_dispatch` through the registry's DISPATCH table; exported Python
# functions are wrapped. The Python names are the last components of TF's
# `dispatch.unary_elementwise_apis()`; binary ops refuse a SparseTensor, as TF's do.
_UNARY_OPS = frozenset("""
    Abs Acos Acosh Asin Asinh Atan Atanh Ceil Cos Cosh Exp Expm1 Floor Log Log1p Neg Sign Sin Sinh
    Sqrt Square Tan Tanh Sigmoid Round Rint Rsqrt Reciprocal Inv Erf Erfc Erfinv Lgamma Digamma
    LogicalNot IsNan IsInf IsFinite Softplus Softsign Conj Real Imag Angle Cast Invert Relu Relu6 Elu
    Selu LeakyRelu ZerosLike OnesLike ComplexAbs Ndtri BesselI0 BesselI0e BesselI1 BesselI1e
""".split())

_UNARY_APIS = frozenset("""
    abs acos acosh adjust_brightness adjust_gamma angle as_string asin asinh atan atanh bessel_i0
    bessel_i0e bessel_i1 bessel_i1e bessel_j0 bessel_j1 bessel_k0 bessel_k0e bessel_k1 bessel_k1e
    bessel_y0 bessel_y1 cast ceil check_numerics clip_by_value conj convert_image_dtype cos cosh
    dawsn digamma elu erf erfc erfcinv erfinv exp expint expm1 floor fresnel_cos fresnel_sin gelu
    imag invert is_finite is_inf is_nan leaky_relu lgamma log log1p log_sigmoid log_softmax
    logical_not ndtri negative next_after ones_like real reciprocal reciprocal_no_nan
    regex_full_match regex_replace relu relu6 rint round rsqrt saturate_cast selu sigmoid sign silu
    sin sinh softplus softsign spence sqrt square swish tan tanh unicode_script unicode_transcode
    zeros_like length lower upper strip to_number to_hash_bucket to_hash_bucket_fast
    to_hash_bucket_strong substr
""".split())


def _op_dispatch(op, args, attrs):
    """A registered op given a SparseTensor: a unary elementwise op maps its values; any other
    raises TF's conversion error."""
    if op.type in _UNARY_OPS and len(args) == 1:
        return args[0].with_values(op(args[0].values, **attrs))
    return convert_to_tensor(next(a for a in args if isinstance(a, SparseTensor)))   # TF's ValueError


def _on_values(fn):
    @functools.wraps(fn)
    def dispatching(*args, **kwargs):
        if args and isinstance(args[0], SparseTensor):
            kwargs.pop("name", None)
            return args[0].with_values(fn(args[0].values, *args[1:], **kwargs))
        return fn(*args, **kwargs)
    return dispatching


def install_dispatch():
    """Makes the unary elementwise ops take SparseTensors (called once every family is imported)."""
    DISPATCH[SparseTensor] = _op_dispatch
    wrapped = {}
    for name, fn in list(EXPORTS.items()):
        if name.rsplit(".", 1)[-1] in _UNARY_APIS and callable(fn) and not isinstance(fn, (Op, type)):
            if id(fn) not in wrapped:
                wrapped[id(fn)] = _on_values(fn)
            EXPORTS[name] = wrapped[id(fn)]
