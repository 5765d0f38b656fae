/**
 * Pure drawing for the Variable inspector (no model): a row's small histogram, and a clicked
 * value as a heatmap (2-D and up), a line (1-D) or a number, with its full histogram.
 * Every user string goes in as text.
 */
import { fmt } from "../codec.js";
import { html, svg } from "../graph/dom.js";

/** A row's histogram as a tiny bar chart. */
export function sparkHistogram(counts, width = 96, height = 20) {
  const s = svg("svg", { width, height, class: "tapeviz-spark", "aria-hidden": "true" });
  const n = counts.length;
  if (!n) return s;
  let top = 0;
  for (const c of counts) top = Math.max(top, c);
  if (!(top > 0)) return s;
  const w = width / n;
  for (let i = 0; i < n; i++) {
    if (!counts[i]) continue;
    const h = Math.max(1, (counts[i] / top) * (height - 1));
    s.append(svg("rect", { x: (i * w).toFixed(2), y: (height - h).toFixed(2), width: Math.max(w - 0.6, 0.6).toFixed(2), height: h.toFixed(2) }));
  }
  return s;
}

/** The colour of v on a scale: diverging blue-white-red around 0 when lo < 0 < hi, else sequential. */
export function colourScale(lo, hi) {
  const diverging = lo < 0 && hi > 0;
  const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  return (v) => {
    if (!Number.isFinite(v)) return "#d62728";
    if (diverging) {
      const t = Math.max(-1, Math.min(1, v / m));
      const k = Math.round(255 - 200 * Math.abs(t));
      return t >= 0 ? `rgb(255,${k},${k})` : `rgb(${k},${k},255)`;
    }
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    const k = Math.round(240 - 190 * Math.max(0, Math.min(1, t)));
    return `rgb(${k},${Math.round(k * 0.95 + 10)},255)`;
  };
}

function finiteRange(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (lo === Infinity) return [0, 0];
  return [lo, hi];
}

/** A heatmap of rows x cols values (row-major), one SVG rect per cell, with its colour key. */
export function heatmap(values, rows, cols, maxWidth = 420) {
  const cell = Math.max(3, Math.min(24, Math.floor(maxWidth / Math.max(cols, 1))));
  const s = svg("svg", { width: cols * cell, height: rows * cell, class: "tapeviz-heatmap" });
  const [lo, hi] = finiteRange(values);
  const colour = colourScale(lo, hi);
  const n = Math.min(values.length, rows * cols);
  for (let i = 0; i < n; i++) {
    const r = svg("rect", { x: (i % cols) * cell, y: Math.floor(i / cols) * cell, width: cell, height: cell, fill: colour(values[i]) });
    r.append(svg("title", {}, `[${Math.floor(i / cols)}, ${i % cols}] ${fmt(values[i])}`));
    s.append(r);
  }
  s.dataset.cells = String(n);
  const box = html("div", "tapeviz-heatmap-box");
  box.append(s, colourLegend(lo, hi));
  return box;
}

/** The heatmap's colour key: the scale from its lowest to its highest value. */
export function colourLegend(lo, hi, width = 160) {
  const colour = colourScale(lo, hi);
  const box = html("div", "tapeviz-colour-legend");
  box.append(html("span", "tapeviz-muted", fmt(lo)));
  const bar = html("span", "tapeviz-legend-bar");
  const stops = [];
  for (let i = 0; i <= 8; i++) stops.push(colour(lo + ((hi - lo) * i) / 8));
  bar.style.background = `linear-gradient(to right,${stops.join(",")})`;
  bar.style.width = `${width}px`;
  box.append(bar, html("span", "tapeviz-muted", fmt(hi)));
  box.append(html("span", "tapeviz-muted", lo < 0 && hi > 0 ? "(white = 0)" : ""));
  return box;
}

/** A line through the values (1-D), with a zero line when the values cross it. */
export function linePlot(values, width = 420, height = 110) {
  const s = svg("svg", { width, height, class: "tapeviz-line" });
  const [lo0, hi0] = finiteRange(values);
  const lo = hi0 > lo0 ? lo0 : lo0 - 1;
  const hi = hi0 > lo0 ? hi0 : hi0 + 1;
  const pad = 4;
  const x = (i) => pad + (values.length > 1 ? (i / (values.length - 1)) * (width - 2 * pad) : (width - 2 * pad) / 2);
  const y = (v) => pad + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad);
  if (lo < 0 && hi > 0) s.append(svg("line", { x1: pad, x2: width - pad, y1: y(0), y2: y(0), class: "tapeviz-zero" }));
  let d = "";
  values.forEach((v, i) => {
    if (Number.isFinite(v)) d += `${d ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  s.append(svg("path", { d, class: "tapeviz-line-path" }));
  if (values.length <= 64) {
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const c = svg("circle", { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.2, class: "tapeviz-line-dot" });
      c.append(svg("title", {}, `[${i}] ${fmt(v)}`));
      s.append(c);
    });
  }
  return s;
}

/** A histogram from `bins` counts followed by `bins + 1` edges. */
export function histogramPlot(data, bins, width = 420, height = 70) {
  const counts = data.subarray(0, bins);
  const edges = data.subarray(bins, 2 * bins + 1);
  const s = svg("svg", { width, height: height + 14, class: "tapeviz-histogram" });
  let top = 1;
  for (const c of counts) top = Math.max(top, c);
  for (let i = 0; i < bins; i++) {
    const h = (counts[i] / top) * height;
    const r = svg("rect", { x: ((i * width) / bins).toFixed(2), y: (height - h).toFixed(2), width: Math.max(width / bins - 1, 0.5).toFixed(2), height: h.toFixed(2) });
    r.append(svg("title", {}, `${fmt(edges[i])} … ${fmt(edges[i + 1])}: ${counts[i]}`));
    s.append(r);
  }
  s.append(svg("text", { x: 0, y: height + 12, class: "tapeviz-axis" }, fmt(edges[0])));
  s.append(svg("text", { x: width, y: height + 12, "text-anchor": "end", class: "tapeviz-axis" }, fmt(edges[bins])));
  return s;
}

/** A small table of values (at most 64), rows x cols. */
export function valueTable(values, rows, cols) {
  const t = html("table", "tapeviz-value-table");
  for (let r = 0; r < rows; r++) {
    const tr = html("tr");
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      tr.append(html("td", Number.isFinite(v) ? null : "tapeviz-bad-cell", fmt(v)));
    }
    t.append(tr);
  }
  return t;
}

/**
 * The body of the value view for a reply's meta and buffers.
 * @param {object} meta  from tapeviz.viewmodel.variables.value_detail
 * @param {Float32Array} values  the (downsampled) values
 * @param {Float32Array} hist    histogram counts then edges
 */
export function valueBody(meta, values, hist) {
  const box = html("div", "tapeviz-value-body");
  if (meta.view === "text") {
    box.append(html("pre", "tapeviz-value-text", meta.text));
    return box;
  }
  if (meta.view === "scalar") {
    box.append(html("div", "tapeviz-value-scalar", fmt(meta.v)));
    return box;
  }
  if (meta.view === "empty") {
    box.append(html("div", "tapeviz-muted", "empty (no elements)"));
    return box;
  }
  if (meta.view === "heatmap") {
    box.append(heatmap(values, meta.rows, meta.cols));
    if (!meta.downsampled && meta.rows * meta.cols <= 64) box.append(valueTable(values, meta.rows, meta.cols));
  } else if (meta.view === "line") {
    box.append(linePlot(values));
    if (!meta.downsampled && values.length <= 64) box.append(valueTable(values, 1, values.length));
  }
  if (meta.downsampled) {
    const from = meta.view === "heatmap" ? `${meta.full_rows}×${meta.full_cols}` : `${meta.full_cols}`;
    const to = meta.view === "heatmap" ? `${meta.rows}×${meta.cols}` : `${meta.cols}`;
    box.append(html("div", "tapeviz-muted tapeviz-downsampled", `downsampled from ${from} to ${to} (block means)`));
  }
  if (meta.bins && hist.length >= 2 * meta.bins + 1) {
    box.append(html("div", "tapeviz-label", "histogram"));
    box.append(histogramPlot(hist, meta.bins));
  }
  return box;
}
