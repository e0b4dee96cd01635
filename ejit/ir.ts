/**
 * Ejit IR: a very low-level instruction set whose registers are real machine
 * registers. A program is any iterable of `Ins` values (plain tagged objects);
 * build them with the `Ins.*` constructors below.
 *
 * Semantics shared by every backend (the backends are tested against one
 * table of execution cases, so this is the definition):
 *
 * - Integer registers are 64 bits wide; every integer op works on all 64.
 * - Flags: `cmp`/`cmpi` set them; `b` and `select` read them. Arithmetic and
 *   logic ops (add ... sdiv, not, neg and their immediate forms) leave them
 *   undefined. `mov`, `movi`, `addr`, loads, stores, labels, vector ops, `jmp`
 *   and `data` leave them alone, so a `movi` may sit between a `cmp` and its
 *   `b`.
 * - Shifts by a register use the low 6 bits of the amount; immediate shift
 *   amounts must be 0..63.
 * - `udiv`/`sdiv` by zero give 0, and `sdiv(MIN, -1)` gives MIN (AArch64's
 *   behaviour; the x86-64 backend emits the checks), so guest code can never
 *   raise a host arithmetic fault.
 * - ALU immediates (`addi` ... `muli`, `cmpi`) and load/store displacements
 *   are signed 32-bit values, sign-extended to 64 bits. `movi` takes any
 *   64-bit value (number or bigint; negative numbers are two's complement).
 * - Effective addresses are `base + (index << shift) + imm`, shift 0..3.
 * - Loads zero-extend (U*) or sign-extend (S*) to 64 bits; stores write the
 *   low bytes of the source.
 * - `enter(frame, saved)` saves the listed callee-saved registers and
 *   reserves `frame` bytes (a multiple of 16) addressed from `regs.SP`, with
 *   SP 16-byte aligned afterwards so native calls may follow; `leave` with
 *   the same arguments undoes it. Only `ret` returns.
 * - Labels are small non-negative integers, defined once per program.
 */

/** An integer register, numbered in the host calling convention's argument order. */
export type R = number & { readonly __reg: "R" };
/** A 128-bit vector register (xmm on x86-64, v on AArch64). */
export type V = number & { readonly __reg: "V" };
/** A label: a non-negative integer naming a position in the program. */
export type Label = number;

export function R(n: number): R {
  return n as R;
}
export function V(n: number): V {
  return n as V;
}

/** The ten branch/select conditions, evaluated on the flags of the last `cmp`. */
export const Cond = {
  Eq: 0,
  Ne: 1,
  /** signed less than */
  Slt: 2,
  Sle: 3,
  Sgt: 4,
  Sge: 5,
  /** unsigned less than */
  Ult: 6,
  Ule: 7,
  Ugt: 8,
  Uge: 9,
} as const;
export type Cond = (typeof Cond)[keyof typeof Cond];
export const condNames = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"] as const;

/** Width and signedness of a load or store. */
export const Type = {
  U8: 0,
  S8: 1,
  U16: 2,
  S16: 3,
  U32: 4,
  S32: 5,
  U64: 6,
} as const;
export type Type = (typeof Type)[keyof typeof Type];
export const typeNames = ["u8", "s8", "u16", "s16", "u32", "s32", "u64"] as const;
/** Size in bytes of each `Type`. */
export const typeSize: readonly number[] = [1, 1, 2, 2, 4, 4, 8];

/** Lane type of a vector op. */
export const Lane = {
  I8: 0,
  I16: 1,
  I32: 2,
  I64: 3,
  F32: 4,
  F64: 5,
} as const;
export type Lane = (typeof Lane)[keyof typeof Lane];
export const laneNames = ["i8", "i16", "i32", "i64", "f32", "f64"] as const;

/** Three-register integer ops: d = a OP b. */
export type BinOp = "add" | "sub" | "and" | "or" | "xor" | "shl" | "shr" | "sar" | "mul" | "udiv" | "sdiv";
/** Register-immediate integer ops: d = a OP imm. */
export type BinImmOp = "addi" | "subi" | "andi" | "ori" | "xori" | "shli" | "shri" | "sari" | "muli";
/** Two-register integer ops: d = OP a. */
export type UnOp = "not" | "neg" | "mov";
/** Vector lane arithmetic: add/sub for every lane type, mul for i16/i32/f32/f64, div for f32/f64. */
export type VecArithOp = "vadd" | "vsub" | "vmul" | "vdiv";
/** Bitwise vector ops (lane type irrelevant). */
export type VecBitOp = "vand" | "vor" | "vxor";
/** Vector shifts by an immediate, for i16/i32/i64 lanes (vsari: i16/i32). */
export type VecShiftOp = "vshli" | "vshri" | "vsari";

export type Ins =
  | { readonly op: "label"; readonly label: Label }
  | { readonly op: "enter"; readonly frame: number; readonly saved: readonly R[] }
  | { readonly op: "leave"; readonly frame: number; readonly saved: readonly R[] }
  | { readonly op: "addr"; readonly d: R; readonly label: Label }
  | {
      readonly op: "ld";
      readonly ty: Type;
      readonly d: R;
      readonly base: R;
      /** -1 when there is no index register */
      readonly index: R | -1;
      readonly shift: number;
      readonly imm: number;
    }
  | {
      readonly op: "st";
      readonly ty: Type;
      readonly s: R;
      readonly base: R;
      readonly index: R | -1;
      readonly shift: number;
      readonly imm: number;
    }
  | { readonly op: BinOp; readonly d: R; readonly a: R; readonly b: R }
  | { readonly op: BinImmOp; readonly d: R; readonly a: R; readonly imm: number }
  | { readonly op: UnOp; readonly d: R; readonly a: R }
  | { readonly op: "movi"; readonly d: R; readonly imm: number | bigint }
  | { readonly op: "cmp"; readonly a: R; readonly b: R }
  | { readonly op: "cmpi"; readonly a: R; readonly imm: number }
  /** d = cond ? a : b */
  | { readonly op: "select"; readonly cond: Cond; readonly d: R; readonly a: R; readonly b: R }
  | { readonly op: "b"; readonly cond: Cond; readonly label: Label }
  | { readonly op: "jmp"; readonly label: Label }
  /** call the address in r (host calling convention) */
  | { readonly op: "call"; readonly r: R }
  /** jump to the address in r */
  | { readonly op: "br"; readonly r: R }
  | { readonly op: "ret" }
  | { readonly op: "data"; readonly bytes: Uint8Array }
  /** pad with no-ops (or zeros in data) up to a multiple of n bytes (a power of two) */
  | { readonly op: "align"; readonly n: number }
  | {
      readonly op: "vld";
      readonly d: V;
      readonly base: R;
      readonly index: R | -1;
      readonly shift: number;
      readonly imm: number;
    }
  | {
      readonly op: "vst";
      readonly s: V;
      readonly base: R;
      readonly index: R | -1;
      readonly shift: number;
      readonly imm: number;
    }
  | { readonly op: "vmov"; readonly d: V; readonly a: V }
  | { readonly op: VecArithOp; readonly lane: Lane; readonly d: V; readonly a: V; readonly b: V }
  | { readonly op: VecBitOp; readonly d: V; readonly a: V; readonly b: V }
  | { readonly op: VecShiftOp; readonly lane: Lane; readonly d: V; readonly a: V; readonly imm: number };

export type Op = Ins["op"];
/** The instruction record for one op name. */
/** (Distributes over Ins so that one op of a family, e.g. "add", finds its record.) */
export type InsOf<K extends Op> = Ins extends infer I
  ? I extends { readonly op: infer O }
    ? K extends O
      ? I
      : never
    : never
  : never;

const bin =
  <K extends BinOp>(op: K) =>
  (d: R, a: R, b: R): Ins => ({ op, d, a, b });
const binImm =
  <K extends BinImmOp>(op: K) =>
  (d: R, a: R, imm: number): Ins => ({ op, d, a, imm });
const vArith =
  <K extends VecArithOp>(op: K) =>
  (lane: Lane, d: V, a: V, b: V): Ins => ({ op, lane, d, a, b });
const vBit =
  <K extends VecBitOp>(op: K) =>
  (d: V, a: V, b: V): Ins => ({ op, d, a, b });
const vShift =
  <K extends VecShiftOp>(op: K) =>
  (lane: Lane, d: V, a: V, imm: number): Ins => ({ op, lane, d, a, imm });

const RET: Ins = Object.freeze({ op: "ret" });
const NO_SAVED: readonly R[] = Object.freeze([]);

/** Constructors for every IR instruction. */
export const Ins = {
  label: (label: Label): Ins => ({ op: "label", label }),
  enter: (frame: number, saved: readonly R[] = NO_SAVED): Ins => ({ op: "enter", frame, saved }),
  leave: (frame: number, saved: readonly R[] = NO_SAVED): Ins => ({ op: "leave", frame, saved }),
  addr: (d: R, label: Label): Ins => ({ op: "addr", d, label }),
  /** d = load ty from [base + imm] */
  ld: (ty: Type, d: R, base: R, imm = 0): Ins => ({ op: "ld", ty, d, base, index: -1, shift: 0, imm }),
  /** d = load ty from [base + (index << shift) + imm] */
  ldx: (ty: Type, d: R, base: R, index: R, shift = 0, imm = 0): Ins => ({ op: "ld", ty, d, base, index, shift, imm }),
  /** store the low bytes of s to [base + imm] */
  st: (ty: Type, s: R, base: R, imm = 0): Ins => ({ op: "st", ty, s, base, index: -1, shift: 0, imm }),
  /** store the low bytes of s to [base + (index << shift) + imm] */
  stx: (ty: Type, s: R, base: R, index: R, shift = 0, imm = 0): Ins => ({ op: "st", ty, s, base, index, shift, imm }),
  add: bin("add"),
  sub: bin("sub"),
  and: bin("and"),
  or: bin("or"),
  xor: bin("xor"),
  shl: bin("shl"),
  shr: bin("shr"),
  sar: bin("sar"),
  mul: bin("mul"),
  udiv: bin("udiv"),
  sdiv: bin("sdiv"),
  addi: binImm("addi"),
  subi: binImm("subi"),
  andi: binImm("andi"),
  ori: binImm("ori"),
  xori: binImm("xori"),
  shli: binImm("shli"),
  shri: binImm("shri"),
  sari: binImm("sari"),
  muli: binImm("muli"),
  not: (d: R, a: R): Ins => ({ op: "not", d, a }),
  neg: (d: R, a: R): Ins => ({ op: "neg", d, a }),
  mov: (d: R, a: R): Ins => ({ op: "mov", d, a }),
  movi: (d: R, imm: number | bigint): Ins => ({ op: "movi", d, imm }),
  cmp: (a: R, b: R): Ins => ({ op: "cmp", a, b }),
  cmpi: (a: R, imm: number): Ins => ({ op: "cmpi", a, imm }),
  /** d = cond ? a : b, on the flags of the last cmp */
  select: (cond: Cond, d: R, a: R, b: R): Ins => ({ op: "select", cond, d, a, b }),
  /** branch to label if cond holds on the flags of the last cmp */
  b: (cond: Cond, label: Label): Ins => ({ op: "b", cond, label }),
  jmp: (label: Label): Ins => ({ op: "jmp", label }),
  call: (r: R): Ins => ({ op: "call", r }),
  br: (r: R): Ins => ({ op: "br", r }),
  ret: (): Ins => RET,
  data: (bytes: Uint8Array | readonly number[]): Ins => ({
    op: "data",
    bytes: bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes),
  }),
  align: (n: number): Ins => ({ op: "align", n }),
  vld: (d: V, base: R, imm = 0): Ins => ({ op: "vld", d, base, index: -1, shift: 0, imm }),
  vldx: (d: V, base: R, index: R, shift = 0, imm = 0): Ins => ({ op: "vld", d, base, index, shift, imm }),
  vst: (s: V, base: R, imm = 0): Ins => ({ op: "vst", s, base, index: -1, shift: 0, imm }),
  vstx: (s: V, base: R, index: R, shift = 0, imm = 0): Ins => ({ op: "vst", s, base, index, shift, imm }),
  vmov: (d: V, a: V): Ins => ({ op: "vmov", d, a }),
  vadd: vArith("vadd"),
  vsub: vArith("vsub"),
  vmul: vArith("vmul"),
  vdiv: vArith("vdiv"),
  vand: vBit("vand"),
  vor: vBit("vor"),
  vxor: vBit("vxor"),
  vshli: vShift("vshli"),
  vshri: vShift("vshri"),
  vsari: vShift("vsari"),
} as const;

/** Every op name, for exhaustive tables (`{ [K in Op]: ... }`) and tests. */
export const allOps: readonly Op[] = [
  "label", "enter", "leave", "addr", "ld", "st",
  "add", "sub", "and", "or", "xor", "shl", "shr", "sar", "mul", "udiv", "sdiv",
  "addi", "subi", "andi", "ori", "xori", "shli", "shri", "sari", "muli",
  "not", "neg", "mov", "movi", "cmp", "cmpi", "select", "b", "jmp", "call", "br", "ret",
  "data", "align", "vld", "vst", "vmov", "vadd", "vsub", "vmul", "vdiv", "vand", "vor", "vxor",
  "vshli", "vshri", "vsari",
];
