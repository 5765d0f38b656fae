"""Value and gradient summaries small enough to ship to a browser.

A node shows a number for a scalar, a preview (sparkline or heatmap) for a small tensor and
min/mean/max for a large one. Previews and full values travel as little-endian float32 bytes;
statistics travel as JSON, with NaN and infinities spelled as strings because JSON has no NaN.
"""
import math

import numpy as np

from tapeviz.framework import dtypes
from tapeviz.framework.context import paused_gc  # noqa: F401  (the view builders pause the GC)
from tapeviz.framework.indexed_slices import IndexedSlices
from tapeviz.framework.tensor import Tensor

PREVIEW_ELEMENTS = 64      # tensors up to this size ship their values for a sparkline/heatmap
DETAIL_ELEMENTS = 4096     # the inspector shows up to this many values in full, else a histogram
HISTOGRAM_BINS = 40
NODE_BINS = 8              # a large tensor's node shows a histogram of this many bins
HISTOGRAM_SAMPLE = 1 << 15 # a node's histogram of a larger tensor bins an evenly strided sample
PYTHON_REDUCE = 32         # tensors up to this size get their statistics from a Python loop
VANISHING = 1e-7           # largest |gradient| below this: flagged as vanishing
EXPLODING = 1e3            # largest |gradient| above this: flagged as exploding


def num(x):
    """A float for JSON, to 6 significant digits (a view shows 4); NaN and infinities become
    the strings 'nan', 'inf', '-inf' because JSON has no NaN."""
    x = float(x)
    if math.isfinite(x):
        return float(f"{x:.6g}")
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def num_or_none(x):
    """`num(x)`, with None kept as None (JSON null)."""
    return None if x is None else num(x)


def summarize(array):
    """A dict of shape, dtype, size, min, max, mean, std, L2 norm and NaN / Inf counts."""
    a = np.asarray(array)
    out = {"shape": list(a.shape), "dtype": a.dtype.name, "size": int(a.size)}
    if a.size == 0 or a.dtype.kind not in "biufc":
        return out
    if a.dtype.kind == "c":
        a = np.abs(a)
    f = a.astype(np.float64, copy=False)
    nan = int(np.count_nonzero(np.isnan(f))) if a.dtype.kind in "fc" else 0
    inf = int(np.count_nonzero(np.isinf(f))) if a.dtype.kind in "fc" else 0
    neginf = int(np.count_nonzero(np.isneginf(f))) if inf else 0
    finite = f[np.isfinite(f)] if nan or inf else f
    out.update(nan=nan, inf=inf, neginf=neginf)
    if finite.size:
        out.update(min=float(finite.min()), max=float(finite.max()), mean=float(finite.mean()),
                   std=float(finite.std()), norm=float(np.sqrt(np.vdot(finite, finite).real)),
                   absmax=float(np.abs(finite).max()))
    return out


def as_array(value):
    """The NumPy value of a Tensor, Variable, IndexedSlices or array (None stays None)."""
    if value is None:
        return None
    if isinstance(value, Tensor):            # the common case, first: no attribute probing
        return np.asarray(value._value)
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, IndexedSlices):
        from tapeviz.framework.indexed_slices import densify
        value = densify(value)
    v = getattr(value, "_value", value)
    return np.asarray(v)


def _real(a):
    if a.dtype.kind == "c":
        return np.abs(a)
    if a.dtype.kind == "b":
        return a.astype(np.float32)
    return a


class PreviewBuffer:
    """Collects float32 previews into one byte buffer; summaries refer to [offset, count]."""

    def __init__(self):
        self._parts, self._size = [], 0

    def add(self, array):
        flat = np.ascontiguousarray(_real(np.asarray(array)).ravel(), dtype="<f4")
        ref = [self._size, int(flat.size)]
        self._parts.append(flat)
        self._size += int(flat.size)
        return ref

    def tobytes(self):
        if not self._parts:
            return b""
        return np.concatenate(self._parts).tobytes()


def summary(value, buffer=None, rounded=True):
    """The JSON summary of a value (Tensor or array): kind scalar/small/large/text.

    Small numeric tensors add their values to `buffer` and name them with `preview`.
    `rounded=False`: the statistics of a finite tensor stay full floats (not cut to 6 digits for
    JSON): for summaries only Python reads (a big tape's folded nodes, summarized again when sent).
    """
    if value is None:
        return None
    a = as_array(value)
    shape, dtype = list(a.shape), _dtype_name(a)
    kind = a.dtype.kind
    if kind not in "biufc":
        return {"kind": "text", "shape": shape, "dtype": dtype, "text": _short_text(a)}
    if a.ndim == 0:
        v = float(abs(a)) if kind == "c" else float(a)
        return {"kind": "scalar", "shape": shape, "dtype": dtype, "v": num(v),
                "nan": int(math.isnan(v)), "inf": int(math.isinf(v)), "neginf": int(v == -math.inf)}
    out = {"kind": "small" if a.size <= PREVIEW_ELEMENTS else "large", "shape": shape, "dtype": dtype}
    out.update(_fast_stats(a, rounded))
    if out["kind"] == "small" and buffer is not None and a.size:
        out["preview"] = buffer.add(a)
    elif out["kind"] == "large" and buffer is not None and "min" in out:
        out["hist"] = buffer.add(_node_histogram(a, out["min"], out["max"]))
    return out


BATCH_ELEMENTS = 64        # float tensors up to this size are summarized together (`summaries`)


def summaries(values):
    """`summary(v, None, rounded=False)` of each value, with the many small float tensors of a
    big tape reduced together: one NumPy reduction per (shape, dtype) instead of a Python loop
    per tensor. (Statistics of a batched tensor may differ from `summary`'s in the last bits.)"""
    out = [None] * len(values)
    batches = {}
    for i, value in enumerate(values):
        if value is None:
            continue
        a = as_array(value)
        if a.dtype.kind == "f" and 0 < a.size <= BATCH_ELEMENTS:
            batches.setdefault((a.shape, a.dtype.str), []).append((i, a))
        else:
            out[i] = summary(a, None, rounded=False)
    for (shape, _), members in batches.items():
        first = members[0][1]
        dtype = _dtype_name(first)
        rows = np.stack([a for _, a in members]).reshape(len(members), -1).astype(np.float64)
        finite = np.isfinite(rows).all(axis=1)
        lo, hi = rows.min(axis=1).tolist(), rows.max(axis=1).tolist()
        mean = rows.mean(axis=1).tolist()
        rms = np.sqrt(np.square(rows).mean(axis=1)).tolist()
        shape_list, size = list(shape), first.size
        for k, (i, a) in enumerate(members):
            if not finite[k]:
                out[i] = summary(a, None, rounded=False)
            elif not shape:
                v = lo[k]
                out[i] = {"kind": "scalar", "shape": [], "dtype": dtype, "v": v, "nan": 0, "inf": 0,
                          "neginf": 0}
            else:
                out[i] = {"kind": "small" if size <= PREVIEW_ELEMENTS else "large", "shape": shape_list,
                          "dtype": dtype, "size": size, "nan": 0, "inf": 0, "neginf": 0,
                          "min": lo[k], "mean": mean[k], "max": hi[k], "absmax": max(-lo[k], hi[k]),
                          "rms": rms[k]}
    return out


def _node_histogram(a, lo, hi):
    """NODE_BINS counts of the finite values between `lo` and `hi` (a node's small histogram)."""
    flat = _real(a).ravel()
    if flat.size > HISTOGRAM_SAMPLE:     # (its bars are drawn, not counted: a sample keeps their shape)
        flat = flat[::_sample_stride(flat.size, a.shape[-1] if a.ndim else 1)]
    if flat.dtype.kind == "f" and not np.isfinite(flat).all():
        flat = flat[np.isfinite(flat)]
    lo, hi = float(lo), float(hi)
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    # np.histogram's equal-width binning without its Python overhead (a tenth of a millisecond
    # per node, which a live view pays on every push): the maximum goes in the last bin
    bins = ((flat.astype(np.float64) - lo) * (NODE_BINS / (hi - lo))).astype(np.intp)
    np.clip(bins, 0, NODE_BINS - 1, out=bins)
    return np.bincount(bins, minlength=NODE_BINS)


def _sample_stride(size, row):
    """A stride giving about HISTOGRAM_SAMPLE values and coprime with the row length, so the
    sample visits every column (a stride sharing a factor with it would see only some)."""
    stride = int(math.ceil(size / HISTOGRAM_SAMPLE))
    while math.gcd(stride, row) != 1:
        stride += 1
    return stride


_DTYPE_NAMES = {}


def _dtype_name(a):
    """TF's dtype name of an array (cached: numpy's dtype.name is slow in a 10,000-node loop)."""
    dt = a.dtype
    key = (dt.kind, dt.itemsize)       # hashing a numpy dtype itself is slow
    name = _DTYPE_NAMES.get(key)
    if name is None:
        try:
            name = dtypes.of_array(a).name
        except TypeError:               # a NumPy dtype TF has no name for: NumPy's name
            name = a.dtype.name
        _DTYPE_NAMES[key] = name
    return name


def _fast_stats(a, rounded=True):
    """size, NaN/Inf counts, min/mean/max, absmax and RMS with a few reductions when finite."""
    if a.size == 0:
        return {"size": 0, "nan": 0, "inf": 0, "neginf": 0}
    f = _real(a)
    n = f.size
    if n <= PYTHON_REDUCE:
        return _small_stats(a, f.ravel().tolist(), rounded)
    lo, hi = f.min(), f.max()
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return _stats_json(summarize(a))
    lo, hi = float(lo), float(hi)
    # ufunc reductions only: np.dot would go through a multithreaded BLAS, whose threads spin
    # and stall a kernel sharing its cores with a browser
    total = float(f.sum(dtype=np.float64))
    squares = float(np.square(f, dtype=np.float64).sum())
    r = num if rounded else float
    return {"size": n, "nan": 0, "inf": 0, "neginf": 0, "min": r(lo), "mean": r(total / n),
            "max": r(hi), "absmax": r(max(-lo, hi)), "rms": r(math.sqrt(squares / n))}


def _small_stats(a, values, rounded=True):
    """`_fast_stats` of a few values, reduced in Python: for a handful of numbers each NumPy
    reduction costs more than the loop (a 10,000-node graph makes about 30,000 summaries)."""
    total = sum(values)
    if not math.isfinite(total):                  # a NaN or an infinity: counted by summarize
        return _stats_json(summarize(a))
    n = len(values)
    lo, hi = float(min(values)), float(max(values))
    squares = sum(v * v for v in values)
    r = num if rounded else float
    return {"size": n, "nan": 0, "inf": 0, "neginf": 0, "min": r(lo), "mean": r(total / n),
            "max": r(hi), "absmax": r(max(-lo, hi)), "rms": r(math.sqrt(squares / n))}


def _stats_json(stats):
    out = {"size": stats.get("size", 0), "nan": stats.get("nan", 0), "inf": stats.get("inf", 0),
           "neginf": stats.get("neginf", 0)}
    for key in ("min", "mean", "max", "std", "norm", "absmax"):
        if key in stats:
            out[key] = num(stats[key])
    if out["size"]:
        norm = stats.get("norm")
        if norm is not None:
            out["rms"] = num(norm / math.sqrt(max(out["size"] - out["nan"] - out["inf"], 1)))
    return out


def _short_text(a, limit=40):
    text = str(a.tolist() if a.ndim else a.item())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def lean(s):
    """A summary without the fields only Python needs (absmax, rms), the mean (which views show
    only in the inspector's detail) and zero NaN/Inf counts: smaller JSON."""
    if s is not None:
        s.pop("absmax", None)
        s.pop("rms", None)
        s.pop("mean", None)
        if not s.get("nan"):
            s.pop("nan", None)
        if not s.get("inf"):
            s.pop("inf", None)
        if not s.get("neginf"):
            s.pop("neginf", None)
    return s


def magnitude(s):
    """The gradient magnitude used for colour: RMS of the finite elements (None if unknown)."""
    if s is None:
        return None
    if s["kind"] == "scalar":
        v = s["v"]
        return abs(v) if isinstance(v, float) else None
    rms = s.get("rms")
    return rms if isinstance(rms, float) else None


def flags(s):
    """Problem flags of a gradient summary: nan, inf, vanishing, exploding."""
    out = []
    if s is None:
        return out
    if s.get("nan"):
        out.append("nan")
    if s.get("inf"):
        out.append("inf")
    big = abs(s["v"]) if s["kind"] == "scalar" and isinstance(s["v"], float) else s.get("absmax")
    if isinstance(big, float):
        if big < VANISHING:
            out.append("vanishing")
        elif big > EXPLODING:
            out.append("exploding")
    return out


def bad(s):
    """True when a summary has NaN or Inf elements."""
    return bool(s and (s.get("nan") or s.get("inf")))


def detail(value):
    """Full detail for the inspector: (meta, float32 bytes).

    Up to DETAIL_ELEMENTS values ship in full (table or heatmap); larger tensors ship a histogram
    of their finite values (counts, then bin edges) instead.
    """
    if value is None:
        return None, b""
    a = as_array(value)
    meta = summary(a)
    meta.pop("preview", None)
    if a.size and a.dtype.kind in "biufc":
        meta.update((k, num(v)) for k, v in summarize(a).items() if k in ("std", "norm"))
    if a.dtype.kind not in "biufc":
        meta["view"] = "text"
        return meta, b""
    real = _real(a)
    if a.size <= DETAIL_ELEMENTS:
        meta["view"] = "full"
        meta["rows"], meta["cols"] = _grid(a.shape)
        return meta, np.ascontiguousarray(real.ravel(), dtype="<f4").tobytes()
    f = real.astype(np.float64, copy=False).ravel()
    finite = f[np.isfinite(f)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(finite, bins=HISTOGRAM_BINS, range=(lo, hi))
    meta["view"] = "histogram"
    meta["bins"] = HISTOGRAM_BINS
    return meta, np.concatenate([counts, edges]).astype("<f4").tobytes()


def _grid(shape):
    """Rows and columns for showing a tensor as a table: the last axis is the columns."""
    if len(shape) == 0:
        return 1, 1
    cols = int(shape[-1])
    rows = int(np.prod(shape[:-1], dtype=np.int64)) if len(shape) > 1 else 1
    return rows, cols

