/**
 * The NMOS 6502 interpreter: the reference every other engine is held to.
 * This class holds the state and the interrupt logic; the instruction loop
 * is `execute.ts`.
 *
 * Interrupts (MCS6500 manual, chapter 9 and appendix A; the NESdev wiki's
 * "CPU interrupts"): IRQ is a level (wired-OR of sources), NMI an edge; both
 * are polled between instructions, NMI first. IRQ is ignored while I is set;
 * CLI, SEI and PLP change I after the poll, so their effect on IRQ is seen
 * one instruction late (RTI's is immediate). BRK and PHP push P with B set,
 * IRQ and NMI with B clear; all three set I. Not modelled: an NMI hijacking
 * a BRK or IRQ sequence, and the one-instruction IRQ delay after a taken
 * branch that does not cross a page.
 */
import type { Bus } from "./bus.js";
import { execute, StopReason } from "./execute.js";
import { StateSlot, newState, readCounter, writeCounter } from "./state.js";
import { Flag } from "./table.js";

const I = Flag.I, B = Flag.B, U = Flag.U;

/** Interrupt vectors. */
export const Vector = { NMI: 0xfffa, RESET: 0xfffc, IRQ: 0xfffe } as const;

export { StopReason } from "./execute.js";

export interface Mos6502Options {
  /** 64 KiB of RAM (the fast path); ignored for accesses when `bus` is given. */
  memory?: Uint8Array;
  /** Every access goes through this bus, cycle by cycle, dummy cycles included. */
  bus?: Bus | null;
  /** Honour the D flag in ADC/SBC/ARR/RRA/ISC (NMOS 6502: true; NES 2A03: false). */
  decimal?: boolean;
  /** A state block to mirror registers into (see `state.ts`). */
  state?: Int32Array;
}

export class Mos6502 {
  a = 0;
  x = 0;
  y = 0;
  s = 0xfd;
  /** Status with bit 5 set and B (bit 4) clear. */
  p = U | I;
  pc = 0;
  /**
   * Cycles executed so far. While `run`/`step` execute, the loop keeps the
   * registers and counters in locals and writes them back when it returns
   * (and around interrupt entry); a `Bus` that needs the time of each access
   * counts its calls, since every bus call is one cycle.
   */
  cycles = 0;
  instructions = 0;
  halted = false;
  decimalEnabled: boolean;
  readonly memory: Uint8Array;
  bus: Bus | null;
  /** Mirror of the registers and counters, written after every `run`/`step` (`state.ts` offsets). */
  readonly state: Int32Array;
  /**
   * On flat RAM (no bus): bytes whose writes are reported to `onCodeWrite`
   * (the JIT's code map: a write there drops compiled code). Null: none.
   */
  codeWatch: Uint8Array | null = null;
  onCodeWrite: ((address: number) => void) | null = null;

  private irqSources = 0;
  private nmiLevel = false;
  private nmiPending = false;
  /** CLI/SEI/PLP: the instruction count at which the poll still sees the old I flag, and that flag. */
  private iDelayAt = -1;
  private iDelayFlag = 0;

  constructor(options: Mos6502Options = {}) {
    this.memory = options.memory ?? new Uint8Array(0x10000);
    if (this.memory.length !== 0x10000) throw new RangeError("6502 memory must be 65536 bytes");
    this.bus = options.bus ?? null;
    this.decimalEnabled = options.decimal ?? true;
    this.state = options.state ?? newState();
    this.saveState();
  }

  // ---- interrupt lines -------------------------------------------------

  /** Assert or release the IRQ line for one source (a bit mask; sources are wired-OR). */
  setIrq(source: number, asserted: boolean): void {
    this.irqSources = asserted ? this.irqSources | source : this.irqSources & ~source;
  }

  /** Drive the NMI input; a high-going edge latches one NMI. */
  setNmi(level: boolean): void {
    if (level && !this.nmiLevel) this.nmiPending = true;
    this.nmiLevel = level;
  }

  /** The RESET sequence: 7 cycles, three suppressed pushes (S -= 3), I set, PC from $FFFC. */
  reset(): void {
    this.halted = false;
    this.nmiPending = false;
    this.dummyRead(this.pc);
    this.dummyRead(this.pc);
    for (let i = 0; i < 3; i++) {
      this.dummyRead(0x100 | this.s);
      this.s = (this.s - 1) & 0xff;
    }
    this.p |= I;
    this.pc = this.read(Vector.RESET) | (this.read(Vector.RESET + 1) << 8);
    this.cycles += 7;
    this.saveState();
  }

  // ---- running ---------------------------------------------------------

  /** Execute one instruction, or enter one pending interrupt. */
  step(): void {
    execute(this, Infinity, false, 1);
    this.saveState();
  }

  /**
   * Run whole instructions while `cycles < cycleLimit`. With `stopOnTrap`,
   * stop after an instruction that leaves the PC where it began.
   */
  run(cycleLimit: number, stopOnTrap = false): StopReason {
    const reason = execute(this, cycleLimit, stopOnTrap, Infinity);
    this.saveState();
    return reason;
  }

  /** Write the registers and counters into `state`. */
  saveState(): void {
    const st = this.state;
    st[StateSlot.A] = this.a;
    st[StateSlot.X] = this.x;
    st[StateSlot.Y] = this.y;
    st[StateSlot.S] = this.s;
    st[StateSlot.P] = this.p;
    st[StateSlot.PC] = this.pc;
    writeCounter(st, StateSlot.CYCLES_LO, this.cycles);
    writeCounter(st, StateSlot.INSTRUCTIONS_LO, this.instructions);
    st[StateSlot.HALTED] = this.halted ? 1 : 0;
    st[StateSlot.IRQ_LINE] = this.irqSources;
    st[StateSlot.NMI_PENDING] = this.nmiPending ? 1 : 0;
    st[StateSlot.DECIMAL_ENABLED] = this.decimalEnabled ? 1 : 0;
  }

  /** Take the registers and counters from `state` (after another engine ran). */
  loadState(): void {
    const st = this.state;
    this.a = st[StateSlot.A]! & 0xff;
    this.x = st[StateSlot.X]! & 0xff;
    this.y = st[StateSlot.Y]! & 0xff;
    this.s = st[StateSlot.S]! & 0xff;
    this.p = (st[StateSlot.P]! & ~B & 0xff) | U;
    this.pc = st[StateSlot.PC]! & 0xffff;
    this.cycles = readCounter(st, StateSlot.CYCLES_LO);
    this.instructions = readCounter(st, StateSlot.INSTRUCTIONS_LO);
    this.halted = st[StateSlot.HALTED] !== 0;
    this.irqSources = st[StateSlot.IRQ_LINE]!;
    this.nmiPending = st[StateSlot.NMI_PENDING] !== 0;
    this.decimalEnabled = st[StateSlot.DECIMAL_ENABLED] !== 0;
  }

  // ---- bus ---------------------------------------------------------------

  /** A read as the CPU makes it (through the bus when there is one). */
  read(address: number): number {
    const bus = this.bus;
    return bus === null ? this.memory[address]! : bus.read(address);
  }

  /** A write as the CPU makes it. */
  write(address: number, value: number): void {
    const bus = this.bus;
    if (bus === null) this.memory[address] = value;
    else bus.write(address, value);
  }

  private dummyRead(address: number): void {
    const bus = this.bus;
    if (bus !== null) bus.read(address);
  }

  private push(value: number): void {
    this.write(0x100 | this.s, value);
    this.s = (this.s - 1) & 0xff;
  }

  // ---- interrupts (called by execute.ts between instructions) -------------

  /** True when NMI is pending or the IRQ line is asserted. */
  interruptRequested(): boolean {
    return this.nmiPending || this.irqSources !== 0;
  }

  /** Enter NMI or IRQ if one is due; true when an interrupt sequence ran. */
  pollInterrupts(): boolean {
    if (this.nmiPending) {
      this.nmiPending = false;
      this.interrupt(Vector.NMI);
      return true;
    }
    if (this.irqSources === 0) return false;
    const iFlag = this.iDelayAt === this.instructions ? this.iDelayFlag : this.p & I;
    if (iFlag !== 0) return false;
    this.interrupt(Vector.IRQ);
    return true;
  }

  /** CLI, SEI, PLP (instruction number `at`): the next poll still sees the I flag of `oldP`. */
  delayIFlag(at: number, oldP: number): void {
    this.iDelayAt = at;
    this.iDelayFlag = oldP & I;
  }

  /** The 7-cycle interrupt sequence: two dummy reads, push PC and P (B clear), set I, load the vector. */
  private interrupt(vector: number): void {
    this.dummyRead(this.pc);
    this.dummyRead(this.pc);
    this.push(this.pc >> 8);
    this.push(this.pc & 0xff);
    this.push((this.p & ~B) | U);
    this.p |= I;
    // The entry sets I itself: a CLI/SEI/PLP delay pending from the last instruction no longer applies (the
    // interrupt does not advance the instruction count, so without this an IRQ taken right after SEI would
    // see the old, clear I flag again and enter the handler forever).
    this.iDelayAt = -1;
    this.pc = this.read(vector) | (this.read(vector + 1) << 8);
    this.cycles += 7;
  }
}
