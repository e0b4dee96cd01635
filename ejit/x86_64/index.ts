/**
 * The Ejit x86-64 backend: encodes IR for x86-64 (System V) with the register
 * map `x86_64Regs` / `X86_HW` of `ejit/regs.ts`.
 *
 *   const out = x86_64Backend.assemble([Ins.movi(R(6), 42), Ins.ret()]);
 *   if (out.ok) install(out.bytes); else report(out.error);
 *
 * One backend object reuses one growing byte buffer: `bytes` of a result is
 * valid until the next `assemble` call. Branches are relaxed (rel8 when the
 * distance fits, see `labels.ts`); everything label-relative is RIP-relative,
 * so the code runs at any address.
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

/** The table viewed as taking any instruction (each entry only receives its own op). */
const dispatch = encoders as unknown as Readonly<Record<string, Encoder<Op> | undefined>>;

function unknownOp(ins: Ins, i: number): EjitError {
  const op = typeof ins === "object" && ins !== null ? String((ins as { op?: unknown }).op) : String(ins);
  return ejitError("unsupported", `unknown IR op ${op}`, i, ins);
}

/** Encode `program` once; a returned `true` means some branch grew and the pass must run again. */
function encodePass(e: Emitter, program: readonly Ins[]): EjitError | boolean {
  e.pos = 0;
  e.dataEnd = -1;
  e.labels.startPass();
  const n = program.length;
  for (let i = 0; i < n; i++) {
    const ins = program[i]!;
    const encode = dispatch[ins.op];
    if (encode === undefined) return unknownOp(ins, i);
    if (e.pos + MAX_INS_BYTES > e.buf.length) e.reserve(MAX_INS_BYTES);
    const err = encode(e, ins, i);
    if (err !== undefined) return err;
  }
  return e.labels.resolve(e.buf, program);
}

class X86_64Backend implements Backend {
  readonly arch = "x86_64";
  readonly regs = x86_64Regs;
  private readonly emitter = new Emitter();

  assemble(ir: Iterable<Ins>): AssembleResult {
    const program: readonly Ins[] = Array.isArray(ir) ? (ir as readonly Ins[]) : Array.from(ir);
    const e = this.emitter;
    e.labels.startProgram(program.length);
    for (;;) {
      const outcome = encodePass(e, program);
      if (outcome === false) break;
      if (outcome !== true) return { ok: false, error: outcome };
    }
    return { ok: true, bytes: e.buf.subarray(0, e.pos), labels: e.labels.snapshot() };
  }
}

export const x86_64Backend: Backend = new X86_64Backend();
