/**
 * Translate-only: what a guest's compiled blocks become on another host
 * architecture (the `blocks --arch` dumps), without installing anything.
 * The blocks found by a native run are translated again, each from its
 * guest PC, with a translator built for the other architecture's host plan
 * and a BlockEmitter of its own, then assembled for that architecture.
 *
 * Nothing is placed in executable memory, so every absolute address the
 * code embeds is a placeholder (PLACEHOLDER_*, below): the runtime stubs,
 * a guest's helper routines, and the blocks themselves, laid out one after
 * another from PLACEHOLDER_CODE_BASE in the order given. The placeholders
 * are 47-bit user-space-like addresses with no zero 16-bit group below
 * bit 48, so `movi` materialises them with as many instructions as a
 * typical mmap address needs (movz + 2 movk on AArch64, movabs on x86-64). Link slots that
 * were linked in the native run are patched (direct-jump.ts) to the
 * placeholder address of their target block, as the block cache would.
 */
import { assemble, directJumpFor, regsFor, type Arch, type HostRegs, type Ins } from "../../ejit/index.js";
import type { CompiledBlock } from "./block-cache.js";
import { BlockEmitter, type StubAddresses } from "./block-emitter.js";
import type { HostPlan } from "./host-plan.js";
import type { JitMemoryLayout } from "./memory-layout.js";
import type { GuestTranslator } from "./runtime.js";

/** Placeholder addresses of the runtime stubs (lookup, exit) in translate-only code. */
export const PLACEHOLDER_STUBS: StubAddresses = Object.freeze({ lookup: 0x7fa0_0010_1000, exit: 0x7fa0_0010_2000 });
/** First placeholder address for guest helper routines (a guest spaces its helpers 0x1000 apart from here). */
export const PLACEHOLDER_HELPERS = 0x7fa0_0011_1000;
/** Placeholder address of the first translate-only block (blocks reach each other with relative jumps only). */
export const PLACEHOLDER_CODE_BASE = 0x7fa0_1000_0000;
/** Blocks are laid out at this alignment (as the code arena allocates). */
const BLOCK_ALIGN = 16;

/** Architectures the `--arch` flags accept. */
export const ARCHES: readonly Arch[] = ["x86_64", "aarch64"];

export function isArch(name: string): name is Arch {
  return (ARCHES as readonly string[]).includes(name);
}

/** One block translated for another architecture. */
export interface CrossBlock {
  readonly arch: Arch;
  /** Register names of that architecture (for formatProgram). */
  readonly regs: HostRegs;
  readonly pc: number;
  readonly ir: readonly Ins[];
  /** The assembled code with linked slots patched, or undefined when it does not assemble (see `error`). */
  readonly bytes: Uint8Array | undefined;
  readonly error: string | undefined;
  /** Placeholder address the code is shown at. */
  readonly address: number;
}

interface Translated {
  readonly pc: number;
  readonly ir: Ins[];
  readonly bytes: Uint8Array | undefined;
  readonly error: string | undefined;
  readonly slotOffsets: number[];
  readonly slotTargets: number[];
}

/**
 * Translate `blocks` (from a native run) for `plan.arch` with `translator`
 * (built over `plan` and the same guest memory), lay them out from
 * PLACEHOLDER_CODE_BASE, and patch the slots linked in the native run.
 * Returns the blocks by guest PC.
 */
export function crossTranslateBlocks(
  blocks: readonly CompiledBlock[],
  translator: GuestTranslator,
  plan: HostPlan,
  layout: JitMemoryLayout,
): Map<number, CrossBlock> {
  const emitter = new BlockEmitter(plan, layout, PLACEHOLDER_STUBS);
  const translated: Translated[] = [];
  for (const block of blocks) {
    emitter.begin(block.pc, block.counterSlot);
    translator.translate(block.pc, emitter);
    const assembled = assemble(emitter.ir, plan.arch);
    const ir = emitter.ir.slice();
    const slotTargets = emitter.slotTargets.slice();
    if (!assembled.ok) {
      translated.push({ pc: block.pc, ir, bytes: undefined, error: assembled.error.message, slotOffsets: [], slotTargets });
      continue;
    }
    const slotOffsets = emitter.slotLabels.map((label) => assembled.labels[label]!);
    translated.push({ pc: block.pc, ir, bytes: assembled.bytes.slice(), error: undefined, slotOffsets, slotTargets });
  }
  const addresses = new Map<number, number>();
  let next = PLACEHOLDER_CODE_BASE;
  for (const t of translated) {
    addresses.set(t.pc, next);
    next += Math.ceil((t.bytes?.length ?? 0) / BLOCK_ALIGN) * BLOCK_ALIGN || BLOCK_ALIGN;
  }
  const jump = directJumpFor(plan.arch);
  const patch = new Uint8Array(jump.size);
  const regs = regsFor(plan.arch);
  const result = new Map<number, CrossBlock>();
  blocks.forEach((block, k) => {
    const t = translated[k]!;
    const address = addresses.get(t.pc)!;
    const linked = new Set(block.slots.filter((s) => s.linked !== undefined).map((s) => s.target));
    if (t.bytes !== undefined) {
      t.slotTargets.forEach((target, s) => {
        const to = addresses.get(target);
        if (to === undefined || !linked.has(target)) return;
        const at = t.slotOffsets[s]!;
        if (jump.encode(address + at, to, patch)) t.bytes!.set(patch, at);
      });
    }
    result.set(t.pc, { arch: plan.arch, regs, pc: t.pc, ir: t.ir, bytes: t.bytes, error: t.error, address });
  });
  return result;
}
