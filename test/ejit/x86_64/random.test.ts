/**
 * Random programs, run natively on x86-64 and by a BigInt reference
 * interpreter of the IR (written from the semantics block of ejit/ir.ts).
 * Operands are drawn from every usable register, so rcx (shift count),
 * rax/rdx (division) and the callee-saved registers meet every op in random
 * aliasings; forward branches after cmp/cmpi (with movi in between) skip a
 * few operations. The buffer after the run (data region plus a dump of every
 * register) must match the reference byte for byte. Failing programs print
 * their seed and IR.
 */
import koffi from "koffi";
import { afterAll, describe, expect, test } from "vitest";
import { CodeArena } from "../../../ejit/arena.js";
import { Executable } from "../../../ejit/executable.js";
import { formatProgram } from "../../../ejit/format.js";
import { Cond, Ins, R, Type, typeSize, type BinImmOp, type BinOp } from "../../../ejit/ir.js";
import { x86_64Regs } from "../../../ejit/regs.js";
import { binModel, condModel, EDGE, u64 } from "../cases.js";

const BASE = R(13); // rbp holds the buffer; every other register R0..R12 is an operand
const OPERANDS = Array.from({ length: 13 }, (_, k) => R(k));
const SAVED = [R(8), R(9), R(10), R(11), R(12), R(13)];
const BUFFER = 1024, DATA = 512, DUMP = 512;
const BIN: readonly BinOp[] = ["add", "sub", "and", "or", "xor", "shl", "shr", "sar", "mul", "udiv", "sdiv"];
const BIN_IMM: readonly BinImmOp[] = ["addi", "subi", "andi", "ori", "xori", "shli", "shri", "sari", "muli"];
const IMM_BASE: Readonly<Record<BinImmOp, BinOp>> = {
  addi: "add", subi: "sub", andi: "and", ori: "or", xori: "xor", shli: "shl", shri: "shr", sari: "sar", muli: "mul",
};
const IMMS = [0, 1, -1, 5, 63, 127, 128, -128, -129, 4096, 0x7fffffff, -0x80000000];

/** xorshift32: deterministic, seedable. */
function rng(seed: number): (n: number) => number {
  let x = seed | 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

function randomProgram(seed: number, length: number): Ins[] {
  const pick = rng(seed);
  const reg = (): R => OPERANDS[pick(OPERANDS.length)]!;
  const out: Ins[] = [Ins.enter(16, SAVED), Ins.mov(BASE, R(0))];
  for (let k = 0; k < OPERANDS.length; k++) out.push(Ins.ld(Type.U64, OPERANDS[k]!, BASE, 8 * k));
  let label = 0;
  const pending: number[] = []; // labels to place: [label, placeAt]
  for (let n = 0; n < length; n++) {
    for (let p = pending.length - 2; p >= 0; p -= 2) {
      if (pending[p + 1] === n) {
        out.push(Ins.label(pending[p]!));
        pending.splice(p, 2);
      }
    }
    const choice = pick(20);
    if (choice < 7) out.push(Ins[BIN[pick(BIN.length)]!](reg(), reg(), reg()));
    else if (choice < 10) {
      const op = BIN_IMM[pick(BIN_IMM.length)]!;
      const imm = op === "shli" || op === "shri" || op === "sari" ? pick(64) : IMMS[pick(IMMS.length)]!;
      out.push(Ins[op](reg(), reg(), imm));
    } else if (choice === 10) out.push(Ins[(["not", "neg", "mov"] as const)[pick(3)]!](reg(), reg()));
    else if (choice === 11) out.push(Ins.movi(reg(), EDGE[pick(EDGE.length)]!));
    else if (choice === 12) {
      const ty = pick(7) as Type;
      out.push(Ins.ld(ty, reg(), BASE, DATA - 256 + pick(256)));
    } else if (choice === 13) {
      const ty = pick(7) as Type;
      out.push(Ins.st(ty, reg(), BASE, DATA - 256 + pick(256)));
    } else if (choice === 14) {
      const index = reg(), shift = pick(4);
      out.push(Ins.movi(index, pick(16)), Ins.ldx(pick(7) as Type, reg(), BASE, index, shift, 256));
    } else if (choice === 15) {
      const index = reg(), shift = pick(4);
      out.push(Ins.movi(index, pick(16)), Ins.stx(pick(7) as Type, reg(), BASE, index, shift, 384));
    } else if (choice < 18) {
      out.push(pick(2) === 0 ? Ins.cmp(reg(), reg()) : Ins.cmpi(reg(), IMMS[pick(IMMS.length)]!));
      if (pick(2) === 0) out.push(Ins.movi(reg(), EDGE[pick(EDGE.length)]!)); // movi keeps the flags
      if (choice === 16) out.push(Ins.select(pick(10) as Cond, reg(), reg(), reg()));
      else {
        out.push(Ins.b(pick(10) as Cond, label));
        pending.push(label++, n + 1 + pick(4));
      }
    } else {
      out.push(Ins.jmp(label));
      pending.push(label++, n + 1 + pick(3));
    }
  }
  for (let p = 0; p < pending.length; p += 2) out.push(Ins.label(pending[p]!));
  for (let k = 0; k < OPERANDS.length; k++) out.push(Ins.st(Type.U64, OPERANDS[k]!, BASE, DUMP + 8 * k));
  out.push(Ins.leave(16, SAVED), Ins.movi(R(6), 1), Ins.ret());
  return out;
}

/** The reference: runs the IR on BigInt registers over a copy of the buffer. */
function reference(program: readonly Ins[], initial: Uint8Array): Uint8Array {
  const mem = initial.slice();
  const reg: bigint[] = new Array(16).fill(0n);
  let flagA = 0n, flagB = 0n;
  const labels = new Map<number, number>();
  program.forEach((ins, k) => ins.op === "label" && labels.set(ins.label, k));
  const address = (base: number, index: number, shift: number, imm: number): number =>
    Number(u64(reg[base]! + (index < 0 ? 0n : reg[index]! << BigInt(shift)) + BigInt(imm)));
  const load = (at: number, ty: Type): bigint => {
    let v = 0n;
    for (let k = typeSize[ty]! - 1; k >= 0; k--) v = (v << 8n) | BigInt(mem[at + k]!);
    return ty === Type.S8 || ty === Type.S16 || ty === Type.S32 ? u64(BigInt.asIntN(typeSize[ty]! * 8, v)) : v;
  };
  const origin = BigInt(0x10000); // the buffer's address as the program sees it
  reg[0] = origin;
  for (let pc = 0; pc < program.length; pc++) {
    const ins = program[pc]!;
    switch (ins.op) {
      case "enter": case "leave": case "label": break;
      case "ret": return mem;
      case "mov": reg[ins.d] = reg[ins.a]!; break;
      case "not": reg[ins.d] = u64(~reg[ins.a]!); break;
      case "neg": reg[ins.d] = u64(-reg[ins.a]!); break;
      case "movi": reg[ins.d] = u64(BigInt(ins.imm)); break;
      case "cmp": [flagA, flagB] = [reg[ins.a]!, reg[ins.b]!]; break;
      case "cmpi": [flagA, flagB] = [reg[ins.a]!, u64(BigInt(ins.imm))]; break;
      case "select": reg[ins.d] = condModel(ins.cond, flagA, flagB) ? reg[ins.a]! : reg[ins.b]!; break;
      case "b": if (condModel(ins.cond, flagA, flagB)) pc = labels.get(ins.label)!; break;
      case "jmp": pc = labels.get(ins.label)!; break;
      case "ld": reg[ins.d] = load(address(ins.base, ins.index, ins.shift, ins.imm) - Number(origin), ins.ty); break;
      case "st": {
        const at = address(ins.base, ins.index, ins.shift, ins.imm) - Number(origin);
        for (let k = 0; k < typeSize[ins.ty]!; k++) mem[at + k] = Number((reg[ins.s]! >> BigInt(8 * k)) & 0xffn);
        break;
      }
      case "addi": case "subi": case "andi": case "ori": case "xori": case "shli": case "shri": case "sari": case "muli":
        reg[ins.d] = binModel(IMM_BASE[ins.op], reg[ins.a]!, u64(BigInt(ins.imm)));
        break;
      case "add": case "sub": case "and": case "or": case "xor": case "shl": case "shr": case "sar": case "mul":
      case "udiv": case "sdiv":
        reg[ins.d] = binModel(ins.op, reg[ins.a]!, reg[ins.b]!);
        break;
      default:
        throw new Error(`reference: no ${ins.op}`);
    }
  }
  throw new Error("reference: ran off the end");
}

function initialBuffer(seed: number): Uint8Array {
  const words = Array.from({ length: BUFFER / 8 }, (_, k) => EDGE[(k * 7 + seed) % EDGE.length]! ^ BigInt(k * 0x1111));
  const bytes = new Uint8Array(BUFFER);
  const view = new DataView(bytes.buffer);
  words.forEach((w, k) => view.setBigUint64(8 * k, u64(w), true));
  return bytes;
}

const arena = new CodeArena({ size: 4 << 20 });
afterAll(() => arena.dispose());

describe("x86-64 random programs against a BigInt reference", () => {
  test("300 programs of 80 operations over every register", () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 300 && failures.length === 0; seed++) {
      const program = randomProgram(seed * 7919, 80);
      const initial = initialBuffer(seed);
      const want = reference(program, initial);
      const exe = Executable.fromIr(program, { arena });
      const mem = Buffer.from(initial);
      // The reference addresses the buffer at 0x10000; the register dump holds real addresses only in BASE, never dumped.
      exe.call(0, [koffi.address(mem) as bigint]);
      exe.free();
      const got = new Uint8Array(mem);
      const diff = got.findIndex((b, k) => b !== want[k]);
      if (diff >= 0) {
        failures.push(`seed ${seed * 7919}: first difference at byte ${diff} (got ${got[diff]}, want ${want[diff]})\n${formatProgram(program, x86_64Regs)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test("the reference itself: a known program gives the model's values", () => {
    const program = [
      Ins.enter(16, SAVED), Ins.mov(BASE, R(0)), Ins.movi(R(3), 70), Ins.movi(R(6), -1), Ins.shl(R(2), R(6), R(3)),
      Ins.st(Type.U64, R(2), BASE, DUMP), Ins.leave(16, SAVED), Ins.ret(),
    ];
    const want = reference(program, new Uint8Array(BUFFER));
    expect(new DataView(want.buffer).getBigUint64(DUMP, true)).toBe(u64(-1n << 6n));
  });
});
