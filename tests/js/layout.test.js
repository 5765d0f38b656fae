import { describe, expect, it } from "vitest";
import { layoutGraph, LayoutCache, NODE_H, NODE_W } from "../../js/graph/layout.js";
import { searchGraph, visibleGraph } from "../../js/graph/visible.js";
import { stepFrames } from "../../js/graph/stepper.js";
import { sampleGraph } from "./sample-graph.js";

describe("visibleGraph", () => {
  it("shows every node when groups are open, with the scope as a box", () => {
    const vis = visibleGraph(sampleGraph());
    expect(vis.items.map((i) => i.id)).toEqual(["n0", "n1", "n2", "n3", "n4", "n5"]);
    expect(vis.boxes.map((b) => b.id)).toEqual(["g0"]);
    expect(vis.edges.length).toBe(5);
  });

  it("replaces a collapsed group by one item and merges its edges", () => {
    const vis = visibleGraph(sampleGraph(), { g0: true });
    expect(vis.items.map((i) => i.id)).toEqual(["n0", "n1", "g0", "n4", "n5"]);
    expect(vis.boxes).toEqual([]);
    expect(vis.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["n0>g0", "n1>g0", "g0>n4", "n4>n5"]);
    expect(vis.key).not.toBe(visibleGraph(sampleGraph()).key);
  });

  it("finds nodes by label, op, variable name or scope", () => {
    const g = sampleGraph();
    const vis = visibleGraph(g, { g0: true });
    expect([...searchGraph(g, vis, "sin")]).toEqual(["g0"]);          // inside the folded scope
    expect([...searchGraph(g, vis, "w:0")]).toEqual(["n1"]);
    expect(searchGraph(g, vis, "  ").size).toBe(0);
  });
});

describe("layoutGraph", () => {
  it("lays out top to bottom along every edge, boxes around their members, labels in free space", async () => {
    const vis = visibleGraph(sampleGraph());
    const lay = await layoutGraph(vis);
    for (const e of vis.edges) {
      expect(lay.nodes.get(e.source).y + NODE_H).toBeLessThanOrEqual(lay.nodes.get(e.target).y);
      expect(lay.edges.get(`${e.source}>${e.target}`).length).toBeGreaterThan(1);
    }
    const rects = [...lay.nodes.values()];
    for (const l of lay.labels.values()) {
      for (const r of rects) {
        const apart = l.x + l.w <= r.x || r.x + r.w <= l.x || l.y + l.h <= r.y || r.y + r.h <= l.y;
        expect(apart).toBe(true);
      }
    }
    expect(lay.labels.size).toBe(5);
    const box = lay.boxes.get("g0");
    for (const id of ["n2", "n3"]) {
      const n = lay.nodes.get(id);
      expect(n.x).toBeGreaterThanOrEqual(box.x);
      expect(n.x + n.w).toBeLessThanOrEqual(box.x + box.w);
      expect(n.y).toBeGreaterThanOrEqual(box.y);
    }
    expect(lay.height).toBeGreaterThan(4 * NODE_H);
    const lr = await layoutGraph(vis, "RIGHT");
    for (const e of vis.edges) expect(lr.nodes.get(e.source).x + NODE_W).toBeLessThanOrEqual(lr.nodes.get(e.target).x);
  });

  it("keeps nested frames around exactly their members, never crossing", async () => {
    const nodes = [];
    const groups = [];
    const edges = [];
    for (let l = 0; l < 3; l++) {
      groups.push({ id: `L${l}`, label: `dense_${l}`, kind: "scope", parent: null, collapsed: false });
      groups.push({ id: `L${l}k`, label: "kernel", kind: "scope", parent: `L${l}`, collapsed: false });
      nodes.push({ id: `v${l}`, op: "Variable", group: `L${l}k` }, { id: `m${l}`, op: "MatMul", group: `L${l}` },
        { id: `r${l}`, op: "Relu", group: `L${l}` });
      edges.push({ source: `v${l}`, target: `m${l}` }, { source: `m${l}`, target: `r${l}` });
      if (l) edges.push({ source: `r${l - 1}`, target: `m${l}` });
    }
    const lay = await layoutGraph(visibleGraph({ nodes, edges, groups }));
    const inside = (a, b) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
    const apart = (a, b) => a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
    for (const n of nodes) {
      const r = lay.nodes.get(n.id);
      for (const [id, box] of lay.boxes) {
        const mine = id === n.group || id === `${n.group}`.replace(/k$/, "");
        if (mine) expect(inside(r, box)).toBe(true);
        else expect(apart(r, box)).toBe(true);
      }
    }
    const ids = [...lay.boxes.keys()];
    for (const a of ids) for (const b of ids) {
      if (a >= b) continue;
      const ra = lay.boxes.get(a);
      const rb = lay.boxes.get(b);
      expect(apart(ra, rb) || inside(ra, rb) || inside(rb, ra)).toBe(true);
    }
  });

  it("reuses a cached layout when the structure and folding are unchanged", async () => {
    const cache = new LayoutCache(2);
    const a = await cache.get(visibleGraph(sampleGraph()));
    expect(cache.peek(visibleGraph(sampleGraph()))).toBe(a);
    const other = sampleGraph();
    other.nodes[2].value = { ...other.nodes[2].value, min: -5 };    // new values, same structure
    expect(await cache.get(visibleGraph(other))).toBe(a);
    expect(cache.hits).toBe(1);
    cache.get(visibleGraph(sampleGraph(), { g0: true }));
    cache.get(visibleGraph({ ...sampleGraph(), structure: "zzz" }));
    expect(cache.map.size).toBe(2);                                // LRU bound
  });

  it("lays out 400 chained nodes without trouble", async () => {
    const nodes = Array.from({ length: 400 }, (_, i) => ({ id: `n${i}`, op: "Sin", group: null }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${i}`, target: n.id, shape: [], dtype: "float32" }));
    const lay = await layoutGraph(visibleGraph({ nodes, edges, groups: [] }));
    expect(lay.nodes.size).toBe(400);
    expect(lay.nodes.get("n399").y).toBeGreaterThan(lay.nodes.get("n0").y);
  });
});

describe("stepFrames", () => {
  it("replays forward op by op, then backward from the target", () => {
    const frames = stepFrames(sampleGraph());
    expect(frames.length).toBe(10);
    expect(frames[0]).toMatchObject({ phase: "forward", active: "n0" });
    expect(frames[0].shown.has("n1")).toBe(false);
    expect(frames[6]).toMatchObject({ phase: "backward", active: "n5" });
    expect(frames[9].done.has("n3")).toBe(true);
  });

  it("has only forward frames before gradient()", () => {
    const g = { ...sampleGraph(), has_gradients: false, step: null };
    expect(stepFrames(g).every((f) => f.phase === "forward")).toBe(true);
  });
});

describe("long edges", () => {
  it("leaves edges spanning many layers out of the layout and draws them as stubs", async () => {
    const nodes = Array.from({ length: 60 }, (_, i) => ({ id: `n${i}`, op: "Sin", group: null }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${i}`, target: n.id, shape: [], dtype: "float32" }));
    for (let i = 10; i < 60; i += 10) edges.push({ source: "n0", target: `n${i}`, shape: [], dtype: "float32" });
    const vis = visibleGraph({ nodes, edges, groups: [] });
    const lay = await layoutGraph(vis);
    expect([...lay.stubs]).toEqual(["n0>n10", "n0>n20", "n0>n30", "n0>n40", "n0>n50"]);
    const stub = lay.edges.get("n0>n30");
    expect(stub.length).toBe(2);
    expect(stub[1].y).toBe(lay.nodes.get("n30").y);      // ends at its target
  });
});
