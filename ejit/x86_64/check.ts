/**
 * Operand checks shared by the x86-64 encoders. Each returns an `EjitError`
 * naming the instruction, or undefined when the operand is fine; the fast
 * path is one comparison so that checking costs next to nothing per op.
 *
 * Register rules (see `ejit/regs.ts`): R0..R13 are general registers, R14 is
 * the stack pointer (allowed as a load/store base, and in `mov`, `addi`,
 * `subi`), R15 (r11) is the encoder's scratch; V0..V14 are xmm0..xmm14 and
 * V15 (xmm15) is the encoder's scratch.
 */
import { ejitError, type EjitError } from "../errors.js";
import type { Ins } from "../ir.js";

/** Ejit register number of the stack pointer and of the scratch register. */
export const SP_REG = 14;
export const RESERVED_REG = 15;
export const RESERVED_VREG = 15;
/** Labels are small integers; this bounds the label table. */
export const MAX_LABEL = 1 << 20;

function describe(r: number): string {
  return typeof r === "number" ? String(r) : typeof r;
}

function regError(r: number, allowSp: boolean, i: number, ins: Ins): EjitError {
  if (r === RESERVED_REG) {
    return ejitError("reserved-register", `R${r} (r11) is reserved as the encoder's scratch register`, i, ins);
  }
  if (r === SP_REG && !allowSp) {
    return ejitError("bad-register", `the stack pointer R${r} is not allowed in ${ins.op}`, i, ins);
  }
  return ejitError("bad-register", `bad integer register ${describe(r)} (R0..R14)`, i, ins);
}

/** An integer register R0..R13, or R14 (SP) too when `allowSp`. */
export function checkReg(r: number, allowSp: boolean, i: number, ins: Ins): EjitError | undefined {
  if (r >>> 0 === r && (r < SP_REG || (allowSp && r === SP_REG))) return undefined;
  return regError(r, allowSp, i, ins);
}

/** A vector register V0..V14. */
export function checkVReg(v: number, i: number, ins: Ins): EjitError | undefined {
  if (v >>> 0 === v && v < RESERVED_VREG) return undefined;
  if (v === RESERVED_VREG) {
    return ejitError("reserved-register", `V${v} (xmm15) is reserved as the encoder's scratch register`, i, ins);
  }
  return ejitError("bad-register", `bad vector register ${describe(v)} (V0..V14)`, i, ins);
}

/** A signed 32-bit immediate or displacement. */
export function checkI32(x: number, i: number, ins: Ins): EjitError | undefined {
  if ((x | 0) === x) return undefined;
  return ejitError("immediate-out-of-range", `immediate ${String(x)} is not a signed 32-bit integer`, i, ins);
}

/** An integer in lo..hi (shift amounts, scale shifts). */
export function checkRange(x: number, lo: number, hi: number, what: string, i: number, ins: Ins): EjitError | undefined {
  if ((x | 0) === x && x >= lo && x <= hi) return undefined;
  return ejitError("immediate-out-of-range", `${what} ${String(x)} is outside ${lo}..${hi}`, i, ins);
}

/** A label number 0..MAX_LABEL-1. */
export function checkLabel(label: number, i: number, ins: Ins): EjitError | undefined {
  if (label >>> 0 === label && label < MAX_LABEL) return undefined;
  return ejitError("missing-label", `label ${String(label)} is not an integer in 0..${MAX_LABEL - 1}`, i, ins);
}

/**
 * The memory operand of ld/st/vld/vst: base R0..R14 (SP allowed), optional
 * index R0..R13 (rsp cannot be an index), shift 0..3, signed 32-bit imm.
 */
export function checkAddress(base: number, index: number, shift: number, imm: number, i: number, ins: Ins): EjitError | undefined {
  return (
    checkReg(base, true, i, ins) ??
    (index === -1 ? undefined : checkReg(index, false, i, ins)) ??
    checkRange(shift, 0, 3, "index shift", i, ins) ??
    checkI32(imm, i, ins)
  );
}
