/**
 * Compiled blocks by guest PC, the links between them, and which guest
 * bytes they cover. Keeps the native dispatch table and code map (in
 * JitMemory) in step with the JS-side records:
 *
 * - install: the block goes into the dispatch table and the code map; its
 *   link slots are patched at once when their target exists, otherwise
 *   they wait in `pending` and are patched when the target is installed.
 * - invalidate(start, end): every block covering a byte in the range is
 *   dropped: dispatch entry cleared, code freed, slots jumping into it
 *   reset to their fall-through (slow path) and put back in `pending`.
 * - clear: forget everything (after the arena was flushed).
 *
 * A page index (256 guest bytes a page) finds the blocks a range touches
 * without scanning them all.
 */
import { directJumpFor, type CodeArena, type CodeBlock, type Ins } from "../../ejit/index.js";
import type { JitCounters } from "./counters.js";
import type { HostPlan } from "./host-plan.js";
import type { JitMemory } from "./memory-layout.js";

const PAGE_SHIFT = 8;

/** A patchable jump inside a block, to a guest PC. */
export class LinkSlot {
  /** The block it currently jumps to, or undefined while it takes the slow path. */
  linked: CompiledBlock | undefined = undefined;
  constructor(
    readonly owner: CompiledBlock,
    /** Executable address of the jump instruction. */
    readonly address: number,
    readonly target: number,
  ) {}
}

/** Remove `item` from `list` if there (order is not kept). */
function removeFrom<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at < 0) return;
  list[at] = list[list.length - 1]!;
  list.pop();
}

const NO_PCS: readonly number[] = [];

export class CompiledBlock {
  readonly slots: LinkSlot[] = [];
  /**
   * Slots linked to this block, made on the first link (most blocks get
   * none or few; plain arrays: hashing objects into a Set costs more at install).
   */
  incomingList: LinkSlot[] | undefined = undefined;
  live = true;
  /** Guest PCs of instructions that read their operand from guest memory at run time (set by the guest's engine; for dumps). */
  dynamicPcs: readonly number[] = NO_PCS;
  constructor(
    readonly pc: number,
    /** Guest byte addresses the translation depends on (a plain array: small typed arrays cost more to make). */
    readonly covered: readonly number[],
    /** Address of each guest instruction translated, in order. */
    readonly guestPcs: readonly number[],
    /** Guest instructions on the longest path. */
    readonly instructions: number,
    readonly irCount: number,
    readonly code: CodeBlock,
    /** Bytes of host code. */
    readonly hostSize: number,
    /** Entry counter slot, or -1. */
    readonly counterSlot: number,
    /** Whether an instruction of the block may write guest memory. */
    readonly writesMemory: boolean,
    /** The IR, kept when the runtime was asked to (for the `blocks` command). */
    readonly ir: readonly Ins[] | undefined,
  ) {}

  get address(): number {
    return this.code.address;
  }

  /** Slots of other blocks (or this one) linked to this block. */
  get incoming(): ReadonlySet<LinkSlot> {
    return new Set(this.incomingList);
  }
}

export class BlockCache {
  private readonly byPc: (CompiledBlock | undefined)[];
  /** Slots waiting for a block at each guest PC (unordered; a plain array per PC with waiters, indexed by PC). */
  private readonly pending: (LinkSlot[] | undefined)[];
  /** PCs that have a pending list (each once; for clear()). */
  private readonly pendingPcs: number[] = [];
  private readonly linking: LinkSlot[] = [];
  /** Blocks covering a byte of each page (each block once per page). */
  private readonly pages: CompiledBlock[][];
  /** How many live blocks cover each guest byte (the native code map holds count > 0). */
  private readonly coverCount: Uint16Array;
  /** Blocks dropped by invalidation, per guest PC (for dumps). */
  readonly invalidatedAt: Uint32Array;
  private readonly jump;
  private readonly patchBytes: Uint8Array;
  private liveCount = 0;

  constructor(
    private readonly memory: JitMemory,
    private readonly arena: CodeArena,
    plan: HostPlan,
    private readonly counters: JitCounters,
  ) {
    const space = memory.layout.addressSpace;
    this.byPc = new Array<CompiledBlock | undefined>(space).fill(undefined);
    this.pending = new Array<LinkSlot[] | undefined>(space).fill(undefined);
    this.pages = Array.from({ length: space >> PAGE_SHIFT }, (): CompiledBlock[] => []);
    this.coverCount = new Uint16Array(space);
    this.invalidatedAt = new Uint32Array(space);
    this.jump = directJumpFor(plan.arch);
    this.patchBytes = new Uint8Array(this.jump.size);
  }

  get size(): number {
    return this.liveCount;
  }

  get(pc: number): CompiledBlock | undefined {
    return this.byPc[pc];
  }

  /** Every live block, by guest PC. */
  *blocks(): IterableIterator<CompiledBlock> {
    for (const block of this.byPc) if (block !== undefined) yield block;
  }

  /** Register an installed block; `slotTargets` and the first `slotTargets.length` `slotOffsets` describe its link slots. */
  add(block: CompiledBlock, slotOffsets: ArrayLike<number>, slotTargets: readonly number[]): void {
    const mask = this.memory.layout.addressSpace - 1;
    const old = this.byPc[block.pc];
    if (old !== undefined) this.drop(old);
    this.byPc[block.pc] = block;
    this.liveCount++;
    this.memory.setDispatch(block.pc, block.address);
    const codeMap = this.memory.codeMap;
    let lastPage = -1;
    for (const a of block.covered) {
      const addr = a & mask;
      if (this.coverCount[addr]!++ === 0) codeMap[addr] = 1;
      if (addr >> PAGE_SHIFT !== lastPage) {
        lastPage = addr >> PAGE_SHIFT;
        const page = this.pages[lastPage]!;
        // the block is the last one added to every page it is on so far
        if (page.length === 0 || page[page.length - 1] !== block) page.push(block);
      }
    }
    for (let k = 0; k < slotTargets.length; k++) {
      const slot = new LinkSlot(block, block.address + slotOffsets[k]!, slotTargets[k]!);
      block.slots.push(slot);
      const target = this.byPc[slot.target];
      if (target !== undefined) this.link(slot, target);
      else this.waitFor(slot);
    }
    const waiting = this.pending[block.pc];
    if (waiting !== undefined && waiting.length > 0) {
      // Linking may put a slot back (jump out of reach): take the list first, keep the array.
      const linking = this.linking;
      for (const slot of waiting) linking.push(slot);
      waiting.length = 0;
      for (const slot of linking) this.link(slot, block);
      linking.length = 0;
    }
  }

  /** Drop every block that covers a guest byte in [start, end); returns how many (their PCs pushed to `dropped` when given). */
  invalidate(start: number, end: number, dropped?: number[]): number {
    const mask = this.memory.layout.addressSpace - 1;
    if (end - start >= this.memory.layout.addressSpace) {
      let n = 0;
      for (const block of this.byPc) {
        if (block === undefined) continue;
        this.drop(block);
        dropped?.push(block.pc);
        n++;
      }
      return n;
    }
    let count = 0;
    for (let a = start; a < end; a++) {
      const addr = a & mask;
      if (this.coverCount[addr] === 0) continue;
      const page = this.pages[addr >> PAGE_SHIFT]!;
      // backwards: drop() moves the page's last block into the dropped one's place
      for (let k = page.length - 1; k >= 0; k--) {
        const block = page[k];
        if (block !== undefined && block.covered.includes(addr)) {
          this.drop(block);
          dropped?.push(block.pc);
          count++;
        }
      }
    }
    return count;
  }

  /** Forget every block without touching their (already flushed) code. */
  clear(): void {
    for (let pc = 0; pc < this.byPc.length; pc++) {
      if (this.byPc[pc] !== undefined) {
        this.byPc[pc]!.live = false;
        this.byPc[pc] = undefined;
        this.memory.setDispatch(pc, 0);
      }
    }
    for (const page of this.pages) page.length = 0;
    for (const pc of this.pendingPcs) this.pending[pc] = undefined;
    this.pendingPcs.length = 0;
    this.coverCount.fill(0);
    this.memory.codeMap.fill(0);
    this.liveCount = 0;
  }

  private drop(block: CompiledBlock): void {
    const mask = this.memory.layout.addressSpace - 1;
    block.live = false;
    this.byPc[block.pc] = undefined;
    this.liveCount--;
    this.memory.setDispatch(block.pc, 0);
    const codeMap = this.memory.codeMap;
    let lastPage = -1;
    for (const a of block.covered) {
      const addr = a & mask;
      if (--this.coverCount[addr]! === 0) codeMap[addr] = 0;
      if (addr >> PAGE_SHIFT !== lastPage) {
        lastPage = addr >> PAGE_SHIFT;
        removeFrom(this.pages[lastPage]!, block);
      }
    }
    for (const slot of block.slots) {
      if (slot.linked !== undefined) removeFrom(slot.linked.incomingList!, slot);
      else {
        const waiting = this.pending[slot.target];
        if (waiting !== undefined) removeFrom(waiting, slot);
      }
    }
    const incoming = block.incomingList;
    if (incoming !== undefined) {
      for (const slot of incoming) {
        if (slot.owner === block) continue;
        this.arena.patch(slot.address, this.jump.fallThrough);
        slot.linked = undefined;
        this.waitFor(slot);
      }
      incoming.length = 0;
    }
    this.arena.free(block.code);
    this.counters.invalidations++;
    this.invalidatedAt[block.pc]!++;
  }

  private link(slot: LinkSlot, target: CompiledBlock): void {
    if (!this.jump.encode(slot.address, target.address, this.patchBytes)) {
      this.waitFor(slot);
      return;
    }
    this.arena.patch(slot.address, this.patchBytes);
    slot.linked = target;
    (target.incomingList ??= []).push(slot);
    this.counters.links++;
  }

  private waitFor(slot: LinkSlot): void {
    const waiting = this.pending[slot.target];
    if (waiting === undefined) {
      this.pending[slot.target] = [slot];
      this.pendingPcs.push(slot.target);
    } else waiting.push(slot);
  }
}
