/**
 * Branch relaxation under stress: random programs of forward and backward
 * branches, `addr`, `align` and data blocks of random sizes (so that many
 * short branches must grow, moving labels and padding). A marker label before
 * every label-relative instruction gives its offset; iced-x86 decodes the
 * instruction there and its target must be the label's offset. Every label
 * after an `align n` must sit on a multiple of n, and a backward branch must
 * use rel8 whenever it fits (unless alignment padding between its label and
 * it shrank during relaxation: growth is one-way, as in LLVM's).
 */
import { Decoder, DecoderOptions, Instruction, Mnemonic } from "iced-x86";
import { describe, expect, test } from "vitest";
import { Cond, Ins, R } from "../../../ejit/ir.js";
import { x86_64Backend } from "../../../ejit/x86_64/index.js";

const MARKERS = 10_000; // marker labels are 10000 + k; target labels are 0..99

interface Check {
  readonly marker: number;
  readonly target: number;
  readonly kind: "branch" | "addr";
}

function randomLayout(seed: number): { program: Ins[]; checks: Check[]; aligned: [number, number][] } {
  let x = seed;
  const pick = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const program: Ins[] = [];
  const checks: Check[] = [];
  const aligned: [number, number][] = [];
  const TARGETS = 24;
  let placed = 0, marker = MARKERS;
  for (let step = 0; step < 160; step++) {
    const choice = pick(10);
    if (choice < 4) {
      const target = pick(TARGETS);
      program.push(Ins.label(marker));
      program.push(pick(3) === 0 ? Ins.jmp(target) : Ins.b(pick(10) as Cond, target));
      checks.push({ marker: marker++, target, kind: "branch" });
    } else if (choice === 4) {
      const target = pick(TARGETS);
      program.push(Ins.label(marker), Ins.addr(R(pick(14)), target));
      checks.push({ marker: marker++, target, kind: "addr" });
    } else if (choice === 5) {
      const n = 1 << pick(7);
      program.push(Ins.align(n), Ins.label(marker));
      aligned.push([marker++, n]);
    } else if (choice < 8) {
      program.push(Ins.data(new Uint8Array(pick(pick(2) === 0 ? 40 : 200)).fill(0x90)));
    } else if (placed < TARGETS) {
      program.push(Ins.label(placed++));
    }
  }
  while (placed < TARGETS) program.push(Ins.label(placed++));
  program.push(Ins.ret());
  return { program, checks, aligned };
}

describe("x86-64 branch relaxation", () => {
  test("200 random layouts: every branch and addr reaches its label, every align holds", () => {
    const failures: string[] = [];
    const ins = new Instruction();
    let grown = 0, short = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { program, checks, aligned } = randomLayout(seed);
      const out = x86_64Backend.assemble(program);
      if (!out.ok) {
        failures.push(`seed ${seed}: ${out.error.kind} ${out.error.message}`);
        continue;
      }
      const bytes = out.bytes.slice(), labels = out.labels;
      for (const c of checks) {
        const at = labels[c.marker]!, want = labels[c.target]!;
        const decoder = new Decoder(64, bytes.subarray(at, at + 16), DecoderOptions.None);
        decoder.ip = BigInt(at);
        decoder.decodeOut(ins);
        decoder.free();
        const got = c.kind === "addr" ? Number(ins.ipRelMemoryAddress) : Number(ins.nearBranch64);
        if (c.kind === "addr" && ins.mnemonic !== Mnemonic.Lea) failures.push(`seed ${seed}: no lea at ${at}`);
        if (got !== want) failures.push(`seed ${seed}: ${c.kind} at ${at} goes to ${got}, label ${c.target} is at ${want}`);
        if (c.kind === "branch") {
          if (ins.length === 2) short++;
          else grown++;
          // Growth is one-way, so only padding that shrank can leave a long branch that would now fit.
          const paddingBetween = aligned.some(([m]) => labels[m]! > want && labels[m]! <= at);
          if (want <= at && want - (at + 2) >= -128 && ins.length !== 2 && !paddingBetween) {
            failures.push(`seed ${seed}: backward branch at ${at} fits rel8 but is long`);
          }
        }
      }
      for (const [m, n] of aligned) if (labels[m]! % n !== 0) failures.push(`seed ${seed}: align ${n} label at ${labels[m]}`);
      if (failures.length > 10) break;
    }
    ins.free();
    expect(failures).toEqual([]);
    // The layouts exercise both forms heavily.
    expect(short).toBeGreaterThan(1000);
    expect(grown).toBeGreaterThan(1000);
  });
});
