/**
 * A CHIP-8 program run natively on x86-64 (the JIT engine: Chip8Jit), and
 * the same start state laid out for AArch64 (image.ts) with the blocks that
 * run compiled: the x86-64 run first compiles every block the budget
 * reaches, then runs again from the start state with one native entry, so
 * both hosts start from identical JIT memory and run only native code.
 */
import { loadFonts } from "../../../../cpu/chip8/font.js";
import { Chip8Interpreter } from "../../../../cpu/chip8/interpreter.js";
import { Chip8Jit } from "../../../../cpu/chip8/jit.js";
import { allocateChip8JitMemory, Chip8RegisterMap } from "../../../../cpu/chip8/jit-state.js";
import { profileSettings, type Chip8ProfileName } from "../../../../cpu/chip8/quirks.js";
import { drawHelperIr } from "../../../../cpu/chip8/recompiler-draw.js";
import { scrollHelperIr } from "../../../../cpu/chip8/recompiler-scroll.js";
import { CHIP8_STATE_SIZE, Chip8State } from "../../../../cpu/chip8/state.js";
import type { ExitReason } from "../../../../cpu/jit/exit-reason.js";
import { buildGuestImage, type GuestImage } from "./image.js";

/** The seed the engine puts in an all-zero RANDOM (jit.ts), set before the start state is copied. */
const RANDOM_SEED = 0x2545f491;

/** One program's x86-64 native run and its AArch64 image. */
export interface NativeRun {
  /** The guest state before the native entry. */
  readonly startState: Uint8Array;
  /** The guest state after it. */
  readonly final: Uint8Array;
  readonly reason: ExitReason;
  readonly budgetLeft: number;
  /** Guest PCs of the compiled blocks. */
  readonly pcs: readonly number[];
  /** The same start (state, tables, budget) and blocks for AArch64. */
  readonly image: GuestImage;
  /** Bytes of guest state to compare (from offset 0 of the JIT memory). */
  readonly stateSize: number;
}

/**
 * Run `rom` (loaded at 0x200 with the profile's font, `keysDown` held) for `budget`
 * instructions with the x86-64 JIT: once to compile its blocks, once from
 * the start again in a single native entry; and lay the blocks out for AArch64.
 */
export function runChip8Native(rom: Uint8Array, profile: Chip8ProfileName, budget: number, keysDown: readonly number[] = []): NativeRun {
  const settings = profileSettings(profile);
  const memory = allocateChip8JitMemory();
  const state = new Chip8State(memory.buffer);
  loadFonts(state.memory, settings.fontStyle);
  state.memory.set(rom, 0x200);
  state.pc = 0x200;
  state.random = RANDOM_SEED;
  for (const key of keysDown) state.keys[key] = 1;
  state.planes = 1; // plane 1 selected, as the machine resets it (XO-CHIP draws only on selected planes)
  const startState = state.bytes.slice();
  const jit = new Chip8Jit(state, settings, { tierThreshold: 0 }); // compile every block the first run reaches
  try {
    jit.run(budget);
    state.bytes.set(startState);
    const start = new Uint8Array(memory.buffer).slice();
    const reason = jit.runtime.enter(budget);
    const pcs = [...jit.runtime.cache.blocks()].map((b) => b.pc).sort((a, b) => a - b);
    const final = state.bytes.slice();
    // Translate from the start state's memory (what the native blocks were compiled from).
    state.bytes.set(startState);
    const image = buildGuestImage({
      layout: memory.layout,
      guest: (plan) => new Chip8RegisterMap(plan),
      helpers: (plan) => [drawHelperIr(plan, settings), scrollHelperIr(plan, settings)],
      translator: (plan, [draw, scroll]) => jit.translatorFor(plan, { draw: draw!, scroll: scroll! }),
      pcs, memory: start, budget,
    });
    return { startState, final, reason, budgetLeft: jit.runtime.budgetLeft, pcs, image, stateSize: CHIP8_STATE_SIZE };
  } finally {
    jit.dispose();
    memory.dispose();
  }
}

/** The interpreter's state after `instructions` instructions from `startState` under `profile`. */
export function runChip8Interpreter(startState: Uint8Array, profile: Chip8ProfileName, instructions: number): Uint8Array {
  const state = new Chip8State();
  state.bytes.set(startState);
  new Chip8Interpreter(state, profileSettings(profile)).run(instructions);
  return state.bytes.slice();
}
