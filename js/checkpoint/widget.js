/**
 * anywidget glue for CheckpointPanel: traits in, button presses out as requests
 * ({type: "save"|"restore"|"diff"|"refresh", id, path}); Python acts on the kernel's objects,
 * updates the traits (list, notice, diff) and replies {type, id, ok}.
 *
 * @typedef Model
 * @property {string} directory     the checkpoint directory
 * @property {object[]} checkpoints  list_checkpoints() rows, oldest first
 * @property {{kind: string, text: string}} notice  the last result or error
 * @property {{path: string, name: string, rows: object[]}} diff  the last diff ({} for none)
 * @property {boolean} can_save     a Checkpoint object is attached (else list only)
 */
import { createCheckpointView } from "./view.js";
import { hideStaticFallback } from "../fallback.js";

const TRAITS = ["directory", "checkpoints", "notice", "diff", "can_save"];

function render({ model, el }) {
  let nextId = 1;
  const pending = new Set();
  const view = createCheckpointView(el, {
    onAction(type, path) {
      const id = nextId++;
      pending.add(id);
      view.setBusy(true);
      model.send(path === undefined ? { type, id } : { type, id, path });
    },
    onCloseDiff() {
      model.set("diff", {});
      model.save_changes();
    },
  });

  function onMessage(msg) {
    if (!msg || !pending.has(msg.id)) return;
    pending.delete(msg.id);
    if (!pending.size) view.setBusy(false);
  }
  function redraw() {
    view.update(Object.fromEntries(TRAITS.map((k) => [k, model.get(k)])));
  }

  for (const name of TRAITS) model.on(`change:${name}`, redraw);
  model.on("msg:custom", onMessage);
  redraw();
  const showFallback = hideStaticFallback(el);
  return () => {
    showFallback();
    for (const name of TRAITS) model.off(`change:${name}`, redraw);
    model.off("msg:custom", onMessage);
    view.destroy();
  };
}

export default { render };
