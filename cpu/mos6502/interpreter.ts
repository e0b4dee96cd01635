/**
 * The NMOS 6502 interpreter: the reference every other engine is held to.
 *
 * Each instruction runs in two table-driven stages: the addressing stage
 * (one case per mode, `table.ts`) forms the effective address with the bus
 * cycles the chip performs, dummy reads included; the operation stage (one
 * case group per mnemonic) reads, writes or modifies. Cycle counts come from
 * the table plus the page-cross and taken-branch penalties. With a `Bus`, the
 * bus sees exactly the chip's cycle sequence (as in Tom Harte's
 * ProcessorTests); with flat RAM the dummy cycles are skipped since they
 * cannot be observed.
 *
 * Interrupts (MCS6500 manual, chapter 9 and appendix A; the NESdev wiki's
 * "CPU interrupts"): IRQ is a level (wired-OR of sources), NMI an edge; both
 * are polled between instructions, NMI first. IRQ is ignored while I is set;
 * CLI, SEI and PLP change I after the poll, so their effect on IRQ is seen
 * one instruction late (RTI's is immediate). BRK and PHP push P with B set,
 * IRQ and NMI with B clear; all three set I.
 */
import type { Bus } from "./bus.js";
import { operationKey, operations, type Operation } from "./operations.js";
import { StateSlot, newState, readCounter, writeCounter } from "./state.js";
import { cycleTable, Flag, opcodes } from "./table.js";

/** Addressing stage per opcode: the table's mode, except JSR (13), which forms its address between stack cycles. */
const ADDRESS_STAGE = Uint8Array.from(opcodes, (o) => (o.opcode === 0x20 ? 13 : o.mode));
/** Operation stage per opcode, from the table's mnemonic and mode. */
const OPERATION: readonly Operation[] = opcodes.map((o) => {
  const operation = operations[operationKey(o)];
  if (operation === undefined) throw new Error(`no operation for ${operationKey(o)}`);
  return operation;
});
/** 1 for opcodes that pay a cycle when indexing crosses a page; the others always take the fix-up cycle. */
const PAGE_CROSS_PENALTY = Uint8Array.from(opcodes, (o) => (o.pageCrossPenalty ? 1 : 0));

const I = Flag.I, D = Flag.D, B = Flag.B, U = Flag.U;

/** Interrupt vectors. */
export const Vector = { NMI: 0xfffa, RESET: 0xfffc, IRQ: 0xfffe } as const;

/** Why `run` returned. */
export const StopReason = {
  /** the cycle limit was reached */
  Budget: 0,
  /** an instruction left the PC where it started (jumped or branched to itself) */
  Trap: 1,
  /** a JAM opcode halted the CPU */
  Jam: 2,
} as const;
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

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
  /** Cycles executed so far (exact, updated during the instruction). */
  cycles = 0;
  instructions = 0;
  halted = false;
  decimalEnabled: boolean;
  readonly memory: Uint8Array;
  bus: Bus | null;
  /** Mirror of the registers and counters, written after every `run`/`step` (`state.ts` offsets). */
  readonly state: Int32Array;

  private irqSources = 0;
  private nmiLevel = false;
  private nmiPending = false;
  /** CLI/SEI/PLP: the instruction count at which the poll still sees the old I flag, and that flag. */
  private iDelayAt = -1;
  private iDelayFlag = 0;
  /** High byte of the base address of the last indexed access (SHA SHX SHY TAS). */
  private baseHigh = 0;

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
    if (!this.halted && !this.pollInterrupts()) this.execute();
    this.saveState();
  }

  /**
   * Run whole instructions while `cycles < cycleLimit`. With `stopOnTrap`,
   * stop after an instruction that leaves the PC where it began.
   */
  run(cycleLimit: number, stopOnTrap = false): StopReason {
    let reason: StopReason = StopReason.Budget;
    if (this.halted) reason = StopReason.Jam;
    else {
      while (this.cycles < cycleLimit) {
        if ((this.nmiPending || this.irqSources !== 0) && this.pollInterrupts()) continue;
        const start = this.pc;
        this.execute();
        if (this.pc === start) {
          if (this.halted) {
            reason = StopReason.Jam;
            break;
          }
          if (stopOnTrap) {
            reason = StopReason.Trap;
            break;
          }
        }
      }
    }
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

  // ---- bus (the methods below are the operation stage's, in operations.ts) ----

  read(address: number): number {
    const bus = this.bus;
    return bus === null ? this.memory[address]! : bus.read(address);
  }

  write(address: number, value: number): void {
    const bus = this.bus;
    if (bus === null) this.memory[address] = value;
    else bus.write(address, value);
  }

  /** A read whose value the chip discards: visible only on a bus. */
  dummyRead(address: number): void {
    const bus = this.bus;
    if (bus !== null) bus.read(address);
  }

  /** The write of the unmodified value in read-modify-write instructions. */
  dummyWrite(address: number, value: number): void {
    const bus = this.bus;
    if (bus !== null) bus.write(address, value);
  }

  fetch(): number {
    const pc = this.pc;
    this.pc = (pc + 1) & 0xffff;
    return this.read(pc);
  }

  fetchWord(): number {
    const lo = this.fetch();
    return lo | (this.fetch() << 8);
  }

  push(value: number): void {
    this.write(0x100 | this.s, value);
    this.s = (this.s - 1) & 0xff;
  }

  pull(): number {
    this.s = (this.s + 1) & 0xff;
    return this.read(0x100 | this.s);
  }

  /**
   * base + index: reads that cross a page pay a cycle for a dummy read at the
   * un-carried address; writes and read-modify-writes always make that read.
   */
  indexed(base: number, index: number, opcode: number): number {
    const address = (base + index) & 0xffff;
    this.baseHigh = base >> 8;
    if (((base ^ address) & 0x100) !== 0) {
      this.dummyRead((base & 0xff00) | (address & 0xff));
      this.cycles += PAGE_CROSS_PENALTY[opcode]!;
    } else if (PAGE_CROSS_PENALTY[opcode] === 0) {
      this.dummyRead(address);
    }
    return address;
  }

  // ---- interrupts ------------------------------------------------------

  /** Enter NMI or IRQ if one is due; true when an interrupt sequence ran. */
  private pollInterrupts(): boolean {
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

  /** The 7-cycle interrupt sequence: two dummy reads, push PC and P (B clear), set I, load the vector. */
  private interrupt(vector: number): void {
    this.dummyRead(this.pc);
    this.dummyRead(this.pc);
    this.push(this.pc >> 8);
    this.push(this.pc & 0xff);
    this.push((this.p & ~B) | U);
    this.p |= I;
    this.pc = this.read(vector) | (this.read(vector + 1) << 8);
    this.cycles += 7;
  }

  /** CLI, SEI, PLP: the next interrupt poll still sees the I flag from before this instruction. */
  delayIFlag(oldP: number): void {
    this.iDelayAt = this.instructions;
    this.iDelayFlag = oldP & I;
  }

  branch(taken: boolean, offset: number): void {
    if (!taken) return;
    const pc = this.pc;
    const target = (pc + ((offset ^ 0x80) - 0x80)) & 0xffff;
    this.dummyRead(pc);
    this.cycles++;
    if (((pc ^ target) & 0xff00) !== 0) {
      this.dummyRead((pc & 0xff00) | (target & 0xff));
      this.cycles++;
    }
    this.pc = target;
  }

  /**
   * SHX/SHY: store `value AND (high byte of the base address + 1)`; when the
   * index crosses a page, that value also replaces the address's high byte.
   * This is the behaviour the test vectors define (../shared/tests/6502) and
   * what Harte's hardware-derived vectors show.
   */
  storeHighAndBase(address: number, value: number): void {
    const stored = value & ((this.baseHigh + 1) & 0xff);
    if (address >> 8 !== this.baseHigh) address = (stored << 8) | (address & 0xff);
    this.write(address, stored);
  }

  /**
   * SHA/TAS: store `value AND (high byte of the final address + 1)` at the
   * indexed address, as the project's test vectors (ref/) define them.
   */
  storeHighAndTarget(address: number, value: number): void {
    this.write(address, value & (((address >> 8) + 1) & 0xff));
  }

  /** Decimal arithmetic is on when the chip supports it and D is set. */
  decimal(): boolean {
    return this.decimalEnabled && (this.p & D) !== 0;
  }

  // ---- one instruction ---------------------------------------------------

  private execute(): void {
    const opcode = this.fetch();
    this.cycles += cycleTable[opcode]!;
    this.instructions++;
    let ea = 0;
    switch (ADDRESS_STAGE[opcode]) {
      case 0: // implied
      case 1: // accumulator
        this.dummyRead(this.pc);
        break;
      case 2: // #imm: the operand byte is the address
        ea = this.pc;
        this.pc = (ea + 1) & 0xffff;
        break;
      case 3: // zp
        ea = this.fetch();
        break;
      case 4: { // zp,X: read the unindexed address, then add
        const base = this.fetch();
        this.dummyRead(base);
        ea = (base + this.x) & 0xff;
        break;
      }
      case 5: { // zp,Y
        const base = this.fetch();
        this.dummyRead(base);
        ea = (base + this.y) & 0xff;
        break;
      }
      case 6: // abs
        ea = this.fetchWord();
        break;
      case 7: // abs,X
        ea = this.indexed(this.fetchWord(), this.x, opcode);
        break;
      case 8: // abs,Y
        ea = this.indexed(this.fetchWord(), this.y, opcode);
        break;
      case 9: { // (abs): the pointer's high byte comes from the same page (NMOS bug)
        const pointer = this.fetchWord();
        const lo = this.read(pointer);
        ea = lo | (this.read((pointer & 0xff00) | ((pointer + 1) & 0xff)) << 8);
        break;
      }
      case 10: { // (zp,X)
        const base = this.fetch();
        this.dummyRead(base);
        const z = (base + this.x) & 0xff;
        const lo = this.read(z);
        ea = lo | (this.read((z + 1) & 0xff) << 8);
        break;
      }
      case 11: { // (zp),Y
        const z = this.fetch();
        const lo = this.read(z);
        ea = this.indexed(lo | (this.read((z + 1) & 0xff) << 8), this.y, opcode);
        break;
      }
      case 12: // relative: ea is the offset byte
        ea = this.fetch();
        break;
    }
    OPERATION[opcode]!(this, ea);
  }
}
