/**
 * 128-bit Advanced SIMD ops (Q = 1), Arm ARM C7.2:
 *   ADD/SUB/MUL Vd.T (T = 16B/8H/4S/2D by size<22:23>; MUL has no 2D)
 *   FADD/FSUB/FMUL/FDIV Vd.4S/2D (sz at bit 22)
 *   AND/ORR/EOR Vd.16B; MOV = ORR Vd, Vn, Vn
 *   SHL/USHR/SSHR #s with immh:immb = esize + s (SHL) or 2*esize - s (right)
 */
import type { EjitError } from "../errors.js";
import { Lane, laneNames, type InsOf, type VecArithOp, type VecBitOp, type VecShiftOp } from "../ir.js";
import type { Emitter } from "./emitter.js";

/** Integer lane opcodes (size added at bit 22); 0 = no integer form. */
const INT_OPS: Readonly<Record<VecArithOp, number>> = {
  vadd: 0x4e208400,
  vsub: 0x6e208400,
  vmul: 0x4e209c00,
  vdiv: 0,
};
/** Floating-point opcodes (sz = 1 for 2D at bit 22). */
const FP_OPS: Readonly<Record<VecArithOp, number>> = {
  vadd: 0x4e20d400,
  vsub: 0x4ea0d400,
  vmul: 0x6e20dc00,
  vdiv: 0x6e20fc00,
};
const BIT_OPS: Readonly<Record<VecBitOp, number>> = {
  vand: 0x4e201c00,
  vor: 0x4ea01c00,
  vxor: 0x6e201c00,
};
const ORR_16B = 0x4ea01c00;
const SHL = 0x4f005400;
const USHR = 0x6f000400;
const SSHR = 0x4f000400;

function vvv(e: Emitter, op: number, d: number, n: number, m: number): void {
  e.emit(op | (m << 16) | (n << 5) | d);
}

function unsupportedLane(e: Emitter, op: string, lane: Lane): EjitError {
  const name = laneNames[lane] ?? String(lane);
  return e.fail("unsupported", `${op} has no ${name} form on AArch64`);
}

export function encodeVecArith(e: Emitter, ins: InsOf<VecArithOp>): EjitError | undefined {
  const err = e.vreg(ins.d) ?? e.vreg(ins.a) ?? e.vreg(ins.b);
  if (err) return err;
  const { op, lane } = ins;
  if (lane === Lane.F32 || lane === Lane.F64) {
    vvv(e, FP_OPS[op] | (lane === Lane.F64 ? 1 << 22 : 0), ins.d, ins.a, ins.b);
    return undefined;
  }
  const base = INT_OPS[op];
  if (base === 0 || !(lane >= Lane.I8 && lane <= Lane.I64) || (op === "vmul" && lane === Lane.I64)) {
    return unsupportedLane(e, op, lane);
  }
  vvv(e, (base | (lane << 22)) >>> 0, ins.d, ins.a, ins.b);
  return undefined;
}

export function encodeVecBit(e: Emitter, ins: InsOf<VecBitOp>): EjitError | undefined {
  const err = e.vreg(ins.d) ?? e.vreg(ins.a) ?? e.vreg(ins.b);
  if (err) return err;
  vvv(e, BIT_OPS[ins.op], ins.d, ins.a, ins.b);
  return undefined;
}

export function encodeVecMov(e: Emitter, ins: InsOf<"vmov">): EjitError | undefined {
  const err = e.vreg(ins.d) ?? e.vreg(ins.a);
  if (err) return err;
  if (ins.d !== ins.a) vvv(e, ORR_16B, ins.d, ins.a, ins.a);
  return undefined;
}

/**
 * Shifts by 0..esize-1 (the range x86-64 accepts too); a right shift by 0
 * has no encoding (USHR/SSHR take 1..esize) and is a move.
 */
export function encodeVecShift(e: Emitter, ins: InsOf<VecShiftOp>): EjitError | undefined {
  const err = e.vreg(ins.d) ?? e.vreg(ins.a);
  if (err) return err;
  const { op, lane, imm, d, a } = ins;
  if (!(lane >= Lane.I8 && lane <= Lane.I64)) return unsupportedLane(e, op, lane);
  const esize = 8 << lane;
  if (!Number.isInteger(imm) || imm < 0 || imm >= esize) {
    return e.fail("immediate-out-of-range", `${op} amount ${imm} is not in 0..${esize - 1}`);
  }
  if (op === "vshli") {
    e.emit(SHL | ((esize + imm) << 16) | (a << 5) | d);
  } else if (imm === 0) {
    if (d !== a) vvv(e, ORR_16B, d, a, a);
  } else {
    e.emit((op === "vshri" ? USHR : SSHR) | ((2 * esize - imm) << 16) | (a << 5) | d);
  }
  return undefined;
}
