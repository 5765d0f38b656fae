/**
 * anywidget glue for VariableInspector: traits in, row clicks out, values asked of Python on
 * demand (`invoke("_request_value")`).
 *
 * @typedef Model
 * @property {object[]} rows       one dict per Variable (tapeviz.viewmodel.variables.Tracker.rows)
 * @property {DataView} histograms float32 histogram counts the rows point at ([offset, count])
 * @property {string} title        what is inspected
 * @property {number} updates      how many times Python pushed the rows
 * @property {number} steps        training steps (GradientTapes) seen so far
 * @property {string} selected     the clicked row's id ("" for none)
 * @property {boolean} live        following training steps
 * @property {number} height       maximum pixel height of the rows
 * @property {string} problem      the last error Python caught for this widget ("" for none)
 */
import { floats } from "../codec.js";
import { createInspectorView } from "./view.js";
import { hideStaticFallback } from "../fallback.js";
import { raf, unraf } from "../frame.js";
import { showProblems } from "../problem.js";
import { requester } from "../request.js";

const TRAITS = ["rows", "histograms", "title", "updates", "steps", "selected", "live", "height"];

function render({ model, el, experimental }) {
  const requests = requester(experimental);
  let fetched = "";                   // "<row id>@<version>" last asked for
  const view = createInspectorView(el, {
    onSelect(id) {
      model.set("selected", id);
      model.save_changes();
    },
  });

  async function requestValue(row) {
    view.showLoading(row);
    const answer = await requests.ask("_request_value", { row });
    if (!answer) return;
    const [msg, buffers] = answer;
    view.showValue(row, msg.meta, floats(buffers[0]), floats(buffers[1]), msg.error);
  }

  let frame = 0;
  function redraw() {
    frame = 0;
    const rows = model.get("rows") || [];
    const selected = model.get("selected") || "";
    view.update({
      rows, histograms: floats(model.get("histograms")), title: model.get("title"),
      updates: model.get("updates"), steps: model.get("steps") || 0, selected, live: model.get("live"), height: model.get("height"),
    });
    // the selected value is (re)fetched when the selection or that Variable's value changes
    const row = rows.find((r) => r.id === selected);
    const key = row ? `${row.id}@${row.version}` : "";
    if (row && key !== fetched) requestValue(row.id);
    fetched = key;
  }
  function schedule() {
    if (!frame) frame = raf(redraw);
  }

  for (const name of TRAITS) model.on(`change:${name}`, schedule);
  redraw();
  const hideProblems = showProblems(model, el);
  const showFallback = hideStaticFallback(el);
  return () => {
    showFallback();
    requests.close();
    hideProblems();
    for (const name of TRAITS) model.off(`change:${name}`, schedule);
    if (frame) unraf(frame);
    view.destroy();
  };
}

export default { render };
