/**
 * `ejemu run ROM [--frames N]`: headless and deterministic, for every
 * machine. Scripted keys, memory pokes before the start, a PNG of the
 * picture after the last frame, an instruction trace, and a text or JSON
 * summary the machine writes.
 */
import { writePng } from "../png.js";
import { machineFlagsHelp, MACHINE_FLAG_HELP, parseCommand, stringFlag, stringList } from "./args.js";
import { CliError, parseInteger, readInputFile, usageError, writeOutputFile, type CliIo } from "./common.js";
import { StateError, type Machine } from "../machines/machine.js";
import { chooseEngine, parseTier, TIER_HELP } from "./engine.js";
import { checkKeys, KEYS_HELP, parseKeyScript, parsePeek, parsePoke, peekBytes, runScripted } from "./script.js";
import type { FlagSpecs } from "../machines/definition.js";

const RUN_FLAGS: FlagSpecs = {
  frames: { type: "string" },
  keys: { type: "string" },
  buttons: { type: "string" },
  poke: { type: "string", multiple: true },
  peek: { type: "string", multiple: true },
  "save-state": { type: "string" },
  "load-state": { type: "string" },
  screenshot: { type: "string" },
  json: { type: "boolean" },
  timing: { type: "boolean" },
  trace: { type: "boolean" },
  engine: { type: "string" },
  tier: { type: "string" },
};

export function runHelp(machine: Parameters<typeof machineFlagsHelp>[0]): string {
  return `usage: ejemu run ROM [--frames N] [options]

Run a program headless for N frames, or as long as its machine runs by
default (below), and print a summary.

  --frames N            frames to run
  --keys 'F:K+,F:K-,...'  ${KEYS_HELP}
  --buttons '...'       the same as --keys (the name for machines with buttons)
  --poke ADDR=VALUE     write a byte on the guest bus before the start (repeatable)
  --peek ADDR[:LEN]     after the run, print LEN bytes (default 1) of the guest bus (repeatable)
  --screenshot FILE.png save the picture after the last frame
  --load-state FILE     start from a save state (of this program, saved under either engine);
                        --frames N then runs N more frames
  --save-state FILE     write a save state after the last frame
  --json                print the summary as one JSON object
  --trace               print each instruction before it runs
  --timing              also report the wall and CPU time and guest MIPS (not deterministic)
  --engine interp|jit   CPU engine (default interp)
${TIER_HELP}
${MACHINE_FLAG_HELP}
${machineFlagsHelp(machine, "program")}`;
}

/** Load a save state file into `machine`; a state of another machine or program is one line. */
export function loadStateFile(machine: Machine, path: string): void {
  const state = readInputFile(path, "save state");
  try {
    machine.loadState(state);
  } catch (error) {
    if (error instanceof StateError || error instanceof RangeError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Trace lines go out in batches: one write per line would dominate a long trace. */
function batched(io: CliIo): { line: (text: string) => void; flush: () => void } {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) io.out(pending.join("\n"));
    pending = [];
  };
  return { line: (text) => { pending.push(text); if (pending.length >= 512) flush(); }, flush };
}

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals, machine: definition, bytes } = parseCommand(argv, { flags: RUN_FLAGS, machineFlags: "program", readsFile: true, what: "ROM" });
  if (values["help"]) {
    io.out(runHelp(definition));
    return 0;
  }
  if (positionals.length !== 1) throw usageError("needs exactly one ROM");
  const program = definition!.load({ path: positionals[0]!, bytes: bytes!, values, command: "run", warn: (line) => io.err(`ejemu run: warning: ${line}`) });
  const engine = chooseEngine(stringFlag(values, "engine"), "interp", undefined, definition);
  const framesText = stringFlag(values, "frames");
  const frames = framesText === undefined ? program.defaultFrames.run : parseInteger(framesText, "--frames", 0, 1_000_000_000);
  if (frames === undefined) throw usageError("needs --frames N");
  if (stringFlag(values, "keys") !== undefined && stringFlag(values, "buttons") !== undefined) throw usageError("give --keys or --buttons, not both");
  const script = parseKeyScript(stringFlag(values, "keys") ?? stringFlag(values, "buttons"));
  const pokes = stringList(values, "poke").map(parsePoke);
  const trace = values["trace"] ? batched(io) : undefined;
  const machine = await program.create(engine, { trace: trace?.line, tierThreshold: parseTier(stringFlag(values, "tier")) });
  try {
    checkKeys(script, machine);
    const loadFrom = stringFlag(values, "load-state");
    if (loadFrom !== undefined) loadStateFile(machine, loadFrom);
    const peeks = stringList(values, "peek").map((text) => parsePeek(text, machine.addressMask));
    for (const [address, value] of pokes) machine.poke(address, value);
    const wallStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    runScripted(machine, frames, script);
    const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    trace?.flush();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const screenshot = stringFlag(values, "screenshot");
    if (screenshot !== undefined) {
      try {
        writePng(screenshot, machine.video());
      } catch (error) {
        throw new CliError(`cannot write ${screenshot}: ${(error as Error).message}`);
      }
    }
    const saveTo = stringFlag(values, "save-state");
    if (saveTo !== undefined) writeOutputFile(saveTo, machine.saveState());
    const summary = machine.summary();
    const instructions = machine.counters().instructions;
    const timing = values["timing"]
      ? { wallSeconds, cpuSeconds, mips: instructions / wallSeconds / 1e6, cpuMips: instructions / cpuSeconds / 1e6 }
      : undefined;
    const peeked = peeks.length === 0 ? undefined : peekBytes(machine, peeks);
    if (values["json"]) {
      io.out(JSON.stringify({ rom: program.path, machine: machine.kind, ...summary.json, ...(peeked === undefined ? {} : { peek: peeked }), ...timing }));
    } else {
      io.out(`${program.path}: ${summary.text[0]}`);
      for (const line of summary.text.slice(1)) io.out(line);
      for (const [address, hex] of Object.entries(peeked ?? {})) io.out(`peek ${address}: ${hex.replace(/(..)(?=.)/g, "$1 ")}`);
      if (timing !== undefined) {
        io.out(`time ${timing.wallSeconds.toFixed(3)} s (cpu ${timing.cpuSeconds.toFixed(3)} s): `
          + `${timing.mips.toFixed(1)} M instructions/s (${timing.cpuMips.toFixed(1)} per cpu second)`);
      }
    }
    const stop = machine.stopped;
    if (stop?.fault) throw new CliError(`${program.path}: ${stop.reason}`);
    return 0;
  } finally {
    machine.dispose();
  }
}
