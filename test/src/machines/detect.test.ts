import { describe, expect, it } from "vitest";
import { detectMachine, hasInesHeader } from "../../../src/machines/detect.js";

const ines = Uint8Array.from([0x4e, 0x45, 0x53, 0x1a, ...new Array(12).fill(0)]);
const kind = (path: string, bytes?: Uint8Array, explicit?: string) => detectMachine(path, bytes, explicit).kind;

describe("machine detection through the registry", () => {
  it("chooses by extension, ROMs and assembler source alike", () => {
    for (const f of ["a.ch8", "A.C8", "a.sc8", "a.xo8", "a.8o"]) expect(kind(f)).toBe("chip8");
    for (const f of ["a.bin", "a.65b", "a.6502", "a.s65", "a.a65"]) expect(kind(f)).toBe("6502");
  });

  it("--machine wins over the extension and the content", () => {
    expect(kind("prog.ch8", undefined, "6502")).toBe("6502");
    expect(kind("game.ch8", ines, "chip8")).toBe("chip8");
  });

  it("an iNES header wins over the extension; .nes and .n65 are the NES's", () => {
    expect(hasInesHeader(ines)).toBe(true);
    expect(hasInesHeader(ines.subarray(0, 15))).toBe(false);
    expect(kind("game.ch8", ines)).toBe("nes");
    expect(kind("game.nes")).toBe("nes");
    expect(kind("game.n65")).toBe("nes");
    expect(kind("game.bin", ines.subarray(0, 15))).toBe("6502");
  });

  it("says what to do when it cannot tell, offering only the machines there are", () => {
    expect(() => detectMachine("x.rom")).toThrow(
      "cannot tell the machine from 'x.rom': use a known extension (.ch8 .c8 .sc8 .xo8 .8o .bin .65b .6502 .s65 .a65 .nes .n65) or --machine chip8|6502|nes");
    expect(() => detectMachine("x.ch8", undefined, "snes")).toThrow("unknown machine 'snes' (choose chip8, 6502, nes)");
  });
});
