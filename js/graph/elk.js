/**
 * ELK (elkjs) started once per page. Its worker code is bundled as text and started from a Blob
 * URL, so layout runs off the page's main thread; where no Worker can be made (happy-dom in unit
 * tests, a page that forbids blob: workers) the same code runs on the main thread instead.
 */
import ELK from "elkjs/lib/elk-api.js";
import WORKER_CODE from "elkjs/lib/elk-worker.min.js?raw";

let elk = null;
let mode = "";

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

let workerFailed = null;     // a Promise that rejects when the worker cannot run (e.g. a CSP)
let forceMain = false;

/** The page's ELK; `mode` says where it lays out: "worker" or "main thread". */
export function getElk() {
  if (elk) return elk;
  let factory = null;
  if (!forceMain && typeof Worker !== "undefined" && typeof Blob !== "undefined" && typeof URL !== "undefined"
      && URL.createObjectURL && !(typeof navigator !== "undefined" && /HappyDOM/.test(navigator.userAgent || ""))) {
    try {
      const probe = blobWorker();
      workerFailed = new Promise((resolve, reject) => {
        probe.addEventListener("error", (ev) => reject(new Error(`layout worker failed: ${ev.message || "error"}`)));
      });
      workerFailed.catch(() => {});
      factory = () => probe;
      mode = "worker";
    } catch {
      factory = null;
    }
  }
  if (!factory) {
    const Fake = fakeWorkerClass();
    factory = () => new Fake();
    mode = "main thread";
  }
  elk = new ELK({ workerFactory: factory, algorithms: ["layered"] });
  return elk;
}

export function elkMode() {
  return mode;
}

/** Lays out an ELK graph; if the worker cannot run, on the main thread from then on. */
export async function elkLayout(graph) {
  const e = getElk();
  if (mode !== "worker") return e.layout(graph);
  try {
    return await Promise.race([e.layout(graph), workerFailed]);
  } catch (err) {
    if (mode !== "worker" || !String(err && err.message).startsWith("layout worker failed")) throw err;
    console.warn(`tapeviz: ${err.message}; laying out on the main thread`);
    forceMain = true;
    elk = null;
    return getElk().layout(graph);
  }
}
