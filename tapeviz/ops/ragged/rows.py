"""Picking rows of a Tensor or RaggedTensor: one recorded gather of the values they hold."""
import numpy as np

from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor


def ranges(starts, lengths):
    """`concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])`, without the loop."""
    starts = np.asarray(starts, np.int64)
    lengths = np.asarray(lengths, np.int64)
    ends = np.cumsum(lengths)
    return np.arange(int(ends[-1]) if ends.size else 0, dtype=np.int64) + np.repeat(starts - ends + lengths, lengths)


def gather_rows(x, rows):
    """Rows `rows` (an int array) of a Tensor or RaggedTensor, as one recorded gather."""
    rows = np.asarray(rows, dtype=np.int64)
    if not isinstance(x, RaggedTensor):
        return A.gather(x, Tensor(rows))
    s = x.row_splits._value
    lengths = (s[rows + 1] - s[rows]) if rows.size else np.zeros(0, s.dtype)
    positions = ranges(s[rows], lengths) if rows.size else np.zeros(0, np.int64)
    splits = np.concatenate([[0], np.cumsum(lengths)]).astype(s.dtype)
    return RaggedTensor._from_splits(gather_rows(x.values, positions), Tensor(splits))
