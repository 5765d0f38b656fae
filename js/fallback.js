/**
 * Every tapeviz widget is displayed right after its static picture (a `.tapeviz-static` output),
 * which is what a reader without the widget front end sees: offline nbconvert HTML, GitHub.
 * Once the live widget renders, that picture is redundant: hide it.
 */
const OUTPUT = ".jp-OutputArea-child, .output_area";

/** Hides the static picture output just before `el`'s output; returns a cleanup that shows it again. */
export function hideStaticFallback(el, { tries = 60 } = {}) {
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
  };
}
