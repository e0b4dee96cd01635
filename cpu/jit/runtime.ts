/**
 * `JitRuntime`: what every recompiler shares. It owns the native memory
 * (guest state + dispatch table + code map), the code arena for blocks (a
 * bounded code cache, flushed whole when full), the runtime stubs, the
 * block cache with its links, and the counters. A guest plugs in a
 * `GuestTranslator` that turns the block at a PC into IR through a
 * `BlockEmitter`, and calls `enter(budget)` to run native code until it
 * needs JS.
 */
import { CodeArena, assemble, hostArch, type Arch, type Ins } from "../../ejit/index.js";
import { BlockCache, CompiledBlock } from "./block-cache.js";
import { BlockEmitter } from "./block-emitter.js";
import { newJitCounters, type JitCounters } from "./counters.js";
import { ExitReason } from "./exit-reason.js";
import { hostPlanFor, type HostPlan } from "./host-plan.js";
import type { JitMemory } from "./memory-layout.js";
import { runtimeStubsIr, STUB_LABEL_ENTRY, STUB_LABEL_EXIT, STUB_LABEL_LOOKUP, type GuestStateAccess } from "./runtime-stubs.js";

/** The guest half of a recompiler. */
export interface GuestTranslator {
  /**
   * Translate the block at guest `pc` into `e` (begin() was called): emit
   * the body with e.ir, leave through e.exitTo/linkTo/jumpIndirect on
   * every path, call e.cover for every guest byte read, then e.finish(n).
   */
  translate(pc: number, e: BlockEmitter): void;
}

export interface JitRuntimeOptions {
  readonly memory: JitMemory;
  readonly guest: GuestStateAccess;
  /** Bytes of host code the cache may hold before it is flushed (default 4 MiB). */
  readonly codeCacheBytes?: number;
  /** Count block entries in native memory (costs a memory increment per block). */
  readonly countEntries?: boolean;
  /** Keep every block's IR for dumps. */
  readonly keepIr?: boolean;
  /** Split compile time into translate / assemble / install in the counters (two more clock reads per block). */
  readonly timePhases?: boolean;
}

/**
 * CHIP-8 programs compile to well under a megabyte; a small reservation also keeps the
 * external memory V8 accounts for (the arena is viewed as one ArrayBuffer) from triggering GCs.
 */
const DEFAULT_CODE_CACHE_BYTES = 4 * 1024 * 1024;
const STUB_ARENA_BYTES = 64 * 1024;

export class JitRuntime {
  readonly plan: HostPlan;
  readonly memory: JitMemory;
  readonly counters: JitCounters = newJitCounters();
  readonly cache: BlockCache;
  private readonly arena: CodeArena;
  private readonly stubArena: CodeArena;
  private readonly emitter: BlockEmitter;
  private readonly entryAddress: number;
  private readonly countEntries: boolean;
  private readonly keepIr: boolean;
  private readonly timePhases: boolean;
  private nextCounterSlot = 0;
  /** Offsets of the block being installed's link slots (reused: a plain array emptied per block would drop its storage). */
  private slotOffsets = new Int32Array(16);
  private translator: GuestTranslator | undefined;
  private disposed = false;

  constructor(options: JitRuntimeOptions) {
    const arch: Arch | undefined = hostArch;
    if (arch === undefined) throw new Error(`the recompiler has no backend for host ${process.arch}`);
    this.plan = hostPlanFor(arch);
    this.memory = options.memory;
    this.countEntries = options.countEntries ?? false;
    this.keepIr = options.keepIr ?? false;
    this.timePhases = options.timePhases ?? false;
    this.arena = new CodeArena({ size: options.codeCacheBytes ?? DEFAULT_CODE_CACHE_BYTES });
    this.stubArena = new CodeArena({ size: STUB_ARENA_BYTES });
    const layout = this.memory.layout;
    const stubs = this.installHelper(runtimeStubsIr(this.plan, layout, this.memory.address, options.guest));
    this.entryAddress = stubs.labelAddress(STUB_LABEL_ENTRY);
    this.emitter = new BlockEmitter(this.plan, layout, {
      lookup: stubs.labelAddress(STUB_LABEL_LOOKUP),
      exit: stubs.labelAddress(STUB_LABEL_EXIT),
    });
    this.cache = new BlockCache(this.memory, this.arena, this.plan, this.counters);
  }

  setTranslator(translator: GuestTranslator): void {
    this.translator = translator;
  }

  /**
   * Install a routine that blocks call or jump to (for example a guest's
   * drawing helper); it lives as long as the runtime, outside the code
   * cache. Returns label addresses.
   */
  installHelper(ir: Iterable<Ins>): { labelAddress(label: number): number; readonly address: number } {
    const assembled = assemble(ir, this.plan.arch);
    if (!assembled.ok) throw new Error(`recompiler runtime: ${assembled.error.message}`);
    const block = this.stubArena.alloc(assembled.bytes.length);
    if (block === undefined) throw new Error("recompiler runtime: no room left for helpers");
    this.stubArena.write(block, assembled.bytes);
    const labels = assembled.labels.slice();
    return {
      address: block.address,
      labelAddress(label: number): number {
        const offset = labels[label] ?? -1;
        if (offset < 0) throw new RangeError(`helper label ${label} is not defined`);
        return block.address + offset;
      },
    };
  }

  /** Translate and install the block at guest `pc` (replacing an older one). */
  compile(pc: number): CompiledBlock {
    const translator = this.translator;
    if (translator === undefined) throw new Error("JitRuntime: no translator set");
    const started = performance.now();
    const e = this.emitter;
    const counterSlot = this.countEntries && this.nextCounterSlot < this.memory.layout.counterSlots ? this.nextCounterSlot++ : -1;
    if (counterSlot >= 0) this.memory.entryCountsRaw[counterSlot] = 0n;
    e.begin(pc, counterSlot);
    translator.translate(pc, e);
    // performance.now() costs ~150 ns here: the phase split is measured only when asked for.
    const translated = this.timePhases ? performance.now() : 0;
    const assembled = assemble(e.ir, this.plan.arch);
    if (!assembled.ok) {
      throw new Error(`recompiler: block at 0x${pc.toString(16)} does not assemble: ${assembled.error.message}`);
    }
    const bytes = assembled.bytes;
    const encoded = this.timePhases ? performance.now() : 0;
    let code = this.arena.alloc(bytes.length);
    if (code === undefined) {
      this.flush();
      code = this.arena.alloc(bytes.length);
      if (code === undefined) throw new Error(`recompiler: a block of ${bytes.length} bytes does not fit the code cache`);
    }
    this.arena.write(code, bytes);
    const slotLabels = e.slotLabels;
    if (slotLabels.length > this.slotOffsets.length) this.slotOffsets = new Int32Array(slotLabels.length * 2);
    const slotOffsets = this.slotOffsets;
    for (let k = 0; k < slotLabels.length; k++) slotOffsets[k] = assembled.labels[slotLabels[k]!]!;
    const block = new CompiledBlock(pc, e.coveredList(), e.guestPcList(), e.instructions, e.ir.length, code, bytes.length,
      counterSlot, e.writesMemory, this.keepIr ? e.ir.slice() : undefined);
    this.cache.add(block, slotOffsets, e.slotTargets);
    const c = this.counters;
    c.blocksCompiled++;
    c.guestInstructionsCompiled += e.instructions;
    c.irInstructions += e.ir.length;
    c.hostBytes += bytes.length;
    const done = performance.now();
    c.compileMs += done - started;
    if (this.timePhases) {
      c.translateMs += translated - started;
      c.assembleMs += encoded - translated;
    }
    return block;
  }

  /**
   * Run native code from the guest PC in the state with `budget` (at most
   * 2^31 - 1) instructions; returns why it stopped. `budgetLeft` tells how
   * much is left.
   */
  enter(budget: number): ExitReason {
    this.memory.budget = budget;
    this.stubArena.call(this.entryAddress);
    this.counters.nativeEntries++;
    const reason = this.memory.reason as ExitReason;
    this.counters.exits[reason]!++;
    return reason;
  }

  get budgetLeft(): number {
    return this.memory.budget;
  }

  /** Drop compiled code covering guest bytes [start, end); the dropped blocks' PCs go to `dropped` when given. */
  invalidate(start: number, end: number, dropped?: number[]): void {
    this.cache.invalidate(start, end, dropped);
  }

  /** Empty the code cache. */
  flush(): void {
    this.cache.clear();
    this.arena.flush();
    this.nextCounterSlot = 0;
    this.counters.flushes++;
  }

  /** Host code of a block, for dumps. */
  hostCode(block: CompiledBlock): Uint8Array {
    return this.arena.read(block.address, block.hostSize);
  }

  /** Times a block was entered (when counting), else -1. */
  entryCount(block: CompiledBlock): number {
    return block.counterSlot >= 0 ? this.memory.entryCount(block.counterSlot) : -1;
  }

  /** Free the code arenas (the native memory belongs to whoever made it). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cache.clear();
    this.arena.dispose();
    this.stubArena.dispose();
  }
}
