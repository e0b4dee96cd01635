/**
 * The bare 6502 through the machine-neutral `bench` and `blocks`, called
 * in-process with captured output: table and JSON shapes, block dumps,
 * lockstep, errors.
 */
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

describe("ejemu bench on the bare 6502", () => {
  it("prints one row per engine with the same instruction count and a warm compile line", async () => {
    const r = await cli("bench", "roms/6502/sieve.bin", "--machine", "6502", "--poke", "$0403=1", "--repeat", "1", "--compile-rounds", "2");
    expect([r.code, r.err]).toEqual([0, []]);
    expect(r.out[0]).toBe("roms/6502/sieve.bin: bare 6502, load $0400, entry $0400, decimal on, until it stops, median of 1");
    expect(r.out[1]!.split(/\s+/)).toEqual(["engine", "instructions", "seconds", "MIPS", "speed-up", "blocks", "IR", "ins", "host", "bytes", "compile", "ms", "ns/ins"]);
    expect(r.out[2]!.split(/\s+/).slice(0, 2)).toEqual(["interp", "383153"]);
    expect(r.out[3]!.split(/\s+/).slice(0, 2)).toEqual(["jit", "383153"]);
    expect(r.out[4]).toMatch(/^compile \(warm, median of 2 rounds of \d+ blocks\): \d+ ns per guest instruction/);
  });

  it("--json gives the rows and says whether the engines agree", async () => {
    const r = await cli("bench", "roms/6502/bench/sort.bin", "--poke", "$0403=1", "--repeat", "1", "--json", "--compile-rounds", "0");
    const report = JSON.parse(r.out[0]!) as { agree: boolean; rows: { engine: string; instructions: number; cycles: number; blocks: number; stopped: string }[] };
    expect(report.agree).toBe(true);
    expect(report.rows.map((row) => [row.engine, row.instructions, row.cycles, row.stopped])).toEqual([
      ["interp", 128759, 403590, "trap at $046E"], ["jit", 128759, 403590, "trap at $046E"],
    ]);
    expect(report.rows[1]!.blocks).toBeGreaterThan(5);
  });

  it("bad input is one line and a non-zero exit", async () => {
    for (const [args, code, line] of [
      [["missing.bin"], 1, "ejemu bench: missing.bin: no such ROM"],
      [["roms/6502/sieve.bin", "--engines", "fast"], 2, "ejemu bench: unknown engine 'fast' in --engines (choose interp, jit) (see ejemu bench --help)"],
      [["roms/6502/sieve.bin", "--load", "$FFF0"], 1, "ejemu bench: roms/6502/sieve.bin: binary is 113 bytes but only 16 fit after $FFF0"],
    ] as const) {
      expect(await cli("bench", ...args)).toEqual({ code, out: [], err: [line] });
    }
  });
});

describe("ejemu blocks on the bare 6502", () => {
  it("dumps every block with guest code, IR and host code", async () => {
    const r = await cli("blocks", "roms/6502/selfmod.bin");
    const text = r.out.join("\n");
    expect([r.code, r.out[0]]).toEqual([0, "roms/6502/selfmod.bin: 1 frames, 83 instructions, 244 cycles, stopped: trap at $0403"]);
    expect(text).toMatch(/invalidations [1-9]\d*/);
    expect(text).toContain("  guest:\n");
    expect(text).toContain("  ir:\n");
    expect(text).toMatch(/ {2}host \((x86_64|aarch64)\):/);
    // the loop's blocks were dropped by its own stores; the final jump, whose target was stored to, reads it at run time
    expect(text).toMatch(/block \$0427-\$042C: 3 guest instructions.*\n.*dynamic operands: 1\n  guest:\n(.*\n){2}    042C {2}4C 03 04 {2}JMP \$0403 {2}; dynamic operand \(read at run time\), 1 code write\n/);
  });

  it("--at shows one block, --lockstep finds no divergence", async () => {
    const at = await cli("blocks", "roms/6502/sieve.bin", "--at", "$0400", "--no-host", "--poke", "$0403=1");
    expect(at.out.filter((l) => l.startsWith("block ")).length).toBe(1);
    expect(at.out.join("\n")).not.toContain("host (");
    const ls = await cli("blocks", "roms/6502/bench/mandel.bin", "--lockstep", "--frame-cycles", "100003");
    expect([ls.code, ls.out]).toEqual([0, ["no divergence: 212 frames, 5590740 instructions, identical state after every frame"]]);
  });
});

describe("ejemu bench --suite", () => {
  it("runs the chosen programs of a machine's suite under both engines, one line each, the worst ratio last", async () => {
    const r = await cli("bench", "--suite", "--machine", "6502", "--only", "selftest,selfmod", "--repeat", "1", "--json");
    expect([r.code, r.err]).toEqual([0, []]);
    const report = JSON.parse(r.out[0]!) as { rows: { machine: string; program: string; instructions: number; ratio: number }[]; worst: { program: string; ratio: number } };
    expect(report.rows.map((row) => [row.machine, row.program, row.instructions])).toEqual([["6502", "selftest", 1613], ["6502", "selfmod", 83]]);
    const worst = report.rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    expect(report.worst).toEqual({ machine: "6502", program: worst.program, ratio: worst.ratio });
    const text = await cli("bench", "--suite", "--machine", "6502", "--only", "selfmod", "--repeat", "1");
    expect(text.out[1]!.split(/\s+/).slice(0, 4)).toEqual(["machine", "program", "instructions", "interp"]);
    expect(text.out[2]!.split(/\s+/).slice(0, 3)).toEqual(["6502", "selfmod", "83"]);
    expect(text.out[3]).toMatch(/^worst: 6502 selfmod, \d+\.\dx the interpreter$/);
  });

  it("says so when nothing matches, and takes no ROM", async () => {
    expect(await cli("bench", "--suite", "--only", "nosuch")).toEqual({ code: 2, out: [], err: ["ejemu bench: no suite program is called nosuch (see ejemu bench --help)"] });
    expect(await cli("bench", "--suite", "roms/6502/sieve.bin")).toEqual({ code: 2, out: [], err: ["ejemu bench: --suite takes no ROM (see ejemu bench --help)"] });
  });
});

describe("--tier and --dynamic reach the recompiler", () => {
  it("blocks compiles every block at once by default; --tier 16 leaves cold code to the interpreter", async () => {
    const report = async (...extra: string[]) => {
      const r = await cli("blocks", "roms/6502/smc/patch-imm.bin", "--poke", "$0403=5", "--json", ...extra);
      expect([r.code, r.err]).toEqual([0, []]);
      return JSON.parse(r.out[0]!) as { counters: { blocksCompiled: number }; interpreted: number };
    };
    const atOnce = await report();
    const tiered = await report("--tier", "16");
    expect(tiered.interpreted).toBeGreaterThan(atOnce.interpreted);
    expect(tiered.counters.blocksCompiled).toBeLessThan(atOnce.counters.blocksCompiled);
  });

  it("--dynamic off makes every patched operand invalidate its block again", async () => {
    const run = async (dynamic: string) => {
      const r = await cli("bench", "roms/6502/smc/patch-imm.bin", "--poke", "$0403=20", "--engines", "jit", "--repeat", "1", "--compile-rounds", "0", "--tier", "0", "--dynamic", dynamic, "--json");
      expect([r.code, r.err]).toEqual([0, []]);
      return (JSON.parse(r.out[0]!) as { rows: { invalidations: number; dynamicOperands: number }[] }).rows[0]!;
    };
    const on = await run("on");
    const off = await run("off");
    // deterministic counts of this program: with dynamic operands 4 drops (the first stores, before any operand is known
    // to change) and 22 instructions compiled to read their operand; without, a drop at every rewrite until the
    // block backs off to the interpreter
    expect([on.invalidations, on.dynamicOperands, off.invalidations, off.dynamicOperands]).toEqual([4, 22, 34, 0]);
  });
});
