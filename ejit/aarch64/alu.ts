/**
 * Integer ALU ops, all on 64-bit X registers (sf = 1). Encodings from the
 * Arm ARM, "Data Processing -- Register" and "-- Immediate":
 *   ADD/SUB/AND/ORR/EOR (shifted register)  Xd, Xn, Xm
 *   LSLV/LSRV/ASRV (amount mod 64), MADD (MUL), UDIV/SDIV (x/0 = 0)
 *   UBFM/SBFM for immediate shifts, ORN (MVN), SUB from XZR (NEG)
 *   SUBS/ADDS to XZR (CMP/CMN), register or imm12
 * Only CMP/CMN write NZCV; nothing else here does.
 */
import type { EjitError } from "../errors.js";
import type { BinImmOp, BinOp, InsOf, R } from "../ir.js";
import { SP, X16, type Emitter } from "./emitter.js";
import { emitAddConst, emitMovConst, emitMovSigned32, encodeBitmask, imm32Error, isImm32, constHalves, splitConst } from "./immediates.js";

/** Register-register opcodes: base | Rm << 16 | Rn << 5 | Rd. */
const REG_OPS: Readonly<Record<BinOp, number>> = {
  add: 0x8b000000,
  sub: 0xcb000000,
  and: 0x8a000000,
  or: 0xaa000000,
  xor: 0xca000000,
  shl: 0x9ac02000,
  shr: 0x9ac02400,
  sar: 0x9ac02800,
  mul: 0x9b007c00,
  udiv: 0x9ac00800,
  sdiv: 0x9ac00c00,
};

/** Logical immediates: base | N:immr:imms << 10 | Rn << 5 | Rd. */
const LOGICAL_IMM: Readonly<Partial<Record<BinImmOp, number>>> = {
  andi: 0x92000000,
  ori: 0xb2000000,
  xori: 0xd2000000,
};

const REG_FOR_IMM: Readonly<Record<BinImmOp, number>> = {
  addi: REG_OPS.add,
  subi: REG_OPS.sub,
  andi: REG_OPS.and,
  ori: REG_OPS.or,
  xori: REG_OPS.xor,
  shli: REG_OPS.shl,
  shri: REG_OPS.shr,
  sari: REG_OPS.sar,
  muli: REG_OPS.mul,
};

const UBFM = 0xd3400000;
const SBFM = 0x93400000;
const ORR_REG = 0xaa000000;
const ADD_IMM = 0x91000000;
const ORN_XZR = 0xaa2003e0;
const SUB_XZR = 0xcb0003e0;
const SUBS_IMM_XZR = 0xf100001f;
const ADDS_IMM_XZR = 0xb100001f;
const SUBS_REG_XZR = 0xeb00001f;

function rrr(e: Emitter, op: number, d: number, n: number, m: number): void {
  e.emit(op | (m << 16) | (n << 5) | d);
}

/** Xd = Xn (ORR from XZR, or ADD #0 when either side is SP); nothing when d == n. */
export function emitMov(e: Emitter, d: number, n: number): void {
  if (d === n) return;
  if (d === SP || n === SP) e.emit(ADD_IMM | (n << 5) | d);
  else rrr(e, ORR_REG, d, 31, n);
}

export function encodeBin(e: Emitter, ins: InsOf<BinOp>): EjitError | undefined {
  const err = e.gpr(ins.d) ?? e.gpr(ins.a) ?? e.gpr(ins.b);
  if (err) return err;
  rrr(e, REG_OPS[ins.op], ins.d, ins.a, ins.b);
  return undefined;
}

export function encodeBinImm(e: Emitter, ins: InsOf<BinImmOp>): EjitError | undefined {
  const { op, d, a, imm } = ins;
  const sp = op === "addi" || op === "subi";
  const err = sp ? (e.gprOrSp(d) ?? e.gprOrSp(a)) : (e.gpr(d) ?? e.gpr(a));
  if (err) return err;
  if (!isImm32(imm)) return imm32Error(e, imm);
  if ((imm === 0 || imm === 1 || imm === -1) && emitTrivialImm(e, op, d, a, imm)) return undefined;
  switch (op) {
    case "addi":
      emitAddConst(e, d, a, imm);
      return undefined;
    case "subi":
      emitAddConst(e, d, a, -imm);
      return undefined;
    case "shli":
    case "shri":
    case "sari":
      if (imm < 0 || imm > 63) return e.fail("immediate-out-of-range", `shift amount ${imm} is not in 0..63`);
      emitShiftImm(e, op, d, a, imm);
      return undefined;
    case "muli":
      if (imm > 0 && (imm & (imm - 1)) === 0) {
        emitShiftImm(e, "shli", d, a, 31 - Math.clz32(imm));
        return undefined;
      }
      break;
    case "andi":
    case "ori":
    case "xori": {
      const bitmask = encodeBitmask(imm < 0 ? 0xffffffff : 0, imm >>> 0);
      if (bitmask >= 0) {
        e.emit(LOGICAL_IMM[op]! | (bitmask << 10) | (a << 5) | d);
        return undefined;
      }
      break;
    }
  }
  emitMovSigned32(e, X16, imm);
  rrr(e, REG_FOR_IMM[op], d, a, X16);
  return undefined;
}

const MOVZ_ZERO = 0xd2800000;
const MOVN_ZERO = 0x92800000;

/**
 * Identities and absorbing values of and/or/xor/mul with 0, 1 and -1 (all
 * ones): one instruction (or none) instead of materialising the immediate.
 */
function emitTrivialImm(e: Emitter, op: BinImmOp, d: number, a: number, imm: 0 | 1 | -1): boolean {
  switch (op) {
    case "andi":
      if (imm === 0) e.emit(MOVZ_ZERO | d);
      else if (imm === -1) emitMov(e, d, a);
      else return false;
      return true;
    case "ori":
      if (imm === 0) emitMov(e, d, a);
      else if (imm === -1) e.emit(MOVN_ZERO | d);
      else return false;
      return true;
    case "xori":
      if (imm === 0) emitMov(e, d, a);
      else if (imm === -1) e.emit(ORN_XZR | (a << 16) | d);
      else return false;
      return true;
    case "muli":
      if (imm === 0) e.emit(MOVZ_ZERO | d);
      else if (imm === 1) emitMov(e, d, a);
      else e.emit(SUB_XZR | (a << 16) | d);
      return true;
    default:
      return false;
  }
}

/** LSL/LSR/ASR #s as UBFM/SBFM aliases (Arm ARM C6.2: LSL = UBFM #(-s mod 64), #(63 - s)). */
function emitShiftImm(e: Emitter, op: "shli" | "shri" | "sari", d: number, n: number, s: number): void {
  if (op === "shli") {
    e.emit(UBFM | (((64 - s) & 63) << 16) | ((63 - s) << 10) | (n << 5) | d);
  } else {
    e.emit((op === "shri" ? UBFM : SBFM) | (s << 16) | (63 << 10) | (n << 5) | d);
  }
}

export function encodeUnary(e: Emitter, ins: InsOf<"not" | "neg" | "mov">): EjitError | undefined {
  if (ins.op === "mov") {
    const err = e.gprOrSp(ins.d) ?? e.gprOrSp(ins.a);
    if (err) return err;
    emitMov(e, ins.d, ins.a);
    return undefined;
  }
  const err = e.gpr(ins.d) ?? e.gpr(ins.a);
  if (err) return err;
  e.emit((ins.op === "not" ? ORN_XZR : SUB_XZR) | (ins.a << 16) | ins.d);
  return undefined;
}

export function encodeMovi(e: Emitter, ins: InsOf<"movi">): EjitError | undefined {
  const err = e.gpr(ins.d);
  if (err) return err;
  if (!splitConst(ins.imm)) {
    return e.fail("immediate-out-of-range", `movi ${String(ins.imm)} does not fit in 64 bits`);
  }
  emitMovConst(e, ins.d, constHalves.hi, constHalves.lo);
  return undefined;
}

export function encodeCmp(e: Emitter, ins: InsOf<"cmp">): EjitError | undefined {
  const err = e.gpr(ins.a) ?? e.gpr(ins.b);
  if (err) return err;
  rrr(e, SUBS_REG_XZR, 0, ins.a, ins.b);
  return undefined;
}

/** CMP #imm12{, LSL #12}, CMN for negatives, else CMP against x16. */
export function encodeCmpi(e: Emitter, ins: InsOf<"cmpi">): EjitError | undefined {
  const a: R = ins.a;
  const imm = ins.imm;
  const err = e.gpr(a);
  if (err) return err;
  if (!isImm32(imm)) return imm32Error(e, imm);
  const magnitude = imm < 0 ? -imm : imm;
  const op = imm < 0 ? ADDS_IMM_XZR : SUBS_IMM_XZR;
  if (magnitude < 0x1000) {
    e.emit(op | (magnitude << 10) | (a << 5));
  } else if ((magnitude & 0xfff) === 0 && magnitude < 0x1000000) {
    e.emit(op | (1 << 22) | ((magnitude >>> 12) << 10) | (a << 5));
  } else {
    emitMovConst(e, X16, imm < 0 ? 0xffffffff : 0, imm >>> 0);
    rrr(e, SUBS_REG_XZR, 0, a, X16);
  }
  return undefined;
}
