import { describe, expect, it } from "vitest";
import { layoutGraph, LayoutCache, NODE_W } from "../../js/graph/layout.js";
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
  it("lays out left to right along every edge, boxes around their members", () => {
    const vis = visibleGraph(sampleGraph());
    const lay = layoutGraph(vis);
    for (const e of vis.edges) {
      expect(lay.nodes.get(e.source).x + NODE_W).toBeLessThanOrEqual(lay.nodes.get(e.target).x);
      expect(lay.edges.get(`${e.source}>${e.target}`).length).toBeGreaterThan(1);
    }
    const box = lay.boxes.get("g0");
    for (const id of ["n2", "n3"]) {
      const n = lay.nodes.get(id);
      expect(n.x).toBeGreaterThanOrEqual(box.x);
      expect(n.x + n.w).toBeLessThanOrEqual(box.x + box.w);
      expect(n.y).toBeGreaterThanOrEqual(box.y);
    }
    expect(lay.width).toBeGreaterThan(4 * NODE_W);
  });

  it("reuses a cached layout when the structure and folding are unchanged", () => {
    const cache = new LayoutCache(2);
    const a = cache.get(visibleGraph(sampleGraph()));
    const other = sampleGraph();
    other.nodes[2].value = { ...other.nodes[2].value, min: -5 };    // new values, same structure
    expect(cache.get(visibleGraph(other))).toBe(a);
    expect(cache.hits).toBe(1);
    cache.get(visibleGraph(sampleGraph(), { g0: true }));
    cache.get(visibleGraph({ ...sampleGraph(), structure: "zzz" }));
    expect(cache.map.size).toBe(2);                                // LRU bound
  });

  it("lays out 400 chained nodes without trouble", () => {
    const nodes = Array.from({ length: 400 }, (_, i) => ({ id: `n${i}`, op: "Sin", group: null }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${i}`, target: n.id, shape: [], dtype: "float32" }));
    const lay = layoutGraph(visibleGraph({ nodes, edges, groups: [] }));
    expect(lay.nodes.size).toBe(400);
    expect(lay.nodes.get("n399").x).toBeGreaterThan(lay.nodes.get("n0").x);
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
  it("leaves edges spanning many layers out of the layout and draws them as stubs", () => {
    const nodes = Array.from({ length: 60 }, (_, i) => ({ id: `n${i}`, op: "Sin", group: null }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${i}`, target: n.id, shape: [], dtype: "float32" }));
    for (let i = 10; i < 60; i += 10) edges.push({ source: "n0", target: `n${i}`, shape: [], dtype: "float32" });
    const vis = visibleGraph({ nodes, edges, groups: [] });
    const lay = layoutGraph(vis);
    expect([...lay.stubs]).toEqual(["n0>n10", "n0>n20", "n0>n30", "n0>n40", "n0>n50"]);
    const stub = lay.edges.get("n0>n30");
    expect(stub.length).toBe(2);
    expect(stub[1].x).toBe(lay.nodes.get("n30").x);      // ends at its target
  });
});
