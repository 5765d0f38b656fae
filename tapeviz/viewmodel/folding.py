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
    f = _Folder(nodes)
    f.group_scopes()
    for container in list(f.children):
        f.fold_repeats(container)
    for container in list(f.children):
        _chunk(container, f.children, f.by_id, nodes, f.new_group, f.set_parent)
    f.set_defaults()
    _aggregate_flags(f.groups, nodes, f.by_id)
    return _parents_first(f.groups)


class _Folder:
    """The groups being built and each container's ordered items: ("n", node index) or
    ("g", group id); container None is the top level."""

    def __init__(self, nodes):
        self.nodes = nodes
        self.groups, self.by_path, self.by_id = [], {}, {}
        self.children = {None: []}
        self._signatures, self._sizes = {}, {}

    def new_group(self, **g):
        g["id"] = f"g{len(self.groups)}"
        self.groups.append(g)
        self.by_id[g["id"]] = g
        return g

    def scope_group(self, path):
        if path in self.by_path:
            return self.by_path[path]
        parent = self.scope_group(path.rsplit("/", 1)[0]) if "/" in path else None
        g = self.new_group(label=path.rsplit("/", 1)[-1], kind="scope", path=path,
                           parent=parent["id"] if parent else None)
        self.by_path[path] = g
        return g

    def group_scopes(self):
        """One group per name scope, nested like the scopes, items in tape order."""
        placed = set()
        for i, n in enumerate(self.nodes):
            scope = n.get("scope") or ""
            g = self.scope_group(scope) if scope else None
            n["group"] = g["id"] if g else None
            self.children.setdefault(n["group"], []).append(("n", i))
            while g is not None and g["id"] not in placed:
                placed.add(g["id"])
                self.children.setdefault(g["parent"], []).append(("g", g["id"]))
                self.children.setdefault(g["id"], [])
                g = self.by_id[g["parent"]] if g["parent"] else None

    def signature(self, item):
        """What must match for two items to count as repeats (ops, and groups' contents)."""
        kind, key = item
        if kind == "n":
            n = self.nodes[key]
            return n["op"] + ("*" if n.get("inline") else "")
        if key not in self._signatures:
            inner = ",".join(self.signature(c) for c in self.children.get(key, ()))
            self._signatures[key] = f"[{_NUMBERED.sub('', self.by_id[key]['label'])}:{inner}]"
        return self._signatures[key]

    def magnitude(self, items):
        """The largest gradient magnitude (`gm`) of the nodes in `items` (None if none has one)."""
        found = None
        for kind, key in items:
            m = self.nodes[key].get("gm") if kind == "n" else self.magnitude(self.children.get(key, ()))
            if m is not None and (found is None or m > found):
                found = m
        return found

    def set_parent(self, item, gid):
        kind, key = item
        if kind == "n":
            self.nodes[key]["group"] = gid
        else:
            self.by_id[key]["parent"] = gid

    def fold_repeats(self, container):
        """Replaces each run of repeated blocks in `container` by one "repeat" group."""
        items = self.children[container]
        sigs = [self.signature(it) for it in items]
        sources = [k == "n" and self.nodes[key]["kind"] != "op" for k, key in items]
        out, i = [], 0
        while i < len(items):
            run = _best_run(sigs, i, sources)
            if run is None:
                out.append(items[i])
                i += 1
                continue
            period, count = run
            members = items[i:i + period * count]
            g = self.new_group(label=_repeat_label(members, self.nodes, self.by_id, period),
                               kind="repeat", parent=container, count=count, period=period,
                               repeat_norms=[self.magnitude(members[k * period:(k + 1) * period])
                                             for k in range(count)])
            for it in members:
                self.set_parent(it, g["id"])
            self.children[g["id"]] = members
            out.append(("g", g["id"]))
            i += period * count
        self.children[container] = out

    def size(self, gid):
        if gid not in self._sizes:
            self._sizes[gid] = sum(1 if k == "n" else self.size(key)
                                   for k, key in self.children.get(gid, ()))
        return self._sizes[gid]

    def set_defaults(self):
        """Sizes, and which groups start collapsed (chunks; big repeats; all on a large tape)."""
        large = len(self.nodes) > LARGE_TAPE
        for g in self.groups:
            g["size"] = self.size(g["id"])
            g["items"] = len(self.children.get(g["id"], ()))
            if g["kind"] == "chunk":
                g["collapsed"] = True
            elif g["kind"] == "repeat":
                g["collapsed"] = large or g["size"] > SMALL_REPEAT
            else:
                g["collapsed"] = large
            g.pop("path", None)


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
    """A collapsed group shows the worst flag inside it (NaN first), and its ops: each group's
    own nodes first, then children into parents, deepest first (one pass over the nodes)."""
    for g in groups:
        g["flags"], g["_ops"] = set(), {}
    for n in nodes:
        gid = n.get("group")
        if gid is None:
            continue
        g = by_id[gid]
        if "flags" in n:
            g["flags"].update(n["flags"])
        ops = g["_ops"]
        ops[n["op"]] = ops.get(n["op"], 0) + 1
        gm = n.get("gm")
        if gm is not None and gm > g.get("gm", 0.0):
            g["gm"] = gm
        if n.get("is_target"):
            g["has_target"] = True
    depth = {}
    for g in groups:
        d, p = 0, g["parent"]
        while p is not None:
            d, p = d + 1, by_id[p]["parent"]
        depth[g["id"]] = d
    for g in sorted(groups, key=lambda g: -depth[g["id"]]):
        parent = by_id[g["parent"]] if g["parent"] is not None else None
        if parent is None:
            continue
        parent["flags"].update(g["flags"])
        ops = parent["_ops"]
        for op, k in g["_ops"].items():
            ops[op] = ops.get(op, 0) + k
        if "gm" in g and g["gm"] > parent.get("gm", 0.0):
            parent["gm"] = g["gm"]
        if g.get("has_target"):
            parent["has_target"] = True
    for g in groups:
        g["flags"] = sorted(g["flags"])
        ops = g.pop("_ops")
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
