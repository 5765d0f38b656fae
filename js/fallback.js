/**
 * Every tapeviz widget is displayed right after its static picture (a `.tapeviz-static` output),
 * which is what a reader without the widget front end sees: offline nbconvert HTML, GitHub.
 * Once the live widget renders, that picture is redundant: hide it.
 *
 * Two ways, so that no front end shows both: a style rule for the picture's own id (the picture
 * carries `data-tapeviz-picture="<id>"`, the widget the trait `picture_id`), which works in any
 * front end that puts outputs in one document (JupyterLab, Notebook 7, VS Code, Voilà); and, where
 * the output areas are known (JupyterLab, Notebook), the whole picture output is hidden so no
 * empty row is left.
 */
const OUTPUT = ".jp-OutputArea-child, .output_area";

/** Hides the static picture of `el`'s widget; returns a cleanup that shows it again. */
export function hideStaticFallback(el, { pictureId = "", tries = 60 } = {}) {
  const style = pictureId ? hideById(el, pictureId) : null;
  let hidden = null;
  let handle = null;
  const attempt = (left) => {
    const output = el.closest ? el.closest(OUTPUT) : null;
    const previous = output ? output.previousElementSibling : null;
    if (previous && previous.querySelector(".tapeviz-static")) {
      hidden = previous;
      hidden.style.display = "none";
      return;
    }
    if (!output && left > 0) handle = setTimeout(() => attempt(left - 1), 50);
  };
  attempt(tries);
  return () => {
    if (handle) clearTimeout(handle);
    if (hidden) hidden.style.display = "";
    if (style) style.remove();
  };
}

function hideById(el, pictureId) {
  const doc = el.ownerDocument || globalThis.document;
  if (!doc || !/^[\w-]+$/.test(pictureId)) return null;
  const style = doc.createElement("style");
  style.textContent = `[data-tapeviz-picture="${pictureId}"] { display: none !important; }`;
  (doc.head || doc.documentElement).appendChild(style);
  return style;
}
