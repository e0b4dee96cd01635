/**
 * Labels and branch relaxation for the x86-64 encoder.
 *
 * Scheme: the program is encoded in passes. In a pass, a branch to a label
 * already placed (backward) takes the short form (rel8) when the distance
 * fits; a branch to a label not yet placed (forward) takes the short form
 * unless an earlier pass found it too far. At the end of the pass every
 * forward reference is resolved; a short one whose distance does not fit is
 * marked long and the program is encoded again. A branch once long stays long,
 * so sizes only grow and the passes stop (almost always after one or two).
 * `addr` (lea rip+rel32) always uses 32 bits.
 */
import { ejitError, type EjitError } from "../errors.js";
import type { Ins } from "../ir.js";

export const REL8 = 1;
export const REL32 = 4;

export class LabelTable {
  /** Offset of each label in the current pass, -1 when not placed (yet). */
  offsets = new Int32Array(64).fill(-1);
  /** Largest label number seen (placed or referenced). */
  maxLabel = -1;
  /** Per IR instruction index: 1 when its branch must use rel32. */
  long = new Uint8Array(256);
  /** Forward references of this pass: where the rel field is, its width, the label, the instruction. */
  private fixAt = new Int32Array(64);
  private fixWidth = new Uint8Array(64);
  private fixLabel = new Int32Array(64);
  private fixIns = new Int32Array(64);
  private fixCount = 0;

  /** Start a program of `n` instructions: no branch is long yet. */
  startProgram(n: number): void {
    if (this.long.length < n) this.long = new Uint8Array(Math.max(n, this.long.length * 2));
    else this.long.fill(0, 0, n);
    this.offsets.fill(-1, 0, this.maxLabel + 1);
    this.maxLabel = -1;
  }

  /** Start a pass: no label placed, no pending reference. */
  startPass(): void {
    this.offsets.fill(-1, 0, this.maxLabel + 1);
    this.fixCount = 0;
  }

  /** Offset of `label` if placed in this pass, else -1. */
  offsetOf(label: number): number {
    if (label >= this.offsets.length) this.grow(label);
    if (label > this.maxLabel) this.maxLabel = label;
    return this.offsets[label]!;
  }

  /** Place `label` at `offset`; false when it was already placed in this pass. */
  place(label: number, offset: number): boolean {
    if (this.offsetOf(label) >= 0) return false;
    this.offsets[label] = offset;
    return true;
  }

  /** Record a forward reference: a `width`-byte rel field at `at`, relative to `at + width`. */
  refer(at: number, width: number, label: number, insIndex: number): void {
    const n = this.fixCount;
    if (n === this.fixAt.length) this.growFixups();
    this.fixAt[n] = at;
    this.fixWidth[n] = width;
    this.fixLabel[n] = label;
    this.fixIns[n] = insIndex;
    this.fixCount = n + 1;
  }

  /**
   * Write every forward reference into `code`. Returns an error for a label
   * never placed, true when some short branch did not fit (it is now marked
   * long: encode again), false when the code is final.
   */
  resolve(code: Uint8Array, program: readonly Ins[]): EjitError | boolean {
    let again = false;
    for (let k = 0; k < this.fixCount; k++) {
      const target = this.offsets[this.fixLabel[k]!]!;
      const insIndex = this.fixIns[k]!;
      if (target < 0) {
        return ejitError("missing-label", `label ${this.fixLabel[k]} is never defined`, insIndex, program[insIndex]);
      }
      const at = this.fixAt[k]!;
      const width = this.fixWidth[k]!;
      const rel = target - (at + width);
      if (width === REL8) {
        if (rel >= -128 && rel <= 127) code[at] = rel;
        else {
          this.long[insIndex] = 1;
          again = true;
        }
      } else {
        code[at] = rel;
        code[at + 1] = rel >>> 8;
        code[at + 2] = rel >>> 16;
        code[at + 3] = rel >>> 24;
      }
    }
    return again;
  }

  /** A copy of the label offsets, indexed by label (-1 where undefined). */
  snapshot(): Int32Array {
    return this.offsets.slice(0, this.maxLabel + 1);
  }

  private grow(label: number): void {
    let size = this.offsets.length * 2;
    while (size <= label) size *= 2;
    const grown = new Int32Array(size).fill(-1);
    grown.set(this.offsets);
    this.offsets = grown;
  }

  private growFixups(): void {
    const size = this.fixAt.length * 2;
    const at = new Int32Array(size), width = new Uint8Array(size), label = new Int32Array(size), ins = new Int32Array(size);
    at.set(this.fixAt);
    width.set(this.fixWidth);
    label.set(this.fixLabel);
    ins.set(this.fixIns);
    this.fixAt = at;
    this.fixWidth = width;
    this.fixLabel = label;
    this.fixIns = ins;
  }
}
