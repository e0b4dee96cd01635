/**
 * The 6502 suite: every program of roms/6502 (the benchmarks, the self-test,
 * the self-modifying programs of smc/) under the interpreter and the JIT in
 * one process, engines alternating run by run, medians of `--repeat` runs
 * (default 3). Both engines must end in the same state (registers, cycles,
 * instructions, RAM) or the suite fails. One table: guest instructions,
 * MIPS of each engine, jit/interp ratio, blocks compiled, invalidations,
 * dynamic operands compiled, share of the JIT run's instructions that the
 * interpreter ran; the worst ratio last.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/mos6502-suite.js [--repeat N] [--json] [--only NAME]
 *
 * Library-level (cpu/mos6502), so that `ejemu bench --suite` can call
 * `runMos6502Suite` and `formatMos6502Suite`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { StopReason } from "../cpu/mos6502/execute.js";
import { Mos6502 } from "../cpu/mos6502/interpreter.js";
import { Mos6502Jit, type Mos6502JitOptions } from "../cpu/mos6502/jit.js";
import { Mos6502JitMemory } from "../cpu/mos6502/jit-state.js";

export interface SuiteProgram {
  /** Path under roms/6502. */
  readonly path: string;
  /** The byte at $0403 (pass count) for the benchmark run. */
  readonly passes: number;
}

/** The suite's programs and pass counts (a few tens of ms to a second under the interpreter each). */
export const SUITE: readonly SuiteProgram[] = [
  { path: "sieve.bin", passes: 20 },
  { path: "crc32.bin", passes: 8 },
  { path: "bench/sort.bin", passes: 40 },
  { path: "bench/mandel.bin", passes: 2 },
  { path: "selftest.bin", passes: 0 },
  { path: "selfmod.bin", passes: 0 },
  { path: "smc/functional.bin", passes: 20 },
  { path: "smc/patch-imm.bin", passes: 200 },
  { path: "smc/patch-abs.bin", passes: 60 },
  { path: "smc/patch-branch.bin", passes: 200 },
  { path: "smc/copy-run.bin", passes: 80 },
  { path: "smc/self-block.bin", passes: 200 },
  { path: "smc/decimal.bin", passes: 2 },
];

const MAX_CYCLES = 2_000_000_000;

interface EngineRun {
  readonly seconds: number;
  readonly instructions: number;
  readonly cycles: number;
  readonly pc: number;
  readonly stop: StopReason;
  readonly registers: readonly number[];
  readonly ram: Uint8Array;
  readonly blocks: number;
  readonly invalidations: number;
  readonly dynamic: number;
  readonly interpreted: number;
  readonly compileMs: number;
}

function image(program: SuiteProgram, root: string): Uint8Array {
  const memory = new Uint8Array(0x10000);
  memory.set(readFileSync(root + program.path), 0x0400);
  if (program.passes > 0) memory[0x0403] = program.passes;
  return memory;
}

function runInterp(memory: Uint8Array): EngineRun {
  const cpu = new Mos6502({ memory: memory.slice(), decimal: true });
  cpu.pc = 0x0400;
  const began = process.hrtime.bigint();
  const stop = cpu.run(MAX_CYCLES, true);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  return {
    seconds, instructions: cpu.instructions, cycles: cpu.cycles, pc: cpu.pc, stop, registers: [cpu.a, cpu.x, cpu.y, cpu.s, cpu.p],
    ram: cpu.memory, blocks: 0, invalidations: 0, dynamic: 0, interpreted: cpu.instructions, compileMs: 0,
  };
}

function runJit(memory: Uint8Array, options: Mos6502JitOptions): EngineRun {
  const native = new Mos6502JitMemory();
  try {
    native.ram.set(memory);
    const cpu = new Mos6502({ memory: native.ram, state: native.state, decimal: true });
    cpu.pc = 0x0400;
    cpu.saveState();
    const jit = new Mos6502Jit(cpu, native, options);
    try {
      const began = process.hrtime.bigint();
      const stop = jit.run(MAX_CYCLES);
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      const c = jit.runtime.counters;
      return {
        seconds, instructions: cpu.instructions, cycles: cpu.cycles, pc: cpu.pc, stop, registers: [cpu.a, cpu.x, cpu.y, cpu.s, cpu.p],
        ram: native.ram.slice(), blocks: c.blocksCompiled, invalidations: c.invalidations, dynamic: jit.dynamicCompiled,
        interpreted: jit.interpretedInstructions, compileMs: c.compileMs,
      };
    } finally {
      jit.dispose();
    }
  } finally {
    native.dispose();
  }
}

export interface SuiteRow {
  readonly program: string;
  readonly passes: number;
  readonly instructions: number;
  readonly interpMips: number;
  readonly jitMips: number;
  /** jit MIPS / interp MIPS (medians). */
  readonly ratio: number;
  readonly blocks: number;
  readonly invalidations: number;
  readonly dynamic: number;
  /** Instructions the interpreter ran in the JIT run, over all instructions. */
  readonly interpretedShare: number;
  readonly compileMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;

function sameEnd(a: EngineRun, b: EngineRun): string | undefined {
  if (a.stop !== b.stop || a.pc !== b.pc) return `stop ${a.stop} at ${a.pc} vs ${b.stop} at ${b.pc}`;
  if (a.cycles !== b.cycles || a.instructions !== b.instructions) return `cycles/instructions ${a.cycles}/${a.instructions} vs ${b.cycles}/${b.instructions}`;
  if (a.registers.join() !== b.registers.join()) return `registers ${a.registers.join()} vs ${b.registers.join()}`;
  if (Buffer.compare(a.ram, b.ram) !== 0) return "RAM differs";
  return undefined;
}

/** Run the suite (engines alternating, `repeat` runs each); throws when the engines disagree. */
export function runMos6502Suite(options: { repeat?: number; root?: string; only?: string; jit?: Mos6502JitOptions } = {}): SuiteRow[] {
  const repeat = options.repeat ?? 3;
  const root = options.root ?? fileURLToPath(new URL("../../roms/6502/", import.meta.url));
  const rows: SuiteRow[] = [];
  for (const program of SUITE) {
    if (options.only !== undefined && !program.path.includes(options.only)) continue;
    const memory = image(program, root);
    const interp: EngineRun[] = [];
    const jit: EngineRun[] = [];
    for (let k = 0; k < repeat; k++) {
      interp.push(runInterp(memory));
      jit.push(runJit(memory, options.jit ?? {}));
      const difference = sameEnd(interp[k]!, jit[k]!);
      if (difference !== undefined) throw new Error(`${program.path}: the engines disagree: ${difference}`);
    }
    const n = interp[0]!.instructions;
    const interpMips = n / median(interp.map((r) => r.seconds)) / 1e6;
    const jitMips = n / median(jit.map((r) => r.seconds)) / 1e6;
    const last = jit[jit.length - 1]!;
    rows.push({
      program: program.path, passes: program.passes, instructions: n, interpMips, jitMips, ratio: jitMips / interpMips,
      blocks: last.blocks, invalidations: last.invalidations, dynamic: last.dynamic, interpretedShare: last.interpreted / n,
      compileMs: median(jit.map((r) => r.compileMs)),
    });
  }
  return rows;
}

/** The table, the worst ratio last. */
export function formatMos6502Suite(rows: readonly SuiteRow[]): string {
  const header = ["program", "passes", "instructions", "interp MIPS", "jit MIPS", "jit/interp", "blocks", "invalidations", "dynamic", "interpreted", "compile ms"];
  const cells = rows.map((r) => [
    r.program, String(r.passes), String(r.instructions), r.interpMips.toFixed(1), r.jitMips.toFixed(1), `${r.ratio.toFixed(2)}x`,
    String(r.blocks), String(r.invalidations), String(r.dynamic), `${(r.interpretedShare * 100).toFixed(2)}%`, r.compileMs.toFixed(1),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k]!.length)));
  const line = (c: readonly string[]) => c.map((v, k) => (k === 0 ? v.padEnd(widths[k]!) : v.padStart(widths[k]!))).join("  ");
  const out = [line(header), ...cells.map(line)];
  if (rows.length > 0) {
    const worst = rows.reduce((w, r) => (r.ratio < w.ratio ? r : w));
    out.push(`worst jit/interp: ${worst.ratio.toFixed(2)}x (${worst.program})`);
  }
  return out.join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { repeat: { type: "string" }, json: { type: "boolean" }, only: { type: "string" }, "tier-threshold": { type: "string" } },
  });
  const tier = values["tier-threshold"] === undefined ? undefined : Number(values["tier-threshold"]);
  const rows = runMos6502Suite({ repeat: values.repeat === undefined ? 3 : Number(values.repeat), only: values.only, jit: { tierThreshold: tier } });
  process.stdout.write((values.json ? JSON.stringify(rows, null, 2) : formatMos6502Suite(rows)) + "\n");
}
