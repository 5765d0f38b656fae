"""Groups for a graph: name scopes, repeated runs folded as xN blocks, and chunks of long runs.

TensorBoard's graph dashboard folds scopes and numbered series; Model Explorer lays out a layer
only when opened. We do both: every node belongs to at most one innermost group, groups nest,
and a view lays out only the open part, so no open container ever holds more than MAX_CHILDREN
items and a 10,000-op tape starts as a handful of blocks.
"""
import re

MAX_CHILDREN = 120     # a container with more direct items is split into chunks
CHUNK = 100            # items per chunk
MAX_PERIOD = 16        # longest repeated block looked for
LARGE_TAPE = 400       # nodes above which every group starts collapsed
SMALL_REPEAT = 12      # repeats with at most this many nodes start open on small tapes

_NUMBERED = re.compile(r"_?\d+$")


def fold(nodes, edges=None):
    """Assigns `node["group"]` and returns the list of group dicts (parents before children).

    Each group: id, label, kind ("scope" | "repeat" | "chunk"), parent, size (nodes inside),
    collapsed (the default state), and for repeats count, period and `repeat_norms`: the
    largest gradient magnitude (a node's `gm`) in each repeat, so a folded block of twelve
    layers still shows the layer-by-layer decay.
    """
    groups, by_path, by_id = [], {}, {}

    def new_group(**g):
        g["id"] = f"g{len(groups)}"
        groups.append(g)
        by_id[g["id"]] = g
        return g

    def scope_group(path):
        if path in by_path:
            return by_path[path]
        parent = scope_group(path.rsplit("/", 1)[0]) if "/" in path else None
        g = new_group(label=path.rsplit("/", 1)[-1], kind="scope", path=path,
                      parent=parent["id"] if parent else None)
        by_path[path] = g
        return g

    children = {None: []}            # container id -> ordered items ("n", index) / ("g", id)
    placed = set()
    for i, n in enumerate(nodes):
        scope = n.get("scope") or ""
        g = scope_group(scope) if scope else None
        n["group"] = g["id"] if g else None
        children.setdefault(n["group"], []).append(("n", i))
        while g is not None and g["id"] not in placed:
            placed.add(g["id"])
            children.setdefault(g["parent"], []).append(("g", g["id"]))
            children.setdefault(g["id"], [])
            g = by_id[g["parent"]] if g["parent"] else None

    signature_memo = {}

    def signature(item):
        kind, key = item
        if kind == "n":
            n = nodes[key]
            return n["op"] + ("*" if n.get("inline") else "")
        if key not in signature_memo:
            g = by_id[key]
            inner = ",".join(signature(c) for c in children.get(key, ()))
            signature_memo[key] = f"[{_NUMBERED.sub('', g['label'])}:{inner}]"
        return signature_memo[key]

    def magnitude(items):
        found = None
        for kind, key in items:
            m = nodes[key].get("gm") if kind == "n" else magnitude(children.get(key, ()))
            if m is not None and (found is None or m > found):
                found = m
        return found

    def set_parent(item, gid):
        kind, key = item
        if kind == "n":
            nodes[key]["group"] = gid
        else:
            by_id[key]["parent"] = gid

    for container in list(children):
        items = children[container]
        sigs = [signature(it) for it in items]
        sources = [k == "n" and nodes[key]["kind"] != "op" for k, key in items]
        out, i = [], 0
        while i < len(items):
            run = _best_run(sigs, i, sources)
            if run is None:
                out.append(items[i])
                i += 1
                continue
            period, count = run
            members = items[i:i + period * count]
            g = new_group(label=_repeat_label(members, nodes, by_id, period), kind="repeat",
                          parent=container, count=count, period=period,
                          repeat_norms=[magnitude(members[k * period:(k + 1) * period])
                                        for k in range(count)])
            for it in members:
                set_parent(it, g["id"])
            children[g["id"]] = members
            out.append(("g", g["id"]))
            i += period * count
        children[container] = out

    for container in list(children):
        _chunk(container, children, by_id, nodes, new_group, set_parent)

    sizes = {}

    def size(gid):
        if gid not in sizes:
            sizes[gid] = sum(1 if k == "n" else size(key) for k, key in children.get(gid, ()))
        return sizes[gid]

    large = len(nodes) > LARGE_TAPE
    for g in groups:
        g["size"] = size(g["id"])
        g["items"] = len(children.get(g["id"], ()))
        if g["kind"] == "chunk":
            g["collapsed"] = True
        elif g["kind"] == "repeat":
            g["collapsed"] = large or g["size"] > SMALL_REPEAT
        else:
            g["collapsed"] = large
        g.pop("path", None)
    _aggregate_flags(groups, nodes, by_id)
    return _parents_first(groups)


def _best_run(sigs, i, sources):
    """(period, count) of the longest run of a repeated block starting at i, or None.

    A block made only of sources (four Variables in a row) is not a repeated computation.
    """
    n = len(sigs)
    best = None
    for p in range(1, min(MAX_PERIOD, (n - i) // 2) + 1):
        if all(sources[i:i + p]):
            continue
        block = sigs[i:i + p]
        k = 1
        while i + (k + 1) * p <= n and sigs[i + k * p:i + (k + 1) * p] == block:
            k += 1
        if k >= (3 if p == 1 else 2) and (best is None or p * k > best[0] * best[1]):
            best = (p, k)
    return best


def _repeat_label(members, nodes, by_id, period):
    parts = []
    for kind, key in members[:period]:
        parts.append(nodes[key]["op"] if kind == "n" else by_id[key]["label"])
    if period == 1 and members[0][0] == "g":
        stem = _NUMBERED.sub("", parts[0])
        return f"{stem}_*"
    text = "·".join(parts)
    return text if len(text) <= 40 else text[:39] + "…"


def _chunk(container, children, by_id, nodes, new_group, set_parent):
    while len(children[container]) > MAX_CHILDREN:
        items = children[container]
        parent = by_id.get(container)
        step = CHUNK
        if parent is not None and parent["kind"] == "repeat" and parent["period"] <= CHUNK:
            step = (CHUNK // parent["period"]) * parent["period"]
        out = []
        for start in range(0, len(items), step):
            part = items[start:start + step]
            g = new_group(label=f"{_item_order(part[0], nodes, children)}–"
                                f"{_item_order(part[-1], nodes, children, last=True)}",
                          kind="chunk", parent=container)
            for it in part:
                set_parent(it, g["id"])
            children[g["id"]] = part
            out.append(("g", g["id"]))
        children[container] = out


def _item_order(item, nodes, children, last=False):
    """A readable position of an item: the execution index of its first (or last) node."""
    while item[0] == "g":
        inner = children[item[1]]
        item = inner[-1] if last else inner[0]
    n = nodes[item[1]]
    return f"#{n.get('order', item[1])}"


def _aggregate_flags(groups, nodes, by_id):
    """A collapsed group shows the worst flag inside it (NaN first), and its ops."""
    for n in nodes:
        flags = set(n.get("flags", ()))
        gid = n.get("group")
        while gid is not None:
            g = by_id[gid]
            g.setdefault("flags", set()).update(flags)
            ops = g.setdefault("_ops", {})
            ops[n["op"]] = ops.get(n["op"], 0) + 1
            gm = n.get("gm")
            if gm is not None:
                g["gm"] = max(g.get("gm", 0.0), gm)
            if n.get("is_target"):
                g["has_target"] = True
            gid = g["parent"]
    for g in groups:
        g["flags"] = sorted(g.get("flags", ()))
        ops = g.pop("_ops", {})
        g["ops"] = sorted(ops.items(), key=lambda kv: -kv[1])[:4]


def _parents_first(groups):
    by_id = {g["id"]: g for g in groups}
    depth = {}

    def d(g):
        if g["id"] not in depth:
            depth[g["id"]] = 0 if g["parent"] is None else d(by_id[g["parent"]]) + 1
        return depth[g["id"]]

    for g in groups:
        g["depth"] = d(g)
    return sorted(groups, key=lambda g: (g["depth"], int(g["id"][1:])))
