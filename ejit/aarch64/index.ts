/**
 * The Ejit AArch64 backend. `assemble` walks the IR once, encoding each
 * instruction through a dispatch table the compiler checks for
 * exhaustiveness, then patches label references. The output is position
 * independent (branches and ADR are PC-relative); its bytes live in a
 * buffer reused by the next call.
 *
 * Register map: `aarch64Regs` in ../regs.ts. R(n) = xn; R31 = SP, only as a
 * load/store base, in `mov` and in `addi`/`subi` (elsewhere `bad-register`);
 * x16/x17 are this encoder's scratch, x18/x29/x30 reserved.
 *
 * Lowering (file by class):
 *   alu.ts        add..sdiv -> one data-processing instruction; addi/subi ->
 *                 ADD/SUB #imm12{, LSL #12}, a pair of them, or via x16;
 *                 andi/ori/xori -> bitmask immediate or via x16; shifts by
 *                 immediate -> UBFM/SBFM; muli by 2^k -> LSL; cmp/cmpi ->
 *                 SUBS/ADDS to XZR; movi -> MOVZ/MOVN+MOVK or one ORR
 *   memory.ts     ld/st/vld/vst -> LDR/STR #uimm12*size, LDUR/STUR #simm9,
 *                 [Xn, Xm{, LSL #log2 size}], else address/offset via x16/x17
 *   control.ts    b -> B.cond (+-1 MiB), jmp -> B (+-128 MiB), select -> CSEL,
 *                 call/br/ret -> BLR/BR/RET, addr -> ADR (+-1 MiB),
 *                 enter/leave -> STP/LDP frame records and SUB/ADD sp
 *   vector.ts     128-bit Advanced SIMD: ADD/SUB/MUL, FADD/FSUB/FMUL/FDIV,
 *                 AND/ORR/EOR, SHL/USHR/SSHR, MOV = ORR
 *   immediates.ts bitmask-immediate encoder, constant materialisation
 *   emitter.ts    code buffer, labels, fix-ups, operand checks
 * Targets beyond a branch's reach are `branch-out-of-range` errors.
 */
import type { AssembleResult, Backend } from "../backend.js";
import type { EjitError } from "../errors.js";
import type { Ins, InsOf, Op } from "../ir.js";
import { aarch64Regs } from "../regs.js";
import { encodeBin, encodeBinImm, encodeCmp, encodeCmpi, encodeMovi, encodeUnary } from "./alu.js";
import {
  encodeAddr,
  encodeAlign,
  encodeBr,
  encodeBranch,
  encodeCall,
  encodeData,
  encodeEnter,
  encodeJump,
  encodeLabel,
  encodeLeave,
  encodeRet,
  encodeSelect,
} from "./control.js";
import { Emitter } from "./emitter.js";
import { encodeLoad, encodeStore, encodeVecLoad, encodeVecStore } from "./memory.js";
import { encodeVecArith, encodeVecBit, encodeVecMov, encodeVecShift } from "./vector.js";

export type Encoder<K extends Op> = (e: Emitter, ins: InsOf<K>, i: number) => EjitError | undefined;

/** One encoder per IR op; a missing op is a compile error. */
const encoders: { readonly [K in Op]: Encoder<K> } = {
  label: encodeLabel,
  enter: encodeEnter,
  leave: encodeLeave,
  addr: encodeAddr,
  ld: encodeLoad,
  st: encodeStore,
  add: encodeBin,
  sub: encodeBin,
  and: encodeBin,
  or: encodeBin,
  xor: encodeBin,
  shl: encodeBin,
  shr: encodeBin,
  sar: encodeBin,
  mul: encodeBin,
  udiv: encodeBin,
  sdiv: encodeBin,
  addi: encodeBinImm,
  subi: encodeBinImm,
  andi: encodeBinImm,
  ori: encodeBinImm,
  xori: encodeBinImm,
  shli: encodeBinImm,
  shri: encodeBinImm,
  sari: encodeBinImm,
  muli: encodeBinImm,
  not: encodeUnary,
  neg: encodeUnary,
  mov: encodeUnary,
  movi: encodeMovi,
  cmp: encodeCmp,
  cmpi: encodeCmpi,
  select: encodeSelect,
  b: encodeBranch,
  jmp: encodeJump,
  call: encodeCall,
  br: encodeBr,
  ret: encodeRet,
  data: encodeData,
  align: encodeAlign,
  vld: encodeVecLoad,
  vst: encodeVecStore,
  vmov: encodeVecMov,
  vadd: encodeVecArith,
  vsub: encodeVecArith,
  vmul: encodeVecArith,
  vdiv: encodeVecArith,
  vand: encodeVecBit,
  vor: encodeVecBit,
  vxor: encodeVecBit,
  vshli: encodeVecShift,
  vshri: encodeVecShift,
  vsari: encodeVecShift,
};

type AnyEncoder = (e: Emitter, ins: Ins, i: number) => EjitError | undefined;
/** The same table as a Map: the fastest lookup measured here, and unknown names (untyped callers) find nothing. */
const lookup: ReadonlyMap<string, AnyEncoder> = new Map(Object.entries(encoders) as [string, AnyEncoder][]);

const emitter = new Emitter();

/** Encode every instruction into `e`; the first error stops it. */
function encodeAll(e: Emitter, ir: Iterable<Ins>): EjitError | undefined {
  let i = 0;
  for (const ins of ir) {
    e.index = i;
    e.ins = ins;
    const encode = lookup.get(ins.op);
    const error = encode === undefined ? e.fail("unsupported", `unknown op ${String(ins.op)}`) : encode(e, ins, i);
    if (error !== undefined) return error;
    i++;
  }
  return undefined;
}

/** Encode a program; errors come back as values naming the instruction. */
export function assembleAarch64(ir: Iterable<Ins>): AssembleResult {
  const e = emitter;
  e.reset();
  const error = encodeAll(e, ir) ?? e.resolve();
  if (error !== undefined) return { ok: false, error };
  return { ok: true, bytes: e.bytes.subarray(0, e.pos), labels: e.labelTable() };
}

export const aarch64Backend: Backend = Object.freeze({
  arch: "aarch64",
  regs: aarch64Regs,
  assemble: assembleAarch64,
});
