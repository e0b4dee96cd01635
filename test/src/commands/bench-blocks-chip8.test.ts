/**
 * The `bench` and `blocks` commands (src/commands/bench.ts, blocks.ts) on
 * the project's benchmark ROM, output captured.
 */
import { describe, expect, test } from "vitest";
import { benchCommand, formatBenchTable } from "../../../src/commands/bench.js";
import { blocksCommand } from "../../../src/commands/blocks.js";
import type { CliIo } from "../../../src/commands/common.js";
import { hostArch } from "../../../ejit/index.js";

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(...t.split("\n")), err: (t) => lines.push(...t.split("\n")) };
}

describe("bench", () => {
  test("both engines run the same instructions; JSON rows carry the counters", async () => {
    const io = capture();
    expect(await benchCommand(["roms/bench/loop.ch8", "--tickrate", "5000", "--frames", "3", "--repeat", "1", "--json"], io)).toBe(0);
    const report = JSON.parse(io.lines[0]!) as { rows: { engine: string; instructions: number; blocks: number; speedup: number }[] };
    expect(report.rows.map((r) => r.engine)).toEqual(["interp", "jit"]);
    expect(report.rows[0]!.instructions).toBe(15000);
    expect(report.rows[1]!.instructions).toBe(15000);
    expect(report.rows[0]!.speedup).toBe(1);
    expect(report.rows[1]!.blocks).toBeGreaterThan(0);
    expect((report as unknown as { agree: boolean }).agree).toBe(true);
  });
  test("the table has one header and one line per engine", () => {
    const row = {
      engine: "jit" as const, instructions: 10, seconds: 0.5, mips: 20, blocks: 2, irInstructions: 30, hostBytes: 400, compileMs: 1.5,
      compileNsPerInstruction: 150, interpreted: 0, nativeEntries: 3, stopped: undefined, speedup: 2.5, cycles: undefined, frames: 5,
      invalidations: 0, dynamicOperands: undefined,
    };
    const lines = formatBenchTable([row]).split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(/\s+/)).toEqual(["engine", "instructions", "seconds", "MIPS", "speed-up", "blocks", "IR", "ins", "host", "bytes", "compile", "ms", "ns/ins"]);
    expect(lines[1]!.split(/\s+/)).toEqual(["jit", "10", "0.500", "20.0", "2.5x", "2", "30", "400", "1.50", "150"]);
  });
  test("bad --engines is a usage error", async () => {
    await expect(benchCommand(["roms/bench/loop.ch8", "--engines", "fast"], capture())).rejects.toThrow("unknown engine 'fast'");
  });
});

describe("blocks", () => {
  test("lists blocks with guest code, IR and host code", async () => {
    const io = capture();
    expect(await blocksCommand(["roms/bench/loop.ch8", "--frames", "2", "--tickrate", "100"], io)).toBe(0);
    const text = io.lines.join("\n");
    expect(text).toContain("block 0200: ");
    expect(text).toContain("    0200  6000  ld v0, 0x00");
    expect(text).toMatch(/ {6}cmpi r12, \d+/);
    expect(text).toContain(`  host (${hostArch}):`);
  });
  test("--at shows one block; --lockstep finds no divergence", async () => {
    const one = capture();
    expect(await blocksCommand(["roms/bench/loop.ch8", "--frames", "2", "--tickrate", "100", "--at", "0x228", "--no-host"], one)).toBe(0);
    expect(one.lines.filter((l) => l.startsWith("block "))).toEqual([expect.stringMatching(/^block 0228: /)]);
    const lock = capture();
    expect(await blocksCommand(["roms/bench/sieve.ch8", "--frames", "30", "--lockstep"], lock)).toBe(0);
    expect(lock.lines).toEqual(["no divergence: 30 frames, 450 instructions, identical state after every frame"]);
  });
});

describe("blocks --poke", () => {
  test("a poked byte is seen by the compiled code (and by the interpreter under --lockstep)", async () => {
    // loop.ch8 starts with ld v0, 0 (60 00): poke it to ld v0, 0x42 and look at the first block
    const io = capture();
    expect(await blocksCommand(["roms/bench/loop.ch8", "--frames", "1", "--tickrate", "100", "--poke", "0x201=0x42", "--at", "0x200", "--no-host"], io)).toBe(0);
    expect(io.lines).toContain("    0200  6042  ld v0, 0x42");
    const lock = capture();
    expect(await blocksCommand(["roms/bench/loop.ch8", "--frames", "5", "--poke", "0x201=0x42", "--lockstep"], lock)).toBe(0);
    expect(lock.lines[0]).toMatch(/^no divergence: 5 frames, /);
  });
});

describe("blocks --json", () => {
  test("one object with the counters and every block's guest code, IR and host code", async () => {
    const io = capture();
    expect(await blocksCommand(["roms/bench/loop.ch8", "--frames", "1", "--tickrate", "100", "--json"], io)).toBe(0);
    const report = JSON.parse(io.lines[0]!) as {
      counters: { blocksCompiled: number };
      blocks: { pc: number; guest: { pc: number; text: string }[]; ir: string; host: string }[];
    };
    expect(report.blocks.length).toBe(report.counters.blocksCompiled);
    const first = report.blocks.find((b) => b.pc === 0x200)!;
    expect(first.guest[0]).toEqual({ pc: 0x200, text: "ld v0, 0x00" });
    expect(first.ir.split("\n")[0]).toMatch(/^ {2}ld\.u64 /); // the entry counter comes first
    expect(first.host.split("\n").length).toBeGreaterThan(5);
  });
});
