import { describe, expect, it } from "vitest";
import { drawNode } from "../../js/graph/draw.js";
import { NODE_H, NODE_W, ROW_H, fitWidth, nodeHeight, nodeWidth, valueRows, wrapsValues } from "../../js/graph/layout.js";

const ALL = new Float32Array([-0.07906, 0.2021, -0.1212, 0.1581, -0.4042, 0.2425, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
const W1 = {
  id: "n0", op: "Variable", kind: "variable", title: "W1",
  value: { kind: "small", shape: [2, 3], dtype: "float64", size: 6, min: -0.4042, max: 0.2425, preview: [0, 6] },
  grad: { kind: "small", shape: [2, 3], dtype: "float64", size: 6, min: 0.1, max: 0.6, preview: [6, 6] },
};
const SCALAR = { id: "n1", op: "Sum", kind: "op", value: { kind: "scalar", shape: [], dtype: "float32", v: 2 } };

describe("classroom mode wraps lists of 4 to 6 values into two rows", () => {
  it("narrows the node and makes it two rows taller, only when wrapping", () => {
    expect(wrapsValues(W1, false)).toBe(false);
    expect(wrapsValues(W1, true)).toBe(true);
    expect(wrapsValues(SCALAR, true)).toBe(false);
    expect(nodeWidth({ node: W1 }, true)).toBeLessThan(nodeWidth({ node: W1 }, false));
    expect(nodeHeight({ node: W1 }, true)).toBe(NODE_H + 2 * ROW_H);
    expect(nodeHeight({ node: W1 }, false)).toBe(NODE_H);
    expect(nodeHeight({ node: SCALAR }, true)).toBe(NODE_H);
  });

  it("draws every value, in two rows of one text element that reads as the one-line text", () => {
    const g = drawNode(W1, { x: 0, y: 0, w: 200, h: NODE_H + 2 * ROW_H }, null, ALL, null, null, null, true);
    const value = g.querySelector(".tapeviz-node-value");
    const rows = value.querySelectorAll("tspan");
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toBe("= [-0.07906, 0.2021, -0.1212, ");
    expect(rows[1].textContent).toBe("0.1581, -0.4042, 0.2425]");
    expect(rows[1].getAttribute("dy")).toBe(String(ROW_H));
    const grad = g.querySelector(".tapeviz-node-grad");
    expect(grad.getAttribute("y")).toBe(String(71 + ROW_H));
    expect(grad.textContent).toBe("∇ [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]");   // reads as one line
    const flat = drawNode(W1, { x: 0, y: 0, w: 400, h: NODE_H }, null, ALL, null, null, null, false);
    expect(flat.querySelector(".tapeviz-node-value").textContent).toBe("= [-0.07906, 0.2021, -0.1212, 0.1581, -0.4042, 0.2425]");
    expect(flat.querySelectorAll("tspan").length).toBe(0);
  });
});

describe("classroom mode gives an op of several inputs a row for its local derivatives", () => {
  const MATMUL = { id: "n2", op: "MatMul", kind: "op", n_inputs: 2, value: { kind: "small", shape: [1, 1], dtype: "float64", size: 1, min: 0.1, max: 0.1 } };
  const frame = { phase: "backward", active: "n2", shown: new Set(["n2"]), done: new Set() };
  const step = { local: { n2: [{ kind: "small", shape: [3], size: 3, min: -0.5, max: 0.3 }, { kind: "small", shape: [3], size: 3, min: -0.2449, max: 0.1974 }] } };

  it("is one row taller and writes each input's derivative on its own row", () => {
    expect(nodeHeight({ node: MATMUL }, true)).toBe(NODE_H + ROW_H);
    expect(nodeHeight({ node: MATMUL }, false)).toBe(NODE_H);
    const g = drawNode(MATMUL, { x: 0, y: 0, w: 200, h: NODE_H + ROW_H }, null, ALL, frame, step, null, true);
    const rows = g.querySelectorAll(".tapeviz-node-grad tspan");
    expect(Array.from(rows, (r) => r.textContent)).toEqual(["local ∂: min -0.5 · max 0.3, ", "min -0.2449 · max 0.1974"]);
    const flat = drawNode(MATMUL, { x: 0, y: 0, w: 400, h: NODE_H }, null, ALL, frame, step, null, false);
    expect(flat.querySelector(".tapeviz-node-grad").textContent).toBe("local ∂: min -0.5 · max 0.3, min -0.2449 · max 0.1974");
  });
});

describe("classroom mode in a drawing of known width: no node is wider than the drawing", () => {
  const LONG = { ...W1, id: "n3", title: "a_rather_long_variable_name_for_the_hidden_layer" };

  it("caps the width at what the drawing shows at the classroom zoom", () => {
    const k = 1.3;
    const fit = fitWidth(419, k);                 // 853x480 with JupyterLab's file browser open
    expect(fit * k).toBeLessThanOrEqual(419 - 16);
    expect(nodeWidth({ node: LONG }, true) * k).toBeGreaterThan(419);   // without the cap: runs off
    expect(nodeWidth({ node: LONG }, fit) * k).toBeLessThanOrEqual(419 - 16);
    expect(fitWidth(100, k)).toBe(NODE_W);        // never below a node's own minimum
  });

  it("lays six values out in three rows when two rows would still be too wide", () => {
    expect(valueRows(W1, false)).toBe(1);
    expect(valueRows(W1, true)).toBe(2);
    expect(valueRows(W1, 600)).toBe(2);
    expect(valueRows(W1, 240)).toBe(3);
    expect(nodeHeight({ node: W1 }, 240)).toBe(NODE_H + 4 * ROW_H);
    expect(nodeWidth({ node: W1 }, 240)).toBeLessThanOrEqual(240);
    const g = drawNode(W1, { x: 0, y: 0, w: 240, h: NODE_H + 4 * ROW_H }, null, ALL, null, null, null, 240);
    const rows = Array.from(g.querySelectorAll(".tapeviz-node-value tspan"), (t) => t.textContent);
    expect(rows).toEqual(["= [-0.07906, 0.2021, ", "-0.1212, 0.1581, ", "-0.4042, 0.2425]"]);
    expect(g.querySelector(".tapeviz-node-grad").getAttribute("y")).toBe(String(71 + 2 * ROW_H));
  });

  it("cuts a title longer than the node, and keeps the whole name in the tooltip", () => {
    const w = nodeWidth({ node: LONG }, 300);
    const g = drawNode(LONG, { x: 0, y: 0, w, h: NODE_H + 2 * ROW_H }, null, ALL, null, null, null, 300);
    const title = g.querySelector(".tapeviz-node-title").textContent;
    expect(title.endsWith("…")).toBe(true);
    expect(title.length * 15.5 * 0.62).toBeLessThanOrEqual(w - 14);
    expect(g.querySelector("title").textContent).toContain(LONG.title);
  });
});
