/**
 * What `ejemu bench` prints for every machine: one measured run per engine,
 * the median of repeated runs, speed-ups over the interpreter, and the
 * table. The machines' bench commands measure; this file only reports.
 */
import { hostArch } from "../../ejit/regs.js";
import { CliError, usageError } from "./common.js";

export type BenchEngine = "interp" | "jit";

/** `--engines interp,jit`: default both (only interp where Ejit has no backend for this host). */
export function parseBenchEngines(text: string | undefined): BenchEngine[] {
  if (text === undefined) return hostArch === undefined ? ["interp"] : ["interp", "jit"];
  const names = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const n of names) {
    if (n !== "interp" && n !== "jit") throw usageError(`unknown engine '${n}' in --engines (choose interp, jit)`);
    if (n === "jit" && hostArch === undefined) throw new CliError(`the jit engine has no backend on ${process.arch}`, 2);
  }
  if (names.length === 0) throw usageError("--engines needs at least one engine");
  return names as BenchEngine[];
}

/** The columns every machine's bench measures for one engine run. */
export interface BenchMeasurement {
  readonly engine: string;
  readonly instructions: number;
  readonly seconds: number;
  readonly mips: number;
  readonly blocks: number;
  readonly irInstructions: number;
  readonly hostBytes: number;
  readonly compileMs: number;
  /** Compile time per guest instruction translated, in ns. */
  readonly compileNsPerInstruction: number;
}

/** A measurement with its speed relative to the interpreter's MIPS (0 when the interpreter did not run). */
export type WithSpeedup<T extends BenchMeasurement> = T & { readonly speedup: number };

/** The run with the median time. */
export function medianRun<T extends BenchMeasurement>(runs: readonly T[]): T {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return sorted[(sorted.length - 1) >> 1]!;
}

/** Each engine's median run, with speed-ups over the interpreter's. */
export function medianRows<T extends BenchMeasurement>(runsPerEngine: readonly (readonly T[])[]): WithSpeedup<T>[] {
  const medians = runsPerEngine.map(medianRun);
  const base = medians.find((m) => m.engine === "interp");
  return medians.map((m) => ({ ...m, speedup: base === undefined ? 0 : m.mips / base.mips }));
}

const fixed = (n: number, digits: number): string => n.toFixed(digits);

/** The table `bench` prints, one line per engine. */
export function formatBenchTable(rows: readonly WithSpeedup<BenchMeasurement>[]): string {
  const header = ["engine", "instructions", "seconds", "MIPS", "speed-up", "blocks", "IR ins", "host bytes", "compile ms", "ns/ins"];
  const body = rows.map((r) => [
    r.engine, String(r.instructions), fixed(r.seconds, 3), fixed(r.mips, 1), r.speedup === 0 ? "-" : fixed(r.speedup, 1) + "x",
    String(r.blocks), String(r.irInstructions), String(r.hostBytes), fixed(r.compileMs, 2),
    r.engine === "jit" ? fixed(r.compileNsPerInstruction, 0) : "-",
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((row) => row[k]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join("  ");
  return [line(header), ...body.map(line)].join("\n");
}
