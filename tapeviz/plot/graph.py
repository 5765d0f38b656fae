"""The tape graph as a matplotlib figure: the same scene the static SVG draws
(`viewmodel.svg.scene`), so the PNG in a PDF handout reads like the picture in the notebook."""
from matplotlib.patches import FancyBboxPatch, PathPatch, Rectangle
from matplotlib.path import Path

from tapeviz.framework.tape import GradientTape
from tapeviz.plot.canvas import DPI, figure, points
from tapeviz.viewmodel.graph import graph_model
from tapeviz.viewmodel.svg import FONT, PAD, SMALL, ramp, scene


def tape(source, *, overrides=None, title=None):
    """The graph of a tape as a Figure (values, gradients, scope frames, the diagnosis).

    Args:
      source: a GradientTape, a TapeView or LiveView (what it shows now), or a graph model.
      overrides: {group id: collapsed?} to fold or unfold blocks (a view's own choice by default).
      title: the caption (default: "GradientTape: N ops, M nodes").
    Returns:
      A matplotlib Figure, one figure pixel per pixel of the static picture at 100 dpi.
    """
    model, view_overrides = _model(source)
    return draw_scene(scene(model, view_overrides if overrides is None else overrides, title))


def _model(source):
    if isinstance(source, GradientTape):
        return graph_model(source), None
    model = getattr(source, "_model", None)
    if model is not None or hasattr(source, "overrides"):        # a TapeView
        if model is None:
            raise ValueError("this view shows no tape yet")
        return model, dict(source.overrides)
    if hasattr(source, "data") or isinstance(source, dict):
        return source, None
    raise TypeError(f"tapeviz.plot.tape: expected a GradientTape, a TapeView or a graph model, "
                    f"got {type(source).__name__}")


def draw_scene(sc):
    """Draws a `viewmodel.svg.scene` (pixels, y down) on a new figure of the same size."""
    width, height = sc["width"], sc["height"]
    fig = figure(width / DPI, height / DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    ax.text(PAD, PAD + 4, sc["caption"], fontsize=points(15), fontweight="bold", va="baseline")
    for b in sc["boxes"]:
        ax.add_patch(FancyBboxPatch((b["x0"], b["y0"]), b["x1"] - b["x0"], b["y1"] - b["y0"],
                                    boxstyle="round,pad=0,rounding_size=8", facecolor="#eef1f8",
                                    alpha=0.5, edgecolor="#9aa4c4", linewidth=0.75, zorder=1))
        ax.text(b["x0"] + 8, b["y0"] + 16, b["label"], fontsize=points(SMALL), color="#3c466b",
                va="baseline", zorder=1)
    for e in sc["edges"]:
        x0, y0, x1, y1 = e["x0"], e["y0"], e["x1"], e["y1"]
        my = (y0 + y1) / 2
        curve = Path([(x0, y0), (x0, my), (x1, my), (x1, y1)], [Path.MOVETO] + [Path.CURVE4] * 3)
        ax.add_patch(PathPatch(curve, facecolor="none", edgecolor=e["colour"], linewidth=1.35, zorder=2))
    for it in sc["items"]:
        _item(ax, it)
    if sc["legend"]:
        _legend(ax, sc["legend"])
    for note in sc["notes"]:
        ax.text(PAD, note["y"], note["text"], fontsize=points(FONT), color=note["colour"], va="baseline")
    return fig


def _item(ax, it):
    x, y, w, h = it["x"], it["y"], it["w"], it["h"]
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={8 if it['group'] else 6}",
                                facecolor=it["fill"], edgecolor=it["stroke"], linewidth=0.75 * it["stroke_width"],
                                linestyle="--" if it["group"] else "-", zorder=3))
    if it["bar"]:
        ax.add_patch(Rectangle((x, y), 6, h, facecolor=it["bar"], edgecolor="none", zorder=4))
    ax.text(x + 12, y + 18, it["title"], fontsize=points(FONT), fontweight="bold", va="baseline", zorder=5,
            gid="title")
    if it["right"]:
        ax.text(x + w - 8, y + 18, it["right"], fontsize=points(SMALL), color=it["right_colour"],
                ha="right", va="baseline", zorder=5)
    for k, (text, colour) in enumerate(it["lines"]):
        ax.text(x + 12, y + 36 + 17 * k, text, fontsize=points(SMALL), color=colour, va="baseline", zorder=5)


def _legend(ax, legend):
    y = legend["y"]
    ax.text(PAD, y + 4, "gradient magnitude (log10)", fontsize=points(SMALL), color="#333", va="baseline")
    for k in range(20):
        ax.add_patch(Rectangle((PAD + k * 9, y + 10), 9, 10, facecolor=ramp(k / 19), edgecolor="none"))
    ax.text(PAD, y + 36, f"{legend['log_min']:.1f}", fontsize=points(SMALL), va="baseline")
    ax.text(PAD + 180, y + 36, f"{legend['log_max']:.1f}", fontsize=points(SMALL), ha="right", va="baseline")
