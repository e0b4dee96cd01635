/**
 * CHIP-8 guest state in native memory, shared by JS (Chip8State's typed
 * arrays over `koffi.view`) and recompiled code (through the base
 * register), and the host registers the recompiler keeps guest registers
 * in while native code runs.
 *
 * The JIT memory is the Chip8State block (offsets in state.ts), the sprite
 * tables (SPRITE_TABLES), then the runtime's tables (cpu/jit/memory-layout.ts), 64 Ki guest PCs wide
 * (XO-CHIP's whole address space).
 */
import { Ins, Type, type R } from "../../ejit/index.js";
import type { HostPlan } from "../jit/host-plan.js";
import { JitMemory, jitMemoryLayout } from "../jit/memory-layout.js";
import type { GuestStateAccess } from "../jit/runtime-stubs.js";
import { CHIP8_MEMORY_SIZE, CHIP8_STATE_SIZE, Chip8Offset, Chip8State } from "./state.js";

/** Blocks that can count their entries (when the runtime counts). */
const COUNTER_SLOTS = 1 << 16;

/**
 * Read-only tables recompiled DXYN code reads, right after the Chip8State
 * (outside it: they are not guest state). HIRES_SPREAD: 256 u64, a sprite
 * byte with bit 7 - k as byte k (one framebuffer byte per pixel, value 1).
 * LORES_SPREAD: 256 x 16 bytes, bit 7 - j as bytes 2j and 2j + 1 (a lores
 * pixel is two framebuffer bytes wide).
 */
export const SPRITE_TABLES = Math.ceil(CHIP8_STATE_SIZE / 64) * 64;
export const HIRES_SPREAD = SPRITE_TABLES;
export const LORES_SPREAD = HIRES_SPREAD + 256 * 8;
const SPRITE_TABLES_END = LORES_SPREAD + 256 * 16;

function fillSpriteTables(bytes: Uint8Array): void {
  for (let b = 0; b < 256; b++) {
    for (let k = 0; k < 8; k++) {
      const bit = (b >> (7 - k)) & 1;
      bytes[HIRES_SPREAD + b * 8 + k] = bit;
      bytes[LORES_SPREAD + b * 16 + 2 * k] = bit;
      bytes[LORES_SPREAD + b * 16 + 2 * k + 1] = bit;
    }
  }
}

const nativeMemories = new WeakMap<ArrayBuffer, JitMemory>();

/** Native memory for one CHIP-8 guest and its recompiler tables (zero-filled). */
export function allocateChip8JitMemory(): JitMemory {
  const memory = new JitMemory(jitMemoryLayout(SPRITE_TABLES_END, CHIP8_MEMORY_SIZE, COUNTER_SLOTS));
  fillSpriteTables(new Uint8Array(memory.buffer));
  nativeMemories.set(memory.buffer, memory);
  return memory;
}

/** A Chip8State whose bytes live in native memory the recompiler can run on. */
export function createNativeChip8State(): Chip8State {
  return new Chip8State(allocateChip8JitMemory().buffer, 0);
}

/** The JIT memory behind a state made by createNativeChip8State (or a buffer from allocateChip8JitMemory). */
export function jitMemoryOf(state: Chip8State): JitMemory | undefined {
  return state.byteOffset === 0 ? nativeMemories.get(state.buffer) : undefined;
}

/**
 * Which host register holds each guest register during native runs: I
 * first (every memory instruction uses it), then V0, V1, ... and VF, as
 * many as the host plan offers (x86-64: I, V0-V6, VF; AArch64: all).
 */
export class Chip8RegisterMap implements GuestStateAccess {
  readonly pcOffset = Chip8Offset.PC;
  readonly pcType = Type.U16;
  /** Host register of V0..VF, or -1 when it stays in memory. */
  readonly v: Int8Array = new Int8Array(16).fill(-1);
  readonly i: R;

  constructor(plan: HostPlan) {
    const pool = plan.guest;
    if (pool.length < 2) throw new Error("the host plan has too few registers for CHIP-8");
    this.i = pool[0]!;
    const order = [0, 1, 2, 3, 4, 5, 6, 15, 7, 8, 9, 10, 11, 12, 13, 14];
    for (let k = 0; k < order.length && k + 1 < pool.length; k++) this.v[order[k]!] = pool[k + 1]!;
  }

  /** Host register of Vx, or undefined. */
  hostOf(x: number): R | undefined {
    const r = this.v[x]!;
    return r < 0 ? undefined : (r as R);
  }

  /** The IR of loadMappedRegisters / storeMappedRegisters, made once per base register (blocks spill around calls). */
  private loads: readonly Ins[] | undefined;
  private stores: readonly Ins[] | undefined;
  private cachedBase: R | undefined;

  loadMappedRegisters(plan: HostPlan): readonly Ins[] {
    this.checkBase(plan);
    return (this.loads ??= this.buildLoads(plan));
  }

  storeMappedRegisters(plan: HostPlan): readonly Ins[] {
    this.checkBase(plan);
    return (this.stores ??= this.buildStores(plan));
  }

  private checkBase(plan: HostPlan): void {
    if (this.cachedBase !== plan.base) {
      this.loads = undefined;
      this.stores = undefined;
      this.cachedBase = plan.base;
    }
  }

  private buildLoads(plan: HostPlan): readonly Ins[] {
    const ir: Ins[] = [Ins.ld(Type.U16, this.i, plan.base, Chip8Offset.I)];
    for (let x = 0; x < 16; x++) {
      const r = this.hostOf(x);
      if (r !== undefined) ir.push(Ins.ld(Type.U8, r, plan.base, Chip8Offset.V + x));
    }
    return ir;
  }

  private buildStores(plan: HostPlan): readonly Ins[] {
    const ir: Ins[] = [Ins.st(Type.U16, this.i, plan.base, Chip8Offset.I)];
    for (let x = 0; x < 16; x++) {
      const r = this.hostOf(x);
      if (r !== undefined) ir.push(Ins.st(Type.U8, r, plan.base, Chip8Offset.V + x));
    }
    return ir;
  }
}
