/**
 * ELK (elkjs) started once per page. Its worker code is bundled as text and started from a Blob
 * URL, so layout runs off the page's main thread; where no Worker can be made (happy-dom in unit
 * tests, a page that forbids blob: workers) the same code runs on the main thread instead.
 */
import ELK from "elkjs/lib/elk-api.js";
import WORKER_CODE from "elkjs/lib/elk-worker.min.js?raw";

// One ELK per page, shared by every view: anywidget evaluates a widget's module once per
// widget, and starting ELK's worker (parsing 1.6 MB of code) costs more than laying out.
const shared = globalThis.__tapevizElk1 || (globalThis.__tapevizElk1 = { elk: null, mode: "", workerFailed: null, forceMain: false });

/** The FakeWorker class of ELK's worker code, evaluated on this thread. */
function fakeWorkerClass() {
  const module = { exports: {} };
  // eslint-disable-next-line no-new-func
  new Function("module", "exports", WORKER_CODE)(module, module.exports);
  return module.exports.Worker || module.exports.default;
}

function blobWorker() {
  const url = URL.createObjectURL(new Blob([WORKER_CODE], { type: "text/javascript" }));
  const w = new Worker(url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return w;
}


/** The page's ELK; `mode` says where it lays out: "worker" or "main thread". */
export function getElk() {
  if (shared.elk) return shared.elk;
  let factory = null;
  if (!shared.forceMain && typeof Worker !== "undefined" && typeof Blob !== "undefined" && typeof URL !== "undefined"
      && URL.createObjectURL && !(typeof navigator !== "undefined" && /HappyDOM/.test(navigator.userAgent || ""))) {
    try {
      const probe = blobWorker();
      shared.workerFailed = new Promise((resolve, reject) => {
        probe.addEventListener("error", (ev) => reject(new Error(`layout worker failed: ${ev.message || "error"}`)));
      });
      shared.workerFailed.catch(() => {});
      factory = () => probe;
      shared.mode = "worker";
    } catch {
      factory = null;
    }
  }
  if (!factory) {
    const Fake = fakeWorkerClass();
    factory = () => new Fake();
    shared.mode = "main thread";
  }
  shared.elk = new ELK({ workerFactory: factory, algorithms: ["layered"] });
  return shared.elk;
}

export function elkMode() {
  return shared.mode;
}

/** Lays out an ELK graph; if the worker cannot run, on the main thread from then on. */
export async function elkLayout(graph) {
  const e = getElk();
  if (shared.mode !== "worker") return e.layout(graph);
  try {
    return await Promise.race([e.layout(graph), shared.workerFailed]);
  } catch (err) {
    if (shared.mode !== "worker" || !String(err && err.message).startsWith("layout worker failed")) throw err;
    console.warn(`tapeviz: ${err.message}; laying out on the main thread`);
    shared.forceMain = true;
    shared.elk = null;
    return getElk().layout(graph);
  }
}
