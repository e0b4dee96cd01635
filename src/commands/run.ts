/**
 * `ejemu run ROM --frames N`: headless and deterministic. Scripted keys,
 * memory pokes before the start, a PNG of the display after the last frame,
 * and a text or JSON summary.
 */
import { parseArgs } from "node:util";
import { writePng } from "../png.js";
import { Chip8Machine, RomError } from "../machines/chip8/machine.js";
import { CHIP8_FLAGS, CHIP8_FLAGS_HELP, chip8SettingsFromFlags, type FlagValues } from "./chip8-flags.js";
import { CliError, parseInteger, usageError, type CliIo } from "./common.js";
import { chooseEngine, tracingFactory } from "./engine.js";
import { importMos6502, isFor6502, loadProgram } from "./program.js";

export const RUN_HELP = `usage: ejemu run ROM --frames N [options]

Run a ROM headless for N frames (60 per second) and print a summary.

  --frames N                 frames to run (required)
  --keys 'F:K+,F:K-,...'     press (+) or release (-) hex key K before frame F (frames count from 0)
  --poke ADDR=VALUE          write a byte of memory before the start (repeatable)
  --screenshot FILE.png      save the display after the last frame
  --json                     print the summary as JSON (frames, instructions, pc, i, v, stack, timers, display hash)
  --trace                    print each instruction before it runs: frame, address, opcode, disassembly
  --timing                   also report the time the frames took and guest MIPS (not deterministic)
  --engine interp|jit        CPU engine (default interp)
  --machine chip8|6502|nes   override the machine chosen from the file
${CHIP8_FLAGS_HELP}`;

const RUN_FLAGS = {
  ...CHIP8_FLAGS,
  frames: { type: "string" },
  keys: { type: "string" },
  poke: { type: "string", multiple: true },
  screenshot: { type: "string" },
  json: { type: "boolean" },
  timing: { type: "boolean" },
  trace: { type: "boolean" },
  engine: { type: "string" },
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export interface KeyEvent {
  readonly frame: number;
  readonly key: number;
  readonly down: boolean;
}

/** "12:5+,20:5-" -> events in script order. */
export function parseKeyScript(script: string): KeyEvent[] {
  return script.split(",").filter((s) => s.trim() !== "").map((item) => {
    const m = /^\s*(\d+):([0-9a-f])([+-])\s*$/i.exec(item);
    if (m === null) throw usageError(`bad --keys item '${item}': expected FRAME:KEY+ or FRAME:KEY- with KEY a hex digit`);
    return { frame: parseInt(m[1]!, 10), key: parseInt(m[2]!, 16), down: m[3] === "+" };
  });
}

/** "0x300=0x12" -> [address, value]. */
export function parsePoke(text: string): [number, number] {
  const m = /^([^=]+)=(.+)$/.exec(text);
  if (m === null) throw usageError(`bad --poke '${text}': expected ADDR=VALUE`);
  return [parseInteger(m[1]!, "--poke address", 0, 0xffff), parseInteger(m[2]!, "--poke value", 0, 0xff)];
}

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, "0");

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  if (isFor6502(argv)) return (await importMos6502()).runMos6502(argv);
  const { values, positionals } = parseArgs({ args: argv, options: RUN_FLAGS, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usageError("ejemu run needs exactly one ROM (see ejemu run --help)");
  const loaded = loadProgram(positionals[0]!, values.machine);
  if (loaded.machine === "6502") return (await importMos6502()).runMos6502(argv);
  const engine = await chooseEngine(values.engine);
  const baseFactory = engine.factory;
  if (values.frames === undefined) throw usageError("ejemu run needs --frames N");
  const frames = parseInteger(values.frames, "--frames", 0, 100_000_000);
  const keys = values.keys === undefined ? [] : parseKeyScript(values.keys);
  const pokes = (values.poke ?? []).map(parsePoke);
  const { program } = loaded;
  const settings = chip8SettingsFromFlags(values as FlagValues, program.profileGuess);
  let machine: Chip8Machine | undefined;
  const factory = values.trace ? tracingFactory(baseFactory, (line) => io.out(`${machine?.frame ?? 0} ${line}`)) : baseFactory;
  try {
    machine = new Chip8Machine(program.rom, { settings, title: program.title, engine: factory, buffer: engine.buffer });
  } catch (error) {
    if (error instanceof RomError) throw new CliError(`${program.path}: ${error.message}`);
    throw error;
  }
  if (machine === undefined) throw new Error("unreachable");
  for (const [address, value] of pokes) machine.poke(address, value);
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let next = 0;
  const script = [...keys].sort((a, b) => a.frame - b.frame);
  for (let f = 0; f < frames; f++) {
    while (next < script.length && script[next]!.frame === f) {
      const ev = script[next++]!;
      if (ev.down) machine.pressKey(ev.key);
      else machine.releaseKey(ev.key);
    }
    machine.runFrame();
  }
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (values.screenshot !== undefined) {
    try {
      writePng(values.screenshot, machine.video());
    } catch (error) {
      throw new CliError(`cannot write ${values.screenshot}: ${(error as Error).message}`);
    }
  }
  const snap = machine.snapshot();
  const timing = values.timing
    ? { wallSeconds, cpuSeconds, mips: snap.instructions / wallSeconds / 1e6, cpuMips: snap.instructions / cpuSeconds / 1e6 }
    : undefined;
  if (values.json) {
    io.out(JSON.stringify({ rom: program.path, profile: settings.profile, tickrate: settings.tickrate, engine: machine.engine.name, ...snap, ...timing }));
  } else {
    io.out(`${program.path}: ${snap.frame} frames, ${snap.instructions} instructions, profile ${settings.profile}, ${snap.halt}`);
    io.out(`pc ${hex(snap.pc, 4)}  i ${hex(snap.i, 4)}  sp ${snap.sp}  dt ${snap.dt}  st ${snap.st}  ${snap.hires ? "hires" : "lores"}`);
    io.out(`v0-vf ${snap.v.map((b) => hex(b, 2)).join(" ")}`);
    io.out(`display sha256 ${snap.framebufferSha256}`);
    if (timing !== undefined) {
      io.out(`time ${timing.wallSeconds.toFixed(3)} s (cpu ${timing.cpuSeconds.toFixed(3)} s): `
        + `${timing.mips.toFixed(1)} M instructions/s (${timing.cpuMips.toFixed(1)} per cpu second)`);
    }
  }
  return 0;
}
