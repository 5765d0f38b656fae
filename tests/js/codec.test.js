import { describe, expect, it } from "vitest";
import { floats, fmt, num, preview } from "../../js/codec.js";
import { unalignedView } from "./fake-model.js";

describe("codec", () => {
  it("decodes an unaligned DataView of little-endian float32 by copying", () => {
    const view = unalignedView([1.5, -2, Number.NaN]);
    expect(view.byteOffset % 4).toBe(1);
    const out = floats(view);
    expect(out.length).toBe(3);
    expect(out[0]).toBe(1.5);
    expect(out[1]).toBe(-2);
    expect(Number.isNaN(out[2])).toBe(true);
    expect(out.buffer).not.toBe(view.buffer);
  });

  it("accepts ArrayBuffer, typed arrays and nothing", () => {
    expect(Array.from(floats(new Float32Array([3, 4]).buffer))).toEqual([3, 4]);
    expect(Array.from(floats(new Uint8Array(new Float32Array([5]).buffer)))).toEqual([5]);
    expect(floats(null).length).toBe(0);
    expect(floats(new Uint8Array(6)).length).toBe(1);   // a trailing partial float is dropped
  });

  it("reads previews by [offset, count]", () => {
    const all = new Float32Array([0, 1, 2, 3]);
    expect(Array.from(preview(all, { preview: [1, 2] }))).toEqual([1, 2]);
    expect(preview(all, { preview: [3, 5] })).toBe(null);
    expect(preview(all, { kind: "scalar" })).toBe(null);
  });

  it("decodes JSON-safe special numbers and formats numbers", () => {
    expect(Number.isNaN(num("nan"))).toBe(true);
    expect(num("-inf")).toBe(-Infinity);
    expect(num(2)).toBe(2);
    expect(fmt("inf")).toBe("Inf");
    expect(fmt(0.5)).toBe("0.5");
    expect(fmt(123456)).toBe("1.23e+5");
    expect(fmt(1 / 3)).toBe("0.3333");
  });
});

describe("jsonTrait", () => {
  it("parses a JSON text once, keeps the object while the text is the same, passes objects through", async () => {
    const { jsonTrait } = await import("../../js/codec.js");
    const read = jsonTrait();
    const a = read('{"nodes":[{"id":"n0"}]}');
    expect(a.nodes[0].id).toBe("n0");
    expect(read('{"nodes":[{"id":"n0"}]}')).toBe(a);          // same text: the same object
    expect(read('{"nodes":[]}')).not.toBe(a);
    const obj = { nodes: [] };
    expect(read(obj)).toBe(obj);
    expect(read("")).toEqual({});
    expect(read(undefined)).toEqual({});
  });
});
