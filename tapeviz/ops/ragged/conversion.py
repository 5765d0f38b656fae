"""Dense <-> ragged: `to_tensor`, `from_tensor`, and the index arithmetic both rest on.

Each conversion is one recorded gather whose indices are computed from the row splits (constants),
so the tape shows a single GatherV2/GatherNd and gradients flow to the dense values.
"""
import numpy as np

from tapeviz.framework import errors
from tapeviz.framework.api import EXPORTS
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor, _bounding_dims, _tensor


def level_positions(rt):
    """For each ragged level j (0 = rows), int64 [n_j, j + 1]: where each cell of that level sits
    in the bounding dense tensor. The last level's cells are the flat values."""
    pos = np.arange(rt.nrows_py(), dtype=np.int64)[:, None]
    out = [pos]
    for splits in rt.nested_row_splits:
        s = splits._value.astype(np.int64)
        rows = np.repeat(np.arange(len(s) - 1), np.diff(s))
        cols = np.arange(rows.size, dtype=np.int64) + s[0] - s[rows]
        pos = np.concatenate([pos[rows], cols[:, None]], axis=1)
        out.append(pos)
    return out


def flat_positions(rt):
    """int64 [n_flat_values, ragged_rank + 1]: where each flat value sits in the bounding dense
    tensor (its row, then its column in each ragged dimension)."""
    return level_positions(rt)[-1]


def to_tensor(rt, default_value=None, shape=None):
    """`rt` padded to a dense Tensor (see RaggedTensor.to_tensor)."""
    flat = rt.flat_values
    k = rt.ragged_rank
    bounding = _bounding_dims(rt)
    if shape is not None:
        wanted = _shape_list(shape)
        if len(wanted) != len(bounding):
            raise kernel_error("RaggedTensorToTensor", f"rt_input.shape and shape={shape_list(wanted)} "
                               f"are incompatible: rt_input.rank = {len(bounding)} but shape.rank = "
                               f"{len(wanted)}", name="", node="RaggedTensorToTensor_num_row_partition_"
                               f"tensors_{k}")
        bounding = [b if w is None else w for b, w in zip(bounding, wanted)]
    outer, inner = bounding[:k + 1], bounding[k + 1:]
    flat = _fit_inner(flat, inner, default_value)
    pos = flat_positions(rt)
    n = int(flat._value.shape[0])
    index = np.full(outer, n, dtype=np.int64)       # n: the default row appended below
    if pos.size:
        keep = np.all(pos < np.array(outer), axis=1)
        index[tuple(pos[keep].T)] = np.arange(n)[keep]
    if default_value is None:
        zero = b"" if flat._value.dtype.kind == "O" else 0
        default = Tensor(np.full((1,) + tuple(inner), zero, dtype=flat._value.dtype))
    else:
        default = _tensor(default_value, rt.dtype)
        if default.dtype is not rt.dtype:
            default = M.cast(default, rt.dtype)
        default = A.broadcast_to(A.reshape(default, [1] + default.shape.as_list()),
                                 [1] + list(inner))
    table = A.concat([flat, default], axis=0)
    return A.gather(table, Tensor(index))


def _fit_inner(flat, inner, default_value):
    """Flat values cut (or padded) to the requested inner dims."""
    have = flat._value.shape[1:]
    if tuple(have) == tuple(inner):
        return flat
    begin = [0] * (len(have) + 1)
    size = [-1] + [min(h, w) for h, w in zip(have, inner)]
    flat = A.slice_(flat, begin, size)
    pads = [[0, 0]] + [[0, max(w - h, 0)] for h, w in zip(have, inner)]
    if any(p[1] for p in pads):
        value = 0 if default_value is None else default_value
        flat = A.pad(flat, pads, constant_values=value)
    return flat


def _shape_list(shape):
    if hasattr(shape, "as_list"):
        return shape.as_list() if shape.rank is not None else None
    if isinstance(shape, Tensor):
        return [int(d) for d in shape._value]
    return [None if d is None else int(d) for d in shape]


def from_tensor(tensor, lengths, padding, ragged_rank, splits_dtype):
    """A RaggedTensor of the rows of `tensor`, cut at `lengths` or before trailing `padding`."""
    t = _tensor(tensor)
    if lengths is not None and padding is not None:
        raise ValueError("Specify argument `lengths` or `padding`, but not both.")
    if not isinstance(ragged_rank, int) or ragged_rank <= 0:
        raise ValueError(f"Argument `ragged_rank` must be greater than 0. Received {ragged_rank}.")
    if t.ndim <= ragged_rank:
        raise ValueError(f"Shape {t.shape} must have rank at least {ragged_rank + 1}")
    shape = t._value.shape
    if ragged_rank > 1:
        # merge the outer dims, cut those rows, then rebuild the uniform outer partitions
        merged = A.reshape(t, [-1] + list(shape[ragged_rank:]))
        rt = from_tensor(merged, lengths, padding, 1, splits_dtype)
        for d in reversed(shape[1:ragged_rank]):
            n = rt.nrows_py()
            splits = Tensor((np.arange(n // d + 1) * d).astype(splits_dtype.as_numpy_dtype))
            rt = RaggedTensor._from_splits(rt, splits, uniform_row_length=d)
        return rt
    nrows, ncols = shape[0], shape[1]
    if lengths is not None:
        n = _row_lengths_arg(lengths, nrows)
    elif padding is not None:
        pad = _tensor(padding, t.dtype)._value
        equal = t._value == pad
        equal = equal.reshape(nrows, ncols, -1).all(axis=2)
        # the row keeps everything up to its last non-padding value
        not_pad = ~equal
        last = np.where(not_pad.any(axis=1), ncols - np.argmax(not_pad[:, ::-1], axis=1), 0)
        n = last
    else:
        n = np.full(nrows, ncols)
    uniform = ncols if lengths is None and padding is None else None
    n = np.minimum(n, ncols).astype(np.int64)
    rows = np.repeat(np.arange(nrows), n)
    cols = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    values = A.gather_nd(t, Tensor(np.stack([rows, cols], axis=1).astype(np.int64)))
    splits = np.concatenate([[0], np.cumsum(n)]).astype(splits_dtype.as_numpy_dtype)
    return RaggedTensor._from_splits(values, Tensor(splits), uniform_row_length=uniform)


def _row_lengths_arg(lengths, nrows):
    if isinstance(lengths, (list, tuple)) and lengths and isinstance(lengths[0], (list, tuple)):
        raise NotImplementedError("tapeviz does not implement nested `lengths` in from_tensor yet")
    n = np.asarray(_tensor(lengths)._value).astype(np.int64)
    if n.shape != (nrows,):
        raise ValueError(f"Shapes {list(n.shape)} and [{nrows}] are incompatible")
    return n


def _sparse_tensor_class():
    cls = EXPORTS.get("SparseTensor")
    if cls is None:
        raise NotImplementedError("tapeviz does not implement tf.SparseTensor yet")
    return cls


def to_sparse(rt):
    """`rt` as a SparseTensor: one entry per flat value (each inner position for inner dims)."""
    pos = flat_positions(rt)
    flat = rt.flat_values
    inner = flat._value.shape[1:]
    if inner:        # every position inside the inner dims is an entry too
        cells = np.argwhere(np.ones(inner, bool))
        pos = np.concatenate([np.repeat(pos, len(cells), axis=0), np.tile(cells, (len(pos), 1))], axis=1)
        flat = A.reshape(flat, [-1])
    shape = np.array(_bounding_dims(rt), np.int64)
    return _sparse_tensor_class()(Tensor(pos.astype(np.int64)), flat, Tensor(shape))


def from_sparse(st, splits_dtype):
    """A RaggedTensor from a 2-D SparseTensor whose entries fill each row from column 0.

    Raises:
      ValueError: a SparseTensor that is not 2-D.
      InvalidArgumentError: entries that skip a column or are out of order.
    """
    indices = np.asarray(_tensor(st.indices)._value)
    shape = np.asarray(_tensor(st.dense_shape)._value)
    if indices.ndim != 2 or indices.shape[1] != 2:
        raise ValueError("rank(st_input) must be 2.")
    rows, cols = indices[:, 0], indices[:, 1]
    starts = np.searchsorted(rows, rows, side="left")
    if np.any(np.diff(rows) < 0) or np.any(cols != np.arange(len(rows)) - starts):
        raise errors.InvalidArgumentError(None, None, "SparseTensor is not right-ragged")
    counts = np.bincount(rows, minlength=int(shape[0])) if rows.size else np.zeros(int(shape[0]), np.int64)
    splits = np.concatenate([[0], np.cumsum(counts)]).astype(splits_dtype.as_numpy_dtype)
    return RaggedTensor._from_splits(_tensor(st.values), Tensor(splits))
