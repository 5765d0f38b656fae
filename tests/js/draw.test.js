import { describe, expect, it } from "vitest";
import { drawScene, nodeTitle, summaryText } from "../../js/graph/draw.js";
import { layoutGraph } from "../../js/graph/layout.js";
import { stepFrames } from "../../js/graph/stepper.js";
import { visibleGraph } from "../../js/graph/visible.js";
import { PREVIEWS, sampleGraph } from "./sample-graph.js";

function scene(overrides = {}, extra = {}) {
  const graph = sampleGraph();
  const vis = visibleGraph(graph, overrides);
  const el = drawScene({ graph, vis, layout: layoutGraph(vis), floats: PREVIEWS, ...extra });
  document.body.replaceChildren();
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.append(el);
  document.body.append(svg);
  return svg;
}

describe("drawScene", () => {
  it("draws one hooked node per visible item and one edge per visible edge", () => {
    const svg = scene();
    const nodes = svg.querySelectorAll(".tapeviz-node[data-node-id][data-op]");
    expect(Array.from(nodes, (n) => n.getAttribute("data-op"))).toEqual(["Const", "Variable", "Sin", "Mul", "AddV2", "Sum"]);
    expect(svg.querySelectorAll(".tapeviz-edge").length).toBe(5);
    expect(svg.querySelector(".tapeviz-box").textContent).toContain("layer");
  });

  it("labels edges with shape and dtype", () => {
    const labels = Array.from(scene().querySelectorAll(".tapeviz-edge-label"), (t) => t.textContent);
    expect(labels).toContain("3 float32");
    expect(labels).toContain("scalar float32");
  });

  it("keeps user strings as text, never HTML", () => {
    const svg = scene();
    expect(svg.querySelector("img")).toBe(null);
    const v = svg.querySelector('[data-node-id="n1"] .tapeviz-node-title');
    expect(v.textContent).toBe("<img src=x onerror=alert(1)>".slice(0, 19) + "…");
  });

  it("shows values: scalars as numbers, small tensors as sparklines", () => {
    const svg = scene();
    expect(svg.querySelector('[data-node-id="n5"] .tapeviz-node-value').textContent).toBe("= 4.5");
    expect(svg.querySelector('[data-node-id="n2"] .tapeviz-sparkline polyline')).not.toBe(null);
    expect(svg.querySelector('[data-node-id="n5"] .tapeviz-node-grad').textContent).toBe("∇ 1");
  });

  it("colours gradients and marks NaN in red with the first bad op", () => {
    const svg = scene();
    const bad = svg.querySelector('[data-node-id="n4"]');
    expect(bad.classList.contains("tapeviz-bad")).toBe(true);
    expect(bad.querySelector(".tapeviz-flags").textContent).toContain("1st bad");
    expect(svg.querySelector('[data-node-id="n1"] .tapeviz-grad-bar').getAttribute("fill")).toBe("#fde725");
    const badEdge = svg.querySelector('.tapeviz-edge[data-target="n5"] path');
    expect(badEdge.getAttribute("stroke")).toBe("#d62728");
  });

  it("draws a collapsed group as one block with its size", () => {
    const svg = scene({ g0: true });
    const g = svg.querySelector('.tapeviz-group[data-node-id="g0"]');
    expect(g.getAttribute("data-op")).toBe("Group");
    expect(g.textContent).toContain("2 nodes");
    expect(svg.querySelectorAll(".tapeviz-node").length).toBe(5);
  });

  it("marks search matches and step-through frames", () => {
    const svg = scene({}, { matches: new Set(["n2"]) });
    expect(svg.querySelector('[data-node-id="n2"]').classList.contains("tapeviz-match")).toBe(true);
    expect(svg.querySelector('[data-node-id="n3"]').classList.contains("tapeviz-dim")).toBe(true);
    const frames = stepFrames(sampleGraph());
    const back = scene({}, { frame: frames[9] });   // backward, at Sin
    expect(back.querySelector('[data-node-id="n2"]').classList.contains("tapeviz-active")).toBe(true);
    expect(back.querySelector('[data-node-id="n2"] .tapeviz-node-grad').textContent).toBe("local ∂: 0.54");
    const sentEdge = back.querySelector('.tapeviz-edge[data-target="n3"].tapeviz-edge-grad');
    expect(sentEdge.textContent).toBe("∇ 0.25");
    const fwd = scene({}, { frame: frames[1] });
    expect(fwd.querySelector('[data-node-id="n4"]').classList.contains("tapeviz-future")).toBe(true);
  });

  it("titles ops with inline constants as call arguments", () => {
    expect(nodeTitle({ op: "AddV2", label: "AddV2", n_inputs: 2, inline: [[1, "1"]] })).toBe("AddV2(·, 1)");
    expect(summaryText({ kind: "small", min: 0, mean: 1, max: "inf" })).toBe("0 / 1 / Inf");
  });
});
