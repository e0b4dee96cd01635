/**
 * The Ejit x86-64 backend: encodes IR for x86-64 (System V) with the register
 * map `x86_64Regs` / `X86_HW` of `ejit/regs.ts`.
 *
 *   const out = x86_64Backend.assemble([Ins.movi(R(6), 42), Ins.ret()]);
 *   if (out.ok) install(out.bytes); else report(out.error);
 *
 * One backend object reuses one growing byte buffer: `bytes` of a result is
 * valid until the next `assemble` call. The program is encoded in one pass;
 * branches are relaxed afterwards (rel8 when the distance fits, see
 * `labels.ts`); everything label-relative is RIP-relative, so the code runs
 * at any address.
 */
import type { AssembleResult, Backend } from "../backend.js";
import { ejitError, type EjitError } from "../errors.js";
import type { Ins, Op } from "../ir.js";
import { x86_64Regs } from "../regs.js";
import { aluEncoders } from "./alu.js";
import { controlEncoders } from "./control.js";
import { Emitter, MAX_INS_BYTES, type Encoder } from "./emitter.js";
import { memoryEncoders } from "./memory.js";
import { vectorEncoders } from "./vector.js";

/** One encoder per op; the mapped type makes a missing op a compile error. */
const encoders: { readonly [K in Op]: Encoder<K> } = {
  ...aluEncoders,
  ...memoryEncoders,
  ...controlEncoders,
  ...vectorEncoders,
};

function unknownOp(ins: Ins, i: number): EjitError {
  const op = typeof ins === "object" && ins !== null ? String((ins as { op?: unknown }).op) : String(ins);
  return ejitError("unsupported", `unknown IR op ${op}`, i, ins);
}

/**
 * Encode every instruction once. A switch on the op name (most frequent
 * first) calls each encoder directly: measurably faster than a megamorphic
 * lookup in the table, which stays the compile-time completeness check.
 */
function encodeAll(e: Emitter, program: readonly Ins[]): EjitError | undefined {
  const n = program.length;
  for (let i = 0; i < n; i++) {
    const ins = program[i]!;
    if (e.pos + MAX_INS_BYTES > e.buf.length) e.reserve(MAX_INS_BYTES);
    let err: EjitError | undefined;
    switch (ins.op) {
      case "movi": err = encoders.movi(e, ins as never, i); break;
      case "add": err = encoders.add(e, ins as never, i); break;
      case "ld": err = encoders.ld(e, ins as never, i); break;
      case "st": err = encoders.st(e, ins as never, i); break;
      case "addi": err = encoders.addi(e, ins as never, i); break;
      case "mov": err = encoders.mov(e, ins as never, i); break;
      case "cmp": err = encoders.cmp(e, ins as never, i); break;
      case "cmpi": err = encoders.cmpi(e, ins as never, i); break;
      case "b": err = encoders.b(e, ins as never, i); break;
      case "label": err = encoders.label(e, ins as never, i); break;
      case "jmp": err = encoders.jmp(e, ins as never, i); break;
      case "sub": err = encoders.sub(e, ins as never, i); break;
      case "and": err = encoders.and(e, ins as never, i); break;
      case "or": err = encoders.or(e, ins as never, i); break;
      case "xor": err = encoders.xor(e, ins as never, i); break;
      case "shli": err = encoders.shli(e, ins as never, i); break;
      case "shri": err = encoders.shri(e, ins as never, i); break;
      case "sari": err = encoders.sari(e, ins as never, i); break;
      case "andi": err = encoders.andi(e, ins as never, i); break;
      case "ori": err = encoders.ori(e, ins as never, i); break;
      case "xori": err = encoders.xori(e, ins as never, i); break;
      case "subi": err = encoders.subi(e, ins as never, i); break;
      case "shl": err = encoders.shl(e, ins as never, i); break;
      case "shr": err = encoders.shr(e, ins as never, i); break;
      case "sar": err = encoders.sar(e, ins as never, i); break;
      case "mul": err = encoders.mul(e, ins as never, i); break;
      case "muli": err = encoders.muli(e, ins as never, i); break;
      case "select": err = encoders.select(e, ins as never, i); break;
      case "not": err = encoders.not(e, ins as never, i); break;
      case "neg": err = encoders.neg(e, ins as never, i); break;
      case "udiv": err = encoders.udiv(e, ins as never, i); break;
      case "sdiv": err = encoders.sdiv(e, ins as never, i); break;
      case "addr": err = encoders.addr(e, ins as never, i); break;
      case "call": err = encoders.call(e, ins as never, i); break;
      case "br": err = encoders.br(e, ins as never, i); break;
      case "ret": err = encoders.ret(e, ins as never, i); break;
      case "enter": err = encoders.enter(e, ins as never, i); break;
      case "leave": err = encoders.leave(e, ins as never, i); break;
      case "data": err = encoders.data(e, ins as never, i); break;
      case "align": err = encoders.align(e, ins as never, i); break;
      case "vld": err = encoders.vld(e, ins as never, i); break;
      case "vst": err = encoders.vst(e, ins as never, i); break;
      case "vmov": err = encoders.vmov(e, ins as never, i); break;
      case "vadd": err = encoders.vadd(e, ins as never, i); break;
      case "vsub": err = encoders.vsub(e, ins as never, i); break;
      case "vmul": err = encoders.vmul(e, ins as never, i); break;
      case "vdiv": err = encoders.vdiv(e, ins as never, i); break;
      case "vand": err = encoders.vand(e, ins as never, i); break;
      case "vor": err = encoders.vor(e, ins as never, i); break;
      case "vxor": err = encoders.vxor(e, ins as never, i); break;
      case "vshli": err = encoders.vshli(e, ins as never, i); break;
      case "vshri": err = encoders.vshri(e, ins as never, i); break;
      case "vsari": err = encoders.vsari(e, ins as never, i); break;
      default:
        return unknownOp(ins, i);
    }
    if (err !== undefined) return err;
  }
  return undefined;
}

class X86_64Backend implements Backend {
  readonly arch = "x86_64";
  readonly regs = x86_64Regs;
  private readonly emitter = new Emitter();

  assemble(ir: Iterable<Ins>): AssembleResult {
    const program: readonly Ins[] = Array.isArray(ir) ? (ir as readonly Ins[]) : Array.from(ir);
    const e = this.emitter;
    const labels = e.labels;
    e.pos = 0;
    e.dataEnd = -1;
    labels.reset();
    let err: EjitError | undefined;
    try {
      err = encodeAll(e, program);
    } catch (thrown) {
      // Only malformed input gets here (an entry that is not an instruction object).
      const at = program.findIndex((ins) => typeof ins !== "object" || ins === null);
      const what = thrown instanceof Error ? thrown.message : String(thrown);
      err = ejitError("unsupported", `malformed IR instruction: ${at >= 0 ? String(program[at]) : what}`, at, program[at]);
    }
    if (err !== undefined) return { ok: false, error: err };
    const resolved = labels.resolve(e.buf, e.pos, program);
    if (typeof resolved !== "number") return { ok: false, error: resolved };
    if (resolved >= 0) {
      // Some branch grew: the final code is rebuilt after the first-pass code, in the same buffer.
      const end = e.pos, base = (end + 15) & ~15;
      e.reserve(base + resolved - end);
      labels.rebuild(e.buf, end, base, resolved);
      return { ok: true, bytes: e.buf.subarray(base, base + resolved), labels: labels.view() };
    }
    return { ok: true, bytes: e.buf.subarray(0, e.pos), labels: labels.view() };
  }
}

export const x86_64Backend: Backend = new X86_64Backend();
