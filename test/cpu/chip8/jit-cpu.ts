/**
 * A JIT engine on a native state with a program at 0x200, for unit tests
 * that check exact values after running (and the interpreter on a copy,
 * for comparison). Call `dispose()` at the end.
 */
import { assembleChip8 } from "../../../cpu/chip8/asm.js";
import { loadFonts } from "../../../cpu/chip8/font.js";
import { Chip8Interpreter } from "../../../cpu/chip8/interpreter.js";
import { Chip8Jit, type Chip8JitOptions } from "../../../cpu/chip8/jit.js";
import { allocateChip8JitMemory } from "../../../cpu/chip8/jit-state.js";
import { profileSettings, type Chip8ProfileName, type Chip8Quirks, type Chip8Settings } from "../../../cpu/chip8/quirks.js";
import { Chip8State } from "../../../cpu/chip8/state.js";
import { firstStateDifference } from "./jit-lockstep.js";

export interface JitCpu {
  readonly state: Chip8State;
  readonly jit: Chip8Jit;
  readonly reference: Chip8State;
  readonly settings: Chip8Settings;
  /** Run `n` instructions on both engines; returns what the JIT ran (throws when the interpreter ran a different count). */
  run(n: number): number;
  /** First state difference between the engines, or undefined. */
  difference(): string | undefined;
  dispose(): void;
}

function loadInto(state: Chip8State, rom: Uint8Array, settings: Chip8Settings): void {
  loadFonts(state.memory, settings.fontStyle);
  state.memory.set(rom, 0x200);
  state.pc = 0x200;
  state.planes = 1;
  state.random = 0x2545f491;
}

/** `source` assembled at 0x200 under `profile` with some quirks overridden. */
export function jitCpu(
  source: string, profile: Chip8ProfileName = "xochip", quirks: Partial<Chip8Quirks> = {}, options: Chip8JitOptions = {},
): JitCpu {
  const settings = profileSettings(profile);
  Object.assign(settings.quirks, quirks);
  const rom = assembleChip8(source);
  const memory = allocateChip8JitMemory();
  const state = new Chip8State(memory.buffer);
  const reference = new Chip8State();
  loadInto(state, rom, settings);
  loadInto(reference, rom, settings);
  // unit tests look at compiled blocks: compile on first reach unless the test asks for the first tier
  const jit = new Chip8Jit(state, settings, { tierThreshold: 0, ...options });
  const interp = new Chip8Interpreter(reference, settings);
  return {
    state, jit, reference, settings,
    run(n) {
      const a = interp.run(n);
      const b = jit.run(n);
      if (a !== b) throw new Error(`interpreter ran ${a} instructions, jit ${b}`);
      return b;
    },
    difference: () => firstStateDifference(reference.bytes, state.bytes),
    dispose() {
      jit.dispose();
      memory.dispose();
    },
  };
}
