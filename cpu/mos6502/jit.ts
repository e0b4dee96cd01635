/**
 * The 6502 JIT engine: runs a `Mos6502` (the interpreter's object, over
 * registers and RAM in native memory: jit-state.ts) with recompiled blocks,
 * and gives the same results as `Mos6502.run`: registers, memory, cycles,
 * instruction count and stop reason (trap, JAM, cycle limit) exactly where
 * the interpreter stops.
 *
 * - Cycle limit: native code runs whole blocks only, each when the budget
 *   covers its longest path; when it does not, the interpreter runs the
 *   rest (at most one block's worth) with the interpreter's own rule (whole
 *   instructions while cycles < limit).
 * - Instructions the recompiler leaves to the interpreter, and stores that
 *   hit compiled code, run in the interpreter one at a time, through a bus
 *   that drops the compiled blocks under every byte written.
 * - Interrupts: while an NMI is pending or the IRQ line is asserted, the
 *   whole run goes to the interpreter (the bare machine raises neither; the
 *   NES will want native runs between events).
 */
import { hostArch } from "../../ejit/index.js";
import { ExitReason } from "../jit/exit-reason.js";
import { hostPlanFor, type HostPlan } from "../jit/host-plan.js";
import { JitRuntime } from "../jit/runtime.js";
import type { Bus } from "./bus.js";
import { execute, StopReason } from "./execute.js";
import type { Mos6502 } from "./interpreter.js";
import { Mos6502JitMemory, Mos6502RegisterMap } from "./jit-state.js";
import { Mos6502Translator, type Mos6502TranslateOptions } from "./recompiler.js";
import { StateSlot, writeCounter } from "./state.js";

export interface Mos6502JitOptions extends Omit<Mos6502TranslateOptions, "decimal"> {
  /** Host code bytes before the code cache is flushed (default 16 MiB). */
  readonly codeCacheBytes?: number;
  /** Count how often each block is entered (for `blocks`). */
  readonly countEntries?: boolean;
  /** Keep each block's IR (for `blocks`). */
  readonly keepIr?: boolean;
}

/** Largest budget handed to native code in one call (it is kept in an i32). */
const MAX_CHUNK = 0x7fffffff;

/** The interpreter's bus while the JIT engine lets it run: flat RAM that drops compiled code it writes over. */
class InvalidatingBus implements Bus {
  constructor(private readonly ram: Uint8Array, private readonly codeMap: Uint8Array, private readonly runtime: JitRuntime) {}
  read(address: number): number {
    return this.ram[address]!;
  }
  write(address: number, value: number): void {
    this.ram[address] = value;
    if (this.codeMap[address] !== 0) this.runtime.invalidate(address, address + 1);
  }
}

export class Mos6502Jit {
  readonly name = "jit" as const;
  readonly runtime: JitRuntime;
  readonly translator: Mos6502Translator;
  /** Instructions run by the interpreter (tails, rare instructions, guarded stores). */
  interpretedInstructions = 0;
  /** Where the interpreter took over at the end of the last run that ran out of budget (-1: none yet). */
  tailPc = -1;
  private readonly stopOnTrap: boolean;
  private readonly singleStep: boolean;
  private readonly bus: InvalidatingBus;
  /** Per page, the PCs of blocks that store to it without guards. */
  private readonly unguardedWriters: Set<number>[] = Array.from({ length: 256 }, () => new Set<number>());
  /** The translator's options (for translatorFor). */
  private readonly translateOptions: Mos6502TranslateOptions;

  constructor(readonly cpu: Mos6502, readonly memory: Mos6502JitMemory, options: Mos6502JitOptions = {}) {
    if (cpu.memory !== memory.ram || cpu.state !== memory.state) {
      throw new Error("the 6502 JIT needs a Mos6502 built over its native memory (memory.ram and memory.state)");
    }
    if (hostArch === undefined) throw new Error(`the 6502 JIT has no backend for host ${process.arch}`);
    const map = new Mos6502RegisterMap(hostPlanFor(hostArch));
    this.runtime = new JitRuntime({
      memory: memory.jit, guest: map, codeCacheBytes: options.codeCacheBytes, countEntries: options.countEntries, keepIr: options.keepIr,
    });
    this.stopOnTrap = options.stopOnTrap ?? true;
    this.singleStep = options.singleStep ?? false;
    this.translateOptions = { ...options, decimal: cpu.decimalEnabled, codeMap: memory.jit.codeMap };
    this.translator = new Mos6502Translator(map, this.runtime.plan, memory.ram, this.translateOptions);
    this.runtime.setTranslator(this.translator);
    this.bus = new InvalidatingBus(memory.ram, memory.jit.codeMap, this.runtime);
  }

  /**
   * Run whole instructions while `cycles < cycleLimit`, stopping after a
   * trap (when built with stopOnTrap) or a JAM, as `Mos6502.run` does.
   * Built with singleStep, it runs one instruction (natively when the
   * recompiler translates it) and returns Trap (Budget when interpreted).
   */
  run(cycleLimit: number): StopReason {
    const cpu = this.cpu;
    if (cpu.halted) return StopReason.Jam;
    if (cpu.interruptRequested()) return this.interpret(cycleLimit, Infinity);
    const rt = this.runtime;
    const st = this.memory.state;
    this.enterState();
    let cycles = cpu.cycles;
    for (;;) {
      if (cycles >= cycleLimit) {
        this.leaveState(cycles);
        return StopReason.Budget;
      }
      const left = cycleLimit - cycles;
      const chunk = left < MAX_CHUNK ? left : MAX_CHUNK;
      const reason = rt.enter(chunk);
      cycles += chunk - rt.budgetLeft;
      switch (reason) {
        case ExitReason.NoBlock:
          this.compile(st[StateSlot.PC]! & 0xffff);
          break;
        case ExitReason.Budget:
          if (chunk < left) break; // only this chunk ran out
          this.leaveState(cycles);
          this.tailPc = cpu.pc;
          return this.interpret(cycleLimit, Infinity);
        case ExitReason.Interpret: {
          this.leaveState(cycles);
          const stop = this.interpret(cycleLimit, 1);
          if (stop !== StopReason.Budget || this.singleStep) return stop;
          this.enterState();
          cycles = cpu.cycles;
          break;
        }
        case ExitReason.Halt:
          this.leaveState(cycles);
          return StopReason.Trap;
        default:
          throw new Error(`6502 JIT: native code returned ${reason}`);
      }
    }
  }

  /**
   * Compile the block at `pc`; keep track of the pages it writes without
   * store guards, and drop the blocks that write without guards to a page
   * this block's code is on (their stores could now hit compiled code).
   */
  private compile(pc: number): void {
    const rt = this.runtime;
    const block = rt.compile(pc);
    for (const page of this.translator.unguardedPages) this.unguardedWriters[page]!.add(pc);
    let last = -1;
    for (const address of block.covered) {
      const page = (address >> 8) & 0xff;
      if (page === last) continue;
      last = page;
      const writers = this.unguardedWriters[page]!;
      if (writers.size === 0) continue;
      for (const writer of writers) if (writer !== pc) rt.invalidate(writer, writer + 1);
      writers.clear();
    }
  }

  /** Drop compiled code over guest bytes [start, end) (after JS wrote there). */
  invalidate(start: number, end: number): void {
    this.runtime.invalidate(start, end);
  }

  /**
   * A translator with this engine's options over the same RAM for another
   * host plan, to see what blocks become there (`blocks --arch`). It reads
   * the code map as it is now, so a store the native block guards may go
   * unguarded there when the code on its page has been dropped since.
   */
  translatorFor(plan: HostPlan): Mos6502Translator {
    return new Mos6502Translator(new Mos6502RegisterMap(plan), plan, this.memory.ram, this.translateOptions);
  }

  /** Free the code cache (the native memory belongs to whoever made it). */
  dispose(): void {
    this.runtime.dispose();
  }

  /** The Mos6502 object's registers into native state, P split into the flag registers. */
  private enterState(): void {
    this.cpu.saveState();
    this.memory.unpackFlags();
  }

  /** Native state (P packed, `cycles`) back into the Mos6502 object. */
  private leaveState(cycles: number): void {
    this.memory.packFlags();
    writeCounter(this.memory.state, StateSlot.CYCLES_LO, cycles);
    this.cpu.loadState();
  }

  /** The interpreter over the invalidating bus, for at most `steps` steps. */
  private interpret(cycleLimit: number, steps: number): StopReason {
    const cpu = this.cpu;
    const before = cpu.instructions;
    const saved = cpu.bus;
    cpu.bus = this.bus;
    try {
      return execute(cpu, cycleLimit, this.stopOnTrap, steps);
    } finally {
      cpu.bus = saved;
      cpu.saveState();
      this.interpretedInstructions += cpu.instructions - before;
    }
  }
}
