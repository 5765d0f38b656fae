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
    aim = steps + (_draws(seeds, n) % counts).astype(itype)      # j_k, always < n
    slots = aim % B
    order = np.argsort(slots.astype(np.uint16) if B <= 2**16 else slots, kind="stable")
    order = order.astype(itype)                    # steps by aimed slot, then time
    aimed = aim[order]
    same = aimed[1:] == aimed[:-1]                 # aiming where the step before it aimed
    # links[k] for k < n: the start element of step k, as a step (< n) or n + element; the
    # elements n + e are fixed points
    elements = np.arange(n, 2 * n, dtype=itype)
    links = np.concatenate([elements, elements])   # by default element k
    previous = aimed + n                           # by default element j_k
    previous[1:][same] = order[:-1][same]
    source = np.empty(n, itype)                    # per step: what it outputs, as a link
    source[order] = previous
    moves = order < aimed                          # (a step aiming at its own start moves nothing)
    latest = np.flatnonzero(moves & np.append(~(same & moves[1:]), True))
    links[aimed[latest]] = order[latest]
    pending = np.flatnonzero(links[:n] < n)        # start elements moved there by a step
    while pending.size:                            # each round at least doubles their jumps
        links[pending] = links[links[pending]]
        pending = pending[links[pending] < n]
    return (links[source] - n).astype(np.intp)
