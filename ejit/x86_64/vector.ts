/**
 * 128-bit vector ops for x86-64 with SSE2 only (no AVX, no SSE4.1), from the
 * SDM vol. 2 (MOVDQU, MOVAPS, PADDx, PSUBx, PMULLW, PMULUDQ, PSHUFD,
 * PUNPCKLDQ, ADDPS/PD, SUBPS/PD, MULPS/PD, DIVPS/PD, PAND, POR, PXOR,
 * PSLLx/PSRLx/PSRAx imm8).
 *
 * SSE is two-operand (`op xmm_d, xmm_src`), so `d = a op b` becomes
 * `movaps d, a; op d, b`; when d == b a commutative integer op uses
 * `op d, a`, and anything else computes in xmm15 then copies. Float ops are
 * treated as non-commutative so that a NaN result keeps coming from `a`.
 * i32 multiply has no SSE2 instruction (pmulld is SSE4.1): it is built from
 * two pmuludq on the even and odd lanes (see `mulI32`).
 */
import { ejitError, type EjitError } from "../errors.js";
import { laneNames, type Ins, type InsOf, type VecArithOp, type VecBitOp, type VecShiftOp } from "../ir.js";
import { X86_HW } from "../regs.js";
import { checkAddress, checkRange, checkVReg } from "./check.js";
import { Emitter, XSCRATCH, type Encoder } from "./emitter.js";

const HW = X86_HW;

/**
 * Per op, per lane (i8 i16 i32 i64 f32 f64): mandatory prefix << 16 | opcode,
 * 0 when the op is not available on that lane type. i32 mul is special-cased.
 */
const P66 = 0x66 << 16;
const ARITH: { readonly [K in VecArithOp]: readonly number[] } = {
  vadd: [P66 | 0x0ffc, P66 | 0x0ffd, P66 | 0x0ffe, P66 | 0x0fd4, 0x0f58, P66 | 0x0f58],
  vsub: [P66 | 0x0ff8, P66 | 0x0ff9, P66 | 0x0ffa, P66 | 0x0ffb, 0x0f5c, P66 | 0x0f5c],
  vmul: [0, P66 | 0x0fd5, P66 | 0x0ff4, 0, 0x0f59, P66 | 0x0f59],
  vdiv: [0, 0, 0, 0, 0x0f5e, P66 | 0x0f5e],
};
const F32 = 4;
const I32 = 2;

/** pand / por / pxor. */
const BITWISE: { readonly [K in VecBitOp]: number } = { vand: 0x0fdb, vor: 0x0feb, vxor: 0x0fef };

/** Shift-by-immediate: opcode per lane (i16 71, i32 72, i64 73; 0 = none) and the /digit. */
const SHIFT_OP: { readonly [K in VecShiftOp]: readonly number[] } = {
  vshli: [0, 0x0f71, 0x0f72, 0x0f73, 0, 0],
  vshri: [0, 0x0f71, 0x0f72, 0x0f73, 0, 0],
  vsari: [0, 0x0f71, 0x0f72, 0, 0, 0],
};
const SHIFT_DIGIT: { readonly [K in VecShiftOp]: number } = { vshli: 6, vshri: 2, vsari: 4 };
const LANE_BITS: readonly number[] = [8, 16, 32, 64, 32, 64];

const PSHUFD = 0x0f70, PMULUDQ = 0x0ff4, PUNPCKLDQ = 0x0f62;

/** `op d, src` with a packed prefix+opcode from the tables above. */
function sse(e: Emitter, packed: number, d: number, src: number): void {
  e.rr(packed >>> 16, 0, packed & 0xffff, d, src);
}

function pshufd(e: Emitter, d: number, src: number, order: number): void {
  e.rr(0x66, 0, PSHUFD, d, src);
  e.byte(order);
}

/**
 * d = a * b on i32 lanes with SSE2: pmuludq multiplies the even lanes (0, 2)
 * into 64-bit products; the odd lanes are brought down with pshufd 0xB1 (swap
 * the halves of each qword: its own inverse, so b is swapped in place and
 * swapped back). The low halves of both products are then interleaved.
 */
function mulI32(e: Emitter, d: number, a: number, b: number): void {
  const x = XSCRATCH;
  if (d === b && a !== b) {
    b = a; // multiplication commutes: make d alias a, never b
    a = d;
  }
  pshufd(e, x, a, 0xb1);
  if (a === b) {
    sse(e, P66 | PMULUDQ, x, x);
    e.movaps(d, a);
    sse(e, P66 | PMULUDQ, d, d);
  } else {
    pshufd(e, b, b, 0xb1);
    sse(e, P66 | PMULUDQ, x, b);
    pshufd(e, b, b, 0xb1);
    e.movaps(d, a);
    sse(e, P66 | PMULUDQ, d, b);
  }
  pshufd(e, d, d, 0x08);
  pshufd(e, x, x, 0x08);
  sse(e, P66 | PUNPCKLDQ, d, x);
}

/** d = a op b for a two-operand SSE op. */
function binary(e: Emitter, packed: number, commutative: boolean, d: number, a: number, b: number): void {
  if (d === a) sse(e, packed, d, b);
  else if (d === b) {
    if (commutative) sse(e, packed, d, a);
    else {
      e.movaps(XSCRATCH, a);
      sse(e, packed, XSCRATCH, b);
      e.movaps(d, XSCRATCH);
    }
  } else {
    e.movaps(d, a);
    sse(e, packed, d, b);
  }
}

function unsupportedLane(ins: Ins, lane: number, i: number): EjitError {
  const name = laneNames[lane] ?? String(lane);
  return ejitError("unsupported", `${ins.op} on ${name} lanes is not available on x86-64 (SSE2)`, i, ins);
}

function arith(e: Emitter, ins: InsOf<VecArithOp>, i: number): EjitError | undefined {
  const err = checkVReg(ins.d, i, ins) ?? checkVReg(ins.a, i, ins) ?? checkVReg(ins.b, i, ins);
  if (err !== undefined) return err;
  const lane = ins.lane;
  const packed = ARITH[ins.op][lane];
  if (packed === undefined || packed === 0) return unsupportedLane(ins, lane, i);
  const d = ins.d, a = ins.a, b = ins.b;
  if (ins.op === "vmul" && lane === I32) mulI32(e, d, a, b);
  else binary(e, packed, lane < F32 && (ins.op === "vadd" || ins.op === "vmul"), d, a, b);
  return undefined;
}

function bitwise(e: Emitter, ins: InsOf<VecBitOp>, i: number): EjitError | undefined {
  const err = checkVReg(ins.d, i, ins) ?? checkVReg(ins.a, i, ins) ?? checkVReg(ins.b, i, ins);
  if (err !== undefined) return err;
  const packed = P66 | BITWISE[ins.op];
  if (ins.op === "vxor" && ins.a === ins.b) sse(e, packed, ins.d, ins.d); // pxor d, d: zero
  else binary(e, packed, true, ins.d, ins.a, ins.b);
  return undefined;
}

function shift(e: Emitter, ins: InsOf<VecShiftOp>, i: number): EjitError | undefined {
  const err = checkVReg(ins.d, i, ins) ?? checkVReg(ins.a, i, ins);
  if (err !== undefined) return err;
  const op = SHIFT_OP[ins.op][ins.lane];
  if (op === undefined || op === 0) return unsupportedLane(ins, ins.lane, i);
  const rangeErr = checkRange(ins.imm, 0, LANE_BITS[ins.lane]! - 1, "vector shift amount", i, ins);
  if (rangeErr !== undefined) return rangeErr;
  e.movaps(ins.d, ins.a);
  if (ins.imm !== 0) {
    e.rr(0x66, 0, op, SHIFT_DIGIT[ins.op], ins.d);
    e.byte(ins.imm);
  }
  return undefined;
}

const vmov: Encoder<"vmov"> = (e, ins, i) => {
  const err = checkVReg(ins.d, i, ins) ?? checkVReg(ins.a, i, ins);
  if (err !== undefined) return err;
  e.movaps(ins.d, ins.a);
  return undefined;
};

/** movdqu xmm, m128 (F3 0F 6F) and movdqu m128, xmm (F3 0F 7F): no alignment required. */
const vld: Encoder<"vld"> = (e, ins, i) => {
  const err = checkVReg(ins.d, i, ins) ?? checkAddress(ins.base, ins.index, ins.shift, ins.imm, i, ins);
  if (err !== undefined) return err;
  e.mem(0xf3, 0, 0x0f6f, ins.d, HW[ins.base]!, ins.index < 0 ? -1 : HW[ins.index]!, ins.shift, ins.imm);
  return undefined;
};

const vst: Encoder<"vst"> = (e, ins, i) => {
  const err = checkVReg(ins.s, i, ins) ?? checkAddress(ins.base, ins.index, ins.shift, ins.imm, i, ins);
  if (err !== undefined) return err;
  e.mem(0xf3, 0, 0x0f7f, ins.s, HW[ins.base]!, ins.index < 0 ? -1 : HW[ins.index]!, ins.shift, ins.imm);
  return undefined;
};

export const vectorEncoders: { [K in VecArithOp | VecBitOp | VecShiftOp | "vmov" | "vld" | "vst"]: Encoder<K> } = {
  vadd: arith, vsub: arith, vmul: arith, vdiv: arith,
  vand: bitwise, vor: bitwise, vxor: bitwise,
  vshli: shift, vshri: shift, vsari: shift,
  vmov, vld, vst,
};
