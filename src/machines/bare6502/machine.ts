/**
 * The bare 6502 machine: 64 KiB of RAM and nothing else, for CPU test
 * programs and CPU benchmarks. Load a binary at an address, start at an
 * address, run until the PC traps (an instruction that leaves the PC where
 * it began: `JMP *`, a branch to itself), a JAM opcode halts the CPU, or a
 * cycle limit is reached.
 */
import { Mos6502, StopReason } from "../../../cpu/mos6502/interpreter.js";
import { Mos6502Jit, type Mos6502JitOptions } from "../../../cpu/mos6502/jit.js";
import { Mos6502JitMemory } from "../../../cpu/mos6502/jit-state.js";
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
  engine?: "interp" | "jit";
  /** Options of the JIT engine (blocks dumps, bisecting). */
  jit?: Omit<Mos6502JitOptions, "stopOnTrap" | "singleStep">;
}

const stopNames: Readonly<Record<StopReason, Bare6502Stop>> = {
  [StopReason.Budget]: "cycle-limit",
  [StopReason.Trap]: "trap",
  [StopReason.Jam]: "jam",
};

export class Bare6502 {
  readonly memory: Uint8Array;
  readonly cpu: Mos6502;
  /** The JIT engine, when the machine runs with --engine jit. */
  readonly jit: Mos6502Jit | undefined;
  private readonly native: Mos6502JitMemory | undefined;

  constructor(options: Bare6502Options = {}) {
    const decimal = options.decimal ?? true;
    if (options.engine === "jit") {
      const native = new Mos6502JitMemory();
      this.native = native;
      this.memory = native.ram;
      this.cpu = new Mos6502({ memory: native.ram, state: native.state, decimal });
      this.jit = new Mos6502Jit(this.cpu, native, { ...options.jit, stopOnTrap: true });
    } else {
      this.memory = new Uint8Array(0x10000);
      this.cpu = new Mos6502({ memory: this.memory, decimal });
    }
  }

  /** Free the JIT's code cache and native memory (nothing to do for the interpreter). */
  dispose(): void {
    this.jit?.dispose();
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
    this.jit?.invalidate(address, address + binary.length);
  }

  /**
   * Put the CPU at `entry` in the state RESET leaves it in (S = $FD, I set),
   * with A, X, Y and the counters at 0.
   */
  start(entry: number): void {
    checkAddress(entry, "entry");
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
    this.jit?.invalidate(address & 0xffff, (address & 0xffff) + 1);
  }

  /**
   * Run until a trap, a JAM or `maxCycles` (checked between instructions).
   * With `trace`, each instruction is first reported as a trace line (the
   * interpreter steps then, whatever the engine).
   */
  run(maxCycles: number, trace?: (line: string) => void): Bare6502Result {
    const cpu = this.cpu;
    let reason: StopReason;
    if (trace === undefined) reason = this.jit !== undefined ? this.jit.run(maxCycles) : cpu.run(maxCycles, true);
    else reason = this.runTraced(maxCycles, trace);
    return {
      stop: stopNames[reason], pc: cpu.pc, a: cpu.a, x: cpu.x, y: cpu.y, s: cpu.s, p: cpu.p,
      cycles: cpu.cycles, instructions: cpu.instructions,
    };
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

function checkAddress(address: number, what: string): void {
  if (!Number.isInteger(address) || address < 0 || address > 0xffff) {
    throw new Bare6502Error(`${what} address ${address} is outside $0000-$FFFF`);
  }
}

export const hex4 = (v: number): string => v.toString(16).toUpperCase().padStart(4, "0");
