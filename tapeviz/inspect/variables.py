"""State for the Variable inspector and the checkpoint panel, as plain data (no widget imports).

Variables
---------
`VariableSet` says which Variables a view shows (every live one, a Module's, or a list) and
holds them weakly: a view never keeps a Variable alive. `Tracker` turns them into rows (name,
shape, dtype, trainable, statistics, a histogram, the last gradient norm and the change since
the last step) and full values into heatmaps or lines downsampled for the browser.

A Variable's value is an immutable array replaced on every assignment, so "the value at the
last step" is a reference to the old array, not a copy, and statistics are cached per array.

Events
------
`subscribe(callback)` tells a view of training steps: `"step"` when a GradientTape is created
(a training loop makes one per step, after the previous update), `"gradient"` after
`tape.gradient()`, and `"changed"` when a checkpoint restore replaced values. The tape hook is
installed only while someone listens, so no view means no cost.

Checkpoints
-----------
`list_checkpoints(directory)` lists the checkpoints of a directory (step, time, size, tensors,
or the error that makes one unreadable), and `diff_checkpoint(root, prefix)` compares a
checkpoint with the live values of the objects a `tf.train.Checkpoint` tracks.
"""
import gc
import glob
import math
import os
import re
import weakref

import numpy as np

from tapeviz.framework import context
from tapeviz.framework.summary import summarize
from tapeviz.framework.variables import Variable, creation_observers
from tapeviz.inspect.summaries import as_array, num
from tapeviz.inspect.svg import fmt

HIST_BINS = 24            # bins of a row's small histogram
DETAIL_BINS = 40          # bins of the histogram under a clicked row's value
HEATMAP_CELLS = 64        # a 2-D value is shown as at most 64 x 64 cells (block means)
LINE_POINTS = 512         # a 1-D value is shown as at most 512 points (block means)
SAMPLE_ELEMENTS = 1 << 20 # histograms of larger values use an evenly strided sample


def _is_variable(obj):
    return isinstance(obj, Variable) and "_parent" not in vars(obj)


def variable_name(v):
    """The name a user recognises: a Keras weight's path, else the Variable's name."""
    return getattr(v, "path", None) or v.name


def live_variables():
    """Every Variable alive now, sorted by name (a one-off scan of the garbage collector)."""
    found = [obj for obj in gc.get_objects() if _is_variable(obj)]
    return sorted(found, key=variable_name)


# ---- which Variables -------------------------------------------------------------------------------

class VariableSet:
    """The Variables a view shows, held weakly.

    Args:
      source: None for every live Variable (those created later join), a Module or Keras model
        (its `variables`, asked again each time, so layers built later appear), a Variable, or a
        list/tuple of Variables and Modules.
    Raises:
      TypeError: anything else.
    """

    def __init__(self, source=None):
        self._module = None
        self._refs = {}         # id(variable) -> weakref, in order of arrival
        self.on_new = None      # called with each Variable that joins after construction
        self.kind = "all"
        if source is None:
            for v in live_variables():
                self._add(v)
            creation_observers.append(weakref.WeakMethod(self._joined))
        elif _is_variable(source):
            self.kind = "list"
            self._add(source)
        elif hasattr(source, "variables") and hasattr(source, "trainable_variables"):
            self.kind = "module"
            self._module = weakref.ref(source)
        elif isinstance(source, (list, tuple)):
            self.kind = "list"
            for item in source:
                if _is_variable(item):
                    self._add(item)
                elif hasattr(item, "variables") and hasattr(item, "trainable_variables"):
                    for v in item.variables:
                        self._add(v)
                else:
                    raise TypeError(f"VariableInspector expects Variables or Modules, got "
                                    f"{type(item).__name__}")
        else:
            raise TypeError(f"VariableInspector expects a Module, a Keras model, a Variable or a "
                            f"list of Variables, got {type(source).__name__}")

    def _add(self, v):
        if not _is_variable(v) or id(v) in self._refs:
            return
        vid = id(v)

        def forget(ref, vid=vid, owner=weakref.ref(self)):
            me = owner()
            if me is not None and me._refs.get(vid) is ref:
                del me._refs[vid]
        self._refs[vid] = weakref.ref(v, forget)

    def _joined(self, v):
        self._add(v)
        if self.on_new is not None:
            self.on_new(v)

    @property
    def module(self):
        return None if self._module is None else self._module()

    def variables(self):
        """The live Variables, in order (a dead Module gives none)."""
        if self.kind == "module":
            m = self.module
            return [] if m is None else [v for v in m.variables if _is_variable(v)]
        out = (ref() for ref in list(self._refs.values()))
        return [v for v in out if v is not None]

    def close(self):
        """Stops following new Variables."""
        for entry in list(creation_observers):
            if isinstance(entry, weakref.WeakMethod) and entry() == self._joined:
                creation_observers.remove(entry)


# ---- rows ------------------------------------------------------------------------------------------

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
        for v in variables:
            e = self._entry(v)
            value = v._value
            if e.cache is None or e.cache[0] is not value:
                if e.cache is not None:
                    e.version += 1
                e.cache = (value,) + _row_stats(value)
            _, stats, counts, span = e.cache
            row = {"id": e.rid, "name": variable_name(v), "shape": list(np.shape(value)),
                   "dtype": v.dtype.name, "trainable": bool(v.trainable), "size": int(np.size(value)),
                   "stats": stats, "hist": None, "range": span, "version": e.version,
                   "grad_norm": _json(grad_norm(v)), "change": _json(self._change(e, value))}
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


def _json(x):
    return None if x is None else num(x)


def _numeric(a):
    """A float view of a numeric array (bool as 0/1, complex as magnitude), or None."""
    a = np.asarray(a)
    if a.dtype.kind == "b":
        return a.astype(np.float32)
    if a.dtype.kind == "c":
        return np.abs(a)
    return a if a.dtype.kind in "iuf" else None


def _row_stats(value):
    """(stats JSON, histogram counts or None, [lo, hi] or None) of one value."""
    stats = summarize(value)
    out = {k: num(stats[k]) for k in ("min", "mean", "max", "std") if k in stats}
    out["nan"], out["inf"] = stats.get("nan", 0), stats.get("inf", 0)
    a = _numeric(value)
    if a is None or a.size == 0 or "min" not in stats:
        return out, None, None
    counts, edges = histogram(a, HIST_BINS, stats["min"], stats["max"])
    return out, counts, [num(edges[0]), num(edges[-1])]


def histogram(a, bins, lo=None, hi=None):
    """(counts, edges) of the finite values of `a`; large arrays use an evenly strided sample."""
    flat = np.ravel(a)
    if flat.size > SAMPLE_ELEMENTS:
        flat = flat[::int(math.ceil(flat.size / SAMPLE_ELEMENTS))]
    if flat.dtype.kind == "f" and not np.isfinite(flat).all():
        flat = flat[np.isfinite(flat)]
    if lo is None or hi is None:
        lo, hi = (float(flat.min()), float(flat.max())) if flat.size else (0.0, 1.0)
    lo, hi = float(lo), float(hi)
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(flat, bins=bins, range=(lo, hi))
    return counts, edges


def max_abs_diff(a, b):
    """max |a - b| as a float (NaN where exactly one side is NaN), or None if shapes differ."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return None
    fa, fb = _numeric(a), _numeric(b)
    if fa is None or fb is None:
        return 0.0 if np.array_equal(a, b) else float("nan")
    if fa.size == 0:
        return 0.0
    d = np.abs(fa.astype(np.float64, copy=False) - fb)
    both_nan = np.isnan(fa) & np.isnan(fb) if fa.dtype.kind == "f" or fb.dtype.kind == "f" else None
    if both_nan is not None and both_nan.any():
        d[both_nan] = 0.0
    if np.isnan(d).any():
        return float("nan")
    return float(d.max())


# ---- gradient norms --------------------------------------------------------------------------------

_pending_grads = {}   # id(variable) -> (weakref, [gradient parts]) from the last tape.gradient()


def _note_gradients(tape):
    """Remembers (by reference) each Variable source's gradient parts from `tape.gradient()`."""
    call = tape.last_call
    if call is None:
        return
    kept = tape.last_gradients
    for v in call[1]:
        if not _is_variable(v):
            continue
        parts = [kept[i] for i in (id(t) for t in tape._var_reads.get(id(v), ())) if i in kept]
        if parts:
            _pending_grads[id(v)] = (weakref.ref(v), parts)


def grad_norm(v):
    """The L2 norm of `v`'s last gradient, kept in `v.grad_norm` (None before any)."""
    pending = _pending_grads.pop(id(v), None)
    if pending is not None and pending[0]() is v:
        v.grad_norm = _norm(pending[1])
    return getattr(v, "grad_norm", None)


def _norm(parts):
    """The norm of the sum of a Variable's gradient parts (one per read of it on the tape)."""
    arrays = [as_array(p) for p in parts]
    if any(a is None for a in arrays):      # a large gradient kept as statistics only
        if len(parts) == 1:
            return parts[0].stats.get("norm")
        return None
    total = arrays[0].astype(np.float64)
    for a in arrays[1:]:
        total = total + a
    total = np.abs(total) if total.dtype.kind == "c" else total
    return float(np.sqrt(np.sum(np.square(total))))


# ---- events ----------------------------------------------------------------------------------------

_listeners = []       # weakref.WeakMethod or weakref.ref of callables(event)


def subscribe(callback):
    """Tells `callback(event)` ("step", "gradient", "changed"); held weakly (bound methods too)."""
    ref = weakref.WeakMethod(callback) if hasattr(callback, "__self__") else weakref.ref(callback)
    _listeners.append(ref)
    if _on_tape not in context.tape_observers:
        context.tape_observers.append(_on_tape)


def unsubscribe(callback):
    for ref in list(_listeners):
        if ref() is None or ref() == callback:
            _listeners.remove(ref)
    _idle_check()


def _idle_check():
    if not _listeners and _on_tape in context.tape_observers:
        context.tape_observers.remove(_on_tape)
        _pending_grads.clear()


def _emit(event):
    for ref in list(_listeners):
        callback = ref()
        if callback is None:
            _listeners.remove(ref)
        else:
            callback(event)
    _idle_check()


def _on_tape(tape, event):
    if event == "create":
        _emit("step")
    elif event == "gradient":
        _note_gradients(tape)
        _emit("gradient")


def notify_changed():
    """Variables were replaced outside a training step (a restore): views refresh now."""
    _emit("changed")


# ---- full values -----------------------------------------------------------------------------------

def value_detail(v):
    """(meta JSON, [values float32 bytes, histogram float32 bytes]) for a clicked row.

    Scalars ship one number; 1-D values a line of at most LINE_POINTS points; higher ranks a
    heatmap of at most HEATMAP_CELLS x HEATMAP_CELLS cells (the last axis is the columns; block
    means when downsampled). A histogram (counts, then edges) of all values comes with it.
    """
    value = np.asarray(v._value)
    meta = {"name": variable_name(v), "shape": list(value.shape), "dtype": v.dtype.name}
    a = _numeric(value)
    if a is None:
        meta["view"] = "text"
        text = str(value.tolist())
        meta["text"] = text if len(text) <= 400 else text[:399] + "…"
        return meta, [b"", b""]
    stats = summarize(value)
    meta.update({k: num(stats[k]) for k in ("min", "mean", "max", "std") if k in stats})
    meta["nan"], meta["inf"] = stats.get("nan", 0), stats.get("inf", 0)
    if a.ndim == 0:
        meta["view"] = "scalar"
        meta["v"] = num(float(a))
        return meta, [np.asarray([a], "<f4").tobytes(), b""]
    if a.size == 0:
        meta["view"] = "empty"
        return meta, [b"", b""]
    if a.ndim == 1:
        shown = downsample_1d(a, LINE_POINTS)
        meta.update(view="line", rows=1, cols=int(shown.size), full_cols=int(a.size),
                    downsampled=bool(shown.size < a.size))
    else:
        grid = a.reshape(-1, a.shape[-1])
        shown = downsample_2d(grid, HEATMAP_CELLS, HEATMAP_CELLS)
        meta.update(view="heatmap", rows=int(shown.shape[0]), cols=int(shown.shape[1]),
                    full_rows=int(grid.shape[0]), full_cols=int(grid.shape[1]),
                    downsampled=bool(shown.shape != grid.shape))
    counts, edges = histogram(a, DETAIL_BINS, stats.get("min"), stats.get("max"))
    meta["bins"] = DETAIL_BINS
    hist = np.concatenate([counts, edges]).astype("<f4").tobytes()
    return meta, [np.ascontiguousarray(shown, dtype="<f4").tobytes(), hist]


def _edges(n, parts):
    return np.linspace(0, n, min(n, parts) + 1).astype(np.int64)[:-1]


def downsample_1d(a, points):
    """`a` itself if it has at most `points` values, else the means of `points` even blocks."""
    a = np.ravel(a)
    if a.size <= points:
        return a
    starts = _edges(a.size, points)
    sums = np.add.reduceat(a, starts, dtype=np.float64)
    return sums / np.diff(np.append(starts, a.size))


def downsample_2d(a, rows, cols):
    """A (<= rows, <= cols) grid of block means of the 2-D array `a` (itself if small enough)."""
    r, c = a.shape
    out = a
    if r > rows:
        starts = _edges(r, rows)
        out = np.add.reduceat(out, starts, axis=0, dtype=np.float64)
        out = out / np.diff(np.append(starts, r))[:, None]
    if c > cols:
        starts = _edges(c, cols)
        out = np.add.reduceat(out, starts, axis=1, dtype=np.float64)
        out = out / np.diff(np.append(starts, c))[None, :]
    return out


# ---- static picture --------------------------------------------------------------------------------

_BARS = " ▁▂▃▄▅▆▇█"


def sparkline(counts):
    """A histogram as block characters (text: shows in HTML, GitHub and terminals alike)."""
    counts = np.asarray(counts, dtype=np.float64)
    top = counts.max() if counts.size else 0
    if not top > 0:
        return ""
    return "".join(_BARS[int(math.ceil(c / top * 8))] for c in counts)


def _static_table(css, title, head, body, row_class, empty):
    """A static fallback table: `body` is a list of rows of cells; every string is escaped."""
    from html import escape
    out = [f'<div class="tapeviz-static {css}">']
    if title:
        out.append(f"<b>{escape(title)}</b>")
    out.append("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head)
               + "</tr></thead><tbody>")
    for cells in body:
        out.append(f'<tr class="{row_class}">' + "".join(f"<td>{escape(str(c))}</td>" for c in cells)
                   + "</tr>")
    out.append("</tbody></table>")
    if not body:
        out.append(f"<i>{empty}</i>")
    out.append("</div>")
    return "".join(out)


def rows_html(rows, hist_bytes, title=""):
    """The rows as an HTML table (every user string escaped): the static fallback."""
    counts = np.frombuffer(hist_bytes, dtype="<f4") if hist_bytes else np.zeros(0, np.float32)
    head = ("name", "shape", "dtype", "trainable", "min", "mean", "max", "std", "histogram",
            "|grad|", "Δ last step")
    body = []
    for r in rows:
        s = r["stats"]
        hist = ""
        if r["hist"]:
            o, n = r["hist"]
            hist = sparkline(counts[o:o + n])
        body.append([r["name"], "×".join(map(str, r["shape"])) or "scalar", r["dtype"],
                     "yes" if r["trainable"] else "no", fmt(s.get("min")), fmt(s.get("mean")),
                     fmt(s.get("max")), fmt(s.get("std")), hist, fmt(r["grad_norm"]), fmt(r["change"])])
    return _static_table("tapeviz-variables-static", title, head, body,
                         "tapeviz-static-variable-row", "no Variables")


# ---- checkpoints -----------------------------------------------------------------------------------

_STEP = re.compile(r"-(\d+)$")


def list_checkpoints(directory, manager=None):
    """The checkpoints in `directory`, oldest step first: one dict each.

    Keys: path, name, step (the `-N` suffix, or None), time (index mtime), size (bytes of its
    files), tensors (count, None if unreadable), latest (the state file's newest), error (why it
    cannot be read, or None). The state file's paths, the manager's and every `*.index` count.
    """
    from tapeviz.train import io
    directory = os.fspath(directory)
    state = io.read_state(directory) if os.path.isdir(directory) else None
    prefixes = set()
    if state is not None:
        prefixes.update(state.all_model_checkpoint_paths)
        prefixes.add(state.model_checkpoint_path)
    if manager is not None:
        prefixes.update(manager.checkpoints)
    for index in glob.glob(os.path.join(glob.escape(directory), "*" + io.INDEX_SUFFIX)):
        prefixes.add(index[:-len(io.INDEX_SUFFIX)])
    latest = os.path.realpath(state.model_checkpoint_path) if state is not None else None
    rows = []
    for prefix in prefixes:
        index = prefix + io.INDEX_SUFFIX
        if not os.path.isfile(index):
            continue
        files = [index] + glob.glob(glob.escape(prefix) + ".data-?????-of-?????")
        match = _STEP.search(os.path.basename(prefix))
        row = {"path": os.path.abspath(prefix), "name": os.path.basename(prefix),
               "step": int(match.group(1)) if match else None,
               "time": os.path.getmtime(index),
               "size": sum(os.path.getsize(f) for f in files if os.path.isfile(f)),
               "tensors": None, "latest": os.path.realpath(prefix) == latest, "error": None}
        try:
            row["tensors"] = len(io.Reader(prefix).entries)
        except Exception as e:   # an unreadable checkpoint is listed with the reason
            row["error"] = error_text(e)
        rows.append(row)
    rows.sort(key=lambda r: (r["step"] is None, r["step"] or 0, r["time"], r["name"]))
    return rows


def error_text(e):
    """`TypeName: message` for the panel (the whole message, as TF prints it)."""
    message = getattr(e, "message", None) or str(e)
    return f"{type(e).__name__}: {message}"


def diff_checkpoint(root, prefix):
    """Per-variable comparison of checkpoint `prefix` with the live values under `root`.

    Returns a list of dicts: key, name, shape, dtype, status ("same", "changed", "not in
    checkpoint", "only in checkpoint", "shape differs", "dtype differs", "unreadable") and
    diff (max |live - saved|, None when not comparable). Raises NotFoundError or DataLossError
    when the checkpoint itself cannot be opened. Values are read one at a time.
    """
    from tapeviz.train.checkpoint import build_graph, open_checkpoint
    from tapeviz.train import io
    reader = open_checkpoint(os.fspath(prefix))
    _, tensors, _ = build_graph(root)
    rows, seen = [], set()
    for key, v in tensors:
        seen.add(key)
        row = {"key": key, "name": variable_name(v), "shape": list(v.shape.as_list() or []),
               "dtype": v.dtype.name, "status": "same", "diff": None}
        entry = reader.entries.get(key)
        if entry is None:
            row["status"] = "not in checkpoint"
        elif entry.dtype is not v.dtype:
            row["status"] = "dtype differs"
            row["saved"] = entry.dtype.name
        elif tuple(entry.shape) != tuple(np.shape(v._value)):
            row["status"] = "shape differs"
            row["saved"] = list(entry.shape)
        else:
            try:
                saved = reader.read(key)
            except Exception as e:   # one bad tensor is reported on its row
                row["status"], row["error"] = "unreadable", error_text(e)
            else:
                d = max_abs_diff(v._value, saved)
                row["diff"] = _json(d)
                row["status"] = "same" if d == 0 else "changed"
        rows.append(row)
    for key, entry in reader.entries.items():
        if key not in seen and key != io.GRAPH_KEY:
            rows.append({"key": key, "name": key, "shape": list(entry.shape),
                         "dtype": entry.dtype.name, "status": "only in checkpoint", "diff": None})
    return rows


def checkpoints_html(rows, title=""):
    """The checkpoint list as an HTML table (names escaped): the static fallback."""
    import time
    body = [["" if r["step"] is None else r["step"], r["name"] + (" (latest)" if r["latest"] else ""),
             time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r["time"])), human_size(r["size"]),
             r["error"] or r["tensors"]] for r in rows]
    return _static_table("tapeviz-checkpoints-static", title,
                         ("step", "checkpoint", "time", "size", "tensors"), body,
                         "tapeviz-static-checkpoint-row", "no checkpoints yet")


def human_size(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
