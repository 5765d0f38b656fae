/** A graph model shaped like tapeviz.viewmodel.graph_model's output (see tests/test_inspect.py). */
export function sampleGraph() {
  const scalar = (v) => ({ kind: "scalar", shape: [], dtype: "float32", v, nan: 0, inf: 0 });
  const small = (offset, count, extra = {}) => ({ kind: "small", shape: [count], dtype: "float32", size: count,
    min: 0, mean: 1, max: 2, nan: 0, inf: 0, preview: [offset, count], ...extra });
  return {
    version: 1,
    structure: "abc123",
    nodes: [
      { id: "n0", op: "Const", kind: "watched", label: "watched", title: "x", names: ["x"], scope: "", group: null, value: small(0, 3), grad: small(3, 3), gm: 1 },
      { id: "n1", op: "Variable", kind: "variable", label: "<img src=x onerror=alert(1)>", name: "w:0", scope: "", group: null, value: scalar(0.5), grad: scalar(6.2), gm: 6.2, is_source: true },
      { id: "n2", op: "Sin", kind: "op", label: "Sin", scope: "layer", group: "g0", order: 0, file: "/tmp/ipykernel_1/2.py", line: 8, code: "h = tf.sin(x) * w", attrs: {}, n_inputs: 1, value: small(6, 3), grad: small(9, 3), gm: 1.2 },
      { id: "n3", op: "Mul", kind: "op", label: "Mul", scope: "layer", group: "g0", order: 1, line: 8, code: "h = tf.sin(x) * w", attrs: {}, n_inputs: 2, value: small(0, 3), grad: small(3, 3), gm: 2 },
      { id: "n4", op: "AddV2", kind: "op", label: "AddV2", scope: "", group: null, order: 2, line: 9, code: "", attrs: {}, n_inputs: 2, inline: [[1, "1"]], value: { kind: "small", shape: [3], dtype: "float32", size: 3, nan: 1, inf: 0, min: 1, mean: 1, max: 1, preview: [0, 3] }, grad: scalar(1), gm: 1, flags: ["bad_value", "first_bad_forward"] },
      { id: "n5", op: "Sum", kind: "op", label: "Sum", scope: "", group: null, order: 3, line: 9, code: "loss = tf.reduce_sum(h)", attrs: { axis: "None" }, n_inputs: 1, value: scalar(4.5), grad: scalar(1), gm: 1, is_target: true },
    ],
    edges: [
      { id: "e0", source: "n0", target: "n2", port: 0, output: 0, shape: [3], dtype: "float32", grad: { m: 1.2, bad: false } },
      { id: "e1", source: "n2", target: "n3", port: 0, output: 0, shape: [3], dtype: "float32", grad: { m: 2, bad: false }, sent: scalar(0.25) },
      { id: "e2", source: "n1", target: "n3", port: 1, output: 0, shape: [], dtype: "float32", grad: { m: 6.2, bad: false } },
      { id: "e3", source: "n3", target: "n4", port: 0, output: 0, shape: [3], dtype: "float32", grad: { m: 1, bad: false } },
      { id: "e4", source: "n4", target: "n5", port: 0, output: 0, shape: [3], dtype: "float32", grad: { m: 1, bad: true } },
    ],
    groups: [
      { id: "g0", label: "layer", kind: "scope", parent: null, size: 2, items: 2, collapsed: false, flags: [], ops: [["Sin", 1], ["Mul", 1]], depth: 0 },
    ],
    target: "n5",
    has_gradients: true,
    legend: { log_min: 0, log_max: Math.log10(6.2), vanishing: 1e-7, exploding: 1000 },
    stats: { ops: 4, nodes: 6, edges: 5 },
    step: { forward: ["n0", "n1", "n2", "n3", "n4", "n5"], backward: ["n5", "n4", "n3", "n2"], local: { n2: [scalar(0.54)] } },
    explanations: [{ cause: "trainable_false", text: "frozen is a tf.Variable created with trainable=False", name: "frozen", node: "n1" }],
  };
}

export const PREVIEWS = new Float32Array([1, 2, 3, 0.1, 0.2, 0.3, 0.8, 0.9, 0.1, 1, 1, 1]);
