"""`rt[key]`: TF's ragged indexing rules.

The first key picks rows (an int gives one row, a dense Tensor or a RaggedTensor; a slice keeps a
RaggedTensor); later keys apply inside every row. A slice of a ragged dimension cuts each row
by Python's rules for that row's length; an int there is an error, as in TF, because rows may
be too short.
"""
import numpy as np

from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops.ragged import array_ops
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor
from tapeviz.ops.ragged.rows import gather_rows, ranges

_INNER_INDEX = "Cannot index into an inner ragged dimension."


def getitem(rt, key):
    keys = list(key) if isinstance(key, tuple) else [key]
    keys = [_plain(k) for k in keys]
    if sum(k is Ellipsis for k in keys) > 1:
        raise ValueError("tf.RaggedTensor.__getitem__ only supports one Ellipsis")
    keys = _expand_ellipsis(keys, rt.shape.rank + sum(k is None for k in keys))
    if None not in keys:
        return _rows(rt, keys)
    # index without the new axes, then add each where it falls among the kept dimensions
    result = _rows(rt, [k for k in keys if k is not None])
    kept = 0
    for k in keys:
        if k is None:
            result = array_ops.expand_dims(result, kept)
        if not isinstance(k, int):
            kept += 1
    return result


def _plain(k):
    """Scalar Tensors and NumPy ints act as Python ints."""
    if isinstance(k, Tensor):
        if k.ndim != 0 or k.dtype.name not in ("int32", "int64"):
            raise TypeError(f"Unsupported key type {k!r} for RaggedTensor.__getitem__")
        return int(k._value)
    if isinstance(k, np.integer):
        return int(k)
    if k is Ellipsis or k is None or isinstance(k, (int, slice)):
        return k
    raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                    f"tf.int32/tf.int64 tensors are valid indices, got {k!r}")


def _expand_ellipsis(keys, rank):
    """`...` replaced by full slices (`rank` counts the new axes too)."""
    if Ellipsis not in keys:
        return keys
    i = keys.index(Ellipsis)
    fill = rank - (len(keys) - 1)
    return keys[:i] + [slice(None)] * max(fill, 0) + keys[i + 1:]


def _rows(rt, keys):
    if not keys:
        return rt
    key, rest = keys[0], keys[1:]
    if isinstance(key, slice):
        picked = gather_rows(rt, np.arange(rt.nrows_py())[key])
        return _inner(picked, rest)
    n = rt.nrows_py()
    if key >= n:
        raise IndexError(f"Row key {key} out of bounds")
    if key < -n:
        raise kernel_error("StridedSlice", f"slice index {key + n} of dimension 0 out of bounds.",
                           name="strided_slice/")
    key %= n
    s = rt.row_splits._value
    row = _slice_rows(rt.values, int(s[key]), int(s[key + 1]))
    if not rest:
        return row
    if isinstance(row, RaggedTensor):
        return _rows(row, rest)
    return row[tuple(rest)]


def _inner(rt, keys):
    """`keys` applied to dims 1.. of every row of `rt` (a RaggedTensor or a dense Tensor)."""
    if not keys or all(k == slice(None) for k in keys):
        return rt
    if not isinstance(rt, RaggedTensor):
        return rt[(slice(None),) + tuple(keys)]
    key, rest = keys[0], keys[1:]
    if not isinstance(key, slice):
        raise ValueError(_INNER_INDEX)
    if key == slice(None):
        return rt.with_values(_inner(rt.values, rest))
    s = rt.row_splits._value
    if key.step in (None, 1):       # each row's [start:stop], computed for all rows at once
        n = np.diff(s).astype(np.int64)
        start, stop = _bound(key.start, n, 0), _bound(key.stop, n, n)
        lengths = np.maximum(stop - start, 0)
        positions = ranges(s[:-1] + start, lengths)
    else:
        picked = [np.arange(s[i], s[i + 1])[key] for i in range(len(s) - 1)]
        lengths = np.array([len(p) for p in picked], dtype=np.int64)
        positions = np.concatenate(picked).astype(np.int64) if picked else np.zeros(0, np.int64)
    values = gather_rows(rt.values, positions)
    splits = np.concatenate([[0], np.cumsum(lengths)]).astype(s.dtype)
    return RaggedTensor._from_splits(_inner(values, rest), Tensor(splits))


def _bound(index, n, default):
    """A slice bound for rows of lengths `n`, by Python's rules (negatives count from the end)."""
    if index is None:
        return np.broadcast_to(default, n.shape)
    return np.clip(index if index >= 0 else n + index, 0, n)


def _slice_rows(x, start, stop):
    """Rows `start:stop` of a Tensor or RaggedTensor."""
    if isinstance(x, RaggedTensor):
        return gather_rows(x, np.arange(start, stop))
    return x[start:stop]
