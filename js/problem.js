/**
 * The `problem` trait: the last error Python caught at the widget boundary (after a cell, or
 * answering a request). Shown as a line under the view and written to the browser console.
 */
export function showProblems(model, el) {
  const line = document.createElement("div");
  line.className = "tapeviz-problem";
  line.style.cssText = "color:#b3261e;font:12px/1.4 sans-serif;padding:2px 6px";
  el.appendChild(line);
  function show() {
    const text = model.get("problem") || "";
    line.textContent = text;
    line.hidden = !text;
    if (text) console.warn(`tapeviz: ${text}`);
  }
  model.on("change:problem", show);
  show();
  return () => {
    model.off("change:problem", show);
    line.remove();
  };
}
