"""`Dataset.shuffle`'s buffer, as TF's `ShuffleDatasetOp` runs it, with TF's random numbers.

TF keeps the buffer as a ring of `buffer_size` slots holding the elements from `start` to
`end` (absolute positions, slot = position % buffer_size). Before every output it refills the
ring from the input; then it draws a uint32 `r` from a Philox stream, outputs the element at
position `start + r % (end - start)`, moves the element at `start` into the freed slot and
advances `start`. Once the input ends the ring drains the same way.

The Philox stream of one pass (one iterator) is `PhiloxRandom(s, s2)`. With
`reshuffle_each_iteration=False`, (s, s2) are the dataset's seeds every pass; otherwise pass
`p` takes words 2p and 2p+1 of the seed generator's own stream `PhiloxRandom(seed, seed2)`
(TF's `RandomSeedGenerator`).
"""
import concurrent.futures

import numpy as np

from tapeviz.ops import philox


def pass_seeds(seeds, epoch, reshuffle):
    """The (s, s2) Philox seeds of pass number `epoch` of a shuffle seeded with `seeds`."""
    if not reshuffle:
        return seeds
    words = philox.words(*philox.from_seeds(*seeds), 2 * epoch + 2)
    return int(words[2 * epoch]), int(words[2 * epoch + 1])


def _draws(seeds, n):
    """The first `n` uint32 draws of a pass."""
    return philox.words(*philox.from_seeds(*seeds), n)


def shuffled(elements, buffer_size, seeds):
    """Yields `elements` in TF's ring-buffer shuffle order for one pass with Philox `seeds`."""
    key, counter = philox.from_seeds(*seeds)
    ring = []                       # grows to buffer_size slots, then wraps
    start = end = 0
    source = iter(elements)
    more = True
    words = []
    while True:
        while more and end - start < buffer_size:
            element = next(source, _END)
            if element is _END:
                more = False
            else:
                if end < buffer_size:
                    ring.append(element)
                else:
                    ring[end % buffer_size] = element
                end += 1
        if start == end:
            return
        if not words:       # the next Philox blocks, read word by word as TF's adapter does
            words = philox.blocks(key, counter, _BLOCKS).reshape(-1).tolist()[::-1]
            counter = philox.skip(counter, _BLOCKS)
        index = (start + words.pop() % (end - start)) % buffer_size
        first = start % buffer_size
        yield ring[index]
        ring[index] = ring[first]
        ring[first] = None
        start += 1


_END = object()
_BLOCKS = 64


def shuffled_positions(n, buffer_size, seeds):
    """The input positions `shuffled(range(n), buffer_size, seeds)` yields, as one int array.

    In absolute ring positions (slot = position % B) nothing moves but the start element: input
    element e enters at position e; step k outputs position j_k = k + r_k % count_k and moves
    the element at position k (the start) into it. So step k outputs what the previous step
    aiming at j_k moved there (else element j_k), and the start element at step k is what the
    latest earlier step aiming at k moved there (else element k). One stable sort of the j_k by
    slot finds both (steps aiming at one position are consecutive in it); a moved element is
    "what step k' had at its start", and pointer jumping resolves those chains in O(log n)
    array steps.
    """
    B = min(buffer_size, max(n, 1))                # a larger ring never wraps: same order
    itype = np.int32 if 2 * n < 2**31 else np.int64
    steps = np.arange(n, dtype=itype)
    counts = np.minimum(B, n - steps).astype(np.uint32)
    aim = (_draws(seeds, n) % counts).astype(itype)
    aim += steps                                   # j_k, always < n
    slots = aim % B
    order = np.argsort(slots.astype(np.uint16) if B <= 2**16 else slots, kind="stable")
    order = order.astype(itype)                    # steps by aimed slot, then time
    aimed = aim[order]
    same = aimed[1:] == aimed[:-1]                 # aiming where the step before it aimed
    # links[k] for k < n: the start element of step k, as a step (< n) or n + element; the
    # elements n + e are fixed points
    links = np.arange(n, 3 * n, dtype=itype)
    links[n:] -= n                                 # by default element k
    previous = aimed + n                           # by default element j_k
    np.copyto(previous[1:], order[:-1], where=same)
    source = np.empty(n, itype)                    # per step: what it outputs, as a link
    source[order] = previous
    moves = order < aimed                          # (a step aiming at its own start moves nothing)
    latest = moves.copy()                          # the last mover of each run aiming at one place
    latest[:-1] &= ~(same & moves[1:])
    latest = np.flatnonzero(latest)
    links[aimed[latest]] = order[latest]
    pending = np.flatnonzero(links[:n] < n)        # start elements moved there by a step
    while pending.size:                            # each round at least doubles their jumps
        links[pending] = links[links[pending]]
        pending = pending[links[pending] < n]
    positions = links[source]
    positions -= n
    return positions.astype(np.intp)


class PassOrders:
    """The `shuffled_positions` of one shuffle dataset's passes.

    While a pass is consumed, the order of the pass after it is computed on a worker thread
    (NumPy releases the GIL for the array work), as TF's iterator fills its buffer ahead of
    its consumer; a pass with the seeds of the last one (`reshuffle_each_iteration=False`, a
    peek at the first element) reuses its order. Orders are read-only: passes may share one.
    """

    def __init__(self):
        self._known = {}            # (n, buffer_size, seeds) -> Future of that pass's order

    def order(self, n, buffer_size, seeds, next_seeds):
        key, ahead = (n, buffer_size, seeds), (n, buffer_size, next_seeds)
        known = self._known.get(key)
        order = known.result() if known is not None else _read_only(n, buffer_size, seeds)
        self._known = {key: _finished(order)}
        if ahead != key:
            self._known[ahead] = _worker().submit(_read_only, *ahead)
        return order


def _read_only(n, buffer_size, seeds):
    order = shuffled_positions(n, buffer_size, seeds)
    order.flags.writeable = False
    return order


def _finished(value):
    future = concurrent.futures.Future()
    future.set_result(value)
    return future


_executor = None


def _worker():
    global _executor
    if _executor is None:
        _executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="tapeviz-shuffle")
    return _executor
