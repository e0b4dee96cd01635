/**
 * The CHIP-8 engine suite: small CPU-bound programs (roms/bench/suite/, one
 * thing each) under both engines in one process, engines alternating run
 * by run, medians of `--repeat` runs. Prints one table (program, interp
 * MIPS, jit MIPS, ratio, blocks, share of the JIT's instructions the
 * interpreter ran) with the worst ratio last.
 *
 *   node dist/bench/chip8-suite.js [--repeat N] [--scale F] [--only NAME,...] [--json]
 *
 * Every program runs at a tickrate of 1,000,000 (no program waits, so each
 * frame runs all of it: CPU-bound) for as many frames as give about
 * `scale` x its nominal instruction count (sprite programs fewer, the
 * interpreter draws pixel by pixel). The profile comes from the extension
 * (.ch8 chip8, .sc8 schip: clipped sprites, .xo8 xochip: wrapped, planes).
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { profileSettings, type Chip8ProfileName } from "../cpu/chip8/quirks.js";
import { benchRows, type BenchRow } from "../src/commands/bench.js";

/** Suite programs with the millions of instructions a run executes (at --scale 1). */
export const SUITE: readonly { readonly file: string; readonly what: string; readonly millions: number }[] = [
  { file: "alu-flags.ch8", what: "ALU with flags, skip on VF", millions: 40 },
  { file: "skips.ch8", what: "3XNN/4XNN/5XY0/9XY0 skips", millions: 40 },
  { file: "call-ret.ch8", what: "2NNN/00EE, nested", millions: 40 },
  { file: "jump-table.ch8", what: "BNNN jump table, 4 cases", millions: 40 },
  { file: "bcd.ch8", what: "FX33 + FX65", millions: 40 },
  { file: "load-store.ch8", what: "FX55/FX65, 8 registers", millions: 40 },
  { file: "timers.ch8", what: "FX07 polled, FX15/FX18", millions: 40 },
  { file: "random.ch8", what: "CXNN", millions: 40 },
  { file: "lores-clip.sc8", what: "lores 8x5 digits, clipped", millions: 4 },
  { file: "lores-wrap.xo8", what: "lores 8x5 digits, wrapped", millions: 4 },
  { file: "hires-clip.sc8", what: "hires 8x10 + 16x16, clipped", millions: 2 },
  { file: "hires-wrap.xo8", what: "hires 8x10 + 16x16, wrapped", millions: 2 },
  { file: "planes.xo8", what: "XO-CHIP planes 1, 2, 3", millions: 4 },
];

export const SUITE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "roms", "bench", "suite");
const TICKRATE = 1_000_000;

export function profileOf(file: string): Chip8ProfileName {
  if (file.endsWith(".sc8")) return "schip";
  if (file.endsWith(".xo8")) return "xochip";
  return "chip8";
}

export interface SuiteRow {
  readonly program: string;
  readonly what: string;
  readonly instructions: number;
  readonly interpMips: number;
  readonly jitMips: number;
  readonly ratio: number;
  readonly blocks: number;
  /** Share of the JIT run's instructions that the interpreter ran (tails, rare instructions, cold blocks). */
  readonly interpretedShare: number;
  readonly compileMs: number;
}

export function runSuite(repeat: number, scale: number, only?: readonly string[]): SuiteRow[] {
  const rows: SuiteRow[] = [];
  for (const p of SUITE) {
    const name = basename(p.file).replace(/\.[^.]+$/, "");
    if (only !== undefined && !only.includes(name)) continue;
    const rom = readFileSync(join(SUITE_DIR, p.file));
    const settings = profileSettings(profileOf(p.file));
    settings.tickrate = TICKRATE;
    const frames = Math.max(1, Math.round((p.millions * 1e6 * scale) / TICKRATE));
    const [interp, jit] = benchRows(rom, settings, ["interp", "jit"], frames, repeat) as [BenchRow, BenchRow];
    rows.push({
      program: name, what: p.what, instructions: jit.instructions, interpMips: interp.mips, jitMips: jit.mips,
      ratio: jit.mips / interp.mips, blocks: jit.blocks, interpretedShare: jit.interpreted / Math.max(1, jit.instructions),
      compileMs: jit.compileMs,
    });
  }
  return rows;
}

export function formatSuite(rows: readonly SuiteRow[]): string {
  const sorted = [...rows].sort((a, b) => b.ratio - a.ratio);
  const head = ["program", "what", "instructions", "interp MIPS", "jit MIPS", "ratio", "blocks", "interpreted"];
  const body = sorted.map((r) => [
    r.program, r.what, r.instructions.toLocaleString("en"), r.interpMips.toFixed(1), r.jitMips.toFixed(1),
    `${r.ratio.toFixed(1)}x`, String(r.blocks), `${(r.interpretedShare * 100).toFixed(2)}%`,
  ]);
  const all = [head, ...body];
  const widths = head.map((_, k) => Math.max(...all.map((line) => line[k]!.length)));
  const lines = all.map((line) => line.map((cell, k) => (k < 2 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join("  "));
  const worst = sorted[sorted.length - 1];
  if (worst !== undefined) lines.push(`worst: ${worst.program} ${worst.ratio.toFixed(1)}x`);
  return lines.join("\n");
}

function main(): number {
  const { values } = parseArgs({
    options: {
      repeat: { type: "string", default: "3" },
      scale: { type: "string", default: "1" },
      only: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const repeat = Number(values.repeat);
  const scale = Number(values.scale);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat wants a positive integer, got ${values.repeat}`);
  if (!(scale > 0)) throw new Error(`--scale wants a positive number, got ${values.scale}`);
  const rows = runSuite(repeat, scale, values.only?.split(","));
  process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatSuite(rows)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
