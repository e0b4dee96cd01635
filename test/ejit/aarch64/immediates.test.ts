/**
 * The bitmask-immediate encoder against a reference decoder written from
 * the Arm ARM's DecodeBitMasks pseudocode: every one of the 5334 valid
 * N:immr:imms fields decodes to a value that encodes back to that field, and
 * values that are not bitmasks are refused.
 */
import { describe, expect, it } from "vitest";
import { encodeBitmask } from "../../../ejit/aarch64/immediates.js";

const MASK64 = (1n << 64n) - 1n;

/** DecodeBitMasks(N, imms, immr) for 64-bit operations; undefined when reserved. */
function decodeBitmask(n: number, immr: number, imms: number): bigint | undefined {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return undefined;
  const size = 1 << len;
  const levels = size - 1;
  const s = imms & levels;
  const r = immr & levels;
  if (s === levels) return undefined;
  const sizeMask = (1n << BigInt(size)) - 1n;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const rotated = ((welem >> BigInt(r)) | (welem << BigInt(size - r))) & sizeMask;
  let value = 0n;
  for (let at = 0; at < 64; at += size) value |= rotated << BigInt(at);
  return value & MASK64;
}

const split = (v: bigint): [number, number] => [Number(v >> 32n), Number(v & 0xffffffffn)];

describe("aarch64 bitmask immediates", () => {
  it("round-trips all 5334 encodable values", () => {
    const seen = new Set<bigint>();
    let count = 0;
    for (let n = 0; n < 2; n++) {
      for (let immr = 0; immr < 64; immr++) {
        for (let imms = 0; imms < 64; imms++) {
          const value = decodeBitmask(n, immr, imms);
          if (value === undefined) continue;
          // Fields with unused immr bits alias the canonical one; compare values.
          const field = encodeBitmask(...split(value));
          expect(field, `0x${value.toString(16)}`).toBeGreaterThanOrEqual(0);
          expect(decodeBitmask(field >> 12, (field >> 6) & 63, field & 63)).toBe(value);
          if (!seen.has(value)) count++;
          seen.add(value);
        }
      }
    }
    expect(count).toBe(5334);
  });

  it.each([
    [0n, -1],
    [MASK64, -1],
    [0x5n, -1],
    [0x0f0f0f0fn, -1],
    [0x123456789n, -1],
    [0x8000000000000001n, 0x1041], // N=1, immr=1, imms=1: two ones wrapped around bit 0
    [0xffn, 0x1007],
    [0x5555555555555555n, 0x03c],
    [0xffffffff80000000n, 0x1860],
  ])("0x%s encodes as field %i", (value, field) => {
    expect(encodeBitmask(...split(value))).toBe(field);
  });

  it("refuses near-miss patterns (one bit off each encodable value sampled)", () => {
    let refused = 0;
    for (let immr = 0; immr < 64; immr += 7) {
      for (let imms = 1; imms < 62; imms += 5) {
        const value = decodeBitmask(1, immr, imms)!;
        const broken = value ^ (1n << BigInt((immr + imms + 2) % 64)) ^ (1n << BigInt((immr + 33) % 64));
        if (decodeIsBitmask(broken)) continue;
        expect(encodeBitmask(...split(broken))).toBe(-1);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
  });
});

/** Brute force: is v any decodable bitmask? */
function decodeIsBitmask(v: bigint): boolean {
  for (let n = 0; n < 2; n++) {
    for (let immr = 0; immr < 64; immr++) {
      for (let imms = 0; imms < 64; imms++) if (decodeBitmask(n, immr, imms) === v) return true;
    }
  }
  return false;
}
