/**
 * Layout of the open part of a graph with ELK's layered algorithm (elkjs, in a web worker, see
 * elk.js). Open scope frames are ELK compound nodes laid out with their contents
 * (hierarchyHandling INCLUDE_CHILDREN), so a frame contains exactly its nodes and frames never
 * cross; edge labels are ELK labels and get their own space. Top to bottom by default (a
 * notebook is narrow and scrolls down), left to right on request. Only what is open is laid out,
 * and layouts are cached by structure, so a live view whose new tape has the same structure
 * reuses the last layout.
 */
import { elkLayout } from "./elk.js";
import { shapeText } from "./dom.js";

export const NODE_W = 208;
export const NODE_H = 78;
export const BOX_PAD_TOP = 30;
export const MAX_SPAN = 6;
export const LABEL_H = 18;
export const ROW_H = 16;          // one more line of a node's text
export const WRAP_FROM = 4;       // classroom mode: lists of 4 to 6 values take two rows

/**
 * Whether node `n` shows its values in several rows: in classroom mode (large type on a narrow
 * projector screen) a list of 4 to 6 values would make the node wider than the drawing.
 * `wrap`: false, true (classroom mode), or the widest a node may be (classroom mode in a
 * drawing of known width, `fitWidth`).
 */
export function wrapsValues(n, wrap) {
  const v = n && n.value;
  if (!wrap || !v || v.kind === "scalar" || v.kind === "text") return false;
  const size = v.size ?? (v.shape || []).reduce((a, b) => a * b, 1);
  return size >= WRAP_FROM && size <= 6;
}

/** Characters of a row of `perRow` values ("= [a, b, c," with up to 9 characters a value). */
const valueChars = (perRow) => perRow * 9 + 6;

/**
 * How many rows node `n`'s value list (and its gradient's) takes: 1; 2 in classroom mode
 * (`wrapsValues`); 3 when two rows would still be wider than `wrap`, the widest a node may be.
 */
export function valueRows(n, wrap) {
  if (!wrapsValues(n, wrap)) return 1;
  if (typeof wrap !== "number") return 2;
  const v = n.value;
  const size = v.size ?? (v.shape || []).reduce((a, b) => a * b, 1);
  return textWidth("x".repeat(valueChars(Math.ceil(size / 2)))) + 20 <= wrap ? 2 : 3;
}

/**
 * The widest a node may be in a drawing `width` CSS pixels wide shown at zoom `k` (at least
 * NODE_W), in steps of 20 px so that layouts are reused while a notebook is resized a little.
 */
export function fitWidth(width, k) {
  return Math.max(NODE_W, Math.floor((width - 16) / k / 20) * 20);
}

/** The text on an edge (shape, dtype, merged count): laid out by ELK, drawn by draw.js. */
export function edgeLabelText(e) {
  let label = shapeText(e.shape, e.dtype);
  if (e.count > 1) label += ` (${e.count} edges)`;
  return label;
}

/** Width of a 12 px label (a generous estimate: better a little room than a cut label). */
export function textWidth(text, px = 12) {
  return Math.ceil(String(text).length * px * 0.62) + 10;
}

/** The ELK graph of a visible graph. */
export function elkGraph(vis, direction = "DOWN", wrap = false) {
  const big = vis.items.length > 300;
  const root = {
    id: "__root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": direction,
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
      "elk.padding": "[top=16,left=16,bottom=16,right=16]",
      "elk.spacing.nodeNode": "26",
      "elk.layered.spacing.nodeNodeBetweenLayers": "24",
      "elk.spacing.edgeLabel": "4",
      "elk.spacing.edgeNode": "14",
      "elk.layered.spacing.edgeNodeBetweenLayers": "10",
      "elk.spacing.labelNode": "6",
      "elk.edgeLabels.inline": "false",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.thoroughness": big ? "1" : "7",
      "elk.layered.nodePlacement.strategy": big ? "LINEAR_SEGMENTS" : "BRANDES_KOEPF",
      "elk.edgeRouting": "ORTHOGONAL",
    },
    children: [],
    edges: [],
  };
  const shown = new Set(vis.boxes.map((b) => b.id));
  const parentOf = new Map(vis.boxes.map((b) => [b.id, b.parent]));
  const nonEmpty = new Set();
  for (const it of vis.items) {
    for (let p = it.parent; p && shown.has(p) && !nonEmpty.has(p); p = parentOf.get(p)) nonEmpty.add(p);
  }
  const containers = new Map();
  const containerOf = (id) => {
    for (let p = id; p; p = parentOf.get(p)) if (nonEmpty.has(p)) return containers.get(p);
    return root;
  };
  for (const b of vis.boxes) {              // parents come first
    if (!nonEmpty.has(b.id)) continue;
    const title = frameTitle(b.group);
    const c = {
      id: b.id, children: [],
      layoutOptions: {
        "elk.padding": `[top=${BOX_PAD_TOP + 4},left=12,bottom=12,right=12]`,
        "elk.nodeSize.constraints": "MINIMUM_SIZE",
        "elk.nodeSize.minimum": `(${textWidth(title, 13) + 24},60)`,
      },
    };
    containers.set(b.id, c);
    containerOf(b.parent).children.push(c);
  }
  for (const it of vis.items) {
    containerOf(it.parent).children.push({ id: it.id, width: nodeWidth(it, wrap), height: nodeHeight(it, wrap) });
  }
  const stubs = longEdges(vis);
  for (const e of vis.edges) {
    const key = `${e.source}>${e.target}`;
    if (stubs.has(key)) continue;
    const text = edgeLabelText(e);
    root.edges.push({
      id: key, sources: [e.source], targets: [e.target],
      labels: [{ id: `${key}#l`, text, width: textWidth(text), height: LABEL_H,
        layoutOptions: { "elk.edgeLabels.placement": "CENTER" } }],
    });
  }
  return { graph: root, stubs };
}

/**
 * A node's width from what it will show (known from the structure, so a live view's new values
 * fit the cached layout): its title at 15 px, op and shape, and up to six values of 9 characters.
 */
export function nodeWidth(it, wrap = false) {
  const n = it.node;
  if (!n) return NODE_W;
  const title = n.title || n.label || n.op;
  const v = n.value || {};
  const size = v.kind === "scalar" ? 1 : (v.shape || []).reduce((a, b) => a * b, 1);
  const perRow = Math.ceil(size / valueRows(n, wrap));
  const chars = size <= 6 ? valueChars(perRow) : 40;
  const sub = `${n.label || n.op}${n.inline ? "(·, ·····)" : ""} · ${(v.shape || []).join("×")} float32`;
  // classroom mode: a row of "local ∂: min -0.1234 · max 0.5678, " per input (extraRows)
  const localChars = wrap && n.kind === "op" && (n.n_inputs || 0) >= 2 ? 38 : 0;
  const width = Math.max(NODE_W, textWidth(title, 15.5) + 110, textWidth(sub) + 20,
    textWidth("x".repeat(Math.max(chars, localChars))) + 20);
  // a drawing of known width: no node wider than it (a long title is cut to fit, see draw.js)
  return typeof wrap === "number" ? Math.min(width, Math.max(wrap, NODE_W)) : width;
}

/**
 * Rows a node adds in classroom mode: two when its value and gradient lists wrap
 * (`wrapsValues`), else one for an op of several inputs, whose step-through line "local ∂: ..."
 * shows one derivative per input on two rows.
 */
export function extraRows(n, wrap = false) {
  if (!wrap || !n) return 0;
  if (wrapsValues(n, wrap)) return 2 * (valueRows(n, wrap) - 1);
  return n.kind === "op" && (n.n_inputs || 0) >= 2 ? 1 : 0;
}

/** A node's height, with the rows it adds in classroom mode (`extraRows`). */
export function nodeHeight(it, wrap = false) {
  return NODE_H + extraRows(it.node, wrap) * ROW_H;
}

/** A frame's title as drawn: ▾ name ×count. */
export function frameTitle(group) {
  return `▾ ${group.label}${group.count ? `  ×${group.count}` : ""}`;
}

/**
 * Lays out the visible items (a Promise).
 * @param {{items: object[], edges: object[], boxes: object[]}} vis from visibleGraph
 * @param {"DOWN"|"RIGHT"} direction
 * @returns {Promise<{nodes: Map<string,{x:number,y:number,w:number,h:number}>, boxes: Map<string,object>,
 *   edges: Map<string,{x:number,y:number}[]>, labels: Map<string,{x:number,y:number,w:number,h:number}>,
 *   stubs: Set<string>, width: number, height: number, direction: string, ms: number}>}
 */
export async function layoutGraph(vis, direction = "DOWN", wrap = false) {
  const t0 = (typeof performance !== "undefined" ? performance : Date).now();
  const { graph, stubs } = elkGraph(vis, direction, wrap);
  const out = await elkLayout(graph);
  const nodes = new Map();
  const boxes = new Map();
  const items = new Set(vis.items.map((it) => it.id));
  const walk = (n) => {
    for (const c of n.children || []) {
      const r = { x: c.x, y: c.y, w: c.width, h: c.height };
      if (items.has(c.id)) nodes.set(c.id, r);
      else boxes.set(c.id, r);
      walk(c);
    }
  };
  walk(out);
  const edges = new Map();
  const labels = new Map();
  for (const e of out.edges || []) {
    const s = e.sections && e.sections[0];
    edges.set(e.id, s ? [s.startPoint, ...(s.bendPoints || []), s.endPoint].map((p) => ({ x: p.x, y: p.y })) : []);
    const l = e.labels && e.labels[0];
    if (l && l.x !== undefined) labels.set(e.id, { x: l.x, y: l.y, w: l.width, h: l.height });
  }
  for (const key of stubs) {
    const t = nodes.get(key.split(">")[1]);
    if (!t) continue;
    edges.set(key, direction === "DOWN"
      ? [{ x: t.x + t.w - 30, y: t.y - 16 }, { x: t.x + t.w - 30, y: t.y }]
      : [{ x: t.x - 34, y: t.y + t.h - 8 + 14 }, { x: t.x, y: t.y + t.h - 8 }]);
  }
  const now = (typeof performance !== "undefined" ? performance : Date).now();
  return { nodes, boxes, edges, labels, stubs, width: out.width, height: out.height, direction, ms: now - t0 };
}

/**
 * Edges spanning more than MAX_SPAN layers (an input reused by every step of a long loop) are
 * left out of the layout and drawn as short labelled stubs at their target, as TensorBoard does
 * for high-degree nodes.
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

/** A small LRU of layouts by key (structure + collapse state + direction), shared by all views. */
export class LayoutCache {
  constructor(limit = 24) {
    this.limit = limit;
    this.map = new Map();
    this.hits = 0;
    this.misses = 0;
  }

  keyOf(vis, direction, wrap = false) {
    return `${vis.key}|${direction}${wrap ? `|wrap${wrap === true ? "" : wrap}` : ""}`;
  }

  /** The finished layout, or null (not asked yet, or still under way). */
  peek(vis, direction = "DOWN", wrap = false) {
    const found = this.map.get(this.keyOf(vis, direction, wrap));
    return found && found.result ? found.result : null;
  }

  /** The layout (a Promise); a cached one is reused. */
  get(vis, direction = "DOWN", wrap = false) {
    const key = this.keyOf(vis, direction, wrap);
    const found = this.map.get(key);
    if (found) {
      this.map.delete(key);
      this.map.set(key, found);
      this.hits += 1;
      return found.promise;
    }
    this.misses += 1;
    const entry = { result: null, promise: null };
    entry.promise = layoutGraph(vis, direction, wrap).then((r) => { entry.result = r; return r; },
      (err) => { this.map.delete(key); throw err; });
    this.map.set(key, entry);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value);
    return entry.promise;
  }
}

/** Shared by every view in the page (each widget evaluates its own copy of this module). */
export const layoutCache = globalThis.__tapevizLayouts1 || (globalThis.__tapevizLayouts1 = new LayoutCache());
