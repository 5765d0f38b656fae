/**
 * SVG drawing of a laid-out graph: group boxes, edges (shape and dtype, coloured by gradient),
 * nodes (op, shape, value, gradient) and collapsed groups (xN blocks). Pure: no model, no events
 * beyond the data hooks; the view wires clicks.
 */
import { fmt, preview } from "../codec.js";
import { BAD, gradColour } from "./colour.js";
import { BOX_PAD_TOP } from "./layout.js";
import { shapeText, svg } from "./dom.js";

const FLAG_TEXT = {
  nan: "NaN", inf: "Inf", bad_value: "NaN", vanishing: "vanish", exploding: "explode",
  none: "None", first_bad_forward: "1st bad", first_bad_backward: "1st bad ∇",
};

/**
 * Draws into a fresh <g class="tapeviz-scene"> and returns it.
 * @param {object} o {graph, vis, layout, floats, selected, matches, frame}
 */
export function drawScene(o) {
  const { graph, vis, layout } = o;
  const scene = svg("g", { class: "tapeviz-scene" });
  const boxLayer = svg("g", { class: "tapeviz-boxes" });
  const edgeLayer = svg("g", { class: "tapeviz-edges" });
  const nodeLayer = svg("g", { class: "tapeviz-nodes" });
  scene.append(boxLayer, edgeLayer, nodeLayer);
  for (const b of vis.boxes) {
    const r = layout.boxes.get(b.id);
    if (r) boxLayer.append(drawBox(b.group, r));
  }
  const frame = o.frame || null;
  const labels = new Map(vis.items.map((it) => [it.id, it.node ? nodeTitle(it.node) : it.group.label]));
  for (const e of vis.edges) {
    const key = `${e.source}>${e.target}`;
    const pts = layout.edges.get(key) || [];
    const stub = layout.stubs && layout.stubs.has(key) ? labels.get(e.source) : null;
    edgeLayer.append(drawEdge(e, pts, graph.legend, frame, stub));
  }
  for (const it of vis.items) {
    const r = layout.nodes.get(it.id);
    const g = it.node ? drawNode(it.node, r, graph.legend, o.floats, frame, graph.step)
      : drawGroup(it.group, r, graph.legend);
    if (o.selected === it.id) g.classList.add("tapeviz-selected");
    if (o.matches && o.matches.size) g.classList.add(o.matches.has(it.id) ? "tapeviz-match" : "tapeviz-dim");
    if (frame && it.node) {
      if (!frame.shown.has(it.id)) g.classList.add("tapeviz-future");
      if (frame.active === it.id) g.classList.add("tapeviz-active");
      if (frame.done.has(it.id)) g.classList.add("tapeviz-done");
    }
    nodeLayer.append(g);
  }
  return scene;
}

export function drawBox(group, r) {
  const g = svg("g", { class: "tapeviz-box", "data-group-id": group.id });
  g.append(svg("rect", { x: r.x, y: r.y, width: r.w, height: r.h, rx: 8 }));
  const title = svg("text", { x: r.x + 8, y: r.y + BOX_PAD_TOP - 5, class: "tapeviz-box-title" });
  title.textContent = `▾ ${group.label}${group.count ? `  ×${group.count}` : ""}`;
  g.append(title);
  return g;
}

export function drawEdge(e, pts, legend, frame, stubFrom = null) {
  const g = svg("g", { class: "tapeviz-edge", "data-source": e.source, "data-target": e.target });
  if (stubFrom !== null) g.classList.add("tapeviz-edge-stub");
  const grad = e.grad || null;
  let colour = "#8a8f99";
  if (grad && grad.bad) colour = BAD;
  else if (grad) colour = gradColour(grad.m, legend) || colour;
  const d = pathOf(pts);
  g.append(svg("path", { d, stroke: colour, "stroke-width": Math.min(1.5 + Math.log2(e.count || 1) / 2, 3.5), fill: "none",
    "marker-end": "url(#tapeviz-arrow)" }));
  const mid = pts.length ? pts[Math.floor(pts.length / 2)] : { x: 0, y: 0 };
  if (stubFrom !== null) {
    g.append(svg("text", { x: pts[0].x - 2, y: pts[0].y + 3, class: "tapeviz-edge-label", "text-anchor": "end" },
      `from ${stubFrom.length > 14 ? `${stubFrom.slice(0, 13)}…` : stubFrom}`));
    return g;
  }
  let label = shapeText(e.shape, e.dtype);
  if (e.count > 1) label += ` (${e.count} edges)`;
  if (frame && frame.phase === "backward" && frame.done.has(e.target) && e.sent) {
    label = `∇ ${summaryText(e.sent)}`;
    g.classList.add("tapeviz-edge-grad");
  }
  g.append(svg("text", { x: mid.x, y: mid.y - 4, class: "tapeviz-edge-label", "text-anchor": "middle" }, label));
  return g;
}

function pathOf(pts) {
  if (!pts.length) return "";
  let d = `M${pts[0].x},${pts[0].y}`;
  if (pts.length === 2) return `${d} L${pts[1].x},${pts[1].y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i];
    const q = pts[i + 1];
    const mx = (p.x + q.x) / 2;
    const my = (p.y + q.y) / 2;
    d += ` Q${p.x},${p.y} ${i === pts.length - 2 ? `${q.x},${q.y}` : `${mx},${my}`}`;
  }
  return d;
}

/** One line for a summary: the number for a scalar, else min / mean / max. */
export function summaryText(s) {
  if (!s) return "";
  if (s.kind === "scalar") return fmt(s.v);
  if (s.kind === "text") return s.text;
  if (s.min === undefined) return s.size ? "all NaN/Inf" : "empty";
  return `${fmt(s.min)} / ${fmt(s.mean)} / ${fmt(s.max)}`;
}

function isBad(flags) {
  return flags.includes("bad_value") || flags.includes("nan") || flags.includes("inf");
}

export function drawNode(n, r, legend, all, frame, step) {
  const flags = n.flags || [];
  const g = svg("g", {
    class: `tapeviz-node tapeviz-kind-${n.kind}`, "data-node-id": n.id, "data-op": n.op,
    transform: `translate(${r.x},${r.y})`,
  });
  if (isBad(flags)) g.classList.add("tapeviz-bad");
  if (flags.includes("none")) g.classList.add("tapeviz-none");
  if (n.is_target) g.classList.add("tapeviz-target");
  g.append(svg("rect", { width: r.w, height: r.h, rx: n.kind === "op" ? 6 : 14, class: "tapeviz-node-box" }));
  const colour = gradColour(n.gm, legend);
  if (colour) g.append(svg("rect", { width: 7, height: r.h, rx: 3, fill: colour, class: "tapeviz-grad-bar" }));
  const title = nodeTitle(n);
  g.append(svg("text", { x: 12, y: 15, class: "tapeviz-node-title" }, clip(title, 20)));
  const badges = flags.filter((f) => FLAG_TEXT[f]).map((f) => FLAG_TEXT[f]);
  if (n.is_target) badges.unshift("target");
  if (badges.length) {
    g.append(svg("text", { x: r.w - 5, y: 15, "text-anchor": "end", class: "tapeviz-flags" },
      [...new Set(badges)].slice(0, 2).join(" ")));
  }
  const v = n.value;
  if (v) {
    g.append(svg("text", { x: 12, y: 30, class: "tapeviz-node-shape" }, clip(shapeText(v.shape, v.dtype), 24)));
    const vals = preview(all, v);
    if (vals && vals.length > 1) {
      g.append(svg("text", { x: 12, y: 46, class: "tapeviz-node-value" }, `[${fmt(v.min)}, ${fmt(v.max)}]`));
      g.append(drawPreview(vals, v.shape, r.w - 66, 20, 58, 14));
    } else {
      g.append(svg("text", { x: 12, y: 46, class: "tapeviz-node-value" }, clip(`= ${summaryText(v)}`, 30)));
    }
  }
  let gradLine = n.grad ? `∇ ${summaryText(n.grad)}` : "";
  if (frame && frame.phase === "backward" && frame.active === n.id && step && step.local && step.local[n.id]) {
    gradLine = `local ∂: ${step.local[n.id].map((s) => (s ? summaryText(s) : "·")).join(", ")}`;
  }
  if (gradLine) g.append(svg("text", { x: 12, y: 62, class: "tapeviz-node-grad" }, clip(gradLine, 30)));
  const tip = [`${n.op}${n.name ? ` ${n.name}` : ""}`];
  if (n.scope) tip.push(`scope: ${n.scope}`);
  if (n.line) tip.push(`line ${n.line}: ${n.code || ""}`);
  g.append(svg("title", {}, tip.join("\n")));
  return g;
}

export function drawGroup(group, r, legend) {
  const g = svg("g", {
    class: "tapeviz-node tapeviz-group", "data-node-id": group.id, "data-op": "Group",
    "data-group-kind": group.kind, transform: `translate(${r.x},${r.y})`,
  });
  const flags = group.flags || [];
  if (isBad(flags)) g.classList.add("tapeviz-bad");
  g.append(svg("rect", { width: r.w, height: r.h, rx: 10, class: "tapeviz-group-box" }));
  const colour = gradColour(group.gm, legend);
  if (colour) g.append(svg("rect", { width: 7, height: r.h, rx: 3, fill: colour, class: "tapeviz-grad-bar" }));
  g.append(svg("text", { x: 12, y: 16, class: "tapeviz-node-title" }, `▸ ${clip(group.label, 16)}`));
  if (group.count) g.append(svg("text", { x: r.w - 8, y: 16, "text-anchor": "end", class: "tapeviz-count" }, `×${group.count}`));
  g.append(svg("text", { x: 12, y: 32, class: "tapeviz-node-shape" }, `${group.size} nodes · ${group.kind}`));
  const ops = (group.ops || []).map(([op, k]) => `${op} ${k}`).join(", ");
  g.append(svg("text", { x: 12, y: 48, class: "tapeviz-node-value" }, clip(ops, 30)));
  const badges = flags.filter((f) => FLAG_TEXT[f]).map((f) => FLAG_TEXT[f]);
  if (badges.length) g.append(svg("text", { x: 12, y: 63, class: "tapeviz-flags" }, [...new Set(badges)].slice(0, 3).join(" ")));
  g.append(svg("title", {}, `${group.label}: ${group.size} nodes (click to open)`));
  return g;
}

/** The node's title: op type, with inline scalar inputs shown as call arguments: Mul(·, 2). */
export function nodeTitle(n) {
  const base = n.label || n.op;
  if (!n.inline || !n.inline.length) return base;
  const args = Array.from({ length: n.n_inputs || n.inline.length }, () => "·");
  for (const [port, text] of n.inline) args[port] = text;
  return `${base}(${args.join(", ")})`;
}

/** A sparkline for 1-D values, a tiny heatmap for 2-D ones. */
export function drawPreview(vals, shape, x, y, w, h) {
  const g = svg("g", { class: "tapeviz-preview", transform: `translate(${x},${y})` });
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vals) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const t = (v) => (v - lo) / (hi - lo);
  if (shape && shape.length >= 2) {
    const cols = shape[shape.length - 1];
    const rows = Math.ceil(vals.length / cols);
    const cw = w / cols;
    const ch = h / rows;
    g.classList.add("tapeviz-heatmap");
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      const shade = Number.isFinite(v) ? Math.round(235 - 200 * t(v)) : null;
      g.append(svg("rect", { x: (i % cols) * cw, y: Math.floor(i / cols) * ch, width: cw + 0.2, height: ch + 0.2,
        fill: shade === null ? BAD : `rgb(${shade},${shade},255)` }));
    }
    return g;
  }
  g.classList.add("tapeviz-sparkline");
  const pts = [];
  for (let i = 0; i < vals.length; i++) {
    const v = Number.isFinite(vals[i]) ? vals[i] : lo;
    pts.push(`${(i / Math.max(vals.length - 1, 1)) * w},${h - t(v) * h}`);
  }
  g.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: "#3b528b", "stroke-width": 1.2 }));
  return g;
}

/** Arrow marker definitions, once per SVG. */
export function defs() {
  const d = svg("defs");
  const m = svg("marker", { id: "tapeviz-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 8,
    markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
  m.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8a8f99" }));
  d.append(m);
  return d;
}

function clip(s, n) {
  const t = String(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

