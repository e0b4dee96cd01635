/**
 * The one interface every machine implements and every command and
 * frontend drives (Mesen2's IConsole in spirit). A machine owns its CPU
 * engine, its memory (native memory too, freed by dispose), its devices and
 * its timing; commands and frontends never name a machine.
 *
 * The unit of running is the frame: a 60 Hz frame for CHIP-8, a fixed
 * number of cycles for the bare 6502, a PPU frame for the NES. A machine
 * whose guest can run no further (it exited, faulted, trapped) reports
 * `stopped` and runs no more frames until reset.
 */
import type { EngineName } from "../../cpu/engine.js";
import type { CompiledBlock } from "../../cpu/jit/block-cache.js";
import type { CrossBlock } from "../../cpu/jit/cross-translate.js";
import type { JitRuntime } from "../../cpu/jit/runtime.js";
import type { Arch } from "../../ejit/index.js";
import type { PlayableMachine, VideoFrame } from "../frontend/types.js";

export type { EngineName };

/** Why a guest stopped; `fault` marks an error (unknown opcode, stack overflow), not a normal end. */
export interface MachineStop {
  readonly reason: string;
  readonly fault: boolean;
}

/** What `run` prints: lines of text, and the same as one JSON object. */
export interface MachineSummary {
  readonly text: readonly string[];
  readonly json: Readonly<Record<string, unknown>>;
}

/** What `bench` reports of a run besides time: the guest's work and the recompiler's counters. */
export interface MachineCounters {
  readonly instructions: number;
  /** Guest cycles, where the machine counts them. */
  readonly cycles?: number;
  /** Instructions the JIT left to the interpreter (0 under the interpreter). */
  readonly interpreted: number;
}

/** The recompiler as `blocks` and `bench` see it; undefined under the interpreter. */
export interface MachineJit {
  readonly runtime: JitRuntime;
  readonly interpretedInstructions: number;
  /** One block for a person: header, guest code, IR and host code (or `cross`'s). */
  formatBlock(block: CompiledBlock, options: { readonly host: boolean; readonly cross?: CrossBlock }): string;
  /** Every live block translated again for `arch`, not installed (`blocks --arch`). */
  crossBlocks(arch: Arch): Map<number, CrossBlock>;
  /** The guest instruction at pc as text, or null when it does not decode. */
  guestText(pc: number): string | null;
  /**
   * After a frame on which this machine (under the JIT) and an interpreter
   * twin diverged: replay it from `before` (the twin's saveState() at the
   * frame's start) and describe where and in which block.
   */
  explainDivergence(before: Uint8Array): string;
}

export interface Machine extends PlayableMachine {
  /** The registry's name for the machine ("chip8", "6502"). */
  readonly kind: string;
  readonly engine: EngineName;
  /** Frames run since the last reset. */
  readonly frame: number;
  readonly stopped: MachineStop | undefined;
  /** Run up to `count` frames, fewer when the guest stops; returns the frames run. */
  runFrames(count: number): number;
  counters(): MachineCounters;
  summary(): MachineSummary;
  /** A byte on the guest bus, as the CPU would see it (no side effects). */
  peek(address: number): number;
  /** Write a byte on the guest bus from outside the CPU (compiled code over it is dropped). */
  poke(address: number, value: number): void;
  /** Highest bus address peek and poke take. */
  readonly addressMask: number;
  /** Names of the guest's keys or buttons, for scripted input (`--keys`): CHIP-8's "0".."f". */
  readonly guestKeys: readonly string[];
  setGuestKey(name: string, down: boolean): void;
  /** The whole guest state (registers, memory, devices, counters) as bytes; loadState takes it back. */
  saveState(): Uint8Array;
  loadState(state: Uint8Array): void;
  /** The first difference in guest state from `other` (the same machine under another engine), or undefined. */
  differenceFrom(other: Machine): string | undefined;
  readonly jit: MachineJit | undefined;
  video(): VideoFrame;
  /** Free native memory and compiled code; the machine is unusable afterwards. */
  dispose(): void;
}

/** A state blob: "EJST", a format version, the machine kind, then the machine's bytes. */
const STATE_MAGIC = [0x45, 0x4a, 0x53, 0x54];
const STATE_VERSION = 1;

export class StateError extends Error {}

export function wrapState(kind: string, body: Uint8Array): Uint8Array {
  const name = new TextEncoder().encode(kind);
  const out = new Uint8Array(6 + name.length + body.length);
  out.set(STATE_MAGIC, 0);
  out[4] = STATE_VERSION;
  out[5] = name.length;
  out.set(name, 6);
  out.set(body, 6 + name.length);
  return out;
}

export function unwrapState(kind: string, state: Uint8Array): Uint8Array {
  if (state.length < 6 || STATE_MAGIC.some((b, k) => state[k] !== b)) throw new StateError("not an ejemu save state");
  if (state[4] !== STATE_VERSION) throw new StateError(`save state version ${state[4]} (this ejemu reads ${STATE_VERSION})`);
  const n = state[5]!;
  const got = new TextDecoder().decode(state.subarray(6, 6 + n));
  if (got !== kind) throw new StateError(`a save state of the ${got} machine, not ${kind}`);
  return state.subarray(6 + n);
}
