/**
 * The tape view, independent of Jupyter: toolbar (fit, search, expand/collapse, step-through,
 * SVG download), the drawing, the inspector, the legend and the None explanations. The widget
 * glue (widget.js) feeds it state and passes its callbacks on to the model.
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

/**
 * @param {HTMLElement} el
 * @param {{onSelect: (id: string) => void, onToggle: (groupId: string, collapsed: boolean) => void,
 *   onOverrides?: (o: Record<string, boolean>) => void}} callbacks
 */
const MIN_START_ZOOM = 0.7;
const MAX_OPEN = 1000;   // Expand stops before the open view passes this many items

export function createView(el, callbacks) {
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
  button("Fit", "fit the graph into view", () => fit());
  const search = html("input", "tapeviz-search", undefined, { type: "search", placeholder: "search ops, names", "aria-label": "search" });
  bar.append(search);
  button("Expand", "open the folded blocks one level (up to a size the browser lays out quickly)", () => expandLevel());
  button("Collapse", "fold every group", () => setAll(true));
  const stepStart = button("Step ▶", "replay the forward pass, then the backward pass, op by op", () => stepBy(1));
  const stepBack = button("◀", "previous step", () => stepBy(-1));
  const stepEnd = button("■", "leave step-through", () => { frameIndex = -1; draw(); });
  const stepLabel = html("span", "tapeviz-step-label");
  bar.append(stepLabel);
  button("SVG", "download the drawing as SVG", () => download());
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
  el.append(root);

  let state = null;
  let scene = null;
  let vis = null;
  let lay = null;
  let frames = [];
  let frameIndex = -1;
  let lastKey = null;
  let detail = null;
  const pz = attachPanZoom(svgEl, () => scene);

  svgEl.addEventListener("click", onClick);
  search.addEventListener("input", onSearch);
  search.addEventListener("keydown", onSearchKey);

  function onClick(ev) {
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

  function onSearch() { draw(); }

  function onSearchKey(ev) {
    if (ev.key !== "Enter" || !vis) return;
    const hits = searchGraph(state.graph, vis, search.value);
    const first = [...hits][0];
    const r = first && lay.nodes.get(first);
    if (r) pz.centre(r.x + r.w / 2, r.y + r.h / 2);
  }

  function setAll(collapsed) {
    const o = {};
    for (const g of state.graph.groups || []) o[g.id] = collapsed;
    if (callbacks.onOverrides) callbacks.onOverrides(o);
    else for (const g of state.graph.groups || []) callbacks.onToggle(g.id, collapsed);
  }

  /** Opens the visible folded blocks, in order, while the view stays under MAX_OPEN items. */
  function expandLevel() {
    if (!state || !vis) return;
    const o = { ...(state.overrides || {}) };
    let count = vis.items.length;
    for (const it of vis.items) {
      if (!it.group) continue;
      const more = (it.group.items || 1) - 1;
      if (count + more > MAX_OPEN) break;
      o[it.id] = false;
      count += more;
    }
    if (callbacks.onOverrides) callbacks.onOverrides(o);
    else for (const [id, c] of Object.entries(o)) callbacks.onToggle(id, c);
  }

  function stepBy(d) {
    if (!state) return;
    if (frameIndex < 0) frames = stepFrames(state.graph);
    frameIndex = Math.min(Math.max(frameIndex + d, 0), frames.length - 1);
    draw();
    const r = lay && frames[frameIndex] && lay.nodes.get(vis.where.get(frames[frameIndex].active));
    if (r) pz.centre(r.x + r.w / 2, r.y + r.h / 2);
  }

  function fit() { if (lay) pz.fit(lay.width, lay.height); }

  /** Fits the drawing, but never below a readable zoom (then it starts at the left); the
   *  drawing area shrinks to the graph's height so a small tape needs no scrolling. */
  function initialView() {
    const vw = svgEl.clientWidth || 900;
    const k = Math.max(Math.min(vw / lay.width, 1), MIN_START_ZOOM);
    const max = state.height || 520;
    const h = Math.min(Math.max(lay.height * k + 16, 180), max);
    svgEl.setAttribute("height", String(h));
    if (k * lay.width <= vw && k * lay.height <= h) pz.fit(lay.width, lay.height);
    else pz.set({ k, x: 8, y: Math.max((h - lay.height * k) / 2, 0) });
  }

  function download() {
    const text = exportSvg();
    const a = html("a", null, undefined, { download: "tape.svg", href: URL.createObjectURL(new Blob([text], { type: "image/svg+xml" })) });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  /** The drawing as standalone SVG text (styles inlined). */
  function exportSvg() {
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

  function draw() {
    if (!state || !state.graph || !state.graph.nodes) return;
    const t0 = performance.now();
    const graph = state.graph;
    vis = visibleGraph(graph, state.overrides || {});
    lay = layoutCache.get(vis);
    const matches = searchGraph(graph, vis, search.value);
    const frame = frameIndex >= 0 ? frames[frameIndex] : null;
    const next = drawScene({ graph, vis, layout: lay, floats: state.previews, selected: state.selected, matches, frame });
    if (scene) scene.replaceWith(next); else svgEl.append(next);
    scene = next;
    if (vis.key !== lastKey) {
      // a new structure gets a readable initial view; a live view with the same structure keeps
      // the user's pan/zoom
      if (lastKey === null || lastKey.split("|")[0] !== vis.key.split("|")[0]) initialView(); else pz.apply();
      lastKey = vis.key;
    } else pz.apply();
    const s = graph.stats || {};
    stats.textContent = `${s.ops ?? 0} ops · ${vis.items.length} shown`;
    stepLabel.textContent = frame ? `${frame.phase} ${frameIndex + 1}/${frames.length}: ${labelOf(graph, frame.active)}` : "";
    stepStart.textContent = frame ? "▶" : "Step ▶";
    stepBack.disabled = !frame;
    stepEnd.disabled = !frame;
    drawLegend(graph.legend);
    drawWhy(graph);
    drawLive();
    if (state.selected && !(graph.nodes || []).some((n) => n.id === state.selected)) inspector.hidden = true;
    else if (state.selected) showInspector();
    else inspector.hidden = true;
    root.dataset.status = "drawn";
    root.dataset.nodes = String(vis.items.length);
    root.dataset.drawMs = String(Math.round(performance.now() - t0));
  }

  function labelOf(graph, id) {
    const n = (graph.nodes || []).find((x) => x.id === id);
    return n ? n.label || n.op : id;
  }

  function drawLegend(legend) {
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

  function drawWhy(graph) {
    whyEl.replaceChildren();
    for (const why of graph.explanations || []) {
      const box = html("div", "tapeviz-why", undefined, { "data-cause": why.cause });
      box.append(html("strong", null, `Why is the gradient of ${why.name} None? `), html("span", null, why.text));
      whyEl.append(box);
    }
  }

  function drawLive() {
    liveBox.hidden = !state.live;
    if (!state.live) return;
    liveBox.replaceChildren();
    liveBox.append(html("span", "tapeviz-live-step", `● live · step ${state.step || 0}`));
    const h = state.history || new Float32Array(0);
    if (h.length) {
      const w = 90;
      const ht = 18;
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of h) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      if (!(hi > lo)) { lo -= 1; hi += 1; }
      const pts = Array.from(h, (v, i) => `${(i / Math.max(h.length - 1, 1)) * w},${ht - ((Number.isFinite(v) ? v : lo) - lo) / (hi - lo) * ht}`);
      const spark = svg("svg", { width: w, height: ht, class: "tapeviz-history" });
      spark.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: "#1b6e3a", "stroke-width": 1.3 }));
      liveBox.append(spark, html("span", "tapeviz-live-value", `target ${fmt(h[h.length - 1])}`));
    }
  }

  function showInspector() {
    const node = (state.graph.nodes || []).find((n) => n.id === state.selected);
    if (!node) return;
    renderInspector(inspector, state.graph, node, detail && detail.node === node.id ? detail : null, callbacks.onSelect);
  }

  return {
    root,
    /** Redraws from a new state ({graph, previews, overrides, selected, live, step, history, height}). */
    update(next) {
      if (state && next.graph !== state.graph) frameIndex = -1;
      if (!next.selected || (detail && detail.node !== next.selected)) detail = null;
      state = next;
      draw();
    },
    /** Fills the inspector with a detail reply from Python. */
    showDetail(nodeId, d) {
      detail = { node: nodeId, ...d };
      if (state && state.selected === nodeId) showInspector();
    },
    fit,
    exportSvg,
    stepBy,
    get frameCount() { return frames.length; },
    destroy() {
      svgEl.removeEventListener("click", onClick);
      search.removeEventListener("input", onSearch);
      search.removeEventListener("keydown", onSearchKey);
      pz.detach();
      root.remove();
    },
  };
}

