/** Gradient magnitude colours on a log scale (a viridis-like ramp), shared by nodes and legend. */

export const RAMP = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];
export const BAD = "#d62728";

/** The colour at t in [0, 1]. */
export function ramp(t) {
  const x = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (RAMP.length - 1);
  const i = Math.min(Math.floor(x), RAMP.length - 2);
  const f = x - i;
  const a = RAMP[i];
  const b = RAMP[i + 1];
  let out = "#";
  for (const k of [1, 3, 5]) {
    const c = Math.round(parseInt(a.slice(k, k + 2), 16) * (1 - f) + parseInt(b.slice(k, k + 2), 16) * f);
    out += c.toString(16).padStart(2, "0");
  }
  return out;
}

/** The colour of a gradient magnitude given the legend's log10 range, or null. */
export function gradColour(m, legend) {
  if (!legend || typeof m !== "number" || !(m > 0)) return null;
  const lo = legend.log_min;
  const hi = legend.log_max;
  return ramp(hi - lo < 1e-12 ? 0.5 : (Math.log10(m) - lo) / (hi - lo));
}
