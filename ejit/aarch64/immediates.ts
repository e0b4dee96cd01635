/**
 * Immediate encodings: the logical "bitmask immediate" (Arm ARM C3.4.2,
 * DecodeBitMasks), MOVZ/MOVN/MOVK sequences for arbitrary 64-bit constants,
 * and ADD/SUB with 12-bit (optionally LSL #12) immediates.
 *
 * 64-bit values travel as two unsigned 32-bit halves (hi, lo) so that no
 * BigInt is allocated per instruction.
 */
import type { EjitError } from "../errors.js";
import type { Emitter } from "./emitter.js";
import { SP, X16 } from "./emitter.js";

/** Mask of the n low bits of a 32-bit word (n clamped to 0..32). */
function maskBelow(n: number): number {
  return n <= 0 ? 0 : n >= 32 ? 0xffffffff : ((1 << n) >>> 0) - 1;
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** True if (hi, lo) is exactly the ones of bits [from, from + count). */
function isRun(hi: number, lo: number, from: number, count: number): boolean {
  const to = from + count;
  const wantLo = (maskBelow(to) & ~maskBelow(from)) >>> 0;
  const wantHi = (maskBelow(to - 32) & ~maskBelow(from - 32)) >>> 0;
  return lo === wantLo && hi === wantHi;
}

/**
 * The N:immr:imms field (13 bits, N at bit 12) encoding the 64-bit value
 * (hi, lo) as a logical immediate, or -1 when it has no such encoding
 * (0, all ones, and values that are not a replicated rotated run of ones).
 */
export function encodeBitmask(hi: number, lo: number): number {
  hi >>>= 0;
  lo >>>= 0;
  if ((hi === 0 && lo === 0) || (hi === 0xffffffff && lo === 0xffffffff)) return -1;
  if (hi !== lo) {
    // Fast reject: a 64-bit element must be one rotated run, i.e. have exactly
    // two bit transitions around the ring (x XOR (x ROR 1) has two ones).
    const rotHi = ((hi >>> 1) | (lo << 31)) >>> 0;
    const rotLo = ((lo >>> 1) | (hi << 31)) >>> 0;
    if (popcount32(hi ^ rotHi) + popcount32(lo ^ rotLo) !== 2) return -1;
  }
  // Smallest element size whose replication gives the value.
  let size = 64;
  if (hi === lo) {
    size = 32;
    while (size > 2) {
      const half = size >>> 1;
      const mask = maskBelow(half);
      if (((lo >>> half) & mask) !== (lo & mask)) break;
      size = half;
    }
  }
  const eHi = size === 64 ? hi : 0;
  const eLo = size === 64 ? lo : (lo & maskBelow(size)) >>> 0;
  const ones = popcount32(eHi) + popcount32(eLo);
  let rotation: number; // left rotation of the run (2^ones - 1) that gives the element
  if ((eLo & 1) === 0) {
    const tz = eLo !== 0 ? ctz32(eLo) : 32 + ctz32(eHi);
    if (!isRun(eHi, eLo, tz, ones)) return -1;
    rotation = tz;
  } else {
    // The run wraps around bit 0: its complement (within the element) must be one run.
    const iHi = size === 64 ? ~eHi >>> 0 : 0;
    const iLo = (~eLo & maskBelow(size)) >>> 0;
    const tz = iLo !== 0 ? ctz32(iLo) : 32 + ctz32(iHi);
    if (!isRun(iHi, iLo, tz, size - ones)) return -1;
    rotation = (tz + size - ones) % size;
  }
  const immr = (size - rotation) % size;
  const n = size === 64 ? 1 : 0;
  const imms = ((~(size - 1) << 1) | (ones - 1)) & 0x3f;
  return (n << 12) | (immr << 6) | imms;
}

const MOVZ = 0xd2800000;
const MOVN = 0x92800000;
const MOVK = 0xf2800000;
const ORR_IMM = 0xb2000000;
const ORR_W_IMM = 0x32000000;

function half16(hi: number, lo: number, k: number): number {
  return ((k < 2 ? lo : hi) >>> ((k & 1) * 16)) & 0xffff;
}

/**
 * Load the 64-bit constant (hi, lo) into xd with the fewest instructions:
 * one ORR (bitmask immediate) when that beats MOVZ/MOVN + MOVKs. Never
 * touches the flags.
 */
export function emitMovConst(e: Emitter, d: number, hi: number, lo: number): void {
  let zeros = 0;
  let ones = 0;
  for (let k = 0; k < 4; k++) {
    const h = half16(hi, lo, k);
    if (h === 0) zeros++;
    else if (h === 0xffff) ones++;
  }
  const inverted = ones > zeros;
  const skip = inverted ? 0xffff : 0;
  const count = Math.max(1, 4 - (inverted ? ones : zeros));
  if (count > 1) {
    const bitmask = encodeBitmask(hi, lo);
    if (bitmask >= 0) {
      e.emit(ORR_IMM | (bitmask << 10) | (31 << 5) | d);
      return;
    }
    // ORR Wd, WZR, #imm zero-extends: a 32-bit pattern with the high half zero.
    const low = hi === 0 ? encodeBitmask(lo, lo) : -1;
    if (low >= 0 && low < 0x1000) {
      e.emit(ORR_W_IMM | (low << 10) | (31 << 5) | d);
      return;
    }
  }
  let first = 0;
  while (first < 3 && half16(hi, lo, first) === skip) first++;
  if (half16(hi, lo, first) === skip) first = 0;
  const h0 = half16(hi, lo, first);
  e.emit((inverted ? MOVN : MOVZ) | (first << 21) | ((inverted ? ~h0 & 0xffff : h0) << 5) | d);
  for (let k = first + 1; k < 4; k++) {
    const h = half16(hi, lo, k);
    if (h !== skip) e.emit(MOVK | (k << 21) | (h << 5) | d);
  }
}

/** Load a signed 32-bit value, sign-extended to 64 bits, into xd. */
export function emitMovSigned32(e: Emitter, d: number, value: number): void {
  emitMovConst(e, d, value < 0 ? 0xffffffff : 0, value >>> 0);
}

/** True for an integer that an IR ALU immediate may hold (signed 32-bit). */
export function isImm32(value: number): boolean {
  return Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff;
}

export function imm32Error(e: Emitter, value: number): EjitError {
  return e.fail("immediate-out-of-range", `immediate ${value} is not a signed 32-bit integer`);
}

const ADD_IMM = 0x91000000;
const SUB_IMM = 0xd1000000;
const ADD_EXT_UXTX = 0x8b206000;
const SUB_EXT_UXTX = 0xcb206000;
const ADD_REG = 0x8b000000;
const SUB_REG = 0xcb000000;
const SHIFT12 = 1 << 22;

/**
 * xd = xn + value (value any integer in -2^32..2^32; d and n may be SP):
 * ADD/SUB imm12, LSL #12 form, a pair of them for 24-bit magnitudes,
 * else the magnitude through x16.
 */
export function emitAddConst(e: Emitter, d: number, n: number, value: number): void {
  const negative = value < 0;
  const magnitude = negative ? -value : value;
  const imm = negative ? SUB_IMM : ADD_IMM;
  if (magnitude === 0 && d === n) return;
  if (magnitude < 0x1000) {
    e.emit(imm | (magnitude << 10) | (n << 5) | d);
  } else if (magnitude < 0x1000000) {
    e.emit(imm | SHIFT12 | ((magnitude >>> 12) << 10) | (n << 5) | d);
    const low = magnitude & 0xfff;
    if (low !== 0) e.emit(imm | (low << 10) | (d << 5) | d);
  } else {
    emitMovConst(e, X16, Math.floor(magnitude / 0x100000000) >>> 0, magnitude >>> 0);
    const viaSp = d === SP || n === SP;
    const op = viaSp ? (negative ? SUB_EXT_UXTX : ADD_EXT_UXTX) : negative ? SUB_REG : ADD_REG;
    e.emit(op | (X16 << 16) | (n << 5) | d);
  }
}

/** Scratch for splitting bigints into halves without allocating. */
const splitView = new DataView(new ArrayBuffer(8));
const MIN_I64 = -(1n << 63n);
const LIMIT_U64 = 1n << 64n;

/** The halves of the last value `splitConst` accepted. */
export const constHalves = { hi: 0, lo: 0 };

/** Split a movi operand (number or bigint) into 32-bit halves; false if it does not fit 64 bits. */
export function splitConst(value: number | bigint): boolean {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) {
      constHalves.lo = value >>> 0;
      constHalves.hi = Math.floor(value / 0x100000000) >>> 0;
      return true;
    }
    if (!Number.isInteger(value)) return false;
    value = BigInt(value);
  }
  if (value < MIN_I64 || value >= LIMIT_U64) return false;
  if (value < 0n) splitView.setBigInt64(0, value, true);
  else splitView.setBigUint64(0, value, true);
  constHalves.lo = splitView.getUint32(0, true);
  constHalves.hi = splitView.getUint32(4, true);
  return true;
}
