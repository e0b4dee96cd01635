/**
 * `ejemu bench ROM`: the same ROM, frames and settings under each engine in
 * one process, headless, timed around the frame loop only (machine set-up
 * excluded; the JIT's compile time is inside the loop and also reported on
 * its own). One table, or JSON; `--repeat N` reports each engine's median.
 */
import { parseArgs } from "node:util";
import type { Chip8EngineName } from "../../cpu/chip8/engine.js";
import { Chip8Interpreter } from "../../cpu/chip8/interpreter.js";
import { Chip8Jit } from "../../cpu/chip8/jit.js";
import { allocateChip8JitMemory } from "../../cpu/chip8/jit-state.js";
import type { Chip8Settings } from "../../cpu/chip8/quirks.js";
import { Chip8Fault, Chip8Machine, RomError } from "../machines/chip8/machine.js";
import { CHIP8_FLAGS, CHIP8_FLAGS_HELP, chip8SettingsFromFlags, type FlagValues } from "./chip8-flags.js";
import { CliError, parseInteger, processIo, usageError, type CliIo } from "./common.js";
import { formatBenchTable, medianRows, parseBenchEngines, type BenchMeasurement, type WithSpeedup } from "./bench-table.js";
import { isFor6502, loadProgram } from "./program.js";

export { formatBenchTable };
import { parseKeyScript } from "./run.js";

/** One CHIP-8 run: the bench columns (bench-table.ts) and what only CHIP-8 reports. */
export interface EngineMeasurement extends BenchMeasurement {
  readonly engine: Chip8EngineName;
  /** Instructions the JIT left to the interpreter (tails, rare instructions). */
  readonly interpreted: number;
  /** Calls from JS into native code. */
  readonly nativeEntries: number;
  /** The guest faulted or exited before the last frame. */
  readonly stopped: string | undefined;
}

/** Scripted key presses: `frame` is when the event happens (before that frame runs). */
export interface BenchKey {
  readonly frame: number;
  readonly key: number;
  readonly down: boolean;
}

export function measureEngine(
  rom: Uint8Array, settings: Chip8Settings, engine: Chip8EngineName, frames: number, keys: readonly BenchKey[] = [],
): EngineMeasurement {
  const memory = engine === "jit" ? allocateChip8JitMemory() : undefined;
  let jit: Chip8Jit | undefined;
  const machine = new Chip8Machine(rom, {
    settings,
    buffer: memory?.buffer,
    engine: (state, s) => (engine === "jit" ? (jit = new Chip8Jit(state, s)) : new Chip8Interpreter(state, s)),
  });
  let stopped: string | undefined;
  const start = process.hrtime.bigint();
  let nextKey = 0;
  for (let f = 0; f < frames; f++) {
    while (nextKey < keys.length && keys[nextKey]!.frame === f) {
      const ev = keys[nextKey++]!;
      if (ev.down) machine.pressKey(ev.key);
      else machine.releaseKey(ev.key);
    }
    try {
      machine.runFrame();
    } catch (error) {
      if (!(error instanceof Chip8Fault)) throw error;
      stopped = error.message;
      break;
    }
    if (machine.exited) {
      stopped = "exit";
      break;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const c = jit?.runtime.counters;
  const result: EngineMeasurement = {
    engine,
    instructions: machine.instructions,
    seconds,
    mips: machine.instructions / seconds / 1e6,
    blocks: c?.blocksCompiled ?? 0,
    irInstructions: c?.irInstructions ?? 0,
    hostBytes: c?.hostBytes ?? 0,
    compileMs: c?.compileMs ?? 0,
    compileNsPerInstruction: c === undefined || c.guestInstructionsCompiled === 0 ? 0 : (c.compileMs * 1e6) / c.guestInstructionsCompiled,
    interpreted: jit?.interpretedInstructions ?? 0,
    nativeEntries: c?.nativeEntries ?? 0,
    stopped,
  };
  jit?.dispose();
  memory?.dispose();
  return result;
}

/** Instructions per frame for `--tickrate unlimited`: far more than any frame needs, so the ROM is CPU-bound. */
export const UNLIMITED_TICKRATE = 10_000_000;

export const BENCH_HELP = `usage: ejemu bench ROM [options]

Run ROM headless under each engine (same frames, same settings) and print
one table: guest instructions, seconds, guest MIPS, speed-up over the
interpreter, blocks compiled, IR instructions, host code bytes, compile time.

  --frames N             frames to run (default 600; 20 with --tickrate unlimited)
  --tickrate N|unlimited instructions per frame; unlimited = ${UNLIMITED_TICKRATE.toLocaleString("en")} (CPU-bound measurement)
  --repeat N             runs per engine; the median is reported (default 3)
  --warmup N             runs per engine first, not counted (default 0: the JIT's compile time is
                         then mostly V8 optimising the recompiler itself, as in a fresh process)
  --keys 'F:K+,F:K-,...' press (+) or release (-) hex key K before frame F (as for run)
  --engines LIST         comma-separated, from interp,jit (default both; jit only where Ejit has a backend)
  --json                 print the rows as JSON
${CHIP8_FLAGS_HELP}`;

const BENCH_FLAGS = {
  ...CHIP8_FLAGS,
  frames: { type: "string" },
  repeat: { type: "string" },
  warmup: { type: "string" },
  engines: { type: "string" },
  keys: { type: "string" },
  json: { type: "boolean" },
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export type BenchRow = WithSpeedup<EngineMeasurement>;

/** Measure every engine in `engines` and compute speed-ups over the interpreter. */
export function benchRows(
  rom: Uint8Array, settings: Chip8Settings, engines: readonly Chip8EngineName[], frames: number, repeat: number,
  keys: readonly BenchKey[] = [], progress?: (done: number, total: number) => void, warmup = 0,
): BenchRow[] {
  // Runs alternate between engines, so load from other processes on a shared machine hits both alike.
  // Warm-up runs (not counted) let V8 optimise the engines' own JS first, the recompiler's included.
  const runs = engines.map((): EngineMeasurement[] => []);
  const total = (warmup + repeat) * engines.length;
  for (let k = 0; k < warmup + repeat; k++) {
    engines.forEach((engine, e) => {
      progress?.(k * engines.length + e, total);
      const m = measureEngine(rom, settings, engine, frames, keys);
      if (k >= warmup) runs[e]!.push(m);
    });
  }
  return medianRows(runs);
}

export async function benchCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  // The bare 6502 has flags of its own (--load, --entry): route before parsing CHIP-8 flags.
  if (isFor6502(argv)) return (await import("./mos6502-bench.js")).benchMos6502(argv, io);
  const { values, positionals } = parseArgs({ args: argv, options: BENCH_FLAGS, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(BENCH_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usageError("ejemu bench needs exactly one ROM (see ejemu bench --help)");
  const loaded = loadProgram(positionals[0]!, values.machine);
  if (loaded.machine !== "chip8") throw new CliError("ejemu bench measures CHIP-8 ROMs only for now", 2);
  const flags = values as FlagValues;
  const unlimited = flags["tickrate"] === "unlimited";
  const flagValues: FlagValues = { ...flags, tickrate: unlimited ? undefined : flags["tickrate"] };
  const settings = chip8SettingsFromFlags(flagValues, loaded.program.profileGuess);
  if (unlimited) settings.tickrate = UNLIMITED_TICKRATE;
  const frames = values.frames === undefined ? (unlimited ? 20 : 600) : parseInteger(values.frames, "--frames", 1, 10_000_000);
  const repeat = values.repeat === undefined ? 3 : parseInteger(values.repeat, "--repeat", 1, 1000);
  const warmup = values.warmup === undefined ? 0 : parseInteger(values.warmup, "--warmup", 0, 1000);
  const engines = parseBenchEngines(values.engines);
  const keys = values.keys === undefined ? [] : [...parseKeyScript(values.keys)].sort((a, b) => a.frame - b.frame);
  let rows: BenchRow[];
  try {
    // Progress on a terminal only (stderr), so piped output stays the table alone.
    const tty = io === processIo && process.stderr.isTTY === true;
    const progress = tty ? (done: number, total: number) => process.stderr.write(`\rbench: run ${done + 1} of ${total}...`) : undefined;
    rows = benchRows(loaded.program.rom, settings, engines, frames, repeat, keys, progress, warmup);
    if (tty) process.stderr.write("\r\x1b[K");
  } catch (error) {
    if (error instanceof RomError) throw new CliError(`${loaded.program.path}: ${error.message}`);
    throw error;
  }
  if (values.json) {
    io.out(JSON.stringify({ rom: loaded.program.path, profile: settings.profile, tickrate: settings.tickrate, frames, repeat, warmup, rows }));
    return 0;
  }
  io.out(`${loaded.program.path}: profile ${settings.profile}, tickrate ${unlimited ? "unlimited" : settings.tickrate}, `
    + `${frames} frames, median of ${repeat}${warmup > 0 ? ` after ${warmup} warm-up runs` : ""}`);
  io.out(formatBenchTable(rows));
  for (const r of rows) if (r.stopped !== undefined) io.out(`note: under ${r.engine} the guest stopped early (${r.stopped})`);
  return 0;
}

