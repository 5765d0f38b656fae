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
    """`shuffled` for a known array of row numbers, at once: the same order, as an array."""
    n = len(rows)
    blocks = _shuffle_indices(seed)
    draws = np.concatenate([next(blocks) for _ in range(-(-n // _BLOCK))])[:n] if n else \
        np.zeros(0, np.int64)
    size = min(buffer_size, n)
    lengths = np.concatenate([np.full(n - size, size, np.int64), np.arange(size, 0, -1)])
    picks = (draws % np.maximum(lengths, 1)).tolist()
    rows = rows.tolist()
    buffer, out = rows[:size], []
    append = out.append
    for k, element in enumerate(rows[size:]):
        index = picks[k]
        append(buffer[index])
        buffer[index] = element
    for index in picks[n - size:]:
        buffer[index], buffer[-1] = buffer[-1], buffer[index]
        append(buffer.pop())
    return np.array(out, dtype=np.intp)
