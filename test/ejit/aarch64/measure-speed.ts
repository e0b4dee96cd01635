/**
 * Encoding throughput of the AArch64 backend (a measurement, not a test):
 * assembles a block-sized mixed program many times and prints the median
 * rate in IR instructions per second.
 *
 *   npx rolldown test/ejit/aarch64/measure-speed.ts --platform node --format esm \
 *     --file /tmp/a64-speed.mjs && node /tmp/a64-speed.mjs
 */
import { aarch64Backend } from "../../../ejit/aarch64/index.js";
import { Cond, Ins, Lane, R, Type, V } from "../../../ejit/ir.js";

/** A recompiled-block-like mix: loads/stores off a state register, ALU, compares, branches. */
function mixedProgram(blocks: number): Ins[] {
  const ir: Ins[] = [Ins.enter(32, [R(19), R(20)])];
  for (let b = 0; b < blocks; b++) {
    ir.push(
      Ins.label(b),
      Ins.ld(Type.U8, R(1), R(19), b & 0xff),
      Ins.ld(Type.U16, R(2), R(19), 0x100 + 2 * (b & 0x3f)),
      Ins.add(R(3), R(1), R(2)),
      Ins.andi(R(3), R(3), 0xff),
      Ins.addi(R(4), R(4), 1 + (b & 0xf)),
      Ins.st(Type.U8, R(3), R(19), b & 0xff),
      Ins.ldx(Type.U64, R(5), R(20), R(3), 3, 0),
      Ins.movi(R(6), 0x1234 + b),
      Ins.cmpi(R(4), 1000),
      Ins.select(Cond.Ult, R(7), R(5), R(6)),
      Ins.xor(R(8), R(7), R(1)),
      Ins.shri(R(8), R(8), 3),
      Ins.vadd(Lane.I32, V(0), V(1), V(2)),
      Ins.b(Cond.Ne, b + 1),
    );
  }
  ir.push(Ins.label(blocks), Ins.leave(32, [R(19), R(20)]), Ins.ret());
  return ir;
}

const program = mixedProgram(100);
const rounds = 2000;
const samples: number[] = [];
for (let trial = 0; trial < 9; trial++) {
  const start = process.hrtime.bigint();
  for (let k = 0; k < rounds; k++) {
    const out = aarch64Backend.assemble(program);
    if (!out.ok) throw new Error(out.error.message);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  samples.push((rounds * program.length) / seconds);
}
samples.sort((a, b) => a - b);
const bytes = aarch64Backend.assemble(program);
process.stdout.write(
  `aarch64 assemble: ${program.length} IR instructions -> ${bytes.ok ? bytes.bytes.length : 0} bytes; ` +
    `median ${(samples[4]! / 1e6).toFixed(1)} M IR instructions/s (min ${(samples[0]! / 1e6).toFixed(1)}, max ${(samples[8]! / 1e6).toFixed(1)})\n`,
);
