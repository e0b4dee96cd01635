/**
 * The x86-64 byte emitter: one growing buffer reused across programs, plus
 * the REX / ModRM / SIB rules of the Intel SDM vol. 2, chapter 2 ("Instruction
 * Format"). Register arguments here are hardware numbers 0..15 (rax=0 ...
 * r15=15, xmm0..xmm15 likewise), never Ejit register numbers.
 *
 * Callers reserve space once per IR instruction (`reserve`), then write
 * without bounds checks: no IR instruction expands to more than
 * `MAX_INS_BYTES` bytes except `data` and `align`, which reserve their size.
 */

import type { EjitError } from "../errors.js";
import type { InsOf, Op } from "../ir.js";
import { LabelTable } from "./labels.js";

/** Encodes one IR op at position `i` of the program, or says why it cannot. */
export type Encoder<K extends Op> = (e: Emitter, ins: InsOf<K>, i: number) => EjitError | undefined;

/** Upper bound of the bytes one IR instruction (other than data/align) emits. */
export const MAX_INS_BYTES = 96;

/** REX.W: 64-bit operand size. */
export const W = 8;
/** Register hardware numbers used by fixed-register sequences. */
export const RAX = 0;
export const RCX = 1;
export const RDX = 2;
export const RSP = 4;
export const RBP = 5;
/** The encoder's scratch registers (Ejit R15 and V15). */
export const SCRATCH = 11;
export const XSCRATCH = 15;

/** Opcodes above 0xFF are two bytes, e.g. 0x0FAF is `0F AF` (imul r, r/m). */
export type Opcode = number;

export class Emitter {
  buf: Uint8Array = new Uint8Array(1 << 16);
  pos = 0;
  /** Label offsets and pending branch fixups of the program being encoded. */
  readonly labels = new LabelTable();
  /** Where the last `data` op ended: an `align` right there pads with zeros, not NOPs. */
  dataEnd = -1;

  /** Make room for `n` more bytes (amortised doubling; bytes written so far are kept). */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  byte(x: number): void {
    this.buf[this.pos++] = x;
  }

  /** A little-endian 32-bit value (signed or unsigned). */
  u32(x: number): void {
    const b = this.buf;
    let p = this.pos;
    b[p++] = x;
    b[p++] = x >>> 8;
    b[p++] = x >>> 16;
    b[p++] = x >>> 24;
    this.pos = p;
  }

  /**
   * `[prefix] [REX] opcode ModRM(11, reg, rm)`. `w` is 0 or `W`; `byteRegs`
   * forces a REX so that hardware 4..7 name spl/bpl/sil/dil, not ah..bh.
   */
  rr(prefix: number, w: number, op: Opcode, reg: number, rm: number, byteRegs = false): void {
    const b = this.buf;
    let p = this.pos;
    if (prefix !== 0) b[p++] = prefix;
    const rex = w | ((reg & 8) >>> 1) | ((rm & 8) >>> 3);
    if (rex !== 0 || (byteRegs && (reg >= 4 || rm >= 4))) b[p++] = 0x40 | rex;
    if (op > 0xff) b[p++] = op >>> 8;
    b[p++] = op & 0xff;
    b[p++] = 0xc0 | ((reg & 7) << 3) | (rm & 7);
    this.pos = p;
  }

  /**
   * `[prefix] [REX] opcode ModRM [SIB] [disp]` for the memory operand
   * `[base + index*2^shift + disp]` (`index` < 0: none; it must not be rsp).
   * Chooses disp0 / disp8 / disp32 and adds the SIB byte rsp and r12 need and
   * the zero disp8 rbp and r13 need (SDM vol. 2, tables 2-2 and 2-3).
   */
  mem(
    prefix: number,
    w: number,
    op: Opcode,
    reg: number,
    base: number,
    index: number,
    shift: number,
    disp: number,
    byteReg = false,
  ): void {
    const b = this.buf;
    let p = this.pos;
    if (prefix !== 0) b[p++] = prefix;
    const x = index < 0 ? 0 : (index & 8) >>> 2;
    const rex = w | ((reg & 8) >>> 1) | x | ((base & 8) >>> 3);
    if (rex !== 0 || (byteReg && reg >= 4)) b[p++] = 0x40 | rex;
    if (op > 0xff) b[p++] = op >>> 8;
    b[p++] = op & 0xff;
    const mod = disp === 0 && (base & 7) !== RBP ? 0 : disp >= -128 && disp <= 127 ? 0x40 : 0x80;
    const r = (reg & 7) << 3;
    if (index >= 0) {
      b[p++] = mod | r | 4;
      b[p++] = (shift << 6) | ((index & 7) << 3) | (base & 7);
    } else if ((base & 7) === RSP) {
      b[p++] = mod | r | 4;
      b[p++] = 0x24;
    } else {
      b[p++] = mod | r | (base & 7);
    }
    if (mod === 0x40) b[p++] = disp;
    else if (mod === 0x80) {
      b[p++] = disp;
      b[p++] = disp >>> 8;
      b[p++] = disp >>> 16;
      b[p++] = disp >>> 24;
    }
    this.pos = p;
  }

  /** `mov dst, src` (64-bit, opcode 89 /r), nothing when they are the same. */
  mov64(dst: number, src: number): void {
    if (dst !== src) this.rr(0, W, 0x89, src, dst);
  }

  /** `movaps dst, src` (0F 28 /r: the shortest full xmm copy), nothing when equal. */
  movaps(dst: number, src: number): void {
    if (dst !== src) this.rr(0, 0, 0x0f28, dst, src);
  }

  /** `push r64` (50+r, REX.B for r8..r15). */
  push(r: number): void {
    if (r >= 8) this.buf[this.pos++] = 0x41;
    this.buf[this.pos++] = 0x50 | (r & 7);
  }

  /** `pop r64` (58+r). */
  pop(r: number): void {
    if (r >= 8) this.buf[this.pos++] = 0x41;
    this.buf[this.pos++] = 0x58 | (r & 7);
  }
}

/** True when `x` is an integer that fits a sign-extended 8-bit immediate. */
export function fitsI8(x: number): boolean {
  return x >= -128 && x <= 127;
}
