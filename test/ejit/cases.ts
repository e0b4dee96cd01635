/**
 * Execution cases shared by every backend: each host (x86-64 natively,
 * AArch64 under qemu-user) runs the same programs and must give the same
 * results, so this table is the executable definition of the IR semantics.
 *
 * Calling convention of a case: if `mem` is given, a buffer of that many
 * bytes (initialised from `mem` when it is a Uint8Array) is allocated and its
 * address is passed in ARGS[0], and `args` fill ARGS[1..]; otherwise `args`
 * fill ARGS[0..]. The program's RES[0] must equal `expect` (as a 64-bit
 * unsigned value), and the buffer must equal `expectMem` when given.
 * Registers are picked through the HostRegs of the host under test, never
 * by x86-64 names.
 */
import { Cond, Ins, Lane, R, Type, V, typeSize, type BinImmOp, type BinOp, type UnOp, type VecArithOp, type VecShiftOp } from "../../ejit/ir.js";
import type { HostRegs } from "../../ejit/regs.js";

export interface ExecCase {
  readonly name: string;
  readonly program: (r: HostRegs) => Ins[];
  readonly args: readonly bigint[];
  readonly mem?: Uint8Array | number;
  readonly expect: bigint;
  readonly expectMem?: Uint8Array;
}

export const MASK64 = (1n << 64n) - 1n;
export const u64 = (x: bigint): bigint => x & MASK64;

/** The upstream crate's README loop: sum of 1..10000. */
export const readmeLoop: ExecCase = {
  name: "readme loop",
  program: (r) => {
    const COUNT = r.ARGS[0]!, TOT = r.ARGS[1]!, INC = r.ARGS[2]!;
    const LOOP = 0;
    return [
      Ins.movi(COUNT, 10000),
      Ins.movi(TOT, 0),
      Ins.movi(INC, 1),
      Ins.label(LOOP),
      Ins.add(TOT, TOT, COUNT),
      Ins.sub(COUNT, COUNT, INC),
      Ins.cmpi(COUNT, 0),
      Ins.b(Cond.Ne, LOOP),
      Ins.mov(r.RES[0]!, TOT),
      Ins.ret(),
    ];
  },
  args: [],
  expect: 50005000n,
};

/** The upstream crate's five argument pairs for the branch conditions. */
export const branchPairs: readonly (readonly [bigint, bigint])[] = [
  [1n, 1n],
  [1n, 2n],
  [2n, 1n],
  [1n, MASK64],
  [MASK64, 1n],
];

/** Expected outcome of each condition on `branchPairs`. */
export const branchExpect: Readonly<Record<keyof typeof Cond, readonly boolean[]>> = {
  Eq: [true, false, false, false, false],
  Ne: [false, true, true, true, true],
  Sgt: [false, false, true, true, false],
  Sge: [true, false, true, true, false],
  Slt: [false, true, false, false, true],
  Sle: [true, true, false, false, true],
  Ugt: [false, false, true, false, true],
  Uge: [true, false, true, false, true],
  Ult: [false, true, false, true, false],
  Ule: [true, true, false, true, false],
};

function branchCases(): ExecCase[] {
  const out: ExecCase[] = [];
  for (const [name, cond] of Object.entries(Cond) as [keyof typeof Cond, Cond][]) {
    branchPairs.forEach(([a, b], i) => {
      out.push({
        name: `b.${name.toLowerCase()} ${a} ${b}`,
        program: (r) => {
          const IS_TRUE = 1;
          return [
            Ins.cmp(r.ARGS[0]!, r.ARGS[1]!),
            Ins.b(cond, IS_TRUE),
            Ins.movi(r.RES[0]!, 0),
            Ins.ret(),
            Ins.label(IS_TRUE),
            Ins.movi(r.RES[0]!, 1),
            Ins.ret(),
          ];
        },
        args: [a, b],
        expect: branchExpect[name][i] ? 1n : 0n,
      });
    });
  }
  return out;
}


// ---------------------------------------------------------------------------
// Reference model (BigInt) and helpers. Expected values below are computed by
// this code from the inputs, never typed in.

const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const MIN64 = 1n << 63n;

/** Edge values every integer op is run on. */
export const EDGE: readonly bigint[] = [
  0n, 1n, 2n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  MIN64 - 1n, MIN64, MASK64 - 1n, MASK64, 0x123456789abcdef0n,
];

export function binModel(op: BinOp, a: bigint, b: bigint): bigint {
  switch (op) {
    case "add": return u64(a + b);
    case "sub": return u64(a - b);
    case "and": return a & b;
    case "or": return a | b;
    case "xor": return a ^ b;
    case "shl": return u64(a << (b & 63n));
    case "shr": return a >> (b & 63n);
    case "sar": return u64(s64(a) >> (b & 63n));
    case "mul": return u64(a * b);
    case "udiv": return b === 0n ? 0n : a / b;
    case "sdiv": return b === 0n ? 0n : u64(s64(a) / s64(b)); // MIN / -1 wraps to MIN
  }
}

const IMM_BASE: Record<BinImmOp, BinOp> = {
  addi: "add", subi: "sub", andi: "and", ori: "or", xori: "xor", shli: "shl", shri: "shr", sari: "sar", muli: "mul",
};

export function unModel(op: UnOp, a: bigint): bigint {
  return op === "not" ? u64(~a) : op === "neg" ? u64(-a) : a;
}

/** Whether `cond` holds after `cmp a, b`. */
export function condModel(cond: Cond, a: bigint, b: bigint): boolean {
  const sa = s64(a), sb = s64(b);
  return [a === b, a !== b, sa < sb, sa <= sb, sa > sb, sa >= sb, a < b, a <= b, a > b, a >= b][cond]!;
}

/** Little-endian bytes of 64-bit words. */
export function le64(words: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(words.length * 8);
  const view = new DataView(out.buffer);
  words.forEach((w, k) => view.setBigUint64(8 * k, u64(w), true));
  return out;
}

/**
 * A case whose program stores one 64-bit result per slot into the buffer
 * (ARGS[0]) and returns the slot count; `expected` is the model's words.
 */
function wordsCase(
  name: string,
  expected: readonly bigint[],
  body: (r: HostRegs, slot: (k: number) => number) => Ins[],
  tail: (r: HostRegs) => Ins[] = () => [],
): ExecCase {
  return {
    name,
    program: (r) => [...body(r, (k) => 8 * k), Ins.movi(r.RES[0]!, expected.length), Ins.ret(), ...tail(r)],
    args: [],
    mem: expected.length * 8,
    expect: BigInt(expected.length),
    expectMem: le64(expected),
  };
}

const BIN_OPS: readonly BinOp[] = ["add", "sub", "and", "or", "xor", "shl", "shr", "sar", "mul", "udiv", "sdiv"];
const IMM_EDGE = [0, 1, -1, 127, 128, -128, -129, 4095, 4096, 0x7fffffff, -0x80000000];
const SHIFT_IMM = [0, 1, 31, 32, 63];

// ---------------------------------------------------------------------------
// Integer ALU: every op on every pair of edge values, in three register
// shapes (d distinct, d == a, d == b); immediates at their edges.

function binaryEdgeCase(op: BinOp): ExecCase {
  const expected: bigint[] = [];
  for (const a of EDGE) for (const b of EDGE) expected.push(binModel(op, a, b), binModel(op, a, b), binModel(op, a, b));
  return wordsCase(`${op} on edge values`, expected, (r, slot) => {
    const [M, X, Y, Z] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!, r.ARGS[3]!];
    const out: Ins[] = [];
    let k = 0;
    for (const a of EDGE) {
      for (const b of EDGE) {
        out.push(Ins.movi(X, a), Ins.movi(Y, b), Ins[op](Z, X, Y), Ins.st(Type.U64, Z, M, slot(k++)));
        out.push(Ins[op](X, X, Y), Ins.st(Type.U64, X, M, slot(k++)));
        out.push(Ins.movi(X, a), Ins[op](Y, X, Y), Ins.st(Type.U64, Y, M, slot(k++)));
      }
    }
    return out;
  });
}

function immediateCase(op: BinImmOp): ExecCase {
  const imms = op === "shli" || op === "shri" || op === "sari" ? SHIFT_IMM : IMM_EDGE;
  const expected: bigint[] = [];
  for (const a of EDGE) for (const imm of imms) expected.push(...Array(2).fill(binModel(IMM_BASE[op], a, u64(BigInt(imm)))));
  return wordsCase(`${op} on edge values and immediates`, expected, (r, slot) => {
    const [M, X, Z] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!];
    const out: Ins[] = [];
    let k = 0;
    for (const a of EDGE) {
      for (const imm of imms) {
        out.push(Ins.movi(X, a), Ins[op](Z, X, imm), Ins.st(Type.U64, Z, M, slot(k++)));
        out.push(Ins[op](X, X, imm), Ins.st(Type.U64, X, M, slot(k++)));
      }
    }
    return out;
  });
}

/** Values for movi: numbers and bigints, every encoding size, negative numbers as two's complement. */
const MOVI_VALUES: readonly (number | bigint)[] = [
  0, 1, 127, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 32, 2 ** 53, -1, -0x80000000, -0x80000001, -(2 ** 53),
  MIN64, MASK64, -MIN64, 0x123456789abcdef0n, 0xffffffff00000000n, 0x00000000ffffffffn, -2n,
];

function unaryAndMoviCase(): ExecCase {
  const expected: bigint[] = [];
  for (const v of MOVI_VALUES) expected.push(u64(BigInt(v)));
  for (const op of ["not", "neg", "mov"] as const) for (const a of EDGE) expected.push(unModel(op, a), unModel(op, a));
  return wordsCase("movi, not, neg, mov", expected, (r, slot) => {
    const [M, X, Z] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!];
    const out: Ins[] = [];
    let k = 0;
    for (const v of MOVI_VALUES) out.push(Ins.movi(X, v), Ins.st(Type.U64, X, M, slot(k++)));
    for (const op of ["not", "neg", "mov"] as const) {
      for (const a of EDGE) {
        out.push(Ins.movi(X, a), Ins[op](Z, X), Ins.st(Type.U64, Z, M, slot(k++)));
        out.push(Ins[op](X, X), Ins.st(Type.U64, X, M, slot(k++)));
      }
    }
    return out;
  });
}

const P = 0x1111n, Q = 0x2222n;

/** select on one condition over the branch pairs and edge pairs, with cmp and cmpi, in three register shapes. */
function selectCase(name: keyof typeof Cond): ExecCase {
  const cond = Cond[name];
  const pairs = [...branchPairs, ...EDGE.slice(0, 8).flatMap((a) => EDGE.slice(5).map((b) => [a, b] as const))];
  const immPairs = pairs.filter(([, b]) => s64(b) >= -0x80000000n && s64(b) <= 0x7fffffffn);
  const expected: bigint[] = [];
  for (const [a, b] of pairs) expected.push(...Array(3).fill(condModel(cond, a, b) ? P : Q));
  for (const [a, b] of immPairs) expected.push(condModel(cond, a, u64(s64(b))) ? P : Q);
  return wordsCase(`select.${name.toLowerCase()}`, expected, (r, slot) => {
    const [M, X, Y, A, B, D] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!, r.ARGS[3]!, r.ARGS[4]!, r.ARGS[5]!];
    const out: Ins[] = [];
    let k = 0;
    for (const [a, b] of pairs) {
      out.push(Ins.movi(X, a), Ins.movi(Y, b), Ins.movi(A, P), Ins.movi(B, Q), Ins.cmp(X, Y));
      out.push(Ins.select(cond, D, A, B), Ins.st(Type.U64, D, M, slot(k++)));
      out.push(Ins.select(cond, A, A, B), Ins.st(Type.U64, A, M, slot(k++)), Ins.movi(A, P));
      out.push(Ins.select(cond, B, A, B), Ins.st(Type.U64, B, M, slot(k++)));
    }
    for (const [a, b] of immPairs) {
      out.push(Ins.movi(X, a), Ins.movi(A, P), Ins.movi(B, Q), Ins.cmpi(X, Number(s64(b))));
      out.push(Ins.select(cond, D, A, B), Ins.st(Type.U64, D, M, slot(k++)));
    }
    return out;
  });
}

/** Distinct filler values for the register harness. */
const fill = (k: number): bigint => u64(0x9e3779b97f4a7c15n * BigInt(k + 1));

/**
 * Register harness: sets the first 8 caller-saved registers to `init`, runs
 * `body` on them, stores all 8 to the buffer (through a callee-saved base),
 * so a clobbered bystander register shows up as a wrong word.
 */
function registerCase(name: string, init: readonly bigint[], after: readonly bigint[], body: (regs: readonly R[]) => Ins[]): ExecCase {
  return {
    name,
    program: (r) => {
      const regs = r.CALLER_SAVED.slice(0, 8);
      const base = r.CALLEE_SAVED[0]!;
      return [
        Ins.enter(16, [base]),
        Ins.mov(base, r.ARGS[0]!),
        ...regs.map((x, k) => Ins.movi(x, init[k]!)),
        ...body(regs),
        ...regs.map((x, k) => Ins.st(Type.U64, x, base, 8 * k)),
        Ins.movi(r.RES[0]!, 7),
        Ins.leave(16, [base]),
        Ins.ret(),
      ];
    },
    args: [],
    mem: 64,
    expect: 7n,
    expectMem: le64(after),
  };
}

/** d = a OP b on registers d, a, b (indices into the harness registers) with a = va, b = vb. */
function registerOpCase(op: BinOp, d: number, a: number, b: number, va: bigint, vb: bigint): ExecCase {
  const init = Array.from({ length: 8 }, (_, k) => fill(k));
  init[a] = va;
  init[b] = vb;
  const after = init.slice();
  after[d] = binModel(op, init[a]!, init[b]!);
  return registerCase(`${op} r${d}, r${a}, r${b} (caller-saved indices)`, init, after, (regs) => [Ins[op](regs[d]!, regs[a]!, regs[b]!)]);
}

/**
 * Shifts by register with every register triple among the first 8
 * caller-saved registers that involves index 3 (rcx on x86-64, the shift
 * count register); division with every triple among indices 0, 2, 6, 7
 * (rdi, rdx, rax, r10 on x86-64), by a normal divisor, by zero and MIN / -1.
 */
function registerShapeCases(): ExecCase[] {
  const out: ExecCase[] = [];
  const ops = ["shl", "shr", "sar"] as const;
  let n = 0;
  for (let d = 0; d < 8; d++)
    for (let a = 0; a < 8; a++)
      for (let b = 0; b < 8; b++) {
        if (d !== 3 && a !== 3 && b !== 3) continue;
        out.push(registerOpCase(ops[n++ % 3]!, d, a, b, 0x8123456789abcdefn, BigInt(5 + 64 * (n % 3))));
      }
  const idx = [0, 2, 6, 7];
  const divs: readonly (readonly [bigint, bigint])[] = [[u64(-100n), 7n], [MIN64, MASK64], [12345n, 0n], [MASK64, 10n]];
  for (const d of idx)
    for (const a of idx)
      for (const b of idx) {
        for (const op of ["udiv", "sdiv"] as const) {
          const [va, vb] = divs[n++ % divs.length]!;
          out.push(registerOpCase(op, d, a, b, va, vb));
        }
      }
  return out;
}

export function aluCases(): ExecCase[] {
  return [
    ...BIN_OPS.map(binaryEdgeCase),
    ...(Object.keys(IMM_BASE) as BinImmOp[]).map(immediateCase),
    unaryAndMoviCase(),
    ...(Object.keys(Cond) as (keyof typeof Cond)[]).map(selectCase),
    ...registerShapeCases(),
  ];
}

// ---------------------------------------------------------------------------
// Memory: loads of every type and sign, stores of every width, indexed and
// negative displacements, the stack pointer as a base.

/** Deterministic bytes with both halves of the byte range (sign extension shows). */
export function patternBytes(n: number, seed = 0x81): Uint8Array {
  return Uint8Array.from({ length: n }, (_, k) => (k * 0x3b + seed + (k >> 3) * 0x11) & 0xff);
}

/** What `ld ty` reads from `bytes` at `at`, as a 64-bit unsigned value. */
export function loadModel(bytes: Uint8Array, at: number, ty: Type): bigint {
  const size = typeSize[ty]!;
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + k]!);
  const signed = ty === Type.S8 || ty === Type.S16 || ty === Type.S32;
  return signed ? u64(BigInt.asIntN(size * 8, v)) : v;
}

function storeModel(bytes: Uint8Array, at: number, ty: Type, value: bigint): void {
  for (let k = 0; k < typeSize[ty]!; k++) bytes[at + k] = Number((value >> BigInt(8 * k)) & 0xffn);
}

const TYPES: readonly Type[] = [Type.U8, Type.S8, Type.U16, Type.S16, Type.U32, Type.S32, Type.U64];
const PATTERN = patternBytes(64);

function loadCase(): ExecCase {
  // [base + imm], [base + (index << shift) + imm] with index 3, and [base+32 - 7]
  const plan: { ty: Type; at: number; shift: number; imm: number; kind: "plain" | "indexed" | "negative" }[] = [];
  for (const ty of TYPES) {
    for (const imm of [0, 1, 5, 8, 13, 31]) plan.push({ ty, at: imm, shift: 0, imm, kind: "plain" });
    for (let shift = 0; shift < 4; shift++) for (const imm of [0, 5]) plan.push({ ty, at: (3 << shift) + imm, shift, imm, kind: "indexed" });
    plan.push({ ty, at: 32 - 7, shift: 0, imm: -7, kind: "negative" });
  }
  const init = new Uint8Array(64 + plan.length * 8);
  init.set(PATTERN);
  const want = init.slice();
  want.set(le64(plan.map((p) => loadModel(PATTERN, p.at, p.ty))), 64);
  return {
    name: "loads of every type: plain, indexed (every shift), negative displacement",
    program: (r) => {
      const [M, X, I, M2] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!, r.ARGS[3]!];
      const out: Ins[] = [Ins.movi(I, 3), Ins.addi(M2, M, 32)];
      plan.forEach((p, k) => {
        if (p.kind === "plain") out.push(Ins.ld(p.ty, X, M, p.imm));
        else if (p.kind === "indexed") out.push(Ins.ldx(p.ty, X, M, I, p.shift, p.imm));
        else out.push(Ins.ld(p.ty, X, M2, p.imm));
        out.push(Ins.st(Type.U64, X, M, 64 + 8 * k));
      });
      return [...out, Ins.movi(r.RES[0]!, plan.length), Ins.ret()];
    },
    args: [],
    mem: init,
    expect: BigInt(plan.length),
    expectMem: want,
  };
}

function storeCase(): ExecCase {
  const value = 0xf1e2d3c4b5a69788n;
  const init = patternBytes(768, 0x17);
  const want = init.slice();
  const plan: { ty: Type; shift: number; imm: number; at: number; kind: "plain" | "indexed" | "negative" }[] = [];
  let at = 0;
  for (const ty of TYPES) {
    for (let j = 0; j < 3; j++, at += 11) plan.push({ ty, shift: 0, imm: at, at, kind: "plain" });
    for (let shift = 0; shift < 4; shift++, at += 11) plan.push({ ty, shift, imm: at - (2 << shift), at, kind: "indexed" });
    plan.push({ ty, shift: 0, imm: at - 760, at, kind: "negative" });
    at += 11;
  }
  for (const p of plan) storeModel(want, p.at, p.ty, value);
  return {
    name: "stores of every width: plain, indexed (every shift), negative displacement",
    program: (r) => {
      const [M, S, I, END] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!, r.ARGS[3]!];
      const out: Ins[] = [Ins.movi(S, value), Ins.movi(I, 2), Ins.addi(END, M, 760)];
      for (const p of plan) {
        if (p.kind === "plain") out.push(Ins.st(p.ty, S, M, p.imm));
        else if (p.kind === "indexed") out.push(Ins.stx(p.ty, S, M, I, p.shift, p.imm));
        else out.push(Ins.st(p.ty, S, END, p.imm));
      }
      return [...out, Ins.movi(r.RES[0]!, plan.length), Ins.ret()];
    },
    args: [],
    mem: init,
    expect: BigInt(plan.length),
    expectMem: want,
  };
}

/** A stack slot addressed from SP: store words, read them back at every type. */
function stackSlotCase(): ExecCase {
  const words = [0x8899aabbccddeeffn, 0x0123456789abcdefn];
  const bytes = le64(words);
  const reads = TYPES.flatMap((ty) => [0, 3, 8].map((at) => ({ ty, at })));
  return wordsCase("stack slot: st/ld with SP as the base", reads.map(({ ty, at }) => loadModel(bytes, at, ty)), (r, slot) => {
    const [M, X] = [r.ARGS[0]!, r.ARGS[1]!];
    const out: Ins[] = [Ins.enter(32), Ins.movi(X, words[0]!), Ins.st(Type.U64, X, r.SP, 16), Ins.movi(X, words[1]!), Ins.st(Type.U64, X, r.SP, 24)];
    reads.forEach(({ ty, at }, k) => out.push(Ins.ld(ty, X, r.SP, 16 + at), Ins.st(Type.U64, X, M, slot(k))));
    return [...out, Ins.leave(32)];
  });
}

/** `data` after the code, read through `addr` + `ld` at every type. */
function dataCase(): ExecCase {
  const DATA = 9;
  const bytes = patternBytes(24, 0xc5);
  const reads = TYPES.flatMap((ty) => [0, 7, 16].map((at) => ({ ty, at })));
  return wordsCase(
    "data read through addr + ld",
    reads.map(({ ty, at }) => loadModel(bytes, at, ty)),
    (r, slot) => {
      const [M, X, Y] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!];
      const out: Ins[] = [Ins.addr(X, DATA)];
      reads.forEach(({ ty, at }, k) => out.push(Ins.ld(ty, Y, X, at), Ins.st(Type.U64, Y, M, slot(k))));
      return out;
    },
    () => [Ins.align(8), Ins.label(DATA), Ins.data(bytes)],
  );
}

export function memoryCases(): ExecCase[] {
  return [loadCase(), storeCase(), stackSlotCase(), dataCase()];
}

// ---------------------------------------------------------------------------
// Control flow: flags kept across movi, far branches both ways, calls through
// a register with frames and saved registers, jumps through a register.

/** For each pair: cmp (or cmpi), then movi (must keep the flags), then a branch over a far or near block. */
function conditionCase(name: keyof typeof Cond, far: boolean): ExecCase {
  const cond = Cond[name];
  const pairs = [...branchPairs, [MIN64, 0n] as const, [0n, MIN64] as const];
  const expected = pairs.flatMap(([a, b]) => [condModel(cond, a, b) ? 1n : 0n, condModel(cond, a, 1n) ? 1n : 0n]);
  return wordsCase(`b.${name.toLowerCase()} after movi, ${far ? "far" : "near"} targets`, expected, (r, slot) => {
    const [M, X, Y, W, Z] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!, r.ARGS[3]!, r.ARGS[4]!];
    const filler = far ? Array.from({ length: 20 }, (_, k) => Ins.movi(Z, 0x1234567890abcdefn + BigInt(k))) : [];
    const out: Ins[] = [];
    let k = 0;
    for (const [a, b] of pairs) {
      for (const useImm of [false, true]) {
        const taken = 100 + 2 * k, join = 101 + 2 * k;
        out.push(Ins.movi(X, a), Ins.movi(Y, b), useImm ? Ins.cmpi(X, 1) : Ins.cmp(X, Y));
        out.push(Ins.movi(W, 1), Ins.movi(Z, MASK64), Ins.b(cond, taken), ...filler, Ins.movi(W, 0), Ins.jmp(join));
        out.push(...filler, Ins.label(taken), Ins.label(join), Ins.st(Type.U64, W, M, slot(k++)));
      }
    }
    return out;
  });
}

/** A loop whose body is longer than a short branch reaches. */
function farLoopCase(): ExecCase {
  const steps = Array.from({ length: 48 }, (_, k) => k * 1000 + 3);
  const rounds = 7n;
  const perRound = steps.reduce((t, x) => t + BigInt(x), 0n);
  return {
    name: "loop with a far backward branch",
    program: (r) => {
      const [CNT, TOT] = [r.ARGS[0]!, r.ARGS[1]!];
      const LOOP = 4;
      return [
        Ins.movi(TOT, 0), Ins.label(LOOP), ...steps.map((x) => Ins.addi(TOT, TOT, x)),
        Ins.subi(CNT, CNT, 1), Ins.cmpi(CNT, 0), Ins.b(Cond.Ne, LOOP), Ins.mov(r.RES[0]!, TOT), Ins.ret(),
      ];
    },
    args: [rounds],
    expect: rounds * perRound,
  };
}

/**
 * Calls through a register into a second function placed after `ret`, both
 * with frames: the callee saves and clobbers callee-saved registers and uses
 * a stack slot; the caller checks its own registers and stack slot survived.
 */
function callCase(): ExecCase {
  const keep = [0x1111111111111111n, 0x2222222222222222n, 0x3333333333333333n];
  const slotValue = 0x5555aaaa5555aaaan;
  const x = 0x1234n, y = 0x10001n;
  const INNER = 1;
  const expected = [x * y + 3n, ...keep, slotValue, 77n];
  return wordsCase(
    "call through a register, enter/leave with saved registers and a stack slot",
    expected,
    (r, slot) => {
      const [C0, C1, C2, C3] = r.CALLEE_SAVED as [R, R, R, R];
      const [A0, A1, T] = [r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!];
      return [
        Ins.enter(16, [C0, C1, C2, C3]),
        Ins.mov(C3, A0),
        ...keep.map((v, k) => Ins.movi([C0, C1, C2][k]!, v)),
        Ins.movi(T, slotValue), Ins.st(Type.U64, T, r.SP, 8),
        Ins.addr(T, INNER), Ins.movi(A0, x), Ins.movi(A1, y), Ins.call(T),
        Ins.st(Type.U64, r.RES[0]!, C3, slot(0)),
        Ins.st(Type.U64, C0, C3, slot(1)), Ins.st(Type.U64, C1, C3, slot(2)), Ins.st(Type.U64, C2, C3, slot(3)),
        Ins.ld(Type.U64, T, r.SP, 8), Ins.st(Type.U64, T, C3, slot(4)),
        Ins.movi(T, 77), Ins.st(Type.U64, T, C3, slot(5)),
        Ins.leave(16, [C0, C1, C2, C3]),
      ];
    },
    (r) => {
      // inner(a, b) = a * b + 3, clobbering C0..C2 between its enter and leave
      const [C0, C1, C2] = r.CALLEE_SAVED as [R, R, R];
      const [A0, A1] = [r.ARGS[0]!, r.ARGS[1]!];
      return [
        Ins.label(INNER),
        Ins.enter(32, [C0, C1, C2]),
        Ins.st(Type.U64, A0, r.SP, 16), Ins.st(Type.U64, A1, r.SP, 24),
        Ins.movi(C2, -1), Ins.ld(Type.U64, C0, r.SP, 16), Ins.ld(Type.U64, C1, r.SP, 24),
        Ins.mul(C2, C0, C1), Ins.addi(r.RES[0]!, C2, 3),
        Ins.leave(32, [C0, C1, C2]),
        Ins.ret(),
      ];
    },
  );
}

function branchRegisterCase(): ExecCase {
  return {
    name: "br through a register to a label, and a far forward jmp",
    program: (r) => {
      const [T, Z] = [r.ARGS[0]!, r.ARGS[1]!];
      return [
        Ins.jmp(2), ...Array.from({ length: 30 }, () => Ins.movi(Z, 0x7777777777777777n)), Ins.label(2),
        Ins.addr(T, 3), Ins.br(T), Ins.movi(r.RES[0]!, 0), Ins.ret(),
        Ins.label(3), Ins.movi(r.RES[0]!, 42), Ins.ret(),
      ];
    },
    args: [],
    expect: 42n,
  };
}

/** `align` inside running code: the padding executes as no-ops (and after data, zeros are never run). */
function alignCase(): ExecCase {
  return {
    name: "align padding inside executed code",
    program: (r) => {
      const RES = r.RES[0]!;
      const out: Ins[] = [Ins.movi(RES, 0)];
      for (const n of [2, 4, 8, 16, 32, 64]) out.push(Ins.addi(RES, RES, n), Ins.align(n));
      return [...out, Ins.jmp(1), Ins.data([0xff, 0xff, 0xff]), Ins.align(8), Ins.label(1), Ins.addi(RES, RES, 1), Ins.ret()];
    },
    args: [],
    expect: 2n + 4n + 8n + 16n + 32n + 64n + 1n,
  };
}

export function controlCases(): ExecCase[] {
  const names = Object.keys(Cond) as (keyof typeof Cond)[];
  return [
    ...names.map((n) => conditionCase(n, false)),
    ...names.map((n) => conditionCase(n, true)),
    farLoopCase(),
    callCase(),
    branchRegisterCase(),
    alignCase(),
  ];
}

// ---------------------------------------------------------------------------
// Vectors: every op on every lane type it supports, through vld/vst on the
// buffer, in register shapes d distinct, d == a, d == b, all equal, and high
// registers.

const F32_A = [1.5, -2.25, 3.0e10, 1e-3], F32_B = [0.5, 4, -1e-5, 7.25];
const F64_A = [1.1, -3.3e100], F64_B = [2.5, 1e-50];
const LANE_BYTES = [1, 2, 4, 8, 4, 8];

/** The two 16-byte inputs of a lane type. */
function vectorInputs(lane: Lane): [Uint8Array, Uint8Array] {
  if (lane === Lane.F32) return [new Uint8Array(Float32Array.from(F32_A).buffer), new Uint8Array(Float32Array.from(F32_B).buffer)];
  if (lane === Lane.F64) return [new Uint8Array(Float64Array.from(F64_A).buffer), new Uint8Array(Float64Array.from(F64_B).buffer)];
  return [patternBytes(16, 0x93), patternBytes(16, 0x2d)];
}

function readLane(bytes: Uint8Array, lane: Lane, k: number): bigint {
  const w = LANE_BYTES[lane]!;
  let v = 0n;
  for (let j = w - 1; j >= 0; j--) v = (v << 8n) | BigInt(bytes[k * w + j]!);
  return v;
}

function writeLane(bytes: Uint8Array, lane: Lane, k: number, v: bigint): void {
  const w = LANE_BYTES[lane]!;
  for (let j = 0; j < w; j++) bytes[k * w + j] = Number((v >> BigInt(8 * j)) & 0xffn);
}

/** The model of a lane-wise arithmetic op on two 16-byte vectors. */
export function vectorArithModel(op: VecArithOp, lane: Lane, a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  if (lane === Lane.F32 || lane === Lane.F64) {
    const wide = lane === Lane.F64;
    const va = new DataView(a.buffer, a.byteOffset, 16), vb = new DataView(b.buffer, b.byteOffset, 16), vo = new DataView(out.buffer);
    for (let at = 0; at < 16; at += wide ? 8 : 4) {
      const x = wide ? va.getFloat64(at, true) : va.getFloat32(at, true);
      const y = wide ? vb.getFloat64(at, true) : vb.getFloat32(at, true);
      const r = op === "vadd" ? x + y : op === "vsub" ? x - y : op === "vmul" ? x * y : x / y;
      if (wide) vo.setFloat64(at, r, true);
      else vo.setFloat32(at, Math.fround(r), true);
    }
    return out;
  }
  const bits = BigInt(8 * LANE_BYTES[lane]!);
  for (let k = 0; k < 16 / LANE_BYTES[lane]!; k++) {
    const x = readLane(a, lane, k), y = readLane(b, lane, k);
    const r = op === "vadd" ? x + y : op === "vsub" ? x - y : x * y;
    writeLane(out, lane, k, BigInt.asUintN(Number(bits), r));
  }
  return out;
}

export function vectorShiftModel(op: VecShiftOp, lane: Lane, a: Uint8Array, imm: number): Uint8Array {
  const out = new Uint8Array(16);
  const bits = 8 * LANE_BYTES[lane]!;
  for (let k = 0; k < 16 / LANE_BYTES[lane]!; k++) {
    const x = readLane(a, lane, k), n = BigInt(imm);
    const r = op === "vshli" ? x << n : op === "vshri" ? x >> n : BigInt.asIntN(bits, x) >> n;
    writeLane(out, lane, k, BigInt.asUintN(bits, r));
  }
  return out;
}

/** (d, a, b) as indices into VREGS: distinct, d == a, d == b, all equal, and registers 8+. */
const VSHAPES: readonly (readonly [number, number, number])[] = [[2, 0, 1], [0, 0, 1], [1, 0, 1], [0, 0, 0], [11, 9, 10]];

/** Buffer: a (16) | b (16) | one 16-byte result per shape. */
function vectorCase(name: string, a: Uint8Array, b: Uint8Array, results: readonly Uint8Array[], op: (r: HostRegs, d: V, x: V, y: V, shape: number) => Ins[]): ExecCase {
  const init = new Uint8Array(32 + 16 * results.length);
  init.set(a, 0);
  init.set(b, 16);
  const want = init.slice();
  results.forEach((res, k) => want.set(res, 32 + 16 * k));
  return {
    name,
    program: (r) => {
      const M = r.ARGS[0]!;
      const out: Ins[] = [];
      results.forEach((_, k) => {
        const [d, x, y] = VSHAPES[k % VSHAPES.length]!;
        const [vd, vx, vy] = [r.VREGS[d]!, r.VREGS[x]!, r.VREGS[y]!];
        out.push(Ins.vld(vx, M, 0), ...(x === y ? [] : [Ins.vld(vy, M, 16)]), ...op(r, vd, vx, vy, k), Ins.vst(vd, M, 32 + 16 * k));
      });
      return [...out, Ins.movi(r.RES[0]!, results.length), Ins.ret()];
    },
    args: [],
    mem: init,
    expect: BigInt(results.length),
    expectMem: want,
  };
}

const ARITH_LANES: Readonly<Record<VecArithOp, readonly Lane[]>> = {
  vadd: [Lane.I8, Lane.I16, Lane.I32, Lane.I64, Lane.F32, Lane.F64],
  vsub: [Lane.I8, Lane.I16, Lane.I32, Lane.I64, Lane.F32, Lane.F64],
  vmul: [Lane.I16, Lane.I32, Lane.F32, Lane.F64],
  vdiv: [Lane.F32, Lane.F64],
};
const SHIFT_LANES: Readonly<Record<VecShiftOp, readonly Lane[]>> = {
  vshli: [Lane.I16, Lane.I32, Lane.I64],
  vshri: [Lane.I16, Lane.I32, Lane.I64],
  vsari: [Lane.I16, Lane.I32],
};
const laneName = (lane: Lane): string => ["i8", "i16", "i32", "i64", "f32", "f64"][lane]!;

export function vectorCases(): ExecCase[] {
  const out: ExecCase[] = [];
  for (const op of Object.keys(ARITH_LANES) as VecArithOp[]) {
    for (const lane of ARITH_LANES[op]) {
      const [a, b] = vectorInputs(lane);
      const results = VSHAPES.map(([, x, y]) => vectorArithModel(op, lane, a, x === y ? a : b));
      out.push(vectorCase(`${op}.${laneName(lane)}`, a, b, results, (_, d, x, y) => [Ins[op](lane, d, x, y)]));
    }
  }
  const [a, b] = vectorInputs(Lane.I8);
  for (const op of ["vand", "vor", "vxor"] as const) {
    const f = (x: number, y: number): number => (op === "vand" ? x & y : op === "vor" ? x | y : x ^ y);
    const results = VSHAPES.map(([, x, y]) => a.map((v, k) => f(v, (x === y ? a : b)[k]!)));
    out.push(vectorCase(op, a, b, results, (_, d, x, y) => [Ins[op](d, x, y)]));
  }
  for (const op of Object.keys(SHIFT_LANES) as VecShiftOp[]) {
    for (const lane of SHIFT_LANES[op]) {
      const imms = [1, 8 * LANE_BYTES[lane]! - 1, 0, 3, 5];
      const results = imms.map((imm) => vectorShiftModel(op, lane, a, imm));
      out.push(vectorCase(`${op}.${laneName(lane)}`, a, b, results, (_, d, x, _y, k) => [Ins[op](lane, d, x, imms[k]!)]));
    }
  }
  out.push(vectorCase("vmov", a, b, VSHAPES.map(() => a), (_, d, x) => [Ins.vmov(d, x)]));
  return out;
}

/** Every case; backends' execution tests iterate over this. */
export const execCases: ExecCase[] = [
  readmeLoop, ...branchCases(), ...aluCases(), ...memoryCases(), ...controlCases(), ...vectorCases(),
];
