/**
 * The inspector panel of one node: op, attributes, file:line and its code, inputs and outputs,
 * and (once fetched from Python) the value and gradient: a table or heatmap in full for small
 * tensors, a histogram for large ones.
 */
import { fmt } from "../codec.js";
import { html, shapeText, svg } from "./dom.js";
import { summaryText } from "./draw.js";

/**
 * @param {HTMLElement} panel the .tapeviz-inspector element
 * @param {object} graph the graph model
 * @param {object} node the node dict
 * @param {object|null} detail {value, grad, valueFloats, gradFloats} or null while loading
 * @param {(id: string) => void} onSelect
 */
export function renderInspector(panel, graph, node, detail, onSelect) {
  panel.replaceChildren();
  panel.hidden = false;
  panel.dataset.nodeId = node.id;
  const head = html("div", "tapeviz-inspector-head");
  head.append(html("span", "tapeviz-inspector-op", node.title || node.op));
  const sub = [node.title ? node.op : null, node.name || (node.label && node.label !== node.op ? node.label : null)].filter(Boolean);
  if (sub.length) head.append(html("span", "tapeviz-inspector-name", sub.join(" · ")));
  const close = html("button", "tapeviz-close", "×", { title: "close", type: "button" });
  close.addEventListener("click", () => onSelect(""));
  head.append(close);
  panel.append(head);
  const facts = html("table", "tapeviz-facts");
  const fact = (k, v) => {
    const tr = html("tr");
    tr.append(html("th", null, k), html("td", null, v));
    facts.append(tr);
  };
  const scope = node.scope || (detail && detail.scope);
  if (scope) fact("scope", scope);
  if (node.value) fact("output", shapeText(node.value.shape, node.value.dtype));
  if (node.line) fact("source", `${shortFile(node.file || (detail && detail.file))}:${node.line}`);
  for (const [k, v] of Object.entries(node.attrs || (detail && detail.attrs) || {})) fact(k, v);
  for (const [port, text] of node.inline || []) fact(`input ${port}`, `${text} (constant)`);
  panel.append(facts);
  const code = node.code || (detail && detail.code);
  if (code) panel.append(html("pre", "tapeviz-code", code));
  const links = (title, list) => {
    if (!list.length) return;
    const box = html("div", "tapeviz-links");
    box.append(html("span", "tapeviz-label", title));
    for (const [id, text] of list) {
      const a = html("button", "tapeviz-link", text, { type: "button", "data-node-id": id });
      a.addEventListener("click", () => onSelect(id));
      box.append(a);
    }
    panel.append(box);
  };
  const byId = new Map((graph.nodes || []).map((n) => [n.id, n]));
  const label = (id) => { const n = byId.get(id); return n ? n.title || n.label || n.op : id; };
  links("inputs", (graph.edges || []).filter((e) => e.target === node.id)
    .map((e) => [e.source, `${label(e.source)} · ${shapeText(e.shape, e.dtype)}`]));
  links("used by", usedBy(graph, node, byId));
  for (const why of (graph.explanations || []).filter((x) => x.node === node.id)) {
    panel.append(html("div", "tapeviz-why", `Why is the gradient of ${why.name} None? ${why.text}`));
  }
  panel.append(section("value", node.value, detail && detail.value, detail && detail.valueFloats, !detail));
  if (node.grad || (detail && detail.grad)) {
    panel.append(section("gradient", node.grad, detail && detail.grad, detail && detail.gradFloats, !detail));
  } else if (graph.has_gradients) {
    panel.append(html("div", "tapeviz-muted", "gradient: None (no path to the target)"));
  }
}

/**
 * "used by" buttons that say which use: the consumer's name from the code, else its op and the
 * input it takes this value as ("Mul input 1", line N when two uses look alike).
 */
export function usedBy(graph, node, byId) {
  const uses = (graph.edges || []).filter((e) => e.source === node.id).map((e) => {
    const n = byId.get(e.target);
    const port = e.port ?? 0;
    const base = n ? (n.title && n.title !== n.op ? `${n.title} = ${n.op}` : n.op) : e.target;
    return { id: e.target, text: `${base} · input ${port}`, line: n && n.line };
  });
  const seen = new Map();
  for (const u of uses) seen.set(u.text, (seen.get(u.text) || 0) + 1);
  return uses.map((u) => [u.id, seen.get(u.text) > 1 && u.line ? `${u.text} · line ${u.line}` : u.text]);
}

function shortFile(path) {
  if (!path) return "";
  return path.includes("ipykernel_") ? "cell" : path.split("/").pop();
}

function section(title, summary, meta, values, loading) {
  const box = html("div", `tapeviz-section tapeviz-section-${title}`);
  box.append(html("div", "tapeviz-label", `${title}: ${summaryText(summary, values && values.length === (summary && summary.size) ? values : null)}`));
  if (loading) {
    box.append(html("div", "tapeviz-muted", "loading…"));
    return box;
  }
  if (!meta) return box;
  if (meta.view === "full") box.append(meta.cols > 1 && meta.rows > 1 ? heatmapTable(values, meta) : table(values, meta));
  else if (meta.view === "histogram") box.append(histogram(values, meta));
  const stats = ["min", "mean", "max", "std"].filter((k) => meta[k] !== undefined).map((k) => `${k} ${fmt(meta[k])}`);
  if (meta.nan || meta.inf) stats.push(`NaN ×${meta.nan || 0}, ±inf ×${meta.inf || 0}`);
  box.append(html("div", "tapeviz-muted", stats.join(" · ")));
  return box;
}

function table(values, meta) {
  const t = html("table", "tapeviz-table");
  const cols = Math.max(meta.cols, 1);
  const shown = Math.min(values.length, 256);
  let tr = null;
  for (let i = 0; i < shown; i++) {
    if (i % Math.min(cols, 8) === 0) { tr = html("tr"); t.append(tr); }
    const td = html("td", Number.isFinite(values[i]) ? null : "tapeviz-bad-cell", fmt(values[i]));
    tr.append(td);
  }
  if (values.length > shown) t.append(html("caption", null, `first ${shown} of ${values.length}`));
  return t;
}

function heatmapTable(values, meta) {
  const box = html("div", "tapeviz-heatmap-box");
  const { rows, cols } = meta;
  const cell = Math.max(4, Math.min(22, Math.floor(280 / cols)));
  const s = svg("svg", { width: cols * cell, height: rows * cell, class: "tapeviz-heatmap" });
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  for (let i = 0; i < rows * cols && i < values.length; i++) {
    const v = values[i];
    const k = Number.isFinite(v) ? Math.round(235 - 200 * ((v - lo) / (hi - lo))) : null;
    const r = svg("rect", { x: (i % cols) * cell, y: Math.floor(i / cols) * cell, width: cell, height: cell,
      fill: k === null ? "#d62728" : `rgb(${k},${k},255)` });
    r.append(svg("title", {}, `[${Math.floor(i / cols)}, ${i % cols}] = ${fmt(v)}`));
    s.append(r);
  }
  box.append(s);
  if (rows * cols <= 64) box.append(table(values, meta));
  return box;
}

function histogram(values, meta) {
  const bins = meta.bins;
  const counts = values.subarray(0, bins);
  const edges = values.subarray(bins, 2 * bins + 1);
  const w = 280;
  const h = 80;
  const s = svg("svg", { width: w, height: h + 14, class: "tapeviz-histogram" });
  const top = Math.max(...counts, 1);
  for (let i = 0; i < bins; i++) {
    const bh = (counts[i] / top) * h;
    const r = svg("rect", { x: (i * w) / bins, y: h - bh, width: w / bins - 1, height: bh, fill: "#3b528b" });
    r.append(svg("title", {}, `${fmt(edges[i])} … ${fmt(edges[i + 1])}: ${counts[i]}`));
    s.append(r);
  }
  s.append(svg("text", { x: 0, y: h + 12, class: "tapeviz-axis" }, fmt(edges[0])));
  s.append(svg("text", { x: w, y: h + 12, "text-anchor": "end", class: "tapeviz-axis" }, fmt(edges[bins])));
  return s;
}
