import { describe, expect, it } from "vitest";
import { decodeChip8 } from "../../../cpu/chip8/decode.js";
import { HaltReason } from "../../../cpu/chip8/state.js";
import type { Chip8ProfileName } from "../../../cpu/chip8/quirks.js";
import { cpuWith } from "./helpers.js";

describe("CHIP-8 control flow", () => {
  it("1NNN jumps, 2NNN calls, 00EE returns", () => {
    const c = cpuWith([0x2206, 0x1204, 0x1204, 0x6101, 0x00ee]);
    c.step(1);
    expect([c.state.pc, c.state.sp, c.state.stack[0]]).toEqual([0x206, 1, 0x202]);
    c.step(2);
    expect([c.state.pc, c.state.sp, c.state.v[1]]).toEqual([0x202, 0, 1]);
    c.step(1);
    expect(c.state.pc).toBe(0x204);
  });

  it("overflows the stack past stackDepth and underflows on an empty return", () => {
    const deep = cpuWith([0x2200], "chip8");
    expect(deep.cpu.run(100)).toBe(12);
    expect([deep.state.halt, deep.state.sp, deep.state.faultPc, deep.state.faultOpcode]).toEqual([HaltReason.StackOverflow, 12, 0x200, 0x2200]);
    const schip = cpuWith([0x2200], "schip");
    expect(schip.cpu.run(100)).toBe(16);
    const empty = cpuWith([0x00ee]);
    expect(empty.step(1)).toBe(0);
    expect(empty.state.halt).toBe(HaltReason.StackUnderflow);
  });

  it("3XNN 4XNN 5XY0 9XY0 skip", () => {
    const cases: [number, number][] = [[0x3105, 0x204], [0x3106, 0x202], [0x4105, 0x202], [0x4106, 0x204],
      [0x5120, 0x204], [0x5130, 0x202], [0x9120, 0x202], [0x9130, 0x204]];
    for (const [op, pc] of cases) {
      const c = cpuWith([op]);
      c.state.v[1] = 5;
      c.state.v[2] = 5;
      c.state.v[3] = 6;
      c.step(1);
      expect(c.state.pc, op.toString(16)).toBe(pc);
    }
  });

  it("skips over F000 NNNN as one instruction on XO-CHIP only", () => {
    const xo = cpuWith([0x3000, 0xf000, 0x1234]);
    xo.step(1);
    expect(xo.state.pc).toBe(0x206);
    const schip = cpuWith([0x3000, 0xf000, 0x1234], "schip");
    schip.step(1);
    expect(schip.state.pc).toBe(0x204);
  });

  it("BNNN adds V0, or VX under jumpQuirks", () => {
    const plain = cpuWith([0xb300]);
    plain.state.v[0] = 4;
    plain.state.v[3] = 8;
    plain.step(1);
    expect(plain.state.pc).toBe(0x304);
    const quirky = cpuWith([0xb300], "xochip", { jumpQuirks: true });
    quirky.state.v[0] = 4;
    quirky.state.v[3] = 8;
    quirky.step(1);
    expect(quirky.state.pc).toBe(0x308);
  });

  it("00FD exits and run() returns 0 while halted", () => {
    const c = cpuWith([0x00fd, 0x6101], "schip");
    expect(c.step(2)).toBe(1);
    expect([c.state.halt, c.state.pc]).toEqual([HaltReason.Exit, 0x202]);
    expect(c.step(2)).toBe(0);
  });

  it("runs exactly the opcodes the table decodes, per instruction set", () => {
    for (const set of ["chip8", "schip", "xochip"] as const) {
      const profile: Chip8ProfileName = set;
      const c = cpuWith([0x0000, 0x0000], profile);
      const s = c.state;
      const mismatches: string[] = [];
      for (let op = 0; op < 0x10000; op++) {
        s.memory[0x200] = op >> 8;
        s.memory[0x201] = op & 0xff;
        s.pc = 0x200;
        s.sp = 1;
        s.stack[0] = 0x200;
        s.i = 0x300;
        s.halt = HaltReason.Running;
        c.cpu.run(1);
        const faulted = (s.halt as HaltReason) === HaltReason.UnknownOpcode; // run() changed it
        if (faulted !== (decodeChip8(op, set) === undefined)) mismatches.push(op.toString(16));
      }
      expect(mismatches, set).toEqual([]);
    }
  });
});
