"""Ops that index, scatter, reorder or count by position: `tf.strided_slice` (every mask),
`unique_with_counts`, `tensor_scatter_nd_sub/min/max`, `reverse_sequence`, `unravel_index`,
`histogram_fixed_width`.

`strided_slice` builds the index that `t[...]` builds and runs the same StridedSlice op, so both
share one forward and one gradient.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.registry import defgrad, defop, nondifferentiable
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import indexing as I
from tapeviz.ops import math as M

_INDEX = (np.dtype(np.int32), np.dtype(np.int64))


def _t(x):
    return x if type(x) is Tensor else convert_to_tensor(x)


def _no_name(e):
    """The same kernel error without TF's trailing ` name: ...`."""
    return type(e)(None, e.op, e.message.split(" name: ")[0])


def _run(op, args, inputs, **attrs):
    """Runs `op`; its kernel errors end in ` name: ` when every input came as a Tensor (TF's
    fast path), and without it when one needed converting (TF's eager fallback)."""
    try:
        return op(*inputs, **attrs)
    except errors.InvalidArgumentError as e:
        if e.message.startswith("{{function_node") and " name: " not in e.message and \
                all(isinstance(a, Tensor) for a in args):
            raise type(e)(None, e.op, e.message + " name: ") from None
        raise


def _attr_error(op_type, attr, dtype, allowed="int32, int64"):
    return errors.InvalidArgumentError(None, op_type, f"Value for attr '{attr}' of {dtype.c_name} is not in the "
                                       f"list of allowed values: {allowed} [Op:{op_type}]")


# ---- strided_slice --------------------------------------------------------------------------------
def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
                  shrink_axis_mask=0, var=None, name=None):
    """`input_[begin:end:strides]` over several dimensions, with TF's bit masks: `begin_mask` /
    `end_mask` ignore that begin/end, `ellipsis_mask` marks `...`, `new_axis_mask` a new axis and
    `shrink_axis_mask` an integer index (the dimension is removed).

    Raises:
      InvalidArgumentError: begin/end/strides of different lengths or a non-integer dtype, a zero
        stride, several ellipses, a shrunk index out of range, a scalar input.
    """
    x = _t(input_)
    spec = [_t(v) for v in (begin, end, begin if strides is None else strides)]
    for v in spec:
        if v.dtype not in (D.int16, D.int32, D.int64):
            raise _attr_error("StridedSlice", "Index", v.dtype, "int16, int32, int64")
    b, e, s = (v._value.reshape(-1).tolist() for v in spec)
    if strides is None:
        s = [1] * len(b)
    if not (len(b) == len(e) == len(s)) or any(v.ndim != 1 for v in spec):
        raise kernel_error("StridedSlice", "Expected begin, end, and strides to be 1D equal size tensors, but got "
                           f"shapes {shape_list(spec[0].shape)}, {shape_list(spec[1].shape)}, and "
                           f"{shape_list(spec[2].shape if strides is not None else spec[0].shape)} instead.")
    key = _strided_key(b, e, s, x._value.shape, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)
    try:
        key = I.normalize_key(tuple(key), x._value.shape)
    except errors.InvalidArgumentError as err:
        raise _no_name(err) from None
    return I.strided_slice_op(x, key=key)


def _strided_key(b, e, s, shape, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask):
    """The NumPy index of a strided slice spec, checked in TF's order (several ellipses, too many
    dimensions, then each dimension's stride and, for a shrunk one, its index); messages number
    the dense (input) dimensions."""
    rank = len(shape)
    def bit(mask, i):
        return bool(mask & (1 << i))
    n = len(b)
    if rank == 0 and n:
        raise kernel_error("StridedSlice", "Attempting to slice scalar input.")
    ellipses = [i for i in range(n) if bit(ellipsis_mask, i)]
    if len(ellipses) > 1:
        raise kernel_error("StridedSlice", "Multiple ellipses in slice spec not allowed")
    consuming = [i for i in range(n) if not bit(ellipsis_mask, i) and not bit(new_axis_mask, i)]
    if len(consuming) > rank:
        raise kernel_error("StridedSlice", f"Index out of range using input dim {rank}; input has only {rank} dims")
    key, dense = [], 0
    for i, (bi, ei, si) in enumerate(zip(b, e, s)):
        if bit(ellipsis_mask, i):
            key.append(Ellipsis)
            dense += rank - len(consuming)
        elif bit(new_axis_mask, i):
            key.append(None)
        else:
            if si == 0:
                raise kernel_error("StridedSlice", f"strides[{dense}] must be non-zero")
            if bit(shrink_axis_mask, i):
                if si < 0:
                    raise kernel_error("StridedSlice", "only stride 1 allowed on non-range indexing.")
                index = int(bi) + shape[dense] if bi < 0 else int(bi)
                if not 0 <= index < shape[dense]:
                    raise kernel_error("StridedSlice", f"slice index {index} of dimension {dense} out of bounds.")
                key.append(index)
            else:
                key.append(slice(None if bit(begin_mask, i) else int(bi), None if bit(end_mask, i) else int(ei), int(si)))
            dense += 1
    return tuple(key)


# ---- unique_with_counts ---------------------------------------------------------------------------
def _np_unique_with_counts(x, out_idx):
    if x.ndim != 1:
        raise kernel_error("UniqueWithCounts", "unique expects a 1D vector.", name="")
    keys = x.tolist()
    # TF hashes values: each NaN is a value of its own (NaN != NaN)
    first, idx = {}, np.empty(len(keys), out_idx)
    uniques, counts = [], []
    for i, k in enumerate(keys):
        key = ("nan", i) if k != k else k
        j = first.setdefault(key, len(uniques))
        if j == len(uniques):
            uniques.append(i)
            counts.append(0)
        counts[j] += 1
        idx[i] = j
    return x[np.array(uniques, np.intp)], idx, np.array(counts, out_idx)


unique_with_counts_op = defop("UniqueWithCounts", _np_unique_with_counts, dtypes=D.ANY, num_outputs=3,
                              no_kernel=D.COMPLEX)
nondifferentiable(unique_with_counts_op)


def unique_with_counts(x, out_idx=D.int32, name=None):
    """(y, idx, count): the distinct values of 1-D `x` in order of appearance, each element's
    position in y, and how often each value occurs."""
    out_idx = D.as_dtype(out_idx)
    if out_idx not in (D.int32, D.int64):
        raise errors.build_error("UniqueWithCounts", f"Value for attr 'out_idx' of {out_idx.c_name} is not in the "
                                 "list of allowed values: int32, int64")
    return unique_with_counts_op(_t(x), out_idx=out_idx.as_numpy_dtype)


# ---- tensor_scatter_nd_sub / min / max ------------------------------------------------------------
def _np_scatter_with(op_type, combine):
    def forward(tensor, indices, updates):
        indices = np.asarray(indices)
        k = indices.shape[-1] if indices.ndim else 0
        expected = indices.shape[:-1] + tensor.shape[k:]
        if updates.shape != expected:
            raise kernel_error(op_type, f"Outer dimensions of indices and update must match. Indices shape: "
                               f"{shape_list(indices.shape)}, updates shape:{shape_list(updates.shape)}")
        out = np.array(tensor, copy=True)
        where = A._check_scatter(op_type, indices, out.shape)
        rows = np.stack(where, -1).reshape(-1, k) if k else np.zeros((0, 0), np.intp)
        flat_updates = updates.reshape((rows.shape[0],) + tensor.shape[k:])
        for r, u in zip(rows, flat_updates):
            out[tuple(r)] = combine(out[tuple(r)], u)
        return out
    return forward


def _scatter_max_grad_parts(g, out, x, indices, u):
    # TF's _TensorScatterMinOrMaxGrad: ties share the gradient
    x_ind = M.cast(M.equal(x, out), g.dtype)
    u_ind = M.cast(M.equal(u, A.gather_nd(out, indices)), g.dtype)
    indicators = x_ind + A.scatter_nd(indices, u_ind, A.shape(x, out_type=indices.dtype))
    return g * x_ind / indicators, A.gather_nd(g / indicators, indices) * u_ind


_SCATTER_TYPES = D.NUMERIC
tensor_scatter_sub_op = defop("TensorScatterSub", _np_scatter_with("TensorScatterSub", lambda a, b: a - b),
                              dtypes=_SCATTER_TYPES, match=False)
tensor_scatter_min_op = defop("TensorScatterMin",
                              _np_scatter_with("TensorScatterMin", lambda a, b: np.where(b < a, b, a)),
                              dtypes=D.REAL, match=False)
tensor_scatter_max_op = defop("TensorScatterMax",
                              _np_scatter_with("TensorScatterMax", lambda a, b: np.where(a < b, b, a)),
                              dtypes=D.REAL, match=False)
defgrad(tensor_scatter_sub_op, lambda g, y, x, i, u: g, None, lambda g, y, x, i, u: -A.gather_nd(g, i))
defgrad(tensor_scatter_min_op, lambda g, y, x, i, u: _scatter_max_grad_parts(g, y, x, i, u)[0], None,
        lambda g, y, x, i, u: _scatter_max_grad_parts(g, y, x, i, u)[1])
defgrad(tensor_scatter_max_op, lambda g, y, x, i, u: _scatter_max_grad_parts(g, y, x, i, u)[0], None,
        lambda g, y, x, i, u: _scatter_max_grad_parts(g, y, x, i, u)[1])


def _scatter(op, tensor, indices, updates):
    t = _t(tensor)
    i = _t(indices)
    u = updates if isinstance(updates, Tensor) else convert_to_tensor(updates, dtype_hint=t.dtype)
    if i.dtype not in (D.int16, D.int32, D.int64):
        raise _attr_error(op.type, "Tindices", i.dtype, "int16, int32, int64")
    if u.dtype is not t.dtype:
        raise errors.InvalidArgumentError(
            None, op.type, f"cannot compute {op.type} as input #2(zero-based) was expected to be a "
            f"{t.dtype.c_name} tensor but is a {u.dtype.c_name} tensor [Op:{op.type}]")
    if t.dtype not in op.dtypes:
        raise errors.NotFoundError(None, op.type, f"Could not find device for node: {{{{node {op.type}}}}} = "
                                   f"{op.type}[T=DT_{t.dtype.name.upper()}]")
    try:
        return _run(op, (tensor, indices, updates), (t, i, u))
    except errors.InvalidArgumentError as err:
        if isinstance(indices, Tensor) and isinstance(tensor, Tensor):
            raise
        raise _no_name(err) from None


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` subtracted at `indices` (repeats accumulate)."""
    return _scatter(tensor_scatter_sub_op, tensor, indices, updates)


def tensor_scatter_nd_min(tensor, indices, updates, name=None):
    """A copy of `tensor` holding min(tensor, updates) at `indices`."""
    return _scatter(tensor_scatter_min_op, tensor, indices, updates)


def tensor_scatter_nd_max(tensor, indices, updates, name=None):
    """A copy of `tensor` holding max(tensor, updates) at `indices`."""
    return _scatter(tensor_scatter_max_op, tensor, indices, updates)


# ---- reverse_sequence -----------------------------------------------------------------------------
def _np_reverse_sequence(x, lengths, seq_dim, batch_dim=0):
    op = "ReverseSequence"
    if batch_dim == seq_dim:
        raise kernel_error(op, f"batch_dim == seq_dim == {seq_dim}")
    if not 0 <= seq_dim < x.ndim:
        raise kernel_error(op, f"seq_dim must be < input rank ( {seq_dim} vs. {x.ndim})")
    if not 0 <= batch_dim < x.ndim:
        raise kernel_error(op, f"batch_dim must be < input rank ( {batch_dim} vs. {x.ndim})")
    if lengths.ndim != 1:
        raise kernel_error(op, f"seq_lengths must be 1-dim, not {lengths.ndim}")
    if lengths.shape[0] != x.shape[batch_dim]:
        raise kernel_error(op, f"Length of seq_lengths != input.dims({batch_dim}), ({lengths.shape[0]} vs. "
                           f"{x.shape[batch_dim]})")
    out = np.array(x, copy=True)
    for b, n in enumerate(lengths.tolist()):
        if n < 0:
            raise kernel_error(op, f"seq_lens({b}) < 0")
        if n > x.shape[seq_dim]:
            raise kernel_error(op, f"seq_lens({b}) > input.dims({seq_dim})")
        src = [slice(None)] * x.ndim
        src[batch_dim] = b
        src[seq_dim] = slice(0, n)
        out[tuple(src)] = np.flip(x[tuple(src)], axis=seq_dim - (batch_dim < seq_dim))
    return out


reverse_sequence_op = defop("ReverseSequence", _np_reverse_sequence, dtypes=None, match=False)
defgrad(reverse_sequence_op, lambda g, y, x, lengths, **a: reverse_sequence_op(g, lengths, **a), None)


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None):
    """Reverses the first `seq_lengths[b]` entries along `seq_axis` of each batch entry b."""
    x, lengths = _t(input), _t(seq_lengths)
    if lengths.dtype not in (D.int32, D.int64):
        raise _attr_error("ReverseSequence", "Tlen", lengths.dtype)
    batch = 0 if batch_axis is None else int(batch_axis)
    seq = int(seq_axis)
    return _run(reverse_sequence_op, (input, seq_lengths), (x, lengths),
                seq_dim=seq % max(x.ndim, 1) if seq < 0 else seq, batch_dim=batch % max(x.ndim, 1) if batch < 0 else batch)


# ---- unravel_index, histogram_fixed_width ---------------------------------------------------------
def _np_unravel_index(indices, dims):
    if dims.ndim != 1:
        raise kernel_error("UnravelIndex", f"The dims input must be a 1-D vector, got shape: "
                           f"{shape_list(dims.shape)}")
    zero = np.flatnonzero(dims == 0)
    if zero.size:
        raise kernel_error("UnravelIndex", f"Input dims cannot contain a dim of zero, but dims contains zero at "
                           f"index {zero[0]}")
    if (indices >= np.prod(dims)).any():
        raise kernel_error("UnravelIndex", "index is out of bound as with dims")
    flat = indices.reshape(-1).astype(np.int64)
    out = np.empty((dims.size, flat.size), np.int64)
    rest = flat
    for k in range(dims.size - 1, -1, -1):
        out[k] = np.fmod(rest, dims[k])          # C++'s remainder and truncating division
        rest = (rest - out[k]) // dims[k]
    out = out.astype(indices.dtype)
    return out.reshape((dims.size,) + indices.shape)


unravel_index_op = defop("UnravelIndex", _np_unravel_index, dtypes=frozenset({D.int32, D.int64}),
                         inputs="indices, dims")
nondifferentiable(unravel_index_op)


def unravel_index(indices, dims, name=None):
    """The coordinates in an array of shape `dims` of each flat index (one row per dimension)."""
    i = _t(indices)
    d = dims if isinstance(dims, Tensor) else convert_to_tensor(dims, dtype_hint=i.dtype)
    for v in (i, d):
        if v.dtype not in (D.int32, D.int64):
            raise _attr_error("UnravelIndex", "Tidx", v.dtype)
    return _run(unravel_index_op, (indices, dims), (i, d))


def _np_histogram_fixed_width(values, value_range, nbins, dtype):
    op = "HistogramFixedWidth"
    if value_range.shape != (2,):
        raise kernel_error(op, f"value_range should be a vector of 2 elements, but got "
                           f"{shape_list(value_range.shape)}")
    lo, hi = value_range.tolist()
    if not lo < hi:
        raise kernel_error(op, f"value_range should satisfy value_range[0] < value_range[1], but got "
                           f"'[{lo:g}, {hi:g}]'")
    if nbins <= 0:
        raise kernel_error(op, f"nbins should be a positive number, but got '{nbins}'")
    if nbins > 1 and values.dtype.kind == "f" and np.isnan(values).any():   # one bin takes everything
        raise kernel_error(op, "Histogram values must not contain NaN")
    step = (float(hi) - float(lo)) / nbins
    with np.errstate(all="ignore"):
        slot = (np.maximum(values, value_range[0]) - value_range[0]).astype(np.float64) / step
    bins = np.minimum(np.nan_to_num(slot, nan=nbins - 1, posinf=nbins - 1), nbins - 1).astype(np.int64).reshape(-1)
    return np.bincount(bins, minlength=nbins).astype(dtype)


histogram_fixed_width_op = defop("HistogramFixedWidth", _np_histogram_fixed_width,
                                 dtypes=frozenset({D.int32, D.int64, D.float32, D.float64}), match=False,
                                 dtype_names="int32, int64, float, double")
nondifferentiable(histogram_fixed_width_op)


def histogram_fixed_width(values, value_range, nbins=100, dtype=D.int32, name=None):
    """Counts of `values` in `nbins` equal bins over [value_range[0], value_range[1]]; values
    outside the range count in the first or last bin."""
    v = _t(values)
    r = value_range if isinstance(value_range, Tensor) else convert_to_tensor(value_range, dtype_hint=v.dtype)
    n = int(nbins._value) if isinstance(nbins, Tensor) else int(nbins)
    return _run(histogram_fixed_width_op, (values, value_range), (v, r), nbins=n,
                dtype=D.as_dtype(dtype).as_numpy_dtype)


export(strided_slice, "strided_slice")
export(unique_with_counts, "unique_with_counts")
export(tensor_scatter_nd_sub, "tensor_scatter_nd_sub")
export(tensor_scatter_nd_min, "tensor_scatter_nd_min")
export(tensor_scatter_nd_max, "tensor_scatter_nd_max")
export(reverse_sequence, "reverse_sequence")
export(unravel_index, "unravel_index")
export(histogram_fixed_width, "histogram_fixed_width")
