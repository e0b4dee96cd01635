/**
 * Compile throughput of the CHIP-8 recompiler, warm: translate + assemble
 * + install blocks over a long straight program of typical instructions
 * (ALU, I, memory, skips), many rounds, the code cache flushed between
 * rounds. `node dist/bench/chip8-compile.js [--rounds N] [--json]`;
 * CHIP8_COMPILE_PHASES=1 adds the split by phase.
 */
import { benchArgs } from "./args.js";
import { Chip8Jit } from "../cpu/chip8/jit.js";
import { allocateChip8JitMemory } from "../cpu/chip8/jit-state.js";
import { profileSettings } from "../cpu/chip8/quirks.js";
import { Chip8State } from "../cpu/chip8/state.js";

/** A program of `words` instructions cycling through common opcodes (block ends come from the skips). */
function typicalProgram(words: number): Uint8Array {
  const ops = [0x6012, 0x7103, 0x8014, 0x8125, 0x8236, 0xa300, 0xf01e, 0x8013, 0x7201, 0xf255, 0x8340, 0x4304, 0x8452];
  const out = new Uint8Array(words * 2);
  for (let k = 0; k < words; k++) {
    const op = ops[k % ops.length]!;
    out[2 * k] = op >> 8;
    out[2 * k + 1] = op & 0xff;
  }
  return out;
}

/** CHIP8_COMPILE_PHASES=1 splits the time into translate / assemble / install (two more clock reads per block). */
const PHASES = process.env.CHIP8_COMPILE_PHASES === "1";

export interface CompileBench {
  readonly blocks: number;
  readonly guestInstructions: number;
  readonly irInstructions: number;
  readonly ms: number;
  readonly nsPerGuestInstruction: number;
  readonly nsPerIrInstruction: number;
  /** Process CPU time per guest instruction (not inflated by other processes taking the CPU). */
  readonly cpuNsPerGuestInstruction: number;
  /** Shares of the time: guest -> IR, IR -> machine code, install + link. */
  readonly translateShare: number;
  readonly assembleShare: number;
  readonly installShare: number;
}

export function compileBench(rounds: number): CompileBench {
  const settings = profileSettings("xochip");
  const memory = allocateChip8JitMemory();
  const state = new Chip8State(memory.buffer);
  const words = 1500;
  state.memory.set(typicalProgram(words), 0x200);
  const jit = new Chip8Jit(state, settings, { timePhases: PHASES });
  const rt = jit.runtime;
  const c = rt.counters;
  let before = { ms: 0, ins: 0, ir: 0, blocks: 0, translate: 0, assemble: 0 };
  let cpu = process.cpuUsage();
  let flushCpu = 0;
  for (let round = 0; round <= rounds; round++) {
    if (round === 1) cpu = process.cpuUsage();
    const flushStart = process.cpuUsage();
    rt.flush();
    const flushed = process.cpuUsage(flushStart);
    if (round >= 1) flushCpu += flushed.user + flushed.system;
    if (round === 1) before = { ms: c.compileMs, ins: c.guestInstructionsCompiled, ir: c.irInstructions, blocks: c.blocksCompiled, translate: c.translateMs, assemble: c.assembleMs };
    for (let pc = 0x200; pc < 0x200 + words * 2; pc += 2) {
      if (rt.cache.get(pc) === undefined) {
        const b = rt.compile(pc);
        pc += (b.instructions - 1) * 2;
      }
    }
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system - flushCpu) / 1000;
  const ms = c.compileMs - before.ms;
  const ins = c.guestInstructionsCompiled - before.ins;
  const ir = c.irInstructions - before.ir;
  const translateShare = (c.translateMs - before.translate) / ms;
  const assembleShare = (c.assembleMs - before.assemble) / ms;
  const blocks = c.blocksCompiled - before.blocks;
  jit.dispose();
  memory.dispose();
  return {
    blocks, guestInstructions: ins, irInstructions: ir, ms, nsPerGuestInstruction: (ms * 1e6) / ins, nsPerIrInstruction: (ms * 1e6) / ir,
    cpuNsPerGuestInstruction: (cpuMs * 1e6) / ins,
    translateShare, assembleShare, installShare: 1 - translateShare - assembleShare,
  };
}

const values = benchArgs("usage: node dist/bench/chip8-compile.js [--rounds N] [--json]", {
  rounds: { type: "string", default: "20" }, json: { type: "boolean", default: false },
});
const result = compileBench(Number(values.rounds));
if (values.json) process.stdout.write(JSON.stringify(result) + "\n");
else {
  process.stdout.write(`compile (warm, ${values.rounds} rounds): ${result.blocks} blocks, ${result.guestInstructions} guest instructions, `
    + `${result.irInstructions} IR instructions in ${result.ms.toFixed(1)} ms: ${result.nsPerGuestInstruction.toFixed(0)} ns per guest instruction, `
    + `${result.nsPerIrInstruction.toFixed(0)} ns per IR instruction (CPU time: ${result.cpuNsPerGuestInstruction.toFixed(0)} ns per guest instruction)`
    + (PHASES ? `; time: translate ${(100 * result.translateShare).toFixed(0)}%, assemble ${(100 * result.assembleShare).toFixed(0)}%, `
      + `install+link ${(100 * result.installShare).toFixed(0)}%` : "") + "\n");
}
