/**
 * SVG drawing of a laid-out graph: scope frames, edges with their labels (in the space ELK gave
 * them), nodes and folded blocks (×N). Text is never smaller than 12 px at zoom 1 and numbers
 * are never cut: a scalar shows its value, up to six elements show their values, a larger
 * tensor its min and max beside a small histogram; NaN/+inf/−inf counts are spelled out.
 * Colours come from CSS classes (theme variables, see style.js) except the gradient ramp.
 * Pure: no model, no events beyond the data hooks; the view wires clicks.
 */
import { fmt, num, preview } from "../codec.js";
import { gradColour } from "./colour.js";
import { BOX_PAD_TOP, ROW_H, edgeLabelText, frameTitle, valueRows } from "./layout.js";
import { shapeText, svg } from "./dom.js";

const FLAG_TEXT = {
  vanishing: "vanishing ∇", exploding: "exploding ∇", none: "∇ None",
};
const SMALL = 6;      // up to this many elements show their values

/**
 * Draws into a fresh <g class="tapeviz-scene"> and returns it.
 * @param {object} o {graph, vis, layout, floats, selected, matches, frame, current, wrap}
 */
export function drawScene(o) {
  const { graph, vis, layout } = o;
  const scene = svg("g", { class: "tapeviz-scene" });
  const boxLayer = svg("g", { class: "tapeviz-boxes" });
  const edgeLayer = svg("g", { class: "tapeviz-edges" });
  const nodeLayer = svg("g", { class: "tapeviz-nodes" });
  const labelLayer = svg("g", { class: "tapeviz-edge-labels" });
  scene.append(boxLayer, edgeLayer, nodeLayer, labelLayer);
  for (const b of vis.boxes) {
    const r = layout.boxes.get(b.id);
    if (r) boxLayer.append(drawBox(b.group, r));
  }
  const frame = o.frame || null;
  const origin = graph.diagnosis && graph.diagnosis.nonfinite ? graph.diagnosis.nonfinite : null;
  const labels = new Map(vis.items.map((it) => [it.id, it.node ? titleOf(it.node) : it.group.label]));
  for (const e of vis.edges) {
    const key = `${e.source}>${e.target}`;
    const pts = layout.edges.get(key) || [];
    const stub = layout.stubs && layout.stubs.has(key) ? labels.get(e.source) : null;
    const g = drawEdge(e, pts, graph.legend, frame, stub, layout.labels ? layout.labels.get(key) : null);
    const label = g.querySelector(".tapeviz-edge-label-group");
    if (label) labelLayer.append(label);
    edgeLayer.append(g);
  }
  for (const it of vis.items) {
    const r = layout.nodes.get(it.id);
    if (!r) continue;
    const g = it.node ? drawNode(it.node, r, graph.legend, o.floats, frame, graph.step, origin, o.wrap || false)
      : drawGroup(it.group, r, graph.legend);
    if (o.selected === it.id) g.classList.add("tapeviz-selected");
    if (o.matches && o.matches.size) g.classList.add(o.matches.has(it.id) ? "tapeviz-match" : "tapeviz-dim");
    if (o.current && o.current === it.id) g.classList.add("tapeviz-current");
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
  const title = svg("text", { x: r.x + 10, y: r.y + BOX_PAD_TOP - 9, class: "tapeviz-box-title" });
  title.textContent = frameTitle(group);
  g.append(title, svg("title", {}, `${group.label}: click the title to fold`));
  return g;
}

export function drawEdge(e, pts, legend, frame, stubFrom = null, labelBox = null) {
  const g = svg("g", { class: "tapeviz-edge", "data-source": e.source, "data-target": e.target });
  if (stubFrom !== null) g.classList.add("tapeviz-edge-stub");
  const grad = e.grad || null;
  const path = svg("path", { d: pathOf(pts), class: "tapeviz-edge-path", "stroke-width": Math.min(1.5 + Math.log2(e.count || 1) / 2, 3.5),
    fill: "none", "marker-end": "url(#tapeviz-arrow)" });
  if (grad && grad.bad) path.classList.add("tapeviz-edge-bad");
  else if (grad) { const c = gradColour(grad.m, legend); if (c) path.setAttribute("stroke", c); }
  g.append(path);
  if (stubFrom !== null) {
    g.append(svg("text", { x: pts[0].x - 2, y: pts[0].y + 3, class: "tapeviz-edge-label", "text-anchor": "end" }, `from ${stubFrom}`));
    return g;
  }
  let label = edgeLabelText(e);
  if (frame && frame.phase === "backward" && frame.done.has(e.target) && e.sent) {
    label = `∇ ${summaryText(e.sent)}`;
    g.classList.add("tapeviz-edge-grad");
  }
  let box = labelBox;
  if (!box) {
    const mid = pts.length ? pts[Math.floor(pts.length / 2)] : { x: 0, y: 0 };
    box = { x: mid.x - 40, y: mid.y - 9, w: 80, h: 18 };
  }
  const lg = svg("g", { class: "tapeviz-edge-label-group", "data-source": e.source, "data-target": e.target });
  if (g.classList.contains("tapeviz-edge-grad")) lg.classList.add("tapeviz-edge-grad");
  const w = Math.max(box.w, String(label).length * 7.4 + 10);
  const cx = box.x + box.w / 2;
  lg.append(svg("rect", { x: cx - w / 2, y: box.y, width: w, height: box.h, rx: 3, class: "tapeviz-edge-label-bg" }));
  lg.append(svg("text", { x: cx, y: box.y + box.h - 5, class: "tapeviz-edge-label", "text-anchor": "middle" }, label));
  g.append(lg);
  return g;
}

function pathOf(pts) {
  if (!pts.length) return "";
  return pts.map((p, i) => `${i ? "L" : "M"}${p.x},${p.y}`).join(" ");
}

/** The values behind a summary when Python sent them (small tensors), else null. */
function valuesOf(s, all) {
  if (!s) return null;
  if (s.kind === "scalar") return [num(s.v)];
  const v = preview(all, s);
  return v && v.length === (s.size ?? v.length) ? v : null;
}

/** {nan, "+inf", "-inf"} of a summary: counted from its values when known, else from its counts. */
export function nonfiniteCounts(s, vals) {
  const c = { nan: 0, "+inf": 0, "-inf": 0 };
  if (vals) {
    for (const x of vals) {
      if (Number.isNaN(x)) c.nan += 1;
      else if (x === Infinity) c["+inf"] += 1;
      else if (x === -Infinity) c["-inf"] += 1;
    }
    if (c.nan || c["+inf"] || c["-inf"] || !s || !(s.nan || s.inf)) return c;
  }
  if (!s) return c;
  c.nan = s.nan || 0;
  if (s.neginf !== undefined) {
    c["-inf"] = s.neginf || 0;
    c["+inf"] = Math.max((s.inf || 0) - (s.neginf || 0), 0);
  } else if (s["+inf"] !== undefined || s["-inf"] !== undefined) {
    c["+inf"] = s["+inf"] || 0;
    c["-inf"] = s["-inf"] || 0;
  } else if (s.inf) c["±inf"] = s.inf;
  return c;
}

export function nonfiniteText(c) {
  return Object.entries(c).filter(([, k]) => k > 0).map(([name, k]) => `${name === "nan" ? "NaN" : name.replace("-", "−")} ×${k}`).join(" ");
}

/**
 * One labelled line for a summary: "4.5" for a scalar, "[1, 2, 3]" for up to six elements,
 * "min 0 · max 2" beyond; NaN/±inf counts appended. `vals` are the values if known.
 */
export function summaryText(s, vals = null) {
  if (!s) return "";
  if (s.kind === "text") return s.text;
  if (s.kind === "scalar") return fmt(s.v);
  const size = s.size ?? (s.shape || []).reduce((a, b) => a * b, 1);
  const c = nonfiniteCounts(s, vals);
  const bad = nonfiniteText(c);
  if (vals && size <= SMALL) return `[${Array.from(vals, fmt).join(", ")}]`;
  if (s.min === undefined) return size ? `all non-finite ${bad}` : "empty";
  return `min ${fmt(s.min)} · max ${fmt(s.max)}${bad ? ` · ${bad}` : ""}`;
}

/** The name the code gave the value (Python's `title`), else the op with inline constants. */
export function titleOf(n) {
  return n.title || nodeTitle(n);
}

/**
 * A text line at (14, y), or two rows when `rows` and the text is a list of values ("= [a, b, c,"
 * then "d, e, f]"): one <text> either way, so it reads as one line to a script or a screen reader.
 */
function textLine(y, cls, text, rows) {
  const open = text.indexOf("[");
  const parts = rows > 1 && open >= 0 && text.endsWith("]") ? text.slice(open + 1, -1).split(", ") : null;
  if (!parts || parts.length < 2) return svg("text", { x: 14, y, class: cls }, text);
  const per = Math.ceil(parts.length / rows);
  const line = svg("text", { x: 14, y, class: cls });
  for (let i = 0; i < parts.length; i += per) {
    const last = i + per >= parts.length;
    const row = `${parts.slice(i, i + per).join(", ")}${last ? "]" : ", "}`;
    line.append(i ? svg("tspan", { x: 14 + 8 * (open + 1), dy: ROW_H }, row)
      : svg("tspan", { x: 14 }, `${text.slice(0, open + 1)}${row}`));
  }
  return line;
}

/** `text` cut with "…" to about `width` px at `px` px type (a name wider than its node). */
function fitText(text, width, px) {
  const chars = Math.floor(width / (px * 0.62));
  return text.length <= chars ? text : `${text.slice(0, Math.max(chars - 1, 4))}…`;
}

export function drawNode(n, r, legend, all, frame, step, origin = null, wrap = false) {
  const flags = n.flags || [];
  const g = svg("g", {
    class: `tapeviz-node tapeviz-kind-${n.kind}`, "data-node-id": n.id, "data-op": n.op,
    transform: `translate(${r.x},${r.y})`, tabindex: -1,
  });
  const vVals = valuesOf(n.value, all);
  const vBad = nonfiniteCounts(n.value, vVals);
  const isOrigin = origin && origin.node === n.id;
  if (isOrigin || vBad.nan || vBad["+inf"] || vBad["-inf"] || vBad["±inf"] || flags.includes("bad_value")) g.classList.add("tapeviz-bad");
  if (isOrigin) g.classList.add("tapeviz-origin");
  if (flags.includes("none")) g.classList.add("tapeviz-none");
  if (n.is_target) g.classList.add("tapeviz-target");
  g.append(svg("rect", { width: r.w, height: r.h, rx: n.kind === "op" ? 6 : 14, class: "tapeviz-node-box" }));
  const colour = gradColour(n.gm, legend);
  if (colour) g.append(svg("rect", { width: 7, height: r.h, rx: 3, fill: colour, class: "tapeviz-grad-bar" }));
  g.append(svg("text", { x: 14, y: 20, class: "tapeviz-node-title" }, fitText(titleOf(n), r.w - 24, 15.5)));
  const badges = flags.filter((f) => FLAG_TEXT[f]).map((f) => FLAG_TEXT[f]);
  if (n.is_target) badges.unshift("target");
  if (isOrigin || flags.includes("first_bad_forward") || flags.includes("first_bad_backward")) {
    const counts = isOrigin && origin.counts ? origin.counts : vBad;
    const what = counts.nan ? "NaN" : counts["-inf"] && !counts["+inf"] ? "−inf" : counts["+inf"] ? "+inf" : "NaN/inf";
    const dir = (isOrigin ? origin.direction === "backward" : flags.includes("first_bad_backward")) ? " in ∇" : "";
    const text = `⚠ first ${what}${dir}`;
    const w = text.length * 7.2 + 12;
    const badge = svg("g", { class: "tapeviz-origin-badge", transform: `translate(${r.w - w - 4},-11)` });
    badge.append(svg("rect", { width: w, height: 20, rx: 10 }), svg("text", { x: w / 2, y: 14, "text-anchor": "middle" }, text));
    g.append(badge);
  } else if (badges.length) {
    g.append(svg("text", { x: r.w - 6, y: 20, "text-anchor": "end", class: "tapeviz-flags" }, [...new Set(badges)].slice(0, 2).join(" · ")));
  }
  const v = n.value;
  const rows = valueRows(n, wrap);        // lists of 4-6 values in 2-3 rows (classroom mode)
  const sub = [];
  if (n.title && n.title !== n.op) sub.push(nodeTitle(n) === n.title ? n.op : nodeTitle(n));
  if (v) sub.push(shapeText(v.shape, v.dtype));
  if (sub.length) g.append(svg("text", { x: 14, y: 38, class: "tapeviz-node-shape" }, sub.join(" · ")));
  if (v) {
    const big = v.kind !== "scalar" && !(vVals && vVals.length <= SMALL);
    g.append(textLine(55, "tapeviz-node-value", `${v.kind === "scalar" ? "= " : big ? "" : "= "}${summaryText(v, vVals)}`, rows));
    const hist = big && v.hist ? preview(all, { preview: v.hist }) : null;
    if (hist) g.append(drawHistogram(Array.from(hist), r.w - 56, 43, 46, 14));
    else if (big && vVals && vVals.length > 1) g.append(drawHistogram(binned(vVals), r.w - 56, 43, 46, 14));
  }
  let gradLine = n.grad ? `∇ ${summaryText(n.grad, valuesOf(n.grad, all))}` : "";
  const gradY = 71 + (rows - 1) * ROW_H;
  if (frame && frame.phase === "backward" && frame.active === n.id && step && step.local && step.local[n.id]) {
    const parts = step.local[n.id].map((s) => (s ? summaryText(s) : "·"));
    if (wrap && parts.length > 1) {        // classroom mode: one row per input (extraRows)
      const line = svg("text", { x: 14, y: gradY, class: "tapeviz-node-grad" });
      const half = Math.ceil(parts.length / 2);
      line.append(svg("tspan", { x: 14 }, `local ∂: ${parts.slice(0, half).join(", ")}, `),
        svg("tspan", { x: 14 + 8 * 9, dy: ROW_H }, parts.slice(half).join(", ")));
      g.append(line);
      gradLine = "";
    } else {
      gradLine = `local ∂: ${parts.join(", ")}`;
    }
  }
  if (gradLine) g.append(textLine(gradY, "tapeviz-node-grad", gradLine, rows));
  const tip = [`${n.title ? `${n.title} = ` : ""}${n.op}${n.name ? ` ${n.name}` : ""}`];
  if (n.scope) tip.push(`scope: ${n.scope}`);
  if (n.line) tip.push(`line ${n.line}: ${n.code || ""}`);
  g.append(svg("title", {}, tip.join("\n")));
  return g;
}

/** Counts of values in 8 bins (finite values only). */
function binned(vals, bins = 8) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vals) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const counts = new Array(bins).fill(0);
  if (!(hi >= lo)) return counts;
  for (const v of vals) if (Number.isFinite(v)) counts[Math.min(Math.floor(((v - lo) / (hi - lo || 1)) * bins), bins - 1)] += 1;
  return counts;
}

/** A small labelled histogram (bars between the min and max on the same line). */
export function drawHistogram(counts, x, y, w, h) {
  const g = svg("g", { class: "tapeviz-mini-hist", transform: `translate(${x},${y})` });
  const top = Math.max(...counts, 1);
  const bw = w / counts.length;
  counts.forEach((c, i) => {
    const bh = Math.max((c / top) * h, c ? 1 : 0);
    g.append(svg("rect", { x: i * bw, y: h - bh, width: Math.max(bw - 1, 1), height: bh }));
  });
  g.append(svg("title", {}, "histogram of the values, min to max"));
  return g;
}

export function drawGroup(group, r, legend) {
  const g = svg("g", {
    class: "tapeviz-node tapeviz-group", "data-node-id": group.id, "data-op": "Group",
    "data-group-kind": group.kind, transform: `translate(${r.x},${r.y})`, tabindex: -1,
  });
  const flags = group.flags || [];
  if (flags.includes("bad_value") || flags.includes("nan") || flags.includes("inf")) g.classList.add("tapeviz-bad");
  g.append(svg("rect", { width: r.w, height: r.h, rx: 10, class: "tapeviz-group-box" }));
  const colour = gradColour(group.gm, legend);
  if (colour) g.append(svg("rect", { width: 7, height: r.h, rx: 3, fill: colour, class: "tapeviz-grad-bar" }));
  g.append(svg("text", { x: 14, y: 20, class: "tapeviz-node-title" }, `▸ ${group.label}${group.count ? `  ×${group.count}` : ""}`));
  g.append(svg("text", { x: 14, y: 38, class: "tapeviz-node-shape" }, `${group.size} nodes · ${group.kind}`));
  const ops = (group.ops || []).slice(0, 3).map(([op, k]) => `${op} ${k}`).join(", ");
  g.append(svg("text", { x: 14, y: 55, class: "tapeviz-node-value" }, ops));
  const badges = flags.filter((f) => FLAG_TEXT[f] || f.startsWith("first_bad")).map((f) => FLAG_TEXT[f] || "⚠ first NaN/inf");
  if (badges.length) g.append(svg("text", { x: 14, y: 71, class: "tapeviz-flags" }, [...new Set(badges)].slice(0, 3).join(" · ")));
  if (group.repeat_norms && group.repeat_norms.length) g.append(drawNorms(group.repeat_norms, r.w - 74, 58, 66, 16));
  g.append(svg("title", {}, `${group.label}: ${group.size} nodes (click to open)`));
  return g;
}

/** Bars of |∇| per repeat on a log scale (a folded ×N block's decay or growth). */
export function drawNorms(norms, x, y, w, h) {
  const g = svg("g", { class: "tapeviz-repeat-norms", transform: `translate(${x},${y})` });
  const logs = norms.map((v) => (v > 0 ? Math.log10(v) : null));
  const fin = logs.filter((v) => v !== null);
  const lo = Math.min(...fin, 0) - 1;
  const hi = Math.max(...fin, lo + 1);
  const bw = w / norms.length;
  logs.forEach((v, i) => {
    const bh = v === null ? 0 : Math.max(((v - lo) / (hi - lo)) * h, 1);
    g.append(svg("rect", { x: i * bw, y: h - bh, width: Math.max(bw - 1, 1), height: bh }));
  });
  g.append(svg("title", {}, `|∇| per repeat: ${norms.map(fmt).join(", ")}`));
  return g;
}

/** The op with inline scalar inputs shown as call arguments: Mul(·, 2). */
export function nodeTitle(n) {
  const base = n.label || n.op;
  if (!n.inline || !n.inline.length) return base;
  const args = Array.from({ length: n.n_inputs || n.inline.length }, () => "·");
  for (const [port, text] of n.inline) args[port] = text;
  return `${base}(${args.join(", ")})`;
}

/** Arrow marker definitions, once per SVG. */
export function defs() {
  const d = svg("defs");
  const m = svg("marker", { id: "tapeviz-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9,
    markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
  m.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "tapeviz-arrow-head" }));
  d.append(m);
  return d;
}
