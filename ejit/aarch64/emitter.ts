/**
 * The AArch64 emitter: one growing code buffer reused across programs, the
 * label table, branch fix-ups and the operand checks every encoder shares.
 *
 * Instructions are 32-bit little-endian words (Arm ARM A64, "A64 instruction
 * set encoding"); `data` may leave the position unaligned, so the next
 * instruction is padded to a 4-byte boundary (labels waiting at the
 * unaligned position move with it).
 */
import { ejitError, type EjitError, type EjitErrorKind } from "../errors.js";
import type { Ins, R, V } from "../ir.js";

/** Hardware number of the AArch64 stack pointer / zero register (encoding 31). */
export const SP = 31;
export const XZR = 31;
/** The encoder's scratch registers (IP0/IP1 in AAPCS64). */
export const X16 = 16;
export const X17 = 17;

/** Kinds of PC-relative fix-ups, by the field they fill. */
export const Fixup = {
  /** B.cond / CBZ: imm19 (words) at bits 23:5, range +-1 MiB */
  Cond19: 0,
  /** B / BL: imm26 (words) at bits 25:0, range +-128 MiB */
  Branch26: 1,
  /** ADR: imm21 (bytes), immlo at 30:29 and immhi at 23:5, range +-1 MiB */
  Adr21: 2,
} as const;
export type Fixup = (typeof Fixup)[keyof typeof Fixup];

/** Largest label number accepted (labels index a dense table). */
export const MAX_LABEL = 1 << 20;

/** Registers the IR may not name: x16/x17 scratch, x18 platform, x29 frame, x30 link. */
const RESERVED_MASK = (1 << 16) | (1 << 17) | (1 << 18) | (1 << 29) | (1 << 30);

const NOP = 0xd503201f;

export class Emitter {
  /** Code bytes; `words` views the same memory (both hosts are little-endian). */
  bytes = new Uint8Array(4096);
  words = new Uint32Array(this.bytes.buffer);
  /** Next free byte. */
  pos = 0;
  /** Byte offset of each label, -1 while undefined; valid up to `labelCount`. */
  labels = new Int32Array(64).fill(-1);
  labelCount = 0;
  /** Fix-ups as triples (position, label, kind) plus the IR index that made them. */
  private fixups = new Int32Array(3 * 64);
  private fixupIndex = new Int32Array(64);
  private fixupIns: (Ins | undefined)[] = [];
  private fixupCount = 0;
  /** Labels defined at the current unaligned position (moved when padding). */
  private unalignedLabels: number[] = [];
  private unalignedCount = 0;
  /** The instruction being encoded, for error values. */
  index = 0;
  ins: Ins | undefined = undefined;

  reset(): void {
    this.pos = 0;
    // Plain loops: label counts are small, and fill()/length= cost more per call.
    for (let k = 0; k < this.labelCount; k++) this.labels[k] = -1;
    this.labelCount = 0;
    for (let k = 0; k < this.fixupCount; k++) this.fixupIns[k] = undefined;
    this.fixupCount = 0;
    this.unalignedCount = 0;
    this.index = 0;
    this.ins = undefined;
  }

  /** An error value naming the current instruction. */
  fail(kind: EjitErrorKind, message: string): EjitError {
    return ejitError(kind, message, this.index, this.ins);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.pos + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
    this.words = new Uint32Array(grown.buffer);
  }

  /** Append one instruction word (aligning first if `data` left the position odd). */
  emit(word: number): void {
    if ((this.pos & 3) !== 0) this.padToWord();
    if (this.pos + 4 > this.bytes.length) this.ensure(4);
    this.words[this.pos >>> 2] = word;
    this.pos += 4;
  }

  private padToWord(): void {
    this.ensure(4);
    while ((this.pos & 3) !== 0) this.bytes[this.pos++] = 0;
    for (let k = 0; k < this.unalignedCount; k++) this.labels[this.unalignedLabels[k]!] = this.pos;
    this.unalignedCount = 0;
  }

  /** Append raw bytes (constant data). */
  emitBytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.pos);
    this.pos += data.length;
    if (data.length > 0) this.unalignedCount = 0;
  }

  /** Pad to a multiple of n bytes: zeros up to a word boundary, then NOPs. */
  align(n: number): void {
    this.ensure(n + 4);
    while ((this.pos & 3) !== 0 && (this.pos & (n - 1)) !== 0) this.bytes[this.pos++] = 0;
    if ((this.pos & 3) === 0) this.unalignedCount = 0;
    while ((this.pos & (n - 1)) !== 0) this.emit(NOP);
  }

  /** Define `label` at the current position. */
  defineLabel(label: number): EjitError | undefined {
    if (!Number.isInteger(label) || label < 0 || label >= MAX_LABEL) {
      return this.fail("missing-label", `label ${label} is not an integer in 0..${MAX_LABEL - 1}`);
    }
    this.growLabels(label);
    if (this.labels[label] !== -1) return this.fail("duplicate-label", `label ${label} is defined twice`);
    this.labels[label] = this.pos;
    if ((this.pos & 3) !== 0) this.unalignedLabels[this.unalignedCount++] = label;
    return undefined;
  }

  private growLabels(label: number): void {
    if (label >= this.labels.length) {
      let size = this.labels.length * 2;
      while (size <= label) size *= 2;
      const grown = new Int32Array(size).fill(-1);
      grown.set(this.labels.subarray(0, this.labelCount));
      this.labels = grown;
    }
    if (label >= this.labelCount) this.labelCount = label + 1;
  }

  /** Emit `word` whose PC-relative field is filled in by `resolve` once `label` is known. */
  emitFixup(word: number, label: number, kind: Fixup): EjitError | undefined {
    if (!Number.isInteger(label) || label < 0 || label >= MAX_LABEL) {
      return this.fail("missing-label", `label ${label} is not an integer in 0..${MAX_LABEL - 1}`);
    }
    this.emit(word);
    const n = this.fixupCount++;
    if (3 * n + 3 > this.fixups.length) {
      const grown = new Int32Array(this.fixups.length * 2);
      grown.set(this.fixups);
      this.fixups = grown;
      const index = new Int32Array(this.fixupIndex.length * 2);
      index.set(this.fixupIndex);
      this.fixupIndex = index;
    }
    this.fixups[3 * n] = this.pos - 4;
    this.fixups[3 * n + 1] = label;
    this.fixups[3 * n + 2] = kind;
    this.fixupIndex[n] = this.index;
    this.fixupIns[n] = this.ins!;
    return undefined;
  }

  /** Patch every fix-up; errors for undefined labels and targets out of range. */
  resolve(): EjitError | undefined {
    for (let n = 0; n < this.fixupCount; n++) {
      const at = this.fixups[3 * n]!;
      const label = this.fixups[3 * n + 1]!;
      const kind = this.fixups[3 * n + 2]! as Fixup;
      const target = label < this.labelCount ? this.labels[label]! : -1;
      if (target < 0) return this.fixupError(n, "missing-label", `label ${label} is never defined`);
      const delta = target - at;
      const word = this.words[at >>> 2]!;
      if (kind === Fixup.Adr21) {
        if (delta < -(1 << 20) || delta >= 1 << 20) {
          return this.fixupError(n, "branch-out-of-range", `label ${label} is ${delta} bytes away; adr reaches +-1 MiB`);
        }
        this.words[at >>> 2] = word | ((delta & 3) << 29) | (((delta >> 2) & 0x7ffff) << 5);
        continue;
      }
      if ((delta & 3) !== 0) return this.fixupError(n, "branch-out-of-range", `label ${label} is not 4-byte aligned (after data)`);
      const words = delta >> 2;
      if (kind === Fixup.Cond19) {
        if (words < -(1 << 18) || words >= 1 << 18) {
          return this.fixupError(n, "branch-out-of-range", `label ${label} is ${delta} bytes away; b.cond reaches +-1 MiB`);
        }
        this.words[at >>> 2] = word | ((words & 0x7ffff) << 5);
      } else {
        if (words < -(1 << 25) || words >= 1 << 25) {
          return this.fixupError(n, "branch-out-of-range", `label ${label} is ${delta} bytes away; b reaches +-128 MiB`);
        }
        this.words[at >>> 2] = word | (words & 0x3ffffff);
      }
    }
    return undefined;
  }

  /** An error value blaming the instruction that made fix-up n. */
  private fixupError(n: number, kind: EjitErrorKind, message: string): EjitError {
    return ejitError(kind, message, this.fixupIndex[n]!, this.fixupIns[n]);
  }

  /** A general register x0..x28 that the IR may use (not SP, not reserved). */
  gpr(r: R): EjitError | undefined {
    if (r >= 0 && r < 31 && Number.isInteger(r)) {
      return ((RESERVED_MASK >>> r) & 1) === 0 ? undefined : this.reserved(r);
    }
    return this.fail("bad-register", `R${r} is not an AArch64 general register here (R31 = SP only as a base, in mov and addi/subi)`);
  }

  /** A general register or SP (R31): load/store bases, mov, addi/subi. */
  gprOrSp(r: R): EjitError | undefined {
    return r === SP ? undefined : this.gpr(r);
  }

  private reserved(r: number): EjitError {
    return this.fail("reserved-register", `x${r} is reserved (x16/x17 encoder scratch, x18 platform, x29 frame, x30 link)`);
  }

  /** A vector register v0..v31. */
  vreg(v: V): EjitError | undefined {
    if (v >= 0 && v < 32 && Number.isInteger(v)) return undefined;
    return this.fail("bad-register", `V${v} is not an AArch64 vector register (v0..v31)`);
  }

  /** A copy of the label offsets (the caller keeps it past the next program). */
  labelTable(): Int32Array {
    const table = new Int32Array(this.labelCount);
    for (let k = 0; k < table.length; k++) table[k] = this.labels[k]!;
    return table;
  }
}
