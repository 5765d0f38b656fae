"""`Dataset.shuffle`'s buffer, as `tensorflow/core/kernels/data/shuffle_dataset_op.cc` runs it.

The buffer fills with the first `buffer_size` elements; each output is drawn uniformly from the
buffer and its slot refilled with the next input element, and once the input ends the buffer
drains the same way. The random draws come from `_shuffle_indices` only: TF takes them from a
Philox stream, tapeviz from NumPy's PCG64, so a seeded order is reproducible but not TF's.
"""
import itertools

import numpy as np

_BLOCK = 1024


def _shuffle_indices(seed):
    """An endless stream of blocks of random non-negative int64 draws for one pass."""
    rng = np.random.default_rng(seed)
    while True:
        yield rng.integers(0, 2**63 - 1, size=_BLOCK, dtype=np.int64)


def shuffled(elements, buffer_size, seed):
    """Yields `elements` in TF's buffered shuffle order, drawing from `_shuffle_indices(seed)`."""
    draws = itertools.chain.from_iterable(block.tolist() for block in _shuffle_indices(seed))
    buffer = []
    source = iter(elements)
    for element in source:
        buffer.append(element)
        if len(buffer) == buffer_size:
            break
    for element in source:
        index = next(draws) % len(buffer)
        yield buffer[index]
        buffer[index] = element
    while buffer:
        index = next(draws) % len(buffer)
        buffer[index], buffer[-1] = buffer[-1], buffer[index]
        yield buffer.pop()


def shuffled_rows(rows, buffer_size, seed):
    """`shuffled` for a known array of row numbers, at once: the same order, as an array.

    While the input lasts, output k is whatever slot `pick[k]` holds: the row written there by
    the latest earlier step that picked the same slot, else the slot's initial row. A stable
    sort by slot finds those steps for all k together; only the final drain loops in Python.
    """
    n = len(rows)
    size = min(buffer_size, n)
    blocks = _shuffle_indices(seed)
    draws = np.concatenate([next(blocks) for _ in range(-(-n // _BLOCK))] or
                           [np.zeros(0, np.int64)])[:n]
    lengths = np.concatenate([np.full(n - size, size, np.int64), np.arange(size, 0, -1)])
    picks = draws % np.maximum(lengths, 1)
    m = n - size
    slot = picks[:m]
    order = np.argsort(slot, kind="stable")
    by_slot = slot[order]
    same = by_slot[1:] == by_slot[:-1]
    previous = np.full(m, -1, np.int64)
    previous[order[1:][same]] = order[:-1][same]
    source = np.where(previous >= 0, size + previous, slot)     # positions in `rows`
    buffer = np.arange(size)
    last = np.append(~same, True) if m else np.zeros(0, bool)
    buffer[by_slot[last]] = size + order[last]
    buffer = buffer.tolist()
    drained = []
    for index in picks[m:].tolist():
        buffer[index], buffer[-1] = buffer[-1], buffer[index]
        drained.append(buffer.pop())
    return rows[np.concatenate([source, np.array(drained, np.int64)]).astype(np.intp)]
