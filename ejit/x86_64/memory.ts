/**
 * Loads, stores and the stack frame for x86-64.
 *
 * Loads (SDM vol. 2: MOVZX, MOVSX, MOVSXD, MOV): u8/u16 use movzx into the
 * 32-bit register (a 32-bit write clears bits 63..32), u32 a 32-bit mov,
 * s8/s16/s32 sign-extend to 64 bits, u64 a 64-bit mov. Stores write the low
 * 1/2/4/8 bytes (88, 66 89, 89, REX.W 89); a byte store from rsi/rdi gets an
 * empty REX so it names sil/dil.
 *
 * Frames (System V: rsp is 16-byte aligned at a call, so it is 8 mod 16 on
 * entry): `enter` pushes the saved registers in order, then subtracts
 * `frame` plus 8 when the pushes left rsp 8 mod 16; `leave` undoes it.
 */
import { ejitError, type EjitError } from "../errors.js";
import type { InsOf, Ins, R } from "../ir.js";
import { X86_HW, x86_64Regs } from "../regs.js";
import { checkAddress, checkReg } from "./check.js";
import { Emitter, RSP, W, fitsI8, type Encoder } from "./emitter.js";

const HW = X86_HW;

/** Per `Type` (u8 s8 u16 s16 u32 s32 u64): load opcode and REX.W. */
const LOAD_OP: readonly number[] = [0x0fb6, 0x0fbe, 0x0fb7, 0x0fbf, 0x8b, 0x63, 0x8b];
const LOAD_W: readonly number[] = [0, W, 0, W, 0, W, W];
/** Per `Type`: store opcode, operand-size prefix and REX.W. */
const STORE_OP: readonly number[] = [0x88, 0x88, 0x89, 0x89, 0x89, 0x89, 0x89];
const STORE_PREFIX: readonly number[] = [0, 0, 0x66, 0x66, 0, 0, 0];
const STORE_W: readonly number[] = [0, 0, 0, 0, 0, 0, W];

function badType(ins: Ins, ty: number, i: number): EjitError {
  return ejitError("unsupported", `unknown load/store type ${String(ty)}`, i, ins);
}

const ld: Encoder<"ld"> = (e, ins, i) => {
  const err = checkReg(ins.d, false, i, ins) ?? checkAddress(ins.base, ins.index, ins.shift, ins.imm, i, ins);
  if (err !== undefined) return err;
  const op = LOAD_OP[ins.ty];
  if (op === undefined) return badType(ins, ins.ty, i);
  e.mem(0, LOAD_W[ins.ty]!, op, HW[ins.d]!, HW[ins.base]!, ins.index < 0 ? -1 : HW[ins.index]!, ins.shift, ins.imm);
  return undefined;
};

const st: Encoder<"st"> = (e, ins, i) => {
  const err = checkReg(ins.s, false, i, ins) ?? checkAddress(ins.base, ins.index, ins.shift, ins.imm, i, ins);
  if (err !== undefined) return err;
  const ty = ins.ty;
  const op = STORE_OP[ty];
  if (op === undefined) return badType(ins, ty, i);
  const index = ins.index < 0 ? -1 : HW[ins.index]!;
  e.mem(STORE_PREFIX[ty]!, STORE_W[ty]!, op, HW[ins.s]!, HW[ins.base]!, index, ins.shift, ins.imm, op === 0x88);
  return undefined;
};

/** Bit mask of the callee-saved Ejit registers. */
const CALLEE_SAVED_MASK = x86_64Regs.CALLEE_SAVED.reduce((m, r) => m | (1 << r), 0);
/** Largest frame accepted (keeps frame + 8 a signed 32-bit immediate). */
const MAX_FRAME = 0x7fffff00;

/** Validate enter/leave operands; returns the rsp adjustment below the pushes. */
function frameAdjust(ins: InsOf<"enter" | "leave">, i: number): number | EjitError {
  const { frame, saved } = ins;
  if ((frame | 0) !== frame || frame < 0 || frame % 16 !== 0 || frame > MAX_FRAME) {
    return ejitError("bad-frame", `frame size ${String(frame)} is not a multiple of 16 in 0..${MAX_FRAME}`, i, ins);
  }
  let seen = 0;
  for (let k = 0; k < saved.length; k++) {
    const r: R = saved[k]!;
    const bit = r >>> 0 === r && r < 31 ? 1 << r : 0;
    if ((bit & CALLEE_SAVED_MASK) === 0) {
      return ejitError("bad-frame", `R${String(r)} is not a callee-saved register (R8..R13)`, i, ins);
    }
    if ((seen & bit) !== 0) return ejitError("bad-frame", `R${r} is saved twice`, i, ins);
    seen |= bit;
  }
  return frame + (saved.length % 2 === 0 ? 8 : 0);
}

/** `sub rsp, n` / `add rsp, n` (83 /5 ib or 81 /5 id). */
function adjustRsp(e: Emitter, digit: number, n: number): void {
  if (n === 0) return;
  if (fitsI8(n)) {
    e.rr(0, W, 0x83, digit, RSP);
    e.byte(n);
  } else {
    e.rr(0, W, 0x81, digit, RSP);
    e.u32(n);
  }
}

const enter: Encoder<"enter"> = (e, ins, i) => {
  const adjust = frameAdjust(ins, i);
  if (typeof adjust !== "number") return adjust;
  for (let k = 0; k < ins.saved.length; k++) e.push(HW[ins.saved[k]!]!);
  adjustRsp(e, 5, adjust);
  return undefined;
};

const leave: Encoder<"leave"> = (e, ins, i) => {
  const adjust = frameAdjust(ins, i);
  if (typeof adjust !== "number") return adjust;
  adjustRsp(e, 0, adjust);
  for (let k = ins.saved.length - 1; k >= 0; k--) e.pop(HW[ins.saved[k]!]!);
  return undefined;
};

export const memoryEncoders: { [K in "ld" | "st" | "enter" | "leave"]: Encoder<K> } = { ld, st, enter, leave };
