"""Static HTML tables (every string escaped) that stand in for the state widgets where no widget
front end runs: nbconvert HTML, GitHub, a saved notebook opened without a kernel."""
import math
import time
from html import escape

import numpy as np

from tapeviz.viewmodel.svg import fmt

BARS = " ▁▂▃▄▅▆▇█"


def sparkline(counts):
    """A histogram as block characters (text: shows in HTML, GitHub and terminals alike)."""
    counts = np.asarray(counts, dtype=np.float64)
    top = counts.max() if counts.size else 0
    if not top > 0:
        return ""
    return "".join(BARS[int(math.ceil(c / top * 8))] for c in counts)


def _static_table(css, title, head, body, row_class, empty):
    """A static fallback table: `body` is a list of rows of cells; every string is escaped."""
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


VARIABLE_HEAD = ("name", "shape", "dtype", "trainable", "min", "mean", "max", "std", "histogram",
                 "|grad|", "Δ last step")
CHECKPOINT_HEAD = ("step", "checkpoint", "time", "size", "tensors")


def variable_cells(rows, hist_bytes):
    """The Variable inspector's rows as table cells (strings), in VARIABLE_HEAD's order."""
    counts = np.frombuffer(hist_bytes, dtype="<f4") if hist_bytes else np.zeros(0, np.float32)
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
    return body


def checkpoint_cells(rows):
    """The checkpoint list as table cells, in CHECKPOINT_HEAD's order."""
    return [["" if r["step"] is None else r["step"], r["name"] + (" (latest)" if r["latest"] else ""),
             time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r["time"])), human_size(r["size"]),
             r["error"] or r["tensors"]] for r in rows]


def rows_html(rows, hist_bytes, title=""):
    """The rows as an HTML table (every user string escaped): the static fallback."""
    return _static_table("tapeviz-variables-static", title, VARIABLE_HEAD, variable_cells(rows, hist_bytes),
                         "tapeviz-static-variable-row", "no Variables")


def checkpoints_html(rows, title=""):
    """The checkpoint list as an HTML table (names escaped): the static fallback."""
    return _static_table("tapeviz-checkpoints-static", title, CHECKPOINT_HEAD, checkpoint_cells(rows),
                         "tapeviz-static-checkpoint-row", "no checkpoints yet")


def human_size(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
