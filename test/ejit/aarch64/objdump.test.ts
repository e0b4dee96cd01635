/**
 * Disassembler sweep: single-instruction forms over many register
 * combinations (every usable register in every operand position), encoded by
 * the backend, concatenated and disassembled in ONE aarch64-linux-gnu-objdump
 * run; each line must read as the expected GNU assembly.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { aarch64Backend } from "../../../ejit/aarch64/index.js";
import { Cond, Ins, Lane, R, Type, V, type Ins as IrIns } from "../../../ejit/ir.js";
import { requireTools } from "../../tools.js";
import { disassemble } from "./qemu-runner.js";

/** Registers the IR may name on AArch64 (x16..x18 and x29/x30 are reserved). */
const GPRS = [...Array(16).keys(), ...Array.from({ length: 10 }, (_, k) => 19 + k)];
const VREGS = [...Array(32).keys()];

interface Row {
  readonly ir: IrIns;
  readonly text: string;
}
const rows: Row[] = [];

/** Each register in each position: operand k of combination i is list[(i + 7k) mod n]. */
function combos(list: readonly number[], arity: number, f: (...regs: number[]) => void): void {
  for (let i = 0; i < list.length; i++) {
    f(...Array.from({ length: arity }, (_, k) => list[(i + 7 * k) % list.length]!));
  }
}
const x = (n: number): string => (n === 31 ? "sp" : `x${n}`);

const binOps = [["add", "add"], ["sub", "sub"], ["and", "and"], ["or", "orr"], ["xor", "eor"], ["shl", "lsl"],
  ["shr", "lsr"], ["sar", "asr"], ["mul", "mul"], ["udiv", "udiv"], ["sdiv", "sdiv"]] as const;
for (const [op, mnemonic] of binOps) {
  combos(GPRS, 3, (d, a, b) => rows.push({ ir: Ins[op](R(d), R(a), R(b)), text: `${mnemonic} ${x(d)}, ${x(a)}, ${x(b)}` }));
}
combos(GPRS, 2, (d, a) => {
  rows.push({ ir: Ins.not(R(d), R(a)), text: `mvn ${x(d)}, ${x(a)}` });
  rows.push({ ir: Ins.neg(R(d), R(a)), text: `neg ${x(d)}, ${x(a)}` });
  rows.push({ ir: Ins.cmp(R(d), R(a)), text: `cmp ${x(d)}, ${x(a)}` });
  rows.push({ ir: Ins.addi(R(d), R(a), 291), text: `add ${x(d)}, ${x(a)}, #0x123` });
  rows.push({ ir: Ins.subi(R(d), R(a), 4096), text: `sub ${x(d)}, ${x(a)}, #0x1, lsl #12` });
  rows.push({ ir: Ins.andi(R(d), R(a), 0xff0), text: `and ${x(d)}, ${x(a)}, #0xff0` });
  rows.push({ ir: Ins.shri(R(d), R(a), 7), text: `lsr ${x(d)}, ${x(a)}, #7` });
  rows.push({ ir: Ins.sari(R(d), R(a), 60), text: `asr ${x(d)}, ${x(a)}, #60` });
  rows.push({ ir: Ins.shli(R(d), R(a), 12), text: `lsl ${x(d)}, ${x(a)}, #12` });
  if (d !== a) rows.push({ ir: Ins.mov(R(d), R(a)), text: `mov ${x(d)}, ${x(a)}` });
});
for (const d of GPRS) {
  rows.push({ ir: Ins.mov(R(d), R(31)), text: `mov ${x(d)}, sp` });
  rows.push({ ir: Ins.mov(R(31), R(d)), text: `mov sp, ${x(d)}` });
  rows.push({ ir: Ins.movi(R(d), 0xbeef0000), text: `mov ${x(d)}, #0xbeef0000` });
  rows.push({ ir: Ins.cmpi(R(d), 42), text: `cmp ${x(d)}, #0x2a` });
  rows.push({ ir: Ins.call(R(d)), text: `blr ${x(d)}` });
  rows.push({ ir: Ins.br(R(d)), text: `br ${x(d)}` });
}
const condNames = ["eq", "ne", "lt", "le", "gt", "ge", "cc", "ls", "hi", "cs"];
const conds = [Cond.Eq, Cond.Ne, Cond.Slt, Cond.Sle, Cond.Sgt, Cond.Sge, Cond.Ult, Cond.Ule, Cond.Ugt, Cond.Uge];
combos(GPRS, 3, (d, a, b) => {
  conds.forEach((c, k) => rows.push({ ir: Ins.select(c, R(d), R(a), R(b)), text: `csel ${x(d)}, ${x(a)}, ${x(b)}, ${condNames[k]}` }));
});

// Loads and stores: every base (SP included) and index register.
const loadNames = ["ldrb w", "ldrsb x", "ldrh w", "ldrsh x", "ldr w", "ldrsw x", "ldr x"];
const storeNames = ["strb w", "strb w", "strh w", "strh w", "str w", "str w", "str x"];
const log2 = [0, 0, 1, 1, 2, 2, 3];
for (let ty = Type.U8 as Type; ty <= Type.U64; ty++) {
  const size = 1 << log2[ty]!;
  combos([...GPRS, 31], 1, (base) => {
    const t = GPRS[(base * 3) % GPRS.length]!;
    const idx = GPRS[(base * 5 + 1) % GPRS.length]!;
    const offset = `#${size * 3}`;
    rows.push({ ir: Ins.ld(ty, R(t), R(base), size * 3), text: `${loadNames[ty]}${t}, [${x(base)}, ${offset}]` });
    rows.push({ ir: Ins.st(ty, R(t), R(base), size * 3), text: `${storeNames[ty]}${t}, [${x(base)}, ${offset}]` });
    rows.push({ ir: Ins.ld(ty, R(t), R(base), -3), text: `${loadNames[ty]!.replace("ldr", "ldur")}${t}, [${x(base)}, #-3]` });
    const scaled = log2[ty]! > 0 ? `, lsl #${log2[ty]}` : "";
    rows.push({ ir: Ins.ldx(ty, R(t), R(base), R(idx), log2[ty]), text: `${loadNames[ty]}${t}, [${x(base)}, x${idx}${scaled}]` });
    rows.push({ ir: Ins.stx(ty, R(t), R(base), R(idx), log2[ty]), text: `${storeNames[ty]}${t}, [${x(base)}, x${idx}${scaled}]` });
  });
}
combos(VREGS, 1, (q) => {
  const base = [...GPRS, 31][q % (GPRS.length + 1)]!;
  rows.push({ ir: Ins.vld(V(q), R(base), 32), text: `ldr q${q}, [${x(base)}, #32]` });
  rows.push({ ir: Ins.vst(V(q), R(base), -32), text: `stur q${q}, [${x(base)}, #-32]` });
  rows.push({ ir: Ins.vldx(V(q), R(base), R(GPRS[q % GPRS.length]!)), text: `ldr q${q}, [${x(base)}, x${GPRS[q % GPRS.length]}]` });
});

// Vector ops over all 32 registers.
const arrangement = ["16b", "8h", "4s", "2d", "4s", "2d"];
combos(VREGS, 3, (d, a, b) => {
  const three = (m: string, t: string): string => `${m} v${d}.${t}, v${a}.${t}, v${b}.${t}`;
  for (let lane = Lane.I8 as Lane; lane <= Lane.F64; lane++) {
    const t = arrangement[lane]!;
    const fp = lane >= Lane.F32 ? "f" : "";
    rows.push({ ir: Ins.vadd(lane, V(d), V(a), V(b)), text: three(`${fp}add`, t) });
    rows.push({ ir: Ins.vsub(lane, V(d), V(a), V(b)), text: three(`${fp}sub`, t) });
    if (lane !== Lane.I64) rows.push({ ir: Ins.vmul(lane, V(d), V(a), V(b)), text: three(`${fp}mul`, t) });
    if (fp) rows.push({ ir: Ins.vdiv(lane, V(d), V(a), V(b)), text: three("fdiv", t) });
    if (!fp) {
      rows.push({ ir: Ins.vshli(lane, V(d), V(a), 3), text: `shl v${d}.${t}, v${a}.${t}, #3` });
      rows.push({ ir: Ins.vshri(lane, V(d), V(a), 5), text: `ushr v${d}.${t}, v${a}.${t}, #5` });
      rows.push({ ir: Ins.vsari(lane, V(d), V(a), 7), text: `sshr v${d}.${t}, v${a}.${t}, #7` });
    }
  }
  rows.push({ ir: Ins.vand(V(d), V(a), V(b)), text: three("and", "16b") });
  rows.push({ ir: Ins.vor(V(d), V(a), V(b)), text: three("orr", "16b") });
  rows.push({ ir: Ins.vxor(V(d), V(a), V(b)), text: three("eor", "16b") });
  if (d !== a) rows.push({ ir: Ins.vmov(V(d), V(a)), text: `mov v${d}.16b, v${a}.16b` });
});

/** objdump text without comments and with single spaces. */
function normalise(text: string): string {
  return text.replace(/\s*\/\/.*$/, "").replace(/\s+/g, " ").trim();
}

describe("aarch64 objdump sweep", () => {
  beforeEach((ctx) => requireTools(ctx, "aarch64-linux-gnu-objdump"));

  it(`disassembles ${rows.length} single-instruction encodings as expected`, () => {
    const words = new Uint8Array(rows.length * 4);
    rows.forEach((row, k) => {
      const out = aarch64Backend.assemble([row.ir]);
      if (!out.ok) throw new Error(`${row.text}: ${out.error.message}`);
      expect(out.bytes.length, row.text).toBe(4);
      words.set(out.bytes, 4 * k);
    });
    const lines = disassemble(words);
    expect(lines.length).toBe(rows.length);
    const mismatches = rows
      .map((row, k) => ({ want: row.text, got: normalise(lines[k]!.split("\t").slice(1).join(" ")), hex: lines[k]!.split("\t")[0] }))
      .filter((m) => m.got !== m.want);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
