/**
 * The operation stage of the interpreter: one function per mnemonic. The
 * addressing stage (`Mos6502.execute`) has already formed `ea` (for #imm the
 * operand's address, for branches the offset byte) and made the mode's
 * dummy cycles. Semantics of the undocumented opcodes follow "No More
 * Secrets" (NMOS 6510 unintended opcodes) and the test vectors' README.
 */
import { adc, arr, asl, compare, lsr, rol, ror, sbc, setNZ, UNSTABLE_MAGIC } from "./alu.js";
import type { Mos6502 } from "./interpreter.js";
import { Flag, Mode, type OpInfo } from "./table.js";

const C = Flag.C, Z = Flag.Z, I = Flag.I, D = Flag.D, B = Flag.B, U = Flag.U, V = Flag.V, N = Flag.N;

/** A read-modify-write on memory: read, write the old value back (dummy), write the result. */
function modify(cpu: Mos6502, ea: number): number {
  const value = cpu.read(ea);
  cpu.dummyWrite(ea, value);
  return value;
}

/** The operation of one mnemonic: `ea` is the effective address from the addressing stage. */
export type Operation = (cpu: Mos6502, ea: number) => void;

/** The key of an opcode in `operations`: the mnemonic, "ASL A" for accumulator forms, "NOP read" for NOPs with an operand. */
export function operationKey(info: OpInfo): string {
  if (info.mode === Mode.Acc) return `${info.mnemonic} A`;
  if (info.mnemonic === "NOP" && info.mode !== Mode.Imp) return "NOP read";
  return info.mnemonic;
}

/**
 * One small function per mnemonic (accumulator forms as "ASL A"), so that
 * each stays small enough for the JS engine to inline the memory accesses.
 */
export const operations: Readonly<Record<string, Operation>> = {
  // ---- loads, logic, arithmetic (read) ----
  LDA: (cpu, ea) => {
    cpu.a = cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  LDX: (cpu, ea) => {
    cpu.x = cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.x);
  },
  LDY: (cpu, ea) => {
    cpu.y = cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.y);
  },
  LAX: (cpu, ea) => {
    cpu.a = cpu.x = cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  AND: (cpu, ea) => {
    cpu.a &= cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  ORA: (cpu, ea) => {
    cpu.a |= cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  EOR: (cpu, ea) => {
    cpu.a ^= cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  ADC: (cpu, ea) => {
    const r = adc(cpu.a, cpu.read(ea), cpu.p, cpu.decimal());
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  SBC: (cpu, ea) => {
    const r = sbc(cpu.a, cpu.read(ea), cpu.p, cpu.decimal());
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  CMP: (cpu, ea) => {
    cpu.p = compare(cpu.a, cpu.read(ea), cpu.p);
  },
  CPX: (cpu, ea) => {
    cpu.p = compare(cpu.x, cpu.read(ea), cpu.p);
  },
  CPY: (cpu, ea) => {
    cpu.p = compare(cpu.y, cpu.read(ea), cpu.p);
  },
  /** BIT: N V from memory, Z from A AND memory */
  BIT: (cpu, ea) => {
    const m = cpu.read(ea);
    cpu.p = (cpu.p & ~(N | V | Z)) | (m & (N | V)) | ((cpu.a & m) === 0 ? Z : 0);
  },
  "NOP read": (cpu, ea) => {
    cpu.read(ea);
  },
  /** ANC: AND, then C = N */
  ANC: (cpu, ea) => {
    cpu.a &= cpu.read(ea);
    cpu.p = (setNZ(cpu.p, cpu.a) & ~C) | (cpu.a >> 7);
  },
  /** ALR: AND, then LSR A */
  ALR: (cpu, ea) => {
    const r = lsr(cpu.a & cpu.read(ea), cpu.p);
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  ARR: (cpu, ea) => {
    const r = arr(cpu.a, cpu.read(ea), cpu.p, cpu.decimal());
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  /** SBX: X = (A AND X) - imm, flags as CMP */
  SBX: (cpu, ea) => {
    const ax = cpu.a & cpu.x;
    const m = cpu.read(ea);
    cpu.p = compare(ax, m, cpu.p);
    cpu.x = (ax - m) & 0xff;
  },
  /** LAS: A, X, S = memory AND S */
  LAS: (cpu, ea) => {
    cpu.a = cpu.x = cpu.s = cpu.read(ea) & cpu.s;
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  /** ANE (unstable): A = (A OR magic) AND X AND imm */
  ANE: (cpu, ea) => {
    cpu.a = (cpu.a | UNSTABLE_MAGIC) & cpu.x & cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  /** LXA (unstable): A, X = (A OR magic) AND imm */
  LXA: (cpu, ea) => {
    cpu.a = cpu.x = (cpu.a | UNSTABLE_MAGIC) & cpu.read(ea);
    cpu.p = setNZ(cpu.p, cpu.a);
  },

  // ---- stores ----
  STA: (cpu, ea) => {
    cpu.write(ea, cpu.a);
  },
  STX: (cpu, ea) => {
    cpu.write(ea, cpu.x);
  },
  STY: (cpu, ea) => {
    cpu.write(ea, cpu.y);
  },
  SAX: (cpu, ea) => {
    cpu.write(ea, cpu.a & cpu.x);
  },
  SHA: (cpu, ea) => {
    cpu.storeHighAndTarget(ea, cpu.a & cpu.x);
  },
  SHX: (cpu, ea) => {
    cpu.storeHighAndBase(ea, cpu.x);
  },
  SHY: (cpu, ea) => {
    cpu.storeHighAndBase(ea, cpu.y);
  },
  /** TAS: S = A AND X, then store like SHA */
  TAS: (cpu, ea) => {
    cpu.s = cpu.a & cpu.x;
    cpu.storeHighAndTarget(ea, cpu.s);
  },

  // ---- read-modify-write ----
  "ASL A": (cpu) => {
    const r = asl(cpu.a, cpu.p);
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  "LSR A": (cpu) => {
    const r = lsr(cpu.a, cpu.p);
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  "ROL A": (cpu) => {
    const r = rol(cpu.a, cpu.p);
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  "ROR A": (cpu) => {
    const r = ror(cpu.a, cpu.p);
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  ASL: (cpu, ea) => {
    let r = asl(modify(cpu, ea), cpu.p);
    cpu.p = r >> 8;
    cpu.write(ea, r & 0xff);
  },
  LSR: (cpu, ea) => {
    let r = lsr(modify(cpu, ea), cpu.p);
    cpu.p = r >> 8;
    cpu.write(ea, r & 0xff);
  },
  ROL: (cpu, ea) => {
    let r = rol(modify(cpu, ea), cpu.p);
    cpu.p = r >> 8;
    cpu.write(ea, r & 0xff);
  },
  ROR: (cpu, ea) => {
    let r = ror(modify(cpu, ea), cpu.p);
    cpu.p = r >> 8;
    cpu.write(ea, r & 0xff);
  },
  INC: (cpu, ea) => {
    let r = (modify(cpu, ea) + 1) & 0xff;
    cpu.p = setNZ(cpu.p, r);
    cpu.write(ea, r);
  },
  DEC: (cpu, ea) => {
    let r = (modify(cpu, ea) - 1) & 0xff;
    cpu.p = setNZ(cpu.p, r);
    cpu.write(ea, r);
  },
  /** SLO: ASL, then ORA */
  SLO: (cpu, ea) => {
    let r = asl(modify(cpu, ea), cpu.p);
    cpu.write(ea, r & 0xff);
    cpu.a |= r & 0xff;
    cpu.p = setNZ(r >> 8, cpu.a);
  },
  /** RLA: ROL, then AND */
  RLA: (cpu, ea) => {
    let r = rol(modify(cpu, ea), cpu.p);
    cpu.write(ea, r & 0xff);
    cpu.a &= r & 0xff;
    cpu.p = setNZ(r >> 8, cpu.a);
  },
  /** SRE: LSR, then EOR */
  SRE: (cpu, ea) => {
    let r = lsr(modify(cpu, ea), cpu.p);
    cpu.write(ea, r & 0xff);
    cpu.a ^= r & 0xff;
    cpu.p = setNZ(r >> 8, cpu.a);
  },
  /** RRA: ROR, then ADC */
  RRA: (cpu, ea) => {
    let r = ror(modify(cpu, ea), cpu.p);
    cpu.write(ea, r & 0xff);
    cpu.p = r >> 8;
    r = adc(cpu.a, r & 0xff, cpu.p, cpu.decimal());
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },
  /** DCP: DEC, then CMP */
  DCP: (cpu, ea) => {
    let r = (modify(cpu, ea) - 1) & 0xff;
    cpu.write(ea, r);
    cpu.p = compare(cpu.a, r, cpu.p);
  },
  /** ISC: INC, then SBC */
  ISC: (cpu, ea) => {
    let r = (modify(cpu, ea) + 1) & 0xff;
    cpu.write(ea, r);
    r = sbc(cpu.a, r, cpu.p, cpu.decimal());
    cpu.a = r & 0xff;
    cpu.p = r >> 8;
  },

  // ---- implied: flags, transfers, counters ----
  CLC: (cpu) => {
    cpu.p &= ~C;
  },
  SEC: (cpu) => {
    cpu.p |= C;
  },
  CLD: (cpu) => {
    cpu.p &= ~D;
  },
  SED: (cpu) => {
    cpu.p |= D;
  },
  CLV: (cpu) => {
    cpu.p &= ~V;
  },
  CLI: (cpu) => {
    cpu.delayIFlag(cpu.p);
    cpu.p &= ~I;
  },
  SEI: (cpu) => {
    cpu.delayIFlag(cpu.p);
    cpu.p |= I;
  },
  TAX: (cpu) => {
    cpu.x = cpu.a;
    cpu.p = setNZ(cpu.p, cpu.x);
  },
  TAY: (cpu) => {
    cpu.y = cpu.a;
    cpu.p = setNZ(cpu.p, cpu.y);
  },
  TXA: (cpu) => {
    cpu.a = cpu.x;
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  TYA: (cpu) => {
    cpu.a = cpu.y;
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  TSX: (cpu) => {
    cpu.x = cpu.s;
    cpu.p = setNZ(cpu.p, cpu.x);
  },
  TXS: (cpu) => {
    cpu.s = cpu.x;
  },
  INX: (cpu) => {
    cpu.x = (cpu.x + 1) & 0xff;
    cpu.p = setNZ(cpu.p, cpu.x);
  },
  INY: (cpu) => {
    cpu.y = (cpu.y + 1) & 0xff;
    cpu.p = setNZ(cpu.p, cpu.y);
  },
  DEX: (cpu) => {
    cpu.x = (cpu.x - 1) & 0xff;
    cpu.p = setNZ(cpu.p, cpu.x);
  },
  DEY: (cpu) => {
    cpu.y = (cpu.y - 1) & 0xff;
    cpu.p = setNZ(cpu.p, cpu.y);
  },
  NOP: () => {},

  // ---- stack ----
  PHA: (cpu) => {
    cpu.push(cpu.a);
  },
  /** PHP: B set in the pushed copy */
  PHP: (cpu) => {
    cpu.push(cpu.p | B | U);
  },
  PLA: (cpu, ea) => {
    cpu.dummyRead(0x100 | cpu.s);
    cpu.a = cpu.pull();
    cpu.p = setNZ(cpu.p, cpu.a);
  },
  PLP: (cpu, ea) => {
    const old = cpu.p;
    cpu.dummyRead(0x100 | cpu.s);
    cpu.p = (cpu.pull() & ~B) | U;
    cpu.delayIFlag(old);
  },

  // ---- control flow ----
  JMP: (cpu, ea) => {
    cpu.pc = ea;
  },
  /** JSR: low byte, internal stack cycle, push PC (pointing at the high byte), high byte */
  JSR: (cpu, ea) => {
    const lo = cpu.fetch();
    cpu.dummyRead(0x100 | cpu.s);
    cpu.push(cpu.pc >> 8);
    cpu.push(cpu.pc & 0xff);
    cpu.pc = lo | (cpu.read(cpu.pc) << 8);
  },
  RTS: (cpu, ea) => {
    cpu.dummyRead(0x100 | cpu.s);
    const lo = cpu.pull();
    const target = lo | (cpu.pull() << 8);
    cpu.dummyRead(target);
    cpu.pc = (target + 1) & 0xffff;
  },
  RTI: (cpu, ea) => {
    cpu.dummyRead(0x100 | cpu.s);
    cpu.p = (cpu.pull() & ~B) | U;
    const lo = cpu.pull();
    cpu.pc = lo | (cpu.pull() << 8);
  },
  /** BRK: the padding byte was read by the implied stage; skip it */
  BRK: (cpu, ea) => {
    cpu.pc = (cpu.pc + 1) & 0xffff;
    cpu.push(cpu.pc >> 8);
    cpu.push(cpu.pc & 0xff);
    cpu.push(cpu.p | B | U);
    cpu.p |= I;
    const lo = cpu.read(0xfffe);
    cpu.pc = lo | (cpu.read(0xffff) << 8);
  },
  BPL: (cpu, ea) => {
    cpu.branch((cpu.p & N) === 0, ea);
  },
  BMI: (cpu, ea) => {
    cpu.branch((cpu.p & N) !== 0, ea);
  },
  BVC: (cpu, ea) => {
    cpu.branch((cpu.p & V) === 0, ea);
  },
  BVS: (cpu, ea) => {
    cpu.branch((cpu.p & V) !== 0, ea);
  },
  BCC: (cpu, ea) => {
    cpu.branch((cpu.p & C) === 0, ea);
  },
  BCS: (cpu, ea) => {
    cpu.branch((cpu.p & C) !== 0, ea);
  },
  BNE: (cpu, ea) => {
    cpu.branch((cpu.p & Z) === 0, ea);
  },
  BEQ: (cpu, ea) => {
    cpu.branch((cpu.p & Z) !== 0, ea);
  },
  /** JAM: halt with PC on the opcode */
  JAM: (cpu) => {
    cpu.halted = true;
    cpu.pc = (cpu.pc - 1) & 0xffff;
  },
};
