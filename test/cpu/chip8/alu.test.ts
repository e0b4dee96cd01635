import { describe, expect, it } from "vitest";
import { HaltReason } from "../../../cpu/chip8/state.js";
import { cpuWith } from "./helpers.js";

/** Set V registers, run one 8XY? instruction, return [VX, VF]. */
function alu(op: number, vx: number, vy: number, quirks = {}, x = 1, y = 2): [number, number] {
  const c = cpuWith([0x8000 | (x << 8) | (y << 4) | op], "xochip", quirks);
  c.state.v[x] = vx;
  c.state.v[y] = vy;
  c.state.v[15] = x === 15 || y === 15 ? c.state.v[15]! : 0x55;
  expect(c.step(1)).toBe(1);
  return [c.state.v[x]!, c.state.v[15]!];
}

describe("CHIP-8 arithmetic and logic (8XYN, 6XNN, 7XNN)", () => {
  it("6XNN loads and 7XNN adds without touching VF", () => {
    const c = cpuWith([0x63fe, 0x7305, 0x6f07, 0x7f01]);
    c.step(2);
    expect([c.state.v[3], c.state.v[15]]).toEqual([0x03, 0]);
    c.step(2);
    expect(c.state.v[15]).toBe(8);
  });

  it("8XY0 copies", () => expect(alu(0, 1, 0x9a)).toEqual([0x9a, 0x55]));

  it("8XY1/2/3 leave VF, or reset it under logicQuirks", () => {
    expect(alu(1, 0x0f, 0xf1)).toEqual([0xff, 0x55]);
    expect(alu(2, 0x0f, 0xf1)).toEqual([0x01, 0x55]);
    expect(alu(3, 0x0f, 0xf1)).toEqual([0xfe, 0x55]);
    expect(alu(1, 0x0f, 0xf1, { logicQuirks: true })).toEqual([0xff, 0]);
    expect(alu(2, 0x0f, 0xf1, { logicQuirks: true })).toEqual([0x01, 0]);
    expect(alu(3, 0x0f, 0xf1, { logicQuirks: true })).toEqual([0xfe, 0]);
  });

  it("8XY4 adds with carry", () => {
    expect(alu(4, 0xf0, 0x20)).toEqual([0x10, 1]);
    expect(alu(4, 0x70, 0x0f)).toEqual([0x7f, 0]);
  });

  it("8XY5 and 8XY7 subtract with VF = no borrow", () => {
    expect(alu(5, 0x30, 0x10)).toEqual([0x20, 1]);
    expect(alu(5, 0x10, 0x30)).toEqual([0xe0, 0]);
    expect(alu(5, 0x10, 0x10)).toEqual([0x00, 1]);
    expect(alu(7, 0x10, 0x30)).toEqual([0x20, 1]);
    expect(alu(7, 0x30, 0x10)).toEqual([0xe0, 0]);
  });

  it("8XY6/8XYE shift VY into VX, or VX in place under shiftQuirks", () => {
    expect(alu(6, 0x00, 0x81)).toEqual([0x40, 1]);
    expect(alu(6, 0x81, 0x00, { shiftQuirks: true })).toEqual([0x40, 1]);
    expect(alu(0xe, 0x00, 0x81)).toEqual([0x02, 1]);
    expect(alu(0xe, 0x41, 0x00, { shiftQuirks: true })).toEqual([0x82, 0]);
  });

  it("with X = F the flag wins, or the result under vfOrderQuirks", () => {
    expect(alu(4, 0xf0, 0x20, {}, 15, 2)).toEqual([1, 1]);
    expect(alu(4, 0xf0, 0x20, { vfOrderQuirks: true }, 15, 2)).toEqual([0x10, 0x10]);
    expect(alu(5, 0x05, 0x01, {}, 15, 2)).toEqual([1, 1]);
    expect(alu(5, 0x05, 0x01, { vfOrderQuirks: true }, 15, 2)).toEqual([4, 4]);
  });

  it("CXNN is masked and repeatable from the seeded generator", () => {
    const a = cpuWith([0xc10f, 0xc2f0, 0xc3ff]);
    const b = cpuWith([0xc10f, 0xc2f0, 0xc3ff]);
    a.step(3);
    b.step(3);
    expect(a.state.v[1]! & 0xf0).toBe(0);
    expect(a.state.v[2]! & 0x0f).toBe(0);
    expect(Array.from(a.state.v.subarray(1, 4))).toEqual(Array.from(b.state.v.subarray(1, 4)));
    expect(a.state.random).not.toBe(0x2545f491);
  });

  it("rejects 8XY8..8XYD and 8XYF as unknown", () => {
    for (const low of [8, 9, 0xa, 0xb, 0xc, 0xd, 0xf]) {
      const c = cpuWith([0x8120 | low]);
      expect(c.step(1)).toBe(0);
      expect([c.state.halt, c.state.faultOpcode, c.state.faultPc, c.state.pc]).toEqual([HaltReason.UnknownOpcode, 0x8120 | low, 0x200, 0x200]);
    }
  });
});
