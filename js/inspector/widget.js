/**
 * anywidget glue for VariableInspector: traits in, row clicks out, values fetched on demand.
 *
 * @typedef Model
 * @property {object[]} rows       one dict per Variable (tapeviz.viewmodel.variables.Tracker.rows)
 * @property {DataView} histograms float32 histogram counts the rows point at ([offset, count])
 * @property {string} title        what is inspected
 * @property {number} updates      how many times Python pushed the rows
 * @property {string} selected     the clicked row's id ("" for none)
 * @property {boolean} live        following training steps
 * @property {number} height       maximum pixel height of the rows
 */
import { floats } from "../codec.js";
import { createInspectorView } from "./view.js";
import { hideStaticFallback } from "../fallback.js";

const TRAITS = ["rows", "histograms", "title", "updates", "selected", "live", "height"];
const raf = (f) => (globalThis.requestAnimationFrame ? globalThis.requestAnimationFrame(f) : setTimeout(f, 16));
const unraf = (h) => (globalThis.cancelAnimationFrame ? globalThis.cancelAnimationFrame(h) : clearTimeout(h));

function render({ model, el }) {
  let nextId = 1;
  const pending = new Map();          // request id -> row id
  let fetched = "";                   // "<row id>@<version>" last asked for
  const view = createInspectorView(el, {
    onSelect(id) {
      model.set("selected", id);
      model.save_changes();
    },
  });

  function onMessage(msg, buffers) {
    if (!msg || msg.type !== "value" || !pending.has(msg.id)) return;
    pending.delete(msg.id);
    view.showValue(msg.row, msg.meta, floats(buffers && buffers[0]), floats(buffers && buffers[1]), msg.error);
  }

  let frame = 0;
  function redraw() {
    frame = 0;
    const rows = model.get("rows") || [];
    const selected = model.get("selected") || "";
    view.update({
      rows, histograms: floats(model.get("histograms")), title: model.get("title"),
      updates: model.get("updates"), selected, live: model.get("live"), height: model.get("height"),
    });
    // the selected value is (re)fetched when the selection or that Variable's value changes
    const row = rows.find((r) => r.id === selected);
    const key = row ? `${row.id}@${row.version}` : "";
    if (row && key !== fetched) {
      const id = nextId++;
      pending.set(id, row.id);
      view.showLoading(row.id);
      model.send({ type: "value", id, row: row.id });
    }
    fetched = key;
  }
  function schedule() {
    if (!frame) frame = raf(redraw);
  }

  for (const name of TRAITS) model.on(`change:${name}`, schedule);
  model.on("msg:custom", onMessage);
  redraw();
  const showFallback = hideStaticFallback(el);
  return () => {
    showFallback();
    for (const name of TRAITS) model.off(`change:${name}`, schedule);
    model.off("msg:custom", onMessage);
    if (frame) unraf(frame);
    view.destroy();
  };
}

export default { render };
