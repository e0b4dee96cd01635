/**
 * Differential fuzzer: random programs (random bytes, and random valid
 * instruction streams with loops, calls and self-modification) under every
 * profile, JIT against interpreter, the whole state compared every frame,
 * with random key presses; every other program flips random quirks too;
 * programs take turns at the JIT's tier thresholds (0, 1, the default).
 * CHIP8_FUZZ=N runs N programs per kind instead of the CI default;
 * CHIP8_FUZZ_SEED changes the seeds. A failure prints the seed, the
 * divergent instruction and the block that ran it.
 */
import { describe, expect, test } from "vitest";
import { CHIP8_PROFILES, QUIRK_FLAGS } from "../../../cpu/chip8/quirks.js";
import { FuzzRandom, randomBytes, randomProgram } from "./jit-fuzz.js";
import { runLockstep, settingsFor, type KeyEvent } from "./jit-lockstep.js";

const PROGRAMS = Number(process.env.CHIP8_FUZZ ?? 150);
const SEED = Number(process.env.CHIP8_FUZZ_SEED ?? 1);
const FRAMES = 8;

function keyScript(rnd: FuzzRandom): (frame: number) => KeyEvent[] {
  const events: KeyEvent[][] = [];
  for (let f = 0; f < FRAMES; f++) {
    const list: KeyEvent[] = [];
    if (rnd.below(2) === 0) list.push([rnd.below(16), rnd.below(2) === 0]);
    events.push(list);
  }
  return (frame) => events[frame] ?? [];
}

function fuzz(kind: "bytes" | "program", index: number): void {
  const seed = (SEED * 1_000_003 + index * 7919 + (kind === "bytes" ? 1 : 2)) >>> 0;
  const rnd = new FuzzRandom(seed);
  const profile = CHIP8_PROFILES[index % CHIP8_PROFILES.length]!;
  const settings = settingsFor(profile, 20 + rnd.below(400));
  // every other program also flips some quirks, for combinations no profile has
  if (index % 2 === 1) {
    for (const flag of QUIRK_FLAGS) if (rnd.below(4) === 0) settings.quirks[flag] = !settings.quirks[flag];
    settings.quirks.stackDepth = 1 + rnd.below(16);
  }
  const rom = kind === "bytes" ? randomBytes(rnd, 64 + rnd.below(448), settings.instructionSet, index % 4 !== 0) : randomProgram(rnd, 16 + rnd.below(112), settings.instructionSet);
  // the JIT's tiers: every block compiled at once, compiled on its second run, or the default
  const tierThreshold = [0, 1, undefined][index % 3];
  const result = runLockstep(rom, settings, FRAMES, { tierThreshold }, keyScript(rnd));
  if (result.divergence !== undefined) {
    const hex = Buffer.from(rom).toString("hex");
    expect.fail(`${kind} seed ${seed} profile ${profile} tickrate ${settings.tickrate} tier threshold ${tierThreshold ?? "default"} quirks ${JSON.stringify(settings.quirks)}\n`
      + `rom ${hex}\n${result.divergence}`);
  }
}

describe("JIT differential fuzzer", () => {
  test(`${PROGRAMS} random byte ROMs`, () => {
    for (let k = 0; k < PROGRAMS; k++) fuzz("bytes", k);
  });
  test(`${PROGRAMS} random instruction streams`, () => {
    for (let k = 0; k < PROGRAMS; k++) fuzz("program", k);
  });
});
