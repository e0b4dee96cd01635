/**
 * Lockstep harness for the CHIP-8 JIT tests: the same ROM on two machines,
 * one per engine, compared byte for byte (registers, stack, timers, memory,
 * framebuffer: the whole Chip8State block) after every frame.
 */
import { Chip8Jit, type Chip8JitOptions } from "../../../cpu/chip8/jit.js";
import { allocateChip8JitMemory } from "../../../cpu/chip8/jit-state.js";
import { profileSettings, type Chip8ProfileName, type Chip8Settings } from "../../../cpu/chip8/quirks.js";
import { Chip8Offset, HaltReason } from "../../../cpu/chip8/state.js";

export { firstStateDifference };
import type { JitCounters } from "../../../cpu/jit/counters.js";
import { describeDivergence, firstStateDifference } from "../../../cpu/chip8/jit-diagnose.js";
import { Chip8Machine } from "../../../src/machines/chip8/machine.js";

export interface LockstepResult {
  /** Frames both engines ran identically. */
  readonly frames: number;
  /** First difference (with the bisected block when `diagnose`), or undefined. */
  readonly divergence: string | undefined;
  readonly counters: JitCounters;
  /** Instructions the JIT engine left to the interpreter. */
  readonly interpreted: number;
  /** Blocks the JIT engine ran in the interpreter before compiling them (its first tier). */
  readonly tierRuns: number;
  readonly instructions: number;
}

/** A key event applied to both machines before a frame. */
export type KeyEvent = readonly [key: number, down: boolean];

export function settingsFor(profile: Chip8ProfileName, tickrate?: number): Chip8Settings {
  const s = profileSettings(profile);
  if (tickrate !== undefined) s.tickrate = tickrate;
  return s;
}

function step(m: Chip8Machine): string {
  try {
    m.runFrame();
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

/** Run `frames` frames on both engines; `keys(frame)` lists key events for both before a frame. */
export function runLockstep(
  rom: Uint8Array, settings: Chip8Settings, frames: number, options: Chip8JitOptions = {},
  keys?: (frame: number) => readonly KeyEvent[],
): LockstepResult {
  const interp = new Chip8Machine(rom, { settings });
  const memory = allocateChip8JitMemory();
  let jit: Chip8Jit | undefined;
  const native = new Chip8Machine(rom, {
    settings, buffer: memory.buffer,
    engine: (state, s) => (jit = new Chip8Jit(state, s, options)),
  });
  const before = new Uint8Array(interp.state.bytes.length);
  let frame = 0;
  let divergence: string | undefined;
  for (; frame < frames; frame++) {
    for (const [key, down] of keys?.(frame) ?? []) {
      for (const m of [interp, native]) {
        if (down) m.pressKey(key);
        else m.releaseKey(key);
      }
    }
    before.set(interp.state.bytes);
    const e1 = step(interp);
    const e2 = step(native);
    divergence = firstStateDifference(interp.state.bytes, native.state.bytes);
    if (divergence === undefined && e1 !== e2) divergence = `fault: interpreter "${e1}", jit "${e2}"`;
    if (divergence === undefined && interp.instructions !== native.instructions) {
      divergence = `instructions: interpreter ${interp.instructions}, jit ${native.instructions}`;
    }
    if (divergence !== undefined) {
      if (before[Chip8Offset.HALT] === HaltReason.DisplayWait) before[Chip8Offset.HALT] = HaltReason.Running;
      divergence = `frame ${frame}: ${divergence}\n${describeDivergence(before, settings, settings.tickrate)}`;
      break;
    }
    if (e1 !== "" || interp.exited) { frame++; break; }
  }
  const result = {
    frames: frame, divergence, counters: { ...jit!.runtime.counters }, interpreted: jit!.interpretedInstructions, tierRuns: jit!.tierRuns,
    instructions: interp.instructions,
  };
  jit!.dispose();
  memory.dispose();
  return result;
}
