/**
 * The CHIP-8 JIT engine: a Chip8Engine over a Chip8State in native memory
 * (createNativeChip8State) that runs recompiled blocks and returns to JS
 * only when JS is needed (see cpu/jit/runtime.ts and docs/jit.md).
 *
 * Exact instruction counts: native code runs whole blocks only; when the
 * next block is longer than the budget left, the interpreter (over the
 * same state) runs the last few instructions. Instructions the recompiler
 * leaves to the interpreter run there one at a time. Stores the
 * interpreter makes drop the compiled blocks they hit, like native stores.
 */
import { hostArch } from "../../ejit/index.js";
import { ExitReason } from "../jit/exit-reason.js";
import { hostPlanFor, type HostPlan } from "../jit/host-plan.js";
import { JitRuntime } from "../jit/runtime.js";
import type { Chip8Engine } from "./engine.js";
import { Chip8Interpreter } from "./interpreter.js";
import type { JitMemory } from "../jit/memory-layout.js";
import { allocateChip8JitMemory, Chip8RegisterMap, jitMemoryOf } from "./jit-state.js";
import { memorySizeFor, type Chip8Settings } from "./quirks.js";
import type { DisplayHelpers } from "./recompiler-display.js";
import { installDrawHelper } from "./recompiler-draw.js";
import { installScrollHelper } from "./recompiler-scroll.js";
import { Chip8Translator, MAX_BLOCK, SCAN_STORES, type Chip8TranslateSwitches } from "./recompiler.js";
import { Chip8State, HaltReason } from "./state.js";

export interface Chip8JitOptions extends Chip8TranslateSwitches {
  /** Host code bytes before the code cache is flushed (default 4 MiB). */
  readonly codeCacheBytes?: number;
  /** Count how often each block is entered (for `blocks`; slows hot loops a little). */
  readonly countEntries?: boolean;
  /** Keep each block's IR (for `blocks`). */
  readonly keepIr?: boolean;
  /** Split compile time into translate / assemble / install in the counters. */
  readonly timePhases?: boolean;
  /** Draw and scroll in the interpreter instead of natively (for bisecting). */
  readonly interpretDisplay?: boolean;
  /**
   * Times the interpreter runs a block before it is compiled (the first
   * tier; default DEFAULT_TIER_THRESHOLD, or 0 with countEntries or keepIr,
   * so that dumps show every block). 0 compiles every block the first time
   * it is reached.
   */
  readonly tierThreshold?: number;
}

/**
 * Blocks run this many times in the interpreter before they are compiled.
 * In the bundled game a third of the blocks run fewer than 12 times and
 * half fewer than 200; compiling one costs as much as interpreting a few
 * thousand instructions while V8 has not optimised the recompiler yet.
 */
export const DEFAULT_TIER_THRESHOLD = 32;

/** The seed CXNN's xorshift32 uses when the state holds 0 (the interpreter's). */
const RANDOM_SEED = 0x2545f491;
/** Largest budget handed to native code in one call (it is kept in an i32). */
const MAX_CHUNK = 0x7fffffff;

export class Chip8Jit implements Chip8Engine {
  readonly name = "jit" as const;
  readonly runtime: JitRuntime;
  readonly translator: Chip8Translator;
  private readonly interpreter: Chip8Interpreter;
  private readonly addrMask: number;
  /** Instructions run by the interpreter (tails, rare instructions, cold blocks). */
  interpretedInstructions = 0;
  /** Blocks run in the interpreter so far (first tier). */
  tierRuns = 0;
  private readonly tierThreshold: number;
  /** Times the block at each guest PC ran in the interpreter (first tier), saturating at the threshold. */
  private readonly tierCounts: Uint8Array | Uint16Array | undefined;

  /** The state native code runs on (the caller's, or a native copy of it). */
  private readonly state: Chip8State;
  /** The caller's state when it is not in native memory: copied in and out around every run. */
  private readonly mirrored: Chip8State | undefined;
  private readonly ownedMemory: JitMemory | undefined;
  /** What translatorFor needs to build a translator like this engine's. */
  private readonly switches: Chip8TranslateSwitches;
  private readonly nativeDisplay: boolean;

  /**
   * `state` should live in native memory (createNativeChip8State, or a
   * Chip8Machine given allocateChip8JitMemory().buffer). Any other state
   * works too, through a native copy synchronised around every run()
   * (about 75 KB copied each way, some microseconds per frame).
   */
  constructor(state: Chip8State, private readonly settings: Chip8Settings, options: Chip8JitOptions = {}) {
    if (hostArch === undefined) throw new Error(`the CHIP-8 JIT has no backend for host ${process.arch}`);
    let memory = jitMemoryOf(state);
    if (memory === undefined) {
      memory = allocateChip8JitMemory();
      this.ownedMemory = memory;
      this.mirrored = state;
      this.state = new Chip8State(memory.buffer);
      this.state.bytes.set(state.bytes);
    } else {
      this.state = state;
    }
    const map = new Chip8RegisterMap(hostPlanFor(hostArch));
    this.runtime = new JitRuntime({
      memory, guest: map, codeCacheBytes: options.codeCacheBytes, countEntries: options.countEntries, keepIr: options.keepIr,
      timePhases: options.timePhases,
    });
    const helpers = options.interpretDisplay
      ? undefined
      : { draw: installDrawHelper(this.runtime, settings).address, scroll: installScrollHelper(this.runtime, settings) };
    // A frame runs native blocks while they fit its budget, then the interpreter finishes it: with
    // blocks at most half a frame long, most of every frame runs native even at low tickrates.
    const maxBlock = options.maxBlock ?? Math.max(4, Math.min(MAX_BLOCK, settings.tickrate >> 1));
    this.switches = { ...options, maxBlock };
    this.nativeDisplay = helpers !== undefined;
    this.translator = new Chip8Translator(map, settings, this.state.memory, this.runtime.plan, helpers, this.switches);
    this.runtime.setTranslator(this.translator);
    this.interpreter = new Chip8Interpreter(this.state, settings);
    this.addrMask = memorySizeFor(settings.instructionSet) - 1;
    this.tierThreshold = Math.max(0, Math.min(0xffff, Math.floor(options.tierThreshold ?? (options.countEntries || options.keepIr ? 0 : DEFAULT_TIER_THRESHOLD))));
    if (this.tierThreshold > 0) this.tierCounts = this.tierThreshold < 0xff ? new Uint8Array(0x10000) : new Uint16Array(0x10000);
  }

  run(maxInstructions: number): number {
    const outer = this.mirrored;
    if (outer === undefined) return this.runNative(maxInstructions);
    this.state.bytes.set(outer.bytes);
    const ran = this.runNative(maxInstructions);
    outer.bytes.set(this.state.bytes);
    return ran;
  }

  private runNative(maxInstructions: number): number {
    const s = this.state;
    if (s.halt !== HaltReason.Running || maxInstructions <= 0) return 0;
    if (s.random === 0) s.random = RANDOM_SEED;
    s.pc = s.pc & this.addrMask;
    const rt = this.runtime;
    let left = maxInstructions;
    const counts = this.tierCounts;
    while (left > 0) {
      if (counts !== undefined && rt.cache.get(s.pc) === undefined) {
        // First tier: no block here yet. Interpret the block's instructions until it has run
        // tierThreshold times, then compile it; stay in JS while the next PC has no block either.
        const pc = s.pc;
        if (counts[pc]! < this.tierThreshold) {
          counts[pc]!++;
          const scan = this.translator.scanBlock(pc);
          const n = Math.min(left, scan & 0xff);
          const ran = scan & SCAN_STORES ? this.interpret(n) : this.interpreter.run(n);
          if ((scan & SCAN_STORES) === 0) this.interpretedInstructions += ran;
          this.tierRuns++;
          left -= ran;
          if (ran < n || s.halt !== HaltReason.Running) return maxInstructions - left;
          continue;
        }
        rt.compile(pc);
      }
      const chunk = left < MAX_CHUNK ? left : MAX_CHUNK;
      const reason = rt.enter(chunk);
      const chunkLeft = rt.budgetLeft;
      left -= chunk - chunkLeft;
      switch (reason) {
        case ExitReason.NoBlock:
          if (counts === undefined) rt.compile(s.pc);
          break;
        case ExitReason.Budget: {
          if (left > chunkLeft) break; // only this chunk ran out
          // The block at PC is longer than what is left; its first `left` instructions are
          // straight-line, so without stores among them the interpreter runs them in one go.
          const block = rt.cache.get(s.pc);
          const storeFree = block !== undefined && !block.writesMemory;
          const ran = storeFree ? this.interpreter.run(left) : this.interpret(left);
          if (storeFree) this.interpretedInstructions += ran;
          left -= ran;
          return maxInstructions - left;
        }
        case ExitReason.Interpret:
          left -= this.interpret(1);
          if (s.halt !== HaltReason.Running) return maxInstructions - left;
          break;
        default:
          return maxInstructions - left;
      }
    }
    return maxInstructions - left;
  }

  invalidate(start: number, end: number): void {
    this.runtime.invalidate(start, end);
  }

  /**
   * A translator with this engine's settings, switches and guest memory for
   * another host plan, to see what blocks become there (`blocks --arch`).
   * DXYN and scrolling call `helpers` (addresses only: nothing is installed
   * there) when this engine draws natively.
   */
  translatorFor(plan: HostPlan, helpers: DisplayHelpers): Chip8Translator {
    const map = new Chip8RegisterMap(plan);
    return new Chip8Translator(map, this.settings, this.state.memory, plan, this.nativeDisplay ? helpers : undefined, this.switches);
  }

  /** Free the code cache (a native state passed in stays with its owner). */
  dispose(): void {
    this.runtime.dispose();
    this.ownedMemory?.dispose();
  }

  /**
   * Run up to `count` instructions in the interpreter, one at a time, and
   * drop compiled blocks under the bytes the stores among them write.
   */
  private interpret(count: number): number {
    const s = this.state;
    const mem = s.memory;
    const mask = this.addrMask;
    const xo = this.settings.instructionSet === "xochip";
    let done = 0;
    while (done < count) {
      const pc = s.pc;
      const op = (mem[pc]! << 8) | mem[(pc + 1) & mask]!;
      let writes = 0;
      if ((op & 0xf0ff) === 0xf055) writes = ((op >> 8) & 0xf) + 1;
      else if ((op & 0xf0ff) === 0xf033) writes = 3;
      else if (xo && (op & 0xf00f) === 0x5002) writes = Math.abs(((op >> 8) & 0xf) - ((op >> 4) & 0xf)) + 1;
      const start = s.i;
      const ran = this.interpreter.run(1);
      done += ran;
      if (writes > 0 && ran > 0) {
        for (let k = 0; k < writes; k++) {
          const a = (start + k) & mask;
          this.runtime.invalidate(a, a + 1);
        }
      }
      if (ran === 0 || s.halt !== HaltReason.Running) break;
    }
    this.interpretedInstructions += done;
    return done;
  }
}

/** Builds the JIT engine for the machine (`Chip8EngineFactory`). */
export function createChip8Jit(state: Chip8State, settings: Chip8Settings): Chip8Jit {
  return new Chip8Jit(state, settings);
}
