"""`Dataset.shuffle`'s buffer, as `tensorflow/core/kernels/data/shuffle_dataset_op.cc` runs it.

The buffer fills with the first `buffer_size` elements; each output is drawn uniformly from the
buffer and its slot refilled with the next input element, and once the input ends the buffer
drains the same way. The random draws come from `_shuffle_indices` only: TF takes them from a
Philox stream, tapeviz from NumPy's PCG64, so a seeded order is reproducible but not TF's.
"""
import numpy as np


def _shuffle_indices(seed):
    """An endless stream of random 64-bit draws for one epoch's shuffle."""
    rng = np.random.default_rng(seed)
    while True:
        yield from rng.integers(0, 2**63 - 1, size=1024, dtype=np.int64).tolist()


def shuffled(elements, buffer_size, seed):
    """Yields `elements` in TF's buffered shuffle order, drawing from `_shuffle_indices(seed)`."""
    draws = _shuffle_indices(seed)
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
