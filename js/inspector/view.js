/**
 * The Variable inspector view, independent of Jupyter: a toolbar (title, filter, live badge),
 * one `.tapeviz-variable-row` per Variable and, for the selected row, the value view. The glue
 * (widget.js) feeds it traits and replies, and passes its callbacks on to the model.
 */
import { fmt, num } from "../codec.js";
import { html, shapeText } from "../graph/dom.js";
import { sparkHistogram, valueBody } from "./draw.js";
import { CSS } from "./style.js";

const COLUMNS = [
  ["name", "name"], ["shape", "shape"], ["dtype", "dtype"], ["trainable", "train."],
  ["min", "min", true], ["mean", "mean", true], ["max", "max", true], ["std", "std", true],
  ["hist", "histogram"], ["grad", "‖grad‖", true], ["change", "Δ last step", true],
];

/**
 * @param {HTMLElement} el
 * @param {{onSelect: (rowId: string) => void}} callbacks
 */
export function createInspectorView(el, callbacks) {
  const root = html("div", "tapeviz-state tapeviz-variables");
  root.append(html("style", null, CSS));
  const bar = html("div", "tapeviz-toolbar");
  const title = html("span", "tapeviz-title");
  const filter = html("input", "tapeviz-filter", undefined, { type: "search", placeholder: "filter by name", "aria-label": "filter Variables by name" });
  const badge = html("span", "tapeviz-live-badge", "● live");
  const stats = html("span", "tapeviz-stats");
  bar.append(title, filter, badge, stats);
  const scroll = html("div", "tapeviz-scroll");
  const table = html("table", "tapeviz-grid");
  const headRow = html("tr");
  for (const [, label, numeric] of COLUMNS) headRow.append(html("th", numeric ? "tapeviz-num" : null, label));
  const thead = html("thead");
  thead.append(headRow);
  const tbody = html("tbody");
  table.append(thead, tbody);
  const empty = html("div", "tapeviz-empty", "No Variables yet.");
  scroll.append(table, empty);
  const valueView = html("div", "tapeviz-value-view");
  valueView.hidden = true;
  root.append(bar, scroll, valueView);
  el.append(root);

  let state = { rows: [], histograms: new Float32Array(0), selected: "", live: true, updates: 0, steps: 0, height: 420, title: "" };

  function onRowClick(event) {
    const tr = event.target.closest(".tapeviz-variable-row");
    if (!tr) return;
    const id = tr.dataset.variableId;
    callbacks.onSelect(id === state.selected ? "" : id);
  }
  function onFilter() { drawRows(); }
  tbody.addEventListener("click", onRowClick);
  filter.addEventListener("input", onFilter);

  function drawRows() {
    const needle = filter.value.trim().toLowerCase();
    const rows = needle ? state.rows.filter((r) => String(r.name).toLowerCase().includes(needle)) : state.rows;
    tbody.replaceChildren(...rows.map(rowElement));
    empty.hidden = state.rows.length > 0;
    stats.textContent = `${state.rows.length} Variable${state.rows.length === 1 ? "" : "s"} · ${paramCount(state.rows)} values`;
    root.dataset.rows = String(state.rows.length);
  }

  function rowElement(r) {
    const tr = html("tr", "tapeviz-variable-row" + (r.id === state.selected ? " tapeviz-selected" : ""), undefined, {
      "data-variable-id": r.id, "data-name": r.name, "data-version": r.version,
    });
    const s = r.stats || {};
    const cell = (text, cls) => { const td = html("td", cls, text); tr.append(td); return td; };
    cell(r.name, "tapeviz-name").title = r.name;
    cell(r.shape.length ? r.shape.join("×") : "scalar");
    cell(r.dtype);
    cell(r.trainable ? "yes" : "no");
    for (const k of ["min", "mean", "max", "std"]) cell(s[k] === undefined ? "" : fmt(s[k]), "tapeviz-num");
    const hist = cell("", "tapeviz-hist");
    if (r.hist) hist.append(sparkHistogram(state.histograms.subarray(r.hist[0], r.hist[0] + r.hist[1])));
    if (s.nan || s.inf) hist.append(html("span", "tapeviz-bad", ` NaN ${s.nan} Inf ${s.inf}`));
    if (r.range) hist.title = `${fmt(r.range[0])} … ${fmt(r.range[1])}`;
    cell(r.grad_norm === null || r.grad_norm === undefined ? "–" : fmt(r.grad_norm), "tapeviz-num tapeviz-grad");
    const ch = r.change === null || r.change === undefined ? null : num(r.change);
    cell(ch === null ? "–" : fmt(ch), "tapeviz-num tapeviz-change" + (ch ? " tapeviz-change-up" : ""));
    return tr;
  }

  return {
    root,
    /** New traits: redraw the rows (the filter and the open value view stay). */
    update(next) {
      state = { ...state, ...next };
      title.textContent = state.title || "Variables";
      badge.hidden = !state.live;
      if (state.live) {
        badge.textContent = `● live · ${state.steps || 0} training step${state.steps === 1 ? "" : "s"}`;
        badge.title = `Variables redrawn ${state.updates} time${state.updates === 1 ? "" : "s"}`;
      }
      scroll.style.maxHeight = `${state.height || 420}px`;
      drawRows();
      if (!state.selected) valueView.hidden = true;
      else if (!state.rows.some((r) => r.id === state.selected)) showMessage(state.selected, "This Variable no longer exists.");
    },
    /** The value view while its data is on its way. */
    showLoading(rowId) {
      const r = state.rows.find((x) => x.id === rowId);
      if (valueView.dataset.variableId === rowId && !valueView.hidden) return;  // keep the old picture until the new one
      head(rowId, r ? r.name : rowId, r);
      valueView.append(html("div", "tapeviz-muted", "loading…"));
    },
    /** A reply: draw the value (or say why not). */
    showValue(rowId, meta, values, hist, error) {
      if (rowId !== state.selected) return;
      if (error || !meta) { showMessage(rowId, error || "no value"); return; }
      const r = state.rows.find((x) => x.id === rowId);
      head(rowId, meta.name, r);
      const facts = [`${shapeText(meta.shape, meta.dtype)}`];
      for (const k of ["min", "mean", "max", "std"]) if (meta[k] !== undefined) facts.push(`${k} ${fmt(meta[k])}`);
      if (meta.nan || meta.inf) facts.push(`NaN ${meta.nan} · Inf ${meta.inf}`);
      valueView.append(html("div", "tapeviz-muted tapeviz-value-stats", facts.join(" · ")));
      valueView.append(valueBody(meta, values, hist));
      valueView.dataset.view = meta.view;
    },
    destroy() {
      tbody.removeEventListener("click", onRowClick);
      filter.removeEventListener("input", onFilter);
      root.remove();
    },
  };

  function head(rowId, name, row) {
    valueView.replaceChildren();
    valueView.hidden = false;
    valueView.dataset.variableId = rowId;
    const h = html("div", "tapeviz-value-head");
    h.append(html("span", "tapeviz-value-name", name));
    if (row) h.append(html("span", "tapeviz-muted", row.trainable ? "trainable" : "not trainable"));
    const close = html("button", "tapeviz-close", "×", { type: "button", title: "close" });
    close.addEventListener("click", () => callbacks.onSelect(""), { once: true });
    h.append(close);
    valueView.append(h);
  }

  function showMessage(rowId, text) {
    head(rowId, rowId, null);
    valueView.append(html("div", "tapeviz-bad", text));
  }
}

function paramCount(rows) {
  let n = 0;
  for (const r of rows) n += r.size || 0;
  return n.toLocaleString("en-US");
}
