/** Tiny DOM helpers: every user string goes in as text (textContent), never as HTML. */

export const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes and optional text. */
export function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = String(text);
  return el;
}

/** An HTML element with a class, attributes and optional text. */
export function html(tag, cls, text, attrs = {}) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = String(text);
  return el;
}

export function shapeText(shape, dtype) {
  const s = shape && shape.length ? shape.join("×") : "scalar";
  return dtype ? `${s} ${dtype}` : s;
}
