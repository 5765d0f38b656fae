"""A table as a matplotlib figure: the Variable inspector's and the checkpoint panel's static
picture for documents that show no HTML (a LaTeX PDF handout)."""
from matplotlib.patches import Rectangle

from tapeviz.plot.canvas import DPI, figure, points
from tapeviz.viewmodel.static_tables import BARS

CHAR = 7.2               # px per character at 12 px (DejaVu Sans, a little generous)
ROW, PAD, GAP = 22, 12, 18
MAX_CELL = 48            # characters: a longer cell is cut with "…" (a picture cannot scroll)
MAX_ROWS = 60            # rows drawn; "… and N more" says what is left out
BAR_W = 4                # px per bar of a sparkline cell (drawn as bars, not as glyphs)


def table(title, head, body, empty="nothing yet"):
    """A Figure of a table: a bold title, a header row, zebra-striped rows of text cells."""
    cells = [[_cut(str(c)) for c in row] for row in body[:MAX_ROWS]]
    widths = [max([len(h) * CHAR] + [_width(row[k]) for row in cells]) + GAP for k, h in enumerate(head)]
    width = max(sum(widths) + 2 * PAD, 320)
    lines = len(cells) + (1 if len(body) > MAX_ROWS or not body else 0)
    height = PAD + (26 if title else 0) + ROW * (1 + lines) + PAD
    fig = figure(width / DPI, height / DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    y = PAD
    if title:
        ax.text(PAD, y + 16, title, fontsize=points(14), fontweight="bold", va="baseline")
        y += 26
    _row(ax, head, widths, y, bold=True)
    ax.plot([PAD, width - PAD], [y + ROW, y + ROW], color="#555", linewidth=0.8)
    for k, row in enumerate(cells):
        y += ROW
        if k % 2 == 0:
            ax.fill_between([PAD, width - PAD], y, y + ROW, color="#f2f4f8", linewidth=0, zorder=0)
        _row(ax, row, widths, y)
    if not body:
        ax.text(PAD, y + ROW + 16, empty, fontsize=points(12), style="italic", color="#555", va="baseline")
    elif len(body) > MAX_ROWS:
        ax.text(PAD, y + ROW + 16, f"… and {len(body) - MAX_ROWS} more", fontsize=points(12),
                color="#555", va="baseline")
    return fig


def _row(ax, cells, widths, y, bold=False):
    x = PAD
    for text, w in zip(cells, widths):
        if _is_sparkline(text) and not bold:
            for k, c in enumerate(text):
                h = 14 * BARS.index(c) / 8
                ax.add_patch(Rectangle((x + 4 + k * BAR_W, y + 18 - h), BAR_W - 0.5, h, facecolor="#3b528b",
                                       edgecolor="none", zorder=1))
        else:
            ax.text(x + 4, y + 16, text, fontsize=points(12), fontweight="bold" if bold else "normal",
                    va="baseline", zorder=1)
        x += w


def _is_sparkline(text):
    return bool(text) and all(c in BARS for c in text)


def _width(text):
    return len(text) * (BAR_W if _is_sparkline(text) else CHAR)


def _cut(text):
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"
