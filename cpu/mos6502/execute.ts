/**
 * The interpreter's inner loop. Registers live in local variables for the
 * whole run (written back to the `Mos6502` object at the end, and around
 * interrupt entry), so the JS engine keeps them in machine registers.
 *
 * Each instruction runs in two table-driven stages, both written once:
 * - the addressing stage (one case per mode of `table.ts`) forms the
 *   effective address with the bus cycles the chip performs there, dummy
 *   reads included (MCS6500 manual appendix A; Harte's ProcessorTests);
 * - the operation stage (one case group per mnemonic, the opcodes listed as
 *   literals so the switch compiles to a jump table) reads, writes or
 *   modifies. Undocumented opcodes follow "No More Secrets" (NMOS 6510
 *   unintended opcodes) and ../shared/tests/6502/README.md.
 * Cycle counts come from the table plus page-cross and taken-branch
 * penalties. With a `Bus` every cycle is one bus call; with flat RAM dummy
 * cycles are skipped (they cannot be observed).
 */
import { adc, arr, asl, compare, lsr, rol, ror, sbc, setNZ, UNSTABLE_MAGIC } from "./alu.js";
import type { Bus } from "./bus.js";
import type { Mos6502 } from "./interpreter.js";
import { cycleTable, Flag, opcodes } from "./table.js";

/** Addressing stage per opcode: the table's mode, except JSR (13), which forms its address between stack cycles. */
const ADDRESS_STAGE = Uint8Array.from(opcodes, (o) => (o.opcode === 0x20 ? 13 : o.mode));
/** 1 for opcodes that pay a cycle when indexing crosses a page; the others always make the fix-up read. */
const PAGE_CROSS_PENALTY = Uint8Array.from(opcodes, (o) => (o.pageCrossPenalty ? 1 : 0));

const C = Flag.C, Z = Flag.Z, I = Flag.I, D = Flag.D, B = Flag.B, U = Flag.U, V = Flag.V, N = Flag.N;

/** Why a run returned. */
export const StopReason = {
  /** the cycle limit (or the step count) was reached */
  Budget: 0,
  /** an instruction left the PC where it started (jumped or branched to itself) */
  Trap: 1,
  /** a JAM opcode halted the CPU */
  Jam: 2,
} as const;
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

/** A read as the chip makes it: flat RAM, or the bus when there is one. */
function read(mem: Uint8Array, bus: Bus | null, address: number): number {
  return bus === null ? mem[address]! : bus.read(address);
}

/**
 * A write as the chip makes it. On flat RAM with a watch map (the JIT's
 * code map), a write to a watched byte is reported to `cpu.onCodeWrite`
 * after it is made.
 */
function write(cpu: Mos6502, mem: Uint8Array, bus: Bus | null, watch: Uint8Array | null, address: number, value: number): void {
  if (bus !== null) {
    bus.write(address, value);
    return;
  }
  mem[address] = value;
  if (watch !== null && watch[address] !== 0) cpu.onCodeWrite!(address);
}

/** A read whose value the chip discards: only a bus can see it. */
function dummyRead(bus: Bus | null, address: number): void {
  if (bus !== null) bus.read(address);
}

/** The write of the unmodified value in read-modify-write instructions. */
function dummyWrite(bus: Bus | null, address: number, value: number): void {
  if (bus !== null) bus.write(address, value);
}

/** Opcodes after which `execute` stops when asked to run to the end of a block: branches, JMP, JSR, RTS, RTI, BRK. */
export const BLOCK_END: Uint8Array = Uint8Array.from(opcodes, (o) =>
  (o.branch || o.access === "jump" || ["JSR", "RTS", "RTI", "BRK"].includes(o.mnemonic) ? 1 : 0));

/**
 * What a tiering JIT asks of the interpreter: after each instruction that
 * ends a basic block (BLOCK_END), count the PC it went to in `heat` and stop
 * there when that PC has compiled code (a nonzero `dispatch` entry, two u32
 * halves per PC) or its count reached `threshold`.
 */
export interface TierWatch {
  readonly heat: Int32Array;
  readonly dispatch: Uint32Array;
  readonly threshold: number;
}

/**
 * Run `cpu` while `cycles < cycleLimit` for at most `maxSteps` steps (an
 * instruction, or the entry into an interrupt). With `stopOnTrap`, stop
 * after an instruction that leaves the PC where it began. With `tier`, stop
 * at the first block start the JIT wants (TierWatch).
 */
export function execute(cpu: Mos6502, cycleLimit: number, stopOnTrap: boolean, maxSteps: number, tier: TierWatch | null = null): StopReason {
  if (cpu.halted) return StopReason.Jam;
  const mem = cpu.memory;
  const bus = cpu.bus;
  const watch = bus === null ? cpu.codeWatch : null;
  const decimalChip = cpu.decimalEnabled;
  let a = cpu.a, x = cpu.x, y = cpu.y, s = cpu.s, p = cpu.p, pc = cpu.pc;
  let cycles = cpu.cycles;
  const instructionBase = cpu.instructions;
  let count = 0;
  let steps = 0;
  let halted = false;
  let reason: StopReason = StopReason.Budget;
  // On flat RAM nothing inside this loop can raise an interrupt line (only
  // a bus can call back into the machine), so the poll is needed only when
  // one is already requested or there is a bus.
  const poll = bus !== null || cpu.interruptRequested();

  while (cycles < cycleLimit && steps < maxSteps) {
    steps++;
    if (poll && cpu.interruptRequested()) {
      cpu.a = a; cpu.x = x; cpu.y = y; cpu.s = s; cpu.p = p; cpu.pc = pc;
      cpu.cycles = cycles;
      cpu.instructions = instructionBase + count;
      if (cpu.pollInterrupts()) {
        s = cpu.s; p = cpu.p; pc = cpu.pc; cycles = cpu.cycles;
        continue;
      }
    }
    const start = pc;
    const opcode = read(mem, bus, pc);
    pc = (pc + 1) & 0xffff;
    cycles += cycleTable[opcode]!;
    count++;

    // ---- addressing stage ----
    let ea = 0;
    switch (ADDRESS_STAGE[opcode]) {
      case 0: // implied
      case 1: // accumulator
        dummyRead(bus, pc);
        break;
      case 2: // #imm: the operand byte is the address
        ea = pc;
        pc = (pc + 1) & 0xffff;
        break;
      case 3: // zp
        ea = read(mem, bus, pc);
        pc = (pc + 1) & 0xffff;
        break;
      case 4: // zp,X: read the unindexed address, then add
        ea = read(mem, bus, pc);
        pc = (pc + 1) & 0xffff;
        dummyRead(bus, ea);
        ea = (ea + x) & 0xff;
        break;
      case 5: // zp,Y
        ea = read(mem, bus, pc);
        pc = (pc + 1) & 0xffff;
        dummyRead(bus, ea);
        ea = (ea + y) & 0xff;
        break;
      case 6: // abs
        ea = read(mem, bus, pc);
        ea |= read(mem, bus, (pc + 1) & 0xffff) << 8;
        pc = (pc + 2) & 0xffff;
        break;
      case 7: // abs,X
      case 8: { // abs,Y: a crossing read pays a cycle for the un-carried read; writes always make it
        let base = read(mem, bus, pc);
        base |= read(mem, bus, (pc + 1) & 0xffff) << 8;
        pc = (pc + 2) & 0xffff;
        ea = (base + (ADDRESS_STAGE[opcode] === 7 ? x : y)) & 0xffff;
        if (((base ^ ea) & 0x100) !== 0) {
          dummyRead(bus, (base & 0xff00) | (ea & 0xff));
          cycles += PAGE_CROSS_PENALTY[opcode]!;
        } else if (PAGE_CROSS_PENALTY[opcode] === 0) {
          dummyRead(bus, ea);
        }
        break;
      }
      case 9: { // (abs): the pointer's high byte comes from the same page (NMOS bug)
        let pointer = read(mem, bus, pc);
        pointer |= read(mem, bus, (pc + 1) & 0xffff) << 8;
        pc = (pc + 2) & 0xffff;
        ea = read(mem, bus, pointer);
        ea |= read(mem, bus, (pointer & 0xff00) | ((pointer + 1) & 0xff)) << 8;
        break;
      }
      case 10: { // (zp,X)
        const base = read(mem, bus, pc);
        pc = (pc + 1) & 0xffff;
        dummyRead(bus, base);
        const z = (base + x) & 0xff;
        ea = read(mem, bus, z);
        ea |= read(mem, bus, (z + 1) & 0xff) << 8;
        break;
      }
      case 11: { // (zp),Y
        const z = read(mem, bus, pc);
        pc = (pc + 1) & 0xffff;
        let base = read(mem, bus, z);
        base |= read(mem, bus, (z + 1) & 0xff) << 8;
        ea = (base + y) & 0xffff;
        if (((base ^ ea) & 0x100) !== 0) {
          dummyRead(bus, (base & 0xff00) | (ea & 0xff));
          cycles += PAGE_CROSS_PENALTY[opcode]!;
        } else if (PAGE_CROSS_PENALTY[opcode] === 0) {
          dummyRead(bus, ea);
        }
        break;
      }
      case 12: // relative: ea is the offset byte
        ea = read(mem, bus, pc);
        pc = (pc + 1) & 0xffff;
        break;
      // 13: JSR reads its operand itself
    }

    // ---- operation stage ----
    let v = 0;
    let r = 0;
    let taken = false;
    switch (opcode) {
      // loads, logic, arithmetic (read)
      case 0xa1: case 0xa5: case 0xa9: case 0xad: case 0xb1: case 0xb5: case 0xb9: case 0xbd: // LDA
        a = read(mem, bus, ea);
        p = setNZ(p, a);
        break;
      case 0xa2: case 0xa6: case 0xae: case 0xb6: case 0xbe: // LDX
        x = read(mem, bus, ea);
        p = setNZ(p, x);
        break;
      case 0xa0: case 0xa4: case 0xac: case 0xb4: case 0xbc: // LDY
        y = read(mem, bus, ea);
        p = setNZ(p, y);
        break;
      case 0xa3: case 0xa7: case 0xaf: case 0xb3: case 0xb7: case 0xbf: // LAX
        a = x = read(mem, bus, ea);
        p = setNZ(p, a);
        break;
      case 0x21: case 0x25: case 0x29: case 0x2d: case 0x31: case 0x35: case 0x39: case 0x3d: // AND
        a &= read(mem, bus, ea);
        p = setNZ(p, a);
        break;
      case 0x01: case 0x05: case 0x09: case 0x0d: case 0x11: case 0x15: case 0x19: case 0x1d: // ORA
        a |= read(mem, bus, ea);
        p = setNZ(p, a);
        break;
      case 0x41: case 0x45: case 0x49: case 0x4d: case 0x51: case 0x55: case 0x59: case 0x5d: // EOR
        a ^= read(mem, bus, ea);
        p = setNZ(p, a);
        break;
      case 0x61: case 0x65: case 0x69: case 0x6d: case 0x71: case 0x75: case 0x79: case 0x7d: // ADC
        r = adc(a, read(mem, bus, ea), p, decimalChip && (p & D) !== 0);
        a = r & 0xff;
        p = r >> 8;
        break;
      case 0xe1: case 0xe5: case 0xe9: case 0xeb: case 0xed: case 0xf1: case 0xf5: case 0xf9: case 0xfd: // SBC
        r = sbc(a, read(mem, bus, ea), p, decimalChip && (p & D) !== 0);
        a = r & 0xff;
        p = r >> 8;
        break;
      case 0xc1: case 0xc5: case 0xc9: case 0xcd: case 0xd1: case 0xd5: case 0xd9: case 0xdd: // CMP
        p = compare(a, read(mem, bus, ea), p);
        break;
      case 0xe0: case 0xe4: case 0xec: // CPX
        p = compare(x, read(mem, bus, ea), p);
        break;
      case 0xc0: case 0xc4: case 0xcc: // CPY
        p = compare(y, read(mem, bus, ea), p);
        break;
      case 0x24: case 0x2c: // BIT: N V from memory, Z from A AND memory
        v = read(mem, bus, ea);
        p = (p & ~(N | V | Z)) | (v & (N | V)) | ((a & v) === 0 ? Z : 0);
        break;
      case 0x04: case 0x0c: case 0x14: case 0x1c: case 0x34: case 0x3c: case 0x44: case 0x54: case 0x5c: // NOP (reads)
      case 0x64: case 0x74: case 0x7c: case 0x80: case 0x82: case 0x89: case 0xc2: case 0xd4: case 0xdc:
      case 0xe2: case 0xf4: case 0xfc:
        read(mem, bus, ea);
        break;
      case 0x0b: case 0x2b: // ANC: AND, then C = N
        a &= read(mem, bus, ea);
        p = (setNZ(p, a) & ~C) | (a >> 7);
        break;
      case 0x4b: // ALR: AND, then LSR A
        r = lsr(a & read(mem, bus, ea), p);
        a = r & 0xff;
        p = r >> 8;
        break;
      case 0x6b: // ARR
        r = arr(a, read(mem, bus, ea), p, decimalChip && (p & D) !== 0);
        a = r & 0xff;
        p = r >> 8;
        break;
      case 0xcb: // SBX: X = (A AND X) - imm, flags as CMP
        v = read(mem, bus, ea);
        p = compare(a & x, v, p);
        x = ((a & x) - v) & 0xff;
        break;
      case 0xbb: // LAS: A, X, S = memory AND S
        a = x = s = read(mem, bus, ea) & s;
        p = setNZ(p, a);
        break;
      case 0x8b: // ANE (unstable): A = (A OR magic) AND X AND imm
        a = (a | UNSTABLE_MAGIC) & x & read(mem, bus, ea);
        p = setNZ(p, a);
        break;
      case 0xab: // LXA (unstable): A, X = (A OR magic) AND imm
        a = x = (a | UNSTABLE_MAGIC) & read(mem, bus, ea);
        p = setNZ(p, a);
        break;

      // stores
      case 0x81: case 0x85: case 0x8d: case 0x91: case 0x95: case 0x99: case 0x9d: // STA
        write(cpu, mem, bus, watch, ea, a);
        break;
      case 0x86: case 0x8e: case 0x96: // STX
        write(cpu, mem, bus, watch, ea, x);
        break;
      case 0x84: case 0x8c: case 0x94: // STY
        write(cpu, mem, bus, watch, ea, y);
        break;
      case 0x83: case 0x87: case 0x8f: case 0x97: // SAX
        write(cpu, mem, bus, watch, ea, a & x);
        break;
      case 0x93: case 0x9f: // SHA: A AND X AND (high byte of the final address + 1), as ref/ defines it
        write(cpu, mem, bus, watch, ea, a & x & (((ea >> 8) + 1) & 0xff));
        break;
      case 0x9b: // TAS: S = A AND X, then stored like SHA
        s = a & x;
        write(cpu, mem, bus, watch, ea, s & (((ea >> 8) + 1) & 0xff));
        break;
      case 0x9c: // SHY: Y AND (high byte of the base + 1); a page crossing puts that value in the address's high byte
      case 0x9e: { // SHX: the same with X
        const base = (ea - (opcode === 0x9c ? x : y)) & 0xffff;
        v = (opcode === 0x9c ? y : x) & (((base >> 8) + 1) & 0xff);
        write(cpu, mem, bus, watch, (ea ^ base) & 0x100 ? (v << 8) | (ea & 0xff) : ea, v);
        break;
      }

      // read-modify-write: read, write the old value back (a dummy cycle), write the result
      case 0x0a: r = asl(a, p); a = r & 0xff; p = r >> 8; break; // ASL A
      case 0x4a: r = lsr(a, p); a = r & 0xff; p = r >> 8; break; // LSR A
      case 0x2a: r = rol(a, p); a = r & 0xff; p = r >> 8; break; // ROL A
      case 0x6a: r = ror(a, p); a = r & 0xff; p = r >> 8; break; // ROR A
      case 0x06: case 0x0e: case 0x16: case 0x1e: // ASL
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = asl(v, p); p = r >> 8; write(cpu, mem, bus, watch, ea, r & 0xff);
        break;
      case 0x46: case 0x4e: case 0x56: case 0x5e: // LSR
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = lsr(v, p); p = r >> 8; write(cpu, mem, bus, watch, ea, r & 0xff);
        break;
      case 0x26: case 0x2e: case 0x36: case 0x3e: // ROL
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = rol(v, p); p = r >> 8; write(cpu, mem, bus, watch, ea, r & 0xff);
        break;
      case 0x66: case 0x6e: case 0x76: case 0x7e: // ROR
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = ror(v, p); p = r >> 8; write(cpu, mem, bus, watch, ea, r & 0xff);
        break;
      case 0xe6: case 0xee: case 0xf6: case 0xfe: // INC
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        v = (v + 1) & 0xff; p = setNZ(p, v); write(cpu, mem, bus, watch, ea, v);
        break;
      case 0xc6: case 0xce: case 0xd6: case 0xde: // DEC
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        v = (v - 1) & 0xff; p = setNZ(p, v); write(cpu, mem, bus, watch, ea, v);
        break;
      case 0x03: case 0x07: case 0x0f: case 0x13: case 0x17: case 0x1b: case 0x1f: // SLO: ASL, then ORA
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = asl(v, p); write(cpu, mem, bus, watch, ea, r & 0xff);
        a |= r & 0xff; p = setNZ(r >> 8, a);
        break;
      case 0x23: case 0x27: case 0x2f: case 0x33: case 0x37: case 0x3b: case 0x3f: // RLA: ROL, then AND
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = rol(v, p); write(cpu, mem, bus, watch, ea, r & 0xff);
        a &= r & 0xff; p = setNZ(r >> 8, a);
        break;
      case 0x43: case 0x47: case 0x4f: case 0x53: case 0x57: case 0x5b: case 0x5f: // SRE: LSR, then EOR
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = lsr(v, p); write(cpu, mem, bus, watch, ea, r & 0xff);
        a ^= r & 0xff; p = setNZ(r >> 8, a);
        break;
      case 0x63: case 0x67: case 0x6f: case 0x73: case 0x77: case 0x7b: case 0x7f: // RRA: ROR, then ADC
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        r = ror(v, p); write(cpu, mem, bus, watch, ea, r & 0xff);
        r = adc(a, r & 0xff, r >> 8, decimalChip && (p & D) !== 0); a = r & 0xff; p = r >> 8;
        break;
      case 0xc3: case 0xc7: case 0xcf: case 0xd3: case 0xd7: case 0xdb: case 0xdf: // DCP: DEC, then CMP
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        v = (v - 1) & 0xff; write(cpu, mem, bus, watch, ea, v);
        p = compare(a, v, p);
        break;
      case 0xe3: case 0xe7: case 0xef: case 0xf3: case 0xf7: case 0xfb: case 0xff: // ISC: INC, then SBC
        v = read(mem, bus, ea); dummyWrite(bus, ea, v);
        v = (v + 1) & 0xff; write(cpu, mem, bus, watch, ea, v);
        r = sbc(a, v, p, decimalChip && (p & D) !== 0); a = r & 0xff; p = r >> 8;
        break;

      // implied: flags, transfers, counters
      case 0x18: p &= ~C; break; // CLC
      case 0x38: p |= C; break; // SEC
      case 0xd8: p &= ~D; break; // CLD
      case 0xf8: p |= D; break; // SED
      case 0xb8: p &= ~V; break; // CLV
      case 0x58: cpu.delayIFlag(instructionBase + count, p); p &= ~I; break; // CLI
      case 0x78: cpu.delayIFlag(instructionBase + count, p); p |= I; break; // SEI
      case 0xaa: x = a; p = setNZ(p, x); break; // TAX
      case 0xa8: y = a; p = setNZ(p, y); break; // TAY
      case 0x8a: a = x; p = setNZ(p, a); break; // TXA
      case 0x98: a = y; p = setNZ(p, a); break; // TYA
      case 0xba: x = s; p = setNZ(p, x); break; // TSX
      case 0x9a: s = x; break; // TXS
      case 0xe8: x = (x + 1) & 0xff; p = setNZ(p, x); break; // INX
      case 0xc8: y = (y + 1) & 0xff; p = setNZ(p, y); break; // INY
      case 0xca: x = (x - 1) & 0xff; p = setNZ(p, x); break; // DEX
      case 0x88: y = (y - 1) & 0xff; p = setNZ(p, y); break; // DEY
      case 0x1a: case 0x3a: case 0x5a: case 0x7a: case 0xda: case 0xea: case 0xfa: break; // NOP

      // stack
      case 0x48: // PHA
        write(cpu, mem, bus, watch, 0x100 | s, a);
        s = (s - 1) & 0xff;
        break;
      case 0x08: // PHP: B set in the pushed copy
        write(cpu, mem, bus, watch, 0x100 | s, p | B | U);
        s = (s - 1) & 0xff;
        break;
      case 0x68: // PLA
        dummyRead(bus, 0x100 | s);
        s = (s + 1) & 0xff;
        a = read(mem, bus, 0x100 | s);
        p = setNZ(p, a);
        break;
      case 0x28: // PLP: the new I is seen by the interrupt poll one instruction late
        dummyRead(bus, 0x100 | s);
        s = (s + 1) & 0xff;
        cpu.delayIFlag(instructionBase + count, p);
        p = (read(mem, bus, 0x100 | s) & ~B) | U;
        break;

      // control flow
      case 0x4c: case 0x6c: pc = ea; break; // JMP
      case 0x20: // JSR: low byte, internal stack cycle, push PC (pointing at the high byte), high byte
        v = read(mem, bus, pc);
        pc = (pc + 1) & 0xffff;
        dummyRead(bus, 0x100 | s);
        write(cpu, mem, bus, watch, 0x100 | s, pc >> 8);
        s = (s - 1) & 0xff;
        write(cpu, mem, bus, watch, 0x100 | s, pc & 0xff);
        s = (s - 1) & 0xff;
        pc = v | (read(mem, bus, pc) << 8);
        break;
      case 0x60: // RTS
        dummyRead(bus, 0x100 | s);
        s = (s + 1) & 0xff;
        v = read(mem, bus, 0x100 | s);
        s = (s + 1) & 0xff;
        v |= read(mem, bus, 0x100 | s) << 8;
        dummyRead(bus, v);
        pc = (v + 1) & 0xffff;
        break;
      case 0x40: // RTI
        dummyRead(bus, 0x100 | s);
        s = (s + 1) & 0xff;
        p = (read(mem, bus, 0x100 | s) & ~B) | U;
        s = (s + 1) & 0xff;
        v = read(mem, bus, 0x100 | s);
        s = (s + 1) & 0xff;
        pc = v | (read(mem, bus, 0x100 | s) << 8);
        break;
      case 0x00: // BRK: the padding byte was read by the implied stage; push PC+2 and P with B set
        pc = (pc + 1) & 0xffff;
        write(cpu, mem, bus, watch, 0x100 | s, pc >> 8);
        s = (s - 1) & 0xff;
        write(cpu, mem, bus, watch, 0x100 | s, pc & 0xff);
        s = (s - 1) & 0xff;
        write(cpu, mem, bus, watch, 0x100 | s, p | B | U);
        s = (s - 1) & 0xff;
        p |= I;
        v = read(mem, bus, 0xfffe);
        pc = v | (read(mem, bus, 0xffff) << 8);
        break;
      case 0x10: taken = (p & N) === 0; break; // BPL
      case 0x30: taken = (p & N) !== 0; break; // BMI
      case 0x50: taken = (p & V) === 0; break; // BVC
      case 0x70: taken = (p & V) !== 0; break; // BVS
      case 0x90: taken = (p & C) === 0; break; // BCC
      case 0xb0: taken = (p & C) !== 0; break; // BCS
      case 0xd0: taken = (p & Z) === 0; break; // BNE
      case 0xf0: taken = (p & Z) !== 0; break; // BEQ
      case 0x02: case 0x12: case 0x22: case 0x32: case 0x42: case 0x52: // JAM: halt with PC on the opcode
      case 0x62: case 0x72: case 0x92: case 0xb2: case 0xd2: case 0xf2:
        halted = true;
        pc = start;
        break;
    }
    if (taken) {
      // A taken branch reads the next opcode (discarded) and adds the offset;
      // crossing a page costs one more read at the un-carried address.
      const target = (pc + ((ea ^ 0x80) - 0x80)) & 0xffff;
      dummyRead(bus, pc);
      cycles++;
      if (((pc ^ target) & 0xff00) !== 0) {
        dummyRead(bus, (pc & 0xff00) | (target & 0xff));
        cycles++;
      }
      pc = target;
    }
    if (pc === start) {
      if (halted) {
        reason = StopReason.Jam;
        break;
      }
      if (stopOnTrap) {
        reason = StopReason.Trap;
        break;
      }
    }
    if (tier !== null && BLOCK_END[opcode] !== 0) {
      const d = tier.dispatch;
      if (d[pc << 1] !== 0 || d[(pc << 1) + 1] !== 0 || ++tier.heat[pc]! >= tier.threshold) break;
    }
  }

  cpu.a = a; cpu.x = x; cpu.y = y; cpu.s = s; cpu.p = p; cpu.pc = pc;
  cpu.cycles = cycles;
  cpu.instructions = instructionBase + count;
  cpu.halted = halted;
  return reason;
}
