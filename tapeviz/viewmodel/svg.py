"""A static SVG picture of a tape's graph, for places with no widget front end.

Saved notebooks, nbconvert HTML (offline) and GitHub show this image (and `TapeView.to_svg()`
saves it) until a front end has drawn the interactive view, which then sends its own drawing.
It is drawn to be read at its natural size in a notebook column: top to bottom, 13 px text,
nodes titled like the code, numbers never cut, NaN and infinity counted, and the diagnosis in
words below the graph. The layout is a plain layered one (longest path, then barycentre order).
"""
import math
import textwrap
from xml.sax.saxutils import escape, quoteattr

from tapeviz.viewmodel.view import visible

FONT, SMALL = 13, 12                  # px: no text in the picture is smaller than SMALL
CHAR = 7.4                            # average advance of a FONT px sans-serif character
NODE_H, GROUP_H = 80, 58
MIN_W, MAX_W = 170, 440
GAP_X, GAP_Y, PAD = 24, 40, 20
TEXT_WIDTH = 100                      # characters per line of the diagnosis below the graph
# a viridis-like ramp from small (dark blue) to large (yellow) gradient magnitude
RAMP = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]
BAD = "#c62828"


def ramp(t):
    """The colour at t in [0, 1] on RAMP."""
    t = min(max(t, 0.0), 1.0) * (len(RAMP) - 1)
    i = min(int(t), len(RAMP) - 2)
    f = t - i
    a, b = RAMP[i], RAMP[i + 1]
    mix = [round(int(a[k:k + 2], 16) * (1 - f) + int(b[k:k + 2], 16) * f) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def grad_colour(m, legend):
    if m is None or legend is None or m <= 0:
        return None
    lo, hi = legend["log_min"], legend["log_max"]
    return ramp(0.5 if hi - lo < 1e-12 else (math.log10(m) - lo) / (hi - lo))


def fmt(v):
    """A number in 4 significant digits ('' for a missing one; NaN and infinities by name)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return {"nan": "NaN", "inf": "+inf", "-inf": "-inf"}.get(v, v)
    if v == 0:
        return "0"
    if abs(v) >= 1e5 or abs(v) < 1e-3:
        return f"{v:.3e}"
    return f"{v:.4g}"


def value_text(s, values=None):
    """One line for a summary: a scalar's value, up to six values in full, else min and max;
    the NaN / +inf / -inf counts follow whenever there are any."""
    if s is None:
        return ""
    if s["kind"] == "scalar":
        return fmt(s["v"])
    if s["kind"] == "text":
        return s["text"]
    if values is not None and len(values) <= 6:
        text = "[" + ", ".join(fmt(float(v)) if math.isfinite(v) else fmt(_special(v)) for v in values) + "]"
    elif "min" in s:
        text = f"min {fmt(s['min'])}  max {fmt(s['max'])}"
    else:
        text = "empty" if not s.get("size") else "no finite value"
    bad = _bad_counts(s)
    return f"{text}  ({bad})" if bad else text


def _special(v):
    return "nan" if v != v else ("inf" if v > 0 else "-inf")


def _bad_counts(s):
    nan, inf, neg = s.get("nan", 0), s.get("inf", 0), s.get("neginf", 0)
    parts = [f"{nan} NaN"] if nan else []
    if inf - neg:
        parts.append(f"{inf - neg} +inf")
    if neg:
        parts.append(f"{neg} -inf")
    return ", ".join(parts)


def shape_text(shape, dtype):
    return f"{'×'.join(str(d) for d in shape) or 'scalar'} {dtype}"


def node_title(n):
    """The code's name for the node when it has one, else its op (with inline constants)."""
    label = n.get("title") or n.get("label") or n["op"]
    if n.get("inline") and not n.get("title"):
        label += " " + ", ".join(t for _, t in n["inline"])
    return label


# ---- layout ---------------------------------------------------------------------------------------

def layout(items, edges, widths, bands=None):
    """{item id: (x, y)}: ranks top to bottom by longest path, each rank ordered by barycentre.

    `bands` maps an item to its outermost open scope box: consecutive items of one box get ranks
    of their own, so two boxes never share a row and their frames cannot overlap."""
    index = {it["id"]: k for k, it in enumerate(items)}
    preds = {it["id"]: [] for it in items}
    succs = {}
    for e in edges:
        if index[e["source"]] < index[e["target"]]:
            preds[e["target"]].append(e["source"])
            succs.setdefault(e["source"], []).append(e["target"])
    rank = {}
    for it in items:
        rank[it["id"]] = 1 + max((rank[p] for p in preds[it["id"]]), default=-1)
    for it in items:          # a source sits just above its first consumer (a layer's kernel)
        i = it["id"]
        if not preds[i] and succs.get(i):
            rank[i] = max(0, min(rank[t] for t in succs[i]) - 1)
    if bands:
        _separate_bands(items, rank, preds, bands)
    rows = {}
    for it in items:
        rows.setdefault(rank[it["id"]], []).append(it["id"])
    pos, centre = {}, {}
    y = PAD + 30 + 20 * _depth(bands)
    for r in sorted(rows):
        ids = rows[r]

        def bary(i):
            ps = [centre[p] for p in preds[i] if p in centre]
            return sum(ps) / len(ps) if ps else index[i] * 1e-6 - 1e6
        ids.sort(key=bary)
        x = PAD + 10 * _depth(bands)
        for i in ids:
            pos[i] = (x, y)
            centre[i] = x + widths[i] / 2
            x += widths[i] + GAP_X
        y += NODE_H + GAP_Y
    return pos


def _depth(bands):
    """Room above the first row for the labels of nested boxes (rough: one line per box)."""
    return min(len({b for b in (bands or {}).values() if b is not None}), 3)


def _separate_bands(items, rank, preds, bands):
    """Re-ranks so that each run of items of one box starts below everything before it.

    Items are taken in dependency order with each source just before its first consumer (a
    layer's kernel with its layer), so a box's items form one run."""
    placed, order = set(), []
    by_id = {it["id"]: it for it in items}
    consumed = {p for ps in preds.values() for p in ps}
    for it in items:
        i = it["id"]
        if not preds[i] and i in consumed:
            continue                                  # placed with its first consumer
        for p in preds[i]:
            if p not in placed and not preds[p]:
                placed.add(p)
                order.append(p)
        if i not in placed:
            placed.add(i)
            order.append(i)
    floor, top, current = 0, -1, object()
    for i in order:
        band = bands.get(i)
        if band != current:
            current, floor = band, top + 1
        rank[i] = max(floor, 1 + max((rank[p] for p in preds[i] if p in by_id), default=-1))
        top = max(top, rank[i])


def _node_lines(n, previews):
    """(title, op, [(text, colour)]) of a node."""
    lines = []
    v, g = n["value"], n.get("grad")
    if v is not None:
        lines.append((shape_text(v["shape"], v["dtype"]), "#555"))
        lines.append((value_text(v, _values(v, previews)), BAD if _bad_counts(v) else "#222"))
    if g is not None:
        lines.append(("∇ " + value_text(g, _values(g, previews)), BAD if _bad_counts(g) else "#5b2a86"))
    op = n["op"] if node_title(n) != n["op"] else ""
    return node_title(n), op, lines


def _values(s, previews):
    ref = s.get("preview") if s else None
    if ref is None or previews is None:
        return None
    offset, count = ref
    return [float(v) for v in previews[offset:offset + count]]


def _width(title, op, lines):
    chars = max([len(title) + len(op) + 2] + [len(t) for t, _ in lines])
    return int(min(MAX_W, max(MIN_W, chars * CHAR + 24)))


# ---- the scene: what is drawn where (shared by the SVG and the matplotlib picture) ----------------

def scene(model, overrides=None, title=None):
    """Everything the picture draws, in pixels from the top left: one dict of plain lists.

    `to_svg` writes it as SVG; `tapeviz.plot.tape` draws the same scene with matplotlib (the PNG
    that PDF exports show), so both pictures agree to the pixel."""
    data = getattr(model, "data", model)
    previews = _previews(model)
    items, edges, boxes = visible(data, overrides)
    content = {it["id"]: _node_lines(it["node"], previews) if "node" in it else _group_lines(it["group"])
               for it in items}
    widths = {i: _width(*c) for i, c in content.items()}
    pos = layout(items, edges, widths, _bands(data, items, boxes))
    legend = data.get("legend")
    notes = _notes(data)
    width = max([x + widths[i] for i, (x, _) in pos.items()] + [PAD + TEXT_WIDTH * CHAR * 0.93]) + PAD
    graph_bottom = max((y + NODE_H for _, y in pos.values()), default=PAD + 30)
    height = graph_bottom + PAD + (44 if legend else 0) + len(notes) * (FONT + 6)
    stats = data["stats"]
    y = graph_bottom + PAD
    legend_at = None
    if legend:
        legend_at, y = {"y": y, "log_min": legend["log_min"], "log_max": legend["log_max"]}, y + 44
    placed_notes = []
    for text, colour in notes:
        placed_notes.append({"text": text, "colour": colour, "y": y + FONT})
        y += FONT + 6
    return {"width": width, "height": height,
            "caption": title or f"GradientTape: {stats['ops']} ops, {stats['nodes']} nodes",
            "boxes": _boxes(data, items, boxes, pos, widths),
            "edges": _edges(edges, pos, widths, legend),
            "items": [_item(it, pos[it["id"]], widths[it["id"]], content[it["id"]], legend) for it in items],
            "legend": legend_at, "notes": placed_notes}


def _previews(model):
    buffer = getattr(model, "buffer", None)
    if not buffer:
        return None
    import numpy as np
    return np.frombuffer(buffer, "<f4")


def _bands(data, items, boxes):
    """{item id: id of its innermost open box (None outside any)}."""
    open_ids = {b["id"] for b in boxes}
    parent_of = {g["id"]: g["parent"] for g in data["groups"]}
    out = {}
    for it in items:
        gid = it["node"].get("group") if "node" in it else it["group"].get("parent")
        while gid is not None and gid not in open_ids:
            gid = parent_of.get(gid)
        out[it["id"]] = gid
    return out


def _group_lines(g):
    badge = f" ×{g['count']}" if g.get("count") else ""
    lines = [(f"{g['size']} nodes", "#555")]
    norms = [m for m in g.get("repeat_norms") or () if m is not None]
    if len(norms) > 1:
        lines.append((f"∇ {fmt(norms[-1])} last … {fmt(norms[0])} first", "#5b2a86"))
    return g["label"] + badge, "", lines


def _boxes(data, items, boxes, pos, widths):
    """The open scope frames: {x0, y0, x1, y1, label}, outer frames first."""
    members = {}
    parent_of = {b["id"]: b["parent"] for b in data["groups"]}
    for it in items:
        g = it.get("node", it.get("group"))
        gid = g.get("group") if "node" in it else g.get("parent")
        while gid is not None:
            members.setdefault(gid, []).append(it["id"])
            gid = parent_of.get(gid)
    out = []
    open_ids = {b["id"] for b in boxes}
    inner = {}                          # open box id -> how many open boxes nest inside it

    def levels(gid):
        if gid not in inner:
            kids = [b["id"] for b in boxes if b["parent"] == gid]
            inner[gid] = 1 + max(map(levels, kids)) if kids else 0
        return inner[gid]
    for b in boxes:
        ids = [i for i in members.get(b["id"], ()) if i in pos]
        if not ids or b["id"] not in open_ids:
            continue
        pad = 10 + 8 * levels(b["id"])
        out.append({"x0": min(pos[i][0] for i in ids) - pad,
                    "y0": min(pos[i][1] for i in ids) - pad - 14 - 12 * levels(b["id"]),
                    "x1": max(pos[i][0] + widths[i] for i in ids) + pad,
                    "y1": max(pos[i][1] for i in ids) + NODE_H + pad, "label": b["label"]})
    return out


def _edges(edges, pos, widths, legend):
    """Each edge from the bottom middle of its source to the top middle of its target."""
    out = []
    for e in edges:
        (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
        grad = e.get("grad") or {}
        colour = BAD if grad.get("bad") else (grad_colour(grad.get("m"), legend) or "#8a8f99")
        out.append({"x0": x0 + widths[e["source"]] / 2, "y0": y0 + NODE_H,
                    "x1": x1 + widths[e["target"]] / 2, "y1": y1, "colour": colour})
    return out


def _item(it, at, width, content, legend):
    """A node or a folded group: its box, colours, title, right-hand tag and text lines."""
    x, y = at
    title, op, lines = content
    if "group" in it:
        g = it["group"]
        out = {"id": g["id"], "op": "Group", "group": True, "x": x, "y": y, "w": width, "h": GROUP_H,
               "fill": "#e8ecf7", "stroke": "#6b76a8", "stroke_width": 1, "bar": None}
    else:
        n = it["node"]
        flags = n.get("flags", ())
        stroke = BAD if {"bad_value", "nan", "inf"} & set(flags) else ("#e67e22" if "none" in flags else "#666")
        out = {"id": n["id"], "op": n["op"], "group": False, "x": x, "y": y, "w": width, "h": NODE_H,
               "fill": "#fff", "stroke": stroke, "stroke_width": 2 if stroke != "#666" else 1,
               "bar": grad_colour(n.get("gm"), legend)}
    badge = _badge(it.get("node"))
    out.update(title=title, right=" · ".join(t for t in (op, badge) if t),
               right_colour=BAD if badge else "#666", lines=lines)
    return out


def _badge(n):
    if n is None:
        return ""
    if n.get("is_target"):
        return "target"
    flags = [f for f in n.get("flags", ()) if f in ("bad_value", "none", "vanishing", "exploding")]
    return {"bad_value": "NaN/inf", "none": "None"}.get(flags[0], flags[0]) if flags else ""


def _notes(data):
    """The diagnosis and the None explanations as wrapped lines of (text, colour)."""
    texts = [(e["text"], "#b35900") for e in data.get("explanations") or ()]
    diagnosis = data.get("diagnosis") or {}
    if diagnosis.get("nonfinite"):
        texts.append((diagnosis["nonfinite"]["text"], BAD))
    flow = diagnosis.get("flow")
    if flow and flow.get("verdict"):
        texts.append((flow["text"], "#5b2a86"))
    lines = []
    for text, colour in texts:
        lines += [(line, colour) for line in textwrap.wrap(text, TEXT_WIDTH)] + [("", colour)]
    return lines[:-1] if lines else lines


# ---- the scene as SVG -----------------------------------------------------------------------------

def to_svg(model, overrides=None, title=None):
    """The SVG text for a GraphModel (or its `data` dict: then small tensors show no values)."""
    sc = scene(model, overrides, title)
    width, height = sc["width"], sc["height"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="tapeviz-static" width="{width:.0f}" '
           f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" '
           f'font-size="{FONT}" style="max-width:none">',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           f'<text x="{PAD}" y="{PAD + 4}" font-size="15" font-weight="bold">{escape(sc["caption"])}</text>']
    for b in sc["boxes"]:
        x0, y0 = b["x0"], b["y0"]
        out.append(f'<g class="tapeviz-static-box"><rect x="{x0}" y="{y0}" width="{b["x1"] - x0}" '
                   f'height="{b["y1"] - y0}" rx="8" fill="#eef1f8" fill-opacity="0.5" stroke="#9aa4c4"/>'
                   f'<text x="{x0 + 8}" y="{y0 + 16}" font-size="{SMALL}" fill="#3c466b">'
                   f'{escape(b["label"])}</text></g>')
    for e in sc["edges"]:
        x0, y0, x1, y1 = e["x0"], e["y0"], e["x1"], e["y1"]
        my = (y0 + y1) / 2
        out.append(f'<path class="tapeviz-static-edge" d="M{x0:.1f},{y0} C{x0:.1f},{my} {x1:.1f},{my} '
                   f'{x1:.1f},{y1}" fill="none" stroke="{e["colour"]}" stroke-width="1.8"/>')
    for it in sc["items"]:
        out += _svg_item(it)
    if sc["legend"]:
        out += _svg_legend(sc["legend"])
    for note in sc["notes"]:
        out.append(f'<text x="{PAD}" y="{note["y"]}" fill="{note["colour"]}">{escape(note["text"])}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _svg_item(it):
    x, y, width = it["x"], it["y"], it["w"]
    if it["group"]:
        head = (f'<g class="tapeviz-static-node tapeviz-static-group" data-node-id={quoteattr(it["id"])} '
                f'data-op="Group"><rect x="{x}" y="{y}" width="{width}" height="{it["h"]}" rx="8" '
                f'fill="{it["fill"]}" stroke="{it["stroke"]}" stroke-dasharray="5 3"/>')
    else:
        head = (f'<g class="tapeviz-static-node" data-node-id={quoteattr(it["id"])} '
                f'data-op={quoteattr(it["op"])}><rect x="{x}" y="{y}" width="{width}" height="{it["h"]}" '
                f'rx="6" fill="{it["fill"]}" stroke="{it["stroke"]}" stroke-width="{it["stroke_width"]}"/>')
        if it["bar"]:
            head += f'<rect x="{x}" y="{y}" width="6" height="{it["h"]}" rx="2" fill="{it["bar"]}"/>'
    out = [head, f'<text x="{x + 12}" y="{y + 18}" font-weight="bold">{escape(it["title"])}</text>']
    if it["right"]:
        out.append(f'<text x="{x + width - 8}" y="{y + 18}" text-anchor="end" font-size="{SMALL}" '
                   f'fill="{it["right_colour"]}">{escape(it["right"])}</text>')
    for k, (text, colour) in enumerate(it["lines"]):
        out.append(f'<text x="{x + 12}" y="{y + 36 + 17 * k}" font-size="{SMALL}" fill="{colour}">'
                   f'{escape(text)}</text>')
    out.append("</g>")
    return out


def _svg_legend(legend):
    y = legend["y"]
    out = [f'<g class="tapeviz-static-legend"><text x="{PAD}" y="{y + 4}" font-size="{SMALL}" '
           f'fill="#333">gradient magnitude (log10)</text>']
    for k in range(20):
        out.append(f'<rect x="{PAD + k * 9}" y="{y + 10}" width="9" height="10" fill="{ramp(k / 19)}"/>')
    out.append(f'<text x="{PAD}" y="{y + 36}" font-size="{SMALL}">{legend["log_min"]:.1f}</text>'
               f'<text x="{PAD + 180}" y="{y + 36}" text-anchor="end" font-size="{SMALL}">'
               f'{legend["log_max"]:.1f}</text></g>')
    return out
