/**
 * ELK (elkjs) started once per page. Its worker code (1.6 MB) is not in the widget bundle, which
 * anywidget sends with every view: the first view of a page asks Python for it once
 * (`provideWorkerCode`), then it is started from a Blob URL, so layout runs off the page's main
 * thread; where no Worker can be made (happy-dom in unit tests, a page that forbids blob:
 * workers) the same code runs on the main thread instead.
 */
import ELK from "elkjs/lib/elk-api.js";

// One ELK per page, shared by every view: anywidget evaluates a widget's module once per
// widget, and starting ELK's worker (parsing 1.6 MB of code) costs more than laying out.
const shared = globalThis.__tapevizElk2 || (globalThis.__tapevizElk2 = {
  elk: null, mode: "", workerFailed: null, forceMain: false, code: null, fetchCode: null,
});

/** Registers how to get ELK's worker code (the first view's request to Python); kept per page. */
export function provideWorkerCode(fetchCode) {
  if (!shared.fetchCode) shared.fetchCode = fetchCode;
}

function workerCode() {
  if (!shared.code) {
    if (!shared.fetchCode) return Promise.reject(new Error("the layout engine is not loaded"));
    shared.code = shared.fetchCode().catch((err) => { shared.code = null; throw err; });
  }
  return shared.code;
}

/** The FakeWorker class of ELK's worker code, evaluated on this thread. */
function fakeWorkerClass(code) {
  const module = { exports: {} };
  // eslint-disable-next-line no-new-func
  new Function("module", "exports", code)(module, module.exports);
  return module.exports.Worker || module.exports.default;
}

function blobWorker(code) {
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const w = new Worker(url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return w;
}


/** The page's ELK (a promise); `mode` says where it lays out: "worker" or "main thread". */
export async function getElk() {
  if (shared.elk) return shared.elk;
  const code = await workerCode();
  if (shared.elk) return shared.elk;
  let factory = null;
  if (!shared.forceMain && typeof Worker !== "undefined" && typeof Blob !== "undefined" && typeof URL !== "undefined"
      && URL.createObjectURL && !(typeof navigator !== "undefined" && /HappyDOM/.test(navigator.userAgent || ""))) {
    try {
      const probe = blobWorker(code);
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
    const Fake = fakeWorkerClass(code);
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
  const e = await getElk();
  if (shared.mode !== "worker") return e.layout(graph);
  try {
    return await Promise.race([e.layout(graph), shared.workerFailed]);
  } catch (err) {
    if (shared.mode !== "worker" || !String(err && err.message).startsWith("layout worker failed")) throw err;
    console.warn(`tapeviz: ${err.message}; laying out on the main thread`);
    shared.forceMain = true;
    shared.elk = null;
    return (await getElk()).layout(graph);
  }
}
