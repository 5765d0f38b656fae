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
    """The input positions `shuffled(range(n), buffer_size, seeds)` yields, as one array.

    Step k reads the output slot o_k and the start slot c_k = k % B, moves c_k's content to
    o_k, then (while the input lasts) fills c_k with input position k + B. A slot's content
    at step k is its latest fill (fills are periodic: found by arithmetic) unless a move to it
    came after. One stable sort of the o_k by slot gives, for every step, the previous move to
    its output slot, and, for every move, the next step whose start slot it is. A moved
    content is "what step k' read at its start slot": pointer jumping resolves those chains
    to input positions in O(log n) array steps.
    """
    B = min(buffer_size, max(n, 1))                # a larger ring never wraps: same order
    itype = np.int32 if n + B < 2**31 else np.int64
    fills = n - B                                  # steps that take in a new element
    steps = np.arange(n, dtype=itype)
    start_slot = steps % B
    counts = np.minimum(B, n - steps).astype(np.uint32)
    out_slot = ((_draws(seeds, n) % counts).astype(itype) + start_slot) % B
    # (a "move" of a slot onto itself is harmless: its own fill, or nothing, comes after it)
    order = np.argsort(out_slot.astype(np.uint16) if B <= 2**16 else out_slot, kind="stable")
    order = order.astype(itype)                    # moves by slot, then time
    by_slot = out_slot[order]
    out_mover = np.empty(n, itype)                 # the previous move to o_k
    out_mover[order] = np.where(np.append(False, by_slot[1:] == by_slot[:-1]),
                                np.append(-1, order[:-1]), -1)
    reader = order + (by_slot - order - 1) % B + 1     # the next step starting at that slot
    latest = np.append(reader[1:] != reader[:-1], True) & (reader < n)
    start_mover = np.full(n, -1, itype)            # the latest move to c_k before step k
    start_mover[reader[latest]] = order[latest]

    # the content as an index into `links`: k < n is "what step k read at its start slot",
    # n + e is input position e (a fixed point); f is the step of the slot's latest fill
    def content(f, slot, moved_by):
        filled = np.where(f >= 0, f + B, slot) + n                     # else the first element
        return np.where(moved_by > f, moved_by, filled)               # (-1: no move)

    # a slot never filled has f = -1: any move (>= 0) is later, "no move" (-1) is not
    starts = content(np.maximum(steps - B, -1), start_slot, start_mover)   # filled at k - B
    out_fill = np.maximum(out_slot + B * ((np.minimum(steps, fills) - 1 - out_slot) // B), -1)
    links = np.concatenate([starts, np.arange(n, 2 * n, dtype=itype)])
    chains = links[:n]
    while n and chains.min() < n:                  # each round doubles every jump
        chains[:] = links[chains]
    return (links[content(out_fill, out_slot, out_mover)] - n).astype(np.int64)
