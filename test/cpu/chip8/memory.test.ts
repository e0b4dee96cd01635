import { describe, expect, it } from "vitest";
import { BIG_FONT_ADDRESS, SMALL_FONT_ADDRESS } from "../../../cpu/chip8/font.js";
import { Chip8Offset, HaltReason } from "../../../cpu/chip8/state.js";
import { cpuWith } from "./helpers.js";

describe("CHIP-8 I, memory, timers, keys and XO-CHIP registers", () => {
  it("ANNN, FX1E, FX29, FX30", () => {
    const c = cpuWith([0xa123, 0xf11e, 0xf229, 0xf230]);
    c.state.v[1] = 0x10;
    c.state.v[2] = 0x1b;
    c.step(2);
    expect(c.state.i).toBe(0x133);
    c.step(1);
    expect(c.state.i).toBe(SMALL_FONT_ADDRESS + 0xb * 5);
    c.step(1);
    expect(c.state.i).toBe(BIG_FONT_ADDRESS + 0xb * 10);
    expect(Array.from(c.state.memory.subarray(SMALL_FONT_ADDRESS, SMALL_FONT_ADDRESS + 5))).toEqual([0xf0, 0x90, 0x90, 0x90, 0xf0]);
  });

  it("F000 NNNN loads a 16-bit I", () => {
    const c = cpuWith([0xf000, 0xbeef, 0x6101]);
    expect(c.step(2)).toBe(2);
    expect([c.state.i, c.state.pc, c.state.v[1]]).toEqual([0xbeef, 0x206, 1]);
  });

  it("FX33 stores BCD", () => {
    const c = cpuWith([0xa300, 0xf533]);
    c.state.v[5] = 251;
    c.step(2);
    expect(Array.from(c.state.memory.subarray(0x300, 0x303))).toEqual([2, 5, 1]);
  });

  it("FX55/FX65 move I by X+1, by X under loadStoreXQuirks, not at all under loadStoreQuirks", () => {
    for (const [quirks, iAfter] of [[{}, 0x303], [{ loadStoreXQuirks: true }, 0x302], [{ loadStoreQuirks: true }, 0x300]] as const) {
      const c = cpuWith([0xa300, 0xf255, 0xa300, 0xf265], "xochip", quirks);
      c.state.v.set([7, 8, 9, 10]);
      c.step(2);
      expect(Array.from(c.state.memory.subarray(0x300, 0x304))).toEqual([7, 8, 9, 0]);
      expect(c.state.i).toBe(iAfter);
      c.state.v.fill(0);
      c.step(2);
      expect(Array.from(c.state.v.subarray(0, 4))).toEqual([7, 8, 9, 0]);
      expect(c.state.i).toBe(iAfter);
    }
  });

  it("5XY2/5XY3 save and load a register range in either order without moving I", () => {
    const c = cpuWith([0xa300, 0x5242, 0x5423, 0x5243]);
    c.state.v.set([0, 0, 0xa, 0xb, 0xc]);
    c.step(2);
    expect([...c.state.memory.subarray(0x300, 0x304), c.state.i]).toEqual([0xa, 0xb, 0xc, 0, 0x300]);
    c.step(1); // v4..v2 from memory: v4 = 0xa, v3 = 0xb, v2 = 0xc
    expect(Array.from(c.state.v.subarray(2, 5))).toEqual([0xc, 0xb, 0xa]);
    c.step(1);
    expect(Array.from(c.state.v.subarray(2, 5))).toEqual([0xa, 0xb, 0xc]);
  });

  it("FX75/FX85 save and restore the RPL flags", () => {
    const c = cpuWith([0xf375, 0x6000, 0x6309, 0xf385], "schip");
    c.state.v.set([1, 2, 3, 4]);
    c.step(4);
    expect(Array.from(c.state.rpl.subarray(0, 5))).toEqual([1, 2, 3, 4, 0]);
    expect(Array.from(c.state.v.subarray(0, 4))).toEqual([1, 2, 3, 4]);
  });

  it("FX07/FX15/FX18 read and set the timers", () => {
    const c = cpuWith([0xf115, 0xf218, 0xf307]);
    c.state.v[1] = 30;
    c.state.v[2] = 7;
    c.step(3);
    expect([c.state.dt, c.state.st, c.state.v[3]]).toEqual([30, 7, 30]);
  });

  it("EX9E/EXA1 test the key in VX", () => {
    const c = cpuWith([0xe19e, 0x0000, 0xe1a1, 0xe19e]);
    c.state.v[1] = 0x1c; // key C: only the low nibble counts
    c.state.keys[0xc] = 1;
    c.step(1);
    expect(c.state.pc).toBe(0x204);
    c.step(1);
    expect(c.state.pc).toBe(0x206);
    c.state.keys[0xc] = 0;
    c.step(1);
    expect(c.state.pc).toBe(0x208);
  });

  it("FX0A stops the CPU in the key wait with the register noted", () => {
    const c = cpuWith([0xf70a, 0x6101]);
    expect(c.step(2)).toBe(1);
    expect([c.state.halt, c.state.waitRegister, c.state.pc]).toEqual([HaltReason.KeyWait, 7, 0x202]);
  });

  it("FN01, F002, FX3A set the plane mask, audio pattern and pitch", () => {
    const c = cpuWith([0xf201, 0xa300, 0xf002, 0xf53a]);
    c.state.memory.set(Array.from({ length: 16 }, (_, k) => k * 3), 0x300);
    c.state.v[5] = 112;
    c.step(4);
    expect(c.state.planes).toBe(2);
    expect(Array.from(c.state.audioPattern)).toEqual(Array.from({ length: 16 }, (_, k) => k * 3));
    expect(c.state.bytes[Chip8Offset.PITCH]).toBe(112);
  });

  it("wraps memory at 4 KiB on CHIP-8 and 64 KiB on XO-CHIP", () => {
    const chip8 = cpuWith([0xaffe, 0xf255], "chip8");
    chip8.state.v.set([1, 2, 3]);
    chip8.step(2);
    expect([chip8.state.memory[0xffe], chip8.state.memory[0xfff], chip8.state.memory[0]]).toEqual([1, 2, 3]);
    const xo = cpuWith([0xf000, 0xfffe, 0xf255]);
    xo.state.v.set([4, 5, 6]);
    xo.step(2);
    expect([xo.state.memory[0xfffe], xo.state.memory[0xffff], xo.state.memory[0], xo.state.i]).toEqual([4, 5, 6, 0x0001]);
  });
});
