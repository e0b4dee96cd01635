/**
 * The bare 6502 machine: 64 KiB of RAM and nothing else, for CPU test
 * programs and CPU benchmarks. Load a binary at an address, start at an
 * address, run until the PC traps (an instruction that leaves the PC where
 * it began: `JMP *`, a branch to itself), a JAM opcode halts the CPU, or a
 * cycle limit is reached.
 */
import { Mos6502, StopReason } from "../../../cpu/mos6502/interpreter.js";
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
}

const stopNames: Readonly<Record<StopReason, Bare6502Stop>> = {
  [StopReason.Budget]: "cycle-limit",
  [StopReason.Trap]: "trap",
  [StopReason.Jam]: "jam",
};

export class Bare6502 {
  readonly memory = new Uint8Array(0x10000);
  readonly cpu: Mos6502;

  constructor(options: Bare6502Options = {}) {
    this.cpu = new Mos6502({ memory: this.memory, decimal: options.decimal ?? true });
  }

  /** Copy `binary` into RAM at `address`; it must fit below $10000. */
  load(binary: Uint8Array, address: number): void {
    checkAddress(address, "load");
    const room = 0x10000 - address;
    if (binary.length > room) {
      throw new Bare6502Error(`binary is ${binary.length} bytes but only ${room} fit after $${hex4(address)}`);
    }
    this.memory.set(binary, address);
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

  /**
   * Run until a trap, a JAM or `maxCycles` (checked between instructions).
   * With `trace`, each instruction is first reported as a trace line.
   */
  run(maxCycles: number, trace?: (line: string) => void): Bare6502Result {
    const cpu = this.cpu;
    let reason: StopReason;
    if (trace === undefined) reason = cpu.run(maxCycles, true);
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
