/**
 * The checkpoint panel view, independent of Jupyter: toolbar (Save, Refresh), a notice line for
 * results and errors, one `.tapeviz-checkpoint-row` per checkpoint with Restore and Diff buttons,
 * and the diff table. Every user string (paths, keys, Variable names, error text) is text.
 */
import { fmt, num } from "../codec.js";
import { html } from "../graph/dom.js";
import { CSS } from "./style.js";

/** Bytes as B / KB / MB / GB. */
export function humanSize(n) {
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return i ? `${n.toFixed(1)} ${units[i]}` : `${n} B`;
}

/** Seconds since the epoch as local "YYYY-MM-DD HH:MM:SS". */
export function timeText(seconds) {
  const d = new Date(seconds * 1000);
  const p = (x) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * @param {HTMLElement} el
 * @param {{onAction: (type: string, path?: string) => void, onCloseDiff: () => void}} callbacks
 */
export function createCheckpointView(el, callbacks) {
  const root = html("div", "tapeviz-state tapeviz-checkpoints");
  root.append(html("style", null, CSS));
  const bar = html("div", "tapeviz-toolbar");
  const title = html("span", "tapeviz-title", "Checkpoints");
  const dir = html("span", "tapeviz-directory");
  const save = html("button", "tapeviz-save", "Save", { type: "button", title: "save a new checkpoint of the live objects" });
  const refresh = html("button", "tapeviz-refresh", "Refresh", { type: "button", title: "list the directory again" });
  const stats = html("span", "tapeviz-stats");
  bar.append(title, dir, save, refresh, stats);
  const notice = html("div", "tapeviz-notice");
  notice.hidden = true;
  const scroll = html("div", "tapeviz-scroll");
  const table = html("table", "tapeviz-grid");
  const headRow = html("tr");
  for (const [label, numeric] of [["step", true], ["checkpoint"], ["time"], ["size", true], ["tensors", true], [""]]) {
    headRow.append(html("th", numeric ? "tapeviz-num" : null, label));
  }
  const thead = html("thead");
  thead.append(headRow);
  const tbody = html("tbody");
  table.append(thead, tbody);
  const empty = html("div", "tapeviz-empty", "No checkpoints yet.");
  scroll.append(table, empty);
  const diffBox = html("div", "tapeviz-diff");
  diffBox.hidden = true;
  root.append(bar, notice, scroll, diffBox);
  el.append(root);

  let busy = false;
  let canSave = false;

  function onClick(event) {
    const button = event.target.closest("button");
    if (!button || busy) return;
    if (button === save) callbacks.onAction("save");
    else if (button === refresh) callbacks.onAction("refresh");
    else if (button.classList.contains("tapeviz-close")) callbacks.onCloseDiff();
    else {
      const tr = button.closest(".tapeviz-checkpoint-row");
      if (!tr) return;
      if (button.classList.contains("tapeviz-restore")) callbacks.onAction("restore", tr.dataset.path);
      else if (button.classList.contains("tapeviz-diff-button")) callbacks.onAction("diff", tr.dataset.path);
    }
  }
  root.addEventListener("click", onClick);

  function rowElement(r) {
    const tr = html("tr", "tapeviz-checkpoint-row" + (r.error ? " tapeviz-row-error" : ""), undefined, {
      "data-path": r.path, "data-name": r.name, "data-step": r.step ?? "",
    });
    tr.append(html("td", "tapeviz-num", r.step ?? ""));
    const name = html("td", "tapeviz-name", r.name);
    name.title = r.path;
    if (r.latest) name.append(html("span", "tapeviz-latest", "latest"));
    tr.append(name, html("td", null, timeText(r.time)), html("td", "tapeviz-num", humanSize(r.size)));
    tr.append(r.error ? html("td", "tapeviz-error-cell", r.error) : html("td", "tapeviz-num", r.tensors));
    const actions = html("td");
    const box = html("div", "tapeviz-actions");
    const restore = html("button", "tapeviz-restore", "Restore", { type: "button", title: "assign this checkpoint's values to the live objects (verified first)" });
    const diff = html("button", "tapeviz-diff-button", "Diff", { type: "button", title: "compare with the live values" });
    restore.disabled = diff.disabled = !canSave || busy;
    box.append(restore, diff);
    actions.append(box);
    tr.append(actions);
    return tr;
  }

  function drawDiff(d) {
    diffBox.replaceChildren();
    if (!d || !d.rows) { diffBox.hidden = true; return; }
    diffBox.hidden = false;
    const head = html("div", "tapeviz-diff-head");
    head.append(html("span", "tapeviz-label", `Live values vs ${d.name}`));
    const changed = d.rows.filter((r) => r.status !== "same").length;
    head.append(html("span", "tapeviz-muted", `${changed} of ${d.rows.length} differ` + (d.time ? ` · live values as of ${timeText(d.time).slice(11)}` : "")));
    head.append(html("button", "tapeviz-close", "×", { type: "button", title: "close" }));
    diffBox.append(head);
    let top = 0;
    for (const r of d.rows) { const x = num(r.diff); if (Number.isFinite(x)) top = Math.max(top, x); }
    const t = html("table", "tapeviz-grid tapeviz-diff-table");
    const hr = html("tr");
    for (const [label, numeric] of [["Variable"], ["checkpoint key"], ["shape"], ["status"], ["max |live − saved|", true]]) hr.append(html("th", numeric ? "tapeviz-num" : null, label));
    const th = html("thead");
    th.append(hr);
    const tb = html("tbody");
    for (const r of d.rows) {
      const tr = html("tr", "tapeviz-diff-row", undefined, { "data-key": r.key, "data-status": r.status });
      tr.append(html("td", "tapeviz-name", r.name), html("td", "tapeviz-name tapeviz-muted", r.key),
        html("td", null, r.shape && r.shape.length ? r.shape.join("×") : "scalar"));
      const cls = r.status === "same" ? "tapeviz-status-same" : r.status === "changed" ? "tapeviz-status-changed" : "tapeviz-status-other";
      const st = html("td", cls, r.status);
      if (r.error) st.title = r.error;
      tr.append(st);
      const x = num(r.diff);
      const dc = html("td", "tapeviz-num", r.diff === null || r.diff === undefined ? "" : fmt(x));
      if (Number.isFinite(x) && x > 0 && top > 0) {
        const b = html("span", "tapeviz-bar");
        b.style.width = `${Math.max(2, Math.round((x / top) * 60))}px`;
        dc.append(b);
      }
      tr.append(dc);
      tb.append(tr);
    }
    t.append(th, tb);
    diffBox.append(t);
  }

  let last = { checkpoints: [], directory: "", notice: {}, diff: {}, can_save: false };
  function setButtons() {
    save.disabled = !canSave || busy;
    refresh.disabled = busy;
    root.classList.toggle("tapeviz-busy", busy);
    for (const b of tbody.querySelectorAll("button")) b.disabled = !canSave || busy;
  }

  return {
    root,
    update(next) {
      last = { ...last, ...next };
      canSave = !!last.can_save;
      dir.textContent = last.directory || "";
      dir.title = last.directory || "";
      const rows = last.checkpoints || [];
      tbody.replaceChildren(...rows.slice().reverse().map(rowElement));   // newest first
      empty.hidden = rows.length > 0;
      stats.textContent = `${rows.length} checkpoint${rows.length === 1 ? "" : "s"}`;
      root.dataset.rows = String(rows.length);
      const n = last.notice || {};
      notice.hidden = !n.text;
      notice.className = `tapeviz-notice tapeviz-notice-${n.kind === "error" ? "error" : "ok"}`;
      notice.textContent = n.text || "";
      notice.dataset.kind = n.kind || "";
      drawDiff(last.diff);
      setButtons();
    },
    setBusy(value) {
      busy = value;
      setButtons();
    },
    destroy() {
      root.removeEventListener("click", onClick);
      root.remove();
    },
  };
}
