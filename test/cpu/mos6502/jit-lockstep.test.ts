/**
 * Lockstep: every 6502 program of the project (roms/6502, loaded and
 * entered at $0400), the JIT against the interpreter, registers, counters
 * and all 64 KiB compared after every chunk of cycles. Odd chunk sizes
 * make the cycle limit fall inside blocks, so the budget check and the
 * interpreter tail run thousands of times.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runLockstep } from "../../../cpu/mos6502/jit-diagnose.js";
import { StopReason } from "../../../cpu/mos6502/execute.js";

function binariesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...binariesUnder(path));
    else if (name.endsWith(".bin")) out.push(path);
  }
  return out.sort();
}

const ROMS = binariesUnder("roms/6502");

function startOf(path: string): { memory: Uint8Array; pc: number } {
  const memory = new Uint8Array(0x10000);
  memory.set(readFileSync(path), 0x0400);
  return { memory, pc: 0x0400 };
}

describe("6502 JIT lockstep on roms/6502", () => {
  test("there are programs to run", () => {
    expect(ROMS.length).toBeGreaterThanOrEqual(4);
  });
  for (const path of ROMS) {
    // compiling every block at once (the recompiler everywhere), and tiered (the default: interpreted until hot)
    for (const [chunk, decimal, tierThreshold] of [[7919, true, 1], [100_003, false, undefined], [65_537, true, undefined]] as const) {
      test(`${path}, chunks of ${chunk} cycles, decimal ${decimal ? "on" : "off"}, ${tierThreshold === 1 ? "compiled at once" : "tiered"}`, () => {
        const result = runLockstep(startOf(path), { decimal, maxCycles: 40_000_000, chunkCycles: chunk, diagnose: true, jit: { tierThreshold } });
        expect(result.divergence).toBeUndefined();
        expect(result.stop).toBe(StopReason.Trap);
        if (tierThreshold === 1) expect(result.jitCounters.blocksCompiled).toBeGreaterThan(0);
      });
    }
  }
  test("the self-modifying program recompiles the code it rewrites", () => {
    const result = runLockstep(startOf("roms/6502/selfmod.bin"), { maxCycles: 1_000_000, chunkCycles: 1_000_000, jit: { tierThreshold: 1 } });
    expect(result.divergence).toBeUndefined();
    expect(result.jitCounters.invalidations).toBeGreaterThan(0);
  });
  test("a run that ends at the cycle limit stops where the interpreter does", () => {
    for (const limit of [1, 2, 3, 100, 12_345, 99_999]) {
      const result = runLockstep(startOf("roms/6502/sieve.bin"), { maxCycles: limit, chunkCycles: limit });
      expect(result.divergence).toBeUndefined();
      expect(result.stop).toBe(StopReason.Budget);
      expect(result.interp.cycles).toBeGreaterThanOrEqual(limit);
      expect(result.interp.cycles).toBeLessThan(limit + 8);
    }
  });
});
