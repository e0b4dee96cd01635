/**
 * Control flow, labels and inline data for x86-64.
 *
 * Branches: Jcc rel8 (70+cc) / rel32 (0F 80+cc), JMP rel8 (EB) / rel32 (E9),
 * sized by the relaxation in `labels.ts`. `addr` is `lea r64, [rip+rel32]`
 * (ModRM mod=00 rm=101), so the code is position independent. `call`/`br`
 * are FF /2 and FF /4 on a register, `ret` is C3. `align` pads with the
 * recommended multi-byte NOPs (SDM vol. 2, NOP: "0F 1F /0"), longest first,
 * up to 10 bytes each (the lengths LLVM uses), or with zeros right after data.
 */
import { ejitError, type EjitError } from "../errors.js";
import type { Ins } from "../ir.js";
import { X86_HW } from "../regs.js";
import { CC } from "./alu.js";
import { checkLabel, checkReg } from "./check.js";
import { Emitter, W, type Encoder } from "./emitter.js";
import { ADDR, ALIGN_NOP, ALIGN_ZERO, JCC, JMP, writePadding } from "./labels.js";

const HW = X86_HW;

/**
 * A jump to `label`: `shortOp` rel8 (2 bytes) when the label is placed and
 * near or not placed yet (see labels.ts), else `longOp` (1 or 2 bytes) rel32.
 */
function jump(e: Emitter, kind: number, shortOp: number, longOp: number, label: number, i: number, ins: Ins): EjitError | undefined {
  const err = checkLabel(label, i, ins);
  if (err !== undefined) return err;
  const labels = e.labels;
  const target = labels.offsetOf(label);
  const at = e.pos;
  if (target < 0 || target - (at + 2) >= -128) {
    e.byte(shortOp);
    e.byte(target < 0 ? 0 : target - (at + 2));
    labels.site(kind, at, 2, label, i, target < 0);
  } else {
    if (longOp > 0xff) e.byte(longOp >>> 8);
    e.byte(longOp & 0xff);
    e.u32(target - (e.pos + 4));
    labels.site(kind, at, e.pos - at, label, i, false);
  }
  return undefined;
}

const b: Encoder<"b"> = (e, ins, i) => {
  const cc = CC[ins.cond];
  if (cc === undefined) return ejitError("unsupported", `unknown condition ${String(ins.cond)}`, i, ins);
  return jump(e, JCC, 0x70 | cc, 0x0f80 | cc, ins.label, i, ins);
};

const jmp: Encoder<"jmp"> = (e, ins, i) => jump(e, JMP, 0xeb, 0xe9, ins.label, i, ins);

const label: Encoder<"label"> = (e, ins, i) => {
  const err = checkLabel(ins.label, i, ins);
  if (err !== undefined) return err;
  if (!e.labels.place(ins.label, e.pos)) {
    return ejitError("duplicate-label", `label ${ins.label} is defined twice`, i, ins);
  }
  return undefined;
};

const addr: Encoder<"addr"> = (e, ins, i) => {
  const err = checkReg(ins.d, false, i, ins) ?? checkLabel(ins.label, i, ins);
  if (err !== undefined) return err;
  const d = HW[ins.d]!;
  const at = e.pos;
  e.byte(W | 0x40 | ((d & 8) >>> 1));
  e.byte(0x8d);
  e.byte(((d & 7) << 3) | 5);
  const target = e.labels.offsetOf(ins.label);
  e.u32(target < 0 ? 0 : target - (e.pos + 4));
  e.labels.site(ADDR, at, 7, ins.label, i, target < 0);
  return undefined;
};

/** call r (FF /2) and br r (jmp r, FF /4). */
const call: Encoder<"call"> = (e, ins, i) => {
  const err = checkReg(ins.r, false, i, ins);
  if (err !== undefined) return err;
  e.rr(0, 0, 0xff, 2, HW[ins.r]!);
  return undefined;
};

const br: Encoder<"br"> = (e, ins, i) => {
  const err = checkReg(ins.r, false, i, ins);
  if (err !== undefined) return err;
  e.rr(0, 0, 0xff, 4, HW[ins.r]!);
  return undefined;
};

const ret: Encoder<"ret"> = (e) => {
  e.byte(0xc3);
  return undefined;
};

const data: Encoder<"data"> = (e, ins, i) => {
  const bytes = ins.bytes;
  if (!(bytes instanceof Uint8Array)) return ejitError("unsupported", "data bytes must be a Uint8Array", i, ins);
  e.reserve(bytes.length);
  e.buf.set(bytes, e.pos);
  e.pos += bytes.length;
  e.dataEnd = e.pos;
  return undefined;
};

/** Largest alignment accepted. */
const MAX_ALIGN = 4096;

const align: Encoder<"align"> = (e, ins, i) => {
  const n = ins.n;
  if ((n | 0) !== n || n < 1 || n > MAX_ALIGN || (n & (n - 1)) !== 0) {
    return ejitError("immediate-out-of-range", `align ${String(n)} is not a power of two in 1..${MAX_ALIGN}`, i, ins);
  }
  const pad = -e.pos & (n - 1);
  const zeros = e.pos === e.dataEnd;
  e.reserve(pad);
  e.labels.site(zeros ? ALIGN_ZERO : ALIGN_NOP, e.pos, pad, n, i, false);
  writePadding(e.buf, e.pos, pad, zeros);
  e.pos += pad;
  if (zeros) e.dataEnd = e.pos;
  return undefined;
};

export const controlEncoders: {
  [K in "label" | "b" | "jmp" | "addr" | "call" | "br" | "ret" | "data" | "align"]: Encoder<K>;
} = { label, b, jmp, addr, call, br, ret, data, align };
