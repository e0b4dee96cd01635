/**
 * Helpers for the 6502 JIT tests: a Mos6502 over native memory with its
 * JIT engine, and the single-instruction vectors run through it.
 */
import { Mos6502 } from "../../../cpu/mos6502/interpreter.js";
import { Mos6502Jit, type Mos6502JitOptions } from "../../../cpu/mos6502/jit.js";
import { Mos6502JitMemory } from "../../../cpu/mos6502/jit-state.js";
import { StopReason } from "../../../cpu/mos6502/execute.js";
import { loadVectors, type RunOptions, type VectorCase } from "./vectors.js";

export interface JitCpu {
  readonly cpu: Mos6502;
  readonly jit: Mos6502Jit;
  readonly memory: Mos6502JitMemory;
  dispose(): void;
}

export function makeJitCpu(decimal: boolean, options: Mos6502JitOptions = {}): JitCpu {
  const memory = new Mos6502JitMemory();
  const cpu = new Mos6502({ memory: memory.ram, state: memory.state, decimal });
  const jit = new Mos6502Jit(cpu, memory, options);
  return {
    cpu, jit, memory,
    dispose() {
      jit.dispose();
      memory.dispose();
    },
  };
}

/**
 * One vector case through the JIT in single-step mode (one native
 * instruction, or the interpreter for the ones it leaves there). Returns
 * null when registers, memory and cycles match, else a description.
 */
export function runJitCase(j: JitCpu, c: VectorCase, opt: Omit<RunOptions, "recordBus">): string | null {
  const { cpu, jit } = j;
  const mem = cpu.memory;
  const { initial, final } = c;
  cpu.pc = initial.pc; cpu.s = initial.s; cpu.a = initial.a; cpu.x = initial.x; cpu.y = initial.y;
  cpu.p = (initial.p & ~0x10) | 0x20;
  cpu.halted = false;
  cpu.cycles = 0;
  for (const [addr, v] of initial.ram) {
    mem[addr] = v;
    jit.invalidate(addr, addr + 1);
  }
  const stop = jit.run(1_000_000);
  const problems: string[] = [];
  const expectReg = (name: string, got: number, want: number) => {
    if (got !== want) problems.push(`${name}=${got} want ${want}`);
  };
  if (stop === StopReason.Jam) problems.push("jammed");
  expectReg("pc", cpu.pc, final.pc); expectReg("s", cpu.s, final.s); expectReg("a", cpu.a, final.a);
  expectReg("x", cpu.x, final.x); expectReg("y", cpu.y, final.y);
  expectReg("p", cpu.p & opt.pMask, final.p & opt.pMask);
  for (const [addr, v] of final.ram) expectReg(`[${addr}]`, mem[addr]!, v);
  const wantCycles = (typeof c.cycles === "number" ? c.cycles : c.cycles.length) + (opt.cycleAdjust?.(c) ?? 0);
  expectReg("cycles", cpu.cycles, wantCycles);
  for (const [addr] of [...initial.ram, ...final.ram]) {
    mem[addr] = 0;
    jit.invalidate(addr, addr + 1);
  }
  return problems.length === 0 ? null : `case "${c.name}": ${problems.slice(0, 4).join("; ")}`;
}

/** Every case of a vector file through the JIT; the first failure, or null. */
export function runJitFile(j: JitCpu, set: string, file: string, opt: Omit<RunOptions, "recordBus">): string | null {
  for (const c of loadVectors(set, file)) {
    const failure = runJitCase(j, c, opt);
    if (failure !== null) return failure;
  }
  return null;
}
