"""Segment reductions beyond the sums (`tf.math.segment_max/min/prod/mean`, the
`unsorted_segment_*` family), and the counting ops `bincount`, `confusion_matrix`, `in_top_k`,
with `cumulative_logsumexp`.

TF's kernels reduce each segment left to right with `acc = acc > x ? acc : x` (max; `<` for
min), so a NaN is forgotten as soon as a later value arrives: a segment's result is the
reduction of what follows its last NaN, or NaN when NaN comes last. Empty segments give 0 (1 for
prod) in the sorted ops, and the dtype's lowest/highest value (1 for prod) in the unsorted ones.
Gradients are TF's (`math_grad.py`), written in tapeviz ops.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.registry import NUMBER_TYPES, REAL_NUMBER_TYPES, defgrad, defop, nondifferentiable
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M

_IDS = (np.dtype(np.int32), np.dtype(np.int64))
_MIN_MAX_TYPES = REAL_NUMBER_TYPES.split(", qint8")[0]   # SegmentMax lists no quantized types


def _t(x):
    return x if type(x) is Tensor else convert_to_tensor(x)


def _ids(op, segment_ids, allowed=_IDS):
    """The ids as a Tensor; the unsorted ops check their dtype (`Tindices`) before the data's."""
    ids = _t(segment_ids)
    A._check_index_dtype(op.type, "Tindices", ids._value, allowed)
    return ids


# ---- the reductions, NaN as TF's kernels treat it -------------------------------------------------
def _identity(kind, dtype, sorted_op):
    if kind == "prod":
        return 1
    if sorted_op:
        return 0
    info = np.finfo(dtype) if dtype.kind == "f" else np.iinfo(dtype)
    return info.min if kind == "max" else info.max


def _reduce(kind, rows):
    """Reduces `rows` (a segment's rows, along axis 0) as TF's sequential kernel does."""
    if kind == "prod":
        if rows.dtype.kind == "c" and len(rows):
            # from the first row on: NumPy's complex product starts at 1+0j, and (1+0j) * (inf+1j)
            # is inf+nanj, where TF's sorted kernel keeps inf+1j (its unsorted one starts at 1)
            out = rows[0]
            for row in rows[1:]:
                out = out * row
            return out
        return np.prod(rows, axis=0, dtype=rows.dtype)
    fn = np.max if kind == "max" else np.min
    if rows.dtype.kind != "f":
        return fn(rows, axis=0)
    nan = np.isnan(rows)
    if not nan.any():
        return fn(rows, axis=0)
    n = rows.shape[0]
    order = np.arange(n).reshape((n,) + (1,) * (rows.ndim - 1))
    last_nan = np.max(np.where(nan, order, -1), axis=0)
    after = order > last_nan
    lowest = np.array(-np.inf if kind == "max" else np.inf, rows.dtype)
    out = fn(np.where(after, rows, lowest), axis=0)
    return np.where(last_nan == n - 1, np.array(np.nan, rows.dtype), out)


def _segments(kind, data, ids, num_segments, sorted_op):
    """Reduces rows of `data` (flattened over `ids`' dims) into `num_segments` segments."""
    flat_ids = ids.reshape(-1)
    rows = data.reshape((flat_ids.size,) + data.shape[ids.ndim:])
    out = np.full((num_segments,) + rows.shape[1:], _identity(kind, data.dtype, sorted_op), data.dtype)
    if kind == "mean":
        counts = np.bincount(flat_ids[flat_ids >= 0], minlength=num_segments)
    order = np.argsort(flat_ids, kind="stable")
    sorted_ids = flat_ids[order]
    starts = np.flatnonzero(np.diff(sorted_ids, prepend=-1))
    with np.errstate(all="ignore"):
        for start, stop in zip(starts, list(starts[1:]) + [sorted_ids.size]):
            s = sorted_ids[start]
            if s < 0:
                continue
            block = rows[order[start:stop]]
            if kind == "mean":
                total = np.sum(block, axis=0, dtype=data.dtype)
                if sorted_op and len(block) == 1:
                    out[s] = block[0]    # TF's sorted kernels copy a one-row segment
                elif data.dtype.kind in "iu":     # C++ integer division truncates toward zero
                    out[s] = np.abs(total) // counts[s] * np.sign(total)
                else:
                    out[s] = total / data.dtype.type(counts[s])
            elif sorted_op:
                out[s] = _reduce(kind, block)
            else:
                # the unsorted kernels start from the dtype's lowest (highest) value, or from 1
                out[s] = _reduce(kind, np.concatenate([out[s:s + 1], block]))
    return out


def _np_sorted(kind, op_type):
    def forward(data, ids):
        n = A.check_sorted_segments(op_type, data, ids, _IDS)
        return _segments(kind, data, ids, n, sorted_op=True)
    return forward


def _np_unsorted(kind, op_type):
    def forward(data, ids, num_segments):
        A.check_unsorted_segments(op_type, data, ids, num_segments, _IDS)
        return _segments(kind, data, ids, int(num_segments), sorted_op=False)
    return forward


# ---- gradients (TF's _SegmentMinOrMaxGrad, _SegmentProdGrad and their unsorted forms) -------------
_gather_drop_negatives = A.gather_drop_negatives


def _min_max_grad(g, y, data, ids, num_segments=None):
    if num_segments is None:
        gathered, positive = A.gather(y, ids), None
    else:
        gathered, positive = _gather_drop_negatives(y, ids)
    selected = M.equal(data, gathered)
    if positive is not None:
        selected = M.logical_and(selected, positive)
    ones = M.cast(selected, g.dtype)
    counts = A._sorted_segment_sum(ones, ids) if num_segments is None else \
        A._segment_sum_op(ones, ids, num_segments=num_segments)
    weighted = M.divide(g, counts)
    spread = A.gather(weighted, ids) if num_segments is None else _gather_drop_negatives(weighted, ids)[0]
    return A.where(selected, spread, A.zeros_like(spread))


def _prod_grad(g, y, data, ids, num_segments=None):
    zero = M.equal(data, A.zeros_like(data))
    if num_segments is None:
        zeros = A._sorted_segment_sum(M.cast(zero, D.int32), ids)
    else:
        zeros = A._segment_sum_op(M.cast(zero, D.int32), ids, num_segments=num_segments)
    g = A.where(M.greater(zeros, A.ones_like(zeros)), A.zeros_like(g), g)
    non_zero_data = A.where(zero, A.ones_like(data), data)
    if num_segments is None:
        non_zero_prod = segment_prod_op(non_zero_data, ids)
        gather = A.gather
    else:
        non_zero_prod = unsorted_segment_prod_op(non_zero_data, ids, num_segments=num_segments)
        gather = lambda params, i: _gather_drop_negatives(params, i)[0]   # noqa: E731
    partial = A.where(zero, gather(non_zero_prod, ids), M.divide(gather(y, ids), non_zero_data))
    return gather(g, ids) * partial


def _mean_grad(g, y, data, ids):
    counts = A._sorted_segment_sum(A.ones_like(A.gather(A.ones(A.shape(ids), dtype=data.dtype), ids)), ids)
    counts = A.reshape(counts, tuple(counts.shape) + (1,) * (data.ndim - 1))
    return A.gather(M.divide(g, counts), ids)


segment_max_op = defop("SegmentMax", _np_sorted("max", "SegmentMax"), dtypes=D.REAL, match=False,
                       dtype_names=_MIN_MAX_TYPES)
segment_min_op = defop("SegmentMin", _np_sorted("min", "SegmentMin"), dtypes=D.REAL, match=False,
                       dtype_names=_MIN_MAX_TYPES)
segment_prod_op = defop("SegmentProd", _np_sorted("prod", "SegmentProd"), dtypes=D.NUMERIC, match=False,
                        dtype_names=NUMBER_TYPES)
segment_mean_op = defop("SegmentMean", _np_sorted("mean", "SegmentMean"), dtypes=D.NUMERIC, match=False,
                        dtype_names=NUMBER_TYPES)
defgrad(segment_max_op, _min_max_grad, None)
defgrad(segment_min_op, _min_max_grad, None)
defgrad(segment_prod_op, _prod_grad, None)
defgrad(segment_mean_op, _mean_grad, None)

unsorted_segment_max_op = defop("UnsortedSegmentMax", _np_unsorted("max", "UnsortedSegmentMax"), dtypes=D.REAL,
                                match=False, dtype_names=_MIN_MAX_TYPES)
unsorted_segment_min_op = defop("UnsortedSegmentMin", _np_unsorted("min", "UnsortedSegmentMin"), dtypes=D.REAL,
                                match=False, dtype_names=_MIN_MAX_TYPES)
unsorted_segment_prod_op = defop("UnsortedSegmentProd", _np_unsorted("prod", "UnsortedSegmentProd"),
                                 dtypes=D.NUMERIC, match=False, dtype_names=NUMBER_TYPES)
defgrad(unsorted_segment_max_op, _min_max_grad, None)
defgrad(unsorted_segment_min_op, _min_max_grad, None)
defgrad(unsorted_segment_prod_op, _prod_grad, None)


def segment_max(data, segment_ids, name=None):
    """The largest row of `data` in each segment of sorted `segment_ids` (0 for empty segments)."""
    return segment_max_op(_t(data), _t(segment_ids))


def segment_min(data, segment_ids, name=None):
    """The smallest row of `data` in each segment of sorted `segment_ids` (0 for empty segments)."""
    return segment_min_op(_t(data), _t(segment_ids))


def segment_prod(data, segment_ids, name=None):
    """The product of the rows of `data` in each segment of sorted `segment_ids` (1 if empty)."""
    return segment_prod_op(_t(data), _t(segment_ids))


def segment_mean(data, segment_ids, name=None):
    """The mean row of `data` in each segment of sorted `segment_ids` (integer division for ints)."""
    return segment_mean_op(_t(data), _t(segment_ids))


def _num_segments(n):
    return int(n._value) if isinstance(n, Tensor) else int(n)


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """The largest row per segment, ids in any order (the dtype's lowest value if empty)."""
    ids = _ids(unsorted_segment_max_op, segment_ids)
    return unsorted_segment_max_op(_t(data), ids, num_segments=_num_segments(num_segments))


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """The smallest row per segment, ids in any order (the dtype's highest value if empty)."""
    ids = _ids(unsorted_segment_min_op, segment_ids)
    return unsorted_segment_min_op(_t(data), ids, num_segments=_num_segments(num_segments))


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """The product of the rows per segment, ids in any order (1 if empty)."""
    ids = _ids(unsorted_segment_prod_op, segment_ids)
    return unsorted_segment_prod_op(_t(data), ids, num_segments=_num_segments(num_segments))


def _unsorted_counts(data, ids, num_segments):
    """How many rows each segment has (at least 1), shaped to broadcast against its rows."""
    n = A.unsorted_segment_sum(A.ones(A.shape(ids), dtype=data.dtype), ids, num_segments)
    n = A.reshape(n, (num_segments,) + (1,) * (data.ndim - ids.ndim))
    return M.maximum(n, A.ones_like(n))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """The mean row per segment (`sum / count`: true division, so ints give float64 as in TF)."""
    data, ids, n = _t(data), _t(segment_ids), _num_segments(num_segments)
    counts = _unsorted_counts(data, ids, n)     # first, as in TF
    return A.unsorted_segment_sum(data, ids, n) / counts


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """The sum of each segment's rows divided by the square root of their count."""
    data, ids, n = _t(data), _t(segment_ids), _num_segments(num_segments)
    counts = _unsorted_counts(data, ids, n)     # first, as in TF, then the sum, then the root
    summed = A.unsorted_segment_sum(data, ids, n)
    return summed / M.sqrt(counts)


# ---- cumulative_logsumexp -------------------------------------------------------------------------
def _log_add_exp(acc, x):
    """TF's LogSumExp scan step, NaN handling included: with Eigen's min/max (`b < a ? b : a`)
    a NaN `x` leaves min and max at `acc`, so it adds log(2) to a finite sum and vanishes
    against -inf."""
    mi = np.where(x < acc, x, acc)
    ma = np.where(acc < x, x, acc)
    out = np.log1p(np.exp(mi - ma)) + ma
    return np.where(ma < np.finfo(acc.dtype).min, ma, out)


def _np_cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False):
    nd = x.ndim
    if not -nd <= axis < nd:
        raise kernel_error("CumulativeLogsumexp", f"ScanOp: Expected scan axis in the range [{-nd}, {nd}), "
                           f"but got {axis}", name="")
    a = np.moveaxis(np.flip(x, axis) if reverse else x, axis, 0) if nd else x.reshape(1)
    out = np.empty_like(a)
    acc = np.full(a.shape[1:], -np.inf, x.dtype)
    with np.errstate(all="ignore"):
        for i in range(a.shape[0]):
            if exclusive:
                out[i] = acc
            acc = _log_add_exp(acc, a[i])
            if not exclusive:
                out[i] = acc
    if not nd:
        return out.reshape(())
    out = np.moveaxis(out, 0, axis)
    return np.flip(out, axis) if reverse else out


def _cumulative_logsumexp_grad(g, y, x, axis=0, exclusive=False, reverse=False):
    # TF's: split g into its positive and negative parts to take logs stably
    lowest = A.fill(A.shape(g), convert_to_tensor(g.dtype.min, dtype=g.dtype))
    log_pos = A.where(M.greater(g, 0.0), M.log(g), lowest)
    log_neg = A.where(M.less(g, 0.0), M.log(-g), lowest)
    attrs = dict(axis=axis, exclusive=exclusive, reverse=not reverse)
    pos = M.exp(cumulative_logsumexp_op(log_pos - y, **attrs) + x)
    neg = M.exp(cumulative_logsumexp_op(log_neg - y, **attrs) + x)
    return pos - neg


cumulative_logsumexp_op = defop("CumulativeLogsumexp", _np_cumulative_logsumexp, dtypes=D.FLOATING,
                                dtype_names="bfloat16, half, float, double")
defgrad(cumulative_logsumexp_op, _cumulative_logsumexp_grad)


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """log(cumsum(exp(x))) along `axis`, computed stably; `exclusive` starts at -inf."""
    axis = int(axis._value) if isinstance(axis, Tensor) else int(axis)
    return cumulative_logsumexp_op(_t(x), axis=axis, exclusive=bool(exclusive), reverse=bool(reverse))


# ---- bincount, in_top_k, confusion_matrix ---------------------------------------------------------
def _np_dense_bincount(arr, size, weights, binary_output=False):
    if size < 0:
        raise kernel_error("DenseBincount", f"size ({size}) must be non-negative", name="")
    if arr.ndim > 2:
        raise kernel_error("DenseBincount", f"Shape must be at most rank 2 but is rank {arr.ndim}", name="")
    if weights.size and weights.shape != arr.shape:
        raise kernel_error("DenseBincount", "`weights` must be the same shape as `arr` or a length-0 `Tensor`, "
                           f"in which case it acts as all weights equal to 1. Received {shape_list(weights.shape)}",
                           name="")
    if (arr < 0).any():
        raise kernel_error("DenseBincount", "Input arr must be non-negative!", name="")
    rows = arr.reshape(-1, arr.shape[-1]) if arr.ndim == 2 else arr.reshape(1, -1)
    w = weights.reshape(rows.shape) if weights.size else np.ones(rows.shape, weights.dtype)
    out = np.zeros((rows.shape[0], size), weights.dtype)
    for r in range(rows.shape[0]):
        keep = rows[r] < size
        if binary_output:
            out[r, rows[r][keep]] = 1
        else:
            np.add.at(out[r], rows[r][keep], w[r][keep])
    return out if arr.ndim == 2 else out[0]


dense_bincount_op = defop("DenseBincount", _np_dense_bincount, dtypes=frozenset({D.int32, D.int64}), match=False)
nondifferentiable(dense_bincount_op)


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=D.int32, name=None, axis=None,
             binary_output=False):
    """Counts each value of the non-negative ints `arr` (weighted, capped by `maxlength`).

    Raises:
      InvalidArgumentError: a negative value in `arr`, or `weights` of another shape.
    """
    arr = _t(arr)
    if arr.dtype not in (D.int32, D.int64):
        arr = M.cast(arr, D.int32)
    if axis is None:
        arr = A.reshape(arr, (-1,))
    elif int(axis) not in (0, -1):
        raise ValueError(f"Unsupported value for argument axis={axis}. Only 0 and -1 are currently supported.")
    elif int(axis) == 0 and arr.ndim > 1:
        arr = A.reshape(arr, (-1,))
    values = arr._value
    size = int(values.max()) + 1 if values.size else 0
    if values.size and values.max() < 0:
        size = 0
    if minlength is not None:
        size = max(size, int(minlength))
    if maxlength is not None:
        size = min(size, int(maxlength))
    if weights is not None:
        w = _t(weights)
        w = A.reshape(w, (-1,)) if axis is None or (int(axis) == 0 and w.ndim > 1) else w
    else:
        w = Tensor(np.zeros(0, D.as_dtype(dtype).as_numpy_dtype))
    return dense_bincount_op(arr, Tensor(np.array(size, arr._value.dtype)), w, binary_output=bool(binary_output))


def _np_in_top_k(predictions, targets, k):
    if predictions.dtype != np.float32:
        raise errors.InvalidArgumentError(
            None, "InTopKV2", f"cannot compute InTopKV2 as input #0(zero-based) was expected to be a float "
            f"tensor but is a {D.of_array(predictions).c_name} tensor [Op:InTopKV2] name: ")
    if targets.dtype not in _IDS:
        raise errors.build_error("InTopKV2", f"Value for attr 'T' of {D.of_array(targets).c_name} is not in "
                                 "the list of allowed values: int32, int64")
    if predictions.ndim != 2:
        raise kernel_error("InTopKV2", "predictions must be 2-dimensional", name="")
    if targets.ndim != 1:
        raise kernel_error("InTopKV2", "targets must be 1-dimensional", name="")
    if predictions.shape[0] != targets.shape[0]:
        raise kernel_error("InTopKV2", f"First dimension of predictions {predictions.shape[0]} must match "
                           f"length of targets {targets.shape[0]}", name="")
    batch, classes = predictions.shape
    valid = (targets >= 0) & (targets < classes) & np.isfinite(predictions).all(axis=1)
    target_values = predictions[np.arange(batch), np.clip(targets, 0, max(classes - 1, 0))] if classes else \
        np.zeros(batch, np.float32)
    better = (predictions > target_values[:, None]).sum(axis=1)
    return valid & (better < k)


in_top_k_op = defop("InTopKV2", _np_in_top_k, dtypes=None, match=False)
nondifferentiable(in_top_k_op)


def in_top_k(targets, predictions, k, name=None):
    """Whether each target class is among the `k` largest predictions of its row (ties count in;
    a row with a non-finite prediction or an out-of-range target gives False)."""
    targets, predictions = _t(targets), _t(predictions)
    return in_top_k_op(predictions, targets, k=int(k._value) if isinstance(k, Tensor) else int(k))


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=D.int32, name=None):
    """The (num_classes, num_classes) matrix counting (label, prediction) pairs, weighted.

    Raises:
      InvalidArgumentError: a negative label or prediction, or one at or above `num_classes`.
    """
    from tapeviz.ops import debugging as G
    labels, predictions = _t(labels), _t(predictions)
    if labels.ndim == predictions.ndim + 1 and labels.shape[-1] == 1:
        labels = A.squeeze(labels, [-1])
    elif predictions.ndim == labels.ndim + 1 and predictions.shape[-1] == 1:
        predictions = A.squeeze(predictions, [-1])
    predictions, labels = M.cast(predictions, D.int64), M.cast(labels, D.int64)
    G.assert_non_negative(labels, message="`labels` contains negative values")
    G.assert_non_negative(predictions, message="`predictions` contains negative values")
    if num_classes is None:
        num_classes = M.maximum(M.reduce_max(predictions), M.reduce_max(labels)) + 1
    else:
        num_classes = M.cast(num_classes, D.int64)
        G.assert_less(labels, num_classes, message="`labels` out of bound")
        G.assert_less(predictions, num_classes, message="`predictions` out of bound")
    dtype = D.as_dtype(dtype)
    values = A.ones_like(predictions, dtype=dtype) if weights is None else M.cast(_t(weights), dtype)
    shape = A.stack([num_classes, num_classes])
    indices = A.stack([labels, predictions], axis=1)
    return A.scatter_nd(indices, values, shape)


export(segment_max, "math.segment_max")
export(segment_min, "math.segment_min")
export(segment_prod, "math.segment_prod")
export(segment_mean, "math.segment_mean")
export(unsorted_segment_max, "math.unsorted_segment_max")
export(unsorted_segment_min, "math.unsorted_segment_min")
export(unsorted_segment_prod, "math.unsorted_segment_prod")
export(unsorted_segment_mean, "math.unsorted_segment_mean")
export(unsorted_segment_sqrt_n, "math.unsorted_segment_sqrt_n")
export(cumulative_logsumexp, "math.cumulative_logsumexp")
export(bincount, "math.bincount")
export(in_top_k, "math.in_top_k", "nn.in_top_k")
export(confusion_matrix, "math.confusion_matrix")
