"""Figures drawn off-screen with Agg, never through pyplot: making a picture changes neither the
user's matplotlib backend nor pyplot's list of open figures."""
import io

try:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
except ImportError as e:          # pragma: no cover  (the extra is missing)
    raise ImportError("tapeviz.plot needs matplotlib: pip install \"tapeviz[plot]\"") from e

DPI = 100               # figure units: one scene pixel is one point at 72/DPI
PNG_SCALE = 1.5         # PNGs are drawn at 1.5x for print (PDF handouts)


class PlotFigure(Figure):
    """A Figure that shows itself as a PNG in a notebook, even where pyplot was never imported."""

    def _repr_png_(self):
        return png_bytes(self, scale=1.0)


def figure(width, height, dpi=DPI):
    """A new off-screen figure of `width` x `height` inches."""
    fig = PlotFigure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig, scale=PNG_SCALE):
    """The figure as PNG bytes, at `scale` times its size in pixels."""
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=fig.dpi * scale, facecolor="white")
    return out.getvalue()


def points(px):
    """A font size in points for text `px` scene pixels high (scenes are laid out in CSS px)."""
    return px * 72 / DPI
