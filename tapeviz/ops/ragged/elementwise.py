"""Elementwise ops on RaggedTensors: the dense op runs once on `flat_values`.

Two ragged operands of different row partitions broadcast as TF's DynamicRaggedShape does
(`broadcast.py`); a dense operand either broadcasts against the
values' inner dimensions (a scalar, a per-column vector) or has the ragged tensor's full rank and
is gathered at each value's position (a per-row column `[[1], [2], ...]`), as TF broadcasts.
"""
import numpy as np

from tapeviz.framework import errors
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops.ragged import checks
from tapeviz.ops.ragged.broadcast import broadcast_binary
from tapeviz.ops.ragged.conversion import flat_positions
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor, _tensor
from tapeviz.ops.ragged.rows import gather_rows


def _is_ragged(x):
    return isinstance(x, RaggedTensor)


def _leaves(args, kwargs):
    """Every argument, lists (add_n) opened one level."""
    for a in list(args) + list(kwargs.values()):
        if isinstance(a, (list, tuple)):
            yield from a
        else:
            yield a


def has_ragged(args, kwargs):
    # on every public elementwise call: plain loops, no generators
    for values in (args, kwargs.values()) if kwargs else (args,):
        for a in values:
            if isinstance(a, RaggedTensor):
                return True
            if isinstance(a, (list, tuple)):
                for b in a:
                    if isinstance(b, RaggedTensor):
                        return True
    return False


def map_flat_values(op, *args, **kwargs):
    """`op` applied to the flat values of the RaggedTensors in `args`/`kwargs` (which must share
    their nested row splits); the result has their row partitions.

    Raises:
      ValueError: no RaggedTensor argument, or RaggedTensors of different row partitions.
    """
    ragged = [a for a in _leaves(args, kwargs) if _is_ragged(a)]
    if not ragged:
        return op(*args, **kwargs)
    partition = ragged[0]
    nrows = {int(r.flat_values.shape[0]) for r in ragged}
    if len(nrows) > 1:
        raise ValueError("Input RaggedTensors' flat_values must all have the same outer-dimension "
                         f"size.  Got sizes: {nrows}")
    for r in ragged[1:]:
        _check_same_partition(partition, r)

    def flat(a):
        if _is_ragged(a):
            return a.flat_values
        if isinstance(a, list):
            return [flat(x) for x in a]
        if isinstance(a, tuple):
            return tuple(flat(x) for x in a)
        return a
    return _rewrap(partition, op(*[flat(a) for a in args], **{k: flat(v) for k, v in kwargs.items()}))


def _rewrap(partition, values):
    if isinstance(values, Tensor) and values.ndim and values._value.shape[0] == partition.flat_values._value.shape[0]:
        return partition.with_flat_values(values)
    raise ValueError("tf.ragged.map_flat_values requires that the output of `op` have the same "
                     "outer-dimension size as flat_values of any ragged inputs. (output shape: "
                     f"{tuple(getattr(values, 'shape', ()))}; expected outer dimension size: "
                     f"{partition.flat_values._value.shape[0]})")


def _check_same_partition(a, b, prefix=""):
    sa, sb = a.nested_row_splits, b.nested_row_splits
    if len(sa) != len(sb):
        raise errors.InvalidArgumentError(None, None, "Inputs must have identical ragged splits.")
    for x, y in zip(sa, sb):
        if x._value.shape != y._value.shape or np.any(x._value != y._value):
            raise splits_mismatch(x._value, y._value, prefix)


def _check_list_partitions(ragged):
    """TF's checks for RaggedTensors given in a list (`add_n`, `strings.join`): the flat values'
    sizes, then the row splits, as its merge of the row partitions reports them."""
    nrows = {int(r.flat_values.shape[0]) for r in ragged}
    if len(nrows) > 1:
        raise ValueError("Input RaggedTensors' flat_values must all have the same outer-dimension "
                         f"size.  Got sizes: {nrows}")
    for r in ragged[1:]:
        _check_same_partition(ragged[0], r, "RowPartition._merge_precomputed_encodings: partitions have "
                                            "incompatible row_splits")


def splits_mismatch(x, y, prefix=""):
    """TF's assert_equal failure for two row partitions that differ (x: the left operand's)."""
    if x.shape != y.shape:
        return errors.InvalidArgumentError(None, None, "Inputs must have identical ragged splits.")
    return checks.equal_failure(prefix, x, y)


def elementwise(fn, args, kwargs):
    """`fn(*args, **kwargs)` for an elementwise `fn`, some of whose arguments are ragged."""
    ragged = [a for a in _leaves(args, kwargs) if _is_ragged(a)]
    listed = any(isinstance(a, (list, tuple)) and any(_is_ragged(x) for x in a) for a in args)
    if len({r._splits_dtype for r in ragged}) > 1:      # TF's match_row_splits_dtypes
        raise ValueError(f"Input RaggedTensors have mismatched {'row partition' if listed else 'row_splits'} "
                         "dtypes; use RaggedTensor.with_row_splits_dtype() to convert them to compatible dtypes.")
    if len(args) == 2 and len(ragged) == 2 and _is_ragged(args[0]) and _is_ragged(args[1]) \
            and not _same_shape(*args):
        return broadcast_binary(fn, *args)     # TF's DynamicRaggedShape broadcasting
    base = ragged[0]
    if listed:
        _check_list_partitions(ragged)
    for r in ragged[1:]:
        if r.ragged_rank != base.ragged_rank:
            raise errors.InvalidArgumentError(None, None, "Inputs must have identical ragged splits.")
        _check_same_partition(base, r)
    inner_rank = base.flat_values.ndim - 1
    rank = base.ragged_rank + inner_rank + 1
    outer = {int(np.shape(a)[0]) for a in _leaves(args, kwargs)
             if not _is_ragged(a) and isinstance(a, (Tensor, np.ndarray, list)) and np.ndim(a) == rank}
    if base.nrows_py() == 1 and outer - {1}:     # one ragged row broadcasts to the dense rows
        n = max(outer)
        args = [gather_rows(a, np.zeros(n, np.int64)) if _is_ragged(a) else a for a in args]
        kwargs = {k: gather_rows(v, np.zeros(n, np.int64)) if _is_ragged(v) else v for k, v in kwargs.items()}
        base = gather_rows(base, np.zeros(n, np.int64))

    def flat(a):
        if _is_ragged(a):
            return a.flat_values
        if isinstance(a, list) and any(_is_ragged(x) for x in a):
            return [flat(x) for x in a]
        if isinstance(a, (Tensor, np.ndarray, list)) or getattr(a, "_is_variable", False):
            if np.ndim(a) > inner_rank:
                return _dense_at_values(_tensor(a), base)
        return a
    out = fn(*[flat(a) for a in args], **{k: flat(v) for k, v in kwargs.items()})
    return base.with_flat_values(out)


def _same_shape(a, b):
    """Identical row partitions (uniform alike) and flat value shapes: the op runs on the flat
    values as they are."""
    sa, sb = a.nested_row_splits, b.nested_row_splits
    if len(sa) != len(sb) or a.flat_values._value.shape != b.flat_values._value.shape:
        return False
    while isinstance(a, RaggedTensor):
        if a._uniform_row_length != b._uniform_row_length:
            return False
        a, b = a._values, b._values
    return all(x._value.shape == y._value.shape and np.array_equal(x._value, y._value) for x, y in zip(sa, sb))


def _dense_at_values(dense, rt):
    """A dense operand of `rt`'s rank (or less) gathered at each flat value's position."""
    outer = rt.ragged_rank + 1
    rank = rt.ragged_rank + rt.flat_values.ndim
    if dense.ndim > rank:
        raise ValueError(f"Unable to broadcast: dimension size mismatch in dimension {0}.")
    shape = [1] * (rank - dense.ndim) + list(dense._value.shape)
    dense = A.reshape(dense, shape)
    pos = flat_positions(rt)
    for d in range(outer):
        size = shape[d]
        if size == 1:
            pos[:, d] = 0
        elif d == 0 and size != rt.nrows_py():     # TF's check compares "is broadcastable" flags
            raise checks.equal_failure("", np.array([False]), np.array([True]))
        elif d > 0 and not _uniform_length(rt, d, size):
            splits = rt.nested_row_splits[d - 1]._value
            raise splits_mismatch(np.arange(len(splits)) * size, splits)
    inner = list(dense._value.shape[outer:])
    gathered = A.gather_nd(dense, Tensor(pos.astype(np.int64)))
    return A.reshape(gathered, [-1] + inner) if inner else gathered


def _uniform_length(rt, level, size):
    """Every row of ragged dimension `level` has `size` values (so a dense dim of that size fits)."""
    splits = rt.nested_row_splits[level - 1]._value
    return bool(np.all(np.diff(splits) == size))
