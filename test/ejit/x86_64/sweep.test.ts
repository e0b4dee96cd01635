/**
 * Register and immediate sweep of the x86-64 encoder: every ALU, memory and
 * vector form over all register combinations (16 x 16 pairs, 16^3 triples for
 * three-register ops) and the immediate/displacement edges. The encoder's
 * bytes are disassembled with iced-x86 (all cases in one buffer, one decoder)
 * and compared with the intended instructions of lowering.mjs.
 * Combinations naming SP where it is not allowed, or the reserved R15/V15,
 * must instead give exactly the expected error kind.
 */
import { Decoder, DecoderOptions, Formatter, FormatterSyntax, Instruction, MemorySizeOptions } from "iced-x86";
import { describe, expect, test } from "vitest";
import type { EjitErrorKind } from "../../../ejit/errors.js";
import { Ins, Lane, R, Type, V, type BinImmOp, type BinOp, type Cond } from "../../../ejit/ir.js";
import { x86_64Backend } from "../../../ejit/x86_64/index.js";
import { lower } from "./lowering.mjs";

const SP = 14;
const N = 16;

interface Sweep {
  readonly code: number[];
  readonly starts: number[];
  readonly expected: string[][];
  readonly cases: Ins[];
  errors: string[];
}

function newSweep(): Sweep {
  return { code: [], starts: [], expected: [], cases: [], errors: [] };
}

/**
 * The error an operand list must give: the first operand that is 15 (R15/V15,
 * reserved) or 14 where that is not allowed (SP outside its places; V14 is a
 * normal vector register, so vector operands pass `true`).
 */
function expectedError(operands: readonly (readonly [number, boolean])[]): EjitErrorKind | undefined {
  for (const [r, spOk] of operands) {
    if (r === 15) return "reserved-register";
    if (r === SP && !spOk) return "bad-register";
  }
  return undefined;
}

function add(s: Sweep, ins: Ins, operands: readonly (readonly [number, boolean])[]): void {
  const out = x86_64Backend.assemble([ins]);
  const want = expectedError(operands);
  if (want !== undefined) {
    if (out.ok || out.error.kind !== want || out.error.index !== 0) {
      s.errors.push(`${JSON.stringify(ins)}: want ${want}, got ${out.ok ? "bytes" : out.error.kind}`);
    }
    return;
  }
  if (!out.ok) {
    s.errors.push(`${JSON.stringify(ins)}: unexpected ${out.error.kind}: ${out.error.message}`);
    return;
  }
  s.starts.push(s.code.length);
  for (const byte of out.bytes) s.code.push(byte);
  s.expected.push(lower(ins).map(normalizeIntended).filter((l) => l !== ""));
  s.cases.push(ins);
}

/** llvm-style Intel text -> iced's: no spaces in [..], unsigned 64-bit immediates, label-free jumps. */
function normalizeIntended(line: string): string {
  if (/^\d+:$/.test(line)) return "";
  let t = line.replace(/^movabs /, "mov ").replace(/^(j[a-z]+) \d[fb]$/, "$1");
  t = t.replace(/\[[^\]]*\]/g, (m) => m.replace(/ /g, ""));
  t = t.replace(/, (-?)(0x[0-9a-f]+|\d+)$/, (_, sign: string, n: string) => `, ${BigInt.asUintN(64, sign ? -BigInt(n) : BigInt(n))}`);
  return collapseImul(t);
}

function collapseImul(line: string): string {
  return line.replace(/^imul (\w+), \1, /, "imul $1, ");
}

/** Disassemble the whole sweep once and compare case by case. */
function check(s: Sweep): string[] {
  const bytes = Uint8Array.from(s.code);
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  const formatter = new Formatter(FormatterSyntax.Intel);
  formatter.spaceAfterOperandSeparator = true;
  formatter.numberBase = 10;
  formatter.signedImmediateOperands = false;
  formatter.memorySizeOptions = MemorySizeOptions.Always;
  formatter.branchLeadingZeros = false;
  formatter.showBranchSize = false;
  const ins = new Instruction();
  const failures = [...s.errors];
  let k = 0;
  let got: string[] = [];
  const finish = (): void => {
    const want = s.expected[k]!;
    if (got.join("; ") !== want.join("; ") && failures.length < 20) {
      failures.push(`${JSON.stringify(s.cases[k])}: got [${got.join("; ")}], want [${want.join("; ")}]`);
    }
    got = [];
    k++;
  };
  while (decoder.canDecode) {
    const at = Number(decoder.ip);
    while (k + 1 < s.starts.length && at >= s.starts[k + 1]!) finish();
    decoder.decodeOut(ins);
    got.push(collapseImul(formatter.format(ins).replace(/^(j[a-z]+) \d+$/, "$1")));
  }
  while (k < s.starts.length) finish();
  ins.free();
  decoder.free();
  formatter.free();
  return failures;
}

const r = (n: number): R => R(n);
const v = (n: number): V => V(n);

describe("x86-64 sweep against iced-x86", () => {
  test("three-register ALU ops over all 16^3 register triples", () => {
    const s = newSweep();
    const ops: BinOp[] = ["add", "sub", "and", "or", "xor", "shl", "shr", "sar", "mul", "udiv", "sdiv"];
    for (const op of ops)
      for (let d = 0; d < N; d++)
        for (let a = 0; a < N; a++)
          for (let b = 0; b < N; b++) add(s, Ins[op](r(d), r(a), r(b)), [[d, false], [a, false], [b, false]]);
    expect(check(s)).toEqual([]);
    expect(s.cases.length).toBe(ops.length * 14 * 14 * 14);
  });

  test("select on every condition over all register triples", () => {
    const s = newSweep();
    for (let cond = 0; cond < 10; cond++)
      for (let d = 0; d < N; d++)
        for (let a = 0; a < N; a++)
          for (let b = 0; b < N; b++) add(s, Ins.select(cond as Cond, r(d), r(a), r(b)), [[d, false], [a, false], [b, false]]);
    expect(check(s)).toEqual([]);
    expect(s.cases.length).toBe(10 * 14 * 14 * 14);
  });

  test("register-immediate ops, unary ops, cmp, cmpi and movi over all pairs and immediate edges", () => {
    const s = newSweep();
    const imms = [0, 1, -1, 127, 128, -128, -129, 0x7fffffff, -0x80000000];
    const ops: BinImmOp[] = ["addi", "subi", "andi", "ori", "xori", "muli"];
    for (const op of ops)
      for (const imm of imms)
        for (let d = 0; d < N; d++)
          for (let a = 0; a < N; a++) {
            const spOk = op === "addi" || op === "subi";
            add(s, Ins[op](r(d), r(a), imm), [[d, spOk], [a, spOk]]);
          }
    for (const op of ["shli", "shri", "sari"] as const)
      for (const imm of [0, 1, 2, 31, 32, 63])
        for (let d = 0; d < N; d++) for (let a = 0; a < N; a++) add(s, Ins[op](r(d), r(a), imm), [[d, false], [a, false]]);
    for (const op of ["not", "neg", "mov"] as const)
      for (let d = 0; d < N; d++) for (let a = 0; a < N; a++) add(s, Ins[op](r(d), r(a)), [[d, op === "mov"], [a, op === "mov"]]);
    for (let a = 0; a < N; a++) {
      for (let b = 0; b < N; b++) add(s, Ins.cmp(r(a), r(b)), [[a, false], [b, false]]);
      for (const imm of imms) add(s, Ins.cmpi(r(a), imm), [[a, false]]);
      for (const value of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 32, -1, -0x80000000, -0x80000001, 2 ** 53, -(2 ** 53)]) {
        add(s, Ins.movi(r(a), value), [[a, false]]);
      }
      for (const value of [1n << 63n, (1n << 64n) - 1n, -(1n << 63n), 0x123456789abcdef0n]) add(s, Ins.movi(r(a), value), [[a, false]]);
    }
    expect(check(s)).toEqual([]);
    expect(s.cases.length).toBe(2 * 9 * 15 * 15 + 4 * 9 * 14 * 14 + 3 * 6 * 14 * 14 + 2 * 14 * 14 + 15 * 15 + 14 * 14 + 14 * 9 + 14 * 15);
  });

  test("loads and stores of every type over all (register, base) and (base, index) pairs", () => {
    const s = newSweep();
    for (let ty = 0; ty < 7; ty++) {
      for (let x = 0; x < N; x++)
        for (let base = 0; base < N; base++) {
          for (const imm of [0, 127, -128, 128, -129, 0x7fffffff]) {
            add(s, Ins.ld(ty as Type, r(x), r(base), imm), [[x, false], [base, true]]);
            add(s, Ins.st(ty as Type, r(x), r(base), imm), [[x, false], [base, true]]);
          }
        }
      for (let base = 0; base < N; base++)
        for (let index = 0; index < N; index++)
          for (let shift = 0; shift < 4; shift++) {
            const imm = shift === 3 ? -8 : 0;
            add(s, Ins.ldx(ty as Type, r(0), r(base), r(index), shift, imm), [[base, true], [index, false]]);
            add(s, Ins.stx(ty as Type, r(13), r(base), r(index), shift, imm), [[base, true], [index, false]]);
          }
    }
    expect(check(s)).toEqual([]);
    expect(s.cases.length).toBe(7 * (2 * 14 * 15 * 6 + 2 * 15 * 14 * 4));
  });

  test("vector ops over all xmm triples, shifts over all pairs, vld/vst over all (vector, base) pairs", () => {
    const s = newSweep();
    const vops = [
      (d: number, a: number, b: number) => Ins.vsub(Lane.F32, v(d), v(a), v(b)),
      (d: number, a: number, b: number) => Ins.vmul(Lane.I32, v(d), v(a), v(b)),
      (d: number, a: number, b: number) => Ins.vadd(Lane.I8, v(d), v(a), v(b)),
      (d: number, a: number, b: number) => Ins.vxor(v(d), v(a), v(b)),
    ];
    for (const make of vops)
      for (let d = 0; d < N; d++)
        for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) add(s, make(d, a, b), [[d, true], [a, true], [b, true]]);
    for (const lane of [Lane.I8, Lane.I16, Lane.I32, Lane.I64, Lane.F32, Lane.F64])
      for (const op of ["vadd", "vsub", "vmul", "vdiv"] as const) {
        const available = op === "vadd" || op === "vsub" || lane >= Lane.F32 || (op === "vmul" && lane !== Lane.I8 && lane !== Lane.I64);
        if (!available) continue;
        for (let d = 0; d < N; d++) for (let a = 0; a < N; a++) add(s, Ins[op](lane, v(d), v(a), v(7)), [[d, true], [a, true]]);
      }
    for (const op of ["vshli", "vshri", "vsari"] as const)
      for (const lane of [Lane.I16, Lane.I32, Lane.I64]) {
        if (op === "vsari" && lane === Lane.I64) continue;
        for (let d = 0; d < N; d++) for (let a = 0; a < N; a++) add(s, Ins[op](lane, v(d), v(a), 5), [[d, true], [a, true]]);
      }
    for (let x = 0; x < N; x++)
      for (let base = 0; base < N; base++)
        for (const imm of [0, -129]) {
          add(s, Ins.vld(v(x), r(base), imm), [[x, true], [base === 15 ? 15 : 0, false]]);
          add(s, Ins.vstx(v(x), r(base), r(x === 14 ? 0 : x % 14), x & 3, imm), [[x, true], [base === 15 ? 15 : 0, false]]);
        }
    expect(check(s)).toEqual([]);
    expect(s.cases.length).toBe(4 * 15 ** 3 + 18 * 15 * 15 + 8 * 15 * 15 + 2 * 15 * 15 * 2);
  });
});
