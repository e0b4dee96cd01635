/**
 * The benchmark suite (roms/bench/suite/): every source assembles to the
 * ROM beside it, and every ROM gives the same state under both engines,
 * frame for frame, in the profile its extension names, at a tickrate high
 * enough that each frame runs many turns of its loop (native code ends
 * every frame on the budget: a miscompiled loop fails, it cannot hang).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { assembleChip8 } from "../../../cpu/chip8/asm.js";
import { profileSettings } from "../../../cpu/chip8/quirks.js";
import { runLockstep } from "./jit-lockstep.js";

const DIR = "roms/bench/suite";
const ROMS = readdirSync(DIR).filter((f) => /\.(ch8|sc8|xo8)$/.test(f)).sort();

function profileOf(file: string): "chip8" | "schip" | "xochip" {
  return file.endsWith(".sc8") ? "schip" : file.endsWith(".xo8") ? "xochip" : "chip8";
}

describe("benchmark suite", () => {
  test("has at least ten programs, each with its source", () => {
    expect(ROMS.length).toBeGreaterThanOrEqual(10);
    for (const rom of ROMS) {
      const source = join(DIR, rom.replace(/\.[^.]+$/, ".8o"));
      expect(Buffer.from(assembleChip8(readFileSync(source, "utf8"), source))).toEqual(readFileSync(join(DIR, rom)));
    }
  });
  for (const rom of ROMS) {
    for (const tierThreshold of [0, undefined]) {
      test(`${rom}: JIT (tier threshold ${tierThreshold ?? "default"}) and interpreter agree frame for frame`, () => {
        const settings = profileSettings(profileOf(rom));
        settings.tickrate = 20_000;
        const result = runLockstep(readFileSync(join(DIR, rom)), settings, 12, { tierThreshold });
        expect(result.divergence).toBeUndefined();
        expect(result.frames).toBe(12);
        // CPU-bound: every frame ran its whole tickrate, and native code ran most of it
        expect(result.instructions).toBe(12 * 20_000);
        expect(result.interpreted).toBeLessThan(result.instructions / 10);
        if (tierThreshold === 0) expect(result.tierRuns).toBe(0);
        else expect(result.tierRuns).toBeGreaterThan(0);
      });
    }
  }
});
