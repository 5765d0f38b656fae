"""`tf.sparse`'s structural ops: reorder, reshape, slice, retain, expand_dims, transpose, eye,
concat, split, fill_empty_rows, reset_shape, to_indicator, map_values, minimum/maximum, softmax and
mask. They compute new coordinates in NumPy and pick their values with `take_rows`, a gather
whose gradient is dense as TF's is for these ops (retain gathers, as TF's does, and concat gives
no gradient, as TF's SparseConcat)."""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, mismatch
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.indexed_slices import IndexedSlices
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.sparse_ops import (
    as_values,
    check_same_shape,
    check_sparse,
    groups,
    int64_tensor,
    make_sparse,
    merge_coordinates,
    row_major,
    take_rows,
)
from tapeviz.ops.sparse_tensor import SparseTensor, sparse_parts


def reorder(sp_input, name=None):
    """The same SparseTensor with its values in row-major order of their coordinates."""
    sp = check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    perm = row_major(idx)
    return make_sparse(idx[perm], take_rows(sp.values, perm), shape)


def reshape(sp_input, shape, name=None):
    """The SparseTensor with the same values in a new dense shape (one dimension may be -1).

    Raises:
      InvalidArgumentError: the element counts differ, or more than one dimension is -1.
    """
    sp = check_sparse(sp_input)
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
    return make_sparse(coords, sp.values, new)


def slice(sp_input, start, size, name=None):  # noqa: A001 (TF's name)
    """The part of `sp_input` in the box [start, start + size), clipped to its shape, re-based at 0.

    Raises:
      InvalidArgumentError: `start` or `size` is not one number per dimension.
    """
    sp = check_sparse(sp_input)
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
    return make_sparse(idx[keep] - start, take_rows(sp.values, np.nonzero(keep)[0]), out_shape)


def retain(sp_input, to_retain):
    """The values of `sp_input` where the bool vector `to_retain` is True.

    Raises:
      ValueError: `to_retain` has another length than the values.
    """
    sp = check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    keep = np.asarray(to_retain._value if isinstance(to_retain, Tensor) else to_retain, dtype=bool).reshape(-1)
    if keep.shape[0] != idx.shape[0]:
        raise ValueError(f"Dimensions {idx.shape[0]} and {keep.shape[0]} are not compatible")
    # TF gathers here: the values' gradient is IndexedSlices
    return make_sparse(idx[keep], A.gather(sp.values, Tensor(np.nonzero(keep)[0])), shape)


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
    return SparseTensor(Tensor(coords.astype(np.int64)), sp.values, int64_tensor(np.insert(shape, axis, 1)))


def transpose(sp_input, perm=None, name=None):
    """`sp_input` with its dimensions permuted (reversed by default), in row-major order."""
    sp = sp_input   # TF reads its attributes unchecked: AttributeError for a dense input
    idx, _, shape = sparse_parts(sp)
    perm = list(range(len(shape)))[::-1] if perm is None else list(A.shape_arg(perm))
    coords = idx[:, perm]
    order = row_major(coords)
    return make_sparse(coords[order], take_rows(sp.values, order), shape[perm])


def eye(num_rows, num_columns=None, dtype=D.float32, name=None):
    """A sparse identity matrix of `num_rows` x `num_columns` (square by default)."""
    rows = int(num_rows)
    cols = rows if num_columns is None else int(num_columns)
    diag = np.arange(min(rows, cols), dtype=np.int64)
    dtype = D.as_dtype(dtype)
    return make_sparse(np.stack([diag, diag], axis=1), Tensor(np.ones(diag.size, dtype.as_numpy_dtype)),
                   [rows, cols])


def concat(axis, sp_inputs, expand_nonconcat_dims=False, name=None):
    """The SparseTensors `sp_inputs` joined along `axis`; with expand_nonconcat_dims the other
    dimensions grow to the largest input's.

    Raises:
      InvalidArgumentError: other dimensions differ (without expanding) or value dtypes differ.
    """
    sps = [check_sparse(s) for s in sp_inputs]
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
    order = row_major(coords)
    return make_sparse(coords[order], take_rows(values, order), out)


def split(sp_input=None, num_split=None, axis=None, name=None):
    """`sp_input` cut into `num_split` pieces along `axis` (the first pieces one longer when the
    size does not divide)."""
    sp = check_sparse(sp_input)
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
    sp = check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    empty = np.ones(int(shape[0]), dtype=bool)
    empty[idx[:, 0]] = False
    rows = np.nonzero(empty)[0]
    added = np.zeros((rows.size, len(shape)), dtype=np.int64)
    added[:, 0] = rows
    fill = A.fill([rows.size], as_values(default_value, sp.dtype))
    values = A._concat(sp.values, fill, axis=0)
    coords = np.concatenate([idx, added], axis=0)
    order = row_major(coords)
    return make_sparse(coords[order], take_rows(values, order), shape), Tensor(empty)


def to_indicator(sp_input, vocab_size, name=None):
    """A dense bool tensor, shape `dense_shape[:-1] + [vocab_size]`, True at each row's values."""
    sp = check_sparse(sp_input)
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
    a, b = check_sparse(sp_a), check_sparse(sp_b)
    ai, av, ash = sparse_parts(a)
    bi, bv, bsh = sparse_parts(b)
    check_same_shape(name, ash, bsh)
    if a.dtype is not b.dtype:
        raise mismatch(name, 4, a.dtype, b.dtype)
    zero = np.zeros((), av.dtype)
    rows, vals = [], []
    for i, j in merge_coordinates(ai, bi):   # a coordinate missing on one side counts as an implicit zero
        rows.append(ai[i] if i is not None else bi[j])
        vals.append(fn(av[i] if i is not None else zero, bv[j] if j is not None else zero))
    return make_sparse(np.array(rows, np.int64), Tensor(np.array(vals, av.dtype)), ash)


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
    ids, kept = groups(idx, shape, (len(shape) - 1,))
    shift = np.zeros(len(kept), vals.dtype)
    for k in range(len(kept)):   # shifting by a constant per row changes neither value nor gradient
        shift[k] = vals[ids == k].max()
    e = M.exp(sp.values - Tensor(shift[ids]))
    total = A._segment_sum_op(e, Tensor(ids), num_segments=len(kept))
    return SparseTensor(sp.indices, e / take_rows(total, ids), sp.dense_shape)


def reset_shape(sp_input, new_shape=None):
    """`sp_input` with dense shape `new_shape`, or the tightest shape holding its indices.

    Raises:
      ValueError: `new_shape` has another rank, or is smaller than an index needs.
    """
    sp = check_sparse(sp_input)
    idx, _, shape = sparse_parts(sp)
    tight = idx.max(axis=0) + 1 if len(idx) else np.zeros(len(shape), np.int64)
    if new_shape is None:
        return SparseTensor(sp.indices, sp.values, int64_tensor(tight))
    new = np.array(A.shape_arg(new_shape), dtype=np.int64)
    if new.shape != shape.shape:
        raise ValueError(f"Shapes {list(new)} and {list(shape)} must have the same rank")
    if (new < shape).any():
        # TF's message names the two shapes the other way round; it is reproduced as TF prints it
        raise ValueError(f"Requested new_shape should have dimension sizes >= sp_input.shape.  Found new_shape "
                         f"({shape}), sp_input.shape ({new}).")
    return SparseTensor(sp.indices, sp.values, int64_tensor(new))


def mask(a, mask_indices, name=None):
    """The IndexedSlices `a` without the slices whose index is in `mask_indices`."""
    indices = a.indices._value
    drop = np.asarray(mask_indices._value if isinstance(mask_indices, Tensor) else mask_indices)
    keep = Tensor(np.nonzero(~np.isin(indices, drop))[0].astype(np.int32))
    return IndexedSlices(A.gather(a.values, keep), A.gather(a.indices, keep), a.dense_shape)


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
export(mask, "sparse.mask")
export(reset_shape, "sparse.reset_shape")
