import { describe, expect, it } from "vitest";
import widget from "../../js/inspector/widget.js";
import { colourScale, heatmap, sparkHistogram } from "../../js/inspector/draw.js";
import { FakeModel, lastRequest, reply, tick, unalignedView } from "./fake-model.js";

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

function rows() {
  return [
    { id: "v1", name: "dense/kernel", shape: [3, 2], dtype: "float32", trainable: true, size: 6,
      stats: { min: -1, mean: 0.25, max: 2, std: 0.5, nan: 0, inf: 0 }, hist: [0, 4], range: [-1, 2],
      version: 0, grad_norm: 0.75, change: 0.01 },
    { id: "v2", name: HOSTILE, shape: [], dtype: "int64", trainable: false, size: 1,
      stats: { min: 3, mean: 3, max: 3, std: 0, nan: 0, inf: 0 }, hist: [4, 4], range: [3, 3],
      version: 0, grad_norm: null, change: null },
    { id: "v3", name: "bad", shape: [2], dtype: "float32", trainable: true, size: 2,
      stats: { min: 1, mean: 1, max: 1, std: 0, nan: 1, inf: 0 }, hist: null, range: null,
      version: 0, grad_norm: "nan", change: null },
  ];
}

function setup(extra = {}) {
  const model = new FakeModel({
    rows: rows(), histograms: unalignedView([1, 0, 2, 3, 0, 0, 5, 0]), title: "All live Variables",
    updates: 1, selected: "", live: true, height: 300, ...extra,
  });
  const el = document.createElement("div");
  document.body.replaceChildren(el);
  const cleanup = widget.render({ model, el, experimental: model.experimental });
  return { model, el, cleanup };
}

const rowEls = (el) => Array.from(el.querySelectorAll(".tapeviz-variable-row"));

describe("variable inspector", () => {
  it("renders one row per Variable with name, shape, dtype, trainable, stats and a histogram", () => {
    const { el } = setup();
    const trs = rowEls(el);
    expect(trs.map((r) => r.dataset.variableId)).toEqual(["v1", "v2", "v3"]);
    const cells = Array.from(trs[0].querySelectorAll("td"), (td) => td.textContent);
    expect(cells.slice(0, 8)).toEqual(["dense/kernel", "3×2", "float32", "yes", "-1", "0.25", "2", "0.5"]);
    expect(trs[0].querySelector(".tapeviz-grad").textContent).toBe("0.75");
    expect(trs[0].querySelector(".tapeviz-change").textContent).toBe("0.01");
    // histogram bars come from the (unaligned) float32 buffer: counts 1, 0, 2, 3 -> 3 bars
    expect(trs[0].querySelectorAll(".tapeviz-spark rect").length).toBe(3);
    expect(trs[1].querySelectorAll("td")[1].textContent).toBe("scalar");
    expect(trs[1].querySelector(".tapeviz-grad").textContent).toBe("–");
    expect(trs[2].querySelector(".tapeviz-grad").textContent).toBe("NaN");
    expect(trs[2].textContent).toContain("NaN 1");
    expect(el.querySelector(".tapeviz-title").textContent).toBe("All live Variables");
    expect(el.querySelector(".tapeviz-stats").textContent).toBe("3 Variables · 9 values");
  });

  it("shows hostile names as text, never as HTML", () => {
    const { el } = setup();
    const name = rowEls(el)[1].querySelector(".tapeviz-name");
    expect(name.textContent).toBe(HOSTILE);
    expect(el.querySelector("script")).toBeNull();
    expect(el.querySelector("img")).toBeNull();
  });

  it("redraws live when Python pushes new rows", async () => {
    const { model, el } = setup();
    const next = rows();
    next[0].stats = { ...next[0].stats, mean: 0.5 };
    next[0].version = 1;
    model.set("rows", next.slice(0, 2));
    model.set("updates", 2);
    model.set("steps", 7);
    await tick();
    expect(rowEls(el).length).toBe(2);
    expect(rowEls(el)[0].querySelectorAll("td")[5].textContent).toBe("0.5");
    expect(el.querySelector(".tapeviz-live-badge").textContent).toContain("7 training steps");
    expect(el.querySelector(".tapeviz-live-badge").title).toContain("2 times");
  });

  it("filters rows by name", async () => {
    const { el } = setup();
    const input = el.querySelector(".tapeviz-filter");
    input.value = "KERN";
    input.dispatchEvent(new Event("input"));
    expect(rowEls(el).map((r) => r.dataset.name)).toEqual(["dense/kernel"]);
  });

  it("click selects a row, asks for its value, and draws a heatmap from binary buffers", async () => {
    const { model, el } = setup();
    rowEls(el)[0].querySelector("td").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(model.get("selected")).toBe("v1");
    expect(model.saves).toBeGreaterThan(0);
    await tick();
    const req = lastRequest(model, "_request_value");
    expect(req).toMatchObject({ kind: "anywidget-command", name: "_request_value", msg: { row: "v1" } });
    const view = el.querySelector(".tapeviz-value-view");
    expect(view.hidden).toBe(false);
    expect(view.textContent).toContain("loading");
    const meta = { name: "dense/kernel", shape: [3, 2], dtype: "float32", view: "heatmap", rows: 3, cols: 2,
      full_rows: 3, full_cols: 2, downsampled: false, min: -1, mean: 0.25, max: 2, std: 0.5, nan: 0, inf: 0, bins: 2 };
    await reply(model, req, { row: "v1", meta },
      [unalignedView([-1, 0, 0.5, 1, 2, NaN]), unalignedView([4, 2, -1, 0.5, 2])]);
    expect(view.querySelectorAll(".tapeviz-heatmap rect").length).toBe(6);
    expect(Array.from(view.querySelectorAll(".tapeviz-value-table td"), (td) => td.textContent))
      .toEqual(["-1", "0", "0.5", "1", "2", "NaN"]);
    expect(view.querySelectorAll(".tapeviz-histogram rect").length).toBe(2);
    expect(view.textContent).toContain("3×2 float32");
    expect(rowEls(el)[0].classList.contains("tapeviz-selected")).toBe(true);
  });

  it("says when a large value was downsampled, and draws a line for 1-D", async () => {
    const { model, el } = setup({ selected: "v3" });
    const req = lastRequest(model, "_request_value");
    const meta = { name: "bad", shape: [5000], dtype: "float32", view: "line", rows: 1, cols: 4, full_cols: 5000, downsampled: true, bins: 0 };
    await reply(model, req, { row: "v3", meta }, [unalignedView([1, 2, 3, 4]), unalignedView([])]);
    const view = el.querySelector(".tapeviz-value-view");
    expect(view.querySelector(".tapeviz-line-path").getAttribute("d")).toMatch(/^M.*L.*L.*L/);
    expect(view.querySelector(".tapeviz-downsampled").textContent).toBe("downsampled from 5000 to 4 (block means)");
    expect(view.querySelector(".tapeviz-value-table")).toBeNull();
  });

  it("refetches the selected value when its version changes, not on other updates", async () => {
    const { model } = setup({ selected: "v1" });
    const count = () => model.sent.filter((m) => m.content.name === "_request_value").length;
    expect(count()).toBe(1);
    model.set("updates", 5);
    await tick();
    expect(count()).toBe(1);
    const next = rows();
    next[0].version = 1;
    model.set("rows", next);
    await tick();
    expect(count()).toBe(2);
  });

  it("ignores replies it did not ask for and shows errors as text", async () => {
    const { model, el } = setup({ selected: "v2" });
    const view = el.querySelector(".tapeviz-value-view");
    await reply(model, { id: "request-999" }, { row: "v2", meta: { view: "scalar", v: 1 } });
    expect(view.querySelector(".tapeviz-value-scalar")).toBeNull();
    const req = lastRequest(model, "_request_value");
    await reply(model, req, { row: "v2", error: HOSTILE }, [unalignedView([]), unalignedView([])]);
    expect(view.querySelector(".tapeviz-bad").textContent).toBe(HOSTILE);
    expect(el.querySelector("script")).toBeNull();
  });

  it("close button and a second click clear the selection", async () => {
    const { model, el } = setup({ selected: "v1" });
    el.querySelector(".tapeviz-value-view .tapeviz-close").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(model.get("selected")).toBe("");
    await tick();
    expect(el.querySelector(".tapeviz-value-view").hidden).toBe(true);
    rowEls(el)[1].querySelector("td").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(model.get("selected")).toBe("v2");
    await tick();
    rowEls(el)[1].querySelector("td").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(model.get("selected")).toBe("");
  });

  it("cleanup removes every listener (a pending request's too) and the view", () => {
    const { model, el, cleanup } = setup({ selected: "v1" });
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(el.querySelector(".tapeviz-variables")).toBeNull();
  });
});

describe("inspector drawing", () => {
  it("colours diverge around zero and mark non-finite values red", () => {
    const c = colourScale(-2, 2);
    expect(c(0)).toBe("rgb(255,255,255)");
    expect(c(2)).toBe("rgb(255,55,55)");
    expect(c(-2)).toBe("rgb(55,55,255)");
    expect(c(NaN)).toBe("#d62728");
  });

  it("a heatmap has one cell per value and a sparkline one bar per non-empty bin", () => {
    const h = heatmap(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3);
    expect(h.querySelectorAll("rect").length).toBe(6);
    expect(h.querySelector("rect title").textContent).toBe("[0, 0] 1");
    expect(h.querySelector(".tapeviz-colour-legend").textContent).toBe("16");   // its key: min … max
    expect(sparkHistogram(new Float32Array([0, 0, 0])).querySelectorAll("rect").length).toBe(0);
    expect(sparkHistogram(new Float32Array([1, 0, 4])).querySelectorAll("rect").length).toBe(2);
  });
});
