import { describe, expect, it } from "vitest";
import { detectMachine, hasInesHeader } from "../../../src/machines/detect.js";

const ines = Uint8Array.from([0x4e, 0x45, 0x53, 0x1a, ...new Array(12).fill(0)]);

describe("machine detection", () => {
  it("chooses by extension, with a CHIP-8 profile guess", () => {
    expect(detectMachine("a.ch8")).toEqual({ machine: "chip8", profile: "chip8" });
    expect(detectMachine("A.C8")).toEqual({ machine: "chip8", profile: "chip8" });
    expect(detectMachine("a.sc8")).toEqual({ machine: "chip8", profile: "schip" });
    expect(detectMachine("a.xo8")).toEqual({ machine: "chip8", profile: "xochip" });
    expect(detectMachine("a.8o")).toEqual({ machine: "chip8", profile: "octo", source: true });
    expect(detectMachine("a.nes")).toEqual({ machine: "nes" });
    for (const f of ["a.bin", "a.65b", "a.6502"]) expect(detectMachine(f)).toEqual({ machine: "6502" });
  });

  it("lets the iNES header win over the extension, and --machine over both", () => {
    expect(hasInesHeader(ines)).toBe(true);
    expect(hasInesHeader(ines.subarray(0, 15))).toBe(false);
    expect(detectMachine("game.ch8", ines)).toEqual({ machine: "nes" });
    expect(detectMachine("game.ch8", ines, "chip8")).toEqual({ machine: "chip8", profile: "chip8" });
    expect(detectMachine("prog.xo8", undefined, "chip8")).toEqual({ machine: "chip8", profile: "xochip" });
    expect(detectMachine("prog.ch8", undefined, "6502")).toEqual({ machine: "6502" });
    expect(detectMachine("prog", undefined, "nes")).toEqual({ machine: "nes" });
  });

  it("says what to do when it cannot tell", () => {
    expect(() => detectMachine("x.rom")).toThrow(
      "cannot tell the machine from 'x.rom': use a known extension (.ch8 .c8 .sc8 .xo8 .8o .nes .bin) or --machine chip8|6502|nes");
    expect(() => detectMachine("x.ch8", undefined, "c64")).toThrow("unknown machine 'c64' (choose chip8, 6502, nes)");
  });
});
