/**
 * Integer ALU ops for x86-64: the IR's three-operand forms lowered onto the
 * machine's two-operand instructions (Intel SDM vol. 2: ADD, SUB, AND, OR,
 * XOR, IMUL, DIV, IDIV, SHL/SHR/SAR, NOT, NEG, LEA, CMOVcc, CMP, TEST, MOV).
 *
 * Lowering rules, with d, a, b the IR operands:
 * - d == a: one instruction `op d, b`.
 * - d == b: commutative ops use `op d, a`; `sub` becomes `neg d; add d, a`.
 * - otherwise `mov d, a; op d, b`, except `add`/`addi`/`subi`, which become
 *   one `lea` (flags are undefined after ALU ops, so lea is allowed).
 * - shifts by a register go through cl whatever the registers are, keeping
 *   rcx intact unless it is d (r11 holds the displaced value).
 * - udiv/sdiv go through rax:rdx (pushed and popped unless d is one of them),
 *   with the divisor in r11; by zero gives 0, sdiv(MIN, -1) gives MIN.
 */
import { ejitError, type EjitError } from "../errors.js";
import type { BinImmOp, BinOp, InsOf, UnOp } from "../ir.js";
import { X86_HW } from "../regs.js";
import { checkI32, checkRange, checkReg } from "./check.js";
import { Emitter, RAX, RCX, RDX, SCRATCH, W, fitsI8, type Encoder } from "./emitter.js";

const HW = X86_HW;

/** Group-1 ModRM digits (SDM "Opcode /digit"): add=0 or=1 and=4 sub=5 xor=6 cmp=7. */
const ADD = 0, OR = 1, AND = 4, SUB = 5, XOR = 6, CMP = 7;
/** Group-2 (shift) digits. */
const SHL = 4, SHR = 5, SAR = 7;
/** x86 condition-code nibble of each `Cond` (eq ne slt sle sgt sge ult ule ugt uge). */
export const CC: readonly number[] = [0x4, 0x5, 0xc, 0xe, 0xf, 0xd, 0x2, 0x6, 0x7, 0x3];

/** `op r/m64, r64` for group-1 digit (opcode digit*8+1, MR form). */
function aluRR(e: Emitter, digit: number, dst: number, src: number): void {
  e.rr(0, W, (digit << 3) | 1, src, dst);
}

/** `op r64, simm32` with the imm8 form (83) when it fits and the short rax form (05+8*digit). */
function aluImm(e: Emitter, digit: number, dst: number, imm: number): void {
  if (fitsI8(imm)) {
    e.rr(0, W, 0x83, digit, dst);
    e.byte(imm);
  } else if (dst === RAX) {
    e.byte(0x48);
    e.byte((digit << 3) | 5);
    e.u32(imm);
  } else {
    e.rr(0, W, 0x81, digit, dst);
    e.u32(imm);
  }
}

/** `xor r32, r32`: zero a register (upper half cleared by the 32-bit write). */
function zero(e: Emitter, r: number): void {
  e.rr(0, 0, 0x31, r, r);
}

/** `shift r64, imm` (D1 for 1, C1 ib otherwise, nothing for 0). */
function shiftImm(e: Emitter, digit: number, r: number, imm: number): void {
  if (imm === 1) e.rr(0, W, 0xd1, digit, r);
  else if (imm !== 0) {
    e.rr(0, W, 0xc1, digit, r);
    e.byte(imm);
  }
}

/** d = a (shift) (b & 63) through cl, preserving rcx unless it is d. */
function shiftByReg(e: Emitter, digit: number, d: number, a: number, b: number): void {
  if (b === RCX) {
    if (d !== RCX) {
      e.mov64(d, a);
      e.rr(0, W, 0xd3, digit, d);
    } else if (a === RCX) {
      e.rr(0, W, 0xd3, digit, RCX);
    } else {
      e.mov64(SCRATCH, a);
      e.rr(0, W, 0xd3, digit, SCRATCH);
      e.mov64(RCX, SCRATCH);
    }
  } else if (d === RCX) {
    e.mov64(SCRATCH, a);
    e.mov64(RCX, b);
    e.rr(0, W, 0xd3, digit, SCRATCH);
    e.mov64(RCX, SCRATCH);
  } else {
    e.mov64(SCRATCH, RCX);
    e.mov64(RCX, b);
    e.mov64(d, a === RCX ? SCRATCH : a);
    e.rr(0, W, 0xd3, digit, d);
    e.mov64(RCX, SCRATCH);
  }
}

/**
 * Division core, dividend in rax, divisor in r11:
 * unsigned: xor edx,edx; test r11,r11; cmovz rax,rdx (a/0 = 0); jz +3; div r11
 */
const UDIV_CORE = Uint8Array.of(0x31, 0xd2, 0x4d, 0x85, 0xdb, 0x48, 0x0f, 0x44, 0xc2, 0x74, 0x03, 0x49, 0xf7, 0xf3);
/**
 * signed: lea rdx,[r11+1]; cmp rdx,1; jbe +7 (divisor 0 or -1); cqo; idiv r11;
 * jmp +4; imul rax,r11 (a*0 = 0 and a*-1 = -a, which wraps MIN to MIN).
 */
const SDIV_CORE = Uint8Array.of(
  0x49, 0x8d, 0x53, 0x01, 0x48, 0x83, 0xfa, 0x01, 0x76, 0x07, 0x48, 0x99, 0x49, 0xf7, 0xfb, 0xeb, 0x04, 0x49, 0x0f, 0xaf, 0xc3,
);

/** d = a / b through rax:rdx (see the file comment). */
function divide(e: Emitter, signed: boolean, d: number, a: number, b: number): void {
  const saveRax = d !== RAX, saveRdx = d !== RDX;
  e.mov64(SCRATCH, b);
  if (saveRax) e.push(RAX);
  if (saveRdx) e.push(RDX);
  e.mov64(RAX, a);
  const core = signed ? SDIV_CORE : UDIV_CORE;
  e.buf.set(core, e.pos);
  e.pos += core.length;
  e.mov64(d, RAX);
  if (saveRdx) e.pop(RDX);
  if (saveRax) e.pop(RAX);
}

type BinIns = InsOf<BinOp>;

function check3(ins: BinIns, i: number): EjitError | undefined {
  return checkReg(ins.d, false, i, ins) ?? checkReg(ins.a, false, i, ins) ?? checkReg(ins.b, false, i, ins);
}

/** add: `add d, b` / `add d, a`, or one `lea d, [a + b]` (rbp/r13 as index, not base, when possible). */
function add(e: Emitter, ins: BinIns, i: number): EjitError | undefined {
  const err = check3(ins, i);
  if (err !== undefined) return err;
  const d = HW[ins.d]!, a = HW[ins.a]!, b = HW[ins.b]!;
  if (d === a) aluRR(e, ADD, d, b);
  else if (d === b) aluRR(e, ADD, d, a);
  else if ((a & 7) === 5 && (b & 7) !== 5) e.mem(0, W, 0x8d, d, b, a, 0, 0);
  else e.mem(0, W, 0x8d, d, a, b, 0, 0);
  return undefined;
}

/** sub: a == b is `xor d32, d32`; d == b is `neg d; add d, a`. */
function sub(e: Emitter, ins: BinIns, i: number): EjitError | undefined {
  const err = check3(ins, i);
  if (err !== undefined) return err;
  const d = HW[ins.d]!, a = HW[ins.a]!, b = HW[ins.b]!;
  if (a === b) zero(e, d);
  else if (d === a) aluRR(e, SUB, d, b);
  else if (d === b) {
    e.rr(0, W, 0xf7, 3, d); // neg d
    aluRR(e, ADD, d, a);
  } else {
    e.mov64(d, a);
    aluRR(e, SUB, d, b);
  }
  return undefined;
}

/** and/or/xor (commutative); `xor d, a, a` is the zero idiom, `and/or d, a, a` a move. */
function logic(e: Emitter, ins: BinIns, i: number, digit: number): EjitError | undefined {
  const err = check3(ins, i);
  if (err !== undefined) return err;
  const d = HW[ins.d]!, a = HW[ins.a]!, b = HW[ins.b]!;
  if (a === b) {
    if (digit === XOR) zero(e, d);
    else e.mov64(d, a);
  } else if (d === b) aluRR(e, digit, d, a);
  else {
    e.mov64(d, a);
    aluRR(e, digit, d, b);
  }
  return undefined;
}

/** mul: imul r64, r/m64 (0F AF). */
function mul(e: Emitter, ins: BinIns, i: number): EjitError | undefined {
  const err = check3(ins, i);
  if (err !== undefined) return err;
  const d = HW[ins.d]!, a = HW[ins.a]!, b = HW[ins.b]!;
  if (d === b) e.rr(0, W, 0x0faf, d, a);
  else {
    e.mov64(d, a);
    e.rr(0, W, 0x0faf, d, b);
  }
  return undefined;
}

function shift(e: Emitter, ins: BinIns, i: number, digit: number): EjitError | undefined {
  const err = check3(ins, i);
  if (err !== undefined) return err;
  shiftByReg(e, digit, HW[ins.d]!, HW[ins.a]!, HW[ins.b]!);
  return undefined;
}

function div(e: Emitter, ins: BinIns, i: number, signed: boolean): EjitError | undefined {
  const err = check3(ins, i);
  if (err !== undefined) return err;
  divide(e, signed, HW[ins.d]!, HW[ins.a]!, HW[ins.b]!);
  return undefined;
}

type ImmIns = InsOf<BinImmOp>;

/** addi/subi: `add/sub d, imm` when d == a, else one `lea d, [a +/- imm]` (SP allowed in both). */
function addImm(e: Emitter, ins: ImmIns, i: number, isAdd: boolean): EjitError | undefined {
  const err = checkReg(ins.d, true, i, ins) ?? checkReg(ins.a, true, i, ins) ?? checkI32(ins.imm, i, ins);
  if (err !== undefined) return err;
  const d = HW[ins.d]!, a = HW[ins.a]!, imm = ins.imm;
  if (imm === 0) e.mov64(d, a);
  else if (d === a) aluImm(e, isAdd ? ADD : SUB, d, imm);
  else if (isAdd || imm !== -0x80000000) e.mem(0, W, 0x8d, d, a, -1, 0, isAdd ? imm : -imm); // lea
  else {
    e.mov64(d, a);
    aluImm(e, SUB, d, imm);
  }
  return undefined;
}

/** andi/ori/xori: `mov d, a; op d, simm` (imm8 form 83 when it fits). */
function logicImm(e: Emitter, ins: ImmIns, i: number, digit: number): EjitError | undefined {
  const err = checkReg(ins.d, false, i, ins) ?? checkReg(ins.a, false, i, ins) ?? checkI32(ins.imm, i, ins);
  if (err !== undefined) return err;
  const d = HW[ins.d]!;
  e.mov64(d, HW[ins.a]!);
  aluImm(e, digit, d, ins.imm);
  return undefined;
}

/** shli/shri/sari: `mov d, a; shift d, imm` with imm 0..63. */
function shiftByImm(e: Emitter, ins: ImmIns, i: number, digit: number): EjitError | undefined {
  const err = checkReg(ins.d, false, i, ins) ?? checkReg(ins.a, false, i, ins) ?? checkRange(ins.imm, 0, 63, "shift amount", i, ins);
  if (err !== undefined) return err;
  const d = HW[ins.d]!;
  e.mov64(d, HW[ins.a]!);
  shiftImm(e, digit, d, ins.imm);
  return undefined;
}

/** muli: imul r64, r/m64, imm8 (6B) or imm32 (69): three operands natively. */
function muli(e: Emitter, ins: ImmIns, i: number): EjitError | undefined {
  const err = checkReg(ins.d, false, i, ins) ?? checkReg(ins.a, false, i, ins) ?? checkI32(ins.imm, i, ins);
  if (err !== undefined) return err;
  const d = HW[ins.d]!, a = HW[ins.a]!, imm = ins.imm;
  if (fitsI8(imm)) {
    e.rr(0, W, 0x6b, d, a);
    e.byte(imm);
  } else {
    e.rr(0, W, 0x69, d, a);
    e.u32(imm);
  }
  return undefined;
}

function unary(e: Emitter, ins: InsOf<UnOp>, i: number): EjitError | undefined {
  const spOk = ins.op === "mov";
  const err = checkReg(ins.d, spOk, i, ins) ?? checkReg(ins.a, spOk, i, ins);
  if (err !== undefined) return err;
  const d = HW[ins.d]!, a = HW[ins.a]!;
  e.mov64(d, a);
  if (ins.op === "not") e.rr(0, W, 0xf7, 2, d);
  else if (ins.op === "neg") e.rr(0, W, 0xf7, 3, d);
  return undefined;
}

const TWO_POW_32 = 4294967296;

/**
 * movi: `mov r32, imm32` (B8+r, zero-extends) when the value is 0..2^32-1,
 * `mov r64, simm32` (C7 /0) when it is a sign-extended 32-bit value, else
 * `movabs r64, imm64` (REX.W B8+r). None of them touches the flags.
 */
function movi(e: Emitter, ins: InsOf<"movi">, i: number): EjitError | undefined {
  const err = checkReg(ins.d, false, i, ins);
  if (err !== undefined) return err;
  const v = ins.imm;
  let lo: number, hi: number;
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < -9223372036854775808 || v >= 18446744073709551616) return badMovi(v, i, ins);
    hi = Math.floor(v / TWO_POW_32);
    lo = v - hi * TWO_POW_32;
    hi >>>= 0;
  } else if (typeof v === "bigint") {
    if (v < -0x8000000000000000n || v > 0xffffffffffffffffn) return badMovi(v, i, ins);
    const u = BigInt.asUintN(64, v);
    lo = Number(u & 0xffffffffn);
    hi = Number(u >> 32n);
  } else return badMovi(v, i, ins);
  const d = HW[ins.d]!;
  if (hi === 0) {
    if (d >= 8) e.byte(0x41);
    e.byte(0xb8 | (d & 7));
    e.u32(lo);
  } else if (hi === 0xffffffff && lo >= 0x80000000) {
    e.rr(0, W, 0xc7, 0, d);
    e.u32(lo);
  } else {
    e.byte(0x48 | (d >>> 3));
    e.byte(0xb8 | (d & 7));
    e.u32(lo);
    e.u32(hi);
  }
  return undefined;
}

function badMovi(v: unknown, i: number, ins: InsOf<"movi">): EjitError {
  return ejitError("immediate-out-of-range", `movi value ${String(v)} is not a 64-bit integer`, i, ins);
}

function cmp(e: Emitter, ins: InsOf<"cmp">, i: number): EjitError | undefined {
  const err = checkReg(ins.a, false, i, ins) ?? checkReg(ins.b, false, i, ins);
  if (err !== undefined) return err;
  aluRR(e, CMP, HW[ins.a]!, HW[ins.b]!);
  return undefined;
}

/** cmpi a, 0 is `test a, a`: the same ZF/SF, and CF=OF=0 as cmp with 0 gives. */
function cmpi(e: Emitter, ins: InsOf<"cmpi">, i: number): EjitError | undefined {
  const err = checkReg(ins.a, false, i, ins) ?? checkI32(ins.imm, i, ins);
  if (err !== undefined) return err;
  const a = HW[ins.a]!;
  if (ins.imm === 0) e.rr(0, W, 0x85, a, a);
  else aluImm(e, CMP, a, ins.imm);
  return undefined;
}

/** d = cond ? a : b with CMOVcc (0F 40+cc); `mov` keeps the flags for it. */
function select(e: Emitter, ins: InsOf<"select">, i: number): EjitError | undefined {
  const err = checkReg(ins.d, false, i, ins) ?? checkReg(ins.a, false, i, ins) ?? checkReg(ins.b, false, i, ins);
  if (err !== undefined) return err;
  const cc = CC[ins.cond];
  if (cc === undefined) return ejitError("unsupported", `unknown condition ${String(ins.cond)}`, i, ins);
  const d = HW[ins.d]!, a = HW[ins.a]!, b = HW[ins.b]!;
  if (a === b) e.mov64(d, a);
  else if (d === a) e.rr(0, W, 0x0f40 | (cc ^ 1), d, b);
  else {
    e.mov64(d, b);
    e.rr(0, W, 0x0f40 | cc, d, a);
  }
  return undefined;
}

export const aluEncoders: { [K in BinOp | BinImmOp | UnOp | "movi" | "cmp" | "cmpi" | "select"]: Encoder<K> } = {
  add, sub, mul,
  and: (e, ins, i) => logic(e, ins, i, AND),
  or: (e, ins, i) => logic(e, ins, i, OR),
  xor: (e, ins, i) => logic(e, ins, i, XOR),
  shl: (e, ins, i) => shift(e, ins, i, SHL),
  shr: (e, ins, i) => shift(e, ins, i, SHR),
  sar: (e, ins, i) => shift(e, ins, i, SAR),
  udiv: (e, ins, i) => div(e, ins, i, false),
  sdiv: (e, ins, i) => div(e, ins, i, true),
  addi: (e, ins, i) => addImm(e, ins, i, true),
  subi: (e, ins, i) => addImm(e, ins, i, false),
  andi: (e, ins, i) => logicImm(e, ins, i, AND),
  ori: (e, ins, i) => logicImm(e, ins, i, OR),
  xori: (e, ins, i) => logicImm(e, ins, i, XOR),
  shli: (e, ins, i) => shiftByImm(e, ins, i, SHL),
  shri: (e, ins, i) => shiftByImm(e, ins, i, SHR),
  sari: (e, ins, i) => shiftByImm(e, ins, i, SAR),
  muli,
  not: unary, neg: unary, mov: unary,
  movi, cmp, cmpi, select,
};
