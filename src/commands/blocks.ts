/**
 * `ejemu blocks ROM`: run a ROM under the JIT headless (same flags as
 * `run`), then print every compiled block: guest address range and
 * disassembly, the Ejit IR, the host disassembly, how often it was entered,
 * its links and invalidations. `--arch aarch64` shows the IR and code the
 * blocks become on that host instead (translate only: cpu/jit/cross-translate.ts).
 * `--at ADDR` shows one block; `--lockstep`
 * runs the interpreter alongside and stops at the first divergence with
 * both states and the block that produced it.
 */
import { parseArgs } from "node:util";
import { crossBlocks, describeDivergence, firstStateDifference, formatBlock, formatRegisters } from "../../cpu/chip8/jit-diagnose.js";
import { Chip8Jit } from "../../cpu/chip8/jit.js";
import { allocateChip8JitMemory } from "../../cpu/chip8/jit-state.js";
import type { Chip8Settings } from "../../cpu/chip8/quirks.js";
import { Chip8Offset, HaltReason } from "../../cpu/chip8/state.js";
import { disassembleAt } from "../../cpu/chip8/disasm.js";
import { ARCHES, isArch, type CrossBlock } from "../../cpu/jit/cross-translate.js";
import { hostArch, type Arch } from "../../ejit/index.js";
import { Chip8Fault, Chip8Machine, RomError } from "../machines/chip8/machine.js";
import { blocksJson, countersLine } from "./blocks-report.js";
import { CHIP8_FLAGS, CHIP8_FLAGS_HELP, chip8SettingsFromFlags, type FlagValues } from "./chip8-flags.js";
import { CliError, EXIT_FAILURE, parseInteger, processIo, usageError, type CliIo } from "./common.js";
import { isFor6502, loadProgram } from "./program.js";
import { parseKeyScript, parsePoke, type KeyEvent } from "./run.js";

/** Help of --arch, shared with the 6502 `blocks`. */
export const ARCH_HELP = `  --arch ARCH            show the IR and host code for ARCH (${ARCHES.join(" or ")}; default: this host).
                         The program still runs natively to find the blocks (entry counts and
                         links come from that run); each block is then translated again for
                         ARCH and assembled, not installed: runtime stubs, helper routines and
                         the blocks themselves are at placeholder addresses (0x7fa0...)
`;

/** The value of --arch, or undefined when it is absent; anything else is a usage error. */
export function parseArchFlag(value: string | undefined): Arch | undefined {
  if (value === undefined) return undefined;
  if (!isArch(value)) throw usageError(`--arch: unknown architecture '${value}' (expected ${ARCHES.join(" or ")})`);
  return value;
}

export const BLOCKS_HELP = `usage: ejemu blocks ROM [options]

Run ROM under the JIT for N frames, then show the recompiled blocks: guest
disassembly, Ejit IR, host disassembly, times entered, links, invalidations.

  --frames N             frames to run (default 60)
  --keys 'F:K+,F:K-,...' press (+) or release (-) hex key K before frame F
  --poke ADDR=VALUE      write a byte of memory before the start (repeatable)
  --at ADDR              show only the block starting at ADDR
  --no-host              leave out the host disassembly
${ARCH_HELP}  --lockstep             run the interpreter alongside; stop at the first divergence
                         and show both states and the block that produced it
  --json                 print blocks (or the divergence) as JSON
${CHIP8_FLAGS_HELP}`;

const BLOCKS_FLAGS = {
  ...CHIP8_FLAGS,
  frames: { type: "string" },
  keys: { type: "string" },
  poke: { type: "string", multiple: true },
  at: { type: "string" },
  "no-host": { type: "boolean" },
  arch: { type: "string" },
  lockstep: { type: "boolean" },
  json: { type: "boolean" },
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, "0");

interface Run {
  readonly machine: Chip8Machine;
  readonly jit: Chip8Jit;
  dispose(): void;
}

function jitMachine(rom: Uint8Array, settings: Chip8Settings, path: string): Run {
  const memory = allocateChip8JitMemory();
  let jit: Chip8Jit | undefined;
  let machine: Chip8Machine;
  try {
    machine = new Chip8Machine(rom, {
      settings, buffer: memory.buffer, engine: (state, s) => (jit = new Chip8Jit(state, s, { countEntries: true, keepIr: true })),
    });
  } catch (error) {
    memory.dispose();
    if (error instanceof RomError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
  return { machine, jit: jit!, dispose: () => { jit!.dispose(); memory.dispose(); } };
}

function applyKeys(machines: readonly Chip8Machine[], keys: readonly KeyEvent[], frame: number): void {
  for (const ev of keys) {
    if (ev.frame !== frame) continue;
    for (const m of machines) {
      if (ev.down) m.pressKey(ev.key);
      else m.releaseKey(ev.key);
    }
  }
}

/** Run one frame; a guest fault is returned as its message. */
function frameOf(m: Chip8Machine): string {
  try {
    m.runFrame();
    return "";
  } catch (error) {
    if (error instanceof Chip8Fault) return error.message;
    throw error;
  }
}

export async function blocksCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  // The bare 6502 has flags of its own (--load, --entry): route before parsing CHIP-8 flags.
  if (isFor6502(argv)) return (await import("./mos6502-blocks.js")).blocksMos6502(argv, io);
  const { values, positionals } = parseArgs({ args: argv, options: BLOCKS_FLAGS, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(BLOCKS_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usageError("ejemu blocks needs exactly one ROM (see ejemu blocks --help)");
  const arch = parseArchFlag(values.arch);
  if (hostArch === undefined) throw new CliError(`the JIT has no backend on ${process.arch}`, 2);
  const loaded = loadProgram(positionals[0]!, values.machine);
  if (loaded.machine !== "chip8") throw new CliError("ejemu blocks shows CHIP-8 blocks only for now", 2);
  const { program } = loaded;
  const settings = chip8SettingsFromFlags(values as FlagValues, program.profileGuess);
  const frames = values.frames === undefined ? 60 : parseInteger(values.frames, "--frames", 0, 10_000_000);
  const keys = values.keys === undefined ? [] : parseKeyScript(values.keys);
  const at = values.at === undefined ? undefined : parseInteger(values.at, "--at", 0, 0xffff);
  const pokes = (values.poke ?? []).map(parsePoke);
  const run = jitMachine(program.rom, settings, program.path);
  try {
    for (const [address, value] of pokes) run.machine.poke(address, value);
    if (values.lockstep) return lockstep(run, program.rom, settings, frames, keys, pokes, values.json === true, io);
    let stopped = "";
    let frame = 0;
    for (; frame < frames && stopped === ""; frame++) {
      applyKeys([run.machine], keys, frame);
      stopped = frameOf(run.machine);
      if (run.machine.exited) stopped = "exit (00fd)";
    }
    printBlocks(run, settings, at, arch, values["no-host"] !== true, values.json === true, io, `${program.path}: ${frame} frames, `
      + `${run.machine.instructions} instructions${stopped === "" ? "" : `, stopped: ${stopped}`}`);
    return 0;
  } finally {
    run.dispose();
  }
}

function printBlocks(
  run: Run, settings: Chip8Settings, at: number | undefined, arch: Arch | undefined, host: boolean, json: boolean, io: CliIo, title: string): void {
  const rt = run.jit.runtime;
  const memory = run.machine.state.memory;
  const blocks = [...rt.cache.blocks()].filter((b) => at === undefined || b.pc === at);
  if (at !== undefined && blocks.length === 0) throw new CliError(`no compiled block starts at 0x${hex(at, 4)}`);
  // Another architecture: every live block translated again for it (links need them all), shown instead of the installed code.
  const cross: Map<number, CrossBlock> | undefined = arch === undefined || arch === rt.plan.arch ? undefined : crossBlocks(run.jit, arch);
  if (json) {
    const guestText = (pc: number): string | null => disassembleAt(memory, pc, settings.instructionSet)?.text ?? null;
    io.out(blocksJson({ title, rt, blocks, interpreted: run.jit.interpretedInstructions, guestText, cross, host }));
    return;
  }
  io.out(title);
  io.out(countersLine(rt, run.jit.interpretedInstructions));
  for (const block of blocks.sort((a, b) => a.pc - b.pc)) {
    io.out("");
    io.out(formatBlock(run.jit, block, memory, settings, { host, cross: cross?.get(block.pc) }));
  }
}

function lockstep(
  run: Run, rom: Uint8Array, settings: Chip8Settings, frames: number, keys: readonly KeyEvent[],
  pokes: readonly (readonly [number, number])[], json: boolean, io: CliIo,
): number {
  const interp = new Chip8Machine(rom, { settings });
  for (const [address, value] of pokes) interp.poke(address, value);
  const jitMachine = run.machine;
  const before = new Uint8Array(interp.state.bytes.length);
  for (let frame = 0; frame < frames; frame++) {
    applyKeys([interp, jitMachine], keys, frame);
    before.set(interp.state.bytes);
    const e1 = frameOf(interp);
    const e2 = frameOf(jitMachine);
    let diff = firstStateDifference(interp.state.bytes, jitMachine.state.bytes);
    if (diff === undefined && e1 !== e2) diff = `fault: interpreter "${e1}", jit "${e2}"`;
    if (diff === undefined && interp.instructions !== jitMachine.instructions) {
      diff = `instructions: interpreter ${interp.instructions}, jit ${jitMachine.instructions}`;
    }
    if (diff !== undefined) {
      if (before[Chip8Offset.HALT] === HaltReason.DisplayWait) before[Chip8Offset.HALT] = HaltReason.Running;
      const detail = describeDivergence(before, settings, settings.tickrate);
      if (json) io.out(JSON.stringify({ diverged: true, frame, difference: diff, detail }));
      else {
        io.out(`divergence in frame ${frame}: ${diff}`);
        io.out(`  interpreter: ${formatRegisters(interp.state)}`);
        io.out(`  jit:         ${formatRegisters(jitMachine.state)}`);
        io.out(detail);
      }
      return EXIT_FAILURE;
    }
    if (e1 !== "" || interp.exited) break;
  }
  if (json) io.out(JSON.stringify({ diverged: false, frames, instructions: interp.instructions }));
  else io.out(`no divergence: ${frames} frames, ${interp.instructions} instructions, identical state after every frame`);
  return 0;
}
