/**
 * Lockstep: every CHIP-8 ROM of the project under every profile, the JIT
 * against the interpreter, the whole state compared after every frame,
 * with keys pressed now and then (so the game plays); once compiling every
 * block at once, once with the default first tier (blocks interpreted a
 * few times before they are compiled).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CHIP8_PROFILES } from "../../../cpu/chip8/quirks.js";
import { runLockstep, settingsFor, type KeyEvent } from "./jit-lockstep.js";

function romsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...romsUnder(path));
    else if (/\.(ch8|sc8|xo8)$/.test(name)) out.push(path);
  }
  return out.sort();
}

const ROMS = romsUnder("roms");

/** Keypad 5, 9, 8, 7 (the bundled game's up, right, down, left) pressed for 3 frames every 20 frames. */
function steering(frame: number): KeyEvent[] {
  const key = [5, 9, 8, 7][Math.floor(frame / 20) % 4]!;
  if (frame % 20 === 2) return [[key, true]];
  if (frame % 20 === 5) return [[key, false]];
  return [];
}

describe("JIT lockstep on the project's ROMs", () => {
  test("there are ROMs to run", () => {
    expect(ROMS.length).toBeGreaterThan(0);
  });
  for (const path of ROMS) {
    for (const profile of CHIP8_PROFILES) {
      test(`${path} (${profile}), every block compiled on first reach`, () => {
        const rom = readFileSync(path);
        const settings = settingsFor(profile, profile === "xochip" ? 1000 : 200);
        if (rom.length > settings.maxSize) return;
        const result = runLockstep(rom, settings, 300, { tierThreshold: 0 }, steering);
        expect(result.divergence).toBeUndefined();
        expect(result.counters.blocksCompiled).toBeGreaterThan(0);
        expect(result.tierRuns).toBe(0);
      });
      test(`${path} (${profile}), tiered (blocks interpreted first)`, () => {
        const rom = readFileSync(path);
        const settings = settingsFor(profile, profile === "xochip" ? 1000 : 200);
        if (rom.length > settings.maxSize) return;
        const result = runLockstep(rom, settings, 300, {}, steering);
        expect(result.divergence).toBeUndefined();
        expect(result.tierRuns).toBeGreaterThan(0);
      });
    }
  }
});
