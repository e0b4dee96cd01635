/**
 * Every compile error of the x86-64 backend comes back as a value with the
 * right kind, the index of the offending instruction and the instruction.
 */
import { describe, expect, test } from "vitest";
import type { EjitErrorKind } from "../../../ejit/errors.js";
import { Cond, Ins, Lane, R, Type, V } from "../../../ejit/ir.js";
import { x86_64Backend } from "../../../ejit/x86_64/index.js";

const A = R(0), B = R(1), RES = R(6), SP = R(14), SCRATCH = R(15);

/** Put `bad` at position 2 of a valid program and expect `kind` there. */
function expectError(bad: Ins, kind: EjitErrorKind): void {
  const program = [Ins.movi(RES, 1), Ins.label(0), bad, Ins.ret()];
  const out = x86_64Backend.assemble(program);
  expect(out.ok).toBe(false);
  if (out.ok) return;
  expect({ kind: out.error.kind, index: out.error.index }).toEqual({ kind, index: 2 });
  expect(out.error.ins).toBe(bad);
  expect(out.error.message.length).toBeGreaterThan(10);
}

describe("x86-64 compile errors", () => {
  test("bad-register: out of range, not an integer, SP where not allowed, bad vector register", () => {
    expectError(Ins.add(R(16), A, B), "bad-register");
    expectError(Ins.add(A, R(-1), B), "bad-register");
    expectError(Ins.sub(A, B, R(2.5)), "bad-register");
    expectError(Ins.add(A, SP, B), "bad-register");
    expectError(Ins.shl(SP, A, B), "bad-register");
    expectError(Ins.cmp(A, SP), "bad-register");
    expectError(Ins.movi(SP, 1), "bad-register");
    expectError(Ins.select(Cond.Eq, A, SP, B), "bad-register");
    expectError(Ins.ldx(Type.U64, A, B, SP), "bad-register");
    expectError(Ins.ld(Type.U64, SP, B), "bad-register");
    expectError(Ins.call(SP), "bad-register");
    expectError(Ins.ld(Type.U8, A, R(99)), "bad-register");
    expectError(Ins.vadd(Lane.I32, V(16), V(0), V(1)), "bad-register");
    expectError(Ins.vld(V(-1), A), "bad-register");
    expectError(Ins.andi(SP, SP, 1), "bad-register");
  });

  test("reserved-register: R15 (r11) and V15 (xmm15) anywhere", () => {
    expectError(Ins.add(SCRATCH, A, B), "reserved-register");
    expectError(Ins.mov(A, SCRATCH), "reserved-register");
    expectError(Ins.ld(Type.U8, A, SCRATCH), "reserved-register");
    expectError(Ins.stx(Type.U8, A, B, SCRATCH), "reserved-register");
    expectError(Ins.br(SCRATCH), "reserved-register");
    expectError(Ins.addr(SCRATCH, 0), "reserved-register");
    expectError(Ins.vxor(V(0), V(15), V(1)), "reserved-register");
    expectError(Ins.vst(V(15), A), "reserved-register");
  });

  test("immediate-out-of-range: ALU immediates, displacements, shifts, movi, align", () => {
    expectError(Ins.addi(A, A, 2 ** 31), "immediate-out-of-range");
    expectError(Ins.subi(A, A, -(2 ** 31) - 1), "immediate-out-of-range");
    expectError(Ins.cmpi(A, 0.5), "immediate-out-of-range");
    expectError(Ins.muli(A, B, Number.NaN), "immediate-out-of-range");
    expectError(Ins.shli(A, B, 64), "immediate-out-of-range");
    expectError(Ins.sari(A, B, -1), "immediate-out-of-range");
    expectError(Ins.ld(Type.U32, A, B, 2 ** 31), "immediate-out-of-range");
    expectError(Ins.stx(Type.U32, A, B, R(2), 4), "immediate-out-of-range");
    expectError(Ins.movi(A, 2 ** 64), "immediate-out-of-range");
    expectError(Ins.movi(A, 1n << 64n), "immediate-out-of-range");
    expectError(Ins.movi(A, -(1n << 63n) - 1n), "immediate-out-of-range");
    expectError(Ins.movi(A, 1.5), "immediate-out-of-range");
    expectError(Ins.vshli(Lane.I16, V(0), V(1), 16), "immediate-out-of-range");
    expectError(Ins.vshri(Lane.I64, V(0), V(1), 64), "immediate-out-of-range");
    expectError(Ins.align(3), "immediate-out-of-range");
    expectError(Ins.align(0), "immediate-out-of-range");
  });

  test("missing-label: branch, jump and addr to a label never defined; a label that is not a number", () => {
    expectError(Ins.b(Cond.Ne, 7), "missing-label");
    expectError(Ins.jmp(1000), "missing-label");
    expectError(Ins.addr(A, 3), "missing-label");
    expectError(Ins.jmp(-1), "missing-label");
    expectError(Ins.label(1.5), "missing-label");
  });

  test("duplicate-label", () => {
    expectError(Ins.label(0), "duplicate-label");
  });

  test("bad-frame: size not a multiple of 16, negative, saved register not callee-saved or twice", () => {
    expectError(Ins.enter(8), "bad-frame");
    expectError(Ins.enter(-16), "bad-frame");
    expectError(Ins.leave(24, [R(8)]), "bad-frame");
    expectError(Ins.enter(16, [R(0)]), "bad-frame");
    expectError(Ins.enter(16, [R(6)]), "bad-frame");
    expectError(Ins.enter(16, [SP]), "bad-frame");
    expectError(Ins.enter(16, [SCRATCH]), "bad-frame");
    expectError(Ins.enter(0, [R(8), R(9), R(8)]), "bad-frame");
  });

  test("unsupported: lane types SSE2 lacks, unknown ops, types and conditions", () => {
    expectError(Ins.vmul(Lane.I8, V(0), V(1), V(2)), "unsupported");
    expectError(Ins.vmul(Lane.I64, V(0), V(1), V(2)), "unsupported");
    expectError(Ins.vdiv(Lane.I32, V(0), V(1), V(2)), "unsupported");
    expectError(Ins.vsari(Lane.I64, V(0), V(1), 3), "unsupported");
    expectError(Ins.vshli(Lane.I8, V(0), V(1), 3), "unsupported");
    expectError(Ins.vshri(Lane.F32, V(0), V(1), 3), "unsupported");
    expectError(Ins.vadd(9 as Lane, V(0), V(1), V(2)), "unsupported");
    expectError({ op: "frobnicate" } as unknown as Ins, "unsupported");
    expectError(Ins.ld(7 as Type, A, B), "unsupported");
    expectError(Ins.b(10 as Cond, 0), "unsupported");
    expectError(Ins.select(-1 as Cond, A, B, A), "unsupported");
    expectError({ op: "data", bytes: [1, 2] } as unknown as Ins, "unsupported");
  });

  test("an entry that is not an instruction object is an error value, not an exception", () => {
    const out = x86_64Backend.assemble([Ins.ret(), undefined as unknown as Ins, null as unknown as Ins]);
    expect(out.ok ? "ok" : [out.error.kind, out.error.index]).toEqual(["unsupported", 1]);
    const ok = x86_64Backend.assemble([Ins.movi(RES, 1), Ins.ret()]);
    expect(ok.ok && Buffer.from(ok.bytes).toString("hex")).toBe("b801000000c3");
  });

  test("the first error wins and later instructions are not needed", () => {
    const out = x86_64Backend.assemble([Ins.add(SCRATCH, A, B), Ins.b(Cond.Eq, 9)]);
    expect(out.ok ? "ok" : [out.error.kind, out.error.index]).toEqual(["reserved-register", 0]);
  });
});

describe("x86-64 assemble results", () => {
  test("labels come back as an Int32Array of offsets, -1 where undefined", () => {
    const out = x86_64Backend.assemble([Ins.label(2), Ins.movi(RES, 5), Ins.label(4), Ins.ret()]);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(out.labels)).toEqual([-1, -1, 0, -1, 5]);
    expect(Buffer.from(out.bytes).toString("hex")).toBe("b805000000c3");
  });

  test("accepts any iterable, and a bigger program grows the buffer", () => {
    function* gen(): Generator<Ins> {
      for (let k = 0; k < 20000; k++) yield Ins.movi(A, 0x1_0000_0000 + k);
      yield Ins.ret();
    }
    const out = x86_64Backend.assemble(gen());
    expect(out.ok && out.bytes.length).toBe(20000 * 10 + 1);
  });

  test("relaxation when alignment padding is 2 bytes long (regression: it was taken for a short branch)", () => {
    const out = x86_64Backend.assemble([Ins.jmp(0), Ins.align(4), Ins.data(new Uint8Array(200)), Ins.label(0), Ins.ret()]);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(Buffer.from(out.bytes.subarray(0, 8)).toString("hex")).toBe("e9cb0000000f1f00");
    expect(Array.from(out.labels)).toEqual([208]);
  });

  test("a short branch pushed out of reach by a branch that grew is grown too (relaxation iterates)", () => {
    // b.eq L0 (short at first) ; jmp L1 (grows to rel32) ; 123 bytes ; L0: 10 bytes ; L1:
    const program = [
      Ins.b(Cond.Eq, 0), Ins.jmp(1), Ins.data(new Uint8Array(123)), Ins.label(0), Ins.data(new Uint8Array(10)), Ins.label(1), Ins.ret(),
    ];
    const out = x86_64Backend.assemble(program);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(Buffer.from(out.bytes.subarray(0, 11)).toString("hex")).toBe("0f8480000000e985000000");
    expect(Array.from(out.labels)).toEqual([134, 144]);
  });
});
