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
  /** Instructions the JIT compiled to read an operand from guest memory (self-modifying code), where it does that. */
  readonly dynamicOperands?: number;
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

/**
 * A save state: "EJST", the format version, the machine kind, the SHA-256
 * of the program it was saved from (zeros when the machine does not say),
 * the engine it was saved under, then the machine's own bytes. A state
 * loads under either engine; a state of another machine or another program
 * is refused with one line.
 */
const STATE_MAGIC = [0x45, 0x4a, 0x53, 0x54];
const STATE_VERSION = 2;
const HASH_BYTES = 32;

export class StateError extends Error {}

/** Where a state came from. */
export interface StateIdentity {
  /** SHA-256 of the program, lowercase hex. */
  readonly romSha256: string;
  readonly engine: string;
}

export interface StateHeader extends StateIdentity {
  readonly kind: string;
  /** Offset of the machine's bytes. */
  readonly bodyOffset: number;
}

export function wrapState(kind: string, body: Uint8Array, identity?: StateIdentity): Uint8Array {
  const enc = new TextEncoder();
  const name = enc.encode(kind);
  const engine = enc.encode(identity?.engine ?? "");
  const out = new Uint8Array(6 + name.length + HASH_BYTES + 1 + engine.length + body.length);
  let at = 0;
  out.set(STATE_MAGIC, at); at += 4;
  out[at++] = STATE_VERSION;
  out[at++] = name.length;
  out.set(name, at); at += name.length;
  if (identity !== undefined) out.set(Buffer.from(identity.romSha256, "hex").subarray(0, HASH_BYTES), at);
  at += HASH_BYTES;
  out[at++] = engine.length;
  out.set(engine, at); at += engine.length;
  out.set(body, at);
  return out;
}

/** The header of a state blob; a StateError when it is not one this ejemu reads. */
export function readStateHeader(state: Uint8Array): StateHeader {
  if (state.length < 6 || STATE_MAGIC.some((b, k) => state[k] !== b)) throw new StateError("not an ejemu save state");
  if (state[4] !== STATE_VERSION) throw new StateError(`save state version ${state[4]} (this ejemu reads ${STATE_VERSION})`);
  const dec = new TextDecoder();
  let at = 6;
  const kind = dec.decode(state.subarray(at, at + state[5]!)); at += state[5]!;
  const romSha256 = Buffer.from(state.subarray(at, at + HASH_BYTES)).toString("hex"); at += HASH_BYTES;
  const engineLength = state[at++] ?? 0;
  const engine = dec.decode(state.subarray(at, at + engineLength)); at += engineLength;
  if (at > state.length) throw new StateError("a save state cut short");
  return { kind, romSha256, engine, bodyOffset: at };
}

const NO_HASH = "0".repeat(2 * HASH_BYTES);

/** The machine's bytes of a state of `kind` (and, when `romSha256` is given, of that program). */
export function unwrapState(kind: string, state: Uint8Array, romSha256?: string): Uint8Array {
  const header = readStateHeader(state);
  if (header.kind !== kind) throw new StateError(`a save state of the ${header.kind} machine, not ${kind}`);
  if (romSha256 !== undefined && header.romSha256 !== NO_HASH && header.romSha256 !== romSha256) {
    throw new StateError(`a save state of another program (sha256 ${header.romSha256.slice(0, 12)}..., this one is ${romSha256.slice(0, 12)}...)`);
  }
  return state.subarray(header.bodyOffset);
}
