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

  it("an iNES header (or .nes) is recognised, and said to have no machine yet", () => {
    expect(hasInesHeader(ines)).toBe(true);
    expect(hasInesHeader(ines.subarray(0, 15))).toBe(false);
    expect(() => detectMachine("game.ch8", ines)).toThrow("game.ch8 is an NES ROM (iNES header): ejemu has no machine for it yet");
    expect(() => detectMachine("game.nes")).toThrow("game.nes is an NES ROM (iNES header): ejemu has no machine for it yet");
  });

  it("says what to do when it cannot tell, offering only the machines there are", () => {
    expect(() => detectMachine("x.rom")).toThrow(
      "cannot tell the machine from 'x.rom': use a known extension (.ch8 .c8 .sc8 .xo8 .8o .bin .65b .6502 .s65 .a65) or --machine chip8|6502");
    expect(() => detectMachine("x.ch8", undefined, "nes")).toThrow("unknown machine 'nes' (choose chip8, 6502)");
  });
});
