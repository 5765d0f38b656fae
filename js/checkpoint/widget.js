/**
 * anywidget glue for CheckpointPanel: traits in, button presses out as requests
 * (`invoke("_request_save" | "_request_restore" | "_request_diff" | "_request_refresh", {path})`);
 * Python acts on the kernel's objects, updates the traits (list, notice, diff) and replies {ok}.
 *
 * @typedef Model
 * @property {string} directory     the checkpoint directory
 * @property {object[]} checkpoints  list_checkpoints() rows, oldest first
 * @property {{kind: string, text: string}} notice  the last result or error
 * @property {{path: string, name: string, rows: object[]}} diff  the last diff ({} for none)
 * @property {boolean} can_save     a Checkpoint object is attached (else list only)
 * @property {string} problem       the last error Python caught outside a button ("" for none)
 */
import { createCheckpointView } from "./view.js";
import { hideStaticFallback } from "../fallback.js";
import { showProblems } from "../problem.js";
import { requester } from "../request.js";

const TRAITS = ["directory", "checkpoints", "notice", "diff", "can_save"];

function render({ model, el, experimental }) {
  const requests = requester(experimental);
  let pending = 0;
  const view = createCheckpointView(el, {
    async onAction(type, path) {
      pending += 1;
      view.setBusy(true);
      const answer = await requests.ask(`_request_${type}`, path === undefined ? {} : { path });
      if (!answer) return;   // the view is gone
      pending -= 1;
      if (!pending) view.setBusy(false);
    },
    onCloseDiff() {
      model.set("diff", {});
      model.save_changes();
    },
  });

  function redraw() {
    view.update(Object.fromEntries(TRAITS.map((k) => [k, model.get(k)])));
  }

  for (const name of TRAITS) model.on(`change:${name}`, redraw);
  redraw();
  const hideProblems = showProblems(model, el);
  const showFallback = hideStaticFallback(el, { pictureId: model.get("picture_id") || "" });
  return () => {
    showFallback();
    requests.close();
    hideProblems();
    for (const name of TRAITS) model.off(`change:${name}`, redraw);
    view.destroy();
  };
}

export default { render };
