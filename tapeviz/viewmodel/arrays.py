"""NumPy arrays made small for a browser: histograms, block-mean downsampling, differences, and
the full-value detail of a clicked Variable."""
import math

import numpy as np

from tapeviz.viewmodel.summaries import num, summarize
from tapeviz.viewmodel.variable_set import variable_name

DETAIL_BINS = 40          # bins of the histogram under a clicked row's value
HEATMAP_CELLS = 64        # a 2-D value is shown as at most 64 x 64 cells (block means)
LINE_POINTS = 512         # a 1-D value is shown as at most 512 points (block means)
SAMPLE_ELEMENTS = 1 << 20 # histograms of larger values use an evenly strided sample


def numeric(a):
    """A float view of a numeric array (bool as 0/1, complex as magnitude), or None."""
    a = np.asarray(a)
    if a.dtype.kind == "b":
        return a.astype(np.float32)
    if a.dtype.kind == "c":
        return np.abs(a)
    return a if a.dtype.kind in "iuf" else None



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
    fa, fb = numeric(a), numeric(b)
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


def value_detail(v):
    """(meta JSON, [values float32 bytes, histogram float32 bytes]) for a clicked row.

    Scalars ship one number; 1-D values a line of at most LINE_POINTS points; higher ranks a
    heatmap of at most HEATMAP_CELLS x HEATMAP_CELLS cells (the last axis is the columns; block
    means when downsampled). A histogram (counts, then edges) of all values comes with it.
    """
    value = np.asarray(v._value)
    meta = {"name": variable_name(v), "shape": list(value.shape), "dtype": v.dtype.name}
    a = numeric(value)
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


