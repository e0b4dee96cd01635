/**
 * Labels and branch relaxation for the x86-64 encoder.
 *
 * The program is encoded once. A branch to a label already placed (backward)
 * takes the short form (rel8) when the distance fits; a branch forward takes
 * the short form. Every label-relative instruction and every `align` is
 * recorded as a "site". At the end, forward references are resolved; when
 * every short one fits (the usual case) the code is final.
 *
 * Otherwise the sites are relaxed without re-encoding: a short branch that
 * does not reach grows to rel32 (jcc 2 -> 6 bytes, jmp 2 -> 5), which moves
 * everything after it, so label positions and alignment padding are
 * recomputed and the check repeats until nothing grows (branches only grow,
 * so it stops). Then the code is copied once, segment by segment
 * (`copyWithin`, so no second buffer), to a region after the first-pass code,
 * re-emitting each site with its final size and displacement.
 */
import { ejitError, type EjitError } from "../errors.js";
import type { Ins } from "../ir.js";

/** Site kinds. */
export const JCC = 0;
export const JMP = 1;
export const ADDR = 2;
export const ALIGN_NOP = 3;
export const ALIGN_ZERO = 4;

/** Recommended NOPs of length 1..10 concatenated (SDM vol. 2, NOP; the lengths LLVM uses). */
const NOPS = Uint8Array.of(
  0x90,
  0x66, 0x90,
  0x0f, 0x1f, 0x00,
  0x0f, 0x1f, 0x40, 0x00,
  0x0f, 0x1f, 0x44, 0x00, 0x00,
  0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00,
  0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00,
  0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
);

/** Write `pad` bytes of padding at `at`: NOPs of up to 10 bytes, or zeros. */
export function writePadding(buf: Uint8Array, at: number, pad: number, zeros: boolean): void {
  if (zeros) {
    buf.fill(0, at, at + pad);
    return;
  }
  while (pad > 0) {
    const len = pad < 10 ? pad : 10;
    const from = (len * (len - 1)) / 2;
    for (let k = 0; k < len; k++) buf[at + k] = NOPS[from + k]!;
    at += len;
    pad -= len;
  }
}

/**
 * `code.copyWithin(to, from, end)` for `to` >= `end` (no overlap): a plain
 * loop for the short runs between sites, where the builtin call costs more
 * than the copy.
 */
function moveBytes(code: Uint8Array, to: number, from: number, end: number): void {
  if (end - from > 32) {
    code.copyWithin(to, from, end);
    return;
  }
  for (let k = from; k < end; k++) code[to++] = code[k]!;
}

function grow32(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

export class LabelTable {
  /** Offset of each label, -1 when not placed (yet). */
  offsets = new Int32Array(64).fill(-1);
  /** Number of sites recorded before each label was placed. */
  private labelSite = new Int32Array(64);
  /** Largest label number seen (placed or referenced). */
  maxLabel = -1;

  // Sites, in code order.
  private siteAt = new Int32Array(64);
  private siteKind = new Int32Array(64);
  /** Label (branches, addr) or alignment (align). */
  private siteArg = new Int32Array(64);
  private siteIns = new Int32Array(64);
  /** Size as first emitted, and size after relaxation. */
  private siteSize = new Int32Array(64);
  private siteNewSize = new Int32Array(64);
  private siteNewAt = new Int32Array(64);
  private siteCount = 0;
  /** Sites whose label was not placed when they were emitted. */
  private forward = new Int32Array(64);
  private forwardCount = 0;
  /** Views of `offsets` by length, made once each (see `view`); dropped when `offsets` grows. */
  private views: Int32Array[] = [];

  /** Start a program: no label placed, no site. */
  reset(): void {
    this.offsets.fill(-1, 0, this.maxLabel + 1);
    this.maxLabel = -1;
    this.siteCount = 0;
    this.forwardCount = 0;
  }

  /** Offset of `label` if placed, else -1 (grows the table for new labels). */
  offsetOf(label: number): number {
    if (label >= this.offsets.length) this.growLabels(label);
    if (label > this.maxLabel) this.maxLabel = label;
    return this.offsets[label]!;
  }

  /** Place `label` at `offset`; false when it was already placed. */
  place(label: number, offset: number): boolean {
    if (this.offsetOf(label) >= 0) return false;
    this.offsets[label] = offset;
    this.labelSite[label] = this.siteCount;
    return true;
  }

  /** Record a label-relative instruction or an align at `at` (`forward`: its label is not placed yet). */
  site(kind: number, at: number, size: number, arg: number, insIndex: number, forward: boolean): void {
    const n = this.siteCount;
    if (n === this.siteAt.length) this.growSites();
    this.siteAt[n] = at;
    this.siteKind[n] = kind;
    this.siteSize[n] = size;
    this.siteArg[n] = arg;
    this.siteIns[n] = insIndex;
    this.siteCount = n + 1;
    if (forward) {
      if (this.forwardCount === this.forward.length) this.forward = grow32(this.forward);
      this.forward[this.forwardCount++] = n;
    }
  }

  /**
   * Resolve forward references in `code[0, end)`. Returns an error for a
   * label never placed, -1 when the code is final in place, or the length the
   * code will have once relaxed: the caller then makes room and calls
   * `rebuild`.
   */
  resolve(code: Uint8Array, end: number, program: readonly Ins[]): EjitError | number {
    let fits = true;
    const newSize = this.siteNewSize;
    for (let k = 0; k < this.forwardCount; k++) {
      const s = this.forward[k]!;
      const label = this.siteArg[s]!;
      const target = this.offsets[label]!;
      if (target < 0) {
        const insIndex = this.siteIns[s]!;
        return ejitError("missing-label", `label ${label} is never defined`, insIndex, program[insIndex]);
      }
      const size = this.siteSize[s]!;
      const relAt = this.siteAt[s]! + size - (size === 2 ? 1 : 4);
      const rel = target - (this.siteAt[s]! + size);
      if (size === 2) {
        if (rel <= 127) code[relAt] = rel;
        else {
          // The first relaxation round, done here: with nothing grown yet, exactly these branches grow.
          if (fits) for (let t = 0; t < this.siteCount; t++) newSize[t] = this.siteSize[t]!;
          fits = false;
          newSize[s] = this.siteKind[s] === JCC ? 6 : 5;
        }
      } else {
        code[relAt] = rel;
        code[relAt + 1] = rel >>> 8;
        code[relAt + 2] = rel >>> 16;
        code[relAt + 3] = rel >>> 24;
      }
    }
    return fits ? -1 : end + this.relax();
  }

  /**
   * Grow short branches until all reach, starting from the sizes `resolve`
   * set (the forward branches that did not reach already grown); returns
   * the total growth in bytes.
   */
  private relax(): number {
    const n = this.siteCount;
    const at = this.siteAt, size = this.siteSize, kind = this.siteKind, arg = this.siteArg;
    const newSize = this.siteNewSize, newAt = this.siteNewAt;
    let growth = 0;
    // Each round but the last grows at least one branch, so there are at most n + 1 rounds.
    for (let changed = true, round = 0; changed && round <= n; round++) {
      changed = false;
      growth = 0;
      for (let s = 0; s < n; s++) {
        newAt[s] = at[s]! + growth;
        if (kind[s]! >= ALIGN_NOP) newSize[s] = -newAt[s]! & (arg[s]! - 1);
        growth += newSize[s]! - size[s]!;
      }
      for (let s = 0; s < n; s++) {
        if (kind[s]! > JMP || newSize[s] !== 2) continue; // short branches only (padding may be 2 bytes too)
        const rel = this.newOffset(arg[s]!) - (newAt[s]! + 2);
        if (rel < -128 || rel > 127) {
          newSize[s] = kind[s] === JCC ? 6 : 5;
          changed = true;
        }
      }
    }
    return growth;
  }

  /**
   * Write the relaxed code to `code[base, base + total)` from the first-pass
   * code in `code[0, end)` (`base` >= `end`, so nothing is overwritten before
   * it is read), and move the labels to their final offsets.
   */
  rebuild(code: Uint8Array, end: number, base: number, total: number): void {
    const n = this.siteCount;
    const at = this.siteAt, size = this.siteSize, newAt = this.siteNewAt;
    let from = 0;
    for (let s = 0; s < n; s++) {
      const start = at[s]!;
      if (start > from) moveBytes(code, base + newAt[s]! - (start - from), from, start);
      this.emitSite(code, base, s);
      from = start + size[s]!;
    }
    if (end > from) moveBytes(code, base + total - (end - from), from, end);
    for (let label = 0; label <= this.maxLabel; label++) {
      if (this.offsets[label]! >= 0) this.offsets[label] = this.newOffset(label);
    }
  }

  /** Position of a label after relaxation (its shift is that of the first site after it). */
  private newOffset(label: number): number {
    const s = this.labelSite[label]!;
    const old = this.offsets[label]!;
    if (s < this.siteCount) return old + (this.siteNewAt[s]! - this.siteAt[s]!);
    const last = this.siteCount - 1;
    return old + (this.siteNewAt[last]! + this.siteNewSize[last]! - this.siteAt[last]! - this.siteSize[last]!);
  }

  /** Emit site `s` at `base` + its new offset, reading its first-pass bytes from `code`. */
  private emitSite(code: Uint8Array, base: number, s: number): void {
    const kind = this.siteKind[s]!;
    const oldAt = this.siteAt[s]!, size = this.siteNewSize[s]!;
    const at = base + this.siteNewAt[s]!;
    if (kind >= ALIGN_NOP) {
      writePadding(code, at, size, kind === ALIGN_ZERO);
      return;
    }
    const rel = this.newOffset(this.siteArg[s]!) - (this.siteNewAt[s]! + size);
    let p = at;
    if (kind === ADDR) {
      code[p++] = code[oldAt]!;
      code[p++] = code[oldAt + 1]!;
      code[p++] = code[oldAt + 2]!;
    } else if (size === 2) {
      code[at] = code[oldAt]!; // 70+cc or EB: unchanged
      code[at + 1] = rel;
      return;
    } else if (kind === JCC) {
      const cc = (this.siteSize[s] === 2 ? code[oldAt]! : code[oldAt + 1]!) & 0x0f;
      code[p++] = 0x0f;
      code[p++] = 0x80 | cc;
    } else {
      code[p++] = 0xe9;
    }
    code[p] = rel;
    code[p + 1] = rel >>> 8;
    code[p + 2] = rel >>> 16;
    code[p + 3] = rel >>> 24;
  }

  /**
   * The label offsets, indexed by label (-1 where undefined): a view of the
   * table itself, valid until the next program (`reset`). One view per
   * length is kept, so a warm assembler allocates none.
   */
  view(): Int32Array {
    const n = this.maxLabel + 1;
    return (this.views[n] ??= this.offsets.subarray(0, n));
  }

  private growLabels(label: number): void {
    let size = this.offsets.length * 2;
    while (size <= label) size *= 2;
    const offsets = new Int32Array(size).fill(-1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    this.views = [];
    const sites = new Int32Array(size);
    sites.set(this.labelSite);
    this.labelSite = sites;
  }

  private growSites(): void {
    this.siteAt = grow32(this.siteAt);
    this.siteKind = grow32(this.siteKind);
    this.siteArg = grow32(this.siteArg);
    this.siteIns = grow32(this.siteIns);
    this.siteSize = grow32(this.siteSize);
    this.siteNewSize = grow32(this.siteNewSize);
    this.siteNewAt = grow32(this.siteNewAt);
  }
}
