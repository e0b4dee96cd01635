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
import { execute, StopReason, type TierWatch } from "./execute.js";
import type { Mos6502 } from "./interpreter.js";
import { Mos6502JitMemory, Mos6502RegisterMap } from "./jit-state.js";
import { Mos6502Translator, type Mos6502TranslateOptions } from "./recompiler.js";
import { StateSlot, writeCounter } from "./state.js";

export interface Mos6502JitOptions extends Omit<Mos6502TranslateOptions, "decimal" | "dynamicOperands"> {
  /** Host code bytes before the code cache is flushed (default 16 MiB). */
  readonly codeCacheBytes?: number;
  /** Count how often each block is entered (for `blocks`). */
  readonly countEntries?: boolean;
  /** Keep each block's IR (for `blocks`). */
  readonly keepIr?: boolean;
  /**
   * Tiering: a block start is interpreted until it has been reached this
   * many times, then compiled. 1 compiles at once; single-step runs always
   * do. Default TIER_THRESHOLD, or 1 with countEntries (the `blocks`
   * command, which wants to show every block; until it has an option).
   */
  readonly tierThreshold?: number;
  /**
   * Compile nothing before the CPU has run this many instructions (counted
   * from its start): short programs stay interpreted and pay no compile
   * time. Default WARMUP_INSTRUCTIONS when tiering, 0 with tierThreshold 1.
   */
  readonly warmupInstructions?: number;
  /** Compile operands that code stores to as reads of guest memory at run time (default true). */
  readonly dynamicOperands?: boolean;
}

/** Largest budget handed to native code in one call (it is kept in an i32). */
const MAX_CHUNK = 0x7fffffff;

/** Times a block start is reached in the interpreter before it is compiled. */
export const TIER_THRESHOLD = 16;
/** Instructions a tiered engine interprets before it compiles anything (about 0.3 ms). */
export const WARMUP_INSTRUCTIONS = 20_000;
/**
 * Instructions interpreted in one go (8,000: about 0.2 ms) from a block start that backs off
 * after rewrites, without stopping at compiled code: a rewritten island in
 * a native loop would otherwise cost a native exit and entry per round.
 */
const STICKY_INSTRUCTIONS = 8000;
/** Longest a rewritten block start waits (in times reached) before it is compiled again. */
const MAX_BACKOFF = 1 << 16;

/** The interpreter's bus while the JIT engine lets it run over a machine's bus: flat RAM, writes over compiled code reported. */
class InvalidatingBus implements Bus {
  constructor(private readonly ram: Uint8Array, private readonly codeMap: Uint8Array, private readonly engine: Mos6502Jit) {}
  read(address: number): number {
    return this.ram[address]!;
  }
  write(address: number, value: number): void {
    this.ram[address] = value;
    if (this.codeMap[address] !== 0) this.engine.codeWritten(address);
  }
}

export class Mos6502Jit {
  readonly name = "jit" as const;
  readonly runtime: JitRuntime;
  readonly translator: Mos6502Translator;
  /** Instructions run by the interpreter (tiering, tails, rare instructions, guarded stores). */
  interpretedInstructions = 0;
  /** Where the interpreter took over at the end of the last run that ran out of budget (-1: none yet). */
  tailPc = -1;
  /** Per guest byte: writes that hit compiled code there (saturating at 65535). */
  readonly codeWrites = new Uint16Array(0x10000);
  /** Per guest byte: 1 once code stored there while compiled code covered it; instructions read such operands at run time. */
  readonly dynamicMarks = new Uint8Array(0x10000);
  /** Instructions compiled with a dynamic operand (over all compilations). */
  dynamicCompiled = 0;
  /** Per block PC: times a store to a byte stored to before (not the first, which makes a dynamic operand) dropped it. */
  readonly smcDrops = new Uint16Array(0x10000);
  /** Per guest PC: times reached in the interpreter as a block start (negative: backing off after rewrites). */
  private readonly heat = new Int32Array(0x10000);
  private readonly tierThreshold: number;
  private readonly warmup: number;
  private readonly tier: TierWatch;
  private readonly stopOnTrap: boolean;
  private readonly singleStep: boolean;
  private readonly bus: InvalidatingBus;
  private readonly dropped: number[] = [];
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
    this.tierThreshold = this.singleStep ? 1 : Math.max(1, options.tierThreshold ?? (options.countEntries ? 1 : TIER_THRESHOLD));
    this.warmup = this.tierThreshold <= 1 ? 0 : options.warmupInstructions ?? WARMUP_INSTRUCTIONS;
    this.translateOptions = {
      ...options, decimal: cpu.decimalEnabled, codeMap: memory.jit.codeMap,
      dynamicOperands: options.dynamicOperands === false ? undefined : this.dynamicMarks,
    };
    this.translator = new Mos6502Translator(map, this.runtime.plan, memory.ram, this.translateOptions);
    this.tier = { heat: this.heat, dispatch: memory.jit.dispatch32, threshold: this.tierThreshold };
    this.runtime.setTranslator(this.translator);
    this.bus = new InvalidatingBus(memory.ram, memory.jit.codeMap, this);
    cpu.codeWatch = memory.jit.codeMap;
    cpu.onCodeWrite = (address) => this.codeWritten(address);
  }

  /**
   * Run whole instructions while `cycles < cycleLimit`, stopping after a
   * trap (when built with stopOnTrap) or a JAM, as `Mos6502.run` does.
   * Built with singleStep, it runs one instruction (natively when the
   * recompiler translates it) and returns Trap (Budget when interpreted).
   *
   * Block starts without compiled code are interpreted (to the end of their
   * basic block) until reached `tierThreshold` times, then compiled; native
   * code runs from any PC that has a block.
   */
  run(cycleLimit: number): StopReason {
    const cpu = this.cpu;
    if (cpu.halted) return StopReason.Jam;
    if (cpu.interruptRequested()) return this.interpret(cycleLimit, Infinity, null);
    const rt = this.runtime;
    const cache = rt.cache;
    const st = this.memory.state;
    const heat = this.heat;
    const threshold = this.tierThreshold;
    for (;;) {
      // interpreted stretch: the Mos6502 object holds the registers; the
      // interpreter counts block starts and stops at a hot one or at compiled code
      let pc = cpu.pc;
      while (cache.get(pc) === undefined) {
        if (cpu.cycles >= cycleLimit) {
          cpu.saveState();
          return StopReason.Budget;
        }
        let stop: StopReason;
        if (cpu.instructions < this.warmup) {
          // warming up: plain interpretation, nothing counted or compiled
          stop = this.interpret(cycleLimit, this.warmup - cpu.instructions, null);
        } else {
          // (counted here too: native code reaches PCs that no interpreted block end counted)
          const h = ++heat[pc]!;
          if (h >= threshold) {
            this.compile(pc);
            break;
          }
          stop = h <= 0 ? this.interpret(cycleLimit, STICKY_INSTRUCTIONS, null) : this.interpret(cycleLimit, Infinity, this.tier);
        }
        if (stop !== StopReason.Budget) return stop;
        pc = cpu.pc;
      }
      // native
      this.enterState();
      let cycles = cpu.cycles;
      native: for (;;) {
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
            if (threshold <= 1) {
              this.compile(st[StateSlot.PC]! & 0xffff);
              break;
            }
            this.leaveState(cycles);
            break native;
          case ExitReason.Budget:
            if (chunk < left) break; // only this chunk ran out
            this.leaveState(cycles);
            this.tailPc = cpu.pc;
            return this.interpret(cycleLimit, Infinity, null);
          case ExitReason.Interpret: {
            this.leaveState(cycles);
            const stop = this.interpret(cycleLimit, 1, null);
            if (stop !== StopReason.Budget || this.singleStep) return stop;
            break native;
          }
          case ExitReason.Halt:
            this.leaveState(cycles);
            return StopReason.Trap;
          default:
            throw new Error(`6502 JIT: native code returned ${reason}`);
        }
      }
    }
  }

  /**
   * A store hit compiled code at `address` (the interpreter made it; native
   * stores to compiled code leave for the interpreter first). Count it, mark
   * the byte so instructions compiled over it read it at run time, and drop
   * the blocks covering it. A block dropped by the first store to a byte
   * is compiled again soon (that operand now read at run time); a block
   * dropped by a store to a byte stored to before (an opcode, or an operand
   * that cannot be dynamic) once is compiled again soon too; again, it waits
   * longer each time before it is compiled again (interpreted meanwhile),
   * so a region rewritten all the time runs in the interpreter until it
   * settles.
   */
  codeWritten(address: number): void {
    const a = address & 0xffff;
    if (this.codeWrites[a]! < 0xffff) this.codeWrites[a]!++;
    // the first store to a byte teaches the translator (a dynamic operand next time); only repeats count against the block
    const learned = this.dynamicMarks[a] === 0;
    this.dynamicMarks[a] = 1;
    const dropped = this.dropped;
    dropped.length = 0;
    this.runtime.invalidate(a, a + 1, dropped);
    for (const pc of dropped) {
      if (learned) {
        this.heat[pc] = Math.max(this.heat[pc]!, this.tierThreshold - 2);
        continue;
      }
      const n = this.smcDrops[pc]! < 0xffff ? ++this.smcDrops[pc]! : 0xffff;
      this.heat[pc] = n <= 1 ? this.tierThreshold - 2 : -Math.min(8 << n, MAX_BACKOFF);
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
    const dynamic = this.translator.dynamicPcs;
    if (dynamic.length > 0) {
      block.dynamicPcs = dynamic.slice();
      this.dynamicCompiled += dynamic.length;
    }
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

  /** Drop compiled code over guest bytes [start, end) (after JS wrote there: a new program, not self-modification). */
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
    if (this.cpu.onCodeWrite !== null) {
      this.cpu.codeWatch = null;
      this.cpu.onCodeWrite = null;
    }
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

  /**
   * The interpreter for at most `steps` steps (with `tier`, up to a block
   * start that is hot or compiled): on flat RAM it reports writes to compiled code
   * through the code map watch; over a machine's bus it runs on the
   * invalidating bus, as before.
   */
  private interpret(cycleLimit: number, steps: number, tier: TierWatch | null): StopReason {
    const cpu = this.cpu;
    const before = cpu.instructions;
    const saved = cpu.bus;
    if (saved !== null) cpu.bus = this.bus;
    try {
      return execute(cpu, cycleLimit, this.stopOnTrap, steps, tier);
    } finally {
      cpu.bus = saved;
      cpu.saveState();
      this.interpretedInstructions += cpu.instructions - before;
    }
  }
}
