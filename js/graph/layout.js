/**
 * Left-to-right layout of the open part of a graph with dagre. Only what is open is laid out
 * (folding keeps every open container small), and layouts are cached by structure, so a live
 * view whose new tape has the same structure reuses the last layout.
 */
import * as dagre from "@dagrejs/dagre";

export const NODE_W = 176;
export const NODE_H = 68;
export const BOX_PAD_TOP = 18;

/**
 * @param {{items: object[], edges: object[], boxes: object[]}} vis from visibleGraph
 * @returns {{nodes: Map<string,{x:number,y:number,w:number,h:number}>, boxes: Map<string,object>,
 *   edges: Map<string,{x:number,y:number}[]>, width: number, height: number}}
 */
export function layoutGraph(vis) {
  const g = new dagre.graphlib.Graph({ compound: true });
  g.setGraph({
    rankdir: "LR", nodesep: 22, ranksep: 56, marginx: 24, marginy: 30,
    ranker: vis.items.length > 150 ? "longest-path" : "network-simplex",
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const b of vis.boxes) g.setNode(b.id, { paddingTop: BOX_PAD_TOP });
  for (const b of vis.boxes) if (b.parent && g.hasNode(b.parent)) g.setParent(b.id, b.parent);
  for (const it of vis.items) {
    g.setNode(it.id, { width: NODE_W, height: NODE_H });
    if (it.parent && g.hasNode(it.parent)) g.setParent(it.id, it.parent);
  }
  for (const e of vis.edges) g.setEdge(e.source, e.target);
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
  const boxes = new Map();
  for (const b of vis.boxes) {
    const n = g.node(b.id);
    if (!n || n.width === undefined) continue;
    boxes.set(b.id, { x: n.x - n.width / 2 - 6, y: n.y - n.height / 2 - BOX_PAD_TOP,
      w: n.width + 12, h: n.height + BOX_PAD_TOP + 6 });
  }
  const edges = new Map();
  for (const e of vis.edges) {
    const d = g.edge(e.source, e.target);
    edges.set(`${e.source}>${e.target}`, d && d.points ? d.points.map((p) => ({ x: p.x, y: p.y })) : []);
  }
  return { nodes, boxes, edges, width: width + 24, height: height + 24 };
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
