import { describe, expect, it } from "vitest";
import widget from "../../js/checkpoint/widget.js";
import { humanSize } from "../../js/checkpoint/view.js";
import { FakeModel, reply, tick } from "./fake-model.js";

const HOSTILE = '<script>alert("x")</script>';

function checkpoints() {
  return [
    { path: "/d/ckpt-1", name: "ckpt-1", step: 1, time: 1700000000, size: 901, tensors: 2, latest: false, error: null },
    { path: "/d/ckpt-2", name: "ckpt-2", step: 2, time: 1700000060, size: 2048, tensors: 2, latest: true, error: null },
    { path: `/d/${HOSTILE}`, name: HOSTILE, step: null, time: 1700000090, size: 10, tensors: null, latest: false,
      error: "DataLossError: Checkpoint file x is corrupted or truncated: the index is not valid JSON." },
  ];
}

function setup(extra = {}) {
  const model = new FakeModel({ directory: "/d", checkpoints: checkpoints(), notice: {}, diff: {}, can_save: true, ...extra });
  const el = document.createElement("div");
  document.body.replaceChildren(el);
  const cleanup = widget.render({ model, el, experimental: model.experimental });
  return { model, el, cleanup };
}

const rowEls = (el) => Array.from(el.querySelectorAll(".tapeviz-checkpoint-row"));
const click = (node) => node.dispatchEvent(new MouseEvent("click", { bubbles: true }));

describe("checkpoint panel", () => {
  it("lists checkpoints newest first with step, time, size and tensors", () => {
    const { el } = setup();
    const trs = rowEls(el);
    expect(trs.map((r) => r.dataset.step)).toEqual(["", "2", "1"]);
    const cells = Array.from(trs[1].querySelectorAll("td"), (td) => td.textContent);
    expect(cells[0]).toBe("2");
    expect(cells[1]).toBe("ckpt-2latest");
    expect(cells[2]).toMatch(/^2023-11-1\d \d\d:\d\d:\d\d$/);
    expect(cells[3]).toBe("2.0 KB");
    expect(cells[4]).toBe("2");
    expect(trs[1].querySelector(".tapeviz-latest")).not.toBeNull();
    expect(el.querySelector(".tapeviz-stats").textContent).toBe("3 checkpoints");
  });

  it("shows hostile names and error text as text", () => {
    const { el } = setup();
    const bad = rowEls(el)[0];
    expect(bad.querySelector(".tapeviz-name").textContent).toBe(HOSTILE);
    expect(bad.querySelector(".tapeviz-error-cell").textContent).toContain("DataLossError");
    expect(el.querySelector("script")).toBeNull();
  });

  it("buttons send requests, stay disabled until the reply, and Python's traits redraw", async () => {
    const { model, el } = setup();
    click(el.querySelector(".tapeviz-save"));
    expect(model.sent[0].content).toMatchObject({ kind: "anywidget-command", name: "_request_save", msg: {} });
    expect(el.querySelector(".tapeviz-save").disabled).toBe(true);
    click(el.querySelector(".tapeviz-save"));            // busy: ignored
    expect(model.sent.length).toBe(1);
    model.set("checkpoints", [...checkpoints(), { path: "/d/ckpt-3", name: "ckpt-3", step: 3, time: 1700000100, size: 901, tensors: 2, latest: true, error: null }]);
    model.set("notice", { kind: "ok", text: "Saved ckpt-3", n: 1 });
    await reply(model, model.sent[0].content, { ok: true });
    expect(el.querySelector(".tapeviz-save").disabled).toBe(false);
    expect(rowEls(el).length).toBe(4);
    const notice = el.querySelector(".tapeviz-notice");
    expect(notice.hidden).toBe(false);
    expect(notice.textContent).toBe("Saved ckpt-3");
    click(rowEls(el).find((r) => r.dataset.step === "2").querySelector(".tapeviz-restore"));
    expect(model.sent[1].content).toMatchObject({ name: "_request_restore", msg: { path: "/d/ckpt-2" } });
    await reply(model, model.sent[1].content, { ok: false });
    click(rowEls(el).find((r) => r.dataset.step === "1").querySelector(".tapeviz-diff-button"));
    expect(model.sent[2].content).toMatchObject({ name: "_request_diff", msg: { path: "/d/ckpt-1" } });
  });

  it("shows errors in the notice line", () => {
    const { model, el } = setup();
    model.set("notice", { kind: "error", text: `DataLossError: ${HOSTILE} is corrupted`, n: 2 });
    const notice = el.querySelector(".tapeviz-notice");
    expect(notice.classList.contains("tapeviz-notice-error")).toBe(true);
    expect(notice.textContent).toBe(`DataLossError: ${HOSTILE} is corrupted`);
    expect(el.querySelector("script")).toBeNull();
  });

  it("draws the diff table with a bar per changed Variable; closing clears the trait", () => {
    const { model, el } = setup();
    model.set("diff", { path: "/d/ckpt-1", name: "ckpt-1", rows: [
      { key: "w/.ATTRIBUTES/VARIABLE_VALUE", name: "w:0", shape: [3, 4], dtype: "float32", status: "changed", diff: 0.5 },
      { key: "b/.ATTRIBUTES/VARIABLE_VALUE", name: HOSTILE, shape: [], dtype: "float32", status: "same", diff: 0 },
      { key: "c/.ATTRIBUTES/VARIABLE_VALUE", name: "c:0", shape: [2], dtype: "float32", status: "not in checkpoint", diff: null },
    ] });
    const box = el.querySelector(".tapeviz-diff");
    expect(box.hidden).toBe(false);
    const trs = Array.from(box.querySelectorAll(".tapeviz-diff-row"));
    expect(trs.map((r) => r.dataset.status)).toEqual(["changed", "same", "not in checkpoint"]);
    expect(trs[0].querySelectorAll("td")[4].textContent).toBe("0.5");
    expect(trs[0].querySelector(".tapeviz-bar")).not.toBeNull();
    expect(trs[1].querySelector(".tapeviz-bar")).toBeNull();
    expect(trs[1].querySelector(".tapeviz-name").textContent).toBe(HOSTILE);
    expect(box.textContent).toContain("2 of 3 differ");
    click(box.querySelector(".tapeviz-close"));
    expect(model.get("diff")).toEqual({});
    expect(box.hidden).toBe(true);
  });

  it("without a Checkpoint object only listing works", () => {
    const { el } = setup({ can_save: false });
    expect(el.querySelector(".tapeviz-save").disabled).toBe(true);
    expect(rowEls(el)[1].querySelector(".tapeviz-restore").disabled).toBe(true);
    expect(el.querySelector(".tapeviz-refresh").disabled).toBe(false);
  });

  it("cleanup removes every listener and the view", () => {
    const { model, el, cleanup } = setup();
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(el.querySelector(".tapeviz-checkpoints")).toBeNull();
  });

  it("formats sizes", () => {
    expect(humanSize(900)).toBe("900 B");
    expect(humanSize(1536)).toBe("1.5 KB");
    expect(humanSize(3 * 1024 * 1024)).toBe("3.0 MB");
  });
});
