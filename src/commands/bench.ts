/**
 * `ejemu bench ROM`: the same program, frames and settings under each
 * engine in one process, headless, timed around the frame loop only
 * (machine set-up excluded; the JIT's compile time is inside the loop and
 * also reported on its own). Runs alternate between engines, so load from
 * other processes on a shared machine hits both alike; `--repeat N`
 * reports each engine's median. The engines must end in the same state, or
 * the command says so and fails. The last line is the compile time once V8
 * has optimised the recompiler (`--compile-rounds`).
 */
import type { EngineName } from "../../cpu/engine.js";
import { basename } from "node:path";
import type { FlagSpecs, FlagValues, MachineDefinition, MachineProgram } from "../machines/definition.js";
import { MACHINES, romPath } from "../machines/registry.js";
import type { Machine } from "../machines/machine.js";
import { machineFlagsHelp, MACHINE_FLAG_HELP, parseCommand, stringFlag, stringList } from "./args.js";
import { CliError, EXIT_FAILURE, parseInteger, processIo, usageError, type CliIo } from "./common.js";
import { parseEngineList, parseTier, TIER_HELP } from "./engine.js";
import { progressLine } from "./progress.js";
import { checkKeys, KEYS_HELP, parseKeyScript, parsePoke, runScripted, type KeyEvent } from "./script.js";

/** One measured run of one engine. */
export interface BenchMeasurement {
  readonly engine: EngineName;
  readonly instructions: number;
  readonly cycles: number | undefined;
  readonly frames: number;
  readonly seconds: number;
  readonly mips: number;
  readonly blocks: number;
  readonly irInstructions: number;
  readonly hostBytes: number;
  readonly compileMs: number;
  /** Compile time per guest instruction translated, in ns. */
  readonly compileNsPerInstruction: number;
  /** Instructions the JIT left to the interpreter. */
  readonly interpreted: number;
  /** Calls from JS into native code. */
  readonly nativeEntries: number;
  readonly invalidations: number;
  /** Instructions compiled with a dynamic operand, where the recompiler has them. */
  readonly dynamicOperands: number | undefined;
  /** Why the guest stopped before the last frame, if it did. */
  readonly stopped: string | undefined;
}

/** A measurement with its speed relative to the interpreter's MIPS (0 when the interpreter did not run). */
export type BenchRow = BenchMeasurement & { readonly speedup: number };

export interface BenchPlan {
  readonly program: MachineProgram;
  readonly frames: number;
  readonly script: readonly KeyEvent[];
  readonly pokes: readonly (readonly [number, number])[];
  /** The JIT's tier threshold (`--tier`), when given. */
  readonly tierThreshold?: number;
}

/** Start `engine` on the plan's program, pokes applied. */
async function start(plan: BenchPlan, engine: EngineName): Promise<Machine> {
  const machine = await plan.program.create(engine, { tierThreshold: plan.tierThreshold });
  checkKeys(plan.script, machine);
  for (const [address, value] of plan.pokes) machine.poke(address, value);
  return machine;
}

/** One run of `engine`; the machine is handed back for comparison (the caller disposes it). */
export async function measureEngine(plan: BenchPlan, engine: EngineName): Promise<{ measurement: BenchMeasurement; machine: Machine }> {
  const machine = await start(plan, engine);
  const began = process.hrtime.bigint();
  const frames = runScripted(machine, plan.frames, plan.script);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const counters = machine.counters();
  const c = machine.jit?.runtime.counters;
  const measurement: BenchMeasurement = {
    engine, instructions: counters.instructions, cycles: counters.cycles, frames, seconds, mips: counters.instructions / seconds / 1e6,
    blocks: c?.blocksCompiled ?? 0, irInstructions: c?.irInstructions ?? 0, hostBytes: c?.hostBytes ?? 0, compileMs: c?.compileMs ?? 0,
    compileNsPerInstruction: c === undefined || c.guestInstructionsCompiled === 0 ? 0 : (c.compileMs * 1e6) / c.guestInstructionsCompiled,
    interpreted: counters.interpreted, nativeEntries: c?.nativeEntries ?? 0, invalidations: c?.invalidations ?? 0,
    dynamicOperands: counters.dynamicOperands,
    stopped: machine.stopped?.reason,
  };
  return { measurement, machine };
}

/** The run with the median time. */
export function medianRun<T extends { readonly seconds: number }>(runs: readonly T[]): T {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return sorted[(sorted.length - 1) >> 1]!;
}

export interface BenchResult {
  readonly rows: BenchRow[];
  /** The first difference between the engines' end states, or undefined when they agree. */
  readonly difference: string | undefined;
}

/** Every engine `warmup + repeat` times, alternating; medians of the counted runs, speed-ups over the interpreter. */
export async function benchRows(
  plan: BenchPlan, engines: readonly EngineName[], repeat: number, warmup = 0, progress?: (done: number, total: number) => void,
): Promise<BenchResult> {
  const runs = engines.map((): BenchMeasurement[] => []);
  const total = (warmup + repeat) * engines.length;
  let difference: string | undefined;
  for (let k = 0; k < warmup + repeat; k++) {
    const ends: Machine[] = [];
    try {
      for (const [e, engine] of engines.entries()) {
        progress?.(k * engines.length + e, total);
        const { measurement, machine } = await measureEngine(plan, engine);
        ends.push(machine);
        if (k >= warmup) runs[e]!.push(measurement);
      }
      for (const other of ends.slice(1)) difference ??= ends[0]!.differenceFrom(other);
    } finally {
      for (const m of ends) m.dispose();
    }
  }
  const medians = runs.map(medianRun);
  const base = medians.find((m) => m.engine === "interp");
  return { rows: medians.map((m) => ({ ...m, speedup: base === undefined ? 0 : m.mips / base.mips })), difference };
}

export interface WarmCompile {
  readonly rounds: number;
  /** Blocks, guest and IR instructions of one round. */
  readonly blocks: number;
  readonly guestInstructions: number;
  readonly irInstructions: number;
  /** Translate + assemble + install per guest instruction, in ns: the median round. */
  readonly nsPerGuestInstruction: number;
}

/**
 * Compile time once V8 has optimised the recompiler: run the program under
 * the JIT, then flush the code cache and compile every block it needed
 * again, `rounds` times; the median round counts (V8 takes many rounds to
 * optimise everything on a loaded machine, so the mean says more about
 * warm-up than about the compiler).
 */
export async function measureWarmCompile(plan: BenchPlan, rounds: number): Promise<WarmCompile> {
  const machine = await start(plan, "jit");
  try {
    runScripted(machine, plan.frames, plan.script);
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

const fixed = (n: number, digits: number): string => n.toFixed(digits);

/** The table `bench` prints, one line per engine. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
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

const BENCH_FLAGS: FlagSpecs = {
  suite: { type: "boolean" },
  only: { type: "string" },
  frames: { type: "string" },
  repeat: { type: "string" },
  warmup: { type: "string" },
  "compile-rounds": { type: "string" },
  engines: { type: "string" },
  tier: { type: "string" },
  keys: { type: "string" },
  poke: { type: "string", multiple: true },
  json: { type: "boolean" },
};

export function benchHelp(machine: Parameters<typeof machineFlagsHelp>[0]): string {
  return `usage: ejemu bench ROM [options]
       ejemu bench --suite [--machine NAME] [--only NAME,...] [--repeat N] [--json]

Run a program headless under each engine (same frames, same settings, same
input) and print one table: guest instructions, seconds, guest MIPS,
speed-up over the interpreter, blocks compiled, IR instructions, host code
bytes, compile time (total, and per guest instruction translated).

  --frames N            frames to run (default: the machine's, below)
  --repeat N            runs per engine; the median is reported (default 3)
  --warmup N            runs per engine first, not counted (default 0: the JIT's compile time is
                        then mostly V8 optimising the recompiler itself, as in a fresh process)
  --compile-rounds N    rounds of the warm compile measurement after the runs (default 2000; 0 leaves it out)
  --keys 'F:K+,F:K-,...'  ${KEYS_HELP}
  --poke ADDR=VALUE     write a byte on the guest bus before the start (repeatable)
  --engines LIST        comma-separated, from interp,jit (default both; jit only where Ejit has a backend)
  --json                print the rows as JSON
${TIER_HELP}
  --suite               every machine's benchmark suite (small programs, one thing each; --machine
                        for one machine's, --only for some programs): one line per program, interp
                        and jit MIPS, their ratio, blocks, invalidations, instructions compiled with
                        dynamic operands, the share the interpreter ran; the worst ratio last
${MACHINE_FLAG_HELP}
${machineFlagsHelp(machine, "program")}`;
}

/** One program of a suite, measured. */
export interface SuiteRow {
  readonly machine: string;
  readonly program: string;
  readonly what: string;
  readonly instructions: number;
  readonly interpMips: number;
  readonly jitMips: number;
  readonly ratio: number;
  readonly blocks: number;
  readonly invalidations: number;
  readonly dynamicOperands: number | undefined;
  /** Share of the JIT run's instructions that the interpreter ran (tiers, tails, rare instructions). */
  readonly interpretedShare: number;
  readonly compileMs: number;
  /** The engines' end states differ: what differs. */
  readonly difference?: string;
}

export function formatSuiteTable(rows: readonly SuiteRow[]): string {
  const header = ["machine", "program", "instructions", "interp MIPS", "jit MIPS", "jit/interp", "blocks", "invalidations", "dynamic", "interpreted", "what"];
  const body = rows.map((r) => [
    r.machine, r.program, String(r.instructions), fixed(r.interpMips, 1), fixed(r.jitMips, 1), `${fixed(r.ratio, 1)}x`,
    String(r.blocks), String(r.invalidations), r.dynamicOperands === undefined ? "-" : String(r.dynamicOperands),
    `${fixed(100 * r.interpretedShare, 1)}%`, r.what,
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((row) => row[k]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, k) => (k < 2 || k === cells.length - 1 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join("  ").trimEnd();
  return [line(header), ...body.map(line)].join("\n");
}

async function benchSuite(values: FlagValues, definition: MachineDefinition | undefined, io: CliIo): Promise<number> {
  const repeat = parseInteger(stringFlag(values, "repeat") ?? "3", "--repeat", 1, 1000);
  const only = stringFlag(values, "only")?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const machines = definition === undefined ? MACHINES : [definition];
  const entries = machines.flatMap((m) => m.benchSuite.map((entry) => ({ machine: m, entry, name: basename(entry.file).replace(/\.[^.]+$/, "") })))
    .filter((e) => only === undefined || only.includes(e.name));
  if (entries.length === 0) throw usageError(only === undefined ? "no machine here has a benchmark suite" : `no suite program is called ${only.join(" or ")}`);
  const progress = progressLine(io, "bench --suite");
  const rows: SuiteRow[] = [];
  for (const [k, { machine, entry, name }] of entries.entries()) {
    progress.update(`${name} (${k + 1} of ${entries.length})`);
    const path = romPath(entry.file);
    if (path === undefined) throw new CliError(`the suite program roms/${entry.file} is missing from this installation`);
    const parsed = parseCommand([path, "--machine", machine.kind, ...entry.args], { flags: BENCH_FLAGS, machineFlags: "program", readsFile: true, what: "ROM" });
    const program = machine.load({ path, bytes: parsed.bytes!, values: parsed.values, command: "bench" });
    const framesText = stringFlag(parsed.values, "frames");
    const plan: BenchPlan = {
      program, frames: framesText === undefined ? program.defaultFrames.bench ?? 600 : parseInteger(framesText, "--frames", 1, 1_000_000_000),
      script: [], pokes: stringList(parsed.values, "poke").map(parsePoke),
    };
    const { rows: [interp, jit], difference } = await benchRows(plan, ["interp", "jit"], repeat);
    rows.push({
      machine: machine.kind, program: name, what: entry.what, instructions: jit!.instructions, interpMips: interp!.mips, jitMips: jit!.mips,
      ratio: jit!.speedup, blocks: jit!.blocks, invalidations: jit!.invalidations, dynamicOperands: jit!.dynamicOperands,
      interpretedShare: jit!.interpreted / Math.max(1, jit!.instructions), compileMs: jit!.compileMs,
      ...(difference === undefined ? {} : { difference }),
    });
  }
  progress.done();
  const worst = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  if (values["json"]) io.out(JSON.stringify({ repeat, rows, worst: { machine: worst.machine, program: worst.program, ratio: worst.ratio } }));
  else {
    io.out(`benchmark suite, median of ${repeat} runs per engine`);
    io.out(formatSuiteTable(rows));
    io.out(`worst: ${worst.machine} ${worst.program}, ${fixed(worst.ratio, 1)}x the interpreter`);
  }
  const differing = rows.filter((r) => r.difference !== undefined);
  for (const r of differing) io.err(`ejemu bench: ${r.machine} ${r.program}: the engines ended in different states (${r.difference})`);
  return differing.length === 0 ? 0 : EXIT_FAILURE;
}

export async function benchCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const suite = argv.includes("--suite");
  const { values, positionals, machine: definition, bytes } = parseCommand(argv, { flags: BENCH_FLAGS, machineFlags: "program", readsFile: !suite, what: "ROM" });
  if (values["help"]) {
    io.out(benchHelp(definition));
    return 0;
  }
  if (values["suite"]) {
    if (positionals.length > 0) throw usageError("--suite takes no ROM");
    return benchSuite(values, definition, io);
  }
  if (positionals.length !== 1) throw usageError("needs exactly one ROM");
  const program = definition!.load({ path: positionals[0]!, bytes: bytes!, values, command: "bench", warn: (line) => io.err(`ejemu bench: warning: ${line}`) });
  const framesText = stringFlag(values, "frames");
  const frames = framesText === undefined ? program.defaultFrames.bench ?? 600 : parseInteger(framesText, "--frames", 1, 1_000_000_000);
  const repeat = parseInteger(stringFlag(values, "repeat") ?? "3", "--repeat", 1, 1000);
  const warmup = parseInteger(stringFlag(values, "warmup") ?? "0", "--warmup", 0, 1000);
  const compileRounds = parseInteger(stringFlag(values, "compile-rounds") ?? "2000", "--compile-rounds", 0, 100_000);
  const engines = parseEngineList(stringFlag(values, "engines"), definition);
  const plan: BenchPlan = {
    program, frames, script: parseKeyScript(stringFlag(values, "keys")), pokes: stringList(values, "poke").map(parsePoke),
    tierThreshold: parseTier(stringFlag(values, "tier")),
  };
  const progress = progressLine(io, "bench");
  const { rows, difference } = await benchRows(plan, engines, repeat, warmup, (done, total) => progress.update(`run ${done + 1} of ${total}`));
  progress.update("warm compile");
  const warm = engines.includes("jit") && compileRounds > 0 ? await measureWarmCompile(plan, compileRounds) : undefined;
  progress.done();
  const framesText2 = frames === Infinity ? "until it stops" : `${frames} frames`;
  if (values["json"]) {
    io.out(JSON.stringify({
      rom: program.path, machine: definition!.kind, settings: program.settingsLine, frames: frames === Infinity ? null : frames,
      repeat, warmup, agree: difference === undefined, rows, warmCompile: warm ?? null,
    }));
  } else {
    io.out(`${program.path}: ${program.settingsLine}, ${framesText2}, median of ${repeat}${warmup > 0 ? ` after ${warmup} warm-up runs` : ""}`);
    io.out(formatBenchTable(rows));
    for (const r of rows) if (r.stopped !== undefined && frames !== Infinity) io.out(`note: under ${r.engine} the guest stopped early (${r.stopped})`);
    if (warm !== undefined) {
      io.out(`compile (warm, median of ${warm.rounds} rounds of ${warm.blocks} blocks): ${warm.nsPerGuestInstruction.toFixed(0)} ns `
        + `per guest instruction (${warm.guestInstructions === 0 ? "-" : (warm.irInstructions / warm.guestInstructions).toFixed(1)} IR instructions each)`);
    }
  }
  if (difference !== undefined) {
    io.err(`ejemu bench: the engines ended in different states (${difference}); ejemu blocks --lockstep finds where`);
    return EXIT_FAILURE;
  }
  return 0;
}
