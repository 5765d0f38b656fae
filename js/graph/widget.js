/**
 * anywidget glue for TapeView: traits in, callbacks out, a node's detail asked of Python
 * (`invoke("_request_detail")`).
 *
 * @typedef Model
 * @property {string|object} graph   the graph model (tapeviz.viewmodel.graph_model data), as JSON text
 * @property {DataView} previews     float32 previews of small tensors
 * @property {Record<string, boolean>} overrides  group id -> collapsed
 * @property {string} selected       the clicked node id
 * @property {number} height         drawing height in pixels
 * @property {boolean} live          a live view following new tapes
 * @property {number} step           live: tapes seen so far
 * @property {DataView} history      live: float32 target value per step
 * @property {string} status         "drawn <items>" once the view has drawn
 * @property {string} problem        the last error Python caught for this widget ("" for none)
 * @property {boolean} [presentation] classroom mode (larger type, higher contrast)
 * @property {string} [picture]      the view's own drawing as SVG, sent back once drawn (saved with
 *                                   the notebook as its static picture); only if the trait exists
 */
import { floats, jsonTrait } from "../codec.js";
import { provideWorkerCode } from "./elk.js";
import { createView } from "./view.js";
import { hideStaticFallback } from "../fallback.js";
import { raf, unraf } from "../frame.js";
import { showProblems } from "../problem.js";
import { requester } from "../request.js";

const TRAITS = ["graph", "previews", "overrides", "selected", "height", "live", "step", "history", "presentation"];
const PICTURE_MAX = 300_000;    // characters of SVG sent back at most
const PICTURE_EVERY = 1500;     // ms between two pictures sent back (live views draw often)

function render({ model, el, experimental }) {
  const requests = requester(experimental);
  let showFallback = () => {};
  provideWorkerCode(async () => {
    const answer = await requests.ask("_request_layout_engine");
    const buffer = answer && answer[1] && answer[1][0];
    if (!buffer) throw new Error((answer && answer[0].error) || "no layout engine from Python");
    return new TextDecoder().decode(buffer);
  });
  let shownSelection = "";
  const view = createView(el, {
    onSelect(id) {
      model.set("selected", id);
      model.save_changes();
    },
    onToggle(groupId, collapsed) {
      model.set("overrides", { ...(model.get("overrides") || {}), [groupId]: collapsed });
      model.save_changes();
    },
    onOverrides(o) {
      model.set("overrides", o);
      model.save_changes();
    },
    onDrawn({ empty }) {
      reportStatus();
      if (!empty) schedulePicture();
    },
    onLayoutFailed() {
      showFallback();      // no layout (a saved notebook opened without a kernel): the picture stays
    },
  });

  let lastStatus = "";
  function reportStatus() {
    const status = `drawn ${view.root.dataset.nodes}`;
    if (status !== lastStatus) {
      lastStatus = status;
      model.set("status", status);
      model.save_changes();
    }
  }

  let pictureTimer = 0;
  let lastPicture = 0;
  function schedulePicture() {
    if (model.get("picture") === undefined || pictureTimer) return;
    const wait = Math.max(0, lastPicture + PICTURE_EVERY - Date.now());
    pictureTimer = setTimeout(() => {
      pictureTimer = 0;
      lastPicture = Date.now();
      const text = view.exportSvg();
      if (text.length <= PICTURE_MAX && text !== model.get("picture")) {
        model.set("picture", text);
        model.save_changes();
      }
    }, wait || 50);
  }

  async function requestDetail(node) {
    const answer = await requests.ask("_request_detail", { node });
    if (!answer) return;
    const [msg, buffers] = answer;
    view.showDetail(node, {
      value: msg.value, grad: msg.grad, error: msg.error, code: msg.code, attrs: msg.attrs, scope: msg.scope, file: msg.file,
      valueFloats: floats(buffers && buffers[0]), gradFloats: floats(buffers && buffers[1]),
    });
  }

  const graphOf = jsonTrait();
  let frame = 0;
  function redraw() {
    frame = 0;
    const selected = model.get("selected") || "";
    view.update({
      graph: graphOf(model.get("graph")), previews: floats(model.get("previews")),
      overrides: model.get("overrides") || {}, selected, height: model.get("height"),
      live: model.get("live"), step: model.get("step"), history: floats(model.get("history")),
      presentation: !!model.get("presentation"),
    });
    if (selected && selected !== shownSelection) requestDetail(selected);
    shownSelection = selected;
  }
  function schedule() {
    if (!frame) frame = raf(redraw);
  }
  function onGraph() {
    shownSelection = "";   // a new graph: refetch the selected node's detail
    schedule();
  }

  for (const name of TRAITS) model.on(`change:${name}`, name === "graph" ? onGraph : schedule);
  redraw();
  const hideProblems = showProblems(model, el);
  showFallback = hideStaticFallback(el, { pictureId: model.get("picture_id") || "" });
  return () => {
    showFallback();
    requests.close();
    hideProblems();
    for (const name of TRAITS) model.off(`change:${name}`, name === "graph" ? onGraph : schedule);
    if (frame) unraf(frame);
    if (pictureTimer) clearTimeout(pictureTimer);
    view.destroy();
  };
}

export default { render };
