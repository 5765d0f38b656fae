/** A lonboard-style fake anywidget model: traits in a dict, listeners counted, sends recorded. */
export class FakeModel {
  constructor(state = {}) {
    this.state = { ...state };
    this.handlers = new Map();
    this.sent = [];
    this.saves = 0;
    this.experimental = { invoke: (name, msg, options) => invoke(this, name, msg, options) };
  }

  get(key) { return this.state[key]; }

  set(key, value) {
    this.state[key] = value;
    this.emit(`change:${key}`, value);
  }

  save_changes() { this.saves += 1; }

  send(content, callbacks, buffers) { this.sent.push({ content, buffers }); }

  on(event, fn) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(fn);
  }

  off(event, fn) {
    if (!event) this.handlers.clear();
    else if (!fn) this.handlers.delete(event);
    else this.handlers.get(event)?.delete(fn);
  }

  emit(event, ...args) {
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
  }

  listenerCount() {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }
}

/** float32 values as an unaligned DataView, the way ipywidgets may hand bytes over. */
export function unalignedView(values) {
  const f = new Float32Array(values);
  const raw = new Uint8Array(f.byteLength + 1);
  raw.set(new Uint8Array(f.buffer), 1);
  return new DataView(raw.buffer, 1, f.byteLength);
}

export const tick = (ms = 40) => new Promise((r) => setTimeout(r, ms));

let requestCount = 0;

/**
 * anywidget's `experimental.invoke`, speaking its command messages over the fake model: sends
 * `{id, kind: "anywidget-command", name, msg}` and resolves with the `response` of the
 * `{id, kind: "anywidget-command-response"}` custom message (see `reply`).
 */
function invoke(model, name, msg, { buffers = [], signal } = {}) {
  const id = `request-${++requestCount}`;
  return new Promise((resolve, reject) => {
    function handler(content, replyBuffers) {
      if (content.id !== id) return;
      model.off("msg:custom", handler);
      resolve([content.response, replyBuffers]);
    }
    signal?.addEventListener("abort", () => {
      model.off("msg:custom", handler);
      reject(signal.reason);
    });
    model.on("msg:custom", handler);
    model.send({ id, kind: "anywidget-command", name, msg }, undefined, buffers);
  });
}

/** The last request named `name` the view sent (its `content`: {id, kind, name, msg}). */
export function lastRequest(model, name) {
  return model.sent.filter((m) => m.content.name === name).at(-1)?.content;
}

/** Python's answer to `request`, as anywidget's command reply; resolves once the view has it. */
export async function reply(model, request, response, buffers = []) {
  model.emit("msg:custom", { id: request.id, kind: "anywidget-command-response", response }, buffers);
  await tick(0);
}

/** Waits until the view under `el` has drawn (layout is asynchronous: ELK on the main thread here). */
export async function drawn(el, timeout = 5000) {
  const t0 = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 5));
    const root = el.querySelector(".tapeviz-root");
    if (root && root.dataset.status === "drawn") {
      await new Promise((r) => setTimeout(r, 5));
      if (root.dataset.status === "drawn") return root;
    }
    if (Date.now() - t0 > timeout) throw new Error(`not drawn: ${root && root.dataset.status}`);
  }
}
