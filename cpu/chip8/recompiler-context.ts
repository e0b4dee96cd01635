/**
 * What every CHIP-8 instruction translator shares while one block is
 * built: the emitter, the register map, the settings as booleans, and small
 * helpers to read and write V registers wherever they live (a host register
 * or the state block).
 */
import { Ins, Type, type Label, type R } from "../../ejit/index.js";
import type { ExitReason } from "../jit/exit-reason.js";
import type { BlockEmitter } from "../jit/block-emitter.js";
import type { IrCache } from "../jit/ir-cache.js";
import type { Chip8RegisterMap } from "./jit-state.js";
import { memorySizeFor, type Chip8Settings } from "./quirks.js";
import { Chip8Offset } from "./state.js";

/** A translator's answer: the next guest PC (>= 0) to continue the block at, or one of these. */
export const BLOCK_ENDED = -1;
/** The instruction is left to the interpreter: nothing was emitted for it. */
export const NEEDS_INTERPRETER = -2;

export class Chip8EmitContext {
  e!: BlockEmitter;
  ir!: Ins[];
  /** Guest instructions of the block completed before the current one. */
  done = 0;
  /** Address of the current instruction. */
  opPc = 0;
  /**
   * Return addresses of the calls translated in this block whose 00EE has
   * not been reached yet (the first `inlineDepth`): a 00EE that meets one
   * returns to it at compile time and the block goes on there. SP in the
   * state lags behind by `inlineDepth` (the calls store their return
   * addresses above it): every way out of the block adds it first
   * (flushStack, coldExit).
   */
  readonly inlineReturns = new Int32Array(64);
  inlineDepth = 0;
  /** Cold exits taken with SP lagging (label, reason, pc, executed, depth), placed by finishBlock. */
  private deferredCold: number[] = [];
  private deferredCount = 0;
  readonly base: R;
  readonly T0: R;
  readonly T1: R;
  readonly T2: R;
  readonly I: R;
  readonly addrMask: number;
  readonly schip: boolean;
  readonly xo: boolean;
  /** Shared IR objects: Vx loads and stores by (register, x), and the emitter's cache. */
  private readonly vLoads: (Ins | undefined)[] = [];
  private readonly vStores: (Ins | undefined)[] = [];
  cache!: IrCache;
  /** HIRES and PLANES as set by an instruction earlier in this block, else -1. */
  knownHires = -1;
  knownPlanes = -1;
  /** The instruction being translated follows a CXNN that left the generator state in T2. */
  randomInT2 = false;
  /** Set by CXNN: the next instruction may find the generator state in T2. */
  randomNext = false;

  constructor(
    readonly map: Chip8RegisterMap,
    readonly settings: Chip8Settings,
    readonly memory: Uint8Array,
    plan: { readonly base: R; readonly temps: readonly R[] },
  ) {
    this.base = plan.base;
    [this.T0, this.T1, this.T2] = plan.temps as [R, R, R];
    this.I = map.i;
    this.addrMask = memorySizeFor(settings.instructionSet) - 1;
    this.schip = settings.instructionSet !== "chip8";
    this.xo = settings.instructionSet === "xochip";
  }

  start(e: BlockEmitter): void {
    this.e = e;
    this.ir = e.ir;
    this.cache = e.cache;
    this.done = 0;
    this.inlineDepth = 0;
    this.deferredCount = 0;
    this.knownHires = -1;
    this.knownPlanes = -1;
    this.randomInT2 = false;
    this.randomNext = false;
  }

  /** SP += the calls this block made and has not returned from (before the block ends). */
  flushStack(): void {
    if (this.inlineDepth === 0) return;
    const { ir, T0, base } = this;
    ir.push(Ins.ld(Type.U8, T0, base, Chip8Offset.SP), Ins.addi(T0, T0, this.inlineDepth), Ins.st(Type.U8, T0, base, Chip8Offset.SP));
    this.inlineDepth = 0;
  }

  /** A label for a rare way out to JS (BlockEmitter.coldExit) that first brings SP up to date. */
  coldExit(reason: ExitReason, pc: number, executed: number): Label {
    if (this.inlineDepth === 0) return this.e.coldExit(reason, pc, executed);
    const label = this.e.newLabel();
    const d = this.deferredCold, n = this.deferredCount;
    d[n] = label;
    d[n + 1] = reason;
    d[n + 2] = pc;
    d[n + 3] = executed;
    d[n + 4] = this.inlineDepth;
    this.deferredCount = n + 5;
    return label;
  }

  /** Close the block (BlockEmitter.finish) after the cold exits coldExit deferred. */
  finishBlock(instructions: number): void {
    const { ir, T0, base, e } = this;
    const d = this.deferredCold;
    for (let k = 0; k < this.deferredCount; k += 5) {
      ir.push(Ins.label(d[k]!), Ins.ld(Type.U8, T0, base, Chip8Offset.SP), Ins.addi(T0, T0, d[k + 4]!), Ins.st(Type.U8, T0, base, Chip8Offset.SP));
      e.exitTo(d[k + 1]! as ExitReason, d[k + 2]!, d[k + 3]!);
    }
    this.deferredCount = 0;
    e.finish(instructions);
  }

  /** A register holding Vx: its host register, or `scratch` loaded from the state. */
  readV(x: number, scratch: R): R {
    const r = this.map.hostOf(x);
    if (r !== undefined) return r;
    this.ir.push((this.vLoads[scratch * 16 + x] ??= Ins.ld(Type.U8, scratch, this.base, Chip8Offset.V + x)));
    return scratch;
  }

  /** Where to compute a new Vx: its host register, or `scratch` (then call writeV). */
  destV(x: number, scratch: R): R {
    return this.map.hostOf(x) ?? scratch;
  }

  /** Vx = src (src holds 0..255). */
  writeV(x: number, src: R): void {
    const r = this.map.hostOf(x);
    if (r === undefined) this.ir.push((this.vStores[src * 16 + x] ??= Ins.st(Type.U8, src, this.base, Chip8Offset.V + x)));
    else if (r !== src) this.ir.push(this.cache.mov(r, src));
  }

  /** Vx = a constant. */
  setV(x: number, value: number): void {
    const r = this.map.hostOf(x);
    if (r !== undefined) this.ir.push(this.cache.movi(r, value));
    else this.ir.push(this.cache.movi(this.T2, value), (this.vStores[this.T2 * 16 + x] ??= Ins.st(Type.U8, this.T2, this.base, Chip8Offset.V + x)));
  }

  /** The guest byte at `address` (masked), recorded as one the block depends on. */
  fetch(address: number): number {
    const a = address & this.addrMask;
    this.e.cover(a);
    return this.memory[a]!;
  }

  /** XO-CHIP skips F000 NNNN as a whole: the address after skipping the instruction at `next`. */
  skipTarget(next: number): number {
    if (this.xo && this.fetch(next) === 0xf0 && this.fetch(next + 1) === 0x00) return (next + 4) & this.addrMask;
    return (next + 2) & this.addrMask;
  }
}
