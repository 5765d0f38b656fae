"""Training over time as figures: gradient magnitude per layer ("gradient flow") and Variable
histograms over steps (as TensorBoard's histogram dashboard). Fed by a live view (its
`record`), a `TrainingRecord`, or a history kept by hand."""
import math

import numpy as np
from matplotlib.ticker import NullFormatter

from tapeviz.plot.canvas import figure
from tapeviz.viewmodel.arrays import histogram
from tapeviz.viewmodel.training_record import TrainingRecord


def gradient_flow(source, *, by="layer", log=True, title=None):
    """Gradient magnitude per layer over training steps, and per layer at the last step.

    Args:
      source: a LiveView (`tapeviz.live()`), a TrainingRecord, or a history by hand:
        {layer: [norm per step]}, {layer: ([steps], [norms])} or [{layer: norm} per step].
      by: "layer" (the L2 norm of a layer's Variables' gradients together) or "variable".
      log: a log scale for the magnitudes (vanishing and exploding gradients span decades).
      title: the figure's title.
    Returns:
      A Figure: left, one line per layer (x: step, y: gradient L2 norm); right, one bar per
      layer at the last step, input side first, so a decay from layer to layer shows at a glance.
    """
    if by not in ("layer", "variable"):
        raise ValueError(f"by must be 'layer' or 'variable', got {by!r}")
    series = _norm_series(source, by)
    fig = figure(11, 4.2)
    lines, bars = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    fig.suptitle(title or f"Gradient flow: gradient magnitude per {by}")
    for name, (steps, norms) in series.items():
        lines.plot(steps, norms, label=name, linewidth=1.5)
    lines.set_xlabel("training step")
    lines.set_ylabel("gradient L2 norm")
    names = list(series)
    last = [series[n][1][-1] if series[n][1] else float("nan") for n in names]
    bars.barh(range(len(names)), last, color="#3b528b")
    bars.set_yticks(range(len(names)), names, fontsize=8)
    bars.invert_yaxis()
    bars.set_xlabel(f"gradient L2 norm at step {_last_step(series)}")
    positive = [v for _, norms in series.values() for v in norms if v is not None and v > 0]
    if log and positive:
        lines.set_yscale("log")
        bars.set_xscale("log")
        bars.xaxis.set_minor_formatter(NullFormatter())
    if names:
        lines.legend(fontsize=8, loc="best")
    else:
        lines.text(0.5, 0.5, "no gradients recorded yet", transform=lines.transAxes, ha="center")
    for ax in (lines, bars):
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return fig


def histograms(source, *, variables=None, bins=30, columns=3, steps=16, title=None):
    """Each Variable's value histogram over training steps, newest in front (TensorBoard's
    "offset" histogram view).

    Args:
      source: a LiveView, a TrainingRecord, or a history by hand: {name: [array per step]} or
        {name: [(step, array)]}.
      variables: names to show (default: all, in order of appearance).
      bins: bins per histogram when arrays are given by hand.
      columns: panels per row.
      steps: curves per panel at most (recorded steps are picked evenly, the last always).
      title: the figure's title.
    Returns:
      A Figure with one panel per Variable; each shown step is one curve (x: value, height:
      count, each curve scaled to its own peak), stacked by step, step numbers on the y axis.
    """
    snapshots = _snapshot_series(source, bins)
    names = [n for n in snapshots if variables is None or n in variables]
    if variables is not None:
        missing = [n for n in variables if n not in snapshots]
        if missing:
            raise KeyError(f"no histograms recorded for {missing}; recorded: {list(snapshots)}")
    cols = max(1, min(columns, len(names)))
    rows = max(1, math.ceil(len(names) / cols))
    fig = figure(4 * cols, 3.4 * rows)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    fig.suptitle(title or "Variable values over training steps")
    for ax, name in zip(axes, names):
        _ridges(ax, _evenly(snapshots[name], steps))
        ax.set_title(name, fontsize=9)
    for ax in axes[len(names):]:
        ax.set_axis_off()
    if not names:
        axes[0].text(0.5, 0.5, "no histograms recorded yet", transform=axes[0].transAxes, ha="center")
    fig.tight_layout()
    return fig


def _ridges(ax, snaps):
    """One curve per snapshot on its own baseline, oldest at the top and at the back; each
    curve hides what is behind it, as TensorBoard's offset view does."""
    n = len(snaps)
    for k, (step, counts, edges) in enumerate(snaps):
        base = n - 1 - k
        fade = k / max(n - 1, 1)                       # old: light orange, new: dark brown
        colour = (0.98 - 0.55 * fade, 0.55 - 0.35 * fade, 0.15 - 0.1 * fade)
        counts = np.asarray(counts, dtype=np.float64)
        peak = counts.max() if counts.size and counts.max() > 0 else 1.0
        centres = (np.asarray(edges[:-1]) + np.asarray(edges[1:])) / 2
        heights = base + 1.8 * counts / peak
        ax.fill_between(centres, base, heights, color="white", linewidth=0, zorder=2 * k)
        ax.fill_between(centres, base, heights, color=colour, alpha=0.3, linewidth=0, zorder=2 * k)
        ax.plot(centres, heights, color=colour, linewidth=1.2, zorder=2 * k + 1, label=f"step {step}")
    shown = sorted({0, n - 1} | set(range(0, n, max(1, n // 5))))
    ax.set_yticks([n - 1 - k for k in shown], [str(snaps[k][0]) for k in shown], fontsize=8)
    ax.set_ylim(-0.3, n + 1.2)
    ax.set_ylabel("step")
    ax.set_xlabel("value")


def _evenly(snaps, most):
    """At most `most` snapshots, evenly spread, the first and the last included."""
    if len(snaps) <= most:
        return list(snaps)
    picks = sorted({round(k * (len(snaps) - 1) / (most - 1)) for k in range(most)})
    return [snaps[k] for k in picks]


# ---- sources --------------------------------------------------------------------------------------

def _record(source):
    if isinstance(source, TrainingRecord):
        return source
    record = getattr(source, "record", None)
    return record if isinstance(record, TrainingRecord) else None


def _norm_series(source, by):
    """{name: ([steps], [norms])}."""
    record = _record(source)
    if record is not None:
        return record.layer_norms() if by == "layer" else dict(record.norms)
    if isinstance(source, (list, tuple)):
        out = {}
        for step, per_layer in enumerate(source, start=1):
            for name, value in dict(per_layer).items():
                steps, norms = out.setdefault(name, ([], []))
                steps.append(step)
                norms.append(_float(value))
        return out
    if isinstance(source, dict):
        out = {}
        for name, values in source.items():
            if isinstance(values, tuple) and len(values) == 2:
                out[name] = (list(values[0]), [_float(v) for v in values[1]])
            else:
                out[name] = (list(range(1, len(values) + 1)), [_float(v) for v in values])
        return out
    raise TypeError(f"expected a LiveView, a TrainingRecord or a history of norms, got {type(source).__name__}")


def _snapshot_series(source, bins):
    """{name: [(step, counts, edges)]}."""
    record = _record(source)
    if record is not None:
        return dict(record.histograms)
    if not isinstance(source, dict):
        raise TypeError(f"expected a LiveView, a TrainingRecord or {{name: [array per step]}}, "
                        f"got {type(source).__name__}")
    out = {}
    for name, values in source.items():
        steps = [v if isinstance(v, tuple) else (k, v) for k, v in enumerate(values, start=1)]
        arrays = [(s, np.asarray(getattr(a, "numpy", lambda a=a: a)(), dtype=np.float64)) for s, a in steps]
        finite = np.concatenate([a[np.isfinite(a)].ravel() for _, a in arrays]) if arrays else np.zeros(0)
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        out[name] = [(s,) + tuple(histogram(a, bins, lo, hi)) for s, a in arrays]
    return out


def _float(v):
    return None if v is None else float(getattr(v, "numpy", lambda: v)())


def _last_step(series):
    return max((steps[-1] for steps, _ in series.values() if steps), default=0)
