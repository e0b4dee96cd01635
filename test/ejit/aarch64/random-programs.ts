/**
 * Random straight-line integer programs and a BigInt reference interpreter
 * for them, written from the semantics block of ejit/ir.ts. The AArch64
 * backend's code for each program runs under qemu-user; its buffer (memory
 * the program loaded from and stored to, then a dump of every register) must
 * match the reference's byte for byte.
 *
 * Program shape: x0 holds the buffer; x15 only ever holds small index values;
 * forward branches (b.cond after cmp/cmpi, jmp) skip a few operations;
 * the rest of x1..x28 (minus reserved registers) are random operands, saved
 * and restored by enter/leave where callee-saved.
 */
import { Ins, R, Type, type BinImmOp, type BinOp, type Cond } from "../../../ejit/ir.js";
import { binModel, condModel, type ExecCase } from "../cases.js";

export const BUFFER_SIZE = 4096;
const DATA_SIZE = 2048;
const DUMP_AT = 2048;
const INDEX = R(15);
const OPERANDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28].map(R);
const SAVED = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28].map(R);
const MASK = (1n << 64n) - 1n;
const SIZES = [1, 1, 2, 2, 4, 4, 8];
const BIN: readonly BinOp[] = ["add", "sub", "and", "or", "xor", "shl", "shr", "sar", "mul", "udiv", "sdiv"];
const BIN_IMM: readonly BinImmOp[] = ["addi", "subi", "andi", "ori", "xori", "shli", "shri", "sari", "muli"];
const IMM_BASE: Readonly<Record<BinImmOp, BinOp>> = {
  addi: "add", subi: "sub", andi: "and", ori: "or", xori: "xor", shli: "shl", shri: "shr", sari: "sar", muli: "mul",
};

/** A small deterministic generator (mulberry32). */
export class Random {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  u64(): bigint {
    return (BigInt(this.int(0x100000000)) << 32n) | BigInt(this.int(0x100000000));
  }
}

/** An immediate drawn from the shapes the encoder treats differently. */
function aluImmediate(rng: Random): number {
  switch (rng.int(7)) {
    case 0: return rng.int(4096);
    case 1: return rng.int(4096) << 12;
    case 2: return rng.int(0x1000000) - 0x800000;
    case 3: return (rng.int(0x100000000) | 0);
    case 4: return -rng.int(4096);
    case 5: return ((1 << rng.int(31)) - 1) << rng.int(2); // runs of ones: bitmask immediates
    default: return rng.pick([0, 1, -1, 0x7fffffff, -0x80000000, 0x55555555, 0xff00ff0, -256]);
  }
}

/** Offsets reached through every addressing form, kept inside the data area. */
function memoryAccess(rng: Random, ty: Type): { pre: Ins[]; index: boolean; shift: number; imm: number; address: number } {
  const size = SIZES[ty]!;
  const address = rng.int(DATA_SIZE - size + 1) & ~(rng.int(2) === 0 ? size - 1 : 0);
  if (rng.int(2) === 0) return { pre: [], index: false, shift: 0, imm: address, address };
  const shift = rng.int(4);
  const indexValue = rng.int((address >> shift) + 1);
  return { pre: [Ins.movi(INDEX, indexValue)], index: true, shift, imm: address - (indexValue << shift), address };
}

/** One random program of `length` operations. */
export function randomProgram(rng: Random, length: number): Ins[] {
  const ir: Ins[] = [Ins.enter(0, SAVED)];
  const reg = (): R => rng.pick(OPERANDS);
  for (const r of OPERANDS) ir.push(Ins.movi(r, rng.int(3) === 0 ? BigInt(rng.int(64)) : rng.u64()));
  // Forward branches only (so every program ends): label n is placed a few operations after its first use.
  const pending: { label: number; at: number }[] = [];
  let nextLabel = 0;
  for (let k = 0; k < length; k++) {
    for (let p = pending.length - 1; p >= 0; p--) {
      if (pending[p]!.at === k) ir.push(Ins.label(pending.splice(p, 1)[0]!.label));
    }
    if (rng.int(8) === 0) {
      const label = nextLabel++;
      pending.push({ label, at: k + 1 + rng.int(6) });
      if (rng.int(3) === 0) ir.push(Ins.jmp(label));
      else ir.push(rng.int(2) === 0 ? Ins.cmp(reg(), reg()) : Ins.cmpi(reg(), aluImmediate(rng)), Ins.b(rng.int(10) as Cond, label));
    }
    const kind = rng.int(10);
    if (kind < 3) ir.push(Ins[rng.pick(BIN)](reg(), reg(), reg()));
    else if (kind < 5) {
      const op = rng.pick(BIN_IMM);
      const shift = op === "shli" || op === "shri" || op === "sari";
      ir.push(Ins[op](reg(), reg(), shift ? rng.int(64) : aluImmediate(rng)));
    } else if (kind === 5) ir.push(rng.pick([Ins.not, Ins.neg, Ins.mov])(reg(), reg()));
    else if (kind === 6) {
      ir.push(rng.int(2) === 0 ? Ins.cmp(reg(), reg()) : Ins.cmpi(reg(), aluImmediate(rng)));
      if (rng.int(2) === 0) ir.push(Ins.movi(reg(), rng.u64())); // flags must survive movi
      ir.push(Ins.select(rng.int(10) as Cond, reg(), reg(), reg()));
    } else {
      const ty = rng.int(7) as Type;
      const m = memoryAccess(rng, ty);
      ir.push(...m.pre);
      const r = reg();
      if (kind < 9) ir.push(m.index ? Ins.ldx(ty, r, R(0), INDEX, m.shift, m.imm) : Ins.ld(ty, r, R(0), m.imm));
      else ir.push(m.index ? Ins.stx(ty, r, R(0), INDEX, m.shift, m.imm) : Ins.st(ty, r, R(0), m.imm));
    }
  }
  for (const p of pending) ir.push(Ins.label(p.label));
  OPERANDS.forEach((r, k) => ir.push(Ins.st(Type.U64, r, R(0), DUMP_AT + 8 * k)));
  ir.push(Ins.leave(0, SAVED), Ins.movi(R(0), 0), Ins.ret());
  return ir;
}

function load(mem: Uint8Array, at: number, ty: Type): bigint {
  const size = SIZES[ty]!;
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(mem[at + k]!);
  return ty === Type.S8 || ty === Type.S16 || ty === Type.S32 ? BigInt.asIntN(8 * size, v) & MASK : v;
}

/** Run a program from `randomProgram` on the reference; returns the final buffer. */
export function referenceRun(ir: readonly Ins[], initial: Uint8Array): Uint8Array {
  const mem = initial.slice();
  const x: bigint[] = new Array<bigint>(32).fill(0n);
  let flags: [bigint, bigint] = [0n, 0n];
  const bufferAddress = 0x100000n; // symbolic: only offsets from it matter
  x[0] = bufferAddress;
  const address = (base: R, index: R | -1, shift: number, imm: number): number =>
    Number((x[base]! - bufferAddress + (index === -1 ? 0n : x[index]! << BigInt(shift)) + BigInt(imm)) & MASK);
  const labelAt = new Map<number, number>();
  ir.forEach((ins, k) => {
    if (ins.op === "label") labelAt.set(ins.label, k);
  });
  for (let pc = 0; pc < ir.length; pc++) {
    const ins = ir[pc]!;
    switch (ins.op) {
      case "enter": case "leave": case "ret": case "label": break;
      case "jmp": pc = labelAt.get(ins.label)!; break;
      case "b": if (condModel(ins.cond, ...flags)) pc = labelAt.get(ins.label)!; break;
      case "movi": x[ins.d] = BigInt.asUintN(64, BigInt(ins.imm)); break;
      case "not": x[ins.d] = ~x[ins.a]! & MASK; break;
      case "neg": x[ins.d] = -x[ins.a]! & MASK; break;
      case "mov": x[ins.d] = x[ins.a]!; break;
      case "cmp": flags = [x[ins.a]!, x[ins.b]!]; break;
      case "cmpi": flags = [x[ins.a]!, BigInt(ins.imm) & MASK]; break;
      case "select": x[ins.d] = condModel(ins.cond, ...flags) ? x[ins.a]! : x[ins.b]!; break;
      case "ld": x[ins.d] = load(mem, address(ins.base, ins.index, ins.shift, ins.imm), ins.ty); break;
      case "st": {
        const at = address(ins.base, ins.index, ins.shift, ins.imm);
        for (let k = 0; k < SIZES[ins.ty]!; k++) mem[at + k] = Number((x[ins.s]! >> BigInt(8 * k)) & 0xffn);
        break;
      }
      case "addi": case "subi": case "andi": case "ori": case "xori": case "shli": case "shri": case "sari": case "muli":
        x[ins.d] = binModel(IMM_BASE[ins.op], x[ins.a]!, BigInt(ins.imm) & MASK);
        break;
      case "add": case "sub": case "and": case "or": case "xor": case "shl": case "shr": case "sar": case "mul": case "udiv": case "sdiv":
        x[ins.d] = binModel(ins.op, x[ins.a]!, x[ins.b]!);
        break;
      default:
        throw new Error(`reference: ${ins.op} is not generated`);
    }
  }
  return mem;
}

/** `count` random programs as execution cases (expected buffers from the reference). */
export function randomCases(count: number, length: number, seed: number): ExecCase[] {
  const rng = new Random(seed);
  const cases: ExecCase[] = [];
  for (let n = 0; n < count; n++) {
    const ir = randomProgram(rng, length);
    const mem = new Uint8Array(BUFFER_SIZE);
    for (let k = 0; k < DATA_SIZE; k++) mem[k] = rng.int(256);
    cases.push({ name: `random program ${n} (seed ${seed})`, program: () => ir, args: [], mem, expect: 0n, expectMem: referenceRun(ir, mem) });
  }
  return cases;
}
