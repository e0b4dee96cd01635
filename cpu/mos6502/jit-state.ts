/**
 * The 6502's state in native memory for the recompiler, shared by JS (the
 * interpreter's `Mos6502` over typed-array views) and recompiled code
 * (through the base register):
 *
 *   0     the interpreter's state block (state.ts: A X Y S P PC, cycle and
 *         instruction counters, ...; 16 Int32 slots)
 *   64    the recompiler's flag registers while native code runs: NZ, C, V
 *   128   64 KiB of guest RAM
 *   ...   the runtime's tables (cpu/jit/memory-layout.ts), 64 Ki PCs wide
 *
 * Flags in native code (see docs/mos6502.md, "Recompiler"): C is 0/1 in
 * its own host register, V is bit 7 of another (the other bits are
 * whatever ADC's overflow test left there); N and Z share one register `nz` from
 * which Z = (nz & 0xFF) == 0 and N = (nz & 0x180) != 0, so an 8-bit result
 * sets both with one move and BIT/PLP/RTI can still express N=1 Z=1 (0x100).
 * I and D stay in the P slot, which native code reads for D (ADC/SBC) and
 * writes only for RTI. JS packs P from the three registers when native
 * code returns and unpacks it before it enters.
 */
import { Ins, Type, type R } from "../../ejit/index.js";
import type { HostPlan } from "../jit/host-plan.js";
import { JitMemory, jitMemoryLayout } from "../jit/memory-layout.js";
import type { GuestStateAccess } from "../jit/runtime-stubs.js";
import { STATE_SLOTS, StateSlot, stateByteOffset } from "./state.js";
import { Flag } from "./table.js";

/** Byte offsets of the native guest block. */
export const JitOffset = {
  A: stateByteOffset(StateSlot.A),
  X: stateByteOffset(StateSlot.X),
  Y: stateByteOffset(StateSlot.Y),
  S: stateByteOffset(StateSlot.S),
  P: stateByteOffset(StateSlot.P),
  PC: stateByteOffset(StateSlot.PC),
  INSTRUCTIONS: stateByteOffset(StateSlot.INSTRUCTIONS_LO),
  NZ: 64,
  C: 68,
  V: 72,
  RAM: 128,
} as const;

export const MOS6502_RAM_SIZE = 0x10000;
/** Bytes of guest state before the runtime's tables. */
export const MOS6502_JIT_STATE_SIZE = JitOffset.RAM + MOS6502_RAM_SIZE;
/** Blocks that can count their entries (when the runtime counts). */
const COUNTER_SLOTS = 1 << 16;

if (STATE_SLOTS * 4 > JitOffset.NZ) throw new Error("the 6502 state block overlaps the recompiler's flag slots");

/** Native memory for one 6502 and its recompiler tables, with the views the interpreter uses. */
export class Mos6502JitMemory {
  readonly jit: JitMemory;
  /** The interpreter's state block (`Mos6502Options.state`). */
  readonly state: Int32Array;
  /** Guest RAM (`Mos6502Options.memory`). */
  readonly ram: Uint8Array;
  /** NZ, C, V as native code keeps them. */
  readonly flags: Int32Array;

  constructor() {
    this.jit = new JitMemory(jitMemoryLayout(MOS6502_JIT_STATE_SIZE, MOS6502_RAM_SIZE, COUNTER_SLOTS));
    const buffer = this.jit.buffer;
    this.state = new Int32Array(buffer, 0, STATE_SLOTS);
    this.ram = new Uint8Array(buffer, JitOffset.RAM, MOS6502_RAM_SIZE);
    this.flags = new Int32Array(buffer, JitOffset.NZ, 3);
  }

  /** P in the state block from the flag registers (after native code ran). */
  packFlags(): void {
    const f = this.flags;
    const nz = f[0]!;
    let p = this.state[StateSlot.P]! & ~(Flag.N | Flag.V | Flag.Z | Flag.C | Flag.B);
    if ((nz & 0x180) !== 0) p |= Flag.N;
    if ((nz & 0xff) === 0) p |= Flag.Z;
    if (f[1]! & 1) p |= Flag.C;
    if (f[2]! & 0x80) p |= Flag.V;
    this.state[StateSlot.P] = p | Flag.U;
  }

  /** The flag registers from P in the state block (before native code runs). */
  unpackFlags(): void {
    const p = this.state[StateSlot.P]!;
    const n = p & Flag.N;
    this.flags[0] = p & Flag.Z ? n << 1 : n | 1;
    this.flags[1] = p & Flag.C;
    this.flags[2] = (p & Flag.V) << 1;
  }

  dispose(): void {
    this.jit.dispose();
  }
}

/**
 * Host registers of the guest registers during native runs. x86-64 has
 * nine guest registers in the plan: A X Y S, NZ C V, the instruction
 * counter, and one more scratch (T3) for the translators.
 */
export class Mos6502RegisterMap implements GuestStateAccess {
  readonly pcOffset = JitOffset.PC;
  readonly pcType = Type.U32;
  readonly a: R;
  readonly x: R;
  readonly y: R;
  readonly s: R;
  readonly nz: R;
  readonly c: R;
  readonly v: R;
  /** Guest instructions executed (64-bit, the state's counter). */
  readonly count: R;
  /** A scratch register that is not one of the plan's temps. */
  readonly t3: R;

  constructor(plan: HostPlan) {
    const g = plan.guest;
    if (g.length < 9) throw new Error("the host plan has too few registers for the 6502 recompiler");
    [this.a, this.x, this.y, this.s, this.nz, this.c, this.v, this.count, this.t3] = g as [R, R, R, R, R, R, R, R, R];
  }

  private slots(): [R, number, Type][] {
    return [
      [this.a, JitOffset.A, Type.U32], [this.x, JitOffset.X, Type.U32], [this.y, JitOffset.Y, Type.U32],
      [this.s, JitOffset.S, Type.U32], [this.nz, JitOffset.NZ, Type.U32], [this.c, JitOffset.C, Type.U32],
      [this.v, JitOffset.V, Type.U32], [this.count, JitOffset.INSTRUCTIONS, Type.U64],
    ];
  }

  loadMappedRegisters(plan: HostPlan): readonly Ins[] {
    return this.slots().map(([r, at, ty]) => Ins.ld(ty, r, plan.base, at));
  }

  storeMappedRegisters(plan: HostPlan): readonly Ins[] {
    return this.slots().map(([r, at, ty]) => Ins.st(ty, r, plan.base, at));
  }
}
