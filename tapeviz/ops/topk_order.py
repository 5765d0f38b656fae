"""The order TF's TopK kernel gives a row of floats that holds a NaN (k > 1; also tf.sort).

A NaN compares false with everything, so no order is "right"; TF's is whatever its algorithms do
with such comparisons: for k equal to the row length, libstdc++'s `std::sort` of the column
indices by `x[b] < x[a]`, then runs of equal values put back in index order; for a smaller k,
`gtl::TopN` (a binary heap under libstdc++'s heap algorithms) with ties broken by the lower
index. Rows without NaN never come here: a stable NumPy sort gives the same order for them.
The algorithms are repeated step by step on index lists (their published definitions).
"""


# ---- libstdc++'s heap algorithms (bits/stl_heap.h) ------------------------------------------------
def _push_heap(a, hole, top, value, comp):
    parent = (hole - 1) // 2
    while hole > top and comp(a[parent], value):
        a[hole] = a[parent]
        hole = parent
        parent = (hole - 1) // 2
    a[hole] = value


def _adjust_heap(a, hole, length, value, comp):
    top, child = hole, hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if comp(a[child], a[child - 1]):
            child -= 1
        a[hole] = a[child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        a[hole] = a[child - 1]
        hole = child - 1
    _push_heap(a, hole, top, value, comp)


def _make_heap(a, length, comp):
    if length < 2:
        return
    for parent in range((length - 2) // 2, -1, -1):
        _adjust_heap(a, parent, length, a[parent], comp)


def _pop_heap(a, length, comp):
    """Moves the top to a[length - 1] and re-heaps a[:length - 1]."""
    if length > 1:
        last = length - 1
        value = a[last]
        a[last] = a[0]
        _adjust_heap(a, 0, last, value, comp)


def _sort_heap(a, length, comp):
    while length > 1:
        _pop_heap(a, length, comp)
        length -= 1


# ---- libstdc++'s std::sort (bits/stl_algo.h): introsort, then insertion sort ----------------------
_THRESHOLD = 16


def _insertion_sort(a, first, last, comp):
    for i in range(first + 1, last):
        value = a[i]
        if comp(value, a[first]):
            a[first + 1:i + 1] = a[first:i]
            a[first] = value
        else:
            _linear_insert(a, i, comp)


def _linear_insert(a, last, comp):
    value = a[last]
    nxt = last - 1
    while nxt >= 0 and comp(value, a[nxt]):
        a[last] = a[nxt]
        last = nxt
        nxt -= 1
    a[last] = value


def _median_to_first(a, result, x, y, z, comp):
    if comp(a[x], a[y]):
        pick = y if comp(a[y], a[z]) else z if comp(a[x], a[z]) else x
    else:
        pick = x if comp(a[x], a[z]) else z if comp(a[y], a[z]) else y
    a[result], a[pick] = a[pick], a[result]


def _partition(a, first, last, pivot, comp):
    while True:
        while first < len(a) and comp(a[first], a[pivot]):   # unguarded in C++
            first += 1
        last -= 1
        while last > pivot and comp(a[pivot], a[last]):
            last -= 1
        if not first < last:
            return first
        a[first], a[last] = a[last], a[first]
        first += 1


def _introsort(a, first, last, depth, comp):
    while last - first > _THRESHOLD:
        if depth == 0:                    # std::partial_sort over the whole range: a heap sort
            part = a[first:last]
            _make_heap(part, len(part), comp)
            _sort_heap(part, len(part), comp)
            a[first:last] = part
            return
        depth -= 1
        _median_to_first(a, first, first + 1, first + (last - first) // 2, last - 1, comp)
        cut = _partition(a, first + 1, last, first, comp)
        _introsort(a, cut, last, depth, comp)
        last = cut


def std_sort(a, comp):
    n = len(a)
    if n < 2:
        return
    _introsort(a, 0, n, 2 * (n.bit_length() - 1), comp)
    if n > _THRESHOLD:
        _insertion_sort(a, 0, _THRESHOLD, comp)
        for i in range(_THRESHOLD, n):
            _linear_insert(a, i, comp)
    else:
        _insertion_sort(a, 0, n, comp)


# ---- TF's TopK on one row ------------------------------------------------------------------------
def row_order(x, k):
    """The k column indices TF's TopK picks from the row `x` (a list of Python floats), in order."""
    n = len(x)
    if k == n:
        order = list(range(n))
        std_sort(order, lambda a, b: x[b] < x[a])
        start = 0                         # runs of equal values go back into index order
        while start < n:
            end = start + 1
            while end < n and x[order[start]] == x[order[end]]:
                end += 1
            order[start:end] = sorted(order[start:end])
            start = end
        return order

    def comp(a, b):                       # "greater", ties broken by the lower index
        return True if x[b] < x[a] else False if x[b] > x[a] else a < b
    heap, full = [], False
    for c in range(n):                    # gtl::TopN::push
        if not full:
            heap.append(c)
            if len(heap) == k + 1:        # from here on a heap of k, the smallest on top
                _make_heap(heap, len(heap), comp)
                _pop_heap(heap, len(heap), comp)
                full = True
        elif comp(c, heap[0]):
            heap[-1] = c
            _push_heap(heap, len(heap) - 1, 0, c, comp)
            _pop_heap(heap, len(heap), comp)
    if full:                              # gtl::TopN::Extract
        heap.pop()
        _sort_heap(heap, len(heap), comp)
    else:
        std_sort(heap, comp)
    return heap
