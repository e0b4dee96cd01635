/**
 * `ejemu blocks ROM`: run a program under the JIT headless (the flags of
 * `run`), then print every compiled block: guest address range and
 * disassembly, the Ejit IR, the host disassembly, how often it was
 * entered, its links and invalidations. `--arch aarch64` shows the IR and
 * code the blocks become on that host instead (translate only:
 * cpu/jit/cross-translate.ts). `--at ADDR` shows one block. `--lockstep`
 * runs the interpreter alongside, compares the whole guest state after
 * every frame, and stops at the first divergence with both states and the
 * block that produced it.
 */
import type { EngineName } from "../../cpu/engine.js";
import { codeJson } from "../../cpu/jit/code-view.js";
import { ARCHES, isArch } from "../../cpu/jit/cross-translate.js";
import { hostArch, type Arch } from "../../ejit/index.js";
import type { FlagSpecs, MachineProgram } from "../machines/definition.js";
import type { Machine, MachineJit } from "../machines/machine.js";
import { machineFlagsHelp, MACHINE_FLAG_HELP, parseCommand, stringFlag, stringList } from "./args.js";
import { CliError, EXIT_FAILURE, EXIT_USAGE, parseInteger, processIo, usageError, type CliIo } from "./common.js";
import { parseTier, TIER_HELP } from "./engine.js";
import { progressLine } from "./progress.js";
import { applyKeys, checkKeys, KEYS_HELP, parseKeyScript, parsePoke, runScripted, type KeyEvent } from "./script.js";

/** The value of --arch, or undefined when it is absent; anything else is a usage error. */
export function parseArchFlag(value: string | undefined): Arch | undefined {
  if (value === undefined) return undefined;
  if (!isArch(value)) throw usageError(`--arch: unknown architecture '${value}' (expected ${ARCHES.join(" or ")})`);
  return value;
}

const BLOCKS_FLAGS: FlagSpecs = {
  frames: { type: "string" },
  keys: { type: "string" },
  poke: { type: "string", multiple: true },
  at: { type: "string" },
  "no-host": { type: "boolean" },
  arch: { type: "string" },
  lockstep: { type: "boolean" },
  json: { type: "boolean" },
  tier: { type: "string" },
};

export function blocksHelp(machine: Parameters<typeof machineFlagsHelp>[0]): string {
  return `usage: ejemu blocks ROM [options]

Run a program under the JIT, then show the recompiled blocks: guest
disassembly, Ejit IR, host disassembly, times entered, links, invalidations.

  --frames N            frames to run (default: the machine's, below)
  --keys 'F:K+,F:K-,...'  ${KEYS_HELP}
  --poke ADDR=VALUE     write a byte on the guest bus before the start (repeatable)
  --at ADDR             show only the block starting at ADDR
  --no-host             leave out the host disassembly
  --arch ARCH           show the IR and host code for ARCH (${ARCHES.join(" or ")}; default: this host).
                        The program still runs natively to find the blocks (entry counts and
                        links come from that run); each block is then translated again for
                        ARCH and assembled, not installed: runtime stubs, helper routines and
                        the blocks themselves are at placeholder addresses (0x7fa0...)
  --lockstep            run the interpreter alongside, compare the whole guest state after every
                        frame; stop at the first divergence with both states and the block that
                        produced it
  --json                print the blocks (or the lockstep result) as JSON
${TIER_HELP.replace("default: the JIT's", "default here: 0, so every block shows")}
${MACHINE_FLAG_HELP}
${machineFlagsHelp(machine, "program")}`;
}

interface BlocksRun {
  readonly program: MachineProgram;
  readonly frames: number;
  readonly script: readonly KeyEvent[];
  readonly pokes: readonly (readonly [number, number])[];
  readonly tierThreshold: number | undefined;
}

async function start(run: BlocksRun, engine: EngineName): Promise<Machine> {
  const machine = await run.program.create(engine, { inspect: true, tierThreshold: run.tierThreshold });
  try {
    checkKeys(run.script, machine);
    for (const [address, value] of run.pokes) machine.poke(address, value);
  } catch (error) {
    machine.dispose();
    throw error;
  }
  return machine;
}

/** The header line: what ran and how it ended. */
function runLine(path: string, machine: Machine): string {
  const c = machine.counters();
  const stop = machine.stopped;
  return `${path}: ${machine.frame} frames, ${c.instructions} instructions${c.cycles === undefined ? "" : `, ${c.cycles} cycles`}`
    + `${stop === undefined ? "" : `, stopped: ${stop.reason}`}`;
}

/** The line under the title: what the recompiler did during the run. */
export function countersLine(jit: MachineJit): string {
  const rt = jit.runtime;
  const c = rt.counters;
  return `${rt.cache.size} live blocks; compiled ${c.blocksCompiled} (${c.guestInstructionsCompiled} guest instructions, `
    + `${c.irInstructions} IR, ${c.hostBytes} host bytes, ${c.compileMs.toFixed(2)} ms); links ${c.links}, `
    + `invalidations ${c.invalidations}, flushes ${c.flushes}; native entries ${c.nativeEntries}; `
    + `instructions left to the interpreter ${jit.interpretedInstructions}`;
}

function printBlocks(machine: Machine, title: string, at: number | undefined, arch: Arch | undefined, host: boolean, json: boolean, io: CliIo): void {
  const jit = machine.jit!;
  const rt = jit.runtime;
  const blocks = [...rt.cache.blocks()].filter((b) => at === undefined || b.pc === at).sort((a, b) => a.pc - b.pc);
  if (at !== undefined && blocks.length === 0) throw new CliError(`no compiled block starts at 0x${at.toString(16).padStart(4, "0")}`);
  // Another architecture: every live block translated again for it (links need them all), shown instead of the installed code.
  const cross = arch === undefined || arch === rt.plan.arch ? undefined : jit.crossBlocks(arch);
  if (json) {
    io.out(JSON.stringify({
      summary: title, counters: rt.counters, interpreted: jit.interpretedInstructions,
      blocks: blocks.map((b) => ({
        pc: b.pc, instructions: b.instructions, entered: rt.entryCount(b),
        linksOut: b.slots.map((s) => ({ target: s.target, linked: s.linked !== undefined })), linkedIn: b.incoming.size,
        invalidatedBefore: rt.cache.invalidatedAt[b.pc],
        guest: Array.from(b.guestPcs, (pc) => ({ pc, text: jit.guestText(pc) })),
        ...codeJson(rt, b, cross?.get(b.pc), host),
      })),
    }));
    return;
  }
  io.out(title);
  io.out(countersLine(jit));
  for (const block of blocks) {
    io.out("");
    io.out(jit.formatBlock(block, { host, cross: cross?.get(block.pc) }));
  }
}

const stopReason = (m: Machine): string | undefined => m.stopped?.reason;

async function lockstep(run: BlocksRun, json: boolean, io: CliIo): Promise<number> {
  const interp = await start(run, "interp");
  let jit: Machine | undefined;
  const progress = progressLine(io, "blocks --lockstep");
  try {
    jit = await start(run, "jit");
    let next = 0;
    for (let frame = 0; frame < run.frames && interp.stopped === undefined; frame++) {
      if ((frame & 1023) === 0) progress.update(`frame ${frame}`);
      applyKeys(jit, run.script, frame, next);
      next = applyKeys(interp, run.script, frame, next);
      const before = interp.saveState();
      interp.runFrames(1);
      jit.runFrames(1);
      const [a, b] = [stopReason(interp), stopReason(jit)];
      const diff = interp.differenceFrom(jit) ?? (a !== b ? `stop: interpreter "${a ?? "running"}", jit "${b ?? "running"}"` : undefined);
      if (diff !== undefined) {
        progress.done();
        const detail = jit.jit!.explainDivergence(before);
        if (json) io.out(JSON.stringify({ diverged: true, frame, difference: diff, detail }));
        else {
          io.out(`divergence in frame ${frame}: ${diff}`);
          io.out(`  interpreter: ${interp.summary().text.join(" | ")}`);
          io.out(`  jit:         ${jit.summary().text.join(" | ")}`);
          io.out(detail);
        }
        return EXIT_FAILURE;
      }
    }
    progress.done();
    const c = interp.counters();
    if (json) io.out(JSON.stringify({ diverged: false, frames: interp.frame, instructions: c.instructions }));
    else io.out(`no divergence: ${interp.frame} frames, ${c.instructions} instructions, identical state after every frame`);
    return 0;
  } finally {
    progress.done();
    interp.dispose();
    jit?.dispose();
  }
}

export async function blocksCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const { values, positionals, machine: definition, bytes } = parseCommand(argv, { flags: BLOCKS_FLAGS, machineFlags: "program", readsFile: true, what: "ROM" });
  if (values["help"]) {
    io.out(blocksHelp(definition));
    return 0;
  }
  if (positionals.length !== 1) throw usageError("needs exactly one ROM");
  const arch = parseArchFlag(stringFlag(values, "arch"));
  if (hostArch === undefined) throw new CliError(`the JIT has no backend on ${process.arch}`, EXIT_USAGE);
  if (!definition!.engines.includes("jit")) throw usageError(`${definition!.name} has no recompiler yet, so no blocks to show`);
  const program = definition!.load({ path: positionals[0]!, bytes: bytes!, values, command: "blocks", warn: (line) => io.err(`ejemu blocks: warning: ${line}`) });
  const framesText = stringFlag(values, "frames");
  const frames = framesText === undefined ? program.defaultFrames.blocks ?? 60 : parseInteger(framesText, "--frames", 0, 1_000_000_000);
  const atText = stringFlag(values, "at");
  const at = atText === undefined ? undefined : parseInteger(atText, "--at", 0, 0xffff);
  const run: BlocksRun = {
    program, frames, script: parseKeyScript(stringFlag(values, "keys")), pokes: stringList(values, "poke").map(parsePoke),
    tierThreshold: parseTier(stringFlag(values, "tier")),
  };
  if (values["lockstep"]) return lockstep(run, values["json"] === true, io);
  const machine = await start(run, "jit");
  try {
    runScripted(machine, frames, run.script);
    printBlocks(machine, runLine(program.path, machine), at, arch, values["no-host"] !== true, values["json"] === true, io);
    return 0;
  } finally {
    machine.dispose();
  }
}
