/**
 * What every CHIP-8 instruction translator shares while one block is
 * built: the emitter, the register map, the settings as booleans, and small
 * helpers to read and write V registers wherever they live (a host register
 * or the state block).
 */
import { Ins, Type, type R } from "../../ejit/index.js";
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
