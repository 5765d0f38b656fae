/**
 * Pan (drag the background) and zoom for an SVG scene. A plain wheel is left to the page (the
 * notebook scrolls); Ctrl/⌘+wheel, and a trackpad pinch (which browsers send as a wheel with
 * ctrlKey), zoom around the pointer.
 */

export function attachPanZoom(svgEl, getScene) {
  let t = { x: 0, y: 0, k: 1 };
  let drag = null;
  const apply = () => {
    const scene = getScene();
    if (scene) scene.setAttribute("transform", `translate(${t.x},${t.y}) scale(${t.k})`);
  };
  const onWheel = (ev) => {
    if (!ev.ctrlKey && !ev.metaKey) return;      // the page scrolls
    ev.preventDefault();
    const rect = svgEl.getBoundingClientRect();
    const px = ev.clientX - rect.left;
    const py = ev.clientY - rect.top;
    const k = Math.min(Math.max(t.k * Math.exp(-ev.deltaY * 0.004), 0.1), 4);
    t = { x: px - ((px - t.x) * k) / t.k, y: py - ((py - t.y) * k) / t.k, k };
    apply();
  };
  const onDown = (ev) => {
    if (ev.button !== 0 || ev.target.closest?.(".tapeviz-node, .tapeviz-box")) return;
    drag = { x: ev.clientX, y: ev.clientY, t0: { ...t } };
    svgEl.classList.add("tapeviz-dragging");
  };
  const onMove = (ev) => {
    if (!drag) return;
    t = { ...drag.t0, x: drag.t0.x + ev.clientX - drag.x, y: drag.t0.y + ev.clientY - drag.y };
    apply();
  };
  const onUp = () => {
    drag = null;
    svgEl.classList.remove("tapeviz-dragging");
  };
  svgEl.addEventListener("wheel", onWheel, { passive: false });
  svgEl.addEventListener("pointerdown", onDown);
  window.addEventListener("pointermove", onMove);
  window.addEventListener("pointerup", onUp);
  return {
    element: svgEl,
    get transform() { return { ...t }; },
    set(next) { t = { ...next }; apply(); },
    apply,
    /** Fits a w x h drawing into the viewport (never zooming in past 1). */
    fit(w, h) {
      const vw = svgEl.clientWidth || Number(svgEl.getAttribute("width")) || 800;
      const vh = svgEl.clientHeight || Number(svgEl.getAttribute("height")) || 500;
      const k = Math.min(vw / Math.max(w, 1), vh / Math.max(h, 1), 1);
      t = { k, x: (vw - w * k) / 2, y: Math.max((vh - h * k) / 2, 0) };
      apply();
    },
    /** Centres the point (x, y) of the drawing. */
    centre(x, y) {
      const vw = svgEl.clientWidth || 800;
      const vh = svgEl.clientHeight || 500;
      t = { ...t, x: vw / 2 - x * t.k, y: vh / 2 - y * t.k };
      apply();
    },
    detach() {
      svgEl.removeEventListener("wheel", onWheel);
      svgEl.removeEventListener("pointerdown", onDown);
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
    },
  };
}
