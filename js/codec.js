/**
 * Numbers from Python: little-endian float32 buffers and JSON numbers.
 *
 * ipywidgets hands bytes over as a DataView that may be unaligned, so every decode copies
 * into a fresh ArrayBuffer before making a Float32Array.
 */

/** @param {DataView|ArrayBuffer|ArrayBufferView|null|undefined} data @returns {Float32Array} */
export function floats(data) {
  if (!data) return new Float32Array(0);
  let bytes;
  if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  else return new Float32Array(0);
  const n = Math.floor(bytes.byteLength / 4);
  const copy = new Uint8Array(n * 4);
  copy.set(bytes.subarray(0, n * 4));
  const out = new Float32Array(copy.buffer);
  if (!littleEndianHost()) {
    const view = new DataView(copy.buffer);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}

let _little;
function littleEndianHost() {
  if (_little === undefined) _little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return _little;
}

/** The values a summary's `preview: [offset, count]` points at, or null. */
export function preview(all, summary) {
  if (!summary || !summary.preview || !all) return null;
  const [offset, count] = summary.preview;
  if (offset + count > all.length) return null;
  return all.subarray(offset, offset + count);
}

/** A JSON number from Python: NaN and infinities arrive as the strings "nan", "inf", "-inf". */
export function num(v) {
  if (typeof v === "number") return v;
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return NaN;
}

/** A short, readable number. */
export function fmt(v) {
  const x = num(v);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/**
 * A reader for a trait Python sends as JSON text (the graph: see tapeviz/widgets/graph.py
 * `_graph_json`): parses each new text once and returns the same object until the text changes.
 * An object (a fake model in tests, an older saved notebook) passes through.
 */
export function jsonTrait(fallback = {}) {
  let text = null;
  let value = fallback;
  return (raw) => {
    if (typeof raw !== "string") return raw || fallback;
    if (raw !== text) {
      text = raw;
      value = raw ? JSON.parse(raw) : fallback;
    }
    return value;
  };
}
