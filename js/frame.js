/** Redraws wait for the next animation frame (a timer where there is none, e.g. in unit tests). */
export const raf = (f) => (globalThis.requestAnimationFrame ? globalThis.requestAnimationFrame(f) : setTimeout(f, 16));
export const unraf = (h) => (globalThis.cancelAnimationFrame ? globalThis.cancelAnimationFrame(h) : clearTimeout(h));
