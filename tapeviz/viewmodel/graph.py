"""Tape -> graph model: the JSON nodes, edges and groups a view draws, plus a preview buffer.

    model = graph_model(tape)
    model.data     # JSON-able dict: nodes, edges, groups, legend, explanations, ...
    model.buffer   # float32 bytes holding the small tensors' previews
    model.tensors  # node id -> (value, gradient) for the inspector's on-demand details
    model.wire     # what a view is sent: `data`, with the nodes inside folded blocks as a light index

A big tape (more than STEP_THROUGH_OPS ops) is mostly folded blocks. A view is sent each node
inside a block that starts folded as a light index entry (id, op, names, group, flags: what
search, step-through, "used by" and the first-NaN badge need) and no value summaries; the edges
inside such a block carry no shape or gradient. When the view opens a block it asks for the
nodes and edges it is about to draw (`fill`, the widget's `_request_nodes`); their previews are
made then, not while the graph is built.

Sources are Variables (one node per Variable, by name) and watched tensors (op "Const"); every
record is an op node. Unwatched inputs become "Const" nodes too, except scalars, which the op
shows inline (`Mul ×2`) so a loop of `x * 0.5` does not double the node count.
"""
import hashlib
import linecache
import logging
import math

from tapeviz.framework import errors
from tapeviz.framework.context import ctx
from tapeviz.framework.registry import gradients_of
from tapeviz.viewmodel import summaries as S
from tapeviz.viewmodel.diagnose import first_nonfinite, gradient_flow
from tapeviz.viewmodel.explain import explain_sources
from tapeviz.viewmodel.folding import fold
from tapeviz.viewmodel.naming import names_at

log = logging.getLogger("tapeviz")
STEP_THROUGH_OPS = 300     # per-edge gradients and local derivatives only for tapes this small
LEAN_OPS = 2000            # above this many ops, code lines and attributes come with the detail


class GraphModel:
    """The result of `graph_model`: `data` (JSON), `buffer` (bytes) and `tensors` (for details)."""

    __slots__ = ("data", "buffer", "tensors", "records", "wire")

    def __init__(self, data, buffer, tensors, records, wire=None):
        self.data, self.buffer, self.tensors, self.records = data, buffer, tensors, records
        self.wire = data if wire is None else wire

    def fill(self, node_ids=(), edge_indices=()):
        """The full nodes and edges a view asked for (it is about to draw them), with their
        previews in a new float32 buffer: ({"nodes": [...], "edges": [[index, edge], ...]}, bytes)."""
        buffer = S.PreviewBuffer()
        nodes, edges = [], []
        by_id = self._nodes_by_id()
        for nid in node_ids:
            node = by_id.get(nid)
            if node is None:
                continue
            _, value, grad = self.tensors[nid]
            full = dict(node)
            full["value"] = S.lean(S.summary(value, buffer))
            full["grad"] = S.lean(S.summary(grad, buffer)) if grad is not None else None
            nodes.append(full)
        all_edges = self.data["edges"]
        for i in edge_indices:
            if isinstance(i, int) and 0 <= i < len(all_edges):
                edges.append([i, all_edges[i]])
        return {"nodes": nodes, "edges": edges}, buffer.tobytes()

    def _nodes_by_id(self):
        return {n["id"]: n for n in self.data["nodes"]}

    @property
    def structure(self):
        return self.data["structure"]


@S.paused_gc()
def graph_model(tape, target=None, sources=None, explain=True, step_through=True):
    """Builds the graph model of a tape (after `gradient()` it carries the gradients too).

    Args:
      tape: a GradientTape.
      target, sources: what to explain None gradients for; default: the last gradient() call.
      explain: add a "why is this gradient None" entry per None source.
      step_through: add per-edge gradients and local derivatives (small tapes only).
    """
    if tape.last_call is not None and target is None:
        target, sources = tape.last_call
    sources = [s for s in sources or () if s is not None]    # Variables since collected are None
    b = _Builder(tape, target, sources, previews=len(tape.records) <= STEP_THROUGH_OPS)
    b.add_sources(tape.watch_log)
    for index, rec in enumerate(b.records):
        b.add_op(index, rec)
    b.place_variables()
    _add_missing_sources(sources, b.producer, b.var_ids, b.add_node, b.grads)
    b.summarize()
    by_id = {n["id"]: n for n in b.nodes}
    _name_nodes(b.records, tape.watch_log, b.producer, b.consts, by_id)
    _mark_sources(by_id, b.producer, sources, b.var_ids, b.target_ids)
    target_node = next((b.producer[i][0] for i in b.target_ids if i in b.producer), None)
    if target_node:
        by_id[target_node]["is_target"] = True
    legend = _flag_gradients(b.nodes, b.edges, by_id, b.records)
    step = _step_through(b.records, b.grads, b.nodes, b.edges, b.producer, b.buffer) \
        if step_through and b.grads and len(b.records) <= STEP_THROUGH_OPS else None
    data = _graph_data(b, tape, target_node, legend, step)
    if explain and tape.last_call is not None:
        _add_explanations(data, b, by_id, explain_sources(tape, target, sources))
    wire = None if b.previews else _wire(data, b)
    return GraphModel(data, b.buffer.tobytes(), b.tensors, b.records, wire)


class _Builder:
    """What `graph_model` fills in as it walks the tape: nodes and edges, which node produced
    each tensor, the preview buffer, and the values behind each node for the inspector."""

    def __init__(self, tape, target, sources, previews=True):
        self.records = list(tape.records)
        self.grads = tape.last_gradients
        self.buffer = S.PreviewBuffer()
        # previews (float32 values, histograms) now; else only for the nodes sent in full (_wire)
        self.previews = previews
        self._preview_buffer = self.buffer if previews else None
        self.nodes, self.edges, self.tensors = [], [], {}
        self.producer = {}          # id(tensor) -> (node id, output index)
        self.var_ids = {}           # id(variable) -> node id
        self.consts = {}            # id(unwatched tensor) -> node id
        self.consumer_scopes = {}   # node id -> scopes of the ops that read it
        self.sources = sources
        self.source_ids = {id(s) for s in sources}
        self.target_ids = {id(t) for t in (target or ())}
        self.lean = len(self.records) > LEAN_OPS   # big tapes ship code lines on demand
        self._edge_grads = {}
        self._pending, self._pending_edges = [], []   # a big tape's nodes and edge infos to summarize

    def add_node(self, node, value, grad, producing):
        node["id"] = f"n{len(self.nodes)}"
        if self.previews:
            node["value"] = S.summary(value, self._preview_buffer)
            node["grad"] = S.summary(grad, self._preview_buffer) if grad is not None else None
        else:           # a big tape: summarized together once every node is in (`summarize`)
            node["value"] = node["grad"] = None
            self._pending.append((node, value, grad))
        if grad is not None and id(grad) not in self._edge_grads:
            # the edges out of this node carry the same gradient: summarized once, here
            if self.previews:
                self._edge_grads[id(grad)] = _edge_info(node["grad"])
            else:
                self._edge_grads[id(grad)] = info = {}      # filled in by `summarize`
                self._pending_edges.append((len(self._pending) - 1, info))
        self.nodes.append(node)
        self.tensors[node["id"]] = (producing, value, grad)
        return node["id"]

    def summarize(self):
        """The summaries of a big tape's nodes, made together (`summaries.summaries`), and the
        gradient colour of the edges out of them."""
        if not self._pending:
            return
        values = S.summaries([v for _, v, _ in self._pending] + [g for _, _, g in self._pending])
        k = len(self._pending)
        for j, (node, _, grad) in enumerate(self._pending):
            node["value"] = values[j]
            total = self.tensors[node["id"]][2]     # a Variable read twice: the sum of its reads
            node["grad"] = values[k + j] if total is grad else S.summary(total, None, rounded=False)
        for j, info in self._pending_edges:
            info.update(_edge_info(values[k + j]))
        self._pending, self._pending_edges = [], []

    def edge_grad(self, x):
        g = self.grads.get(id(x))
        if g is None:
            return None
        if id(g) not in self._edge_grads:
            self._edge_grads[id(g)] = _edge_grad(g)
        return self._edge_grads[id(g)]

    def add_sources(self, watch_log):
        """Variable reads (one node per Variable) and watched tensors, in the order seen."""
        for event in watch_log:
            t = event.tensor
            if event.kind == "read":
                name, vid = event.variable_name, event.variable_key
                if vid in self.var_ids:
                    self.producer[id(t)] = (self.var_ids[vid], 0)
                    _merge_read_grad(self.nodes, self.tensors, self.var_ids[vid],
                                     self.grads.get(id(t)), self._preview_buffer)
                    continue
                scope = name.rsplit("/", 1)[0] if "/" in name else ""
                nid = self.add_node({"op": "Variable", "kind": "variable", "label": _var_label(name),
                                     "name": name, "scope": scope}, t, self.grads.get(id(t)), t)
                self.var_ids[vid] = nid
            else:
                nid = self.add_node({"op": "Const", "kind": "watched", "label": "watched",
                                     "scope": ""}, t, self.grads.get(id(t)), t)
            self.producer[id(t)] = (nid, 0)

    def _input_refs(self, rec):
        """(inline scalar constants [port, text], the (node, output) each input comes from)."""
        inline, refs = [], []
        for port, x in enumerate(rec.inputs):
            ref = self.producer.get(id(x))
            if ref is None:
                if x._value.ndim == 0 and id(x) not in self.target_ids and id(x) not in self.source_ids:
                    inline.append([port, _inline_text(x)])
                    refs.append(None)
                    continue
                if id(x) not in self.consts:
                    self.consts[id(x)] = self.add_node(
                        {"op": "Const", "kind": "const", "label": "const", "scope": rec.scope},
                        x, self.grads.get(id(x)), x)
                ref = (self.consts[id(x)], 0)
            refs.append(ref)
        return inline, refs

    def add_op(self, index, rec):
        """The op's node (after its unwatched inputs), the edges into it, and its outputs."""
        inline, refs = self._input_refs(rec)
        file, line = rec.source
        node = {"op": rec.op.type, "kind": "op", "label": rec.op.type, "scope": rec.scope,
                "order": index, "file": file, "line": line, "n_inputs": len(rec.inputs)}
        if len(rec.outputs) > 1:
            node["n_outputs"] = len(rec.outputs)
            node["outputs"] = [S.summary(o) for o in rec.outputs]
        if not self.lean:
            node.update((k, v) for k, v in record_text(rec).items() if v and k in ("code", "attrs"))
        if inline:
            node["inline"] = inline
        nid = self.add_node(node, rec.outputs[0], _first_grad(self.grads, rec.outputs), rec)
        for port, ref in enumerate(refs):
            if ref is None:
                continue
            src, out_index = ref
            self.consumer_scopes.setdefault(src, set()).add(rec.scope)
            x = rec.inputs[port]
            self.edges.append({"source": src, "target": nid, "port": port, "output": out_index,
                               "shape": list(x._value.shape), "dtype": S._dtype_name(x._value),
                               "grad": self.edge_grad(x)})
        for k, o in enumerate(rec.outputs):
            self.producer[id(o)] = (nid, k)

    def place_variables(self):
        """A Variable read only inside one scope (a Keras layer's kernel) is drawn in that box."""
        for nid in self.var_ids.values():
            node = self.nodes[int(nid[1:])]
            scopes = self.consumer_scopes.get(nid, ())
            if not node["scope"] and len(scopes) == 1:
                node["scope"] = next(iter(scopes))


def _graph_data(b, tape, target_node, legend, step):
    """The JSON a view draws: nodes (leaned), edges, fold groups, legend, step-through data."""
    for n in b.nodes:
        S.lean(n["value"])
        S.lean(n["grad"])
    groups = fold(b.nodes, b.edges)
    if b.lean:
        for n in b.nodes:
            if n["kind"] == "op":
                for key in ("scope", "file", "order"):
                    n.pop(key, None)
                if n.get("label") == n["op"]:
                    del n["label"]
    data = {
        "version": 1,
        "nodes": b.nodes, "edges": b.edges, "groups": groups,
        "target": target_node,
        "has_gradients": bool(b.grads),
        "legend": legend,
        "stats": {"ops": len(b.records), "nodes": len(b.nodes), "edges": len(b.edges)},
        "step": step,
        "explanations": [],
        "diagnosis": _diagnosis(tape, b.producer, b.nodes),
    }
    data["structure"] = _structure(b.nodes, b.edges, groups)
    return data


# what a view reads of a node it does not draw: search (title, names, label, op, name), the
# step-through's order and caption (op, title, line), "used by" (title, op, line), the group
# it is folded in; flags and magnitudes reach it through its groups
LIGHT_NODE = ("id", "op", "group", "title", "names", "label", "name", "is_target", "is_source",
              "line")


def _wire(data, b):
    """`data` as sent to a view: a node inside a block that starts folded is a light index entry
    (`lazy`: its summaries come on request), and so is an edge drawn only inside such a block;
    except what opening one such block shows (its own nodes, the edges between its items), so
    that a first click never waits for Python. The nodes sent in full get their previews now
    (the builder made none)."""
    groups = {g["id"]: g for g in data["groups"]}
    chain = {}   # group id -> (outermost ancestor that starts collapsed, the item shown in it)

    def outer(gid):
        if gid is None:
            return None, None
        if gid not in chain:
            g = groups[gid]
            above, item = outer(g.get("parent"))
            if above is not None:
                chain[gid] = (above, item if item is not None else gid)
            else:
                chain[gid] = (gid, None) if g.get("collapsed") else (None, None)
        return chain[gid]

    where, nodes = {}, []
    for n in data["nodes"]:
        block, item = outer(n.get("group"))
        # what stands for the node once its outermost folded block is open
        where[n["id"]] = None if block is None else (item or n["id"])
        if block is None or item is None:
            _, value, grad = b.tensors[n["id"]]
            n["value"] = S.lean(S.summary(value, b.buffer))
            n["grad"] = S.lean(S.summary(grad, b.buffer)) if grad is not None else None
            nodes.append(n)
        else:
            light = {k: n[k] for k in LIGHT_NODE if k in n}
            if light.get("names") == [light.get("title")]:
                del light["names"]          # the title is searched anyway
            light["lazy"] = 1
            nodes.append(light)
    edges = []
    for e in data["edges"]:
        shown = where.get(e["source"])
        if shown is not None and shown == where.get(e["target"]):
            edges.append({"source": e["source"], "target": e["target"], "port": e["port"], "lazy": 1})
        else:
            edges.append(e)
    wire = dict(data)
    wire["nodes"], wire["edges"] = nodes, edges
    return wire


def _add_explanations(data, b, by_id, explanations):
    """Each None gradient's explanation, tied to its source's node (flagged "none")."""
    where = dict(b.producer)
    where.update((vid, (nid, 0)) for vid, nid in b.var_ids.items())
    data["explanations"] = [e.as_dict(where) for e in explanations]
    for e in data["explanations"]:
        if e.get("node") in by_id:
            by_id[e["node"]].setdefault("flags", []).append("none")


# ---- pieces -----------------------------------------------------------------------------------

SHORT_NAME = 24     # a consumer's argument text longer than this does not title a node


def _name_nodes(records, watch_log, producer, consts, by_id):
    """Titles nodes as the code names them: an op's output by its assignment target (`h` in
    `h = tf.nn.relu(z)`), else by the short expression its consumer wrote (`h * h`); a constant
    or watched tensor by the argument text at its call site (`X` in `tf.matmul(X, W1)`); a
    Variable by its path. `names` collects every name a search should find."""
    def named(nid, name, title=False):
        node = by_id.get(nid)
        if node is None or not name:
            return
        names = node.setdefault("names", [])
        if name not in names:
            names.append(name)
        if title or (node.get("title") is None and len(name) <= SHORT_NAME):
            node["title"] = name
    for n in by_id.values():
        if n["kind"] == "variable":
            named(n["id"], _var_label(n.get("name") or n["label"]), title=True)
    for event in watch_log:
        if event.kind == "watch" and id(event.tensor) in producer:
            named(producer[id(event.tensor)][0], names_at(event.site).arg(0), title=True)
    for run in _calls(records):
        site = names_at(run[0].site)
        last = producer.get(id(run[-1].outputs[0]))
        if last is not None and site.target:                    # a call's result is its last op
            named(last[0], site.target, title=True)
        inside = {id(o) for rec in run for o in rec.outputs}
        for rec in run:
            for port, x in enumerate(rec.inputs):
                ref = producer.get(id(x))
                nid = ref[0] if ref is not None else consts.get(id(x))
                if nid is None or id(x) in inside:
                    continue
                if len(run) == 1:
                    named(nid, site.arg(port))
                elif len(site.args) == 1 and ref is None:       # `model(x)`: its one outside input
                    named(nid, site.arg(0))


def _calls(records):
    """The records grouped by the user's call that ran them: a call such as `model(x)` runs many
    ops from one code position. Consecutive records of one position with different op types are
    one call; identical ones (`x = tf.sin(x)` in a loop) are one call each."""
    runs = []
    for rec in records:
        if runs and runs[-1][0].site == rec.site and rec.site is not None:
            runs[-1].append(rec)
        else:
            runs.append([rec])
    calls = []
    for run in runs:
        if len(run) > 1 and len({r.op.type for r in run}) == 1:
            calls += [[r] for r in run]
        else:
            calls.append(run)
    return calls


def _diagnosis(tape, producer, nodes):
    """The NaN/infinity origin and the per-layer gradient flow, in words, for the view (the
    origin is searched only when some node's value or gradient summary counts a NaN or inf)."""
    bad = any(s and (s.get("nan") or s.get("inf")) for n in nodes for s in (n["value"], n["grad"]))
    origin = first_nonfinite(tape) if bad else None
    flow = gradient_flow(tape) if tape.last_call is not None else None
    out = {"nonfinite": None, "flow": None}
    if origin is not None:
        node = producer.get(id(origin.record.outputs[0]), (None,))[0]
        out["nonfinite"] = {"node": node, "direction": origin.direction, "op": origin.op,
                            "where": origin.where, "code": origin.code, "counts": origin.counts,
                            "inputs": origin.inputs, "reason": origin.reason, "fix": origin.fix,
                            "text": origin.text}
    if flow is not None:
        out["flow"] = {"layers": [[name, S.num(norm)] for name, norm in flow.layers],
                       "factor": None if flow.factor is None else S.num(flow.factor),
                       "verdict": flow.verdict, "text": flow.text}
    return out

def _var_label(name):
    return name[:-2] if name.endswith(":0") else name


def _inline_text(x):
    v = x._value
    if v.dtype.kind == "f":
        return f"{float(v):.4g}"
    if v.dtype.kind in "iub":
        return str(v.item())
    return str(v)[:12]


def record_text(rec):
    """The code line and attributes of a record (shipped with the node, or on demand)."""
    file, line = rec.source
    return {"code": _code(file, line), "attrs": {k: _attr_text(v) for k, v in rec.attrs.items()},
            "scope": rec.scope, "file": file}


def _attr_text(v):
    text = repr(v)
    return text if len(text) <= 80 else text[:79] + "…"


def _code(file, line):
    if not line:
        return ""
    return linecache.getline(file, line).strip()


def _first_grad(grads, outputs):
    for o in outputs:
        g = grads.get(id(o))
        if g is not None:
            return g
    return None


def _edge_grad(g):
    if g is None:
        return None
    return _edge_info(S.summary(g))


def _edge_info(s):
    """An edge's gradient colour and flag, from its gradient's summary (before `lean`)."""
    m = S.magnitude(s)
    m = None if m is None else S.num(m)
    return {"m": m, "bad": True} if S.bad(s) else {"m": m}


def _merge_read_grad(nodes, tensors, nid, grad, buffer):
    """A Variable read twice: its gradient is the sum over its reads."""
    if grad is None:
        return
    i = int(nid[1:])
    producing, value, prev = tensors[nid]
    total = grad if prev is None else _add(prev, grad)
    tensors[nid] = (producing, value, total)
    nodes[i]["grad"] = S.summary(total, buffer)


def _add(a, b):
    x, y = S.as_array(a), S.as_array(b)
    if x is None or y is None:
        return a if y is None else b
    return x + y


def _add_missing_sources(sources, producer, var_ids, add_node, grads):
    """Sources of the last gradient() call that the tape never saw still get a node, so a view
    can point at them when it explains their None gradient."""
    for s in sources or ():
        if getattr(s, "_is_variable", False):
            if id(s) not in var_ids:
                name = s.name
                var_ids[id(s)] = add_node({"op": "Variable", "kind": "variable", "label": _var_label(name),
                                           "name": name, "scope": "", "unconnected": True},
                                          s._value, None, s)
        elif id(s) not in producer and hasattr(s, "_value"):
            producer[id(s)] = (add_node({"op": "Const", "kind": "const", "label": "const", "scope": "",
                                         "unconnected": True}, s, grads.get(id(s)), s), 0)


def _mark_sources(by_id, producer, sources, var_ids, target_ids):
    for s in sources or ():
        if getattr(s, "_is_variable", False):
            nid = var_ids.get(id(s))
        else:
            nid = producer.get(id(s), (None,))[0]
        if nid is not None:
            by_id[nid]["is_source"] = True


def _flag_gradients(nodes, edges, by_id, records):
    """Flags vanishing/exploding/NaN gradients, marks the first bad op, returns the colour legend."""
    mags = []
    first_forward = None
    for n in nodes:
        flags = []
        if S.bad(n["value"]):
            flags.append("bad_value")
            if first_forward is None and n["kind"] == "op":
                first_forward = n
        for f in S.flags(n["grad"]):
            flags.append(f)
        m = S.magnitude(n["grad"])
        if m is not None and m > 0:
            m = S.num(m)      # (a big tape's summaries are not rounded for JSON: see _wire)
            mags.append(m)
            n["gm"] = m
        if flags:
            n["flags"] = flags
    if first_forward is not None:
        first_forward.setdefault("flags", []).append("first_bad_forward")
    # backward: the op whose own output gradient is finite but that made an input gradient bad
    inputs_of = {}
    for e in edges:
        inputs_of.setdefault(e["target"], []).append(e["source"])
    for n in reversed(nodes):
        if n["kind"] != "op" or S.bad(n["grad"]):
            continue
        if any(S.bad(by_id[s]["grad"]) for s in inputs_of.get(n["id"], ())):
            n.setdefault("flags", []).append("first_bad_backward")
            break
    if not mags:
        return None
    lo, hi = math.log10(min(mags)), math.log10(max(mags))
    return {"log_min": lo, "log_max": hi, "vanishing": S.VANISHING, "exploding": S.EXPLODING}


def _step_through(records, grads, nodes, edges, producer, buffer):
    """Per edge: the gradient its consumer sends back along it; per op: its local derivative.

    The local derivative is the op's vector-Jacobian product with a seed of ones (for an
    elementwise op of scalars, exactly dy/dx). Computed with recording paused, so showing a
    tape never records on it.
    """
    import numpy as np

    from tapeviz.framework.tensor import Tensor
    with ctx.no_recording():
        edge_at = {(e["target"], e["port"]): e for e in edges}
        local = {}
        for index, rec in enumerate(records):
            nid = producer[id(rec.outputs[0])][0]
            if rec.op.grad_kind in (None, "none"):
                continue
            if not all(o.dtype.is_floating or o.dtype.is_complex for o in rec.outputs):
                continue
            try:
                ones = [Tensor(np.ones_like(o._value)) for o in rec.outputs]
                seen = [grads.get(id(o)) for o in rec.outputs]
                upstream = seen
                local_grads = gradients_of(rec, ones)
                sent = gradients_of(rec, upstream) if all(u is not None for u in upstream) else None
            except (errors.OpError, NotImplementedError, ValueError, TypeError) as e:
                # a rule that cannot run on a seed of ones only loses this op's step detail
                log.debug("tapeviz step-through: no local derivative for %s: %s", rec.op.type, e)
                continue
            local[nid] = [S.summary(g, buffer) if g is not None else None for g in local_grads]
            for port in range(len(rec.inputs)):
                e = edge_at.get((nid, port))
                if e is not None and sent is not None and sent[port] is not None:
                    e["sent"] = S.summary(sent[port], buffer)
        return {"forward": [n["id"] for n in nodes],
                "backward": [producer[id(r.outputs[0])][0] for r in reversed(records)],
                "local": local}


def _structure(nodes, edges, groups):
    """A hash of what the layout depends on, so a live view can reuse the last layout."""
    h = hashlib.sha1()
    for n in nodes:
        h.update(f"{n['id']}|{n['op']}|{n.get('label')}|{n.get('group')}|{n['value'] and n['value']['shape']};".encode())
    for e in edges:
        h.update(f"{e['source']}>{e['target']};".encode())
    for g in groups:
        h.update(f"{g['id']}|{g['label']}|{g.get('parent')};".encode())
    return h.hexdigest()[:16]

