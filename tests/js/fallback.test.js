import { describe, expect, it } from "vitest";
import { hideStaticFallback } from "../../js/fallback.js";

function outputs(withPicture) {
  const area = document.createElement("div");
  area.className = "jp-OutputArea";
  const picture = document.createElement("div");
  picture.className = "jp-OutputArea-child";
  picture.innerHTML = withPicture ? '<div class="tapeviz-static"><svg></svg></div>' : "<pre>text</pre>";
  const widgetOutput = document.createElement("div");
  widgetOutput.className = "jp-OutputArea-child";
  const el = document.createElement("div");
  widgetOutput.appendChild(el);
  area.append(picture, widgetOutput);
  document.body.replaceChildren(area);
  return { picture, el };
}

describe("static picture fallback", () => {
  it("hides the picture output right before the widget, and shows it again on cleanup", () => {
    const { picture, el } = outputs(true);
    const cleanup = hideStaticFallback(el);
    expect(picture.style.display).toBe("none");
    cleanup();
    expect(picture.style.display).toBe("");
  });

  it("leaves any other previous output alone", () => {
    const { picture, el } = outputs(false);
    hideStaticFallback(el)();
    expect(picture.style.display).toBe("");
  });

  it("waits for an element that is not in the page yet", async () => {
    const { picture, el } = outputs(true);
    const parent = el.parentNode;
    parent.removeChild(el);
    const cleanup = hideStaticFallback(el);
    expect(picture.style.display).toBe("");
    parent.appendChild(el);
    await new Promise((r) => setTimeout(r, 120));
    expect(picture.style.display).toBe("none");
    cleanup();
  });
});

describe("static picture hidden by its id, in any front end", () => {
  it("adds a style rule for the picture's id and removes it on cleanup", () => {
    const picture = document.createElement("div");
    picture.className = "tapeviz-static";
    picture.dataset.tapevizPicture = "p1234";
    const el = document.createElement("div");
    document.body.replaceChildren(picture, el);          // no JupyterLab output areas here
    const cleanup = hideStaticFallback(el, { pictureId: "p1234", tries: 0 });
    const rule = [...document.querySelectorAll("style")].find((s) => s.textContent.includes("p1234"));
    expect(rule.textContent).toBe('[data-tapeviz-picture="p1234"] { display: none !important; }');
    cleanup();
    expect([...document.querySelectorAll("style")].some((s) => s.textContent.includes("p1234"))).toBe(false);
  });

  it("ignores an id that is not a plain token", () => {
    const el = document.createElement("div");
    document.body.replaceChildren(el);
    hideStaticFallback(el, { pictureId: '"] body { display:none } [x="', tries: 0 })();
    expect(document.querySelectorAll("style").length).toBe(0);
  });
});
