/**
 * Which part of the graph is open. A node shows unless a group around it is collapsed; then the
 * outermost collapsed group stands in for it, and edges are merged onto the stand-ins.
 * (tapeviz/viewmodel/view.py applies the same rule for the static SVG.)
 */

/** @param {object} group @param {Record<string, boolean>} overrides */
export function isCollapsed(group, overrides) {
  return overrides && group.id in overrides ? !!overrides[group.id] : !!group.collapsed;
}

/**
 * @param {{nodes: object[], edges: object[], groups: object[], structure?: string}} graph
 * @param {Record<string, boolean>} overrides group id -> collapsed
 * @returns {{items: object[], edges: object[], boxes: object[], where: Map<string,string>, key: string}}
 */
export function visibleGraph(graph, overrides = {}) {
  const groups = graph.groups || [];
  const rep = new Map();
  const boxes = [];
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const g of groups) {               // parents come first
    const parentRep = g.parent ? rep.get(g.parent) : null;
    if (parentRep) rep.set(g.id, parentRep);
    else if (isCollapsed(g, overrides)) rep.set(g.id, g.id);
    else {
      rep.set(g.id, null);
      boxes.push({ id: g.id, group: g, parent: g.parent || null });
    }
  }
  const items = [];
  const where = new Map();
  const placed = new Set();
  for (const n of graph.nodes || []) {
    const r = n.group ? rep.get(n.group) : null;
    if (!r) {
      items.push({ id: n.id, node: n, parent: n.group || null });
      where.set(n.id, n.id);
    } else {
      where.set(n.id, r);
      if (!placed.has(r)) {
        placed.add(r);
        const g = byId.get(r);
        items.push({ id: r, group: g, parent: g.parent || null });
      }
    }
  }
  const edges = [];
  const seen = new Map();
  for (const e of graph.edges || []) {
    const s = where.get(e.source);
    const t = where.get(e.target);
    if (!s || !t || s === t) continue;
    const k = `${s}>${t}`;
    const prev = seen.get(k);
    if (prev) {
      prev.count += 1;
      continue;
    }
    const merged = { ...e, source: s, target: t, count: 1 };
    if (e.lazy) merged.of = e;      // a light edge (no shape, no gradient yet): filled before drawing
    seen.set(k, merged);
    edges.push(merged);
  }
  const used = new Set(items.map((it) => it.parent));
  for (const b of boxes) if (b.parent) used.add(b.parent);
  const shown = boxes.filter((b) => used.has(b.id));
  const state = groups.map((g) => (isCollapsed(g, overrides) ? "1" : "0")).join("");
  return { items, edges, boxes: shown, where, key: `${graph.structure || ""}|${state}` };
}

/** Ids of the nodes and collapsed groups matching a search (title, names, label, op, name, scope). */
export function searchGraph(graph, vis, query) {
  const q = (query || "").trim().toLowerCase();
  const hits = new Set();
  if (!q) return hits;
  for (const n of graph.nodes || []) {
    const text = `${n.title || ""} ${(n.names || []).join(" ")} ${n.label || ""} ${n.op} ${n.name || ""} ${n.scope || ""}`.toLowerCase();
    if (text.includes(q)) hits.add(vis.where.get(n.id) || n.id);
  }
  for (const g of graph.groups || []) {
    if ((g.label || "").toLowerCase().includes(q) && vis.items.some((it) => it.id === g.id)) hits.add(g.id);
  }
  return hits;
}
