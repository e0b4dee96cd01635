/**
 * Builds the IR of one block around the guest's translation: the budget
 * check at entry, link slots (patchable direct jumps to other blocks),
 * exits to JS and indirect jumps through the dispatch table. Reused for
 * every block (arrays are reset, not reallocated).
 *
 * Budget protocol: at entry a block checks `budget >= N` (N = instructions
 * on its longest path) and exits with ExitReason.Budget, having run
 * nothing, when it is not; every way out of the block then subtracts the
 * instructions actually executed on the path taken. So the budget is
 * exact at every block boundary and checked once per block.
 */
import { Cond, Ins, Type, type Label, type R, directJumpFor } from "../../ejit/index.js";
import { ExitReason } from "./exit-reason.js";
import { IrCache } from "./ir-cache.js";
import type { HostPlan } from "./host-plan.js";
import type { JitMemoryLayout } from "./memory-layout.js";

/** Where the runtime stubs are (absolute executable addresses). */
export interface StubAddresses {
  readonly lookup: number;
  readonly exit: number;
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A plain array of `a[0, n)` (small plain arrays are cheaper to make and keep than small typed arrays). */
function listOf(a: Int32Array<ArrayBuffer>, n: number): number[] {
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = a[k]!;
  return out;
}

export class BlockEmitter {
  readonly ir: Ins[] = [];
  /** Label of each link slot, and the guest PC it jumps to. */
  readonly slotLabels: Label[] = [];
  readonly slotTargets: number[] = [];
  /**
   * Guest byte addresses the block's translation depends on (the first
   * `coveredCount`), and the address of each guest instruction translated,
   * in order (the first `guestPcCount`; for dumps). Typed arrays with a
   * count, not plain arrays emptied per block: V8 drops a plain array's
   * storage when its length is set to 0, so every block would grow it again.
   */
  private coveredBuf = new Int32Array(256);
  coveredCount = 0;
  private guestPcBuf = new Int32Array(64);
  guestPcCount = 0;
  /** Guest PC of the block. */
  pc = 0;
  /** Instructions on the longest path (set by finish). */
  instructions = 0;
  /** Set by the guest when an instruction of the block may write guest memory. */
  writesMemory = false;
  /** Exits placed after the hot path (coldExit): label, reason, PC, instructions run. */
  private cold = new Int32Array(64);
  private coldCount = 0;
  readonly T0: R;
  readonly T1: R;
  readonly T2: R;
  readonly base: R;
  readonly budget: R;
  private nextLabel = 0;
  private budgetCheckAt = -1;
  private budgetExitLabel: Label = 0;
  /** Shared IR objects for the shapes blocks repeat (see ir-cache.ts); guests may use it too. */
  readonly cache = new IrCache();
  private readonly fallThroughData: Ins;
  private readonly toLookup: Ins;
  private readonly toExit: Ins;
  private readonly brT0: Ins;
  private readonly brT2: Ins;
  private lookupT1: Ins | undefined;

  constructor(
    readonly plan: HostPlan,
    readonly layout: JitMemoryLayout,
    private readonly stubs: StubAddresses,
  ) {
    [this.T0, this.T1, this.T2] = plan.temps as [R, R, R];
    this.base = plan.base;
    this.budget = plan.budget;
    this.fallThroughData = Ins.data(directJumpFor(plan.arch).fallThrough);
    this.toLookup = Ins.movi(this.T0, stubs.lookup);
    this.toExit = Ins.movi(this.T2, stubs.exit);
    this.brT0 = Ins.br(this.T0);
    this.brT2 = Ins.br(this.T2);
  }

  /** Start a block at guest `pc`; `counterSlot` >= 0 counts its entries in native memory. */
  begin(pc: number, counterSlot: number): void {
    this.ir.length = 0;
    this.slotLabels.length = 0;
    this.slotTargets.length = 0;
    this.coveredCount = 0;
    this.guestPcCount = 0;
    this.nextLabel = 0;
    this.pc = pc;
    this.instructions = 0;
    this.writesMemory = false;
    this.coldCount = 0;
    this.budgetExitLabel = this.newLabel();
    const { ir, T0, base } = this;
    if (counterSlot >= 0) {
      const at = this.layout.entryCounts + counterSlot * 8;
      ir.push(Ins.ld(Type.U64, T0, base, at), Ins.addi(T0, T0, 1), Ins.st(Type.U64, T0, base, at));
    }
    this.budgetCheckAt = ir.length;
    ir.push(this.cache.cmpi(this.budget, 0), this.cache.b(Cond.Slt, this.budgetExitLabel));
  }

  newLabel(): Label {
    return this.nextLabel++;
  }

  /** Record that the translation read guest byte `address` (a store there invalidates the block). */
  cover(address: number): void {
    if (this.coveredCount === this.coveredBuf.length) this.coveredBuf = grown(this.coveredBuf);
    this.coveredBuf[this.coveredCount++] = address;
  }

  /** Record that a guest instruction at `pc` is translated next. */
  instructionAt(pc: number): void {
    if (this.guestPcCount === this.guestPcBuf.length) this.guestPcBuf = grown(this.guestPcBuf);
    this.guestPcBuf[this.guestPcCount++] = pc;
  }

  /** Forget the last instructionAt (an instruction left to the interpreter after all). */
  dropLastInstruction(): void {
    if (this.guestPcCount > 0) this.guestPcCount--;
  }

  /** The k-th covered guest byte address (k < coveredCount). */
  coveredAt(k: number): number {
    return this.coveredBuf[k]!;
  }

  /** A copy of the covered addresses, for the block's record. */
  coveredList(): number[] {
    return listOf(this.coveredBuf, this.coveredCount);
  }

  /** A copy of the translated instructions' addresses, for the block's record. */
  guestPcList(): number[] {
    return listOf(this.guestPcBuf, this.guestPcCount);
  }

  /** Leave the block for JS with `reason`, guest PC `pc`, after `executed` instructions. */
  exitTo(reason: ExitReason, pc: number, executed: number): void {
    const { ir, T0, T1, T2 } = this;
    this.spend(executed);
    ir.push(this.cache.moviPc(T1, pc), this.cache.movi(T0, reason), this.toExit, this.brT2);
  }

  /**
   * A label to branch to on a rare condition: it leaves for JS with
   * `reason` at guest `pc` after `executed` instructions, from code placed
   * after the block's hot path (so the common case falls through).
   */
  coldExit(reason: ExitReason, pc: number, executed: number): Label {
    const label = this.newLabel();
    if (this.coldCount + 4 > this.cold.length) this.cold = grown(this.cold);
    const cold = this.cold, n = this.coldCount;
    cold[n] = label;
    cold[n + 1] = reason;
    cold[n + 2] = pc;
    cold[n + 3] = executed;
    this.coldCount = n + 4;
    return label;
  }

  /** Continue at guest `target` after `executed` instructions, through a link slot. */
  linkTo(target: number, executed: number): void {
    const { ir, T0, T1 } = this;
    this.spend(executed);
    const slot = this.newLabel();
    this.slotLabels.push(slot);
    this.slotTargets.push(target);
    ir.push(this.cache.label(slot), this.fallThroughData, this.cache.moviPc(T1, target), this.toLookup, this.brT0);
  }

  /** Leave the block for JS with `reason` at the guest PC held in T1, after `executed` instructions. */
  exitToPcInT1(reason: ExitReason, executed: number): void {
    const { ir, T0, T2 } = this;
    this.spend(executed);
    ir.push(this.cache.movi(T0, reason), this.toExit, this.brT2);
  }

  /** Continue at the guest PC held in T1 (already within the address space) after `executed` instructions. */
  jumpIndirect(executed: number): void {
    const { ir, T0, T1, base } = this;
    this.spend(executed);
    const missing = this.newLabel();
    const c = this.cache;
    ir.push(
      (this.lookupT1 ??= Ins.ldx(Type.U64, T0, base, T1, 3, this.layout.dispatch)),
      c.cmpi(T0, 0),
      c.b(Cond.Eq, missing),
      this.brT0,
      c.label(missing),
      c.movi(T0, ExitReason.NoBlock),
      this.toExit,
      this.brT2,
    );
  }

  /**
   * Close the block: `instructions` on its longest path; appends the budget
   * exit. `budgetNeeded` is what the entry check requires (default: the
   * instructions): a guest that counts cycles passes the most cycles any
   * path through the block can take, and its exits spend cycles.
   */
  finish(instructions: number, budgetNeeded: number = instructions): void {
    this.instructions = instructions;
    this.ir[this.budgetCheckAt] = this.cache.cmpi(this.budget, budgetNeeded);
    const cold = this.cold;
    for (let k = 0; k < this.coldCount; k += 4) {
      this.ir.push(this.cache.label(cold[k]!));
      this.exitTo(cold[k + 1]! as ExitReason, cold[k + 2]!, cold[k + 3]!);
    }
    this.ir.push(this.cache.label(this.budgetExitLabel));
    this.exitTo(ExitReason.Budget, this.pc, 0);
  }

  private spend(executed: number): void {
    if (executed > 0) this.ir.push(this.cache.subi(this.budget, this.budget, executed));
  }
}
