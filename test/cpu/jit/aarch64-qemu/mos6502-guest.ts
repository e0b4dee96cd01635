/**
 * A 6502 program run natively on x86-64 (Mos6502Jit over Mos6502JitMemory)
 * and laid out for AArch64 (image.ts), as chip8-guest.ts does for CHIP-8:
 * the first x86-64 run compiles every block, the second runs from the
 * start state in one native entry with a cycle budget. The 6502 has no
 * helper routines; a trap (`JMP *`) leaves native code with ExitReason.Halt.
 */
import { Mos6502 } from "../../../../cpu/mos6502/interpreter.js";
import { Mos6502Jit } from "../../../../cpu/mos6502/jit.js";
import { MOS6502_JIT_STATE_SIZE, Mos6502JitMemory, Mos6502RegisterMap } from "../../../../cpu/mos6502/jit-state.js";
import { buildGuestImage } from "./image.js";
import type { NativeRun } from "./chip8-guest.js";

/** Bytes loaded at `origin`, where the run starts (an assembled program, or a binary). */
export interface LoadableProgram {
  readonly origin: number;
  readonly bytes: Uint8Array;
}

/** The interpreter's registers and RAM after it runs `program` from its origin until the trap. */
export interface InterpreterRun {
  readonly a: number;
  readonly x: number;
  readonly y: number;
  readonly s: number;
  readonly p: number;
  readonly pc: number;
  readonly instructions: number;
  readonly ram: Uint8Array;
}

function load(program: LoadableProgram, memory: Uint8Array, cpu: Mos6502): void {
  memory.set(program.bytes, program.origin);
  cpu.pc = program.origin;
}

/**
 * Run `program` with the x86-64 JIT for at most `cycles` cycles: once to
 * compile its blocks, once from the start state (registers saved, flags
 * unpacked as the engine does before it enters) in a single native entry;
 * and lay the blocks out for AArch64.
 */
export function runMos6502Native(program: LoadableProgram, cycles: number): NativeRun {
  const memory = new Mos6502JitMemory();
  const cpu = new Mos6502({ memory: memory.ram, state: memory.state, decimal: true });
  const jit = new Mos6502Jit(cpu, memory, { tierThreshold: 1 }); // every block compiled: the test compares their code
  try {
    load(program, memory.ram, cpu);
    cpu.saveState();
    memory.unpackFlags();
    const bytes = new Uint8Array(memory.jit.buffer);
    const startState = bytes.slice(0, MOS6502_JIT_STATE_SIZE);
    jit.run(cycles);
    bytes.set(startState);
    const start = bytes.slice();
    const reason = jit.runtime.enter(cycles);
    const pcs = [...jit.runtime.cache.blocks()].map((b) => b.pc).sort((a, b) => a - b);
    const final = bytes.slice(0, MOS6502_JIT_STATE_SIZE);
    bytes.set(startState);
    const image = buildGuestImage({
      layout: memory.jit.layout,
      guest: (plan) => new Mos6502RegisterMap(plan),
      helpers: () => [],
      translator: (plan) => jit.translatorFor(plan),
      pcs, memory: start, budget: cycles,
    });
    return { startState, final, reason, budgetLeft: jit.runtime.budgetLeft, pcs, image, stateSize: MOS6502_JIT_STATE_SIZE };
  } finally {
    jit.dispose();
    memory.dispose();
  }
}

/**
 * A state block as JS sees it after native code returned: `state` (a copy
 * of MOS6502_JIT_STATE_SIZE bytes of JIT memory) with P packed from the
 * native flag registers, read back through the engine's own packFlags.
 */
export function packedRegisters(state: Uint8Array): InterpreterRun {
  const memory = new Mos6502JitMemory();
  try {
    // The constructor writes its own registers into the state block: copy the state in after it.
    const cpu = new Mos6502({ memory: memory.ram, state: memory.state, decimal: true });
    new Uint8Array(memory.jit.buffer).set(state);
    memory.packFlags();
    cpu.loadState();
    return { a: cpu.a, x: cpu.x, y: cpu.y, s: cpu.s, p: cpu.p, pc: cpu.pc, instructions: cpu.instructions, ram: memory.ram.slice() };
  } finally {
    memory.dispose();
  }
}

/** The interpreter alone on `program` until its trap (stopOnTrap), for the reference. */
export function runMos6502Interpreter(program: LoadableProgram, cycles: number): InterpreterRun {
  const ram = new Uint8Array(0x10000);
  const cpu = new Mos6502({ memory: ram, decimal: true });
  load(program, ram, cpu);
  cpu.run(cycles, true);
  return { a: cpu.a, x: cpu.x, y: cpu.y, s: cpu.s, p: cpu.p, pc: cpu.pc, instructions: cpu.instructions, ram: ram.slice() };
}
