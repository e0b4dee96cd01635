/**
 * Extra execution cases for the AArch64 backend: loads and stores of every
 * type through every addressing form (scaled, unscaled, register offset,
 * computed address, materialised offsets), SP-relative frames, calls through
 * registers, addr/data, and 128-bit vector ops checked lane by lane.
 */
import { Ins, Lane, R, Type, V, type VecArithOp, type VecShiftOp } from "../../../ejit/ir.js";
import type { ExecCase } from "../cases.js";
import { randomU64 } from "./exec-alu-cases.js";

const MASK = (1n << 64n) - 1n;
const SIZES = [1, 1, 2, 2, 4, 4, 8];
const SIGNED = [false, true, false, true, false, true, false];

/** (index value or undefined, shift, imm): the address is always base + that = target. */
type Form = readonly [bigint | undefined, number, number];
const FORMS: readonly Form[] = [
  [undefined, 0, 0], [undefined, 0, 8], [undefined, 0, 16], [undefined, 0, 255], [undefined, 0, -256], [undefined, 0, -3],
  [undefined, 0, 1], [undefined, 0, 4095 * 8], [undefined, 0, 0x12345], [undefined, 0, -0x12345], [undefined, 0, 0x7fffffff],
  [3n, 0, 0], [3n, 1, 0], [5n, 2, 0], [7n, 3, 0], [MASK - 4n, 3, 0], [0x1000n, 0, 24], [2n, 3, -40], [9n, 2, 0x1234],
  [MASK, 0, 0x20000],
];

/** base offset from x0 so that base + (index << shift) + imm = x0 + target. */
function baseOffset(target: number, [index, shift, imm]: Form): number {
  const scaled = index === undefined ? 0n : BigInt.asIntN(64, index << BigInt(shift));
  return Number(BigInt(target) - scaled - BigInt(imm));
}

function readLe(bytes: Uint8Array, at: number, size: number, signed: boolean): bigint {
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + k]!);
  return signed ? BigInt.asIntN(size * 8, v) & MASK : v;
}

function writeLe(bytes: Uint8Array, at: number, size: number, v: bigint): void {
  for (let k = 0; k < size; k++) bytes[at + k] = Number((v >> BigInt(8 * k)) & 0xffn);
}

const PATTERN_AT = 0x1000;
const OUT_AT = 0x30000;
const BUFFER = 0x38000;

function loadStoreCase(): ExecCase {
  const mem = new Uint8Array(BUFFER);
  for (let k = 0; k < 0x2000; k++) mem[PATTERN_AT + k] = (k * 37 + 11 + (k >> 8)) & 0xff;
  const want = mem.slice();
  const ir: Ins[] = [];
  const [buf, base, index, value] = [R(0), R(9), R(10), R(11)];
  let slot = 0;
  const stored = 0x8877665544332211n;
  ir.push(Ins.movi(value, stored));
  for (let ty = Type.U8 as Type; ty <= Type.U64; ty++) {
    FORMS.forEach((form, f) => {
      const [idx, shift, imm] = form;
      const access = (t: Type, r: R) => (idx === undefined ? Ins.ld(t, r, base, imm) : Ins.ldx(t, r, base, index, shift, imm));
      const storeAccess = (t: Type, r: R) => (idx === undefined ? Ins.st(t, r, base, imm) : Ins.stx(t, r, base, index, shift, imm));
      if (idx !== undefined) ir.push(Ins.movi(index, idx));
      // Load from the pattern at a per-(type, form) address, store the result to an output slot.
      const source = PATTERN_AT + 61 * f + 7 * ty;
      ir.push(Ins.addi(base, buf, baseOffset(source, form)), access(ty, R(12)));
      ir.push(Ins.st(Type.U64, R(12), buf, OUT_AT + 8 * slot));
      writeLe(want, OUT_AT + 8 * slot++, 8, readLe(mem, source, SIZES[ty]!, SIGNED[ty]!));
      // Store `value` through the same form into its own slot.
      const target = OUT_AT + 8 * slot++;
      ir.push(Ins.addi(base, buf, baseOffset(target, form)), storeAccess(ty, value));
      writeLe(want, target, SIZES[ty]!, stored);
    });
  }
  return { name: "memory: every type through every addressing form", program: () => [...ir, Ins.movi(R(0), slot), Ins.ret()], args: [], mem, expect: BigInt(slot), expectMem: want };
}

/** enter/leave with saved registers, SP-relative stores and loads, a nested call that clobbers saved registers. */
function frameCase(): ExecCase {
  const SUB = 1;
  const ir: Ins[] = [
    Ins.enter(0x12340, [R(19), R(20), R(21)]),
    Ins.movi(R(19), 0x1919), Ins.movi(R(20), 0x2020), Ins.movi(R(21), 0x2121),
    Ins.st(Type.U64, R(19), R(31), 0), Ins.st(Type.U32, R(20), R(31), 0x12338), Ins.st(Type.U16, R(21), R(31), 0x9999),
    Ins.addr(R(5), SUB), Ins.call(R(5)),
    Ins.ld(Type.U64, R(1), R(31), 0), Ins.ld(Type.U32, R(2), R(31), 0x12338), Ins.ld(Type.U16, R(3), R(31), 0x9999),
    Ins.add(R(1), R(1), R(2)), Ins.add(R(1), R(1), R(3)), Ins.add(R(1), R(1), R(19)), Ins.add(R(1), R(1), R(20)),
    Ins.add(R(1), R(1), R(21)), Ins.mov(R(0), R(1)),
    Ins.leave(0x12340, [R(19), R(20), R(21)]),
    Ins.ret(),
    // A subroutine that saves and clobbers x19/x20 and uses its own frame.
    Ins.align(16),
    Ins.label(SUB),
    Ins.enter(32, [R(20), R(19)]),
    Ins.movi(R(19), -1), Ins.movi(R(20), -1),
    Ins.st(Type.U64, R(19), R(31), 16), Ins.ldx(Type.U64, R(6), R(31), R(19), 3, 24), // [sp + 24 - 8]
    Ins.leave(32, [R(20), R(19)]),
    Ins.ret(),
  ];
  return { name: "frames: enter/leave, SP addressing, nested call", program: () => ir, args: [], expect: 2n * (0x1919n + 0x2020n + 0x2121n) };
}

/** br to an addr-taken label, and constants read from data through addr. */
function addrDataCase(): ExecCase {
  const TABLE = 3;
  const NEXT = 4;
  const table = new Uint8Array(16);
  new DataView(table.buffer).setBigUint64(0, 0x1122334455667788n, true);
  new DataView(table.buffer).setBigUint64(8, 0x0102030405060708n, true);
  return {
    name: "control: addr, br and data",
    program: () => [
      Ins.addr(R(1), NEXT), Ins.br(R(1)),
      Ins.movi(R(0), 0xdead), Ins.ret(),
      Ins.data([1, 2, 3]),
      Ins.label(NEXT),
      Ins.addr(R(2), TABLE), Ins.ld(Type.U64, R(3), R(2), 0), Ins.ld(Type.U64, R(4), R(2), 8),
      Ins.xor(R(0), R(3), R(4)), Ins.ret(),
      Ins.align(8), Ins.label(TABLE), Ins.data(table),
    ],
    args: [],
    expect: 0x1122334455667788n ^ 0x0102030405060708n,
  };
}

const LANE_BYTES = [1, 2, 4, 8, 4, 8];

function laneRef(op: VecArithOp, lane: Lane, a: bigint | number, b: bigint | number): bigint | number {
  if (lane >= Lane.F32) {
    const [x, y] = [a as number, b as number];
    const r = op === "vadd" ? x + y : op === "vsub" ? x - y : op === "vmul" ? x * y : x / y;
    return lane === Lane.F32 ? Math.fround(r) : r;
  }
  const bits = BigInt(8 * LANE_BYTES[lane]!);
  const [x, y] = [a as bigint, b as bigint];
  return BigInt.asUintN(Number(bits), op === "vadd" ? x + y : op === "vsub" ? x - y : x * y);
}

function shiftRef(op: VecShiftOp, lane: Lane, a: bigint, imm: number): bigint {
  const bits = 8 * LANE_BYTES[lane]!;
  if (op === "vshli") return imm >= bits ? 0n : BigInt.asUintN(bits, a << BigInt(imm));
  if (op === "vshri") return imm >= bits ? 0n : a >> BigInt(imm);
  return BigInt.asUintN(bits, BigInt.asIntN(bits, a) >> BigInt(Math.min(imm, bits - 1)));
}

/** Every vector op and lane type on two vectors, results compared lane by lane. */
function vectorCase(): ExecCase {
  const mem = new Uint8Array(0x4000);
  const view = new DataView(mem.buffer);
  randomU64(4, 99n).forEach((v, k) => view.setBigUint64(8 * k, v, true)); // integer A at 0, B at 16
  [1.5, -2.25, 1e30, 3.0].forEach((v, k) => view.setFloat32(32 + 4 * k, v, true)); // f32 A at 32
  [0.1, 7.0, -0.5, 2.5e-3].forEach((v, k) => view.setFloat32(48 + 4 * k, v, true)); // f32 B at 48
  [Math.PI, -1e300].forEach((v, k) => view.setFloat64(64 + 8 * k, v, true)); // f64 A at 64
  [Math.E, 3e-10].forEach((v, k) => view.setFloat64(80 + 8 * k, v, true)); // f64 B at 80
  const want = mem.slice();
  const wantView = new DataView(want.buffer);
  const ir: Ins[] = [];
  let out = 0x100;
  const lane = (at: number, l: Lane, k: number): bigint | number => {
    const w = LANE_BYTES[l]!;
    if (l === Lane.F32) return view.getFloat32(at + 4 * k, true);
    if (l === Lane.F64) return view.getFloat64(at + 8 * k, true);
    return readLe(mem, at + w * k, w, false);
  };
  const put = (at: number, l: Lane, k: number, v: bigint | number): void => {
    if (l === Lane.F32) wantView.setFloat32(at + 4 * k, v as number, true);
    else if (l === Lane.F64) wantView.setFloat64(at + 8 * k, v as number, true);
    else writeLe(want, at + LANE_BYTES[l]! * k, LANE_BYTES[l]!, v as bigint);
  };
  for (let l = Lane.I8 as Lane; l <= Lane.F64; l++) {
    const [aAt, bAt] = l === Lane.F32 ? [32, 48] : l === Lane.F64 ? [64, 80] : [0, 16];
    const ops: VecArithOp[] = l >= Lane.F32 ? ["vadd", "vsub", "vmul", "vdiv"] : l === Lane.I64 ? ["vadd", "vsub"] : ["vadd", "vsub", "vmul"];
    for (const op of ops) {
      ir.push(Ins.vld(V(1), R(0), aAt), Ins.vld(V(20), R(0), bAt), Ins[op](l, V(31), V(1), V(20)), Ins.vst(V(31), R(0), out));
      for (let k = 0; k < 16 / LANE_BYTES[l]!; k++) put(out, l, k, laneRef(op, l, lane(aAt, l, k), lane(bAt, l, k)));
      out += 16;
    }
    if (l >= Lane.F32) continue;
    const bits = 8 * LANE_BYTES[l]!;
    for (const op of ["vshli", "vshri", "vsari"] as const) {
      for (const imm of [0, 1, bits >> 1, bits - 1]) {
        ir.push(Ins.vld(V(2), R(0), 0), Ins[op](l, V(3), V(2), imm), Ins.vst(V(3), R(0), out));
        for (let k = 0; k < 16 / LANE_BYTES[l]!; k++) put(out, l, k, shiftRef(op, l, lane(0, l, k) as bigint, imm));
        out += 16;
      }
    }
  }
  const bitwise = [["vand", (a: bigint, b: bigint) => a & b], ["vor", (a: bigint, b: bigint) => a | b], ["vxor", (a: bigint, b: bigint) => a ^ b]] as const;
  for (const [op, f] of bitwise) {
    ir.push(Ins.vldx(V(4), R(0), R(1), 0, 0), Ins.vld(V(5), R(0), 16), Ins[op](V(6), V(4), V(5)), Ins.vmov(V(7), V(6)), Ins.vstx(V(7), R(0), R(2), 3, out - 64));
    for (let k = 0; k < 2; k++) put(out, Lane.I64, k, f(lane(0, Lane.I64, k) as bigint, lane(16, Lane.I64, k) as bigint));
    out += 16;
  }
  return {
    name: "vector: every op and lane type",
    program: () => [Ins.movi(R(1), 0), Ins.movi(R(2), 8), ...ir, Ins.movi(R(0), out), Ins.ret()],
    args: [],
    mem,
    expect: BigInt(out),
    expectMem: want,
  };
}

export const memExecCases: readonly ExecCase[] = [loadStoreCase(), frameCase(), addrDataCase(), vectorCase()];
