/** A lonboard-style fake anywidget model: traits in a dict, listeners counted, sends recorded. */
export class FakeModel {
  constructor(state = {}) {
    this.state = { ...state };
    this.handlers = new Map();
    this.sent = [];
    this.saves = 0;
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
