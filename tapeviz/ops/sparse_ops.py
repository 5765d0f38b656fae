"""`tf.sparse`'s kernels that TF differentiates, and the helpers every sparse module shares.

SparseToDense, SparseAdd, SparseTensorDenseAdd, SparseTensorDenseMatMul, SparseReduceSum and
SparseDenseCwiseMul/Div are registered ops with their gradient rules; the sparse-output reductions
and SparseReduceMax are ops TF registers no gradient for. The structural ops are in
`sparse_structure.py`, counting and crossing in `sparse_features.py`, and the dispatch of unary
ops on SparseTensors in `sparse_dispatch.py`. Coordinates are assumed canonical (row-major sorted)
wherever TF's kernels assume it.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, mismatch
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.registry import defgrad, defop, unregistered_gradient
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.sparse_tensor import SparseTensor


# ---- helpers -------------------------------------------------------------------------------------
def int64_tensor(array):
    return Tensor(np.asarray(array, dtype=np.int64))


def make_sparse(indices, values, shape):
    """A SparseTensor from NumPy coordinates and shape and a values Tensor."""
    indices = np.asarray(indices, dtype=np.int64)
    rows = indices.shape[0] if indices.ndim == 2 else (indices.size // len(shape) if len(shape) else 0)
    return SparseTensor(int64_tensor(indices.reshape(rows, len(shape))), values, int64_tensor(np.asarray(shape, np.int64)))


def take_rows(values, positions):
    """values[positions] along the first axis, with a dense gradient (TF's sparse kernels give
    dense value gradients; a row gather's would be IndexedSlices)."""
    positions = np.asarray(positions, dtype=np.int64).reshape(-1)
    shape = values._value.shape
    picked = A._gather(A._reshape(values, shape=(1,) + shape), Tensor(positions), axis=1)
    return A._reshape(picked, shape=(positions.size,) + shape[1:])


def check_sparse(x):
    if not isinstance(x, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return x


def row_major(indices):
    """The permutation putting `indices` in row-major order (stable)."""
    if indices.shape[0] == 0 or indices.shape[1] == 0:
        return np.arange(indices.shape[0])
    return np.lexsort(indices.T[::-1])


def _fmt_index(row):
    return "[" + ",".join(str(int(v)) for v in row) + "]"


def as_values(x, dtype):
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
    sp = check_sparse(sp_input)
    dtype = sp.dtype
    if default_value is None:
        default_value = b"" if dtype is D.string else dtype.as_numpy_dtype(0)
    default = as_values(default_value, dtype)
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
    return SparseTensor(Tensor(indices), A._gather_nd(t, Tensor(indices)), int64_tensor(x.shape))


# ---- add -----------------------------------------------------------------------------------------
def check_same_shape(op_type, a_shape, b_shape):
    a_shape, b_shape = np.asarray(a_shape).reshape(-1), np.asarray(b_shape).reshape(-1)
    if a_shape.shape != b_shape.shape:
        raise kernel_error(op_type, f"Operands do not have the same ranks; got shapes: "
                           f"{shape_list(a_shape)} and {shape_list(b_shape)}", name="")
    for d, (x, y) in enumerate(zip(a_shape, b_shape)):
        if x != y:
            raise kernel_error(op_type, f"Operands' shapes do not match: got {x} and {y} for dimension {d}",
                               name="")


def merge_coordinates(a_idx, b_idx):
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
    check_same_shape("SparseAdd", a_shape, b_shape)
    a_idx, b_idx = np.asarray(a_idx), np.asarray(b_idx)
    rows, vals = [], []
    for i, j in merge_coordinates(a_idx, b_idx):
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
        thresh = as_values(threshold, D.as_dtype(real) if real is not None else D.float32)
        i, v, s = _sparse_add(a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape, thresh)
        return SparseTensor(i, v, s)
    sp, dense = (a, b) if a_sparse else (b, a)
    dense = as_values(dense, sp.dtype)
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
    sp = check_sparse(sp_a)
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


def groups(idx, shape, axes):
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
        ids, kept = groups(np.asarray(idx), shape, axes)
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
        return op(sp.indices, sp.values, sp.dense_shape, int64_tensor(list(axes)), keep_dims=bool(keepdims))
    return SparseTensor(*sparse_op(sp.indices, sp.values, sp.dense_shape, int64_tensor(list(axes)),
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


export(to_dense, "sparse.to_dense")
export(from_dense, "sparse.from_dense")
export(add, "sparse.add")
export(sparse_dense_matmul, "sparse.sparse_dense_matmul")
export(reduce_sum, "sparse.reduce_sum")
export(reduce_max, "sparse.reduce_max")
