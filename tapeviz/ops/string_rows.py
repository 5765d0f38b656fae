"""The ragged side of the string ops: the one constructor of their ragged results, and the
wrapper that lets an element-wise string op take a RaggedTensor (applied to its flat values).

`from_row_splits` builds the exported `tf.RaggedTensor` when the ragged package is installed (it
exports "RaggedTensor"), else `_RowSplits`, a minimal stand-in with the attributes callers read.
Ragged inputs are recognised by their `flat_values` and `nested_row_splits`, so either type works.
"""
import functools

import numpy as np

from tapeviz.framework.api import EXPORTS
from tapeviz.framework.tensor import Tensor


def object_array(items, shape):
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out.reshape(shape)


# ---- the ragged result -------------------------------------------------------------------------
class _RowSplits:
    """A minimal RaggedTensor stand-in: `values` (a Tensor or another _RowSplits) cut into rows
    by int64 `row_splits`. Only what the string ops and their callers read."""

    def __init__(self, values, row_splits):
        self.values, self.row_splits = values, row_splits

    @property
    def flat_values(self):
        return self.values.flat_values if isinstance(self.values, _RowSplits) else self.values

    @property
    def nested_row_splits(self):
        inner = self.values.nested_row_splits if isinstance(self.values, _RowSplits) else ()
        return (self.row_splits,) + tuple(inner)

    @property
    def ragged_rank(self):
        return len(self.nested_row_splits)

    @property
    def dtype(self):
        return self.flat_values.dtype

    def row_lengths(self):
        return Tensor(np.diff(self.row_splits._value))

    def to_list(self):
        values = self.values.to_list() if isinstance(self.values, _RowSplits) else self.values._value.tolist()
        s = self.row_splits._value
        return [values[s[i]:s[i + 1]] for i in range(len(s) - 1)]

    def numpy(self):
        """A 2-D array when every row has one length, else an object array of row arrays (TF's)."""
        if isinstance(self.values, _RowSplits):
            return object_array([np.array(r, dtype=object) for r in self.to_list()], (len(self.row_splits._value) - 1,))
        flat, s = self.values._value, self.row_splits._value
        rows = [flat[a:b] for a, b in zip(s[:-1], s[1:])]
        if len({len(r) for r in rows}) <= 1:
            return np.array(rows, dtype=flat.dtype).reshape((len(rows), -1) + flat.shape[1:])
        return object_array(rows, (len(rows),))

    def __repr__(self):
        return f"<tf.RaggedTensor {self.to_list()!r}>"


_RowSplits.__name__ = _RowSplits.__qualname__ = "RaggedTensor"


def from_row_splits(values, splits):
    """THE constructor of every ragged result here: the exported `tf.RaggedTensor`'s
    `from_row_splits` where the ragged package is installed, else the `_RowSplits` stand-in."""
    ragged_tensor = EXPORTS.get("RaggedTensor")
    if ragged_tensor is not None:
        return ragged_tensor.from_row_splits(values, splits, validate=False)
    return _RowSplits(values, splits)


def is_ragged(x):
    return hasattr(x, "nested_row_splits") and hasattr(x, "flat_values")


def with_splits(flat, nested_splits):
    """`flat` (a Tensor, or a ragged result) cut again by `nested_splits`, outermost first."""
    for splits in reversed(list(nested_splits)):
        flat = from_row_splits(flat, splits)
    return flat


def on_flat_values(fn):
    """`fn` made to take a RaggedTensor first argument: it runs on the flat values, and the
    result keeps the row splits (TF's dispatch of element-wise string ops)."""
    @functools.wraps(fn)
    def op(*args, **kwargs):
        if args and is_ragged(args[0]):
            return with_splits(fn(args[0].flat_values, *args[1:], **kwargs), args[0].nested_row_splits)
        return fn(*args, **kwargs)
    return op
