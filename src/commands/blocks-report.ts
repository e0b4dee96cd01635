/**
 * What `ejemu blocks` prints for every machine apart from the block dumps
 * themselves: the JSON document and the counters line. The machines'
 * blocks commands run the guest; this file only reports.
 */
import { codeJson } from "../../cpu/jit/code-view.js";
import type { CrossBlock } from "../../cpu/jit/cross-translate.js";
import type { CompiledBlock } from "../../cpu/jit/block-cache.js";
import type { JitRuntime } from "../../cpu/jit/runtime.js";

export interface BlocksReport {
  readonly title: string;
  readonly rt: JitRuntime;
  readonly blocks: readonly CompiledBlock[];
  /** Instructions the JIT left to the interpreter. */
  readonly interpreted: number;
  /** Disassembly of the guest instruction at pc, or null when it does not decode. */
  readonly guestText: (pc: number) => string | null;
  /** Blocks translated for another architecture, shown instead of the installed code. */
  readonly cross: ReadonlyMap<number, CrossBlock> | undefined;
  readonly host: boolean;
}

/** `blocks --json`: every block with its guest code, IR, host code, counts and links. */
export function blocksJson(r: BlocksReport): string {
  const { rt } = r;
  return JSON.stringify({
    summary: r.title, counters: rt.counters, interpreted: r.interpreted,
    blocks: r.blocks.map((b) => ({
      pc: b.pc, instructions: b.instructions, entered: rt.entryCount(b),
      linksOut: b.slots.map((s) => ({ target: s.target, linked: s.linked !== undefined })), linkedIn: b.incoming.size,
      invalidatedBefore: rt.cache.invalidatedAt[b.pc],
      guest: Array.from(b.guestPcs, (pc) => ({ pc, text: r.guestText(pc) })),
      ...codeJson(rt, b, r.cross?.get(b.pc), r.host),
    })),
  });
}

/** The line under the title: what the recompiler did during the run. */
export function countersLine(rt: JitRuntime, interpreted: number): string {
  const c = rt.counters;
  return `${rt.cache.size} live blocks; compiled ${c.blocksCompiled} (${c.guestInstructionsCompiled} guest instructions, `
    + `${c.irInstructions} IR, ${c.hostBytes} host bytes, ${c.compileMs.toFixed(2)} ms); links ${c.links}, `
    + `invalidations ${c.invalidations}, flushes ${c.flushes}; native entries ${c.nativeEntries}; `
    + `instructions left to the interpreter ${interpreted}`;
}
