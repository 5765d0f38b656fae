"""Broadcasting two RaggedTensors of different row partitions, as TF's `DynamicRaggedShape` does
for its binary elementwise ops (`dynamic_ragged_shape.broadcast_dynamic_shape_extended`).

Each operand's shape is read as rank - 1 row partitions (its ragged dimensions, then one uniform
partition per inner dense dimension but the last). Layer by layer from the outside, a "layer
broadcaster" maps every row of the result to the row of the operand it comes from: a dimension
of uniform size 1 repeats, a ragged dimension must match the other side's row for row (a ragged
row of length 1 does not broadcast), and TF's `assert_equal` message reports where it does not.
The last layer maps every element of the result to one flat value of each operand.
"""
import numpy as np

from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops.ragged import checks


class _Partition:
    """One row partition: row splits and, for a uniform one, its row length."""
    __slots__ = ("splits", "uniform")

    def __init__(self, splits, uniform=None):
        self.splits, self.uniform = np.asarray(splits, np.int64), uniform

    @classmethod
    def uniform_rows(cls, length, nrows):
        return cls(np.arange(nrows + 1, dtype=np.int64) * length, int(length))

    @property
    def nrows(self):
        return len(self.splits) - 1

    def rowids(self):
        return np.repeat(np.arange(self.nrows), np.diff(self.splits))


def _partitions(rt):
    """(rank, ragged rank, the rank - 1 row partitions) of a RaggedTensor."""
    parts, level = [], rt
    while not isinstance(level, Tensor):
        parts.append(_Partition(level._row_splits._value, level._uniform_row_length))
        level = level._values
    rows = int(level._value.shape[0])
    for size in level._value.shape[1:]:
        parts.append(_Partition.uniform_rows(int(size), rows))
        rows *= int(size)
    return len(parts) + 1, rt.ragged_rank, parts


def _half(ac, p):
    """The partition `p` with its rows picked by `ac`, and the next layer's broadcaster."""
    lengths = np.diff(p.splits)[ac]
    c = (_Partition.uniform_rows(p.uniform, len(ac)) if p.uniform is not None
         else _Partition(np.concatenate([[0], np.cumsum(lengths)])))
    rowids = c.rowids()
    return p.splits[ac[rowids]] + (np.arange(c.splits[-1]) - c.splits[rowids]), c


def _cannot():
    return checks.equal_failure("", np.array([False]), np.array([True]))


def _first_layer(a0, b0):
    if a0 == b0:
        return np.arange(a0), np.arange(b0)
    if a0 == 1:
        return np.zeros(b0, np.int64), np.arange(b0)
    if b0 == 1:
        return np.arange(a0), np.zeros(a0, np.int64)
    raise _cannot()


def _same_rows(ca, cb):
    if ca.splits.shape != cb.splits.shape or np.any(ca.splits != cb.splits):
        raise checks.equal_failure("", ca.splits, cb.splits)


def _half_ragged(ac0, bc0, a1, b1):
    """a1 uniform, b1 ragged: (c1, ac1, bc1)."""
    bc1, cb = _half(bc0, b1)
    if a1.uniform == 1:
        return _Partition(cb.splits), ac0[cb.rowids()], bc1
    ac1, ca = _half(ac0, a1)
    _same_rows(ca, cb)
    return _Partition(a1.splits), ac1, bc1


def _next_layer(ac0, bc0, a1, b1):
    if a1.uniform is not None and b1.uniform is not None:
        if a1.uniform == b1.uniform:
            return _Partition.uniform_rows(a1.uniform, len(ac0)), _half(ac0, a1)[0], _half(bc0, b1)[0]
        if a1.uniform == 1:
            bc1, cb = _half(bc0, b1)
            return _Partition.uniform_rows(b1.uniform, len(bc0)), ac0[cb.rowids()], bc1
        if b1.uniform == 1:
            ac1, ca = _half(ac0, a1)
            return _Partition.uniform_rows(a1.uniform, len(ac0)), ac1, bc0[ca.rowids()]
        raise _cannot()
    if a1.uniform is not None:
        return _half_ragged(ac0, bc0, a1, b1)
    if b1.uniform is not None:
        c1, bc1, ac1 = _half_ragged(bc0, ac0, b1, a1)
        return c1, ac1, bc1
    ac1, ca = _half(ac0, a1)
    bc1, cb = _half(bc0, b1)
    _same_rows(ca, cb)
    return ca, ac1, bc1


def _from_partitions(ac0, bc0, a_parts, b_parts):
    cs, acs, bcs = [], [], []
    for a1, b1 in zip(a_parts, b_parts):
        c1, ac0, bc0 = _next_layer(ac0, bc0, a1, b1)
        cs.append(c1)
        acs.append(ac0)
        bcs.append(bc0)
    return cs, acs, bcs


def _broadcast(a, b):
    """(result partitions, result ragged rank, a's layer broadcasters, b's), with a's rank <= b's
    rank; an operand's list holds one broadcaster per dimension."""
    (a_rank, a_rr, a_parts), (b_rank, b_rr, b_parts) = a, b
    if len(a_parts) < len(b_parts):
        neg_a = _Partition.uniform_rows(a_parts[0].nrows, 1)
        neg_b = b_parts[-(len(a_parts) + 1)]
        neg_ac, neg_bc = _first_layer(1, neg_b.nrows)
        c0, ac0, bc0 = _next_layer(neg_ac, neg_bc, neg_a, neg_b)
        cs, acs, bcs = _from_partitions(ac0, bc0, a_parts, b_parts[-len(a_parts):])
        cs, acs, bcs = [c0] + cs, [ac0] + acs, [neg_bc, bc0] + bcs
    else:
        ac0, bc0 = _first_layer(a_parts[0].nrows, b_parts[0].nrows)
        cs, acs, bcs = _from_partitions(ac0, bc0, a_parts, b_parts)
        acs, bcs = [ac0] + acs, [bc0] + bcs
    prefix = b_parts[:len(b_parts) - len(cs)]
    bcs = [np.arange(p.nrows) for p in prefix[:b_rank - len(bcs)]] + bcs   # identity layers
    ragged_rank = max(a_rr + max(0, b_rank - a_rank), b_rr)
    return prefix + cs, ragged_rank, acs, bcs


def _flat_at(rt, layers, inner_shape):
    """`rt`'s flat values broadcast to the result's flat values (TF's `broadcast_flat_values`):
    merged down to the result's inner rank, gathered by that layer's broadcaster, broadcast."""
    flat = rt.flat_values
    inner_rank = len(inner_shape)
    if flat.ndim != inner_rank:
        flat = A.reshape(flat, [-1] + list(flat._value.shape[flat.ndim - inner_rank + 1:]))
    flat = A.gather(flat, Tensor(layers[-inner_rank]))
    if tuple(flat._value.shape) != tuple(inner_shape):
        flat = A.broadcast_to(flat, inner_shape)
    return flat


def broadcast_binary(fn, x, y):
    """`fn(x, y)` for RaggedTensors `x` and `y` of different row partitions."""
    px, py = _partitions(x), _partitions(y)
    if px[0] > py[0]:
        parts, ragged_rank, ly, lx = _broadcast(py, px)
    else:
        parts, ragged_rank, lx, ly = _broadcast(px, py)
    inner_shape = [int(parts[ragged_rank - 1].splits[-1])] + [p.uniform for p in parts[ragged_rank:]]
    values = fn(_flat_at(x, lx, inner_shape), _flat_at(y, ly, inner_shape))
    splits_dtype = x._row_splits._value.dtype
    for p in reversed(parts[:ragged_rank]):
        values = type(x)._from_splits(values, Tensor(p.splits.astype(splits_dtype)), p.uniform)
    return values
