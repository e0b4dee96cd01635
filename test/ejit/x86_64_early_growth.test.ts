/**
 * Growing short forward branches in the first pass (`LabelTable.growShortTo`)
 * must give exactly the code relaxation gives. An `align 1` pads nothing but
 * turns the first-pass growth off for the whole program, so a program and
 * the same program followed by `align 1` must assemble to the same bytes and
 * labels: one through first-pass growth, the other through relaxation.
 */
import { describe, expect, test } from "vitest";
import { Ins, R, type Cond } from "../../ejit/ir.js";
import { x86_64Backend } from "../../ejit/x86_64/index.js";

/** Deterministic generator (a 31-bit LCG), so a failing seed can be replayed. */
function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

/**
 * A block shaped like a recompiled one: a forward branch at entry to a label
 * near the end, then moves (2 to 10 bytes), forward and backward branches,
 * `addr`, data, and the labels not yet placed at the end.
 */
function randomProgram(seed: number): Ins[] {
  const rnd = lcg(seed);
  const labels = 2 + rnd(12);
  const placed = new Set<number>();
  const program: Ins[] = [Ins.b(2 as Cond, 0)];
  const length = 10 + rnd(seed % 3 === 0 ? 300 : 80);
  for (let i = 0; i < length; i++) {
    const k = rnd(20);
    const label = 1 + rnd(labels - 1);
    if (k < 3) program.push(Ins.b(rnd(10) as Cond, rnd(labels)));
    else if (k < 5) program.push(Ins.jmp(rnd(labels)));
    else if (k < 7 && !placed.has(label)) {
      placed.add(label);
      program.push(Ins.label(label));
    } else if (k < 8) program.push(Ins.addr(R(rnd(6)), rnd(labels)));
    else if (k < 9) program.push(Ins.data([1, 2, 3].slice(0, 1 + rnd(3))));
    else program.push(Ins.movi(R(rnd(6)), rnd(3) === 0 ? 0x123456789 : rnd(100)));
  }
  for (let label = labels - 1; label >= 0; label--) {
    if (placed.has(label)) continue;
    program.push(Ins.label(label));
    for (let j = rnd(3); j > 0; j--) program.push(Ins.movi(R(1), 0x123456789));
  }
  return program;
}

describe("x86-64 first-pass branch growth", () => {
  test("300 random blocks: same bytes and labels as with relaxation", () => {
    const failures: string[] = [];
    let longAtEntry = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const program = randomProgram(seed);
      const early = x86_64Backend.assemble(program);
      if (!early.ok) {
        failures.push(`seed ${seed}: ${early.error.message}`);
        continue;
      }
      const bytes = Array.from(early.bytes), labels = Array.from(early.labels);
      if (bytes[0] === 0x0f) longAtEntry++;
      const relaxed = x86_64Backend.assemble([...program, Ins.align(1)]);
      if (!relaxed.ok) {
        failures.push(`seed ${seed}: ${relaxed.error.message}`);
        continue;
      }
      if (Buffer.from(relaxed.bytes).toString("hex") !== Buffer.from(bytes).toString("hex")) failures.push(`seed ${seed}: bytes differ`);
      if (Array.from(relaxed.labels).join() !== labels.join()) failures.push(`seed ${seed}: labels differ`);
      if (failures.length > 10) break;
    }
    expect(failures).toEqual([]);
    // Most entry branches jump over more than 127 bytes: the first-pass growth is exercised.
    expect(longAtEntry).toBeGreaterThan(150);
  });

  test("the entry branch grows in place: jl rel32 to the label after 200 bytes of moves", () => {
    const program: Ins[] = [Ins.b(2 as Cond, 0)];
    for (let i = 0; i < 20; i++) program.push(Ins.movi(R(1), 0x123456789)); // 10 bytes each
    program.push(Ins.label(0), Ins.ret());
    const out = x86_64Backend.assemble(program);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    // 0F 8C rel32 (SDM vol. 2, Jcc: JL rel32), rel = 200: the label is at 6 + 200.
    expect(Array.from(out.bytes.subarray(0, 6))).toEqual([0x0f, 0x8c, 200, 0, 0, 0]);
    expect(Array.from(out.labels)).toEqual([206]);
    expect(out.bytes[206]).toBe(0xc3);
  });
});
