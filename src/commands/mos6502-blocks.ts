/**
 * `ejemu blocks FILE --machine 6502`: run a binary on the bare 6502 machine
 * under the JIT, then print every compiled block: guest address range and
 * disassembly, the Ejit IR, the host disassembly, how often it was entered,
 * its links and invalidations (the layout of the CHIP-8 `blocks`, `--arch`
 * included).
 * `--at ADDR` shows one block; `--lockstep` runs the interpreter alongside,
 * comparing after every chunk of cycles, and stops at the first divergence
 * with both states and the block that produced it.
 */
import { parseArgs } from "node:util";
import { hostArch, type Arch } from "../../ejit/index.js";
import { blocksJson, countersLine } from "./blocks-report.js";
import { disassembleAt } from "../../cpu/mos6502/disasm.js";
import { crossBlocks, formatBlock, formatCpu, runLockstep } from "../../cpu/mos6502/jit-diagnose.js";
import { ARCH_HELP, parseArchFlag } from "./blocks.js";
import { CliError, EXIT_FAILURE, parseInteger, processIo, type CliIo } from "./common.js";
import { guardedCommand, MOS6502_PROGRAM_FLAGS, MOS6502_PROGRAM_HELP, mos6502ProgramFrom, startMachine, type Mos6502Program } from "./mos6502-bench.js";

export const MOS6502_BLOCKS_HELP = `usage: ejemu blocks FILE --machine 6502 [options]

Run a binary on the bare 6502 machine under the JIT, then show the
recompiled blocks: guest disassembly, Ejit IR, host disassembly, times
entered, links, invalidations.

${MOS6502_PROGRAM_HELP}  --at ADDR              show only the block starting at ADDR
  --no-host              leave out the host disassembly
${ARCH_HELP}  --lockstep             run the interpreter alongside, comparing registers, counters and
                         RAM every --chunk cycles; stop at the first divergence and show
                         both states and the block that produced it
  --chunk N              cycles between lockstep comparisons (default 10007)
  --json                 print blocks (or the lockstep result) as JSON
`;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, "0");

function printBlocks(p: Mos6502Program, at: number | undefined, arch: Arch | undefined, host: boolean, json: boolean, io: CliIo): void {
  const machine = startMachine(p, "jit", { countEntries: true, keepIr: true });
  try {
    const result = machine.run(p.maxCycles);
    const jit = machine.jit!;
    const rt = jit.runtime;
    const blocks = [...rt.cache.blocks()].filter((b) => at === undefined || b.pc === at).sort((a, b) => a.pc - b.pc);
    if (at !== undefined && blocks.length === 0) throw new CliError(`no compiled block starts at $${hex4(at)}`);
    // Another architecture: every live block translated again for it (links need them all), shown instead of the installed code.
    const cross = arch === undefined || arch === rt.plan.arch ? undefined : crossBlocks(jit, arch);
    const title = `${p.path}: stop: ${result.stop} at $${hex4(result.pc)}, ${result.cycles} cycles, ${result.instructions} instructions`;
    if (json) {
      const guestText = (pc: number): string => disassembleAt(machine.memory, pc).text;
      io.out(blocksJson({ title, rt, blocks, interpreted: jit.interpretedInstructions, guestText, cross, host }));
      return;
    }
    io.out(title);
    io.out(countersLine(rt, jit.interpretedInstructions));
    for (const block of blocks) {
      io.out("");
      io.out(formatBlock(jit, block, { host, cross: cross?.get(block.pc) }));
    }
  } finally {
    machine.dispose();
  }
}

function lockstep(p: Mos6502Program, chunk: number, json: boolean, io: CliIo): number {
  const memory = new Uint8Array(0x10000);
  memory.set(p.binary, p.load);
  for (const [address, value] of p.pokes) memory[address] = value;
  const result = runLockstep({ memory, pc: p.entry }, { decimal: p.decimal, maxCycles: p.maxCycles, chunkCycles: chunk, diagnose: true });
  if (json) {
    io.out(JSON.stringify({ diverged: result.divergence !== undefined, chunks: result.chunks, detail: result.divergence ?? null,
      cycles: result.interp.cycles, instructions: result.interp.instructions }));
  } else if (result.divergence !== undefined) {
    io.out(`divergence ${result.divergence}`);
  } else {
    io.out(`no divergence: ${result.chunks} chunks of ${chunk} cycles, identical registers, counters and RAM after every chunk`);
    io.out(`  end: ${formatCpu(result.interp)}`);
  }
  return result.divergence === undefined ? 0 : EXIT_FAILURE;
}

export async function blocksMos6502(argv: string[], io: CliIo = processIo): Promise<number> {
  return guardedCommand("blocks", io, () => {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        ...MOS6502_PROGRAM_FLAGS, at: { type: "string" }, "no-host": { type: "boolean" }, arch: { type: "string" }, lockstep: { type: "boolean" },
        chunk: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.out(MOS6502_BLOCKS_HELP);
      return 0;
    }
    const arch = parseArchFlag(values.arch);
    if (hostArch === undefined) throw new CliError(`the JIT has no backend on ${process.arch}`, 2);
    const program = mos6502ProgramFrom(values, positionals, "blocks");
    const at = values.at === undefined ? undefined : parseInteger(values.at, "--at", 0, 0xffff);
    if (values.lockstep) {
      const chunk = values.chunk === undefined ? 10007 : parseInteger(values.chunk, "--chunk", 1, 0x7fffffff);
      return lockstep(program, chunk, values.json === true, io);
    }
    printBlocks(program, at, arch, values["no-host"] !== true, values.json === true, io);
    return 0;
  });
}
