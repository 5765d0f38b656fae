"""Building RaggedTensors: `tf.ragged.constant`, `tf.ragged.range` and the segment-id helpers."""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.convert import constant as dense_constant
from tapeviz.framework.tensor import Tensor
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor, _tensor


def _is_list(x):
    return isinstance(x, (list, tuple)) or np.ndim(x) != 0


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None,
             row_splits_dtype=D.int64):
    """A RaggedTensor from nested Python lists (rows of any lengths).

    Args:
      ragged_rank: how many dimensions are ragged (default: all but the innermost, or all but
        `inner_shape`'s).
      inner_shape: the shape of each innermost value, when values are themselves lists.

    Raises:
      ValueError: scalars at different depths, or a ragged_rank / inner_shape the lists do not
        have.

    The depth rules and their messages follow TF's `ragged_factory_ops._constant_value`
    (Apache-2.0), so that the same lists give the same tensor or the same error.
    """
    if isinstance(pylist, RaggedTensor):
        raise TypeError("pylist may not be a RaggedTensor or RaggedTensorValue.")
    splits_dtype = D.as_dtype(row_splits_dtype)
    if not isinstance(pylist, (list, tuple)) and np.ndim(pylist) == 0:
        if ragged_rank is not None and ragged_rank != 0:
            raise ValueError(f"Invalid pylist={pylist!r}: incompatible with ragged_rank={ragged_rank}")
        if inner_shape:
            raise ValueError(f"Invalid pylist={pylist!r}: incompatible with dim(inner_shape)={len(inner_shape)}")
        return dense_constant(pylist, dtype)
    if ragged_rank is not None and ragged_rank < 0:
        raise ValueError(f"Invalid ragged_rank={ragged_rank!r}: must be nonnegative")
    scalar_depth, max_depth = _depths(pylist)
    if scalar_depth is not None:
        if max_depth > scalar_depth:
            raise ValueError(f"Invalid pylist={pylist!r}: empty list nesting is greater than scalar "
                             "value nesting")
        if ragged_rank is not None and max_depth < ragged_rank:
            raise ValueError(f"Invalid pylist={pylist}, max depth smaller than ragged_rank={ragged_rank}")
    if inner_shape is not None and ragged_rank is not None:
        expected = ragged_rank + len(inner_shape) + 1
        if (scalar_depth is not None and expected != scalar_depth) or (
                scalar_depth is None and expected < max_depth):
            raise ValueError(f"Invalid pylist={pylist!r}: incompatible with ragged_rank={ragged_rank} "
                             f"and dim(inner_shape)={len(inner_shape)}")
    if ragged_rank == 0 or (ragged_rank is None and (
            max_depth < 2 or (inner_shape is not None and max_depth - len(inner_shape) < 2))):
        return _inner(pylist, dtype, inner_shape)
    if inner_shape is None:
        inner_shape = () if ragged_rank is None else _default_inner_shape(pylist, ragged_rank)
    inner_shape = tuple(inner_shape)
    if ragged_rank is None:
        ragged_rank = max(1, max_depth - 1) if scalar_depth is None else max(
            1, scalar_depth - 1 - len(inner_shape))
    nested_splits, values = [], pylist
    for _ in range(ragged_rank):
        splits, flat = [0], []
        for row in values:
            splits.append(splits[-1] + len(row))
            flat.extend(row)
        nested_splits.append(splits)
        values = flat
    result = _inner(values, dtype, (len(values),) + inner_shape)
    for splits in reversed(nested_splits):
        result = RaggedTensor._from_splits(result, Tensor(np.array(splits, splits_dtype.as_numpy_dtype)))
    return result


def _inner(pylist, dtype, shape):
    return dense_constant(pylist, dtype, shape=shape)


def _depths(pylist):
    """(depth of the scalars or None when there are none, maximum list depth)."""
    if _is_list(pylist):
        scalar_depth, max_depth = None, 1
        for child in pylist:
            child_scalar, child_max = _depths(child)
            if child_scalar is not None:
                if scalar_depth is not None and scalar_depth != child_scalar + 1:
                    raise ValueError("all scalar values must have the same nesting depth")
                scalar_depth = child_scalar + 1
            max_depth = max(max_depth, child_max + 1)
        return scalar_depth, max_depth
    return 0, 0


def _default_inner_shape(pylist, ragged_rank):
    flat = pylist
    for dim in range(ragged_rank):
        if not all(_is_list(v) for v in flat):
            raise ValueError(f"pylist has scalar values depth {dim + 1}, but ragged_rank={ragged_rank} "
                             f"requires scalar value depth greater than {ragged_rank}")
        flat = sum((list(v) for v in flat), [])

    def shape_of(item):
        if not _is_list(item):
            return ()
        return (len(item),) + shape_of(item[0]) if len(item) else (0,)

    def check(item, shape):
        if _is_list(item) != bool(shape):
            raise ValueError("inner values have inconsistent shape")
        if _is_list(item):
            if shape[0] != len(item):
                raise ValueError("inner values have inconsistent shape")
            for child in item:
                check(child, shape[1:])

    shape = shape_of(flat)
    check(flat, shape)
    return shape[1:]


def ragged_range(starts, limits=None, deltas=1, dtype=None, name=None, row_splits_dtype=D.int64):
    """Row i is `range(starts[i], limits[i], deltas[i])` (scalars broadcast).

    Raises:
      InvalidArgumentError: a zero delta.
    """
    if limits is None:
        starts, limits = 0, starts
    parts = [_tensor(v, None if dtype is None else D.as_dtype(dtype)) for v in (starts, limits, deltas)]
    out_dtype = D.as_dtype(dtype) if dtype is not None else _range_dtype(parts)
    arrays = [np.asarray(p._value).astype(out_dtype.as_numpy_dtype) for p in parts]
    if any(a.ndim > 1 for a in arrays):
        raise errors.InvalidArgumentError(None, "RaggedRange", "starts must be a scalar or vector")
    n = max((a.shape[0] for a in arrays if a.ndim == 1), default=1)
    if any(a.ndim == 1 and a.shape[0] != n for a in arrays):
        raise errors.InvalidArgumentError(None, "RaggedRange",
                                          "starts, limits, and deltas must have the same shape")
    s, lim, d = (np.broadcast_to(a, (n,)) for a in arrays)
    if np.any(d == 0):
        raise errors.kernel_error("RaggedRange", "Requires delta != 0", name="")
    rows = [np.arange(a, b, c, dtype=out_dtype.as_numpy_dtype) for a, b, c in zip(s, lim, d)]
    lengths = [len(r) for r in rows]
    splits = np.concatenate([[0], np.cumsum(lengths)]).astype(D.as_dtype(row_splits_dtype).as_numpy_dtype)
    values = np.concatenate(rows) if rows else np.zeros(0, out_dtype.as_numpy_dtype)
    return RaggedTensor._from_splits(Tensor(values.astype(out_dtype.as_numpy_dtype)), Tensor(splits))


def _range_dtype(parts):
    order = (D.int32, D.int64, D.float32, D.float64)
    found = [p.dtype for p in parts]
    for dt in found:
        if dt not in order:
            raise TypeError(f"Value for attr 'T' of {dt.name} is not in the list of allowed values")
    return max(found, key=order.index)


def _index_tensor(x):
    """Python lists become int64, as TF converts them with preferred_dtype=int64."""
    if isinstance(x, Tensor) or getattr(x, "_is_variable", False):
        return _tensor(x)
    try:
        return _tensor(x, D.int64)
    except (TypeError, ValueError):
        return _tensor(x)


def row_splits_to_segment_ids(splits, name=None, out_type=None):
    """The row of each value: `[0, 3, 3, 5]` gives `[0, 0, 0, 2, 2]`."""
    t = _index_tensor(splits)
    if t.dtype not in (D.int32, D.int64):
        raise ValueError("splits must have dtype int32 or int64")
    if t.ndim != 1:
        raise ValueError(f"Shape {t.shape} must have rank 1")
    s = t._value
    out = D.as_dtype(out_type).as_numpy_dtype if out_type is not None else s.dtype
    if s.size == 0:
        return Tensor(np.zeros(0, out))
    return Tensor(np.repeat(np.arange(len(s) - 1), np.diff(s)).astype(out))


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    """Row splits for sorted segment ids: `[0, 0, 0, 2, 2]` gives `[0, 3, 3, 5]`."""
    t = _index_tensor(segment_ids)
    if t.dtype not in (D.int32, D.int64):
        raise ValueError("segment_ids must have dtype int32 or int64")
    if t.ndim != 1:
        raise ValueError(f"Shape {t.shape} must have rank 1")
    ids = t._value
    out = D.as_dtype(out_type).as_numpy_dtype if out_type is not None else ids.dtype
    n = int(_tensor(num_segments)._value) if num_segments is not None else (int(ids.max()) + 1 if ids.size else 0)
    counts = np.bincount(ids, minlength=n)[:n] if ids.size else np.zeros(n, np.int64)
    return Tensor(np.concatenate([[0], np.cumsum(counts)]).astype(out))
