/**
 * Loads and stores, integer and 128-bit vector, with the effective address
 * base + (index << shift) + imm. Addressing forms (Arm ARM C3.3, "Loads and
 * stores"), best first:
 *   [Xn|SP, #uimm12 * size]       unsigned scaled offset
 *   [Xn|SP, #simm9]               LDUR/STUR unscaled
 *   [Xn|SP, Xm{, LSL #log2 size}] register offset (shift 0 or log2 size)
 * Anything else computes the address (or the offset) into x16/x17 first.
 */
import type { EjitError } from "../errors.js";
import { Type, type InsOf, type R } from "../ir.js";
import { SP, X16, X17, type Emitter } from "./emitter.js";
import { emitMovSigned32, imm32Error, isImm32 } from "./immediates.js";

/**
 * Unsigned-offset opcodes per IR Type (bits 31:22 incl. size and opc);
 * the other forms are derived from these. Loads: LDRB, LDRSB (X), LDRH,
 * LDRSH (X), LDR (W), LDRSW, LDR (X). Stores: STRB, STRH, STR (W), STR (X).
 */
const LOAD_UIMM: readonly number[] = [0x39400000, 0x39800000, 0x79400000, 0x79800000, 0xb9400000, 0xb9800000, 0xf9400000];
const STORE_UIMM: readonly number[] = [0x39000000, 0x39000000, 0x79000000, 0x79000000, 0xb9000000, 0xb9000000, 0xf9000000];
/** log2 of the access size per Type. */
const SIZE_LOG2: readonly number[] = [0, 0, 1, 1, 2, 2, 3];
/** LDR/STR (SIMD&FP, 128-bit) unsigned offset. */
const LOAD_Q_UIMM = 0x3dc00000;
const STORE_Q_UIMM = 0x3d800000;

/** Clearing bit 24 turns the unsigned-offset form into the 9-bit unscaled one. */
const UNSCALED_MASK = ~0x01000000;
/** Register-offset form: bit 21 set, option = 011 (LSL), bits 11:10 = 10. */
const REG_OFFSET_BITS = 0x00206800;
const ADD_SHIFTED = 0x8b000000;
const ADD_EXT_UXTX = 0x8b206000;

/**
 * Emit one access `uimmOp` of 2^sizeLog2 bytes of register t at
 * base + (index << shift) + imm. `base` may be SP, `index` -1 for none.
 */
export function emitAccess(
  e: Emitter,
  uimmOp: number,
  sizeLog2: number,
  t: number,
  base: number,
  index: number,
  shift: number,
  imm: number,
): void {
  if (index >= 0) {
    if (imm === 0 && (shift === 0 || shift === sizeLog2)) {
      emitRegOffset(e, uimmOp, t, base, index, shift !== 0);
      return;
    }
    // x16 = base + (index << shift); SP as base needs the extended-register ADD.
    const add = base === SP ? ADD_EXT_UXTX | (shift << 10) : ADD_SHIFTED | (shift << 10);
    e.emit(add | (index << 16) | (base << 5) | X16);
    base = X16;
  }
  if (imm >= 0 && (imm & ((1 << sizeLog2) - 1)) === 0 && imm >>> sizeLog2 < 0x1000) {
    e.emit(uimmOp | ((imm >>> sizeLog2) << 10) | (base << 5) | t);
  } else if (imm >= -256 && imm < 256) {
    e.emit((uimmOp & UNSCALED_MASK) | ((imm & 0x1ff) << 12) | (base << 5) | t);
  } else {
    const offset = base === X16 ? X17 : X16;
    emitMovSigned32(e, offset, imm);
    emitRegOffset(e, uimmOp, t, base, offset, false);
  }
}

function emitRegOffset(e: Emitter, uimmOp: number, t: number, base: number, index: number, scaled: boolean): void {
  const word = (uimmOp & UNSCALED_MASK) | REG_OFFSET_BITS | (scaled ? 1 << 12 : 0);
  e.emit(word | (index << 16) | (base << 5) | t);
}

function checkAddress(e: Emitter, base: R, index: R | -1, shift: number, imm: number): EjitError | undefined {
  const err = e.gprOrSp(base) ?? (index === -1 ? undefined : e.gpr(index));
  if (err) return err;
  if (!Number.isInteger(shift) || shift < 0 || shift > 3 || (index === -1 && shift !== 0)) {
    return e.fail("immediate-out-of-range", `index shift ${shift} is not in 0..3`);
  }
  return isImm32(imm) ? undefined : imm32Error(e, imm);
}

function checkType(e: Emitter, ty: Type): EjitError | undefined {
  return ty >= Type.U8 && ty <= Type.U64 && Number.isInteger(ty) ? undefined : e.fail("unsupported", `unknown load/store type ${ty}`);
}

export function encodeLoad(e: Emitter, ins: InsOf<"ld">): EjitError | undefined {
  const err = checkType(e, ins.ty) ?? e.gpr(ins.d) ?? checkAddress(e, ins.base, ins.index, ins.shift, ins.imm);
  if (err) return err;
  emitAccess(e, LOAD_UIMM[ins.ty]!, SIZE_LOG2[ins.ty]!, ins.d, ins.base, ins.index, ins.shift, ins.imm);
  return undefined;
}

export function encodeStore(e: Emitter, ins: InsOf<"st">): EjitError | undefined {
  const err = checkType(e, ins.ty) ?? e.gpr(ins.s) ?? checkAddress(e, ins.base, ins.index, ins.shift, ins.imm);
  if (err) return err;
  emitAccess(e, STORE_UIMM[ins.ty]!, SIZE_LOG2[ins.ty]!, ins.s, ins.base, ins.index, ins.shift, ins.imm);
  return undefined;
}

export function encodeVecLoad(e: Emitter, ins: InsOf<"vld">): EjitError | undefined {
  const err = e.vreg(ins.d) ?? checkAddress(e, ins.base, ins.index, ins.shift, ins.imm);
  if (err) return err;
  emitAccess(e, LOAD_Q_UIMM, 4, ins.d, ins.base, ins.index, ins.shift, ins.imm);
  return undefined;
}

export function encodeVecStore(e: Emitter, ins: InsOf<"vst">): EjitError | undefined {
  const err = e.vreg(ins.s) ?? checkAddress(e, ins.base, ins.index, ins.shift, ins.imm);
  if (err) return err;
  emitAccess(e, STORE_Q_UIMM, 4, ins.s, ins.base, ins.index, ins.shift, ins.imm);
  return undefined;
}
