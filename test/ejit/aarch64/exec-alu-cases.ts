/**
 * Extra execution cases for the AArch64 backend (beyond the shared table in
 * ../cases.ts): integer ALU semantics over edge values, checked against
 * BigInt references. Each case runs many operations in one program and
 * stores every result to the buffer (x0), so one qemu record checks hundreds
 * of encodings. The models (binModel, condModel) are the shared ones of
 * ../cases.ts.
 */
import { Cond, Ins, R, Type, type BinImmOp, type BinOp } from "../../../ejit/ir.js";
import type { HostRegs } from "../../../ejit/regs.js";
import { binModel, condModel, le64, type ExecCase } from "../cases.js";

const MASK = (1n << 64n) - 1n;
const u = (v: bigint): bigint => v & MASK;
const MIN = 1n << 63n;

/** Deterministic 64-bit values: xorshift64 from a fixed seed. */
export function randomU64(count: number, seed = 0x9e3779b97f4a7c15n): bigint[] {
  const out: bigint[] = [];
  let x = seed;
  for (let k = 0; k < count; k++) {
    x ^= u(x << 13n);
    x ^= x >> 7n;
    x ^= u(x << 17n);
    out.push(x);
  }
  return out;
}

export const EDGE_VALUES: readonly bigint[] = [
  0n, 1n, 2n, 3n, 63n, 64n, 0xffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  MIN, MIN - 1n, MASK, MASK - 1n, u(-7n), 0x123456789abcdef0n, 0xfedcba9876543210n,
];

const IMM_OF: Readonly<Record<BinImmOp, BinOp>> = {
  addi: "add", subi: "sub", andi: "and", ori: "or", xori: "xor", shli: "shl", shri: "shr", sari: "sar", muli: "mul",
};

/**
 * A case whose inputs are 64-bit words at the start of the buffer and whose
 * outputs follow them; `emit` appends IR computing output k into slot k.
 */
function wordCase(
  name: string,
  inputs: readonly bigint[],
  outputs: readonly bigint[],
  emit: (r: HostRegs, out: (k: number) => number) => Ins[],
): ExecCase {
  const base = inputs.length * 8;
  return {
    name,
    program: (r) => [...emit(r, (k) => base + 8 * k), Ins.movi(r.RES[0]!, outputs.length), Ins.ret()],
    args: [],
    mem: le64([...inputs, ...outputs.map(() => 0n)]),
    expect: BigInt(outputs.length),
    expectMem: le64([...inputs, ...outputs]),
  };
}

const BIN_OPS: readonly BinOp[] = ["add", "sub", "and", "or", "xor", "shl", "shr", "sar", "mul", "udiv", "sdiv"];

function binOpCase(): ExecCase {
  const values = [...EDGE_VALUES, ...randomU64(6)];
  const pairs: [number, number][] = [];
  for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j += 3) pairs.push([i, (i + j) % values.length]);
  const outputs: bigint[] = [];
  for (const [i, j] of pairs) for (const op of BIN_OPS) outputs.push(binModel(op, values[i]!, values[j]!));
  return wordCase("alu: register ops over edge values", values, outputs, (r, out) => {
    const [buf, a, b, d] = [r.ARGS[0]!, R(1), R(2), R(3)];
    const ir: Ins[] = [];
    let k = 0;
    for (const [i, j] of pairs) {
      ir.push(Ins.ld(Type.U64, a, buf, 8 * i), Ins.ld(Type.U64, b, buf, 8 * j));
      for (const op of BIN_OPS) ir.push(Ins[op](d, a, b), Ins.st(Type.U64, d, buf, out(k++)));
    }
    return ir;
  });
}

const ALU_IMMS = [0, 1, -1, 7, 0xff, 0xfff, 0x1000, -0x1000, 0xfff000, 0x123456, -0x123456, 0x55555555, 0x7fffffff,
  -0x80000000, -256, 0x3c, 0x0f0f0f0f, 10, -3, 8, 0x40000000];
const SHIFT_IMMS = [0, 1, 31, 32, 63];

function binImmCase(): ExecCase {
  const values = [0n, 1n, MASK, MIN, 0x123456789abcdef0n, ...randomU64(3, 77n)];
  const plan: [number, BinImmOp, number][] = [];
  for (let i = 0; i < values.length; i++) {
    for (const op of Object.keys(IMM_OF) as BinImmOp[]) {
      const imms = op === "shli" || op === "shri" || op === "sari" ? SHIFT_IMMS : ALU_IMMS;
      for (const imm of imms) plan.push([i, op, imm]);
    }
  }
  const outputs = plan.map(([i, op, imm]) => binModel(IMM_OF[op], values[i]!, u(BigInt(imm))));
  return wordCase("alu: immediate ops over edge immediates", values, outputs, (r, out) => {
    const [buf, a, d] = [r.ARGS[0]!, R(1), R(3)];
    return plan.flatMap(([i, op, imm], k) => [Ins.ld(Type.U64, a, buf, 8 * i), Ins[op](d, a, imm), Ins.st(Type.U64, d, buf, out(k))]);
  });
}

function unaryAndMoviCase(): ExecCase {
  const values = [...EDGE_VALUES, ...randomU64(40, 5n), 0xffff0000ffffn, 0xaaaaaaaaaaaaaaaan, 0xffff1234ffff5678n, 0xff00ff00n, 0x33333333n, 0x5555n << 32n];
  const outputs = values.flatMap((v) => [v, u(~v), u(-v), v]);
  return wordCase("alu: movi, not, neg, mov", [], outputs, (r, out) => {
    const [buf, a, d] = [r.ARGS[0]!, R(5), R(6)];
    return values.flatMap((v, k) => [
      Ins.movi(a, v),
      Ins.st(Type.U64, a, buf, out(4 * k)),
      Ins.not(d, a),
      Ins.st(Type.U64, d, buf, out(4 * k + 1)),
      Ins.neg(d, a),
      Ins.st(Type.U64, d, buf, out(4 * k + 2)),
      Ins.mov(R(28), a),
      Ins.st(Type.U64, R(28), buf, out(4 * k + 3)),
    ]);
  });
}

const CONDS = [Cond.Eq, Cond.Ne, Cond.Slt, Cond.Sle, Cond.Sgt, Cond.Sge, Cond.Ult, Cond.Ule, Cond.Ugt, Cond.Uge];

/** cmpi against edge immediates, then select and b with a multi-word movi in between (flags must survive it). */
function compareCase(): ExecCase {
  const values = [0n, 1n, MASK, MIN, 0x7fffffffn, 0x80000000n, u(-0x80000000n), 0x123456n, 4096n];
  const imms = [0, 1, -1, 4095, 4096, -4096, 0x123456, 0x7fffffff, -0x80000000];
  const plan: [number, number][] = [];
  for (let i = 0; i < values.length; i++) for (const imm of imms) plan.push([i, imm]);
  const outputs = plan.flatMap(([i, imm]) => CONDS.map((c) => (condModel(c, values[i]!, u(BigInt(imm))) ? 0x1234567890n : 7n)));
  return wordCase("alu: cmpi + select and b.cond", values, outputs, (r, out) => {
    const [buf, a, yes, no, d] = [r.ARGS[0]!, R(1), R(2), R(3), R(4)];
    const ir: Ins[] = [Ins.movi(no, 7)];
    let k = 0;
    let label = 0;
    for (const [i, imm] of plan) {
      ir.push(Ins.ld(Type.U64, a, buf, 8 * i));
      for (const c of CONDS) {
        const slot = out(k++);
        ir.push(Ins.cmpi(a, imm), Ins.movi(yes, 0x1234567890n));
        // Half the conditions through select, half through a branch.
        if (k % 2 === 0) {
          ir.push(Ins.select(c, d, yes, no), Ins.st(Type.U64, d, buf, slot));
        } else {
          const taken = label++;
          const done = label++;
          ir.push(Ins.b(c, taken), Ins.st(Type.U64, no, buf, slot), Ins.jmp(done));
          ir.push(Ins.label(taken), Ins.st(Type.U64, yes, buf, slot), Ins.label(done));
        }
      }
    }
    return ir;
  });
}

export const aluExecCases: readonly ExecCase[] = [binOpCase(), binImmCase(), unaryAndMoviCase(), compareCase()];
