/**
 * What the machine needs from a CPU engine. The interpreter is one engine;
 * the recompiler (a later issue) is another over the same Chip8State, so the
 * machine swaps engines without knowing which one runs.
 */
import type { EngineName } from "../engine.js";
import type { Chip8Settings } from "./quirks.js";
import type { Chip8State } from "./state.js";

export interface Chip8Engine {
  readonly name: EngineName;
  /**
   * Execute up to `maxInstructions` instructions and return how many ran.
   * Returns early, with Chip8State.halt set, when the CPU waits for a key
   * (FX0A), for the next frame (DXYN under vblankQuirks), exits (00FD) or
   * faults (unknown opcode, stack overflow/underflow). A faulting
   * instruction is not counted and PC stays on it. Returns 0 at once when
   * halt is already set.
   */
  run(maxInstructions: number): number;
  /**
   * Guest memory was written from outside the engine (a poke, a ROM load);
   * engines that cache translated code drop what covers [start, end).
   */
  invalidate(start: number, end: number): void;
  /** Free what the engine holds outside the JS heap (the recompiler's code cache). */
  dispose?(): void;
}

export type Chip8EngineFactory = (state: Chip8State, settings: Chip8Settings) => Chip8Engine;
