"""Which part of a graph model is open: the items a view lays out and the edges between them.

A node is shown unless a group around it is collapsed; then the outermost collapsed group stands
in for it. The JS view (`js/graph/visible.js`) applies the same rule; this copy serves the static
SVG, which has no browser to ask.
"""


def visible(data, overrides=None):
    """(items, edges, boxes): visible nodes and collapsed groups, merged edges, open group boxes.

    `overrides` maps group ids to True (collapsed) / False (open), over each group's default.
    """
    overrides = overrides or {}
    groups = data["groups"]
    collapsed = {g["id"]: overrides.get(g["id"], g["collapsed"]) for g in groups}
    rep, open_boxes = {}, []
    for g in groups:                       # parents come first
        parent_rep = rep.get(g["parent"]) if g["parent"] else None
        if parent_rep is not None:
            rep[g["id"]] = parent_rep
        elif collapsed[g["id"]]:
            rep[g["id"]] = g["id"]
        else:
            rep[g["id"]] = None
            open_boxes.append(g)
    items, where = [], {}
    seen_groups = set()
    by_group = {g["id"]: g for g in groups}
    for n in data["nodes"]:
        r = rep.get(n["group"]) if n["group"] else None
        if r is None:
            items.append({"id": n["id"], "node": n})
            where[n["id"]] = n["id"]
        else:
            where[n["id"]] = r
            if r not in seen_groups:
                seen_groups.add(r)
                items.append({"id": r, "group": by_group[r]})
    edges, seen = [], {}
    for e in data["edges"]:
        s, t = where[e["source"]], where[e["target"]]
        if s == t:
            continue
        if (s, t) in seen:
            seen[(s, t)]["count"] += 1
            continue
        merged = dict(e, source=s, target=t, count=1)
        seen[(s, t)] = merged
        edges.append(merged)
    return items, edges, open_boxes
