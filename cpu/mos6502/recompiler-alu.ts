/**
 * Translation of the 6502's data instructions: loads, stores, AND ORA EOR,
 * binary ADC/SBC, compares, BIT, shifts and rotates, INC/DEC, the register
 * increments, transfers and flag instructions, the undocumented NOPs and
 * the undocumented read-modify-write combinations (SLO RLA SRE RRA DCP ISC),
 * LAX/SAX and the immediate ANC ALR SBX. Semantics are the interpreter's (execute.ts, alu.ts); flags
 * go to the NZ/C/V registers (jit-state.ts) only when `c.live` says
 * something reads them.
 *
 * SBC is ADC of the operand's complement (A - M - !C = A + ~M + C), which
 * gives the binary flags exactly. On a chip with decimal mode, ADC SBC RRA
 * ISC test D at run time (unless a CLD in the block cleared it) and run a
 * native NMOS decimal path when it is set, with the flags alu.ts computes:
 * ADC's Z from the binary sum, N and V from the intermediate result, C
 * from the decimal one; SBC's flags all binary.
 */
import { Cond, Ins, Type, type Label, type R } from "../../ejit/index.js";
import { effectiveAddress, guardStore, loadOperand, storeOperand } from "./recompiler-address.js";
import { NEEDS_INTERPRETER, type Mos6502EmitContext } from "./recompiler-context.js";
import { JitOffset } from "./jit-state.js";
import { Mode, type OpInfo } from "./table.js";

/** M into T1 (memory operand) or, for immediates, undefined (use `operand`). */
function readM(c: Mos6502EmitContext, info: OpInfo, operand: number): R | undefined {
  if (info.mode === Mode.Imm) {
    if (c.dynamicOperand < 0) return undefined;
    c.loadConst(c.T1, c.dynamicOperand); // a dynamic immediate: the byte after the opcode, read now
    return c.T1;
  }
  const ea = effectiveAddress(c, info, operand);
  loadOperand(c, ea, c.T1);
  return c.T1;
}

/** A = A + M + C with the binary flags; M in `m` or the constant `imm` (already complemented for SBC). */
function addWithCarry(c: Mos6502EmitContext, m: R | undefined, imm: number): void {
  const { ir, T0, T2, T3, A } = c;
  ir.push(m === undefined ? Ins.addi(T0, A, imm) : Ins.add(T0, A, m), Ins.add(T0, T0, c.C));
  if (c.liveV) {
    // V = bit 7 of (A ^ r) & (M ^ r)
    ir.push(Ins.xor(T2, A, T0), m === undefined ? Ins.xori(T3, T0, imm) : Ins.xor(T3, m, T0), Ins.and(c.V, T2, T3));
  }
  if (c.liveC) ir.push(Ins.shri(c.C, T0, 8));
  ir.push(Ins.andi(A, T0, 0xff));
  c.setNZ(A);
}

/** NMOS decimal ADC of the byte in `m` (T1) to A with C (alu.ts `adc`); uses T0, T2, T3 (lo in T2, hi in T0). */
function addDecimal(c: Mos6502EmitContext, m: R): void {
  const { ir, T0, T2, T3, A, C } = c;
  const e = c.e;
  const l1 = e.newLabel(), l2 = e.newLabel(), l3 = e.newLabel();
  const lo = T2, hi = T0;
  // lo = (A & F) + (M & F) + C, +6 when above 9
  ir.push(Ins.andi(lo, A, 0x0f), Ins.andi(T3, m, 0x0f), Ins.add(lo, lo, T3), Ins.add(lo, lo, C),
    Ins.cmpi(lo, 9), Ins.b(Cond.Ule, l1), Ins.addi(lo, lo, 6), Ins.label(l1));
  // hi = (A >> 4) + (M >> 4) + (lo > F)
  ir.push(Ins.shri(hi, A, 4), Ins.shri(T3, m, 4), Ins.add(hi, hi, T3),
    Ins.cmpi(lo, 0x0f), Ins.b(Cond.Ule, l2), Ins.addi(hi, hi, 1), Ins.label(l2));
  if (c.live & 1) {
    // Z from the binary sum (bit 0 of nz: sum != 0), N from bit 3 of hi (bit 8 of nz)
    ir.push(Ins.add(T3, A, m), Ins.add(T3, T3, C), Ins.andi(T3, T3, 0xff), Ins.addi(T3, T3, 0xff), Ins.shri(T3, T3, 8),
      Ins.andi(c.NZ, hi, 0x08), Ins.shli(c.NZ, c.NZ, 5), Ins.or(c.NZ, c.NZ, T3));
    c.nzClean = false;
  }
  // V = ~(A ^ M) & (A ^ (hi << 4)), bit 7
  if (c.liveV) ir.push(Ins.xor(T3, A, m), Ins.xori(T3, T3, 0xff), Ins.shli(c.V, hi, 4), Ins.xor(c.V, c.V, A), Ins.and(c.V, c.V, T3));
  ir.push(Ins.cmpi(hi, 9), Ins.b(Cond.Ule, l3), Ins.addi(hi, hi, 6), Ins.label(l3));
  // C = hi > F (hi < 48: (hi >> 4) is 0, 1 or 2)
  if (c.liveC) ir.push(Ins.shri(T3, hi, 4), Ins.addi(T3, T3, 1), Ins.shri(C, T3, 1));
  ir.push(Ins.andi(lo, lo, 0x0f), Ins.shli(A, hi, 4), Ins.or(A, A, lo), Ins.andi(A, A, 0xff));
}

/** NMOS decimal SBC of the byte in `m` (T1, not complemented) from A with C (alu.ts `sbc`); uses T0, T2, T3 and clobbers m. */
function subtractDecimal(c: Mos6502EmitContext, m: R): void {
  const { ir, T0, T2, T3, A, C } = c;
  const e = c.e;
  const l1 = e.newLabel(), l2 = e.newLabel();
  // lo = (A & F) - (M & F) - borrow, hi = (A >> 4) - (M >> 4) (signed)
  ir.push(Ins.andi(T0, A, 0x0f), Ins.andi(T2, m, 0x0f), Ins.sub(T0, T0, T2), Ins.xori(T3, C, 1), Ins.sub(T0, T0, T3),
    Ins.shri(T2, A, 4), Ins.shri(T3, m, 4), Ins.sub(T2, T2, T3));
  // lo bit 4 set: lo -= 6, hi -= 1; then hi bit 4 set: hi -= 6
  ir.push(Ins.andi(T3, T0, 0x10), Ins.cmpi(T3, 0), Ins.b(Cond.Eq, l1), Ins.subi(T0, T0, 6), Ins.subi(T2, T2, 1), Ins.label(l1),
    Ins.andi(T3, T2, 0x10), Ins.cmpi(T3, 0), Ins.b(Cond.Eq, l2), Ins.subi(T2, T2, 6), Ins.label(l2),
    Ins.andi(T0, T0, 0x0f), Ins.shli(T2, T2, 4), Ins.or(T2, T2, T0), Ins.andi(T2, T2, 0xff));
  // the binary flags: r = A + ~M + C
  ir.push(Ins.xori(m, m, 0xff), Ins.add(T0, A, m), Ins.add(T0, T0, C));
  if (c.liveV) ir.push(Ins.xor(T3, A, T0), Ins.xor(m, m, T0), Ins.and(c.V, T3, m));
  if (c.liveC) ir.push(Ins.shri(C, T0, 8));
  if (c.live & 1) {
    ir.push(Ins.andi(c.NZ, T0, 0xff));
    c.nzClean = true;
  }
  ir.push(Ins.mov(A, T2));
}

/**
 * ADC or SBC (`subtract`) of M in `m` (T1, as read: not complemented) or
 * the constant `imm`: the binary path, and the decimal one when D may be
 * set (decimalBranch).
 */
function arithmetic(c: Mos6502EmitContext, subtract: boolean, m: R | undefined, imm: number): void {
  const decimal: Label | -1 = c.decimalBranch();
  const cleanBefore = c.nzClean;
  if (m !== undefined && subtract) c.ir.push(Ins.xori(m, m, 0xff));
  addWithCarry(c, m, subtract ? imm ^ 0xff : imm);
  if (decimal === -1) return;
  const cleanBinary = c.nzClean;
  const done = c.e.newLabel();
  // over the decimal path: an always-taken conditional branch (x == x) keeps IR listings free of `jmp`
  c.ir.push(Ins.cmp(c.T0, c.T0), Ins.b(Cond.Eq, done), Ins.label(decimal));
  c.nzClean = cleanBefore;
  const r = m ?? c.T1;
  if (m === undefined) c.ir.push(Ins.movi(r, imm));
  if (subtract) subtractDecimal(c, r);
  else addDecimal(c, r);
  c.ir.push(Ins.label(done));
  c.nzClean = c.nzClean && cleanBinary;
}

/** CMP/CPX/CPY (and DCP's compare): flags of reg - M. */
function compareWith(c: Mos6502EmitContext, reg: R, m: R | undefined, imm: number): void {
  const { ir, T0 } = c;
  if (m === undefined) ir.push(Ins.addi(T0, reg, 0x100 - imm));
  else ir.push(Ins.sub(T0, reg, m), Ins.addi(T0, T0, 0x100));
  if (c.liveC) ir.push(Ins.shri(c.C, T0, 8));
  if (c.live & 1) {
    ir.push(Ins.andi(c.NZ, T0, 0xff));
    c.nzClean = true;
  }
}

/** Shift or rotate the byte in `v` in place (ASL LSR ROL ROR); uses T3 (and T2 for ROR). */
function shift(c: Mos6502EmitContext, mnemonic: string, v: R): void {
  const { ir, T2, T3, C } = c;
  switch (mnemonic) {
    case "ASL":
      if (c.liveC) ir.push(Ins.shri(C, v, 7));
      ir.push(Ins.shli(v, v, 1), Ins.andi(v, v, 0xff));
      return;
    case "LSR":
      if (c.liveC) ir.push(Ins.andi(C, v, 1));
      ir.push(Ins.shri(v, v, 1));
      return;
    case "ROL":
      ir.push(Ins.shli(T3, v, 1), Ins.or(T3, T3, C));
      if (c.liveC) ir.push(Ins.shri(C, v, 7));
      ir.push(Ins.andi(v, T3, 0xff));
      return;
    default: // ROR
      ir.push(Ins.shli(T3, C, 7));
      if (c.liveC) ir.push(Ins.andi(T2, v, 1));
      ir.push(Ins.shri(v, v, 1), Ins.or(v, v, T3));
      if (c.liveC) ir.push(Ins.mov(C, T2));
  }
}

/** The undocumented read-modify-write combinations, after the modify step; v holds the new memory byte. */
function combine(c: Mos6502EmitContext, mnemonic: string, v: R): void {
  const { ir, A } = c;
  switch (mnemonic) {
    case "SLO": ir.push(Ins.or(A, A, v)); c.setNZ(A); return;
    case "RLA": ir.push(Ins.and(A, A, v)); c.setNZ(A); return;
    case "SRE": ir.push(Ins.xor(A, A, v)); c.setNZ(A); return;
    case "RRA": arithmetic(c, false, v, 0); return;
    case "DCP": compareWith(c, A, v, 0); return;
    default: // ISC
      arithmetic(c, true, v, 0);
  }
}

const RMW_SHIFTS = new Set(["ASL", "LSR", "ROL", "ROR"]);
const RMW_COMBINED: Readonly<Record<string, string>> = { SLO: "ASL", RLA: "ROL", SRE: "LSR", RRA: "ROR", DCP: "DEC", ISC: "INC" };

/** Read-modify-write on memory: guard the store, read, modify, write back. */
function readModifyWrite(c: Mos6502EmitContext, info: OpInfo, operand: number): void {
  const { ir, T1 } = c;
  const combined = RMW_COMBINED[info.mnemonic];
  const base = combined ?? info.mnemonic;
  const ea = effectiveAddress(c, info, operand);
  guardStore(c, ea, info, operand);
  loadOperand(c, ea, T1);
  if (RMW_SHIFTS.has(base)) {
    // the shift's C feeds RRA's addition even when C is dead afterwards
    const live = c.live;
    if (combined === "ROR") c.live = live | 2;
    shift(c, base, T1);
    c.live = live;
  } else {
    ir.push(base === "INC" ? Ins.addi(T1, T1, 1) : Ins.subi(T1, T1, 1), Ins.andi(T1, T1, 0xff));
  }
  storeOperand(c, ea, T1);
  if (combined === undefined) c.setNZ(T1);
  else combine(c, info.mnemonic, T1);
}

function registerOf(c: Mos6502EmitContext, letter: string): R {
  return letter === "A" ? c.A : letter === "X" ? c.X : c.Y;
}

/** D in the P slot (CLD/SED). */
function setDecimalFlag(c: Mos6502EmitContext, on: boolean): void {
  const { ir, T0, base } = c;
  ir.push(Ins.ld(Type.U8, T0, base, JitOffset.P), on ? Ins.ori(T0, T0, 0x08) : Ins.andi(T0, T0, 0xf7), Ins.st(Type.U8, T0, base, JitOffset.P));
  c.decimalClear = !on;
}

/**
 * Emit a data instruction; returns 0 when done, NEEDS_INTERPRETER when it
 * is not one this file translates (nothing emitted).
 */
export function translateData(c: Mos6502EmitContext, info: OpInfo, operand: number): number {
  const { ir, A, X, Y, S } = c;
  const m = info.mnemonic;
  switch (m) {
    case "LDA": case "LDX": case "LDY": case "LAX": {
      const d = m === "LAX" ? A : registerOf(c, m[2]!);
      if (info.mode === Mode.Imm) {
        if (c.dynamicOperand >= 0) c.loadConst(d, c.dynamicOperand);
        else ir.push(Ins.movi(d, operand));
      } else loadOperand(c, effectiveAddress(c, info, operand), d);
      if (m === "LAX") ir.push(Ins.mov(X, A));
      c.setNZ(d);
      return 0;
    }
    case "STA": case "STX": case "STY": case "SAX": {
      const ea = effectiveAddress(c, info, operand);
      guardStore(c, ea, info, operand);
      let s = m === "SAX" ? c.T1 : registerOf(c, m[2]!);
      if (m === "SAX") ir.push(Ins.and(s, A, X));
      storeOperand(c, ea, s);
      return 0;
    }
    case "AND": case "ORA": case "EOR": {
      const v = readM(c, info, operand);
      if (v === undefined) ir.push(m === "AND" ? Ins.andi(A, A, operand) : m === "ORA" ? Ins.ori(A, A, operand) : Ins.xori(A, A, operand));
      else ir.push(m === "AND" ? Ins.and(A, A, v) : m === "ORA" ? Ins.or(A, A, v) : Ins.xor(A, A, v));
      c.setNZ(A);
      return 0;
    }
    case "ADC": case "SBC":
      arithmetic(c, m === "SBC", readM(c, info, operand), operand);
      return 0;
    case "CMP": case "CPX": case "CPY":
      compareWith(c, m === "CMP" ? A : registerOf(c, m[2]!), readM(c, info, operand), operand);
      return 0;
    case "BIT": {
      const v = readM(c, info, operand)!;
      const { T0, T2 } = c;
      if (c.live & 1) {
        // N from M bit 7 (kept in bit 8 too, so N=1 Z=1 is 0x100), Z from A AND M
        ir.push(Ins.andi(T0, v, 0x80), Ins.shli(T0, T0, 1), Ins.and(T2, A, v), Ins.or(c.NZ, T0, T2));
        c.nzClean = false;
      }
      if (c.liveV) ir.push(Ins.shli(c.V, v, 1)); // M bit 6 into V's bit 7
      return 0;
    }
    case "ASL": case "LSR": case "ROL": case "ROR":
      if (info.mode === Mode.Acc) {
        shift(c, m, A);
        c.setNZ(A);
      } else {
        readModifyWrite(c, info, operand);
      }
      return 0;
    case "INC": case "DEC": case "SLO": case "RLA": case "SRE": case "RRA": case "DCP": case "ISC":
      readModifyWrite(c, info, operand);
      return 0;
    case "INX": case "INY": case "DEX": case "DEY": {
      const r = m[2] === "X" ? X : Y;
      ir.push(m[0] === "I" ? Ins.addi(r, r, 1) : Ins.subi(r, r, 1), Ins.andi(r, r, 0xff));
      c.setNZ(r);
      return 0;
    }
    case "TAX": ir.push(Ins.mov(X, A)); c.setNZ(X); return 0;
    case "TAY": ir.push(Ins.mov(Y, A)); c.setNZ(Y); return 0;
    case "TXA": ir.push(Ins.mov(A, X)); c.setNZ(A); return 0;
    case "TYA": ir.push(Ins.mov(A, Y)); c.setNZ(A); return 0;
    case "TSX": ir.push(Ins.mov(X, S)); c.setNZ(X); return 0;
    case "TXS": ir.push(Ins.mov(S, X)); return 0;
    case "CLC": ir.push(Ins.movi(c.C, 0)); return 0;
    case "SEC": ir.push(Ins.movi(c.C, 1)); return 0;
    case "CLV": ir.push(Ins.movi(c.V, 0)); return 0;
    case "CLD": setDecimalFlag(c, false); return 0;
    case "SED": setDecimalFlag(c, true); return 0;
    case "ANC": // AND #imm, then C = N
      ir.push(Ins.andi(A, A, operand));
      c.setNZ(A);
      if (c.liveC) ir.push(Ins.shri(c.C, A, 7));
      return 0;
    case "ALR": // AND #imm, then LSR A
      ir.push(Ins.andi(A, A, operand));
      if (c.liveC) ir.push(Ins.andi(c.C, A, 1));
      ir.push(Ins.shri(A, A, 1));
      c.setNZ(A);
      return 0;
    case "SBX": // X = (A AND X) - imm, flags as CMP
      ir.push(Ins.and(X, A, X));
      compareWith(c, X, undefined, operand);
      ir.push(Ins.subi(X, X, operand), Ins.andi(X, X, 0xff));
      return 0;
    case "NOP":
      // the undocumented NOPs read their operand: invisible on RAM, but abs,X pays a page crossing
      if (info.mode === Mode.Abx) effectiveAddress(c, info, operand);
      return 0;
    default:
      return NEEDS_INTERPRETER;
  }
}
