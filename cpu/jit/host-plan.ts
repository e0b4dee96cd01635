/**
 * Which host registers recompiled code uses for what, per host. Every
 * recompiler shares this plan, so blocks, the runtime stubs and helper
 * routines agree without saving anything between blocks:
 *
 * - `base`: address of the native JIT memory (guest state at offset 0,
 *   runtime tables after it, see memory-layout.ts). Never changes.
 * - `budget`: instructions (or cycles) left in this native run, signed.
 * - `temps`: scratch registers, dead at every block boundary.
 * - `guest`: registers a guest maps its hottest registers to; they hold
 *   guest values for the whole native run and are written back to the
 *   guest state by the exit stub.
 *
 * Generated code never calls out of the arena, so caller-saved registers
 * hold guest values across blocks too; the entry stub saves every
 * callee-saved register the plan uses.
 */
import { Ins, R, Type, regsFor, type Arch, type HostRegs } from "../../ejit/index.js";

export interface HostPlan {
  readonly arch: Arch;
  readonly regs: HostRegs;
  readonly base: R;
  readonly budget: R;
  /** At least three scratch registers. */
  readonly temps: readonly R[];
  /** Registers guests may map their registers to, most preferred first. */
  readonly guest: readonly R[];
}

const X86_64_PLAN: HostPlan = Object.freeze({
  arch: "x86_64",
  regs: regsFor("x86_64"),
  base: R(8), // rbx
  budget: R(9), // r12
  temps: [R(6), R(7), R(2)], // rax, r10, rdx
  guest: [R(0), R(1), R(3), R(4), R(5), R(10), R(11), R(12), R(13)], // rdi rsi rcx r8 r9 r13 r14 r15 rbp
} as const);

const range = (from: number, to: number): R[] => Array.from({ length: to - from }, (_, k) => R(from + k));

const AARCH64_PLAN: HostPlan = Object.freeze({
  arch: "aarch64",
  regs: regsFor("aarch64"),
  base: R(19),
  budget: R(20),
  temps: [R(9), R(10), R(11)],
  guest: [...range(0, 9), ...range(12, 16), ...range(21, 29)],
} as const);

export function hostPlanFor(arch: Arch): HostPlan {
  return arch === "x86_64" ? X86_64_PLAN : AARCH64_PLAN;
}

/**
 * IR for a routine that uses `used` registers but must leave the guest's
 * mapped registers intact (blocks call it without spilling them): stores
 * of those among `used` that belong to `plan.guest` into 8-byte stack
 * slots from `SP + offset`, and the loads that put them back.
 */
export function preserveGuestRegisters(plan: HostPlan, used: readonly R[], offset: number): { save: Ins[]; restore: Ins[] } {
  const save: Ins[] = [];
  const restore: Ins[] = [];
  let slot = offset;
  for (const r of used) {
    if (!plan.guest.includes(r)) continue;
    save.push(Ins.st(Type.U64, r, plan.regs.SP, slot));
    restore.push(Ins.ld(Type.U64, r, plan.regs.SP, slot));
    slot += 8;
  }
  return { save, restore };
}
