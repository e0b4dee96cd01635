/**
 * Debugging the CHIP-8 JIT: readable dumps of compiled blocks (guest
 * disassembly, Ejit IR, host disassembly, counts) and the search for the
 * first instruction where the JIT and the interpreter disagree. Used by the
 * `blocks` command and the lockstep/fuzz tests.
 */
import type { Arch } from "../../ejit/index.js";
import type { CompiledBlock } from "../jit/block-cache.js";
import { appendCodeLines, codeSizes } from "../jit/code-view.js";
import { crossTranslateBlocks, PLACEHOLDER_HELPERS, type CrossBlock } from "../jit/cross-translate.js";
import { hostPlanFor } from "../jit/host-plan.js";
import { disassembleAt } from "./disasm.js";
import { Chip8Interpreter } from "./interpreter.js";
import { Chip8Jit } from "./jit.js";
import { allocateChip8JitMemory } from "./jit-state.js";
import type { Chip8Settings } from "./quirks.js";
import { Chip8State, HaltReason } from "./state.js";

export { firstStateDifference } from "./state-diff.js";
import { firstStateDifference } from "./state-diff.js";

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, "0");

/** Registers of a state on one line. */
export function formatRegisters(s: Chip8State): string {
  return `pc ${hex(s.pc, 4)} i ${hex(s.i, 4)} sp ${s.sp} dt ${s.dt} st ${s.st} v ${Array.from(s.v, (b) => hex(b, 2)).join(" ")}`;
}

/** Sorted guest byte addresses as ranges: "0200-0207, 0234-0237". */
export function formatRanges(addresses: readonly number[]): string {
  const sorted = [...new Set(addresses)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length; ) {
    let end = k;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    parts.push(`${hex(sorted[k]!, 4)}-${hex(sorted[end]!, 4)}`);
    k = end + 1;
  }
  return parts.join(", ");
}

export interface BlockDumpOptions {
  readonly ir?: boolean;
  readonly host?: boolean;
  /** Show this translation for another architecture (crossBlocks) instead of the installed code. */
  readonly cross?: CrossBlock;
}

/**
 * Every live block of `jit` translated again for `arch` without installing
 * it (cross-translate.ts): DXYN and scrolling call placeholder addresses
 * (draw at PLACEHOLDER_HELPERS, scroll 0x1000 above). By guest PC.
 */
export function crossBlocks(jit: Chip8Jit, arch: Arch): Map<number, CrossBlock> {
  const plan = hostPlanFor(arch);
  const translator = jit.translatorFor(plan, { draw: PLACEHOLDER_HELPERS, scroll: PLACEHOLDER_HELPERS + 0x1000 });
  const blocks = [...jit.runtime.cache.blocks()].sort((a, b) => a.pc - b.pc);
  return crossTranslateBlocks(blocks, translator, plan, jit.runtime.memory.layout);
}

/** A compiled block for a person: header with counts and links, guest code, IR, host code. */
export function formatBlock(jit: Chip8Jit, block: CompiledBlock, memory: Uint8Array, settings: Chip8Settings, options: BlockDumpOptions = {}): string {
  const rt = jit.runtime;
  const entered = rt.entryCount(block);
  const out = block.slots.map((s) => `${hex(s.target, 4)}${s.linked === undefined ? " (not linked)" : ""}`);
  const lines = [
    `block ${hex(block.pc, 4)}: ${block.instructions} guest instructions, ${codeSizes(block, options.cross)}`
      + `${entered >= 0 ? `, entered ${entered} times` : ""}`,
    `  guest bytes: ${formatRanges(block.covered)}`,
    `  links out: ${out.length === 0 ? "none (indirect or exit)" : out.join(", ")}; linked in: ${block.incoming.size}; `
      + `invalidated here before: ${rt.cache.invalidatedAt[block.pc]}`,
    "  guest:",
  ];
  for (const pc of block.guestPcs) {
    const d = disassembleAt(memory, pc, settings.instructionSet);
    const raw = hex((memory[pc]! << 8) | memory[(pc + 1) & 0xffff]!, 4);
    lines.push(`    ${hex(pc, 4)}  ${raw}  ${d?.text ?? "(unknown opcode)"}`);
  }
  appendCodeLines(lines, rt, block, options);
  return lines.join("\n");
}

/**
 * Replay from `start` (a copy of a state block, e.g. at the start of the
 * frame that diverged) with both engines, find the smallest instruction
 * count after which they differ (by bisection, each probe from `start`
 * again), and describe it with the JIT block that covers the PC there.
 */
export function describeDivergence(start: Uint8Array, settings: Chip8Settings, budget: number): string {
  const interpState = new Chip8State();
  const memory = allocateChip8JitMemory();
  const jitState = new Chip8State(memory.buffer);
  const jit = new Chip8Jit(jitState, settings, { keepIr: true });
  const interp = new Chip8Interpreter(interpState, settings);
  const runBoth = (n: number): string | undefined => {
    interpState.bytes.set(start);
    jitState.bytes.set(start);
    jit.invalidate(0, 0x10000);
    for (const s of [interpState, jitState]) if (s.halt === HaltReason.DisplayWait) s.halt = HaltReason.Running;
    const a = interp.run(n);
    const b = jit.run(n);
    return firstStateDifference(interpState.bytes, jitState.bytes) ?? (a !== b ? `ran ${a} (interpreter) vs ${b} (jit) instructions` : undefined);
  };
  try {
    let lo = 0;
    let hi = budget;
    if (runBoth(hi) === undefined) return "(no divergence when the frame is replayed from its start)";
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (runBoth(mid) === undefined) lo = mid;
      else hi = mid;
    }
    runBoth(lo);
    const pc = interpState.pc;
    const before = formatRegisters(interpState);
    const diff = runBoth(hi);
    const lines = [
      `first difference after ${hi} instructions of the frame: ${diff}`,
      `  before that instruction: ${before}`,
      `  interpreter after:       ${formatRegisters(interpState)}`,
      `  jit after:               ${formatRegisters(jitState)}`,
    ];
    for (const block of jit.runtime.cache.blocks()) {
      if (block.guestPcs.includes(pc)) lines.push(formatBlock(jit, block, jitState.memory, settings, { host: false }));
    }
    return lines.join("\n");
  } finally {
    jit.dispose();
    memory.dispose();
  }
}
