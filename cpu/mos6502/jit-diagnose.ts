/**
 * Debugging the 6502 JIT: readable dumps of compiled blocks (guest
 * disassembly, Ejit IR, host disassembly, counts), a lockstep run of both
 * engines over one program, and the search for the first cycle count at
 * which they disagree. Used by the `blocks` command and the lockstep and
 * fuzz tests.
 */
import type { Arch } from "../../ejit/index.js";
import type { CompiledBlock } from "../jit/block-cache.js";
import { appendCodeLines, codeSizes } from "../jit/code-view.js";
import { crossTranslateBlocks, type CrossBlock } from "../jit/cross-translate.js";
import { hostPlanFor } from "../jit/host-plan.js";
import { bytesText, disassembleAt } from "./disasm.js";
import { StopReason } from "./execute.js";
import { Mos6502 } from "./interpreter.js";
import { Mos6502Jit, type Mos6502JitOptions } from "./jit.js";
import { Mos6502JitMemory } from "./jit-state.js";

const hex = (n: number, digits: number): string => n.toString(16).toUpperCase().padStart(digits, "0");

/** Registers and counters on one line. */
export function formatCpu(cpu: Mos6502): string {
  return `PC=${hex(cpu.pc, 4)} A=${hex(cpu.a, 2)} X=${hex(cpu.x, 2)} Y=${hex(cpu.y, 2)} S=${hex(cpu.s, 2)} P=${hex(cpu.p, 2)}`
    + ` cycles=${cpu.cycles} instructions=${cpu.instructions}${cpu.halted ? " halted" : ""}`;
}

/** The first difference between two CPUs (registers, counters, then RAM), or undefined. */
export function firstCpuDifference(interp: Mos6502, jit: Mos6502): string | undefined {
  const regs: [string, number, number][] = [
    ["PC", interp.pc, jit.pc], ["A", interp.a, jit.a], ["X", interp.x, jit.x], ["Y", interp.y, jit.y],
    ["S", interp.s, jit.s], ["P", interp.p, jit.p], ["cycles", interp.cycles, jit.cycles],
    ["instructions", interp.instructions, jit.instructions], ["halted", +interp.halted, +jit.halted],
  ];
  for (const [name, a, b] of regs) if (a !== b) return `${name}: interpreter ${a}, jit ${b}`;
  const m = interp.memory;
  const n = jit.memory;
  if (Buffer.compare(m, n) !== 0) {
    for (let k = 0; k < 0x10000; k++) {
      if (m[k] !== n[k]) return `memory[$${hex(k, 4)}]: interpreter $${hex(m[k]!, 2)}, jit $${hex(n[k]!, 2)}`;
    }
  }
  return undefined;
}

export interface BlockDumpOptions {
  readonly ir?: boolean;
  readonly host?: boolean;
  /** Show this translation for another architecture (crossBlocks) instead of the installed code. */
  readonly cross?: CrossBlock;
}

/** Every live block of `jit` translated again for `arch` without installing it (cross-translate.ts). By guest PC. */
export function crossBlocks(jit: Mos6502Jit, arch: Arch): Map<number, CrossBlock> {
  const plan = hostPlanFor(arch);
  const blocks = [...jit.runtime.cache.blocks()].sort((a, b) => a.pc - b.pc);
  return crossTranslateBlocks(blocks, jit.translatorFor(plan), plan, jit.runtime.memory.layout);
}

/** A compiled block for a person: counts and links, guest code, IR, host code. */
export function formatBlock(jit: Mos6502Jit, block: CompiledBlock, options: BlockDumpOptions = {}): string {
  const rt = jit.runtime;
  const memory = jit.cpu.memory;
  const entered = rt.entryCount(block);
  const last = block.guestPcs.length > 0 ? block.guestPcs[block.guestPcs.length - 1]! : block.pc;
  const out = block.slots.map((s) => `$${hex(s.target, 4)}${s.linked === undefined ? " (not linked)" : ""}`);
  const dynamic = block.dynamicPcs;
  const lines = [
    `block $${hex(block.pc, 4)}-$${hex(last, 4)}: ${block.instructions} guest instructions, `
      + `${codeSizes(block, options.cross)}${entered >= 0 ? `, entered ${entered} times` : ""}`,
    `  links out: ${out.length === 0 ? "none (indirect or exit)" : out.join(", ")}; linked in: ${block.incoming.size}; `
      + `invalidated here before: ${rt.cache.invalidatedAt[block.pc]}`
      + `${jit.smcDrops[block.pc]! > 0 ? `, by stores into its code: ${jit.smcDrops[block.pc]}` : ""}`
      + `${dynamic.length > 0 ? `; dynamic operands: ${dynamic.length}` : ""}`,
    "  guest:",
  ];
  if (block.guestPcs.length === 0) lines.push(`    ${hex(block.pc, 4)}  (left to the interpreter) ${disassembleAt(memory, block.pc).text}`);
  for (const pc of block.guestPcs) {
    const d = disassembleAt(memory, pc);
    lines.push(`    ${hex(pc, 4)}  ${bytesText(memory, pc, d.length, true)}  ${d.text}${instructionNotes(jit, pc, d.length, dynamic.includes(pc))}`);
  }
  appendCodeLines(lines, rt, block, options);
  return lines.join("\n");
}

/** "  ; dynamic operand, 12 code writes" for an instruction whose operand is read at run time or whose bytes were stored to. */
function instructionNotes(jit: Mos6502Jit, pc: number, length: number, dynamic: boolean): string {
  let writes = 0;
  for (let k = 0; k < length; k++) writes += jit.codeWrites[(pc + k) & 0xffff]!;
  const notes = [];
  if (dynamic) notes.push("dynamic operand (read at run time)");
  if (writes > 0) notes.push(`${writes} code write${writes === 1 ? "" : "s"}`);
  return notes.length === 0 ? "" : `  ; ${notes.join(", ")}`;
}

/** Self-modification in a run: the guest bytes stores hit most often while compiled code covered them. */
export interface CodeWriteSummary {
  /** Addresses with their write counts, most written first (at most `limit`). */
  readonly hottest: readonly { readonly address: number; readonly writes: number }[];
  readonly totalWrites: number;
  readonly addresses: number;
  /** Instructions compiled with a dynamic operand (over all compilations). */
  readonly dynamicCompiled: number;
}

export function codeWriteSummary(jit: Mos6502Jit, limit = 16): CodeWriteSummary {
  const all: { address: number; writes: number }[] = [];
  let totalWrites = 0;
  for (let a = 0; a < 0x10000; a++) {
    const w = jit.codeWrites[a]!;
    if (w === 0) continue;
    all.push({ address: a, writes: w });
    totalWrites += w;
  }
  all.sort((x, y) => y.writes - x.writes || x.address - y.address);
  return { hottest: all.slice(0, limit), totalWrites, addresses: all.length, dynamicCompiled: jit.dynamicCompiled };
}

/** The summary for a person: one line, then the hottest addresses. */
export function formatCodeWrites(summary: CodeWriteSummary): string {
  const head = `stores into compiled code: ${summary.totalWrites} at ${summary.addresses} addresses; instructions compiled with dynamic operands: ${summary.dynamicCompiled}`;
  if (summary.hottest.length === 0) return head;
  return [head, ...summary.hottest.map((h) => `  $${hex(h.address, 4)}: ${h.writes}`)].join("\n");
}

/** Where a run starts: the program in RAM and the registers. */
export interface Mos6502Start {
  readonly memory: Uint8Array;
  readonly pc: number;
  readonly a?: number;
  readonly x?: number;
  readonly y?: number;
  readonly s?: number;
  readonly p?: number;
}

/** An interpreter and a JIT engine side by side. */
export class Mos6502Pair {
  readonly interp: Mos6502;
  readonly native = new Mos6502JitMemory();
  readonly jitCpu: Mos6502;
  readonly jit: Mos6502Jit;

  constructor(decimal: boolean, options: Mos6502JitOptions = {}) {
    this.interp = new Mos6502({ memory: new Uint8Array(0x10000), decimal });
    this.jitCpu = new Mos6502({ memory: this.native.ram, state: this.native.state, decimal });
    this.jit = new Mos6502Jit(this.jitCpu, this.native, options);
  }

  /** Both CPUs at `start` (counters at 0, as after the bare machine's start). */
  reset(start: Mos6502Start): void {
    for (const cpu of [this.interp, this.jitCpu]) {
      cpu.memory.set(start.memory);
      cpu.pc = start.pc; cpu.a = start.a ?? 0; cpu.x = start.x ?? 0; cpu.y = start.y ?? 0;
      cpu.s = start.s ?? 0xfd; cpu.p = ((start.p ?? 0x24) & ~0x10) | 0x20;
      cpu.cycles = 0; cpu.instructions = 0; cpu.halted = false;
      cpu.saveState();
    }
    this.jit.invalidate(0, 0x10000);
  }

  /** Run both to `cycleLimit` (trap stops); the first difference, or undefined. */
  runBoth(cycleLimit: number): { difference: string | undefined; stop: StopReason } {
    const a = this.interp.run(cycleLimit, true);
    const b = this.jit.run(cycleLimit);
    const difference = firstCpuDifference(this.interp, this.jitCpu) ?? (a !== b ? `stop reason: interpreter ${a}, jit ${b}` : undefined);
    return { difference, stop: a };
  }

  dispose(): void {
    this.jit.dispose();
    this.native.dispose();
  }
}

/**
 * Replay `start` on a fresh pair, bisect the smallest cycle limit at which
 * the engines differ (each probe from the start again), and describe it:
 * both states and the JIT blocks that cover the interpreter's PC there.
 */
export function describeDivergence(start: Mos6502Start, decimal: boolean, cycleLimit: number, jit: Mos6502JitOptions = {}): string {
  const pair = new Mos6502Pair(decimal, { ...jit, keepIr: true, countEntries: true });
  const probe = (n: number): string | undefined => {
    pair.reset(start);
    return pair.runBoth(n).difference;
  };
  try {
    let lo = 0;
    let hi = cycleLimit;
    if (probe(hi) === undefined) return "(no divergence when replayed from the start)";
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (probe(mid) === undefined) lo = mid;
      else hi = mid;
    }
    probe(lo);
    const before = formatCpu(pair.interp);
    const tail = pair.jit.tailPc;
    const diff = probe(hi);
    const lines = [
      `first difference with a cycle limit of ${hi}: ${diff}`,
      `  with a limit of ${lo}: ${before}`,
      `  interpreter: ${formatCpu(pair.interp)}`,
      `  jit:         ${formatCpu(pair.jitCpu)}`,
    ];
    // With the lower limit the block at `tail` did not fit and the interpreter ran it; with the higher one it ran natively.
    const block = tail >= 0 ? pair.jit.runtime.cache.get(tail) : undefined;
    if (block !== undefined) lines.push("the block that ran natively with the higher limit only:", formatBlock(pair.jit, block, { host: false }));
    return lines.join("\n");
  } finally {
    pair.dispose();
  }
}

export interface LockstepResult {
  readonly stop: StopReason;
  /** Chunks both engines ran identically. */
  readonly chunks: number;
  readonly divergence: string | undefined;
  readonly interp: Mos6502;
  readonly jitCounters: Mos6502Jit["runtime"]["counters"];
  readonly interpreted: number;
}

/**
 * Run `start` on both engines in chunks of `chunkCycles` up to `maxCycles`
 * (or a trap or JAM), comparing registers, counters and RAM after every
 * chunk; with `diagnose`, a divergence is bisected and described.
 */
export function runLockstep(
  start: Mos6502Start,
  options: { decimal?: boolean; maxCycles: number; chunkCycles: number; diagnose?: boolean; jit?: Mos6502JitOptions },
  /** A pair to reuse (its decimal setting and JIT options win); a fresh one otherwise. */
  reuse?: Mos6502Pair,
): LockstepResult {
  const decimal = reuse?.interp.decimalEnabled ?? options.decimal ?? true;
  const pair = reuse ?? new Mos6502Pair(decimal, options.jit);
  try {
    pair.reset(start);
    let chunks = 0;
    let limit = 0;
    for (;;) {
      limit = Math.min(options.maxCycles, limit + options.chunkCycles);
      const { difference, stop } = pair.runBoth(limit);
      if (difference !== undefined) {
        let divergence = `after ${chunks} identical chunks, at a cycle limit of ${limit}: ${difference}\n`
          + `  interpreter: ${formatCpu(pair.interp)}\n  jit:         ${formatCpu(pair.jitCpu)}`;
        if (options.diagnose) divergence += "\n" + describeDivergence(start, decimal, limit, options.jit);
        return { stop, chunks, divergence, interp: pair.interp, jitCounters: pair.jit.runtime.counters, interpreted: pair.jit.interpretedInstructions };
      }
      chunks++;
      if (stop !== StopReason.Budget || limit >= options.maxCycles) {
        return { stop, chunks, divergence: undefined, interp: pair.interp, jitCounters: pair.jit.runtime.counters, interpreted: pair.jit.interpretedInstructions };
      }
    }
  } finally {
    if (reuse === undefined) pair.dispose();
  }
}
