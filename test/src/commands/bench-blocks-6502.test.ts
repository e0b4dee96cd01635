/**
 * The 6502 `bench` and `blocks` commands, called in-process with a
 * captured CliIo: table and JSON shapes, block dumps, lockstep, errors.
 */
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../../src/commands/common.js";
import { benchMos6502 } from "../../../src/commands/mos6502-bench.js";
import { blocksMos6502 } from "../../../src/commands/mos6502-blocks.js";

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t) }, out, err };
}

describe("ejemu bench --machine 6502", () => {
  it("prints one row per engine with the same instruction count and a warm compile line", async () => {
    const c = capture();
    const code = await benchMos6502(["roms/6502/sieve.bin", "--machine", "6502", "--poke", "$0403=1", "--repeat", "1", "--compile-rounds", "2"], c.io);
    expect([code, c.err]).toEqual([0, []]);
    expect(c.out[0]).toBe("roms/6502/sieve.bin: bare 6502, stop: trap at $046E after 1137965 cycles, median of 1");
    const table = c.out[1]!.split("\n");
    expect(table[0]!.split(/\s+/)).toEqual(["engine", "instructions", "seconds", "MIPS", "speed-up", "blocks", "IR", "ins", "host", "bytes", "compile", "ms", "ns/ins"]);
    expect(table[1]!.split(/\s+/).slice(0, 2)).toEqual(["interp", "383153"]);
    expect(table[2]!.split(/\s+/).slice(0, 2)).toEqual(["jit", "383153"]);
    expect(c.out[2]).toMatch(/^compile \(warm, median of 2 rounds of \d+ blocks\): \d+ ns per guest instruction/);
  });

  it("--json gives the rows and says whether the engines agree", async () => {
    const c = capture();
    await benchMos6502(["roms/6502/bench/sort.bin", "--poke", "$0403=1", "--repeat", "1", "--json", "--compile-rounds", "0"], c.io);
    const report = JSON.parse(c.out[0]!) as { agree: boolean; rows: { engine: string; instructions: number; cycles: number; blocks: number }[] };
    expect(report.agree).toBe(true);
    expect(report.rows.map((r) => [r.engine, r.instructions, r.cycles])).toEqual([["interp", 128759, 403590], ["jit", 128759, 403590]]);
    expect(report.rows[1]!.blocks).toBeGreaterThan(5);
  });

  it("bad input is one line and a non-zero exit", async () => {
    for (const [args, code, line] of [
      [["missing.bin"], 1, "ejemu bench: missing.bin: no such binary"],
      [["roms/6502/sieve.bin", "--engines", "fast"], 2, "ejemu bench: unknown engine 'fast' in --engines (choose interp, jit)"],
      [["roms/6502/sieve.bin", "--load", "$FFF0"], 1, "ejemu bench: roms/6502/sieve.bin: binary is 113 bytes but only 16 fit after $FFF0"],
    ] as const) {
      const c = capture();
      expect(await benchMos6502([...args], c.io)).toBe(code);
      expect(c.err).toEqual([line]);
    }
  });
});

describe("ejemu blocks --machine 6502", () => {
  it("dumps every block with guest code, IR and host code", async () => {
    const c = capture();
    expect(await blocksMos6502(["roms/6502/selfmod.bin"], c.io)).toBe(0);
    const text = c.out.join("\n");
    expect(c.out[0]).toBe("roms/6502/selfmod.bin: stop: trap at $0403, 244 cycles, 83 instructions");
    expect(text).toMatch(/invalidations [1-9]\d*/);
    expect(text).toContain("  guest:\n");
    expect(text).toContain("  ir:\n");
    expect(text).toMatch(/ {2}host \((x86_64|aarch64)\):/);
    // the loop's blocks were dropped by its own stores; the final jump, whose target was stored to, reads it at run time
    expect(text).toMatch(/block \$0427-\$042C: 3 guest instructions.*\n.*dynamic operands: 1\n  guest:\n(.*\n){2}    042C {2}4C 03 04 {2}JMP \$0403 {2}; dynamic operand \(read at run time\), 1 code write\n/);
  });

  it("--at shows one block, --lockstep finds no divergence", async () => {
    const at = capture();
    expect(await blocksMos6502(["roms/6502/sieve.bin", "--at", "$0400", "--no-host", "--poke", "$0403=1"], at.io)).toBe(0);
    expect(at.out.filter((l) => l.startsWith("block ")).length).toBe(1);
    expect(at.out.join("\n")).not.toContain("host (");
    const ls = capture();
    expect(await blocksMos6502(["roms/6502/bench/mandel.bin", "--lockstep", "--chunk", "100003"], ls.io)).toBe(0);
    expect(ls.out[0]).toBe("no divergence: 212 chunks of 100003 cycles, identical registers, counters and RAM after every chunk");
  });
});
