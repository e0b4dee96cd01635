/**
 * CXNN runs: adjacent CXNN keep the generator state in a scratch register
 * between them. Exact values from xorshift32 computed here, and the
 * interpreter agrees byte for byte at every budget.
 */
import { afterEach, describe, expect, test } from "vitest";
import { jitCpu, type JitCpu } from "./jit-cpu.js";

let cpu: JitCpu | undefined;
afterEach(() => {
  cpu?.dispose();
  cpu = undefined;
});

/** The interpreter's generator: xorshift32, the value from bits 24..31. */
function xorshift(s: number): number {
  s ^= s << 13;
  s >>>= 0;
  s ^= s >>> 17;
  s ^= s << 5;
  return s >>> 0;
}

const SOURCE = `loop: rnd v0, 0xff
  rnd v1, 0x0f
  rnd v2, 0xff
  add v3, 1
  rnd v4, 0xf0
  jp loop`;

describe("CXNN", () => {
  test("three adjacent CXNN, then one after another instruction: exact values", () => {
    cpu = jitCpu(SOURCE);
    expect(cpu.run(6 * 5)).toBe(30);
    expect(cpu.difference()).toBeUndefined();
    let s = 0x2545f491;
    const want: number[] = [];
    for (let turn = 0; turn < 5; turn++) {
      for (const mask of [0xff, 0x0f, 0xff, 0xf0]) {
        s = xorshift(s);
        want.push((s >>> 24) & mask);
      }
    }
    expect([cpu.state.v[0], cpu.state.v[1], cpu.state.v[2], cpu.state.v[4]]).toEqual(want.slice(-4));
    expect(cpu.state.random).toBe(s);
  });
  test("budgets that end between adjacent CXNN", () => {
    for (const step of [1, 2, 4, 7]) {
      cpu = jitCpu(SOURCE);
      for (let k = 0; k < 30; k++) {
        cpu.run(step);
        expect(cpu.difference()).toBeUndefined();
      }
      cpu.dispose();
      cpu = undefined;
    }
  });
});
