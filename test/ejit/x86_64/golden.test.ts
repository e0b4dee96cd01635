/**
 * Golden bytes for the x86-64 encoder: every IR form in
 * golden.json was assembled by llvm-mc from the instructions
 * it is meant to become (see golden.gen.mjs, which says how
 * to regenerate). This test only compares bytes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { allOps, Cond, Lane, Type, type Ins } from "../../../ejit/ir.js";
import { x86_64Backend } from "../../../ejit/x86_64/index.js";

interface GoldenCase {
  readonly name: string;
  readonly ir: readonly Record<string, unknown>[];
  readonly asm: readonly string[];
  readonly hex: string;
}

const table = JSON.parse(readFileSync(new URL("./golden.json", import.meta.url), "utf8")) as {
  cases: GoldenCase[];
};

/** JSON IR -> Ins: data bytes are hex, movi values decimal strings (bigints). */
function toIns(raw: Record<string, unknown>): Ins {
  if (raw.op === "data") return { op: "data", bytes: Uint8Array.from(Buffer.from(raw.hex as string, "hex")) };
  if (raw.op === "movi") return { op: "movi", d: raw.d, imm: BigInt(raw.imm as string) } as Ins;
  return raw as unknown as Ins;
}

function encode(c: GoldenCase): string {
  const out = x86_64Backend.assemble(c.ir.map(toIns));
  if (!out.ok) return `error ${out.error.kind}: ${out.error.message}`;
  return Buffer.from(out.bytes).toString("hex");
}

const byOp = new Map<string, GoldenCase[]>();
for (const c of table.cases) {
  const op = c.ir.find((i) => i.op !== "label" && i.op !== "data")?.op ?? c.ir[0]!.op;
  const list = byOp.get(op as string) ?? [];
  list.push(c);
  byOp.set(op as string, list);
}

describe("x86-64 golden bytes (llvm-mc)", () => {
  test("the table covers every op, type, condition and lane", () => {
    const ops = new Set(table.cases.flatMap((c) => c.ir.map((i) => i.op)));
    expect(allOps.filter((op) => !ops.has(op))).toEqual([]);
    const all = table.cases.flatMap((c) => c.ir);
    const types = new Set(all.filter((i) => i.op === "ld" || i.op === "st").map((i) => i.ty));
    expect(types.size).toBe(Object.keys(Type).length);
    for (const op of ["b", "select"]) {
      expect(new Set(all.filter((i) => i.op === op).map((i) => i.cond)).size).toBe(Object.keys(Cond).length);
    }
    expect(new Set(all.filter((i) => i.op === "vadd" || i.op === "vsub").map((i) => i.lane)).size).toBe(Object.keys(Lane).length);
    expect(table.cases.length).toBe(2087);
  });

  for (const [op, cases] of byOp) {
    test(`${op}: ${cases.length} forms`, () => {
      const wrong = cases
        .map((c) => ({ c, got: encode(c) }))
        .filter(({ c, got }) => got !== c.hex)
        .map(({ c, got }) => `${c.name}: got ${got}, want ${c.hex} (${c.asm.join("; ")})`);
      expect(wrong).toEqual([]);
    });
  }
});
