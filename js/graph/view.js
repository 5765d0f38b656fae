/**
 * The tape view, independent of Jupyter: toolbar (fit, search, expand/collapse, step-through,
 * SVG download), the drawing, the inspector, the legend and the None explanations. The widget
 * glue (widget.js) feeds it state and passes its callbacks on to the model.
 *
 * `createView` wires named steps together: `buildDom` makes the elements, `drawView` redraws
 * from the state, and the small pure functions below draw the legend, the explanations and the
 * live bar, compute overrides, and export the SVG.
 */
import { fmt } from "../codec.js";
import { ramp } from "./colour.js";
import { defs, drawScene } from "./draw.js";
import { html, svg } from "./dom.js";
import { renderInspector } from "./inspector.js";
import { layoutCache } from "./layout.js";
import { attachPanZoom } from "./panzoom.js";
import { stepFrames } from "./stepper.js";
import { CSS } from "./style.js";
import { searchGraph, visibleGraph } from "./visible.js";

const MIN_START_ZOOM = 0.7;
const MAX_OPEN = 1000;   // Expand stops before the open view passes this many items

/**
 * @param {HTMLElement} el
 * @param {{onSelect: (id: string) => void, onToggle: (groupId: string, collapsed: boolean) => void,
 *   onOverrides?: (o: Record<string, boolean>) => void}} callbacks
 */
export function createView(el, callbacks) {
  const v = { state: null, scene: null, vis: null, lay: null, frames: [], frameIndex: -1, lastKey: null, detail: null };
  const dom = buildDom({
    fit: () => fit(),
    expand: () => v.state && v.vis && setOverrides(callbacks, expandedOverrides(v.vis, v.state.overrides)),
    collapse: () => v.state && setOverrides(callbacks, allOverrides(v.state.graph, true)),
    step: (d) => stepBy(d),
    stopStepping: () => { v.frameIndex = -1; redraw(); },
    download: () => downloadSvg(exportSvg()),
  });
  el.append(dom.root);
  v.pz = attachPanZoom(dom.svgEl, () => v.scene);
  const onClick = (ev) => routeClick(ev, callbacks);
  const onSearch = () => redraw();
  const onSearchKey = (ev) => {
    if (ev.key !== "Enter" || !v.vis) return;
    const first = [...searchGraph(v.state.graph, v.vis, dom.search.value)][0];
    centreOn(v, first);
  };
  dom.svgEl.addEventListener("click", onClick);
  dom.search.addEventListener("input", onSearch);
  dom.search.addEventListener("keydown", onSearchKey);

  const redraw = () => drawView(v, dom, callbacks);
  const fit = () => { if (v.lay) v.pz.fit(v.lay.width, v.lay.height); };
  const exportSvg = () => svgText(dom.svgEl, v.lay);
  function stepBy(d) {
    if (!v.state) return;
    if (v.frameIndex < 0) v.frames = stepFrames(v.state.graph);
    v.frameIndex = Math.min(Math.max(v.frameIndex + d, 0), v.frames.length - 1);
    redraw();
    const frame = v.lay && v.frames[v.frameIndex];
    if (frame) centreOn(v, v.vis.where.get(frame.active));
  }

  return {
    root: dom.root,
    /** Redraws from a new state ({graph, previews, overrides, selected, live, step, history, height}). */
    update(next) {
      if (v.state && next.graph !== v.state.graph) v.frameIndex = -1;
      if (!next.selected || (v.detail && v.detail.node !== next.selected)) v.detail = null;
      v.state = next;
      redraw();
    },
    /** Fills the inspector with a detail reply from Python. */
    showDetail(nodeId, d) {
      v.detail = { node: nodeId, ...d };
      if (v.state && v.state.selected === nodeId) showInspector(v, dom, callbacks);
    },
    fit,
    exportSvg,
    stepBy,
    get frameCount() { return v.frames.length; },
    destroy() {
      dom.svgEl.removeEventListener("click", onClick);
      dom.search.removeEventListener("input", onSearch);
      dom.search.removeEventListener("keydown", onSearchKey);
      v.pz.detach();
      dom.root.remove();
    },
  };
}

/** The view's elements: toolbar (buttons call `actions`), drawing, inspector, legend, explanations. */
function buildDom(actions) {
  const root = html("div", "tapeviz-root tapeviz-graph");
  root.append(html("style", null, CSS));
  const bar = html("div", "tapeviz-toolbar");
  const button = (text, title, onClick) => {
    const b = html("button", "tapeviz-button", text, { type: "button", title });
    b.addEventListener("click", onClick);
    bar.append(b);
    return b;
  };
  const liveBox = html("span", "tapeviz-live");
  liveBox.hidden = true;
  bar.append(liveBox);
  button("Fit", "fit the graph into view", actions.fit);
  const search = html("input", "tapeviz-search", undefined, { type: "search", placeholder: "search ops, names", "aria-label": "search" });
  bar.append(search);
  button("Expand", "open the folded blocks one level (up to a size the browser lays out quickly)", actions.expand);
  button("Collapse", "fold every group", actions.collapse);
  const stepStart = button("Step ▶", "replay the forward pass, then the backward pass, op by op", () => actions.step(1));
  const stepBack = button("◀", "previous step", () => actions.step(-1));
  const stepEnd = button("■", "leave step-through", actions.stopStepping);
  const stepLabel = html("span", "tapeviz-step-label");
  bar.append(stepLabel);
  button("SVG", "download the drawing as SVG", actions.download);
  const stats = html("span", "tapeviz-stats");
  bar.append(stats);
  const main = html("div", "tapeviz-main");
  const canvas = html("div", "tapeviz-canvas");
  const svgEl = svg("svg", { class: "tapeviz-svg", height: 520 });
  svgEl.append(defs());
  canvas.append(svgEl);
  const inspector = html("div", "tapeviz-inspector");
  inspector.hidden = true;
  main.append(canvas, inspector);
  const legendEl = html("div", "tapeviz-legend");
  const whyEl = html("div", "tapeviz-explanations");
  root.append(bar, main, legendEl, whyEl);
  return { root, liveBox, search, stepStart, stepBack, stepEnd, stepLabel, stats, svgEl, inspector, legendEl, whyEl };
}

/** A click on a group's title folds it, on a folded group opens it, on a node selects it. */
function routeClick(ev, callbacks) {
  const title = ev.target.closest && ev.target.closest(".tapeviz-box");
  if (title) {
    callbacks.onToggle(title.dataset.groupId, true);
    return;
  }
  const hit = ev.target.closest && ev.target.closest(".tapeviz-node");
  if (!hit) return;
  const id = hit.dataset.nodeId;
  if (hit.dataset.op === "Group") callbacks.onToggle(id, false);
  else callbacks.onSelect(id);
}

/** Redraws the scene and everything around it from `v.state`. */
function drawView(v, dom, callbacks) {
  const { state } = v;
  if (!state || !state.graph || !state.graph.nodes) return;
  const t0 = performance.now();
  const graph = state.graph;
  v.vis = visibleGraph(graph, state.overrides || {});
  v.lay = layoutCache.get(v.vis);
  const matches = searchGraph(graph, v.vis, dom.search.value);
  const frame = v.frameIndex >= 0 ? v.frames[v.frameIndex] : null;
  const next = drawScene({ graph, vis: v.vis, layout: v.lay, floats: state.previews, selected: state.selected, matches, frame });
  if (v.scene) v.scene.replaceWith(next); else dom.svgEl.append(next);
  v.scene = next;
  placeView(v, dom.svgEl);
  const s = graph.stats || {};
  dom.stats.textContent = `${s.ops ?? 0} ops · ${v.vis.items.length} shown`;
  dom.stepLabel.textContent = frame ? `${frame.phase} ${v.frameIndex + 1}/${v.frames.length}: ${labelOf(graph, frame.active)}` : "";
  dom.stepStart.textContent = frame ? "▶" : "Step ▶";
  dom.stepBack.disabled = !frame;
  dom.stepEnd.disabled = !frame;
  drawLegend(dom.legendEl, graph.legend);
  drawWhy(dom.whyEl, graph);
  drawLive(dom.liveBox, state);
  if (state.selected && (graph.nodes || []).some((n) => n.id === state.selected)) showInspector(v, dom, callbacks);
  else dom.inspector.hidden = true;
  dom.root.dataset.status = "drawn";
  dom.root.dataset.nodes = String(v.vis.items.length);
  dom.root.dataset.drawMs = String(Math.round(performance.now() - t0));
}

/** A new structure gets a readable initial view; a live view with the same structure keeps the
 *  user's pan/zoom. */
function placeView(v, svgEl) {
  if (v.vis.key === v.lastKey) {
    v.pz.apply();
    return;
  }
  if (v.lastKey === null || v.lastKey.split("|")[0] !== v.vis.key.split("|")[0]) initialView(v, svgEl);
  else v.pz.apply();
  v.lastKey = v.vis.key;
}

/** Fits the drawing, but never below a readable zoom (then it starts at the left); the drawing
 *  area shrinks to the graph's height so a small tape needs no scrolling. */
function initialView({ lay, pz, state }, svgEl) {
  const vw = svgEl.clientWidth || 900;
  const k = Math.max(Math.min(vw / lay.width, 1), MIN_START_ZOOM);
  const max = state.height || 520;
  const h = Math.min(Math.max(lay.height * k + 16, 180), max);
  svgEl.setAttribute("height", String(h));
  if (k * lay.width <= vw && k * lay.height <= h) pz.fit(lay.width, lay.height);
  else pz.set({ k, x: 8, y: Math.max((h - lay.height * k) / 2, 0) });
}

function centreOn({ lay, pz }, itemId) {
  const r = itemId && lay && lay.nodes.get(itemId);
  if (r) pz.centre(r.x + r.w / 2, r.y + r.h / 2);
}

function showInspector({ state, detail }, dom, callbacks) {
  const node = (state.graph.nodes || []).find((n) => n.id === state.selected);
  if (!node) return;
  renderInspector(dom.inspector, state.graph, node, detail && detail.node === node.id ? detail : null, callbacks.onSelect);
}

// ---- overrides (group id -> collapsed) ------------------------------------------------------------

function setOverrides(callbacks, o) {
  if (callbacks.onOverrides) callbacks.onOverrides(o);
  else for (const [id, collapsed] of Object.entries(o)) callbacks.onToggle(id, collapsed);
}

function allOverrides(graph, collapsed) {
  return Object.fromEntries((graph.groups || []).map((g) => [g.id, collapsed]));
}

/** Opens the visible folded blocks, in order, while the view stays under MAX_OPEN items. */
function expandedOverrides(vis, overrides) {
  const o = { ...(overrides || {}) };
  let count = vis.items.length;
  for (const it of vis.items) {
    if (!it.group) continue;
    const more = (it.group.items || 1) - 1;
    if (count + more > MAX_OPEN) break;
    o[it.id] = false;
    count += more;
  }
  return o;
}

// ---- the parts around the drawing -----------------------------------------------------------------

function labelOf(graph, id) {
  const n = (graph.nodes || []).find((x) => x.id === id);
  return n ? n.label || n.op : id;
}

function drawLegend(legendEl, legend) {
  legendEl.replaceChildren();
  if (!legend) { legendEl.hidden = true; return; }
  legendEl.hidden = false;
  const bar = html("span", "tapeviz-legend-bar");
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => ramp(t)).join(",");
  bar.style.background = `linear-gradient(to right,${stops})`;
  legendEl.append(html("span", null, "|gradient| (RMS, log scale)"),
    html("span", null, fmt(10 ** legend.log_min)), bar, html("span", null, fmt(10 ** legend.log_max)),
    html("span", "tapeviz-muted", `vanishing < ${fmt(legend.vanishing)} · exploding > ${fmt(legend.exploding)} · red: NaN/Inf`));
}

function drawWhy(whyEl, graph) {
  whyEl.replaceChildren();
  for (const why of graph.explanations || []) {
    const box = html("div", "tapeviz-why", undefined, { "data-cause": why.cause });
    box.append(html("strong", null, `Why is the gradient of ${why.name} None? `), html("span", null, why.text));
    whyEl.append(box);
  }
}

/** The live bar: the step count, and a sparkline of the target's value per step. */
function drawLive(liveBox, state) {
  liveBox.hidden = !state.live;
  if (!state.live) return;
  liveBox.replaceChildren();
  liveBox.append(html("span", "tapeviz-live-step", `● live · step ${state.step || 0}`));
  const h = state.history || new Float32Array(0);
  if (h.length) liveBox.append(sparkline(h), html("span", "tapeviz-live-value", `target ${fmt(h[h.length - 1])}`));
}

function sparkline(h, w = 90, ht = 18) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of h) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const pts = Array.from(h, (v, i) => `${(i / Math.max(h.length - 1, 1)) * w},${ht - ((Number.isFinite(v) ? v : lo) - lo) / (hi - lo) * ht}`);
  const spark = svg("svg", { width: w, height: ht, class: "tapeviz-history" });
  spark.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: "#1b6e3a", "stroke-width": 1.3 }));
  return spark;
}

// ---- export -----------------------------------------------------------------------------------

/** The drawing as standalone SVG text (styles inlined). */
function svgText(svgEl, lay) {
  const copy = svgEl.cloneNode(true);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  if (lay) copy.setAttribute("viewBox", `0 0 ${lay.width} ${lay.height}`);
  const sceneCopy = copy.querySelector(".tapeviz-scene");
  if (sceneCopy) sceneCopy.removeAttribute("transform");
  const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
  style.textContent = CSS;
  copy.prepend(style);
  return new XMLSerializer().serializeToString(copy);
}

function downloadSvg(text) {
  const a = html("a", null, undefined, { download: "tape.svg", href: URL.createObjectURL(new Blob([text], { type: "image/svg+xml" })) });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
