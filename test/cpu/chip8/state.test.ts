import { describe, expect, it } from "vitest";
import { profileSettings } from "../../../cpu/chip8/quirks.js";
import { Chip8Offset, Chip8State, CHIP8_STATE_SIZE, HaltReason } from "../../../cpu/chip8/state.js";
import { Chip8Machine } from "../../../src/machines/chip8/machine.js";

describe("CHIP-8 state block", () => {
  it("has the documented layout: registers, then 64 KiB of memory, then the 128x64 framebuffer", () => {
    expect([Chip8Offset.V, Chip8Offset.I, Chip8Offset.PC, Chip8Offset.SP, Chip8Offset.DT, Chip8Offset.ST]).toEqual([0, 0x10, 0x12, 0x14, 0x15, 0x16]);
    expect([Chip8Offset.HIRES, Chip8Offset.PLANES, Chip8Offset.PITCH, Chip8Offset.HALT, Chip8Offset.WAIT_REG, Chip8Offset.WAIT_PRESSED])
      .toEqual([0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c]);
    expect([Chip8Offset.STACK, Chip8Offset.RPL, Chip8Offset.KEYS, Chip8Offset.AUDIO_PATTERN, Chip8Offset.RANDOM])
      .toEqual([0x20, 0x40, 0x50, 0x60, 0x74]);
    expect([Chip8Offset.MEMORY, Chip8Offset.FRAMEBUFFER, CHIP8_STATE_SIZE]).toEqual([0x100, 0x10100, 0x10100 + 8192]);
  });

  it("lives in a caller's buffer at an offset, every view aliasing the same bytes", () => {
    const buffer = new ArrayBuffer(CHIP8_STATE_SIZE + 64);
    const s = new Chip8State(buffer, 64);
    const raw = new Uint8Array(buffer, 64);
    s.v[3] = 0x33;
    s.pc = 0x1234;
    s.i = 0xbeef;
    s.memory[0x200] = 0xa5;
    s.framebuffer[128 * 63 + 127] = 3;
    s.stack[1] = 0x0456;
    s.halt = HaltReason.KeyWait;
    s.random = 0x89abcdef;
    expect(raw[Chip8Offset.V + 3]).toBe(0x33);
    expect([raw[Chip8Offset.PC], raw[Chip8Offset.PC + 1]]).toEqual([0x34, 0x12]);
    expect([raw[Chip8Offset.I], raw[Chip8Offset.I + 1]]).toEqual([0xef, 0xbe]);
    expect(raw[Chip8Offset.MEMORY + 0x200]).toBe(0xa5);
    expect(raw[CHIP8_STATE_SIZE - 1]).toBe(3);
    expect([raw[Chip8Offset.STACK + 2], raw[Chip8Offset.STACK + 3]]).toEqual([0x56, 0x04]);
    expect(raw[Chip8Offset.HALT]).toBe(HaltReason.KeyWait);
    expect(new DataView(buffer, 64).getUint32(Chip8Offset.RANDOM, true)).toBe(0x89abcdef);
  });

  it("refuses buffers that are too small or misaligned", () => {
    expect(() => new Chip8State(new ArrayBuffer(CHIP8_STATE_SIZE - 1))).toThrow(`CHIP-8 state needs ${CHIP8_STATE_SIZE} bytes`);
    expect(() => new Chip8State(new ArrayBuffer(CHIP8_STATE_SIZE + 8), 4)).toThrow("CHIP-8 state must start on an 8-byte boundary");
  });

  it("lets the machine run on a supplied buffer", () => {
    const buffer = new ArrayBuffer(CHIP8_STATE_SIZE);
    const m = new Chip8Machine(Uint8Array.from([0x6a, 0x42, 0x12, 0x02]), { settings: profileSettings("schip"), buffer });
    m.runFrame();
    expect(new Uint8Array(buffer)[Chip8Offset.V + 0xa]).toBe(0x42);
  });
});
