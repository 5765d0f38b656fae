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
import { createView, mark } from "./view.js";
import { hideStaticFallback } from "../fallback.js";
import { raf, unraf } from "../frame.js";
import { showProblems } from "../problem.js";
import { requester } from "../request.js";

const TRAITS = ["graph", "previews", "overrides", "selected", "height", "live", "step", "history", "presentation"];
const PICTURE_MAX = 300_000;    // characters of SVG sent back at most
const PICTURE_EVERY = 1500;     // ms between two pictures sent back (live views draw often)

function render({ model, el, experimental }) {
  mark("model");
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
    onNeedNodes: (nodes, edges, o) => fill(nodes, edges, o),
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

  // Nodes inside folded blocks come as a light index (`lazy`); the view asks for the ones it is
  // about to draw. They are filled in place in the parsed graph, and their previews appended to
  // the previews buffer (their [offset, count] moved by its length).
  const filled = { graph: null, previews: null, raw: null, pending: new Set(), failed: false };
  function previewsOf(graph) {
    const raw = model.get("previews");
    if (filled.graph !== graph || filled.raw !== raw) return floats(raw);
    return filled.previews;
  }
  function fill(nodeIds, edgeObjects, { ahead = false } = {}) {
    const graph = graphOf(model.get("graph"));
    if (filled.graph !== graph || filled.raw !== model.get("previews")) {
      Object.assign(filled, { graph, raw: model.get("previews"), previews: floats(model.get("previews")), pending: new Set(), failed: false });
    }
    if (filled.failed) return false;        // Python cannot fill them: drawn as they are
    const edgeIndex = indexOfEdges(graph);
    const nodes = nodeIds.filter((id) => !filled.pending.has(id));
    const edges = edgeObjects.map((e) => edgeIndex.get(e)).filter((i) => i !== undefined && !filled.pending.has(i));
    if (!nodes.length && !edges.length) return true;     // already asked: the reply redraws
    for (const k of [...nodes, ...edges]) filled.pending.add(k);
    requests.ask("_request_nodes", { nodes, edges, structure: graph.structure || "" }).then((answer) => {
      if (!answer || filled.graph !== graph) return;
      const [reply, buffers] = answer;
      if (reply.error) {
        if (!reply.stale) filled.failed = true;
        schedule();
        return;
      }
      const extra = floats(buffers && buffers[0]);
      const base = filled.previews.length;
      const merged = new Float32Array(base + extra.length);
      merged.set(filled.previews);
      merged.set(extra, base);
      filled.previews = merged;
      const at = indexOfNodes(graph);
      for (const n of reply.nodes || []) {
        for (const s of [n.value, n.grad]) {
          if (s && s.preview) s.preview = [s.preview[0] + base, s.preview[1]];
          if (s && s.hist) s.hist = [s.hist[0] + base, s.hist[1]];
        }
        const i = at.get(n.id);
        if (i !== undefined) graph.nodes[i] = n;
      }
      for (const [i, e] of reply.edges || []) {
        if (graph.edges[i]) { edgeIndex.delete(graph.edges[i]); graph.edges[i] = e; edgeIndex.set(e, i); }
      }
      // asked ahead and the view is not waiting: nothing shown changed (no second full drawing)
      if (!ahead || view.root.dataset.status !== "drawn") schedule();
    });
    return true;
  }

  const graphOf = jsonTrait();
  let frame = 0;
  let lastGraphText = null;
  function redraw() {
    frame = 0;
    const selected = model.get("selected") || "";
    const text = model.get("graph");
    const graph = graphOf(text);
    if (text !== lastGraphText) { mark("parsed"); lastGraphText = text; }
    view.update({
      graph, previews: previewsOf(graph),
      overrides: model.get("overrides") || {}, selected, height: model.get("height"),
      live: model.get("live"), step: model.get("step"), history: floats(model.get("history")),
      presentation: !!model.get("presentation"),
    });
    if (selected && selected !== shownSelection) {
      requestDetail(selected);
      // a node chosen from "used by" or search can sit inside a folded block: its summaries too
      const i = indexOfNodes(graph).get(selected);
      if (i !== undefined && graph.nodes[i].lazy) fill([selected], []);
    }
    shownSelection = selected;
  }
  function schedule() {
    if (!frame) frame = raf(redraw);
  }
  function onGraph() {
    mark("model");
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

const NODE_INDEX = new WeakMap();
const EDGE_INDEX = new WeakMap();

/** Node id -> position in graph.nodes (made once per graph). */
function indexOfNodes(graph) {
  let m = NODE_INDEX.get(graph);
  if (!m) NODE_INDEX.set(graph, (m = new Map((graph.nodes || []).map((n, i) => [n.id, i]))));
  return m;
}

/** Edge object -> position in graph.edges (made once per graph). */
function indexOfEdges(graph) {
  let m = EDGE_INDEX.get(graph);
  if (!m) EDGE_INDEX.set(graph, (m = new Map((graph.edges || []).map((e, i) => [e, i]))));
  return m;
}

export default { render };
