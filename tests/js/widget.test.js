import { describe, expect, it, vi } from "vitest";
import widget from "../../js/graph/widget.js";
import { drawn, FakeModel, lastRequest, reply, tick, unalignedView } from "./fake-model.js";
import { PREVIEWS, sampleGraph } from "./sample-graph.js";

async function setup(extra = {}, { wait = true } = {}) {
  const model = new FakeModel({
    graph: sampleGraph(), previews: new DataView(PREVIEWS.buffer), overrides: {}, selected: "",
    height: 400, live: false, step: 0, history: new DataView(new ArrayBuffer(0)), status: "", ...extra,
  });
  const el = document.createElement("div");
  document.body.replaceChildren(el);
  const cleanup = widget.render({ model, el, experimental: model.experimental });
  if (wait) await drawn(el);
  else await tick();
  return { model, el, cleanup };
}

describe("widget glue", () => {
  it("renders the graph from traits and reports its status", async () => {
    const { model, el } = await setup();
    expect(el.querySelectorAll(".tapeviz-node").length).toBe(6);
    expect(model.get("status")).toBe("drawn 6");
    expect(el.querySelector(".tapeviz-why").textContent).toContain("Why is the gradient of frozen None?");
    expect(el.querySelector(".tapeviz-legend").hidden).toBe(false);
  });

  it("renders a graph that arrives as JSON text (as Python sends it), and keeps it on other changes", async () => {
    const { model, el } = await setup({ graph: JSON.stringify(sampleGraph()) });
    expect(el.querySelectorAll(".tapeviz-node").length).toBe(6);
    expect(model.get("status")).toBe("drawn 6");
    model.set("height", 300);
    await tick();
    expect(el.querySelectorAll(".tapeviz-node").length).toBe(6);
  });

  it("click selects a node and asks Python for its detail", async () => {
    const { model, el } = await setup();
    el.querySelector('[data-node-id="n2"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(model.get("selected")).toBe("n2");
    expect(model.saves).toBeGreaterThan(0);
    await tick();
    const req = lastRequest(model, "_request_detail");
    expect(req).toMatchObject({ kind: "anywidget-command", name: "_request_detail", msg: { node: "n2" } });
    const inspector = el.querySelector(".tapeviz-inspector");
    expect(inspector.hidden).toBe(false);
    expect(inspector.textContent).toContain("h = tf.sin(x) * w");
    expect(inspector.textContent).toContain("loading");
    // the reply: value and gradient as (unaligned) float32 buffers
    await reply(model, req, {
      node: "n2",
      value: { view: "full", rows: 1, cols: 3, shape: [3], min: 0.1, mean: 0.5, max: 0.9 },
      grad: { view: "full", rows: 1, cols: 3, shape: [3] },
    }, [unalignedView([0.25, 0.5, 0.75]), unalignedView([1, 2, 3])]);
    const cells = Array.from(inspector.querySelectorAll(".tapeviz-section-value td"), (td) => td.textContent);
    expect(cells).toEqual(["0.25", "0.5", "0.75"]);
    expect(inspector.querySelectorAll(".tapeviz-section-gradient td").length).toBe(3);
  });

  it("ignores replies it did not ask for", async () => {
    const { model, el } = await setup();
    await reply(model, { id: "request-999" }, { node: "n2", value: { view: "full" } });
    expect(el.querySelector(".tapeviz-inspector").hidden).toBe(true);
  });

  it("draws a histogram for a large tensor's detail", async () => {
    const { model, el } = await setup();
    model.set("selected", "n3");
    await tick();
    const req = lastRequest(model, "_request_detail");
    expect(req.msg.node).toBe("n3");
    const bins = 4;
    await reply(model, req, { node: "n3",
      value: { view: "histogram", bins, shape: [1000] }, grad: null },
    [unalignedView([1, 5, 3, 0, -1, -0.5, 0, 0.5, 1]), new DataView(new ArrayBuffer(0))]);
    expect(el.querySelectorAll(".tapeviz-histogram rect").length).toBe(bins);
  });

  it("clicking a collapsed group opens it through the overrides trait", async () => {
    const { model, el } = await setup({ overrides: { g0: true } });
    el.querySelector('[data-node-id="g0"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(model.get("overrides")).toEqual({ g0: false });
    await tick();
    await drawn(el);
    expect(el.querySelectorAll(".tapeviz-node").length).toBe(6);
  });

  it("redraws when Python sends a new graph (live updates) and shows the step", async () => {
    const { model, el } = await setup({ live: true, step: 3, history: unalignedView([3, 2, 1]) });
    expect(el.querySelector(".tapeviz-live").textContent).toContain("step 3");
    expect(el.querySelector(".tapeviz-history polyline")).not.toBe(null);
    const g = sampleGraph();
    g.nodes[5].value = { kind: "scalar", shape: [], dtype: "float32", v: 9.25 };
    model.set("graph", g);
    model.set("step", 4);
    await tick();
    await drawn(el);
    expect(el.querySelector('[data-node-id="n5"] .tapeviz-node-value').textContent).toBe("= 9.25");
    expect(el.querySelector(".tapeviz-live").textContent).toContain("step 4");
  });

  it("steps through forward and backward with the toolbar, narrating each step", async () => {
    const { el } = await setup();
    const step = Array.from(el.querySelectorAll(".tapeviz-toolbar button")).find((b) => b.textContent === "Step ▶");
    step.click();
    const head = () => el.querySelector(".tapeviz-caption-head").textContent;
    expect(head()).toBe("forward 1/10: Const → x");
    expect(el.querySelector(".tapeviz-step-label").hidden).toBe(false);
    step.click();
    step.click();
    expect(head()).toBe("forward 3/10: Sin, `h = tf.sin(x) * w`, line 8");
    for (let i = 0; i < 6; i++) step.click();
    expect(head()).toBe("backward 9/10: Mul, `h = tf.sin(x) * w`, line 8");
    const math = Array.from(el.querySelectorAll(".tapeviz-caption-math"), (d) => d.textContent);
    expect(math[0]).toBe("∂L/∂Sin = ∂L/∂Mul · ∂Mul/∂Sin = [0.1, 0.2, 0.3] × (local) = 0.25");
  });

  it("the keyboard steps, Esc leaves, Tab moves between nodes, Enter opens one; handled keys stop there", async () => {
    const { model, el } = await setup();
    const canvas = el.querySelector(".tapeviz-canvas");
    expect(canvas.getAttribute("tabindex")).toBe("0");
    let reached = 0;
    el.addEventListener("keydown", () => { reached += 1; });
    const key = (k, extra = {}) => canvas.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra }));
    key("ArrowRight");
    key(" ");
    key("PageDown");
    expect(el.querySelector(".tapeviz-caption-head").textContent.startsWith("forward 3/10")).toBe(true);
    key("ArrowLeft");
    expect(el.querySelector(".tapeviz-caption-head").textContent.startsWith("forward 2/10")).toBe(true);
    key("Escape");
    expect(el.querySelector(".tapeviz-step-label").hidden).toBe(true);
    expect(reached).toBe(0);
    key("a");
    expect(reached).toBe(1);                 // not ours: it goes on to JupyterLab
    key("Tab");
    expect(el.querySelectorAll(".tapeviz-current").length).toBe(1);
    const first = el.querySelector(".tapeviz-current").dataset.nodeId;
    key("Tab");
    expect(el.querySelector(".tapeviz-current").dataset.nodeId).not.toBe(first);
    key("Enter");
    expect(model.get("selected")).toBe(el.querySelector(".tapeviz-current").dataset.nodeId);
    expect(reached).toBe(1);
  });

  it("the wheel is left to the page; Ctrl+wheel zooms", async () => {
    const { el } = await setup();
    const svgEl = el.querySelector("svg.tapeviz-svg");
    const scene = el.querySelector(".tapeviz-scene");
    const before = scene.getAttribute("transform");
    const plain = new WheelEvent("wheel", { deltaY: 100, bubbles: true, cancelable: true });
    svgEl.dispatchEvent(plain);
    expect(plain.defaultPrevented).toBe(false);
    expect(scene.getAttribute("transform")).toBe(before);
    const zoom = new WheelEvent("wheel", { deltaY: -100, bubbles: true, cancelable: true });
    Object.defineProperty(zoom, "ctrlKey", { value: true });      // happy-dom drops ctrlKey from the init
    svgEl.dispatchEvent(zoom);
    expect(zoom.defaultPrevented).toBe(true);
    expect(scene.getAttribute("transform")).not.toBe(before);
  });

  it("starts readable (zoom 1, classroom larger) and switches layout direction", async () => {
    const { model, el } = await setup();
    expect(el.querySelector(".tapeviz-scene").getAttribute("transform")).toMatch(/scale\(1\)$/);
    expect(el.querySelector(".tapeviz-root").dataset.direction).toBe("DOWN");
    Array.from(el.querySelectorAll(".tapeviz-toolbar button")).find((b) => b.textContent === "⇅ top-down").click();
    await drawn(el);
    expect(el.querySelector(".tapeviz-root").dataset.direction).toBe("RIGHT");
    model.set("presentation", true);
    await tick();
    await drawn(el);
    expect(el.querySelector(".tapeviz-root").classList.contains("tapeviz-presentation")).toBe(true);
    expect(el.querySelector(".tapeviz-scene").getAttribute("transform")).toMatch(/scale\(1.3\)$/);
  });

  it("search counts matches over titles and names; Enter moves to the next", async () => {
    const g = sampleGraph();
    g.nodes[5].title = "loss";
    g.nodes[5].names = ["loss"];
    g.nodes[2].names = ["loss_part"];
    const { el } = await setup({ graph: g });
    const search = el.querySelector(".tapeviz-search");
    search.value = "loss";
    search.dispatchEvent(new Event("input"));
    await drawn(el);
    expect(el.querySelector(".tapeviz-match-count").textContent).toBe("2 matches");
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    expect(el.querySelector(".tapeviz-match-count").textContent).toBe("2 matches (1/2)");
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    expect(el.querySelector(".tapeviz-match-count").textContent).toBe("2 matches (2/2)");
  });

  it("sends its own drawing back as the picture when the model has the trait", async () => {
    const { model } = await setup({ picture: "" });
    await new Promise((r) => setTimeout(r, 120));
    expect(model.get("picture").startsWith("<svg")).toBe(true);
    expect(model.get("picture")).toContain('data-op="Sin"');
    const { model: other } = await setup();
    await new Promise((r) => setTimeout(r, 120));
    expect(other.get("picture")).toBe(undefined);
  });

  it("cleanup removes every listener it added and the DOM", async () => {
    const { model, el, cleanup } = await setup();
    expect(model.listenerCount()).toBe(10);
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(el.children.length).toBe(0);
  });
});

describe("view controls", () => {
  it("clicking an open group's title folds it; Expand opens folded blocks within a budget", async () => {
    const { model, el } = await setup();
    el.querySelector('.tapeviz-box[data-group-id="g0"] text').dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(model.get("overrides")).toEqual({ g0: true });
    await tick();
    await drawn(el);
    expect(el.querySelectorAll(".tapeviz-node").length).toBe(5);
    Array.from(el.querySelectorAll(".tapeviz-toolbar button")).find((b) => b.textContent === "Expand").click();
    expect(model.get("overrides")).toEqual({ g0: false });
  });

  it("exports the drawing as standalone SVG text with its styles", async () => {
    const { el } = await setup();
    const { createView } = await import("../../js/graph/view.js");
    const host = document.createElement("div");
    const view = createView(host, { onSelect() {}, onToggle() {} });
    const { sampleGraph: g, PREVIEWS: p } = await import("./sample-graph.js");
    view.update({ graph: g(), previews: p, overrides: {}, selected: "", height: 300 });
    await view.pending;
    const text = view.exportSvg();
    expect(text.startsWith("<svg")).toBe(true);
    expect(text).toContain('data-op="Sin"');
    expect(text).toContain(".tapeviz-node-box");
    expect(text).not.toContain("<img");
    view.destroy();
    expect(host.children.length).toBe(0);
    expect(el.querySelectorAll(".tapeviz-node").length).toBe(6);
  });
});

describe("edge cases", () => {
  it("draws an empty tape without errors; an empty live view says it waits", async () => {
    const empty = { nodes: [], edges: [], groups: [], stats: { ops: 0, nodes: 0, edges: 0 }, legend: null, explanations: [], structure: "e" };
    const { model, el } = await setup({ graph: empty, previews: new DataView(new ArrayBuffer(0)) });
    expect(el.querySelectorAll(".tapeviz-node").length).toBe(0);
    expect(model.get("status")).toBe("drawn 0");
    expect(el.querySelector(".tapeviz-stats").textContent).toBe("0 ops · 0 shown");
    const live = await setup({ graph: {}, live: true });
    expect(live.el.querySelector(".tapeviz-waiting").textContent).toMatch(/^Waiting for the first tape/);
    expect(live.el.querySelector(".tapeviz-waiting").hidden).toBe(false);
  });
});

describe("errors are never silent", () => {
  it("shows a problem Python caught as text, and in the console", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { model, el } = await setup();
    expect(el.querySelector(".tapeviz-problem").hidden).toBe(true);
    model.set("problem", "update after the cell: RuntimeError: <b>boom</b>");
    const line = el.querySelector(".tapeviz-problem");
    expect(line.hidden).toBe(false);
    expect(line.textContent).toBe("update after the cell: RuntimeError: <b>boom</b>");
    expect(el.querySelector("b")).toBeNull();
    expect(warn).toHaveBeenCalledWith("tapeviz: update after the cell: RuntimeError: <b>boom</b>");
    warn.mockRestore();
  });

  it("a request with no reply ends as an error, and a closed view's requests are dropped", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { requester } = await import("../../js/request.js");
    const model = new FakeModel({});
    const requests = requester(model.experimental, { timeout: 20 });
    const [answer] = await requests.ask("_request_detail", { node: "n1" });
    expect(answer.error).toMatch(/^no reply from Python to _request_detail/);
    expect(warn).toHaveBeenCalled();
    const pending = requests.ask("_request_detail", { node: "n2" });
    expect(model.listenerCount()).toBe(1);
    requests.close();
    expect(await pending).toBe(null);
    expect(model.listenerCount()).toBe(0);
    warn.mockRestore();
  });
});

describe("nodes inside folded blocks (a light index, filled on request)", () => {
  /** The sample graph as Python sends a big tape: g0 starts folded, its nodes and inner edge light. */
  function lazyGraph() {
    const g = sampleGraph();
    g.groups[0].collapsed = true;
    g.nodes = g.nodes.map((n) => (n.group === "g0"
      ? { id: n.id, op: n.op, kind: n.kind, group: n.group, label: n.label, line: n.line, gm: n.gm, lazy: 1 } : n));
    g.edges[1] = { source: "n2", target: "n3", port: 0, output: 0, lazy: 1 };
    return g;
  }

  it("draws the folded block at once, and asks Python ahead for the nodes and edges opening it shows", async () => {
    const { model, el } = await setup({ graph: JSON.stringify(lazyGraph()) });
    expect(el.querySelector('[data-node-id="g0"]')).not.toBeNull();
    // search works on the light index
    const search = el.querySelector(".tapeviz-search");
    search.value = "Sin";
    search.dispatchEvent(new Event("input"));
    await tick();
    expect(el.querySelector(".tapeviz-match-count").textContent).toBe("1 match");
    // asked once the view drew: what the next Expand (or a click on g0) draws
    const req = lastRequest(model, "_request_nodes");
    expect(req.msg).toEqual({ nodes: ["n2", "n3"], edges: [1], structure: "abc123" });

    model.set("overrides", { g0: false });        // opened before the reply came: it waits
    await tick();
    const root = el.querySelector(".tapeviz-root");
    expect(root.dataset.status).not.toBe("drawn");
    expect(el.querySelector('[data-node-id="n2"]')).toBeNull();
    const full = sampleGraph();
    // Python's previews start at 0 in the reply's own buffer: moved behind the 12 floats already held
    const n2 = { ...full.nodes[2], value: { ...full.nodes[2].value, preview: [0, 3] }, grad: null };
    const n3 = { ...full.nodes[3], value: { ...full.nodes[3].value, preview: [3, 3] }, grad: null };
    await reply(model, req, { nodes: [n2, n3], edges: [[1, full.edges[1]]] }, [unalignedView([7, 8, 9, 4, 5, 6])]);
    await drawn(el);
    expect(el.querySelector('[data-node-id="n2"] .tapeviz-node-value').textContent).toBe("= [7, 8, 9]");
    expect(el.querySelector('[data-node-id="n3"] .tapeviz-node-value').textContent).toBe("= [4, 5, 6]");
    expect(model.sent.filter((m) => m.content.name === "_request_nodes").length).toBe(1);

    // folded and opened again: nothing more to ask, drawn at once
    model.set("overrides", { g0: true });
    await drawn(el);
    model.set("overrides", { g0: false });
    await drawn(el);
    expect(el.querySelector('[data-node-id="n2"]')).not.toBeNull();
    expect(model.sent.filter((m) => m.content.name === "_request_nodes").length).toBe(1);
  });

  it("draws the light nodes as they are when Python cannot fill them", async () => {
    const { model, el } = await setup({ graph: JSON.stringify(lazyGraph()), overrides: { g0: false } }, { wait: false });
    expect(el.querySelector(".tapeviz-root").dataset.status).toBe("loading");
    const req = lastRequest(model, "_request_nodes");
    expect(req).toBeDefined();
    await reply(model, req, { error: "boom" });
    await drawn(el);
    expect(el.querySelector('[data-node-id="n2"] .tapeviz-node-title')).not.toBeNull();
  });
});
