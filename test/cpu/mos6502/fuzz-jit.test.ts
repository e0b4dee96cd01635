/**
 * Differential fuzzer: random programs (jit-fuzz-programs.ts) under the
 * interpreter and the JIT, compared after every chunk of cycles. A
 * divergence fails with the seed, both states and the first divergent
 * block (guest disassembly and IR). MOS6502_FUZZ_CASES=N runs N cases
 * (default 300, a few seconds); MOS6502_FUZZ_SEED moves the seeds.
 */
import { afterAll, describe, expect, test } from "vitest";
import { Mos6502Pair, runLockstep } from "../../../cpu/mos6502/jit-diagnose.js";
import { Random, randomProgram } from "./jit-fuzz-programs.js";

const CASES = Number(process.env.MOS6502_FUZZ_CASES ?? 300);
const FIRST_SEED = Number(process.env.MOS6502_FUZZ_SEED ?? 1);

describe("6502 JIT differential fuzzer", () => {
  // decimal on/off (seed bit 0) x every block compiled at once / tiered with a low threshold (seed bit 1)
  const options = [{ codeCacheBytes: 1 << 20, tierThreshold: 1 }, { codeCacheBytes: 1 << 20, tierThreshold: 3 }];
  const pairs = [
    new Mos6502Pair(true, options[0]), new Mos6502Pair(false, options[0]), new Mos6502Pair(true, options[1]), new Mos6502Pair(false, options[1]),
  ];
  afterAll(() => pairs.forEach((p) => p.dispose()));
  const stats = { blocks: 0, invalidations: 0, interpreted: 0 };

  test(`${CASES} random programs run identically under both engines`, () => {
    for (let k = 0; k < CASES; k++) {
      const seed = FIRST_SEED + k;
      const pair = pairs[seed & 3]!;
      const before = { ...pair.jit.runtime.counters, interpreted: pair.jit.interpretedInstructions };
      const chunk = 200 + new Random(seed * 7 + 3).below(20_000);
      const result = runLockstep(randomProgram(seed), { maxCycles: 60_000, chunkCycles: chunk }, pair);
      if (result.divergence !== undefined) {
        const jit = options[(seed >> 1) & 1]!;
        const detail = runLockstep(randomProgram(seed), { decimal: (seed & 1) === 0, maxCycles: 60_000, chunkCycles: chunk, diagnose: true, jit });
        expect.fail(`seed ${seed} (decimal ${(seed & 1) === 0 ? "on" : "off"}, tier threshold ${jit.tierThreshold}, chunks of ${chunk} cycles):\n${detail.divergence ?? result.divergence}`);
      }
      const c = pair.jit.runtime.counters;
      stats.blocks += c.blocksCompiled - before.blocksCompiled;
      stats.invalidations += c.invalidations - before.invalidations;
      stats.interpreted += pair.jit.interpretedInstructions - before.interpreted;
    }
    // the programs exercise what they are meant to: compiled blocks, self-modification, interpreter hand-offs
    expect(stats.blocks).toBeGreaterThan(CASES * 3);
    expect(stats.invalidations).toBeGreaterThan(CASES / 10);
    expect(stats.interpreted).toBeGreaterThan(0);
  });
});
