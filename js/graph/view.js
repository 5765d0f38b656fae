/**
 * The tape view, independent of Jupyter: toolbar (fit, direction, search with a match count,
 * expand/collapse, step-through, classroom mode, SVG download), a narrated caption, the drawing,
 * the inspector, the legend, and the explanations (None gradients, the first NaN/infinity, the
 * gradient flow per layer). The widget glue (widget.js) feeds it state and passes its callbacks
 * on to the model.
 *
 * Layout is asynchronous (ELK in a web worker, layout.js): `drawView` draws at once from a cached
 * layout, else asks for one and draws when it arrives (the root says data-status="layout" then).
 * Readable by default: the initial view is never below zoom 1 (text ≥ 12 px); the drawing grows
 * in height with the graph up to a cap, then pans. The wheel scrolls the notebook; Ctrl/⌘+wheel
 * or a pinch zooms. Keys (when the drawing has focus): ←/→, Space, PageUp/PageDown step, Esc
 * leaves the step-through, Tab moves between nodes, Enter opens the inspector.
 */
import { fmt, preview } from "../codec.js";
import { ramp } from "./colour.js";
import { defs, drawScene, summaryText, titleOf } from "./draw.js";
import { html, shapeText, svg } from "./dom.js";
import { renderInspector } from "./inspector.js";
import { getElk } from "./elk.js";
import { fitWidth, layoutCache } from "./layout.js";
import { attachPanZoom } from "./panzoom.js";
import { stepFrames } from "./stepper.js";
import { CSS } from "./style.js";
import { searchGraph, visibleGraph } from "./visible.js";

const MAX_OPEN = 1000;   // Expand stops before the open view passes this many items
export const READABLE = 1;            // zoom at which the smallest text is 12 px
const PRESENTATION_ZOOM = 1.3;
const MIN_HEIGHT = 160;

/**
 * @param {HTMLElement} el
 * @param {{onSelect: (id: string) => void, onToggle: (groupId: string, collapsed: boolean) => void,
 *   onOverrides?: (o: Record<string, boolean>) => void, onDrawn?: (view: object) => void,
 *   onLayoutFailed?: (err: Error) => void,
 *   onNeedNodes?: (nodes: string[], edges: object[], o?: {ahead?: boolean}) => boolean}} callbacks
 *   `onNeedNodes`: light index entries (`lazy`) are about to be drawn; true when they are being
 *   fetched (the view redraws once they are filled in), false to draw them as they are. With
 *   `ahead`, nothing waits for them (asked ahead of an Expand): no redraw when they arrive.
 */
export function createView(el, callbacks) {
  const v = {
    state: null, scene: null, vis: null, lay: null, frames: [], frameIndex: -1, lastKey: null, detail: null,
    direction: "DOWN", presentation: null, matchIndex: -1, current: null, wanted: null,
  };
  const dom = buildDom({
    fit: () => fit(),
    direction: () => { v.direction = v.direction === "DOWN" ? "RIGHT" : "DOWN"; v.lastKey = null; redraw(); },
    expand: () => v.state && v.vis && setOverrides(callbacks, expandedOverrides(v.vis, v.state.overrides)),
    collapse: () => v.state && setOverrides(callbacks, allOverrides(v.state.graph, true)),
    step: (d) => stepBy(d),
    stopStepping: () => stopStepping(),
    presentation: () => { v.presentation = !isPresenting(v); v.lastKey = null; redraw(); },
    download: () => downloadSvg(exportSvg()),
  });
  el.append(dom.root);
  getElk().catch(() => {});   // start the worker now (a failure shows on the first layout)
  v.pz = attachPanZoom(dom.svgEl, () => v.scene);
  const onClick = (ev) => routeClick(ev, callbacks);
  const onSearch = () => { v.matchIndex = -1; v.current = null; redraw(); };
  const onSearchKey = (ev) => {
    if (ev.key !== "Enter" || !v.vis) return;
    ev.preventDefault();
    ev.stopPropagation();
    const hits = [...searchGraph(v.state.graph, v.vis, dom.search.value)];
    if (!hits.length) return;
    v.matchIndex = (v.matchIndex + (ev.shiftKey ? -1 : 1) + hits.length) % hits.length;
    v.current = hits[v.matchIndex];
    redraw();
    ensureVisible(v, v.current, true);
  };
  const onKey = (ev) => { if (handleKey(ev)) { ev.preventDefault(); ev.stopPropagation(); } };
  dom.svgEl.addEventListener("click", onClick);
  dom.search.addEventListener("input", onSearch);
  dom.search.addEventListener("keydown", onSearchKey);
  dom.canvas.addEventListener("keydown", onKey);

  const redraw = () => drawView(v, dom, callbacks);
  const fit = () => { if (v.lay) fitReadable(v, dom.svgEl); };
  const exportSvg = () => svgText(dom.svgEl, v.lay);
  function stepBy(d) {
    if (!v.state || !v.state.graph || !v.state.graph.nodes) return;
    if (v.frameIndex < 0) v.frames = stepFrames(v.state.graph);
    if (!v.frames.length) return;
    v.frameIndex = Math.min(Math.max(v.frameIndex + d, 0), v.frames.length - 1);
    redraw();
    const frame = v.frames[v.frameIndex];
    const active = frame && v.state.graph.nodes.find((n) => n.id === frame.active);
    if (active && active.lazy && callbacks.onNeedNodes) callbacks.onNeedNodes([active.id], []);   // for the caption
    if (frame && v.vis) ensureVisible(v, v.vis.where.get(frame.active), false);
    if (frame && v.vis) placeCaption(v, dom, v.vis.where.get(frame.active));
  }
  function stopStepping() {
    if (v.frameIndex < 0) return false;
    v.frameIndex = -1;
    redraw();
    return true;
  }
  /** Keys on the focused drawing; true when handled (then they do not reach JupyterLab). */
  function handleKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return false;
    switch (ev.key) {
      case "ArrowRight": case "PageDown": case " ": stepBy(1); return true;
      case "ArrowLeft": case "PageUp": stepBy(-1); return true;
      case "Escape": return stopStepping();
      case "Tab": return moveCurrent(ev.shiftKey ? -1 : 1);
      case "Enter":
        if (!v.current) return false;
        if (v.current.startsWith && v.vis.items.some((it) => it.id === v.current && it.group)) callbacks.onToggle(v.current, false);
        else callbacks.onSelect(v.current);
        return true;
      default: return false;
    }
  }
  function moveCurrent(d) {
    if (!v.vis || !v.lay) return false;
    const order = [...v.vis.items].filter((it) => v.lay.nodes.has(it.id))
      .sort((a, b) => { const p = v.lay.nodes.get(a.id); const q = v.lay.nodes.get(b.id); return p.y - q.y || p.x - q.x; })
      .map((it) => it.id);
    const i = order.indexOf(v.current);
    const next = i < 0 ? (d > 0 ? 0 : order.length - 1) : i + d;
    if (next < 0 || next >= order.length) { v.current = null; redraw(); return false; }   // let focus leave
    v.current = order[next];
    redraw();
    ensureVisible(v, v.current, false);
    return true;
  }

  return {
    root: dom.root,
    /** Redraws from a new state ({graph, previews, overrides, selected, live, step, history, height, presentation}). */
    update(next) {
      if (v.state && next.graph !== v.state.graph) v.frameIndex = -1;
      if (!next.selected || (v.detail && v.detail.node !== next.selected)) v.detail = null;
      if (v.state && !!v.state.presentation !== !!next.presentation) { v.presentation = null; v.lastKey = null; }
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
    /** The pending layout (a Promise), for tests. */
    get pending() { return v.wanted ? v.wanted.promise : Promise.resolve(); },
    get frameCount() { return v.frames.length; },
    get direction() { return v.direction; },
    get transform() { return v.pz.transform; },
    destroy() {
      dom.svgEl.removeEventListener("click", onClick);
      dom.search.removeEventListener("input", onSearch);
      dom.search.removeEventListener("keydown", onSearchKey);
      dom.canvas.removeEventListener("keydown", onKey);
      v.pz.detach();
      v.destroyed = true;
      dom.root.remove();
    },
  };
}

/**
 * A performance mark `tapeviz:<stage>` (model, parsed, layout-start, layout-end, drawn), so a
 * benchmark can read where the time goes in the page (`performance.getEntriesByType("mark")`).
 */
export function mark(stage) {
  if (typeof performance !== "undefined" && performance.mark) performance.mark(`tapeviz:${stage}`);
}

function isPresenting(v) {
  if (v.presentation !== null) return v.presentation;
  return !!(v.state && v.state.presentation);
}

/** The view's elements: toolbar (buttons call `actions`), caption, drawing, inspector, legend, explanations. */
function buildDom(actions) {
  const root = html("div", "tapeviz-root tapeviz-graph");
  root.append(html("style", null, CSS));
  const bar = html("div", "tapeviz-toolbar", undefined, { role: "toolbar" });
  const button = (text, title, onClick, cls = "") => {
    // the visible text is the accessible name; icon-only buttons say what they do
    const b = html("button", `tapeviz-button ${cls}`.trim(), text, { type: "button", title, "aria-label": /\w/.test(text) ? undefined : title });
    b.addEventListener("click", onClick);
    bar.append(b);
    return b;
  };
  const liveBox = html("span", "tapeviz-live");
  liveBox.hidden = true;
  bar.append(liveBox);
  button("Fit", "fit the graph into view (never below a readable size)", actions.fit);
  const dirButton = button("⇅ top-down", "switch between top-down and left-to-right layout", actions.direction, "tapeviz-direction");
  const search = html("input", "tapeviz-search", undefined, { type: "search", placeholder: "search names, ops", "aria-label": "search" });
  bar.append(search);
  const count = html("span", "tapeviz-match-count", "", { "aria-live": "polite" });
  bar.append(count);
  button("Expand", "open the folded blocks one level (up to a size the browser lays out quickly)", actions.expand);
  button("Collapse", "fold every group", actions.collapse);
  const stepBack = button("◀", "previous step (←, PageUp)", () => actions.step(-1));
  const stepStart = button("Step ▶", "replay the forward pass, then the backward pass, op by op (→, Space, PageDown)", () => actions.step(1), "tapeviz-step");
  const stepEnd = button("■", "leave step-through (Esc)", actions.stopStepping);
  const presentButton = button("Classroom", "classroom mode: larger type, higher contrast", actions.presentation, "tapeviz-present");
  button("SVG", "download the drawing as SVG", actions.download);
  const stats = html("span", "tapeviz-stats");
  bar.append(stats);
  // the narrated caption floats over the drawing at the top of what the window shows
  const stepLabel = html("div", "tapeviz-step-label tapeviz-caption", "", { "aria-live": "polite" });
  stepLabel.hidden = true;
  const main = html("div", "tapeviz-main");
  const canvas = html("div", "tapeviz-canvas", undefined, {
    tabindex: 0, role: "application",
    "aria-label": "tape graph: arrow keys or Space step through, Tab moves between nodes, Enter opens one",
  });
  const svgEl = svg("svg", { class: "tapeviz-svg", height: 300 });
  svgEl.append(defs());
  const waiting = html("div", "tapeviz-waiting", "");
  waiting.hidden = true;
  canvas.append(waiting, svgEl);
  const inspector = html("div", "tapeviz-inspector");
  inspector.hidden = true;
  main.append(canvas, inspector);
  const legendEl = html("div", "tapeviz-legend");
  const whyEl = html("div", "tapeviz-explanations");
  canvas.append(stepLabel);
  root.append(bar, main, legendEl, whyEl);
  return { root, liveBox, search, count, dirButton, presentButton, stepStart, stepBack, stepEnd, stepLabel, stats, canvas, svgEl,
    waiting, inspector, legendEl, whyEl };
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

/** Redraws the scene and everything around it from `v.state` (after the layout, if new). */
function drawView(v, dom, callbacks) {
  const { state } = v;
  if (!state || !state.graph) return;
  const graph = state.graph;
  const presenting = isPresenting(v);
  dom.root.classList.toggle("tapeviz-presentation", presenting);
  dom.presentButton.setAttribute("aria-pressed", String(presenting));
  dom.dirButton.textContent = v.direction === "DOWN" ? "⇅ top-down" : "⇄ left-right";
  drawLive(dom.liveBox, state);
  if (!graph.nodes || !graph.nodes.length) {
    dom.waiting.hidden = false;
    dom.waiting.textContent = state.live ? "Waiting for the first tape: run a training step (a GradientTape) and it shows here."
      : "This tape recorded no operations.";
    dom.svgEl.style.display = "none";
    dom.stats.textContent = `${(graph.stats && graph.stats.ops) ?? 0} ops · 0 shown`;
    dom.root.dataset.status = "drawn";
    dom.root.dataset.waiting = String(!!state.live);
    dom.root.dataset.nodes = "0";
    if (callbacks.onDrawn) callbacks.onDrawn({ empty: true });
    return;
  }
  dom.waiting.hidden = true;
  delete dom.root.dataset.waiting;
  dom.svgEl.style.display = "";
  const vis = visibleGraph(graph, state.overrides || {});
  if (callbacks.onNeedNodes) {
    // nodes and edges about to be drawn that came as a light index (inside a folded block):
    // their summaries are asked of Python first, the drawing follows when they arrive
    const nodes = vis.items.filter((it) => it.node && it.node.lazy).map((it) => it.id);
    const edges = vis.edges.filter((e) => e.of).map((e) => e.of);
    if (nodes.length || edges.length) {
      if (callbacks.onNeedNodes(nodes, edges)) {
        dom.root.dataset.status = v.lay ? "layout" : "loading";
        return;
      }
    }
  }
  // classroom mode: no node wider than the drawing at the classroom zoom (values wrap, long
  // titles are cut), for the drawing's width now
  const wrap = presenting ? fitWidth(dom.svgEl.clientWidth || 900, PRESENTATION_ZOOM) : false;
  const lay = layoutCache.peek(vis, v.direction, wrap);
  if (!lay) {
    dom.root.dataset.status = "layout";
    mark("layout-start");
    const promise = layoutCache.get(vis, v.direction, wrap);
    const wanted = { key: `${vis.key}|${v.direction}|${wrap}`, promise };
    v.wanted = wanted;
    promise.then(() => {
      mark("layout-end");
      if (!v.destroyed && v.wanted === wanted) drawView(v, dom, callbacks);
    }, (err) => {
      if (v.wanted !== wanted) return;
      dom.root.dataset.status = "error";
      dom.stats.textContent = `layout failed: ${err && err.message} (with no kernel, run the cell to explore this graph)`;
      if (callbacks.onLayoutFailed) callbacks.onLayoutFailed(err);
    });
    if (!v.lay) return;        // first drawing: wait; else keep the old drawing until the new layout comes
    return;
  }
  v.wanted = null;
  const t0 = performance.now();
  v.vis = vis;
  v.lay = lay;
  const matches = searchGraph(graph, vis, dom.search.value);
  dom.count.textContent = dom.search.value.trim()
    ? `${matches.size} match${matches.size === 1 ? "" : "es"}${v.matchIndex >= 0 && matches.size ? ` (${v.matchIndex + 1}/${matches.size})` : ""}` : "";
  const frame = v.frameIndex >= 0 ? v.frames[v.frameIndex] : null;
  const next = drawScene({ graph, vis, layout: lay, floats: state.previews, selected: state.selected, matches, frame,
    current: v.current, wrap });
  if (v.scene) v.scene.replaceWith(next); else dom.svgEl.append(next);
  v.scene = next;
  placeView(v, dom.svgEl);
  const s = graph.stats || {};
  dom.stats.textContent = `${s.ops ?? 0} ops · ${vis.items.length} shown`;
  const caption = frame ? narrate(graph, frame, v.frameIndex, v.frames.length, state.previews) : null;
  dom.stepLabel.hidden = !caption;
  dom.stepLabel.replaceChildren(...(caption ? caption.map((line, i) => html("div", i ? "tapeviz-caption-math" : "tapeviz-caption-head", line)) : []));
  dom.stepStart.textContent = frame ? "▶" : "Step ▶";
  dom.stepBack.disabled = !frame;
  dom.stepEnd.disabled = !frame;
  drawLegend(dom.legendEl, graph.legend);
  drawWhy(dom.whyEl, graph);
  if (state.selected && (graph.nodes || []).some((n) => n.id === state.selected)) showInspector(v, dom, callbacks);
  else dom.inspector.hidden = true;
  dom.root.dataset.status = "drawn";
  dom.root.dataset.nodes = String(vis.items.length);
  dom.root.dataset.direction = v.direction;
  dom.root.dataset.layoutMs = String(Math.round(lay.ms || 0));
  dom.root.dataset.drawMs = String(Math.round(performance.now() - t0));
  mark("drawn");
  if (callbacks.onDrawn) callbacks.onDrawn({ empty: false });
  prefetch(v, callbacks);
}

const HAS_LAZY = new WeakMap();

/**
 * Asks for the light index entries the next Expand (or a click on any folded block shown) would
 * draw, while the reader looks at this drawing: opening a block then rarely waits for Python.
 */
function prefetch(v, callbacks) {
  const graph = v.state && v.state.graph;
  if (!callbacks.onNeedNodes || !v.vis || !graph) return;
  if (!HAS_LAZY.has(graph)) HAS_LAZY.set(graph, (graph.nodes || []).some((n) => n.lazy));
  if (!HAS_LAZY.get(graph)) return;
  const next = visibleGraph(graph, expandedOverrides(v.vis, v.state.overrides));
  const nodes = next.items.filter((it) => it.node && it.node.lazy).map((it) => it.id);
  const edges = next.edges.filter((e) => e.of).map((e) => e.of);
  if (nodes.length || edges.length) callbacks.onNeedNodes(nodes, edges, { ahead: true });
}

/** A new structure gets a readable initial view; a live view with the same structure keeps the
 *  user's pan/zoom. */
function placeView(v, svgEl) {
  const key = `${v.vis.key}|${v.direction}`;
  if (key === v.lastKey) {
    v.pz.apply();
    return;
  }
  if (v.lastKey === null || v.lastKey.split("|")[0] !== key.split("|")[0] || v.lastKey.split("|").pop() !== v.direction) initialView(v, svgEl);
  else { sizeToGraph(v, svgEl); v.pz.apply(); }
  v.lastKey = key;
}

/** The zoom the view starts at: 1 (12 px text), larger in classroom mode. */
function baseZoom(v) {
  return isPresenting(v) ? PRESENTATION_ZOOM : READABLE;
}

/** The drawing's height: the graph's at the base zoom, capped (then it pans). */
function sizeToGraph(v, svgEl) {
  const k = baseZoom(v);
  const vh = typeof window !== "undefined" && window.innerHeight ? window.innerHeight : 800;
  // the notebook scrolls past a tall view (the wheel scrolls the page), so the cap is well over
  // a screen: a graph is read top to bottom like the notebook around it
  const cap = Math.max(v.state.height || 520, Math.min(Math.round(vh * 2.2), 2000));
  const h = Math.round(Math.min(Math.max(v.lay.height * k + 8, MIN_HEIGHT), cap));
  svgEl.setAttribute("height", String(h));
  return h;
}

/** Zoom 1 (or the classroom zoom), centred when the graph fits, else from its top-left corner. */
function initialView(v, svgEl) {
  const h = sizeToGraph(v, svgEl);
  const k = baseZoom(v);
  const vw = svgEl.clientWidth || 900;
  const x = v.lay.width * k <= vw ? (vw - v.lay.width * k) / 2 : 4;
  const y = v.lay.height * k <= h ? (h - v.lay.height * k) / 2 : 4;
  v.pz.set({ k, x, y });
}

/** Fit: the whole graph if it fits at a readable zoom, else the readable zoom from the top. */
function fitReadable(v, svgEl) {
  sizeToGraph(v, svgEl);
  const vw = svgEl.clientWidth || 900;
  const vh = Number(svgEl.getAttribute("height")) || 500;
  const k = Math.max(Math.min(vw / v.lay.width, vh / v.lay.height, baseZoom(v)), READABLE);
  const x = v.lay.width * k <= vw ? (vw - v.lay.width * k) / 2 : 4;
  const y = v.lay.height * k <= vh ? (vh - v.lay.height * k) / 2 : 4;
  v.pz.set({ k, x, y });
}

/** Pans so the item is inside the drawing, only when it is not (or always centre: `centre`). */
function ensureVisible(v, itemId, centre) {
  const r = itemId && v.lay && v.lay.nodes.get(itemId);
  if (!r) return;
  const svgEl = v.pz.element;
  const vw = svgEl.clientWidth || 900;
  const vh = svgEl.clientHeight || Number(svgEl.getAttribute("height")) || 500;
  const t = v.pz.transform;
  const x0 = r.x * t.k + t.x;
  const y0 = r.y * t.k + t.y;
  const x1 = (r.x + r.w) * t.k + t.x;
  const y1 = (r.y + r.h) * t.k + t.y;
  if (centre || !(x0 >= 0 && y0 >= 0 && x1 <= vw && y1 <= vh)) {
    v.pz.centre(r.x + r.w / 2, r.y + r.h / 2);
    const now = v.pz.transform;
    // a node wider than the drawing (classroom zoom, a narrow notebook) is read from its left
    // edge: its title and the start of its values stay in view
    if (r.w * now.k > vw - 16) v.pz.set({ ...now, x: 8 - r.x * now.k });
  }
  // the drawing can be taller than the window (the notebook scrolls past it): bring the node
  // into the window too, scrolling as little as possible
  const el = v.scene && v.scene.querySelector(`[data-node-id="${String(itemId).replace(/["\\]/g, "")}"]`);
  if (el && el.scrollIntoView && typeof window !== "undefined" && el.getBoundingClientRect) {
    const b = el.getBoundingClientRect();
    if (b.top < 0 || b.bottom > window.innerHeight) el.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
}

/** The scrolling element the view sits in (JupyterLab's notebook), or null. */
function scroller(el) {
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (p.scrollHeight > p.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(p).overflowY)) return p;
  }
  return null;
}

/** Puts the caption at the top of the part of the drawing the window shows, and keeps the
 *  active node below it (scrolling the notebook a little if the caption would cover it). */
function placeCaption(v, dom, itemId) {
  const cap = dom.stepLabel;
  if (cap.hidden || !dom.canvas.getBoundingClientRect || typeof window === "undefined") return;
  const box = scroller(dom.root);
  const visibleTop = () => Math.max(box ? box.getBoundingClientRect().top : 0, 0);
  const place = () => {
    const c = dom.canvas.getBoundingClientRect();
    const top = Math.max(0, Math.min(visibleTop() - c.top, c.height - cap.offsetHeight));
    cap.style.top = `${Math.round(top)}px`;
  };
  place();
  const el = v.scene && itemId && v.scene.querySelector(`[data-node-id="${String(itemId).replace(/["\\]/g, "")}"]`);
  if (!el || !box) return;
  const under = () => cap.getBoundingClientRect().bottom + 6 - el.getBoundingClientRect().top;
  if (under() > 0) {
    box.scrollTop -= under();
    place();
  }
  const still = under();
  if (still > 0 && el.getBoundingClientRect().bottom > cap.getBoundingClientRect().top) {
    const t = v.pz.transform;          // the drawing's top is in view: move the graph down instead
    v.pz.set({ ...t, y: t.y + still });
  }
}

function showInspector({ state, detail }, dom, callbacks) {
  const node = (state.graph.nodes || []).find((n) => n.id === state.selected);
  if (!node) return;
  renderInspector(dom.inspector, state.graph, node, detail && detail.node === node.id ? detail : null, callbacks.onSelect);
}

// ---- the narrated step-through -----------------------------------------------------------------

/**
 * The caption of a step: "forward 3/9: MatMul, `z = x @ W`, line 7"; a backward step adds the
 * chain rule with its numbers for each input: ∂L/∂z = ∂L/∂h · ∂h/∂z = upstream × local = sent.
 * @returns {string[]} lines
 */
export function narrate(graph, frame, index, total, floats = null) {
  const byId = new Map((graph.nodes || []).map((n) => [n.id, n]));
  const n = byId.get(frame.active);
  if (!n) return [`${frame.phase} ${index + 1}/${total}`];
  const name = (m) => {
    const t = m ? (m.title && m.title.length <= 12 ? m.title : m.label || m.op) : "?";
    return /[^\w.]/.test(t) ? `(${t})` : t;
  };
  const describe = (s) => describeValue(s, floats);
  let head = `${frame.phase} ${index + 1}/${total}: ${n.op}`;
  if (n.title && n.title !== n.op) head += ` → ${n.title}`;
  if (n.code) head += `, \`${n.code.trim()}\``;
  if (n.line) head += `, line ${n.line}`;
  const lines = [head];
  if (frame.phase === "forward") {
    if (n.value) lines.push(`${name(n)} = ${describe(n.value)}`);
    return lines;
  }
  const out = name(n);
  if (n.is_target) {
    lines.push(`start: ∂L/∂${out} = 1 (the target)`);
    return lines;
  }
  const local = graph.step && graph.step.local ? graph.step.local[n.id] || [] : [];
  const ins = (graph.edges || []).filter((e) => e.target === n.id).sort((a, b) => (a.port ?? 0) - (b.port ?? 0));
  const up = n.grad ? describe(n.grad) : "?";
  for (const e of ins) {
    const src = name(byId.get(e.source));
    const loc = local[e.port ?? 0];
    const sent = e.sent ? describe(e.sent) : null;
    let line = `∂L/∂${src} = ∂L/∂${out} · ∂${out}/∂${src} = ${up} × ${loc ? describe(loc) : "(local)"}`;
    if (sent) line += ` = ${sent}`;
    lines.push(line);
  }
  if (!ins.length) lines.push(`∂L/∂${out} = ${up} (a source: its gradient is what gradient() returns)`);
  return lines;
}

/** A value in words for the caption: a scalar's number; up to six values; else a tensor's
 *  shape and norm (or range). */
function describeValue(s, floats) {
  if (!s) return "?";
  if (s.kind === "scalar") return fmt(s.v);
  const shape = shapeText(s.shape);
  const vals = preview(floats, s);
  if (vals && vals.length <= 6 && vals.length === (s.size ?? vals.length)) return `[${Array.from(vals, fmt).join(", ")}]`;
  if (s.norm !== undefined) return `${shape} (‖·‖ ${fmt(s.norm)})`;
  return `${shape} (${summaryText(s)})`;
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

function drawLegend(legendEl, legend) {
  legendEl.replaceChildren();
  if (!legend) { legendEl.hidden = true; return; }
  legendEl.hidden = false;
  const bar = html("span", "tapeviz-legend-bar");
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => ramp(t)).join(",");
  bar.style.background = `linear-gradient(to right,${stops})`;
  legendEl.append(html("span", null, "|gradient| (RMS, log scale)"),
    html("span", null, fmt(10 ** legend.log_min)), bar, html("span", null, fmt(10 ** legend.log_max)),
    html("span", "tapeviz-muted", `vanishing < ${fmt(legend.vanishing)} · exploding > ${fmt(legend.exploding)} · red: NaN/inf`));
}

/** The explanation boxes: None gradients, the first NaN/infinity, the gradient flow. */
function drawWhy(whyEl, graph) {
  whyEl.replaceChildren();
  const diag = graph.diagnosis || {};
  if (diag.nonfinite) whyEl.append(nonfiniteBox(graph, diag.nonfinite));
  if (diag.flow) whyEl.append(flowBox(diag.flow));
  for (const why of graph.explanations || []) {
    const box = html("div", "tapeviz-why", undefined, { "data-cause": why.cause });
    box.append(html("strong", null, `Why is the gradient of ${why.name} None? `), html("span", null, why.text));
    whyEl.append(box);
  }
}

function nonfiniteBox(graph, d) {
  const box = html("div", "tapeviz-why tapeviz-diagnosis tapeviz-nonfinite", undefined, { "data-node-id": d.node || "" });
  const c = d.counts || {};
  const what = Object.entries(c).filter(([, k]) => k > 0).map(([k, n]) => `${n} × ${k === "nan" ? "NaN" : k.replace("-", "−")}`).join(", ");
  const n = (graph.nodes || []).find((x) => x.id === d.node);
  const where = d.direction === "backward" ? "in the backward pass (its gradient)" : "in the forward pass";
  box.append(html("strong", null, `⚠ The first ${what || "NaN/inf"} comes from ${d.op || (n && n.op) || "an op"}${n && n.title ? ` (${n.title})` : ""} ${where}. `));
  if (d.text) box.append(html("div", null, d.text));
  else {
    if (d.reason) box.append(html("div", null, `Why: ${d.reason}`));
    if (d.fix) box.append(html("div", null, `Fix: ${d.fix}`));
  }
  if (d.code) box.append(html("pre", "tapeviz-code", `${d.where ? `${d.where}: ` : ""}${d.code}`));
  return box;
}

/** The gradient magnitude at each layer along the path: a small labelled bar chart (log scale). */
function flowBox(flow) {
  const box = html("div", `tapeviz-why tapeviz-diagnosis tapeviz-flow${flow.verdict ? ` tapeviz-flow-${flow.verdict}` : ""}`);
  const head = flow.verdict ? `Gradients are ${flow.verdict}` : "Gradient flow";
  box.append(html("strong", null, `${head}${flow.factor ? ` (× ${fmt(flow.factor)} per layer)` : ""}. `));
  if (flow.text) box.append(html("div", null, flow.text));
  const layers = flow.layers || [];
  if (layers.length) {
    const rowH = 22;
    const w = 420;
    const labelW = 130;
    const chart = svg("svg", { class: "tapeviz-flow-chart", width: w, height: layers.length * rowH + 6, role: "img",
      "aria-label": "gradient norm per layer" });
    const logs = layers.map(([, m]) => (m > 0 ? Math.log10(m) : null));
    const fin = logs.filter((x) => x !== null);
    const lo = Math.min(...fin) - 1;
    const hi = Math.max(...fin);
    layers.forEach(([name, m], i) => {
      const y = i * rowH + 3;
      const len = logs[i] === null ? 0 : Math.max(((logs[i] - lo) / (hi - lo || 1)) * (w - labelW - 80), 2);
      chart.append(svg("text", { x: labelW - 6, y: y + 15, "text-anchor": "end", class: "tapeviz-flow-label" }, name));
      chart.append(svg("rect", { x: labelW, y: y + 3, width: len, height: rowH - 7, rx: 2, class: "tapeviz-flow-bar" }));
      chart.append(svg("text", { x: labelW + len + 6, y: y + 15, class: "tapeviz-flow-value" }, fmt(m)));
    });
    box.append(html("div", "tapeviz-muted", "‖∇‖ per layer (log scale), from the input side to the loss"), chart);
  }
  return box;
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
  spark.append(svg("polyline", { points: pts.join(" "), fill: "none", class: "tapeviz-history-line", "stroke-width": 1.5 }));
  return spark;
}

// ---- export -----------------------------------------------------------------------------------

/** The drawing as standalone SVG text (styles inlined, theme colours resolved). */
export function svgText(svgEl, lay) {
  const copy = svgEl.cloneNode(true);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  if (lay) {
    copy.setAttribute("viewBox", `0 0 ${Math.ceil(lay.width)} ${Math.ceil(lay.height)}`);
    copy.setAttribute("width", String(Math.ceil(lay.width)));
    copy.setAttribute("height", String(Math.ceil(lay.height)));
  }
  copy.removeAttribute("style");
  copy.setAttribute("class", "tapeviz-picture");
  const sceneCopy = copy.querySelector(".tapeviz-scene");
  if (sceneCopy) sceneCopy.removeAttribute("transform");
  const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
  style.textContent = resolvedCss(svgEl);
  copy.prepend(style);
  return new XMLSerializer().serializeToString(copy);
}

/** CSS with the theme variables the drawing uses replaced by their current values. */
function resolvedCss(el) {
  let vars = null;
  try { vars = getComputedStyle(el.closest(".tapeviz-root") || el); } catch { vars = null; }
  // scoped to the picture: shown inline in a page, its rules must not restyle live views
  const base = `svg.tapeviz-picture{font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--tv-bg)}\n${
    CSS.replace(/(^|\n)\.tapeviz-root\{[^}]*\}/, "").replace(/(^|\n)(\.tapeviz-[^{@]*)\{/g, (m, nl, sel) => `${nl}${sel.split(",").map((x) => `svg.tapeviz-picture ${x.trim()}`).join(",")}{`)}`;
  const names = new Set(base.match(/--tv-[a-z0-9-]+/g) || []);
  let decl = "";
  for (const n of names) {
    const value = vars && vars.getPropertyValue(n).trim();
    if (value) decl += `${n}:${value};`;
  }
  return `svg.tapeviz-picture{${decl}}\n${base}`;
}

function downloadSvg(text) {
  const a = html("a", null, undefined, { download: "tape.svg", href: URL.createObjectURL(new Blob([text], { type: "image/svg+xml" })) });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
