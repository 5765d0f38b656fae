/**
 * Left-to-right layout of the open part of a graph with dagre. Only what is open is laid out
 * (folding keeps every open container small), and layouts are cached by structure, so a live
 * view whose new tape has the same structure reuses the last layout.
 */
import * as dagre from "@dagrejs/dagre";

export const NODE_W = 176;
export const NODE_H = 68;
export const BOX_PAD_TOP = 18;
export const MAX_SPAN = 6;

/**
 * Lays out the visible items as a flat graph (dagre's compound mode is far too slow: 100 nodes
 * in 25 boxes take seconds), then draws each open group as the bounding box of its members.
 * @param {{items: object[], edges: object[], boxes: object[]}} vis from visibleGraph
 * @returns {{nodes: Map<string,{x:number,y:number,w:number,h:number}>, boxes: Map<string,object>,
 *   edges: Map<string,{x:number,y:number}[]>, width: number, height: number}}
 */
export function layoutGraph(vis) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({
    rankdir: "LR", nodesep: 26, ranksep: 56, marginx: 24, marginy: 34,
    ranker: vis.items.length > 150 ? "longest-path" : "network-simplex",
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const it of vis.items) g.setNode(it.id, { width: NODE_W, height: NODE_H });
  const stubs = longEdges(vis);
  for (const e of vis.edges) if (!stubs.has(`${e.source}>${e.target}`)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const nodes = new Map();
  let width = 0;
  let height = 0;
  for (const it of vis.items) {
    const n = g.node(it.id);
    const box = { x: n.x - NODE_W / 2, y: n.y - NODE_H / 2, w: NODE_W, h: NODE_H };
    nodes.set(it.id, box);
    width = Math.max(width, box.x + box.w);
    height = Math.max(height, box.y + box.h);
  }
  const boxes = groupBoxes(vis, nodes);
  for (const b of boxes.values()) {
    width = Math.max(width, b.x + b.w);
    height = Math.max(height, b.y + b.h);
  }
  const edges = new Map();
  for (const e of vis.edges) {
    const key = `${e.source}>${e.target}`;
    if (stubs.has(key)) {
      const t = nodes.get(e.target);
      const y = t.y + t.h - 8;
      edges.set(key, [{ x: t.x - 34, y: y + 14 }, { x: t.x, y }]);
      continue;
    }
    const d = g.edge(e.source, e.target);
    edges.set(key, d && d.points ? d.points.map((p) => ({ x: p.x, y: p.y })) : []);
  }
  return { nodes, boxes, edges, stubs, width: width + 24, height: height + 24 };
}

/**
 * Edges spanning more than MAX_SPAN layers (an input reused by every step of a long loop) are
 * left out of the layout and drawn as short labelled stubs at their target, as TensorBoard does
 * for high-degree nodes: routing them would add a dummy node per layer crossed and make the
 * layout quadratic.
 */
export function longEdges(vis) {
  const index = new Map(vis.items.map((it, k) => [it.id, k]));
  const rank = new Map();
  const incoming = new Map();
  for (const e of vis.edges) {
    if (index.get(e.source) < index.get(e.target)) {
      if (!incoming.has(e.target)) incoming.set(e.target, []);
      incoming.get(e.target).push(e.source);
    }
  }
  for (const it of vis.items) {
    let r = 0;
    for (const s of incoming.get(it.id) || []) r = Math.max(r, rank.get(s) + 1);
    rank.set(it.id, r);
  }
  const out = new Set();
  for (const e of vis.edges) {
    const span = rank.get(e.target) - rank.get(e.source);
    if (span > MAX_SPAN) out.add(`${e.source}>${e.target}`);
  }
  return out;
}

/** Bounding boxes of open groups: members' rectangles plus padding, nested boxes inside. */
function groupBoxes(vis, nodes) {
  const parentOf = new Map(vis.boxes.map((b) => [b.id, b.parent]));
  const rects = new Map();
  const grow = (id, r, pad, top) => {
    const x0 = r.x - pad;
    const y0 = r.y - pad - top;
    const x1 = r.x + r.w + pad;
    const y1 = r.y + r.h + pad;
    const cur = rects.get(id);
    if (!cur) rects.set(id, { x0, y0, x1, y1 });
    else Object.assign(cur, { x0: Math.min(cur.x0, x0), y0: Math.min(cur.y0, y0), x1: Math.max(cur.x1, x1), y1: Math.max(cur.y1, y1) });
  };
  for (const it of vis.items) if (it.parent && parentOf.has(it.parent)) grow(it.parent, nodes.get(it.id), 8, BOX_PAD_TOP);
  const depth = (id) => { let d = 0; for (let p = parentOf.get(id); p; p = parentOf.get(p)) d += 1; return d; };
  const order = [...vis.boxes].sort((a, b) => depth(b.id) - depth(a.id));
  for (const b of order) {
    const r = rects.get(b.id);
    if (r && b.parent && parentOf.has(b.parent)) grow(b.parent, { x: r.x0, y: r.y0, w: r.x1 - r.x0, h: r.y1 - r.y0 }, 6, BOX_PAD_TOP);
  }
  const out = new Map();
  for (const [id, r] of rects) out.set(id, { x: r.x0, y: r.y0, w: r.x1 - r.x0, h: r.y1 - r.y0 });
  return out;
}

/** A small LRU of layouts by key (structure + collapse state), shared by all views. */
export class LayoutCache {
  constructor(limit = 24) {
    this.limit = limit;
    this.map = new Map();
    this.hits = 0;
    this.misses = 0;
  }

  get(vis) {
    const found = this.map.get(vis.key);
    if (found) {
      this.map.delete(vis.key);
      this.map.set(vis.key, found);
      this.hits += 1;
      return found;
    }
    this.misses += 1;
    const made = layoutGraph(vis);
    this.map.set(vis.key, made);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value);
    return made;
  }
}

export const layoutCache = new LayoutCache();
