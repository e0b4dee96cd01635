/**
 * The arithmetic of the NMOS 6502, written once as pure functions so that the
 * interpreter and (later) the recompiler's fallbacks share them. Functions
 * that change A and P return both packed as `(p << 8) | result`, so nothing is
 * allocated per instruction.
 *
 * Decimal mode follows the NMOS chip as documented in "6502.org Tutorials:
 * Decimal Mode" (Bruce Clark), appendix A: ADC's N and V come from the
 * intermediate result after the low-nibble adjust, Z from the binary sum, C
 * from the decimal result; SBC's flags are all those of the binary subtraction.
 */
import { Flag } from "./table.js";

const N = Flag.N, V = Flag.V, Z = Flag.Z, C = Flag.C;

/** P with N and Z set from an 8-bit value. */
export function setNZ(p: number, value: number): number {
  return (p & ~(N | Z)) | (value & N) | (value === 0 ? Z : 0);
}

/** ADC: A + M + C. `decimal` is the D flag and the chip's decimal support together. */
export function adc(a: number, m: number, p: number, decimal: boolean): number {
  const carry = p & C;
  const binary = a + m + carry;
  p &= ~(N | V | Z | C);
  if (!decimal) {
    const r = binary & 0xff;
    p |= (r & N) | (r === 0 ? Z : 0) | (binary > 0xff ? C : 0) | (~(a ^ m) & (a ^ r) & 0x80 ? V : 0);
    return (p << 8) | r;
  }
  let lo = (a & 0x0f) + (m & 0x0f) + carry;
  if (lo > 9) lo += 6;
  let hi = (a >> 4) + (m >> 4) + (lo > 0x0f ? 1 : 0);
  const intermediate = (hi << 4) & 0xff;
  p |= (intermediate & N) | ((binary & 0xff) === 0 ? Z : 0) | (~(a ^ m) & (a ^ intermediate) & 0x80 ? V : 0);
  if (hi > 9) hi += 6;
  if (hi > 0x0f) p |= C;
  return (p << 8) | (((hi << 4) | (lo & 0x0f)) & 0xff);
}

/** SBC: A - M - !C. */
export function sbc(a: number, m: number, p: number, decimal: boolean): number {
  const borrow = (p & C) ^ 1;
  const binary = a - m - borrow;
  const r = binary & 0xff;
  p &= ~(N | V | Z | C);
  p |= (r & N) | (r === 0 ? Z : 0) | (binary >= 0 ? C : 0) | ((a ^ m) & (a ^ r) & 0x80 ? V : 0);
  if (!decimal) return (p << 8) | r;
  let lo = (a & 0x0f) - (m & 0x0f) - borrow;
  let hi = (a >> 4) - (m >> 4);
  if (lo & 0x10) {
    lo -= 6;
    hi -= 1;
  }
  if (hi & 0x10) hi -= 6;
  return (p << 8) | (((hi << 4) | (lo & 0x0f)) & 0xff);
}

/** CMP/CPX/CPY: flags of register - M. Returns the new P. */
export function compare(register: number, m: number, p: number): number {
  const d = register - m;
  return (p & ~(N | Z | C)) | (d & N) | (d === 0 ? Z : 0) | (d >= 0 ? C : 0);
}

/**
 * ARR (undocumented $6B): A = (A AND imm) ROR 1. In binary mode C = bit 6 and
 * V = bit 6 XOR bit 5 of the result; in NMOS decimal mode each nibble of the
 * AND result gets a BCD fix-up and C comes from the high nibble
 * ("No More Secrets", ARR).
 */
export function arr(a: number, imm: number, p: number, decimal: boolean): number {
  const t = a & imm;
  let r = (t >> 1) | ((p & C) << 7);
  p &= ~(N | V | Z | C);
  if (!decimal) {
    p |= (r & N) | (r === 0 ? Z : 0) | (r & 0x40 ? C : 0) | ((r ^ (r << 1)) & 0x40 ? V : 0);
    return (p << 8) | r;
  }
  p |= (r & N) | (r === 0 ? Z : 0) | ((t ^ r) & 0x40 ? V : 0);
  if ((t & 0x0f) + (t & 0x01) > 5) r = (r & 0xf0) | ((r + 6) & 0x0f);
  if ((t & 0xf0) + (t & 0x10) > 0x50) {
    r = (r + 0x60) & 0xff;
    p |= C;
  }
  return (p << 8) | r;
}

/** The "magic" constant of ANE ($8B) and LXA ($AB) used by the test vectors. */
export const UNSTABLE_MAGIC = 0xee;

/** ASL: shift left, bit 7 into C. Returns (p << 8) | result. */
export function asl(v: number, p: number): number {
  const r = (v << 1) & 0xff;
  return (setNZ((p & ~C) | (v >> 7), r) << 8) | r;
}

/** LSR: shift right, bit 0 into C. */
export function lsr(v: number, p: number): number {
  const r = v >> 1;
  return (setNZ((p & ~C) | (v & 1), r) << 8) | r;
}

/** ROL: rotate left through C. */
export function rol(v: number, p: number): number {
  const r = ((v << 1) | (p & C)) & 0xff;
  return (setNZ((p & ~C) | (v >> 7), r) << 8) | r;
}

/** ROR: rotate right through C. */
export function ror(v: number, p: number): number {
  const r = (v >> 1) | ((p & C) << 7);
  return (setNZ((p & ~C) | (v & 1), r) << 8) | r;
}
