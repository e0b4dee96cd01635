/**
 * Shared, immutable IR instructions for the shapes every block repeats
 * (labels, budget arithmetic, stub jumps, byte masks, small constants).
 * IR instructions are plain read-only objects, so one object may appear in
 * any number of programs; reusing them keeps block translation from
 * allocating (and later collecting) several objects per guest instruction.
 * Each table holds objects made on first use, keyed by small integers.
 */
import { Ins, type Cond, type Label, type R } from "../../ejit/index.js";

const LABELS = 256;
const SMALL = 256;

export class IrCache {
  private readonly labels: (Ins | undefined)[] = [];
  private readonly branches: (Ins | undefined)[] = [];
  private readonly jumps: (Ins | undefined)[] = [];
  private readonly subis: (Ins | undefined)[] = [];
  private readonly cmpis: (Ins | undefined)[] = [];
  private readonly movis: (Ins | undefined)[] = [];
  private readonly andis: (Ins | undefined)[] = [];
  private readonly movs: (Ins | undefined)[] = [];
  /** movi of guest addresses (link targets, exit PCs), per destination register. */
  private readonly moviPcs: ((Ins | undefined)[] | undefined)[] = [];

  label(label: Label): Ins {
    return label < LABELS ? (this.labels[label] ??= Ins.label(label)) : Ins.label(label);
  }

  b(cond: Cond, label: Label): Ins {
    return label < LABELS ? (this.branches[cond * LABELS + label] ??= Ins.b(cond, label)) : Ins.b(cond, label);
  }

  jmp(label: Label): Ins {
    return label < LABELS ? (this.jumps[label] ??= Ins.jmp(label)) : Ins.jmp(label);
  }

  /** d = a - imm for imm in 0..255 (the budget spent on a path). */
  subi(d: R, a: R, imm: number): Ins {
    return imm >= 0 && imm < SMALL ? (this.subis[((d * 32 + a) * SMALL) + imm] ??= Ins.subi(d, a, imm)) : Ins.subi(d, a, imm);
  }

  /** compare with imm in 0..255 */
  cmpi(a: R, imm: number): Ins {
    return imm >= 0 && imm < SMALL ? (this.cmpis[a * SMALL + imm] ??= Ins.cmpi(a, imm)) : Ins.cmpi(a, imm);
  }

  /** d = imm for imm in 0..255 */
  movi(d: R, imm: number): Ins {
    return imm >= 0 && imm < SMALL ? (this.movis[d * SMALL + imm] ??= Ins.movi(d, imm)) : Ins.movi(d, imm);
  }

  /** d = imm for a guest address imm in 0..0xffff (a link slot's or exit's PC). */
  moviPc(d: R, imm: number): Ins {
    if (imm < 0 || imm > 0xffff) return Ins.movi(d, imm);
    const table = (this.moviPcs[d] ??= new Array<Ins | undefined>(0x10000).fill(undefined));
    return (table[imm] ??= Ins.movi(d, imm));
  }

  /** d = d & 0xff, d = d & 0xffff and other masks of a register by itself. */
  andSelf(d: R, mask: 0xff | 0xffff): Ins {
    return (this.andis[d * 2 + (mask === 0xff ? 0 : 1)] ??= Ins.andi(d, d, mask));
  }

  mov(d: R, a: R): Ins {
    return (this.movs[d * 32 + a] ??= Ins.mov(d, a));
  }
}
