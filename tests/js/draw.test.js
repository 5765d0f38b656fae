import { describe, expect, it } from "vitest";
import { drawScene, nodeTitle, summaryText } from "../../js/graph/draw.js";
import { layoutGraph } from "../../js/graph/layout.js";
import { stepFrames } from "../../js/graph/stepper.js";
import { visibleGraph } from "../../js/graph/visible.js";
import { PREVIEWS, sampleGraph } from "./sample-graph.js";

async function scene(overrides = {}, extra = {}, graph = sampleGraph()) {
  const vis = visibleGraph(graph, overrides);
  const el = drawScene({ graph, vis, layout: await layoutGraph(vis), floats: PREVIEWS, ...extra });
  document.body.replaceChildren();
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.append(el);
  document.body.append(svg);
  return svg;
}

describe("drawScene", () => {
  it("draws one hooked node per visible item and one edge per visible edge", async () => {
    const svg = await scene();
    const nodes = svg.querySelectorAll(".tapeviz-node[data-node-id][data-op]");
    expect(Array.from(nodes, (n) => n.getAttribute("data-op"))).toEqual(["Const", "Variable", "Sin", "Mul", "AddV2", "Sum"]);
    expect(svg.querySelectorAll(".tapeviz-edge").length).toBe(5);
    expect(svg.querySelector(".tapeviz-box").textContent).toContain("layer");
  });

  it("labels edges with shape and dtype, on a background in the space ELK gave them", async () => {
    const svg = await scene();
    const labels = Array.from(svg.querySelectorAll(".tapeviz-edge-label"), (t) => t.textContent);
    expect(labels).toContain("3 float32");
    expect(labels).toContain("scalar float32");
    expect(svg.querySelectorAll(".tapeviz-edge-labels .tapeviz-edge-label-bg").length).toBe(5);
  });

  it("keeps user strings as text, never HTML, and never cuts them", async () => {
    const svg = await scene();
    expect(svg.querySelector("img")).toBe(null);
    const v = svg.querySelector('[data-node-id="n1"] .tapeviz-node-title');
    expect(v.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(svg.textContent).not.toContain("…");
  });

  it("titles a node with its name from the code, the op smaller", async () => {
    const svg = await scene();
    expect(svg.querySelector('[data-node-id="n0"] .tapeviz-node-title').textContent).toBe("x");
    expect(svg.querySelector('[data-node-id="n0"] .tapeviz-node-shape').textContent).toBe("watched · 3 float32");
  });

  it("shows values in one notation: a scalar's value, up to six values, else min and max", async () => {
    const svg = await scene();
    expect(svg.querySelector('[data-node-id="n5"] .tapeviz-node-value').textContent).toBe("= 4.5");
    expect(svg.querySelector('[data-node-id="n2"] .tapeviz-node-value').textContent).toBe("= [0.8, 0.9, 0.1]");
    expect(svg.querySelector('[data-node-id="n5"] .tapeviz-node-grad').textContent).toBe("∇ 1");
    expect(summaryText({ kind: "small", shape: [1000], size: 1000, min: 0, mean: 1, max: 2, nan: 0, inf: 0 })).toBe("min 0 · max 2");
    expect(summaryText({ kind: "small", shape: [3], size: 3 }, new Float32Array([0, -Infinity, -Infinity]))).toBe("[0, -Inf, -Inf]");
    expect(summaryText({ kind: "small", shape: [100], size: 100, min: 0, max: 1, nan: 2, "+inf": 0, "-inf": 3 }))
      .toBe("min 0 · max 1 · NaN ×2 −inf ×3");
  });

  it("colours gradients and marks the first NaN with a clear badge", async () => {
    const svg = await scene();
    const bad = svg.querySelector('[data-node-id="n4"]');
    expect(bad.classList.contains("tapeviz-bad")).toBe(true);
    expect(bad.querySelector(".tapeviz-origin-badge").textContent).toBe("⚠ first NaN");
    expect(svg.querySelector('[data-node-id="n1"] .tapeviz-grad-bar').getAttribute("fill")).toBe("#fde725");
    const badEdge = svg.querySelector('.tapeviz-edge[data-target="n5"] path');
    expect(badEdge.classList.contains("tapeviz-edge-bad")).toBe(true);
  });

  it("marks the diagnosis' origin, −inf as −inf", async () => {
    const g = sampleGraph();
    g.nodes[4].flags = [];
    g.diagnosis = { nonfinite: { node: "n4", direction: "forward", op: "Log", counts: { nan: 0, "+inf": 0, "-inf": 2 } } };
    const svg = await scene({}, {}, g);
    const origin = svg.querySelector('[data-node-id="n4"]');
    expect(origin.classList.contains("tapeviz-origin")).toBe(true);
    expect(origin.querySelector(".tapeviz-origin-badge").textContent).toBe("⚠ first −inf");
  });

  it("draws a collapsed group as one block with its size and per-repeat magnitudes", async () => {
    const g = sampleGraph();
    g.groups[0].repeat_norms = [1, 0.1, 0.01];
    const svg = await scene({ g0: true }, {}, g);
    const block = svg.querySelector('.tapeviz-group[data-node-id="g0"]');
    expect(block.getAttribute("data-op")).toBe("Group");
    expect(block.textContent).toContain("2 nodes");
    expect(block.querySelectorAll(".tapeviz-repeat-norms rect").length).toBe(3);
    expect(svg.querySelectorAll(".tapeviz-node").length).toBe(5);
  });

  it("marks search matches and step-through frames", async () => {
    const svg = await scene({}, { matches: new Set(["n2"]) });
    expect(svg.querySelector('[data-node-id="n2"]').classList.contains("tapeviz-match")).toBe(true);
    expect(svg.querySelector('[data-node-id="n3"]').classList.contains("tapeviz-dim")).toBe(true);
    const frames = stepFrames(sampleGraph());
    const back = await scene({}, { frame: frames[9] });   // backward, at Sin
    expect(back.querySelector('[data-node-id="n2"]').classList.contains("tapeviz-active")).toBe(true);
    expect(back.querySelector('[data-node-id="n2"] .tapeviz-node-grad').textContent).toBe("local ∂: 0.54");
    const sentEdge = back.querySelector('.tapeviz-edge-label-group.tapeviz-edge-grad[data-target="n3"]');
    expect(sentEdge.textContent).toBe("∇ 0.25");
    const fwd = await scene({}, { frame: frames[1] });
    expect(fwd.querySelector('[data-node-id="n4"]').classList.contains("tapeviz-future")).toBe(true);
  });

  it("titles ops with inline constants as call arguments", () => {
    expect(nodeTitle({ op: "AddV2", label: "AddV2", n_inputs: 2, inline: [[1, "1"]] })).toBe("AddV2(·, 1)");
  });
});
