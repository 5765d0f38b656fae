"""A static SVG picture of a tape's graph, for places with no widget front end.

Saved notebooks, nbconvert HTML (offline) and GitHub show this image; `TapeView.to_svg()` saves
it. The layout is a plain layered one (longest path, then barycentre ordering); the interactive
view lays out with dagre instead.
"""
import math
from xml.sax.saxutils import escape, quoteattr

from tapeviz.viewmodel.view import visible

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 170, 62, 60, 22, 24
# a viridis-like ramp from small (dark blue) to large (yellow) gradient magnitude
RAMP = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]
BAD = "#d62728"


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


def layout(items, edges):
    """{item id: (x, y)}: layers left to right by longest path, ordered by barycentre."""
    index = {it["id"]: k for k, it in enumerate(items)}
    preds = {it["id"]: [] for it in items}
    for e in edges:
        if index[e["source"]] < index[e["target"]]:
            preds[e["target"]].append(e["source"])
    rank = {}
    for it in items:
        rank[it["id"]] = 1 + max((rank[p] for p in preds[it["id"]]), default=-1)
    succs = {}
    for e in edges:
        if index[e["source"]] < index[e["target"]]:
            succs.setdefault(e["source"], []).append(e["target"])
    for it in items:          # a source sits just before its first consumer (a layer's kernel)
        i = it["id"]
        if not preds[i] and succs.get(i):
            rank[i] = max(0, min(rank[t] for t in succs[i]) - 1)
    layers = {}
    for it in items:
        layers.setdefault(rank[it["id"]], []).append(it["id"])
    pos, y_of = {}, {}
    for r in sorted(layers):
        ids = layers[r]
        def bary(i):
            ps = [y_of[p] for p in preds[i] if p in y_of]
            return sum(ps) / len(ps) if ps else -1 + index[i] / (len(items) + 1)
        ids.sort(key=bary)
        for k, i in enumerate(ids):
            y_of[i] = k
            pos[i] = (PAD + r * (NODE_W + GAP_X), PAD + 20 + k * (NODE_H + GAP_Y))
    return pos


def fmt(v):
    """A short number for static pictures ('' for a missing one)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return {"nan": "NaN", "inf": "Inf", "-inf": "-Inf"}.get(v, v)
    if v == 0:
        return "0"
    if abs(v) >= 1e4 or abs(v) < 1e-3:
        return f"{v:.2e}"
    return f"{v:.4g}"


def value_text(s):
    """One line for a summary: the number, or min/mean/max."""
    if s is None:
        return ""
    if s["kind"] == "scalar":
        return fmt(s["v"])
    if s["kind"] == "text":
        return s["text"]
    if "min" not in s:
        return "empty" if not s.get("size") else "NaN"
    return f"{fmt(s['min'])} / {fmt(s['mean'])} / {fmt(s['max'])}"


def shape_text(shape, dtype):
    return f"{'x'.join(str(d) for d in shape) or 'scalar'} {dtype}"


def node_title(n):
    label = n.get("label") or n["op"]
    if n.get("inline"):
        label += " " + ", ".join(t for _, t in n["inline"])
    return label


def to_svg(model, overrides=None, title=None):
    """The SVG text for a GraphModel (or its `data` dict)."""
    data = getattr(model, "data", model)
    items, edges, boxes = visible(data, overrides)
    pos = layout(items, edges)
    legend = data.get("legend")
    width = max((x for x, _ in pos.values()), default=0) + NODE_W + PAD
    height = max((y for _, y in pos.values()), default=0) + NODE_H + PAD + (40 if legend else 0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="tapeviz-static" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
           f'font-size="11">',
           '<rect width="100%" height="100%" fill="#ffffff"/>']
    stats = data["stats"]
    caption = title or f"GradientTape: {stats['ops']} ops, {stats['nodes']} nodes"
    out.append(f'<text x="{PAD}" y="{PAD}" font-size="13" font-weight="bold">{escape(caption)}</text>')
    members = {}
    for it in items:
        g = it.get("node", it.get("group"))
        gid = g.get("group") if "node" in it else g.get("parent")
        while gid is not None:
            members.setdefault(gid, []).append(it["id"])
            gid = next((b["parent"] for b in data["groups"] if b["id"] == gid), None)
    for b in boxes:
        pts = [pos[i] for i in members.get(b["id"], ()) if i in pos]
        if not pts:
            continue
        x0 = min(p[0] for p in pts) - 8
        y0 = min(p[1] for p in pts) - 18
        x1 = max(p[0] for p in pts) + NODE_W + 8
        y1 = max(p[1] for p in pts) + NODE_H + 8
        out.append(f'<g class="tapeviz-static-box"><rect x="{x0}" y="{y0}" width="{x1 - x0}" '
                   f'height="{y1 - y0}" rx="6" fill="#eef1f8" fill-opacity="0.45" stroke="#b8c0d8"/>'
                   f'<text x="{x0 + 6}" y="{y0 + 12}" fill="#4a5478">{escape(b["label"])}</text></g>')
    for e in edges:
        (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
        x0, y0, y1 = x0 + NODE_W, y0 + NODE_H / 2, y1 + NODE_H / 2
        colour = BAD if (e.get("grad") or {}).get("bad") else \
            (grad_colour((e.get("grad") or {}).get("m"), legend) or "#8a8f99")
        mx = (x0 + x1) / 2
        out.append(f'<path class="tapeviz-static-edge" d="M{x0},{y0} C{mx},{y0} {mx},{y1} {x1},{y1}" '
                   f'fill="none" stroke="{colour}" stroke-width="1.5"/>')
        out.append(f'<text x="{mx}" y="{(y0 + y1) / 2 - 3}" font-size="9" fill="#666" '
                   f'text-anchor="middle">{escape(shape_text(e["shape"], e["dtype"]))}</text>')
    for it in items:
        x, y = pos[it["id"]]
        if "node" in it:
            n = it["node"]
            flags = n.get("flags", ())
            stroke = BAD if ("bad_value" in flags or "nan" in flags or "inf" in flags) else \
                ("#ff7f0e" if "none" in flags else "#555")
            fill = grad_colour(n.get("gm"), legend)
            out.append(f'<g class="tapeviz-static-node" data-node-id={quoteattr(n["id"])} '
                       f'data-op={quoteattr(n["op"])}>')
            out.append(f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="5" '
                       f'fill="#fff" stroke="{stroke}" stroke-width="{2 if stroke != "#555" else 1}"/>')
            if fill:
                out.append(f'<rect x="{x}" y="{y}" width="6" height="{NODE_H}" rx="2" fill="{fill}"/>')
            out.append(f'<text x="{x + 12}" y="{y + 15}" font-weight="bold">{escape(node_title(n)[:22])}</text>')
            v = n["value"]
            if v is not None:
                out.append(f'<text x="{x + 12}" y="{y + 29}" fill="#555">'
                           f'{escape(shape_text(v["shape"], v["dtype"]))}</text>')
                out.append(f'<text x="{x + 12}" y="{y + 43}">{escape(value_text(v)[:26])}</text>')
            if n.get("grad") is not None:
                out.append(f'<text x="{x + 12}" y="{y + 57}" fill="#6a3d9a">'
                           f'∇ {escape(value_text(n["grad"])[:28])}</text>')
            flags = [f for f in n.get("flags", ()) if f in ("none", "bad_value", "vanishing", "exploding")]
            if n.get("is_target") or flags:
                badge = "target" if n.get("is_target") else flags[0].replace("bad_value", "NaN")
                out.append(f'<text x="{x + NODE_W - 4}" y="{y + 15}" text-anchor="end" fill="#c0392b" '
                           f'font-size="9">{escape(badge)}</text>')
            out.append("</g>")
        else:
            g = it["group"]
            badge = f" x{g['count']}" if g.get("count") else ""
            out.append(f'<g class="tapeviz-static-node tapeviz-static-group" data-node-id={quoteattr(g["id"])} '
                       f'data-op="Group"><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" '
                       f'rx="8" fill="#e8ecf7" stroke="#6b76a8" stroke-dasharray="4 2"/>'
                       f'<text x="{x + 8}" y="{y + 17}" font-weight="bold">'
                       f'{escape((g["label"] + badge)[:24])}</text>'
                       f'<text x="{x + 8}" y="{y + 33}" fill="#555">{g["size"]} nodes</text></g>')
    if legend:
        ly = height - 30
        out.append(f'<g class="tapeviz-static-legend"><text x="{PAD}" y="{ly - 4}" fill="#333">'
                   f'gradient magnitude (log10)</text>')
        for k in range(20):
            out.append(f'<rect x="{PAD + k * 8}" y="{ly}" width="8" height="10" fill="{ramp(k / 19)}"/>')
        out.append(f'<text x="{PAD}" y="{ly + 22}">{legend["log_min"]:.1f}</text>'
                   f'<text x="{PAD + 160}" y="{ly + 22}" text-anchor="end">{legend["log_max"]:.1f}</text></g>')
    out.append("</svg>")
    return "\n".join(out)
