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
import { REL32, REL8 } from "./labels.js";

const HW = X86_HW;

/**
 * A jump to `label`: `short` then rel8 is the 1-byte opcode, otherwise `long`
 * (1 or 2 bytes) then rel32.
 */
function jump(e: Emitter, shortOp: number, longOp: number, label: number, i: number, ins: Ins): EjitError | undefined {
  const err = checkLabel(label, i, ins);
  if (err !== undefined) return err;
  const labels = e.labels;
  const target = labels.offsetOf(label);
  const longSize = longOp > 0xff ? 6 : 5;
  if (target >= 0) {
    const rel8 = target - (e.pos + 2);
    if (rel8 >= -128 && labels.long[i] === 0) {
      e.byte(shortOp);
      e.byte(rel8);
    } else {
      labels.long[i] = 1;
      if (longOp > 0xff) e.byte(longOp >>> 8);
      e.byte(longOp & 0xff);
      e.u32(target - (e.pos + 4));
    }
  } else if (labels.long[i] === 0) {
    e.byte(shortOp);
    labels.refer(e.pos, REL8, label, i);
    e.pos += 1;
  } else {
    if (longSize === 6) e.byte(longOp >>> 8);
    e.byte(longOp & 0xff);
    labels.refer(e.pos, REL32, label, i);
    e.pos += 4;
  }
  return undefined;
}

const b: Encoder<"b"> = (e, ins, i) => {
  const cc = CC[ins.cond];
  if (cc === undefined) return ejitError("unsupported", `unknown condition ${String(ins.cond)}`, i, ins);
  return jump(e, 0x70 | cc, 0x0f80 | cc, ins.label, i, ins);
};

const jmp: Encoder<"jmp"> = (e, ins, i) => jump(e, 0xeb, 0xe9, ins.label, i, ins);

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
  e.byte(W | 0x40 | ((d & 8) >>> 1));
  e.byte(0x8d);
  e.byte(((d & 7) << 3) | 5);
  const target = e.labels.offsetOf(ins.label);
  if (target >= 0) e.u32(target - (e.pos + 4));
  else {
    e.labels.refer(e.pos, REL32, ins.label, i);
    e.pos += 4;
  }
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

/** NOP of each length 1..10, concatenated (90, 66 90, 0F 1F 00, ...). */
const NOPS = Uint8Array.of(
  0x90,
  0x66, 0x90,
  0x0f, 0x1f, 0x00,
  0x0f, 0x1f, 0x40, 0x00,
  0x0f, 0x1f, 0x44, 0x00, 0x00,
  0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00,
  0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00,
  0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
);
const MAX_NOP = 10;
/** Largest alignment accepted. */
const MAX_ALIGN = 4096;

const align: Encoder<"align"> = (e, ins, i) => {
  const n = ins.n;
  if ((n | 0) !== n || n < 1 || n > MAX_ALIGN || (n & (n - 1)) !== 0) {
    return ejitError("immediate-out-of-range", `align ${String(n)} is not a power of two in 1..${MAX_ALIGN}`, i, ins);
  }
  let pad = -e.pos & (n - 1);
  e.reserve(pad);
  if (e.pos === e.dataEnd) {
    e.buf.fill(0, e.pos, e.pos + pad);
    e.pos += pad;
    e.dataEnd = e.pos;
    return undefined;
  }
  while (pad > 0) {
    const len = pad < MAX_NOP ? pad : MAX_NOP;
    const from = (len * (len - 1)) / 2;
    for (let k = 0; k < len; k++) e.buf[e.pos + k] = NOPS[from + k]!;
    e.pos += len;
    pad -= len;
  }
  return undefined;
};

export const controlEncoders: {
  [K in "label" | "b" | "jmp" | "addr" | "call" | "br" | "ret" | "data" | "align"]: Encoder<K>;
} = { label, b, jmp, addr, call, br, ret, data, align };
