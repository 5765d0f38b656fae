"""Reductions, joining and masking of RaggedTensors (`tf.reduce_*`, `tf.concat`, `tf.stack`,
`tf.boolean_mask`, `tf.expand_dims`, `tf.gather` given ragged inputs).

A reduction over a ragged axis pads to the bounding shape with the reduction's identity (TF's
empty-segment value: 0, 1, the dtype's lowest or highest), reduces the dense tensor, and cuts
the result back to the rows that exist. The padding and cutting are gathers, so gradients reach
the values.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.ragged import checks, conversion
from tapeviz.ops.ragged.elementwise import elementwise, splits_mismatch
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor, _bounding_dims, _tensor
from tapeviz.ops.ragged.rows import gather_rows, ranges

_REDUCE = {"sum": M.reduce_sum, "prod": M.reduce_prod, "max": M.reduce_max, "min": M.reduce_min,
           "any": M.reduce_any, "all": M.reduce_all}


def _identity(kind, dtype):
    if kind == "sum":
        return 0
    if kind == "prod":
        return 1
    if kind in ("any", "all"):
        return kind == "all"
    np_type = dtype.as_numpy_dtype
    info = np.finfo(np_type) if dtype.is_floating else np.iinfo(np_type)
    return info.min if kind == "max" else info.max


def level_masks(rt):
    """[M0, M1, ...]: Mj (bool, the bounding shape's first j + 1 dims) marks the cells of ragged
    level j that exist, empty rows included."""
    dims = _bounding_dims(rt)
    masks = [np.ones(dims[:1], bool)]
    for j, pos in enumerate(conversion.level_positions(rt)[1:], 1):
        m = np.zeros(dims[:j + 1], bool)
        m[tuple(pos.T)] = True
        masks.append(m)
    return masks


def from_dense(dense, masks):
    """The RaggedTensor of `dense` whose ragged levels exist where `masks` say (see level_masks)."""
    if len(masks) == 1:
        return dense
    result = A.gather_nd(dense, Tensor(np.argwhere(masks[-1]).astype(np.int64)))
    for j in range(len(masks) - 1, 0, -1):
        counts = masks[j].sum(axis=-1)[masks[j - 1]]
        splits = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        result = RaggedTensor._from_splits(result, Tensor(splits))
    return result


def reduce(kind, rt, axis=None, keepdims=False):
    """`tf.reduce_<kind>` of a RaggedTensor (see the module docstring)."""
    if axis is None:
        return _REDUCE[kind](rt.flat_values, keepdims=keepdims) if kind != "mean" else _mean(rt, None, keepdims)
    axes = _axes(rt, axis)
    if not axes:
        return rt
    if len(axes) > 1:
        if kind == "mean":
            raise NotImplementedError("tapeviz: reduce_mean of a RaggedTensor over several axes")
        result = rt
        for a in sorted(axes, reverse=True):
            result = reduce(kind, result, a, keepdims) if isinstance(result, RaggedTensor) else \
                _REDUCE[kind](result, a, keepdims=keepdims)
        return result
    if kind == "mean":
        return _mean(rt, axes[0], keepdims)
    return _reduce_axis(kind, rt, axes[0], keepdims)


def _axes(rt, axis):
    rank = rt.shape.rank
    items = axis if isinstance(axis, (list, tuple)) else [axis]
    out = []
    for a in items:
        a = int(a._value) if isinstance(a, Tensor) else int(a)
        if not -rank <= a < rank:
            raise ValueError(f"axis={a} out of bounds: expected {-rank}<=axis<{rank}")
        out.append(a % rank)
    return out


def _reduce_axis(kind, rt, axis, keepdims):
    k = rt.ragged_rank
    if axis > k:       # a uniform inner dimension: reduce the values
        result = rt.with_flat_values(_REDUCE[kind](rt.flat_values, axis - k, keepdims=keepdims))
        return result
    shape = [None] * rt.shape.rank
    if _bounding_dims(rt)[axis] == 0:      # all rows empty: reduce one padding cell (TF's identity)
        shape[axis] = 1
    dense = rt.to_tensor(default_value=_identity(kind, rt.dtype), shape=shape)
    reduced = _REDUCE[kind](dense, axis)
    masks = level_masks(rt)
    new = masks[:axis] + [m.any(axis=axis) for m in masks[axis + 1:]] if axis else \
        [m.any(axis=0) for m in masks[1:]]
    result = from_dense(reduced, new)
    return expand_dims(result, axis) if keepdims else result


def cumsum(rt, axis=0, exclusive=False, reverse=False):
    """`tf.math.cumsum` of a RaggedTensor along any axis: the zero padding adds nothing."""
    axis = _axes(rt, axis)[0]
    if axis > rt.ragged_rank:
        return rt.with_flat_values(M.cumsum(rt.flat_values, axis - rt.ragged_rank, exclusive, reverse))
    dense = M.cumsum(rt.to_tensor(), axis, exclusive, reverse)
    return from_dense(dense, level_masks(rt))


def _mean(rt, axis, keepdims):
    total = reduce("sum", rt, axis, keepdims)
    ones = rt.with_flat_values(A.ones_like(rt.flat_values))
    count = reduce("sum", ones, axis, keepdims)
    if isinstance(total, RaggedTensor):
        return total.with_flat_values(M.truediv(total.flat_values, count.flat_values))
    return M.truediv(total, count)


def reduce_variance(rt, axis=None, keepdims=False, std=False):
    mean = reduce("mean", rt, axis, keepdims=True) if axis is not None else reduce("mean", rt)
    squared = elementwise(M.squared_difference, (rt, mean), {}) if not isinstance(mean, RaggedTensor) \
        else rt.with_flat_values(M.squared_difference(rt.flat_values, mean.flat_values))
    variance = reduce("mean", squared, axis, keepdims)
    if std:
        return variance.with_flat_values(M.sqrt(variance.flat_values)) if isinstance(
            variance, RaggedTensor) else M.sqrt(variance)
    return variance


# ---- shape -----------------------------------------------------------------------------------------
def expand_dims(x, axis):
    """`x` with a new dimension of size 1 at `axis` (a ragged or dense `x`)."""
    if not isinstance(x, RaggedTensor):
        return A.expand_dims(x, axis)
    rank = x.shape.rank
    if not -rank - 1 <= axis <= rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank - 1}<=axis<{rank + 1}")
    axis %= rank + 1
    dtype = x._splits_dtype.as_numpy_dtype
    if axis == 0:
        return RaggedTensor._from_splits(x, Tensor(np.array([0, x.nrows_py()], dtype)),
                                         uniform_row_length=x.nrows_py())
    if axis == 1:
        splits = Tensor(np.arange(x.nrows_py() + 1, dtype=dtype))
        return RaggedTensor._from_splits(x, splits, uniform_row_length=1)
    return x.with_values(expand_dims(x.values, axis - 1))


# ---- joining ---------------------------------------------------------------------------------------
def as_ragged(x, ragged_rank=1, splits_dtype=D.int64):
    """A RaggedTensor of the same value (dense tensors become ragged with uniform rows)."""
    if isinstance(x, RaggedTensor):
        return x
    t = _tensor(x)
    if t.ndim < 2:
        raise ValueError(f"Expected a RaggedTensor or a Tensor of rank >= 2, got shape {t.shape}")
    return conversion.from_tensor(t, None, None, min(ragged_rank, t.ndim - 1), splits_dtype)


def concat(values, axis):
    """`tf.concat` of RaggedTensors (and dense tensors of the same rank)."""
    values = [v if isinstance(v, RaggedTensor) else _tensor(v) for v in values]
    rank = max(v.shape.rank for v in values)
    if not -rank <= axis < rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}")
    axis %= rank
    k = max(v.ragged_rank for v in values if isinstance(v, RaggedTensor))
    rts = [as_ragged(v, k) for v in values]
    if len({r.shape.rank for r in rts}) > 1:
        raise ValueError("Rank mismatch: all inputs must have the same rank")
    if axis == 0:
        return _concat_rows(rts)
    if axis == 1:
        return _concat_columns(rts)
    nrows = {r.nrows_py() for r in rts}
    if len(nrows) > 1:
        raise ValueError("Input tensors have incompatible shapes.")
    for r in rts[1:]:
        if not np.array_equal(r.row_splits._value, rts[0].row_splits._value):
            raise ValueError("Input tensors at index 0 (=x) and 1 (=y) have incompatible shapes.")
    inner = concat([r.values for r in rts], axis - 1) if isinstance(rts[0].values, RaggedTensor) else \
        A.concat([r.values for r in rts], axis - 1)
    return rts[0].with_values(inner)


def _concat_rows(rts):
    dtype = rts[0]._splits_dtype.as_numpy_dtype
    if all(isinstance(r.values, RaggedTensor) for r in rts):
        values = _concat_rows([r.values for r in rts])
    elif any(isinstance(r.values, RaggedTensor) for r in rts):
        values = _concat_rows([as_ragged(r.values) for r in rts])
    else:
        values = A.concat([r.values for r in rts], 0)
    lengths = np.concatenate([np.diff(r.row_splits._value) for r in rts])
    splits = np.concatenate([[0], np.cumsum(lengths)]).astype(dtype)
    return RaggedTensor._from_splits(values, Tensor(splits))


def _concat_columns(rts):
    """Row i of the result is row i of each input, joined."""
    for i, r in enumerate(rts[1:], 1):
        if r.nrows_py() != rts[0].nrows_py():
            raise checks.equal_failure(f"Input tensors at index 0 (=x) and {i} (=y) have incompatible "
                                       "shapes.", [rts[0].nrows_py()], [r.nrows_py()])
    n = rts[0].nrows_py()
    stacked = _concat_rows(rts)           # every input's rows, one input after another
    order = np.arange(len(rts) * n).reshape(len(rts), n).T.reshape(-1)
    interleaved = gather_rows(stacked, order)   # row i of input 0, row i of input 1, ...
    s = interleaved.row_splits._value
    splits = s[::len(rts)]
    return RaggedTensor._from_splits(interleaved.values, Tensor(splits))


def stack(values, axis):
    """`tf.stack` of RaggedTensors: each input gains a dimension at `axis`, then they are joined."""
    values = [v if isinstance(v, RaggedTensor) else _tensor(v) for v in values]
    rank = max(v.shape.rank for v in values) + 1
    if not -rank <= axis < rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}")
    axis %= rank
    k = max(v.ragged_rank for v in values if isinstance(v, RaggedTensor))
    rts = [as_ragged(v, k) for v in values]
    if axis == 0:
        n = [r.nrows_py() for r in rts]
        splits = np.concatenate([[0], np.cumsum(n)]).astype(rts[0]._splits_dtype.as_numpy_dtype)
        return RaggedTensor._from_splits(_concat_rows(rts), Tensor(splits))
    return concat([expand_dims(r, axis) for r in rts], axis)


# ---- masking and gathering --------------------------------------------------------------------------
def boolean_mask(data, mask):
    """The values of `data` where `mask` is True, keeping the mask's row structure (the last
    mask dimension becomes ragged). A 1-D mask picks rows."""
    if isinstance(mask, RaggedTensor):
        m_rt = mask
    else:
        m = _tensor(mask)
        if m.dtype is not D.bool:
            raise ValueError(f"mask.dtype={m.dtype!r} is not bool")
        if m.ndim == 0:
            raise ValueError("mask cannot be scalar.")
        if m.ndim == 1:
            rows = np.flatnonzero(m._value)
            data_rows = data.nrows_py() if isinstance(data, RaggedTensor) else _tensor(data)._value.shape[0]
            if m._value.shape[0] != data_rows:
                raise ValueError("The mask's shape must be compatible with the data's outer dimension")
            return gather_rows(data if isinstance(data, RaggedTensor) else _tensor(data), rows)
        m_rt = conversion.from_tensor(m, None, None, m.ndim - 1, D.int64)
    if m_rt.dtype is not D.bool:
        raise ValueError(f"mask.dtype={m_rt.dtype!r} is not bool")
    k = m_rt.ragged_rank
    d_rt = data if isinstance(data, RaggedTensor) else conversion.from_tensor(_tensor(data), None, None, k,
                                                                              D.int64)
    if d_rt.ragged_rank < k:
        d_rt = as_ragged(d_rt, k)
    outer_d = _truncate(d_rt, k)
    for a, b in zip(outer_d.nested_row_splits, m_rt.nested_row_splits):
        if not np.array_equal(a._value, b._value):
            raise splits_mismatch(b._value, a._value, "Inputs must have identical ragged splits")
    keep = m_rt.flat_values._value
    positions = np.flatnonzero(keep)
    values = gather_rows(outer_d.flat_values, positions)
    inner_splits = m_rt.nested_row_splits[-1]._value
    counts = np.add.reduceat(keep.astype(np.int64), inner_splits[:-1]) if keep.size else \
        np.zeros(len(inner_splits) - 1, np.int64)
    counts = np.where(np.diff(inner_splits) > 0, counts, 0)
    new_inner = np.concatenate([[0], np.cumsum(counts)]).astype(inner_splits.dtype)
    result = RaggedTensor._from_splits(values, Tensor(new_inner))
    for splits in reversed(m_rt.nested_row_splits[:-1]):
        result = RaggedTensor._from_splits(result, splits)
    return result


def _truncate(rt, k):
    """`rt` seen as ragged_rank `k`: its first k partitions over values of the deeper levels."""
    if k == 1:
        return RaggedTensor._from_splits(rt.values, rt.row_splits)
    return RaggedTensor._from_splits(_truncate(rt.values, k - 1), rt.row_splits)


def gather(params, indices, axis=0):
    """Rows `indices` of a RaggedTensor (`tf.gather` along axis 0)."""
    if axis not in (0, None):
        raise NotImplementedError("tapeviz: tf.gather of a RaggedTensor along an axis other than 0")
    idx = _tensor(indices)._value
    n = params.nrows_py()
    if idx.size and np.any((idx < -n) | (idx >= n)):
        i = int(np.flatnonzero((idx.reshape(-1) < -n) | (idx.reshape(-1) >= n))[0])
        raise kernel_error("RaggedGather", f"indices[{i}] = {int(idx.reshape(-1)[i])} is not in [0, {n})",
                           name="", node=f"RaggedGather_OUTPUT_RAGGED_RANK_{params.ragged_rank + idx.ndim - 1}"
                                         f"_PARAMS_RAGGED_RANK_{params.ragged_rank}")
    if idx.ndim == 0:
        return params[int(idx)]
    result = gather_rows(params, idx.reshape(-1) % n if n else idx.reshape(-1))
    for d in reversed(idx.shape[1:]):     # each further index dimension becomes a ragged one
        m = result.nrows_py() // d
        result = RaggedTensor._from_splits(result, Tensor((np.arange(m + 1) * d).astype(np.int64)))
    return result


def reverse(rt, axis):
    """`tf.reverse` of a RaggedTensor: rows (axis 0), each row's values (a ragged axis), or a
    uniform inner axis."""
    result = rt
    for a in _axes(rt, axis):
        result = _reverse_axis(result, a)
    return result


def _reverse_axis(x, axis):
    if not isinstance(x, RaggedTensor):
        return A.reverse(x, [axis])
    if axis == 0:
        return gather_rows(x, np.arange(x.nrows_py())[::-1])
    if axis > 1:
        return x.with_values(_reverse_axis(x.values, axis - 1))
    s = x.row_splits._value.astype(np.int64)
    lengths = np.diff(s)
    row = np.repeat(np.arange(len(lengths)), lengths)
    order = s[row] + s[row + 1] - 1 - ranges(s[:-1], lengths)     # each row's values backwards
    return x.with_values(gather_rows(x.values, order))


def tile(rt, multiples):
    """`tf.tile` of a RaggedTensor: rows repeated `multiples[0]` times, each row's values
    `multiples[1]` times, and the inner dimensions tiled."""
    m = [int(v) for v in np.asarray(_tensor(multiples)._value).reshape(-1)]
    if len(m) != rt.shape.rank:
        raise ValueError(f"Expected multiples to have length {rt.shape.rank}, got {len(m)}")
    if rt.ragged_rank != 1:
        raise NotImplementedError("tapeviz: tf.tile of a RaggedTensor with ragged_rank > 1")
    s = rt.row_splits._value
    each = np.repeat(np.arange(len(s) - 1), m[1])       # every row m[1] times over, in place
    positions = np.tile(ranges(s[each], np.diff(s)[each]), m[0])
    lengths = np.tile(np.diff(s) * m[1], m[0])
    values = gather_rows(rt.values, positions)
    if len(m) > 2 and any(k != 1 for k in m[2:]):
        values = A.tile(values, [1] + m[2:])
    splits = np.concatenate([[0], np.cumsum(lengths)]).astype(s.dtype)
    return RaggedTensor._from_splits(values, Tensor(splits))


def map_fn(fn, rt, signature):
    """`tf.map_fn` over the rows of a RaggedTensor: results stacked as ragged rows unless the
    signature asks for dense results."""
    from tapeviz.ops.ragged.spec import RaggedTensorSpec
    results = [fn(rt[i]) for i in range(rt.nrows_py())]
    if signature is not None and not isinstance(signature, RaggedTensorSpec):
        return A.stack(results)
    rows = [r if isinstance(r, RaggedTensor) else _tensor(r) for r in results]
    if rows and all(isinstance(r, Tensor) and r.ndim == 0 for r in rows):
        return A.stack(rows)
    if all(isinstance(r, Tensor) for r in rows):
        lengths = np.array([r._value.shape[0] for r in rows], rt.row_splits._value.dtype)
        values = A.concat(rows, 0) if rows else rt.flat_values[:0]
        return RaggedTensor.from_row_lengths(values, Tensor(lengths))
    return stack(rows, 0)


def matmul(matmul_fn, a, b, **kwargs):
    """`tf.linalg.matmul` with a ragged operand (TF's ragged matmul): 2-D operands must be
    uniform; `[B, (I), J] @ [B, J, K]` folds the batch into one dense product; other batched
    operands multiply batch by batch."""
    a = a if isinstance(a, RaggedTensor) else _tensor(a)
    b = b if isinstance(b, RaggedTensor) else _tensor(b)
    if a.dtype != b.dtype:
        raise ValueError("`a` and `b` must have the same dtype.")
    rank = a.shape.rank
    if b.shape.rank != rank:
        raise ValueError("`a` and `b` must have the same rank.")
    if rank > 3:
        a, b = as_ragged(a), as_ragged(b)
        if not np.array_equal(a.row_splits._value, b.row_splits._value):
            raise checks.equal_failure("Batch dimensions of `a` and `b` do not have the same size.",
                                       a.row_splits._value, b.row_splits._value)
        return a.with_values(matmul(matmul_fn, a.values, b.values, **kwargs))
    if rank == 2:
        return matmul_fn(_uniform(a), _uniform(b), **kwargs)
    transposed = kwargs.get("transpose_a") or kwargs.get("adjoint_a")
    if isinstance(a, RaggedTensor) and a.ragged_rank == 1 and not isinstance(b, RaggedTensor) and not transposed:
        rows = A.gather(b, a.value_rowids())          # each value row meets its batch's matrix
        product = matmul_fn(A.expand_dims(a.values, 1), rows, **kwargs)
        return a.with_values(A.squeeze(product, [1]))
    n = a.nrows_py() if isinstance(a, RaggedTensor) else a._value.shape[0]
    results = [matmul_fn(_uniform(a[i]), _uniform(b[i]), **kwargs) for i in range(n)]
    return stack([conversion.from_tensor(r, None, None, 1, D.int64) for r in results], 0)


def _uniform(x):
    """A matrix stored as a RaggedTensor, as a Tensor (its rows must be of one length)."""
    if not isinstance(x, RaggedTensor):
        return x
    dense = x.to_tensor()
    size, dense_size = int(np.size(x.flat_values._value)), int(np.size(dense._value))
    if size != dense_size:
        raise checks.equal_failure("The matrices in `a` and `b` may not be ragged in their innermost "
                                   "dimension.", [size], [dense_size])
    return dense
