/**
 * Control flow, frames and data:
 *   B.cond imm19, B imm26, CSEL, BLR, BR, RET, ADR (Arm ARM C6.2)
 *   enter: STP x29, x30, [sp, #-16]!; MOV x29, sp; STP pairs of saved
 *          registers (pre-indexed); SUB sp, sp, #frame. leave: the reverse.
 */
import type { EjitError } from "../errors.js";
import type { Cond, InsOf, R } from "../ir.js";
import { Fixup, SP, type Emitter } from "./emitter.js";
import { emitAddConst } from "./immediates.js";

/** AArch64 condition code per IR Cond: eq ne lt le gt ge lo ls hi hs. */
const COND_CODE: readonly number[] = [0x0, 0x1, 0xb, 0xd, 0xc, 0xa, 0x3, 0x9, 0x8, 0x2];

const B_COND = 0x54000000;
const B = 0x14000000;
const CSEL = 0x9a800000;
const BLR = 0xd63f0000;
const BR = 0xd61f0000;
const RET = 0xd65f03c0;
const ADR = 0x10000000;

const PUSH_FP_LR = 0xa9bf7bfd; // stp x29, x30, [sp, #-16]!
const MOV_FP_SP = 0x910003fd; // mov x29, sp
const POP_FP_LR = 0xa8c17bfd; // ldp x29, x30, [sp], #16
const STP_PRE_16 = 0xa9bf03e0; // stp Xt1, Xt2, [sp, #-16]!
const LDP_POST_16 = 0xa8c103e0; // ldp Xt1, Xt2, [sp], #16
const STR_PRE_16 = 0xf81f0fe0; // str Xt, [sp, #-16]!
const LDR_POST_16 = 0xf84107e0; // ldr Xt, [sp], #16

/** Largest frame `enter` accepts (SUB imm12 LSL #12 pair covers 24 bits). */
const MAX_FRAME = 0xfffff0;

function condCode(e: Emitter, cond: Cond): number | EjitError {
  const code = COND_CODE[cond];
  return code === undefined ? e.fail("unsupported", `unknown condition ${cond}`) : code;
}

export function encodeLabel(e: Emitter, ins: InsOf<"label">): EjitError | undefined {
  return e.defineLabel(ins.label);
}

export function encodeBranch(e: Emitter, ins: InsOf<"b">): EjitError | undefined {
  const code = condCode(e, ins.cond);
  if (typeof code !== "number") return code;
  return e.emitFixup(B_COND | code, ins.label, Fixup.Cond19);
}

export function encodeJump(e: Emitter, ins: InsOf<"jmp">): EjitError | undefined {
  return e.emitFixup(B, ins.label, Fixup.Branch26);
}

export function encodeAddr(e: Emitter, ins: InsOf<"addr">): EjitError | undefined {
  return e.gpr(ins.d) ?? e.emitFixup(ADR | ins.d, ins.label, Fixup.Adr21);
}

export function encodeSelect(e: Emitter, ins: InsOf<"select">): EjitError | undefined {
  const err = e.gpr(ins.d) ?? e.gpr(ins.a) ?? e.gpr(ins.b);
  if (err) return err;
  const code = condCode(e, ins.cond);
  if (typeof code !== "number") return code;
  e.emit(CSEL | (ins.b << 16) | (code << 12) | (ins.a << 5) | ins.d);
  return undefined;
}

export function encodeCall(e: Emitter, ins: InsOf<"call">): EjitError | undefined {
  return e.gpr(ins.r) ?? void e.emit(BLR | (ins.r << 5));
}

export function encodeBr(e: Emitter, ins: InsOf<"br">): EjitError | undefined {
  return e.gpr(ins.r) ?? void e.emit(BR | (ins.r << 5));
}

export function encodeRet(e: Emitter): EjitError | undefined {
  e.emit(RET);
  return undefined;
}

export function encodeData(e: Emitter, ins: InsOf<"data">): EjitError | undefined {
  e.emitBytes(ins.bytes);
  return undefined;
}

export function encodeAlign(e: Emitter, ins: InsOf<"align">): EjitError | undefined {
  const n = ins.n;
  if (!Number.isInteger(n) || n < 1 || n > 65536 || (n & (n - 1)) !== 0) {
    return e.fail("immediate-out-of-range", `align ${n} is not a power of two in 1..65536`);
  }
  e.align(n);
  return undefined;
}

function checkFrame(e: Emitter, frame: number, saved: readonly R[]): EjitError | undefined {
  if (!Number.isInteger(frame) || frame < 0 || frame % 16 !== 0 || frame > MAX_FRAME) {
    return e.fail("bad-frame", `frame ${frame} is not a multiple of 16 in 0..${MAX_FRAME}`);
  }
  for (let k = 0; k < saved.length; k++) {
    const err = e.gpr(saved[k]!);
    if (err) return err;
    for (let j = 0; j < k; j++) {
      if (saved[j] === saved[k]) return e.fail("bad-frame", `x${saved[k]} is saved twice`);
    }
  }
  return undefined;
}

export function encodeEnter(e: Emitter, ins: InsOf<"enter">): EjitError | undefined {
  const { frame, saved } = ins;
  const err = checkFrame(e, frame, saved);
  if (err) return err;
  e.emit(PUSH_FP_LR);
  e.emit(MOV_FP_SP);
  let k = 0;
  for (; k + 1 < saved.length; k += 2) e.emit(STP_PRE_16 | (saved[k + 1]! << 10) | saved[k]!);
  if (k < saved.length) e.emit(STR_PRE_16 | saved[k]!);
  if (frame > 0) emitAddConst(e, SP, SP, -frame);
  return undefined;
}

export function encodeLeave(e: Emitter, ins: InsOf<"leave">): EjitError | undefined {
  const { frame, saved } = ins;
  const err = checkFrame(e, frame, saved);
  if (err) return err;
  if (frame > 0) emitAddConst(e, SP, SP, frame);
  let k = saved.length - (saved.length & 1);
  if (k < saved.length) e.emit(LDR_POST_16 | saved[k]!);
  for (k -= 2; k >= 0; k -= 2) e.emit(LDP_POST_16 | (saved[k + 1]! << 10) | saved[k]!);
  e.emit(POP_FP_LR);
  return undefined;
}
