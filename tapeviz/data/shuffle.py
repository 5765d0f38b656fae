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
    o_k, then (while the input lasts) fills c_k with input position k + B. So a slot's content
    at step k is its latest fill (found by arithmetic: fills are periodic) unless a later
    move wrote it; the latest earlier move to each read slot comes from one stable sort of all
    reads and moves by slot. A moved content is "what step k' read at its start slot", so
    pointer jumping resolves those chains to input positions in O(log n) array steps.
    """
    B = min(buffer_size, max(n, 1))                # a larger ring never wraps: same order
    itype = np.int32 if n + B < 2**31 else np.int64
    fills = n - B                                  # steps that take in a new element
    steps = np.arange(n, dtype=itype)
    start_slot = steps % B
    counts = np.minimum(B, n - steps).astype(np.uint32)
    out_slot = ((_draws(seeds, n) % counts).astype(itype) + start_slot) % B
    # events in time order, three per step: read c_k, read o_k, move to o_k (slot B: no move)
    slots = np.empty(3 * n, itype)
    slots[0::3], slots[1::3], slots[2::3] = start_slot, out_slot, out_slot
    slots[2::3][out_slot == start_slot] = B
    order = np.argsort(slots.astype(np.uint16) if B < 2**16 else slots, kind="stable")
    order = order.astype(itype)
    sorted_slots = slots[order]
    step, kind = np.divmod(order, 3)
    is_move = (kind == 2) & (sorted_slots < B)
    last = np.maximum.accumulate(np.where(is_move, np.arange(3 * n, dtype=itype), 0))
    found = np.where(is_move[last] & (sorted_slots[last] == sorted_slots), step[last], -1)
    mover = np.empty(3 * n, itype)                 # per event: the step of the latest move
    mover[order] = found

    # the content as an index into `links`: k < n is "what step k read at its start slot",
    # n + e is input position e (a fixed point)
    def content(slot, moved_by):
        f = slot + B * ((np.minimum(steps, fills) - 1 - slot) // B)   # the latest fill
        filled = np.where(f >= slot, f + B, slot) + n                  # else the first element
        return np.where((moved_by >= 0) & (moved_by > f), moved_by, filled)

    links = np.concatenate([content(start_slot, mover[0::3]), np.arange(n, 2 * n, dtype=itype)])
    while True:                                    # each round doubles every jump
        jumped = links[links]
        if np.array_equal(jumped, links):
            break
        links = jumped
    return (links[content(out_slot, mover[1::3])] - n).astype(np.int64)
