/**
 * The bare 6502 machine: 64 KiB of RAM and nothing else, for CPU test
 * programs and CPU benchmarks. Load a binary at an address, start at an
 * address, run until the PC traps (an instruction that leaves the PC where
 * it began: `JMP *`, a branch to itself), a JAM opcode halts the CPU, or a
 * cycle limit is reached.
 *
 * As a Machine, a frame is `frameCycles` cycles (default 16,667: a 60 Hz
 * frame of a 1 MHz CPU); the picture is the 64 KiB of RAM as a 256x256
 * grey image (one byte a pixel, page $00 at the top), so a program can be
 * watched at work. There are no keys and no sound.
 */
import { createHash } from "node:crypto";
import type { EngineName } from "../../../cpu/engine.js";
import { disassembleAt } from "../../../cpu/mos6502/disasm.js";
import { Mos6502, StopReason } from "../../../cpu/mos6502/interpreter.js";
import { crossBlocks, describeDivergence, firstCpuDifference, formatBlock } from "../../../cpu/mos6502/jit-diagnose.js";
import { Mos6502Jit, type Mos6502JitOptions } from "../../../cpu/mos6502/jit.js";
import { Mos6502JitMemory } from "../../../cpu/mos6502/jit-state.js";
import type { InputEvent, VideoFrame } from "../../frontend/types.js";
import { unwrapState, wrapState, type Machine, type MachineCounters, type MachineJit, type MachineStop, type MachineSummary } from "../machine.js";
import { formatTraceLine } from "./trace.js";

export type Bare6502Stop = "trap" | "jam" | "cycle-limit";

export interface Bare6502Result {
  readonly stop: Bare6502Stop;
  readonly pc: number;
  readonly a: number;
  readonly x: number;
  readonly y: number;
  readonly s: number;
  readonly p: number;
  readonly cycles: number;
  readonly instructions: number;
}

/** A load that does not fit, or a bad address: the message is for the user. */
export class Bare6502Error extends Error {}

export interface Bare6502Options {
  /** NMOS decimal mode for ADC/SBC (default on; off behaves like the NES's 2A03). */
  decimal?: boolean;
  /** The interpreter (default) or the recompiler (RAM and registers then live in native memory). */
  engine?: EngineName;
  /** Cycles in one frame (default 16,667). */
  frameCycles?: number;
  /** The run stops ("cycle-limit") once this many cycles have run (default 1,000,000,000). */
  maxCycles?: number;
  /** Reported before each instruction runs, in the trace format (trace.ts); the interpreter then steps. */
  trace?: (line: string) => void;
  /** Shown in the window title and the summary. */
  title?: string;
  /** Options of the JIT engine (blocks dumps, bisecting). */
  jit?: Omit<Mos6502JitOptions, "stopOnTrap" | "singleStep">;
}

const stopNames: Readonly<Record<StopReason, Bare6502Stop>> = {
  [StopReason.Budget]: "cycle-limit",
  [StopReason.Trap]: "trap",
  [StopReason.Jam]: "jam",
};

export const DEFAULT_FRAME_CYCLES = 16_667;
export const DEFAULT_MAX_CYCLES = 1_000_000_000;

const hex = (v: number, digits: number): string => v.toString(16).toUpperCase().padStart(digits, "0");

function flagString(p: number): string {
  return "NV-BDIZC".split("").map((ch, i) => ((p >> (7 - i)) & 1 ? ch : ch.toLowerCase())).join("");
}

/** The summary lines of a run's end. */
export function formatResult(r: Bare6502Result): string[] {
  return [
    `stop: ${r.stop} at $${hex(r.pc, 4)}`,
    `A=$${hex(r.a, 2)} X=$${hex(r.x, 2)} Y=$${hex(r.y, 2)} S=$${hex(r.s, 2)} P=$${hex(r.p, 2)} (${flagString(r.p)})`,
    `cycles: ${r.cycles}  instructions: ${r.instructions}`,
  ];
}

/** The registers and counters saveState writes before the RAM. */
const STATE_WORDS = 10;

export class Bare6502 implements Machine {
  readonly kind = "6502";
  readonly frameRate = 60;
  readonly title: string;
  readonly engine: EngineName;
  readonly guestKeys: readonly string[] = [];
  readonly addressMask = 0xffff;
  readonly frameCycles: number;
  readonly maxCycles: number;
  readonly jit: MachineJit | undefined;
  /** Frames run since start(). */
  frame = 0;
  /** Why the last run stopped, when it was not the frame's end. */
  private stop: Bare6502Stop | undefined;
  private readonly trace: ((line: string) => void) | undefined;
  private readonly decimal: boolean;
  private readonly picture: VideoFrame = { width: 256, height: 256, pixels: new Uint32Array(0x10000) };
  private entry = 0;
  /** SHA-256 of the last binary loaded and where (save states name the program they belong to). */
  programSha256 = createHash("sha256").digest("hex");
  readonly memory: Uint8Array;
  readonly cpu: Mos6502;
  /** The JIT engine, when the machine runs with --engine jit. */
  readonly recompiler: Mos6502Jit | undefined;
  private readonly native: Mos6502JitMemory | undefined;

  constructor(options: Bare6502Options = {}) {
    const decimal = options.decimal ?? true;
    this.decimal = decimal;
    this.engine = options.engine ?? "interp";
    this.title = options.title ?? "bare 6502";
    this.frameCycles = options.frameCycles ?? DEFAULT_FRAME_CYCLES;
    this.maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
    this.trace = options.trace;
    if (options.engine === "jit") {
      const native = new Mos6502JitMemory();
      this.native = native;
      this.memory = native.ram;
      this.cpu = new Mos6502({ memory: native.ram, state: native.state, decimal });
      this.recompiler = new Mos6502Jit(this.cpu, native, { ...options.jit, stopOnTrap: true });
    } else {
      this.memory = new Uint8Array(0x10000);
      this.cpu = new Mos6502({ memory: this.memory, decimal });
    }
    this.jit = this.recompiler === undefined ? undefined : this.jitView(this.recompiler);
  }

  private jitView(jit: Mos6502Jit): MachineJit {
    return {
      runtime: jit.runtime,
      get interpretedInstructions() { return jit.interpretedInstructions; },
      formatBlock: (block, o) => formatBlock(jit, block, o),
      crossBlocks: (arch) => crossBlocks(jit, arch),
      guestText: (pc) => disassembleAt(this.memory, pc).text,
      explainDivergence: (before) => {
        const { words, ram } = decodeState(before);
        const limit = Math.min(this.maxCycles, (words[8]! + 1) * this.frameCycles) - words[6]!;
        return describeDivergence({ memory: ram, pc: words[5]!, a: words[0], x: words[1], y: words[2], s: words[3], p: words[4] },
          this.decimal, limit);
      },
    };
  }

  /** Free the JIT's code cache and native memory (nothing to do for the interpreter). */
  dispose(): void {
    this.recompiler?.dispose();
    this.native?.dispose();
  }

  /** Copy `binary` into RAM at `address`; it must fit below $10000. */
  load(binary: Uint8Array, address: number): void {
    checkAddress(address, "load");
    const room = 0x10000 - address;
    if (binary.length > room) {
      throw new Bare6502Error(`binary is ${binary.length} bytes but only ${room} fit after $${hex4(address)}`);
    }
    this.memory.set(binary, address);
    this.programSha256 = createHash("sha256").update(binary).update(Uint8Array.of(address & 0xff, address >> 8)).digest("hex");
    this.recompiler?.invalidate(address, address + binary.length);
  }

  /**
   * Put the CPU at `entry` in the state RESET leaves it in (S = $FD, I set),
   * with A, X, Y and the counters at 0.
   */
  start(entry: number): void {
    checkAddress(entry, "entry");
    this.entry = entry;
    this.frame = 0;
    this.stop = undefined;
    const cpu = this.cpu;
    cpu.a = cpu.x = cpu.y = 0;
    cpu.s = 0xfd;
    cpu.p = 0x24;
    cpu.pc = entry;
    cpu.cycles = 0;
    cpu.instructions = 0;
    cpu.halted = false;
    cpu.saveState();
  }

  /** Store a byte (dropping compiled code over it). */
  poke(address: number, value: number): void {
    this.memory[address & 0xffff] = value;
    this.recompiler?.invalidate(address & 0xffff, (address & 0xffff) + 1);
  }

  /**
   * Run until a trap, a JAM or `maxCycles` (checked between instructions).
   * With `trace`, each instruction is first reported as a trace line (the
   * interpreter steps then, whatever the engine).
   */
  run(maxCycles: number, trace?: (line: string) => void): Bare6502Result {
    const cpu = this.cpu;
    let reason: StopReason;
    if (trace === undefined) reason = this.recompiler !== undefined ? this.recompiler.run(maxCycles) : cpu.run(maxCycles, true);
    else reason = this.runTraced(maxCycles, trace);
    return {
      stop: stopNames[reason], pc: cpu.pc, a: cpu.a, x: cpu.x, y: cpu.y, s: cpu.s, p: cpu.p,
      cycles: cpu.cycles, instructions: cpu.instructions,
    };
  }

  // ---- Machine --------------------------------------------------------

  get stopped(): MachineStop | undefined {
    return this.stop === undefined ? undefined : { reason: `${this.stop} at $${hex(this.cpu.pc, 4)}`, fault: false };
  }

  get instructions(): number {
    return this.cpu.instructions;
  }

  /** Run to the end of the current frame (or the cycle limit, a trap, a JAM). */
  runFrame(): void {
    this.runFrames(1);
  }

  runFrames(count: number): number {
    if (this.stop !== undefined || count <= 0) return 0;
    const first = this.frame;
    const limit = Math.min(this.maxCycles, (first + count) * this.frameCycles);
    const reason = this.run(limit, this.trace).stop;
    if (reason !== "cycle-limit" || this.cpu.cycles >= this.maxCycles) this.stop = reason;
    this.frame = this.stop === undefined ? first + count : Math.min(first + count, Math.max(first + 1, Math.ceil(this.cpu.cycles / this.frameCycles)));
    return this.frame - first;
  }

  reset(): void {
    this.start(this.entry);
  }

  counters(): MachineCounters {
    return {
      instructions: this.cpu.instructions, cycles: this.cpu.cycles, interpreted: this.recompiler?.interpretedInstructions ?? 0,
      ...(this.recompiler === undefined ? {} : { dynamicOperands: this.recompiler.dynamicCompiled }),
    };
  }

  result(): Bare6502Result {
    const cpu = this.cpu;
    return { stop: this.stop ?? "cycle-limit", pc: cpu.pc, a: cpu.a, x: cpu.x, y: cpu.y, s: cpu.s, p: cpu.p, cycles: cpu.cycles, instructions: cpu.instructions };
  }

  summary(): MachineSummary {
    const r = this.result();
    const text = formatResult(r);
    if (this.stop === undefined) text[0] = `running at $${hex(r.pc, 4)} after ${this.frame} frames of ${this.frameCycles} cycles`;
    return { text, json: { engine: this.engine, ...r, stop: this.stop ?? "running", frames: this.frame } };
  }

  peek(address: number): number {
    return this.memory[address & 0xffff]!;
  }

  video(): VideoFrame {
    const out = this.picture.pixels;
    const ram = this.memory;
    for (let k = 0; k < 0x10000; k++) {
      const b = ram[k]!;
      out[k] = 0xff000000 | (b << 16) | (b << 8) | b;
    }
    return this.picture;
  }

  audio(_rate: number, out: Int16Array): void {
    out.fill(0);
  }

  input(_ev: InputEvent): boolean {
    return false;
  }

  setGuestKey(name: string): void {
    throw new RangeError(`the bare 6502 has no keys (not even '${name}')`);
  }

  /** A, X, Y, S, P, PC, cycles, instructions, halted, frame (doubles), then the 64 KiB of RAM. */
  saveState(): Uint8Array {
    const cpu = this.cpu;
    const words = new Float64Array([cpu.a, cpu.x, cpu.y, cpu.s, cpu.p, cpu.pc, cpu.cycles, cpu.instructions, this.frame, cpu.halted ? 1 : 0]);
    const body = new Uint8Array(STATE_WORDS * 8 + 0x10000);
    body.set(new Uint8Array(words.buffer), 0);
    body.set(this.memory, STATE_WORDS * 8);
    return wrapState(this.kind, body, { romSha256: this.programSha256, engine: this.engine });
  }

  loadState(state: Uint8Array): void {
    const { words, ram } = decodeState(state, this.programSha256);
    const cpu = this.cpu;
    [cpu.a, cpu.x, cpu.y, cpu.s, cpu.p, cpu.pc, cpu.cycles, cpu.instructions] = Array.from(words.subarray(0, 8));
    this.frame = words[8]!;
    cpu.halted = words[9] === 1;
    this.memory.set(ram);
    this.stop = undefined;
    cpu.saveState();
    this.recompiler?.invalidate(0, 0x10000);
  }

  differenceFrom(other: Machine): string | undefined {
    if (!(other instanceof Bare6502)) return `machine: ${this.kind} vs ${other.kind}`;
    const cpu = firstCpuDifference(this.cpu, other.cpu);
    if (cpu !== undefined) return cpu;
    for (let a = 0; a < 0x10000; a++) {
      if (this.memory[a] !== other.memory[a]) return `RAM[$${hex(a, 4)}]: ${this.memory[a]} vs ${other.memory[a]}`;
    }
    return this.stop !== other.stop ? `stop: ${this.stop} vs ${other.stop}` : undefined;
  }

  /** The same stop rules as `Mos6502.run`, one instruction at a time. */
  private runTraced(maxCycles: number, trace: (line: string) => void): StopReason {
    const cpu = this.cpu;
    if (cpu.halted) return StopReason.Jam;
    while (cpu.cycles < maxCycles) {
      trace(formatTraceLine(cpu));
      const start = cpu.pc;
      cpu.step();
      if (cpu.pc === start) return cpu.halted ? StopReason.Jam : StopReason.Trap;
    }
    return StopReason.Budget;
  }
}

function decodeState(state: Uint8Array, programSha256?: string): { words: Float64Array; ram: Uint8Array } {
  const body = unwrapState("6502", state, programSha256);
  if (body.length !== STATE_WORDS * 8 + 0x10000) throw new RangeError(`a 6502 state is ${STATE_WORDS * 8 + 0x10000} bytes, not ${body.length}`);
  // a copy first: a Buffer's slice shares its pool, at an offset a Float64Array cannot start at
  const words = new Float64Array(Uint8Array.from(body.subarray(0, STATE_WORDS * 8)).buffer);
  return { words, ram: Uint8Array.from(body.subarray(STATE_WORDS * 8)) };
}

function checkAddress(address: number, what: string): void {
  if (!Number.isInteger(address) || address < 0 || address > 0xffff) {
    throw new Bare6502Error(`${what} address ${address} is outside $0000-$FFFF`);
  }
}

export const hex4 = (v: number): string => v.toString(16).toUpperCase().padStart(4, "0");
