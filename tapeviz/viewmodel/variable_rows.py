"""The Variable inspector's rows: statistics, a small histogram, the last gradient norm and the
change since the last step, per Variable.

A Variable's value is an immutable array replaced on every assignment, so "the value at the
last step" is a reference to the old array, not a copy, and statistics are cached per array.
"""
import weakref

import numpy as np

from tapeviz.viewmodel.arrays import histogram, max_abs_diff, numeric
from tapeviz.viewmodel.gradient_norms import grad_norm
from tapeviz.viewmodel.summaries import num, num_or_none, summarize
from tapeviz.viewmodel.variable_set import VariableSet, variable_name

HIST_BINS = 24            # bins of a row's small histogram


class _Entry:
    """What a tracker remembers about one Variable: its row id and value references."""

    __slots__ = ("ref", "rid", "prev", "snap", "version", "cache", "change_cache")

    def __init__(self, v, rid):
        self.ref = weakref.ref(v)
        self.rid = rid
        self.prev = None          # the value at the step before the last
        self.snap = v._value      # the value at the last step
        self.version = 0          # bumps each time the value is replaced
        self.cache = None         # (array, stats json, histogram counts, range)
        self.change_cache = None  # ((prev, snap), change)


class Tracker:
    """Rows for a VariableSet: statistics, histograms, gradient norms and change per step."""

    def __init__(self, source=None):
        self.set = VariableSet(source)
        self._entries = {}        # id(variable) -> _Entry
        self._next = 0
        self.steps = 0

    def close(self):
        self.set.close()

    def _entry(self, v):
        e = self._entries.get(id(v))
        if e is None or e.ref() is not v:
            self._next += 1
            e = self._entries[id(v)] = _Entry(v, f"v{self._next}")
        return e

    def _sweep(self, alive):
        keep = {id(v) for v in alive}
        for vid in [k for k in self._entries if k not in keep]:
            del self._entries[vid]

    def step(self):
        """Marks a step boundary: a value replaced since the last boundary becomes 'the last step'."""
        self.steps += 1
        for v in self.set.variables():
            e = self._entry(v)
            if v._value is not e.snap:
                e.prev, e.snap = e.snap, v._value

    def variable(self, rid):
        """The live Variable of row `rid`, or None."""
        for e in self._entries.values():
            if e.rid == rid:
                return e.ref()
        return None

    def rows(self):
        """(rows JSON, float32 histogram bytes): one row per live Variable, in order."""
        variables = self.set.variables()
        self._sweep(variables)
        rows, hists = [], []
        names = distinct_names(variables, self.set.module)
        for v in variables:
            e = self._entry(v)
            value = v._value
            if e.cache is None or e.cache[0] is not value:
                if e.cache is not None:
                    e.version += 1
                e.cache = (value,) + _row_stats(value)
            _, stats, counts, span = e.cache
            row = {"id": e.rid, "name": names[id(v)], "shape": list(np.shape(value)),
                   "dtype": v.dtype.name, "trainable": bool(v.trainable), "size": int(np.size(value)),
                   "stats": stats, "hist": None, "range": span, "version": e.version,
                   "grad_norm": num_or_none(grad_norm(v)), "change": num_or_none(self._change(e, value))}
            if counts is not None:
                row["hist"] = [HIST_BINS * len(hists), HIST_BINS]
                hists.append(counts)
            rows.append(row)
        data = np.concatenate(hists).astype("<f4").tobytes() if hists else b""
        return rows, data

    def _change(self, e, value):
        """Largest |value now - value at the last step| (before the last step, if unchanged)."""
        if value is not e.snap:        # changed since the last boundary: compare with it
            old, new = e.snap, value
        else:
            old, new = e.prev, e.snap
        if old is None:
            return None
        key = (old, new)
        if e.change_cache is not None and e.change_cache[0][0] is old and e.change_cache[0][1] is new:
            return e.change_cache[1]
        change = max_abs_diff(new, old)
        e.change_cache = (key, change)
        return change



def _row_stats(value):
    """(stats JSON, histogram counts or None, [lo, hi] or None) of one value."""
    stats = summarize(value)
    out = {k: num(stats[k]) for k in ("min", "mean", "max", "std") if k in stats}
    out["nan"], out["inf"] = stats.get("nan", 0), stats.get("inf", 0)
    a = numeric(value)
    if a is None or a.size == 0 or "min" not in stats:
        return out, None, None
    counts, edges = histogram(a, HIST_BINS, stats["min"], stats["max"])
    return out, counts, [num(edges[0]), num(edges[-1])]



def distinct_names(variables, module=None):
    """{id(variable): the name a row shows}: the Variable's name (a Keras weight's path), and,
    where two Variables share it, their attribute path in `module` (`encoder.dense.kernel`) or
    else a number (`dense/kernel:0 (2)`), so no two rows read the same."""
    names = {id(v): variable_name(v) for v in variables}
    counts = {}
    for n in names.values():
        counts[n] = counts.get(n, 0) + 1
    if all(c == 1 for c in counts.values()):
        return names
    paths = _attribute_paths(module) if module is not None else {}
    seen = {}
    for v in variables:
        name = names[id(v)]
        if counts[name] == 1:
            continue
        if id(v) in paths:
            names[id(v)] = f"{name} ({paths[id(v)]})"
        else:
            seen[name] = seen.get(name, 0) + 1
            names[id(v)] = f"{name} ({seen[name]})"
    return names


def _attribute_paths(module):
    """{id(variable): "encoder.dense.kernel"} for the Variables a Module reaches by attributes."""
    flatten = getattr(module, "_flatten", None)
    if flatten is None:
        return {}
    found = {}
    for path, leaf in flatten(with_path=True, predicate=lambda x: getattr(x, "_is_variable", False)):
        found.setdefault(id(leaf), ".".join(str(p) for p in path))
    return found
