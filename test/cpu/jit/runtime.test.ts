/**
 * The shared recompiler runtime's parts: patchable jumps (golden bytes),
 * native data memory, the memory layout, and the dispatch/link/invalidate
 * bookkeeping seen through a guest.
 */
import { describe, expect, test } from "vitest";
import { directJumpFor, NativeDataMemory } from "../../../ejit/index.js";
import { jitMemoryLayout, JitMemory } from "../../../cpu/jit/memory-layout.js";
import { jitCpu } from "../chip8/jit-cpu.js";

describe("direct jumps", () => {
  test("x86-64 E9 rel32 from the end of the instruction", () => {
    const j = directJumpFor("x86_64");
    const out = new Uint8Array(5);
    expect(j.encode(0x1000, 0x1105, out)).toBe(true);
    expect(Array.from(out)).toEqual([0xe9, 0x00, 0x01, 0x00, 0x00]);
    expect(j.encode(0x1000, 0x0ffb, out)).toBe(true);
    expect(Array.from(out)).toEqual([0xe9, 0xf6, 0xff, 0xff, 0xff]);
    expect(j.encode(0, 2 ** 32, out)).toBe(false);
    expect(Array.from(j.fallThrough)).toEqual([0xe9, 0, 0, 0, 0]);
  });
  test("AArch64 B imm26 in words from the instruction", () => {
    const j = directJumpFor("aarch64");
    const out = new Uint8Array(4);
    expect(j.encode(0x1000, 0x1010, out)).toBe(true);
    expect(Array.from(out)).toEqual([0x04, 0x00, 0x00, 0x14]);
    expect(j.encode(0x1010, 0x1000, out)).toBe(true);
    expect(Array.from(out)).toEqual([0xfc, 0xff, 0xff, 0x17]);
    expect(j.encode(0, 0x8000000, out)).toBe(false);
    expect(j.encode(0, 2, out)).toBe(false);
  });
});

describe("native memory", () => {
  test("NativeDataMemory is zeroed, page sized, and shared with its buffer", () => {
    const m = new NativeDataMemory(100);
    expect(m.size % 4096).toBe(0);
    const bytes = new Uint8Array(m.buffer);
    expect(bytes.length).toBe(m.size);
    expect(bytes.every((b) => b === 0)).toBe(true);
    bytes[99] = 7;
    expect(new Uint8Array(m.buffer)[99]).toBe(7);
    m.dispose();
    expect(m.isDisposed).toBe(true);
  });
  test("the layout puts the guest state first and aligns the tables", () => {
    const l = jitMemoryLayout(0x12100, 0x10000, 16);
    expect([l.header, l.dispatch, l.codeMap, l.entryCounts, l.size]).toEqual([
      0x12100, 0x12140, 0x12140 + 0x80000, 0x12140 + 0x90040, 0x12140 + 0x90040 + 128,
    ]);
    const m = new JitMemory(l);
    m.setDispatch(0x123, 0x7fff12345678);
    expect(m.dispatchOf(0x123)).toBe(0x7fff12345678);
    m.budget = 1234;
    expect(m.budget).toBe(1234);
    m.dispose();
  });
});

describe("dispatch, links and invalidation", () => {
  test("a loop links to itself; invalidating it clears its dispatch entry and code map", () => {
    // 0x200 runs once; the block at 0x204 follows `jp loop` and skips back to itself
    const cpu = jitCpu(`loop: add v0, 1
      se v0, 0
      jp loop
      done: jp done`);
    cpu.run(300);
    const rt = cpu.jit.runtime;
    const loop = rt.cache.get(0x204)!;
    expect(loop).toBeDefined();
    expect(rt.memory.dispatchOf(0x204)).toBe(loop.address);
    expect(rt.memory.codeMap[0x204]).toBe(1);
    expect([...loop.incoming].some((slot) => slot.owner === loop)).toBe(true);
    expect(loop.instructions).toBe(3);
    rt.invalidate(0x202, 0x203);
    expect(rt.cache.get(0x204)).toBeUndefined();
    expect(rt.cache.get(0x200)).toBeUndefined();
    expect(rt.memory.dispatchOf(0x204)).toBe(0);
    expect(rt.memory.codeMap[0x202]).toBe(0);
    cpu.run(300);
    expect(cpu.difference()).toBeUndefined();
    cpu.dispose();
  });
  test("entry counting counts every entry of a block", () => {
    const cpu = jitCpu(`loop: add v0, 1
      se v0, 100
      jp loop
      done: jp done`, "xochip", {}, { countEntries: true });
    cpu.run(3 * 100 + 10);
    const rt = cpu.jit.runtime;
    expect(rt.entryCount(rt.cache.get(0x200)!)).toBe(1);
    expect(rt.entryCount(rt.cache.get(0x204)!)).toBe(99);
    cpu.dispose();
  });
});
