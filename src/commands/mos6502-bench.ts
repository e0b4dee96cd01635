/**
 * `ejemu bench FILE --machine 6502`: the same program on the bare 6502
 * machine under each engine in one process, timed around `run` only
 * (loading excluded; the JIT's compile time is inside and also reported on
 * its own). One table (the columns of the CHIP-8 bench), or JSON;
 * `--repeat N` reports each engine's median. Both engines must end in the
 * same state, or the command says so and fails.
 */
import { parseArgs } from "node:util";
import { Bare6502, Bare6502Error, type Bare6502Result } from "../machines/bare6502/machine.js";
import { CliError, EXIT_FAILURE, parseInteger, processIo, readInputFile, rewordParseError, usageError, type CliIo } from "./common.js";
import { formatBenchTable, medianRows, parseBenchEngines, type BenchMeasurement, type WithSpeedup } from "./bench-table.js";

export type Mos6502EngineName = "interp" | "jit";

/** What the 6502 commands share: the program, where it goes, pokes, decimal mode, the cycle limit. */
export interface Mos6502Program {
  readonly path: string;
  readonly binary: Uint8Array;
  readonly load: number;
  readonly entry: number;
  readonly pokes: readonly (readonly [number, number])[];
  readonly decimal: boolean;
  readonly maxCycles: number;
}

export const MOS6502_PROGRAM_FLAGS = {
  machine: { type: "string" },
  load: { type: "string" },
  entry: { type: "string" },
  poke: { type: "string", multiple: true },
  decimal: { type: "string" },
  "max-cycles": { type: "string" },
} as const;

export const MOS6502_PROGRAM_HELP = `  --load ADDR            load address (default $0400)
  --entry ADDR           start address (default: the load address)
  --poke ADDR=VALUE      store a byte before the run (repeatable), e.g. $0403=200 (pass counts)
  --decimal on|off       NMOS decimal mode for ADC/SBC (default on)
  --max-cycles N         stop after N cycles (default 1000000000)
`;

interface ProgramFlagValues {
  machine?: string;
  load?: string;
  entry?: string;
  poke?: string[];
  decimal?: string;
  "max-cycles"?: string;
}

/** The program and its settings from the shared flags (errors are CliErrors). */
export function mos6502ProgramFrom(values: ProgramFlagValues, positionals: readonly string[], command: string): Mos6502Program {
  if (values.machine !== undefined && values.machine !== "6502") throw usageError(`this is the 6502 ${command}, not "${values.machine}"`);
  if (positionals.length !== 1) throw usageError(`ejemu ${command} needs exactly one binary (see ejemu ${command} --help)`);
  const path = positionals[0]!;
  const load = values.load === undefined ? 0x0400 : parseInteger(values.load, "--load", 0, 0xffff);
  const entry = values.entry === undefined ? load : parseInteger(values.entry, "--entry", 0, 0xffff);
  const decimal = values.decimal ?? "on";
  if (decimal !== "on" && decimal !== "off") throw usageError(`--decimal must be on or off, not '${decimal}'`);
  const maxCycles = values["max-cycles"] === undefined ? 1_000_000_000 : parseInteger(values["max-cycles"], "--max-cycles", 1, Number.MAX_SAFE_INTEGER);
  const pokes = (values.poke ?? []).map((text): [number, number] => {
    const eq = text.indexOf("=");
    if (eq < 0) throw usageError(`--poke: '${text}' is not ADDR=VALUE`);
    return [parseInteger(text.slice(0, eq), "--poke address", 0, 0xffff), parseInteger(text.slice(eq + 1), "--poke value", 0, 0xff)];
  });
  const binary = readInputFile(path, "binary");
  if (binary.length > 0x10000 - load) {
    throw new CliError(`${path}: binary is ${binary.length} bytes but only ${0x10000 - load} fit after $${load.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return { path, binary, load, entry, pokes, decimal: decimal === "on", maxCycles };
}

/** A bare machine with the program loaded, poked and started. */
export function startMachine(p: Mos6502Program, engine: Mos6502EngineName, jit: { countEntries?: boolean; keepIr?: boolean } = {}): Bare6502 {
  const machine = new Bare6502({ decimal: p.decimal, engine, jit });
  try {
    machine.load(p.binary, p.load);
    for (const [address, value] of p.pokes) machine.poke(address, value);
    machine.start(p.entry);
  } catch (error) {
    machine.dispose();
    if (error instanceof Bare6502Error) throw new CliError(`${p.path}: ${error.message}`);
    throw error;
  }
  return machine;
}

/** Run a 6502 command body: CliErrors and parseArgs errors become one line and their exit code. */
export async function guardedCommand(command: string, io: CliIo, body: () => number): Promise<number> {
  try {
    return body();
  } catch (error) {
    const e = error instanceof CliError ? error : rewordParseError(command, error);
    if (e === undefined) throw error;
    io.err(`ejemu ${command}: ${e.message}`);
    return e.exitCode;
  }
}

/** One 6502 run: the bench columns (bench-table.ts) and what only the 6502 reports. */
export interface Mos6502Measurement extends BenchMeasurement {
  readonly engine: Mos6502EngineName;
  readonly cycles: number;
  /** Instructions the JIT left to the interpreter. */
  readonly interpreted: number;
  readonly nativeEntries: number;
  readonly result: Bare6502Result;
}

export type Mos6502BenchRow = WithSpeedup<Mos6502Measurement>;

export function measureMos6502(p: Mos6502Program, engine: Mos6502EngineName): Mos6502Measurement {
  const machine = startMachine(p, engine);
  try {
    const start = process.hrtime.bigint();
    const result = machine.run(p.maxCycles);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const c = machine.jit?.runtime.counters;
    return {
      engine, instructions: result.instructions, cycles: result.cycles, seconds, mips: result.instructions / seconds / 1e6,
      blocks: c?.blocksCompiled ?? 0, irInstructions: c?.irInstructions ?? 0, hostBytes: c?.hostBytes ?? 0,
      compileMs: c?.compileMs ?? 0,
      compileNsPerInstruction: c === undefined || c.guestInstructionsCompiled === 0 ? 0 : (c.compileMs * 1e6) / c.guestInstructionsCompiled,
      interpreted: machine.jit?.interpretedInstructions ?? 0, nativeEntries: c?.nativeEntries ?? 0, result,
    };
  } finally {
    machine.dispose();
  }
}

export interface WarmCompile {
  readonly rounds: number;
  /** Blocks, guest and IR instructions of one round. */
  readonly blocks: number;
  readonly guestInstructions: number;
  readonly irInstructions: number;
  /** Translate + assemble + install per guest instruction, in ns: the median round, once the compiler's own JS is warm. */
  readonly nsPerGuestInstruction: number;
}

/**
 * Compile time once V8 has optimised the recompiler: run the program under
 * the JIT, then flush the code cache and compile every block it needed
 * again, `rounds` times; the median round counts (V8 takes many rounds to
 * optimise everything on a loaded machine, so the mean says more about
 * warm-up than about the compiler).
 */
export function measureWarmCompile(p: Mos6502Program, rounds: number): WarmCompile {
  const machine = startMachine(p, "jit");
  try {
    machine.run(p.maxCycles);
    const rt = machine.jit!.runtime;
    const pcs = [...rt.cache.blocks()].map((b) => b.pc);
    const c = rt.counters;
    const roundMs: number[] = [];
    let perRound = { ins: 0, ir: 0, blocks: 0 };
    for (let round = 0; round <= rounds; round++) {
      rt.flush();
      const before = { ins: c.guestInstructionsCompiled, ir: c.irInstructions, blocks: c.blocksCompiled };
      // one clock reading per round (the per-block sums in the counters add the timer's granularity to every block)
      const began = performance.now();
      for (const pc of pcs) rt.compile(pc);
      if (round > 0) roundMs.push(performance.now() - began);
      perRound = { ins: c.guestInstructionsCompiled - before.ins, ir: c.irInstructions - before.ir, blocks: c.blocksCompiled - before.blocks };
    }
    roundMs.sort((a, b) => a - b);
    const median = roundMs.length === 0 ? 0 : roundMs[(roundMs.length - 1) >> 1]!;
    return {
      rounds, blocks: perRound.blocks, guestInstructions: perRound.ins, irInstructions: perRound.ir,
      nsPerGuestInstruction: perRound.ins === 0 ? 0 : (median * 1e6) / perRound.ins,
    };
  } finally {
    machine.dispose();
  }
}

/** Each engine `repeat` times, alternating (load from other processes hits both alike); medians by time. */
export function benchMos6502Rows(p: Mos6502Program, engines: readonly Mos6502EngineName[], repeat: number): Mos6502BenchRow[] {
  const runs = engines.map((): Mos6502Measurement[] => []);
  for (let k = 0; k < repeat; k++) engines.forEach((engine, e) => runs[e]!.push(measureMos6502(p, engine)));
  return medianRows(runs);
}

export const MOS6502_BENCH_HELP = `usage: ejemu bench FILE --machine 6502 [options]

Run a binary on the bare 6502 machine under each engine (same program,
same pokes) until it traps, JAMs or reaches the cycle limit, and print one
table: guest instructions, seconds, guest MIPS, speed-up over the
interpreter, blocks compiled, IR instructions, host code bytes, compile
time (total and per guest instruction translated).

The last line is the compile time once warm (--compile-rounds more
compilations of the same blocks, after the run).

${MOS6502_PROGRAM_HELP}  --repeat N             runs per engine; the median is reported (default 3)
  --compile-rounds N     rounds of the warm compile measurement (default 2000; 0 leaves it out)
  --engines LIST         comma-separated, from interp,jit (default both; jit only where Ejit has a backend)
  --json                 print the rows as JSON
`;


const sameEnd = (a: Bare6502Result, b: Bare6502Result): boolean =>
  a.stop === b.stop && a.pc === b.pc && a.a === b.a && a.x === b.x && a.y === b.y && a.s === b.s && a.p === b.p
  && a.cycles === b.cycles && a.instructions === b.instructions;

export async function benchMos6502(argv: string[], io: CliIo = processIo): Promise<number> {
  return guardedCommand("bench", io, () => {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { ...MOS6502_PROGRAM_FLAGS, repeat: { type: "string" }, "compile-rounds": { type: "string" }, engines: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.out(MOS6502_BENCH_HELP);
      return 0;
    }
    const program = mos6502ProgramFrom(values, positionals, "bench");
    const repeat = values.repeat === undefined ? 3 : parseInteger(values.repeat, "--repeat", 1, 1000);
    const compileRounds = values["compile-rounds"] === undefined ? 2000 : parseInteger(values["compile-rounds"], "--compile-rounds", 0, 10_000);
    const engines = parseBenchEngines(values.engines);
    const rows = benchMos6502Rows(program, engines, repeat);
    const agree = rows.every((r) => sameEnd(r.result, rows[0]!.result));
    const warm = engines.includes("jit") && compileRounds > 0 ? measureWarmCompile(program, compileRounds) : undefined;
    if (values.json) {
      io.out(JSON.stringify({ file: program.path, machine: "6502", repeat, agree, rows, warmCompile: warm ?? null }));
    } else {
      const end = rows[0]!.result;
      io.out(`${program.path}: bare 6502, stop: ${end.stop} at $${end.pc.toString(16).toUpperCase().padStart(4, "0")} after `
        + `${end.cycles} cycles, median of ${repeat}`);
      io.out(formatBenchTable(rows));
      if (warm !== undefined) {
        io.out(`compile (warm, median of ${warm.rounds} rounds of ${warm.blocks} blocks): ${warm.nsPerGuestInstruction.toFixed(0)} ns `
          + `per guest instruction (${(warm.irInstructions / warm.guestInstructions).toFixed(1)} IR instructions each)`);
      }
    }
    if (!agree) {
      io.err("ejemu bench: the engines ended in different states (run ejemu blocks --lockstep to find where)");
      return EXIT_FAILURE;
    }
    return 0;
  });
}
