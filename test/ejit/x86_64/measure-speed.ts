/**
 * Encoder speed check for the x86-64 backend (a measurement, not a test):
 *
 *   npx tsc --ignoreConfig --outDir /tmp/ejit-speed --module nodenext --moduleResolution nodenext \
 *     --target es2022 --skipLibCheck --types node test/ejit/x86_64/measure-speed.ts
 *   echo '{"type":"module"}' > /tmp/ejit-speed/package.json
 *   node /tmp/ejit-speed/test/ejit/x86_64/measure-speed.js
 *
 * Prints the median over several runs of (1) IR instructions per second on a
 * large mixed program (ALU, immediates, loads/stores, movi, compares and
 * branches to labels both ways, vectors) and (2) the warm time to assemble the
 * README loop (10 IR instructions), each after warm-up runs.
 */
import { Cond, Ins, Lane, R, Type, V } from "../../../ejit/ir.js";
import { x86_64Backend } from "../../../ejit/x86_64/index.js";
import { readmeLoop } from "../cases.js";
import { x86_64Regs } from "../../../ejit/regs.js";

function mixedProgram(n: number): Ins[] {
  const out: Ins[] = [];
  let seed = 12345;
  const rand = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  const reg = (): R => R(rand(14));
  let label = 0;
  while (out.length < n) {
    switch (rand(12)) {
      case 0: out.push(Ins.add(reg(), reg(), reg())); break;
      case 1: out.push(Ins.sub(reg(), reg(), reg())); break;
      case 2: out.push(Ins.addi(reg(), reg(), rand(1 << 20) - (1 << 19))); break;
      case 3: out.push(Ins.ld(Type.U32, reg(), reg(), rand(512))); break;
      case 4: out.push(Ins.st(Type.U64, reg(), reg(), rand(512))); break;
      case 5: out.push(Ins.movi(reg(), rand(1 << 30))); break;
      case 6: out.push(Ins.cmpi(reg(), rand(100)), Ins.b(Cond.Ne, label + (rand(2) === 0 ? -1 : 1) * rand(4))); break;
      case 7: out.push(Ins.label(label++)); break;
      case 8: out.push(Ins.shli(reg(), reg(), rand(64))); break;
      case 9: out.push(Ins.xor(reg(), reg(), reg())); break;
      case 10: out.push(Ins.vadd(Lane.I32, V(rand(15)), V(rand(15)), V(rand(15)))); break;
      default: out.push(Ins.mul(reg(), reg(), reg())); break;
    }
  }
  // Define every label a branch may name (negative targets clamp to 0).
  for (const ins of out) if (ins.op === "b" && ins.label < 0) (ins as { label: number }).label = 0;
  const last = label + 4;
  while (label < last) out.push(Ins.label(label++));
  return out;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const program = mixedProgram(200_000);
const times: number[] = [];
for (let warm = 0; warm < 10; warm++) x86_64Backend.assemble(program);
for (let run = 0; run < 15; run++) {
  const t0 = process.hrtime.bigint();
  const out = x86_64Backend.assemble(program);
  const t1 = process.hrtime.bigint();
  if (!out.ok) throw new Error(`${out.error.kind}: ${out.error.message} at ${out.error.index}`);
  times.push(Number(t1 - t0) / 1e9);
}
const t = median(times), best = Math.min(...times);
console.log(
  `mixed program: ${program.length} IR instructions in ${(t * 1e3).toFixed(2)} ms (median of 15) = ` +
    `${(program.length / t / 1e6).toFixed(1)} M IR instructions/s (best run ${(program.length / best / 1e6).toFixed(1)})`,
);

const loop = readmeLoop.program(x86_64Regs);
const REPS = 200_000;
const loopTimes: number[] = [];
for (let run = 0; run < 15; run++) {
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < REPS; k++) x86_64Backend.assemble(loop);
  const t1 = process.hrtime.bigint();
  loopTimes.push(Number(t1 - t0) / REPS);
}
console.log(`README loop (${loop.length} IR instructions): ${median(loopTimes).toFixed(0)} ns per assemble, warm (median of 15 x ${REPS})`);
