/**
 * The JIT instruction by instruction class, with exact expected values
 * (and the interpreter on the same program must agree byte for byte).
 */
import { afterEach, describe, expect, test } from "vitest";
import type { Chip8ProfileName, Chip8Quirks } from "../../../cpu/chip8/quirks.js";
import { HaltReason } from "../../../cpu/chip8/state.js";
import { jitCpu, type JitCpu } from "./jit-cpu.js";

let cpu: JitCpu | undefined;
afterEach(() => {
  cpu?.dispose();
  cpu = undefined;
});

function run(source: string, n: number, profile: Chip8ProfileName = "xochip", quirks: Partial<Chip8Quirks> = {}): JitCpu {
  cpu = jitCpu(source, profile, quirks);
  cpu.run(n);
  expect(cpu.difference()).toBeUndefined();
  return cpu;
}

const v = (c: JitCpu): number[] => Array.from(c.state.v);

describe("register instructions", () => {
  test("6XNN, 7XNN wrap, 8XY0-8XY3", () => {
    const c = run(`ld v0, 200
      add v0, 100
      ld v1, 0x0f
      ld v2, 0xf0
      or v2, v1
      ld v3, 0x3c
      and v3, v1
      ld v4, 0xff
      xor v4, v1
      ld v9, v4`, 10);
    expect(v(c).slice(0, 5)).toEqual([44, 0x0f, 0xff, 0x0c, 0xf0]);
    expect(c.state.v[9]).toBe(0xf0);
  });
  test("8XY4/8XY5/8XY7 carry and borrow, VF as X", () => {
    const c = run(`ld v0, 200
      ld v1, 100
      add v0, v1
      ld v2, vf
      ld v3, 5
      ld v4, 7
      sub v3, v4
      ld v5, vf
      ld v6, 5
      subn v6, v4
      ld v7, vf
      ld vf, 9
      add vf, v4`, 13, "xochip");
    expect([c.state.v[0], c.state.v[2], c.state.v[3], c.state.v[5], c.state.v[6], c.state.v[7]]).toEqual([44, 1, 254, 0, 2, 1]);
    expect(c.state.v[15]).toBe(0); // flag (no carry) written after the sum
  });
  test("vfOrderQuirks: the result wins when X = F", () => {
    const c = run(`ld vf, 9
      ld v4, 7
      add vf, v4`, 3, "xochip", { vfOrderQuirks: true });
    expect(c.state.v[15]).toBe(16);
  });
  test("8XY6/8XYE with and without shiftQuirks; logicQuirks resets VF", () => {
    const plain = run(`ld v1, 0x81
      shr v0, v1
      ld v2, vf
      shl v3, v1
      ld v4, vf
      ld vf, 1
      or v5, v1`, 7, "xochip");
    expect([plain.state.v[0], plain.state.v[2], plain.state.v[3], plain.state.v[4], plain.state.v[15]]).toEqual([0x40, 1, 0x02, 1, 1]);
    plain.dispose();
    cpu = undefined;
    const quirky = run(`ld v0, 0x03
      ld v1, 0x81
      shr v0, v1
      ld vf, 1
      or v5, v1`, 5, "chip8", { shiftQuirks: true });
    expect([quirky.state.v[0], quirky.state.v[15]]).toEqual([0x01, 0]);
  });
  test("ANNN, FX1E wraps at 16 bits, FX29, FX30, CXNN", () => {
    const c = run(`ld i, 0xfff
      ld v0, 0xff
      add i, v0`, 3, "xochip");
    expect(c.state.i).toBe(0x10fe);
    c.dispose();
    const f = run(`ld v0, 0x1a
      ld f, v0
      ld v1, 3
      ld hf, v1`, 3, "xochip");
    expect(f.state.i).toBe(10 * 5);
    f.run(1);
    expect(f.state.i).toBe(0x50 + 30);
    f.dispose();
    const r = run(`rnd v0, 0xff
      rnd v1, 0x0f
      rnd v2, 0xff`, 3, "xochip");
    expect(r.state.random).toBe(r.reference.random);
    expect(r.state.v[1]! & 0xf0).toBe(0);
  });
  test("timers, pitch and planes", () => {
    const c = run(`ld v0, 42
      ld dt, v0
      ld st, v0
      ld v1, dt
      pitch v1
      plane 2`, 6, "xochip");
    expect([c.state.dt, c.state.st, c.state.v[1], c.state.pitch, c.state.planes]).toEqual([42, 42, 42, 42, 2]);
  });
});

describe("memory instructions", () => {
  test("FX33 writes the three digits of every value 0..255", () => {
    const c = run(`loop: ld i, 0x800
      add i, v0
      add i, v0
      add i, v0
      ld b, v0
      add v0, 1
      se v0, 0
      jp loop
      done: jp done`, 256 * 8, "xochip");
    for (let value = 0; value < 256; value++) {
      const at = 0x800 + 3 * value;
      expect([c.state.memory[at], c.state.memory[at + 1], c.state.memory[at + 2]]).toEqual([
        Math.floor(value / 100), Math.floor(value / 10) % 10, value % 10,
      ]);
    }
  });
  test("FX55/FX65 with each load/store quirk; I wraps the guest memory", () => {
    for (const [quirks, expected] of [[{}, 0x804], [{ loadStoreQuirks: true }, 0x800], [{ loadStoreXQuirks: true }, 0x803]] as const) {
      const c = run(`ld v0, 1
        ld v1, 2
        ld v2, 3
        ld v3, 4
        ld i, 0x800
        ld [i], v3
        ld i, 0x800
        ld v3, [i]`, 8, "xochip", quirks);
      expect(c.state.i).toBe(expected);
      expect(Array.from(c.state.memory.subarray(0x800, 0x804))).toEqual([1, 2, 3, 4]);
      c.dispose();
      cpu = undefined;
    }
    const wrap = run(`ld v0, 0xaa
      ld v1, 0xbb
      ld i, 0xfff
      ld [i], v1`, 4, "chip8");
    expect([wrap.state.memory[0xfff], wrap.state.memory[0]]).toEqual([0xaa, 0xbb]);
  });
  test("XO-CHIP 5XY2/5XY3 in both orders and F000 NNNN", () => {
    const c = run(`ld v1, 1
      ld v2, 2
      ld v3, 3
      ld i, long 0x1234
      save v1, v3
      ld i, long 0x1240
      save v3, v1
      load v6, v4`, 8, "xochip");
    expect(Array.from(c.state.memory.subarray(0x1234, 0x1237))).toEqual([1, 2, 3]);
    expect(Array.from(c.state.memory.subarray(0x1240, 0x1243))).toEqual([3, 2, 1]);
    expect(Array.from(c.state.v.subarray(4, 7))).toEqual([1, 2, 3]);
    expect(c.state.i).toBe(0x1240);
  });
  test("FX75/FX85 and F002", () => {
    const c = run(`ld v0, 7
      ld v1, 8
      ld r, v1
      ld v0, 0
      ld v1, 0
      ld v1, r
      ld i, 0x300
      audio`, 8, "xochip");
    expect([c.state.v[0], c.state.v[1], c.state.rpl[0], c.state.rpl[1]]).toEqual([7, 8, 7, 8]);
  });
});

describe("control flow", () => {
  test("calls, returns, skips and BNNN", () => {
    const c = run(`ld v0, 4
      call func
      se v1, 1
      jp bad
      jp v0, table
      bad: ld v9, 0xee
      jp bad
      func: ld v1, 1
      ret
      table: jp bad
      jp ok
      ok: ld v8, 0x0c
      sne v8, 0x0c
      ld v7, 0x77
      done: jp done`, 12, "chip8");
    expect([c.state.v[1], c.state.v[7], c.state.v[8], c.state.v[9]]).toEqual([1, 0x77, 0x0c, 0]);
  });
  test("keys: EX9E/EXA1 read the shared key state", () => {
    cpu = jitCpu(`skp v0
      ld v1, 1
      sknp v0
      ld v2, 2
      done: jp done`);
    cpu.state.keys[5] = 1;
    cpu.reference.keys[5] = 1;
    cpu.state.v[0] = 5;
    cpu.reference.v[0] = 5;
    cpu.run(4);
    expect(cpu.difference()).toBeUndefined();
    expect([cpu.state.v[1], cpu.state.v[2]]).toEqual([0, 2]);
  });
  test("stack overflow, underflow and unknown opcodes fault at the same PC, uncounted", () => {
    for (const [source, reason, pc] of [
      ["loop: call loop", HaltReason.StackOverflow, 0x200],
      ["ld v0, 1\nret", HaltReason.StackUnderflow, 0x202],
      ["ld v0, 1\ndw 0x5123", HaltReason.UnknownOpcode, 0x202],
    ] as const) {
      cpu = jitCpu(source, "chip8");
      const ran = cpu.run(100);
      expect(cpu.difference()).toBeUndefined();
      expect([cpu.state.halt, cpu.state.faultPc]).toEqual([reason, pc]);
      expect(ran).toBe(source.startsWith("loop") ? 12 : 1);
      cpu.dispose();
      cpu = undefined;
    }
  });
  test("FX0A and 00FD stop the run with the interpreter's state", () => {
    cpu = jitCpu("ld v0, 1\nld v3, k\nld v0, 2");
    expect(cpu.run(10)).toBe(2);
    expect([cpu.state.halt, cpu.state.waitRegister, cpu.state.pc]).toEqual([HaltReason.KeyWait, 3, 0x204]);
    cpu.dispose();
    cpu = jitCpu("ld v0, 1\nexit\nld v0, 2", "schip");
    expect(cpu.run(10)).toBe(2);
    expect(cpu.state.halt).toBe(HaltReason.Exit);
  });
  test("the budget is exact: a frame ends mid-block", () => {
    cpu = jitCpu(`loop: add v0, 1
      add v1, 2
      add v2, 3
      add v3, 4
      add v4, 5
      jp loop`);
    for (let k = 0; k < 50; k++) {
      expect(cpu.run(7)).toBe(7);
      expect(cpu.difference()).toBeUndefined();
    }
    expect(cpu.state.v[0]).toBe(59);
  });
});

describe("display", () => {
  const drawing = `high
    ld i, sprite
    ld v0, 120
    ld v1, 60
    drw v0, v1, 0
    drw v0, v1, 15
    low
    ld v0, 60
    ld v1, 28
    drw v0, v1, 8
    plane 3
    drw v0, v1, 4
    cls
    drw v1, v0, 3
    done: jp done
    sprite: db 0xff, 0x81, 0xa5, 0x81, 0xff, 0x00, 0x18, 0x3c, 0x7e, 0xff, 0xff, 0xff, 0x7e, 0x3c, 0x18, 0x00
    db 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x0f, 0xed, 0xcb, 0xa9, 0x87, 0x65, 0x43, 0x21`;
  for (const [profile, quirks] of [
    ["xochip", {}], ["xochip", { clipQuirks: true }], ["schip", {}], ["schip-legacy", {}], ["schip", { clipQuirks: false }],
    ["xochip", { loresDxy0Quirks: true, collisionRowsQuirks: true }],
  ] as const) {
    test(`DXYN with wrap/clip, hires/lores, planes, collision rows: ${profile} ${JSON.stringify(quirks)}`, () => {
      for (let n = 1; n <= 14; n++) {
        cpu = jitCpu(drawing, profile, quirks);
        cpu.run(n);
        expect(cpu.difference(), `after ${n} instructions`).toBeUndefined();
        cpu.dispose();
        cpu = undefined;
      }
    });
  }
  test("VF after a collision; vblankQuirks waits after DXYN", () => {
    cpu = jitCpu(`ld i, 0x0
      drw v0, v0, 5
      drw v0, v0, 5
      ld v2, vf
      drw v0, v0, 5
      ld v3, vf`, "chip8");
    expect(cpu.run(10)).toBe(2);
    expect(cpu.state.halt).toBe(HaltReason.DisplayWait);
    expect(cpu.difference()).toBeUndefined();
  });
});

describe("scrolling", () => {
  const scene = `high
    ld i, sprite
    ld v0, 3
    ld v1, 5
    drw v0, v1, 8
    ld v0, 124
    ld v1, 60
    drw v0, v1, 8
    scd 3
    scr
    scl
    scl
    low
    drw v1, v0, 8
    scd 5
    scr
    scl
    plane 2
    scd 1
    scr
    plane 3
    scu 2
    scl
    done: jp done
    sprite: db 0xff, 0x81, 0xa5, 0x81, 0xff, 0x00, 0x18, 0x3c, 0x7e, 0xff, 0xff, 0xff, 0x7e, 0x3c, 0x18, 0x00`;
  for (const [profile, quirks] of [["xochip", {}], ["schip-legacy", {}], ["xochip", { loresScrollQuirks: true, resolutionKeepQuirks: true }]] as const) {
    test(`00CN, 00DN, 00FB, 00FC natively, every plane mask: ${profile} ${JSON.stringify(quirks)}`, () => {
      for (let n = 8; n <= 24; n++) {
        cpu = jitCpu(scene, profile, quirks, { maxBlock: 1 }); // one-instruction blocks: no budget tail in the interpreter
        cpu.run(n);
        expect(cpu.difference(), `after ${n} instructions`).toBeUndefined();
        expect(cpu.jit.interpretedInstructions).toBe(0);
        cpu.dispose();
        cpu = undefined;
      }
    });
  }
});

describe("switches for bisecting", () => {
  test("interpretNibbles sends a class to the interpreter with the same results", () => {
    const source = `loop: add v0, 3
      ld v1, v0
      shl v1, v1
      xor v2, v1
      jp loop`;
    cpu = jitCpu(source, "xochip", {}, { interpretNibbles: [0x8] });
    cpu.run(500);
    expect(cpu.difference()).toBeUndefined();
    // 100 turns of three 8XYN each, plus the 500th instruction: the `jp loop; add v0, 3`
    // block does not fit the one instruction left, so the interpreter runs it
    expect(cpu.jit.interpretedInstructions).toBe(301);
  });
});
