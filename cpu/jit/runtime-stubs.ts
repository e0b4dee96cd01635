/**
 * The runtime's own native code, shared by every block of one guest:
 *
 * - entry: called from JS (no arguments). Saves callee-saved registers,
 *   loads the base and budget registers and the guest's mapped registers,
 *   then falls into lookup with the guest PC.
 * - lookup (T1 = guest PC): jumps through the dispatch table to the block
 *   for that PC, or exits with ExitReason.NoBlock.
 * - exit (T0 = reason, T1 = guest PC): stores the PC, the budget, the
 *   reason and the mapped guest registers, then returns the reason to JS.
 *
 * Blocks reach lookup and exit with an absolute jump (movi + br), so these
 * stubs may live in a different arena from the blocks.
 */
import { Cond, Ins, Type, type Label, type R } from "../../ejit/index.js";
import { ExitReason } from "./exit-reason.js";
import type { HostPlan } from "./host-plan.js";
import { HeaderField, type JitMemoryLayout } from "./memory-layout.js";

/** What the stubs need to know about the guest. */
export interface GuestStateAccess {
  /** Offset and width of the guest PC in the guest state. */
  readonly pcOffset: number;
  readonly pcType: Type;
  /** IR that loads the guest's mapped registers from its state (may use the temps). */
  loadMappedRegisters(plan: HostPlan): readonly Ins[];
  /** IR that stores them back (may use T2 only: T0 and T1 hold the reason and PC). */
  storeMappedRegisters(plan: HostPlan): readonly Ins[];
}

export const STUB_LABEL_ENTRY: Label = 0;
export const STUB_LABEL_LOOKUP: Label = 1;
export const STUB_LABEL_EXIT: Label = 2;
const LABEL_NO_BLOCK: Label = 3;

const FRAME = 16;

/** Callee-saved registers the plan uses (the entry stub preserves them for JS). */
export function savedRegisters(plan: HostPlan): readonly R[] {
  const used = new Set<number>([plan.base, plan.budget, ...plan.temps, ...plan.guest]);
  return plan.regs.CALLEE_SAVED.filter((r) => used.has(r));
}

export function runtimeStubsIr(plan: HostPlan, layout: JitMemoryLayout, memoryAddress: number, guest: GuestStateAccess): Ins[] {
  const T0 = plan.temps[0]!;
  const T1 = plan.temps[1]!;
  const base = plan.base;
  const saved = savedRegisters(plan);
  const ir: Ins[] = [
    Ins.label(STUB_LABEL_ENTRY),
    Ins.enter(FRAME, saved),
    Ins.movi(base, memoryAddress),
    Ins.ld(Type.U64, plan.budget, base, layout.header + HeaderField.Budget),
    ...guest.loadMappedRegisters(plan),
    Ins.ld(guest.pcType, T1, base, guest.pcOffset),
    Ins.label(STUB_LABEL_LOOKUP),
    Ins.ldx(Type.U64, T0, base, T1, 3, layout.dispatch),
    Ins.cmpi(T0, 0),
    Ins.b(Cond.Eq, LABEL_NO_BLOCK),
    Ins.br(T0),
    Ins.label(LABEL_NO_BLOCK),
    Ins.movi(T0, ExitReason.NoBlock),
    Ins.label(STUB_LABEL_EXIT),
    Ins.st(guest.pcType, T1, base, guest.pcOffset),
    Ins.st(Type.U64, plan.budget, base, layout.header + HeaderField.Budget),
    Ins.st(Type.U32, T0, base, layout.header + HeaderField.Reason),
    ...guest.storeMappedRegisters(plan),
    Ins.mov(plan.regs.RES[0]!, T0),
    Ins.leave(FRAME, saved),
    Ins.ret(),
  ];
  return ir;
}
