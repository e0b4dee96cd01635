/**
 * Errors are values naming the offending instruction: every kind the
 * AArch64 backend reports, with the index it blames.
 */
import { describe, expect, it } from "vitest";
import { aarch64Backend } from "../../../ejit/aarch64/index.js";
import { Cond, Ins, Lane, R, Type, V, type Ins as IrIns } from "../../../ejit/ir.js";

const SP = R(31);

function errorOf(ir: readonly IrIns[]): [string, number] | "ok" {
  const out = aarch64Backend.assemble(ir);
  return out.ok ? "ok" : [out.error.kind, out.error.index];
}

describe("aarch64 error values", () => {
  it.each<[string, IrIns[], [string, number]]>([
    ["x16 scratch", [Ins.ret(), Ins.add(R(0), R(16), R(1))], ["reserved-register", 1]],
    ["x17 scratch", [Ins.mov(R(17), R(0))], ["reserved-register", 0]],
    ["x18 platform", [Ins.movi(R(18), 1)], ["reserved-register", 0]],
    ["x29 frame pointer", [Ins.ld(Type.U64, R(29), R(0))], ["reserved-register", 0]],
    ["x30 link register", [Ins.call(R(30))], ["reserved-register", 0]],
    ["SP in add", [Ins.add(R(0), SP, R(1))], ["bad-register", 0]],
    ["SP in cmp", [Ins.cmp(SP, R(1))], ["bad-register", 0]],
    ["SP as index", [Ins.ldx(Type.U8, R(0), R(1), SP)], ["bad-register", 0]],
    ["SP loaded into", [Ins.ld(Type.U64, SP, R(1))], ["bad-register", 0]],
    ["SP in andi", [Ins.andi(SP, R(1), 15)], ["bad-register", 0]],
    ["SP in movi", [Ins.movi(SP, 0)], ["bad-register", 0]],
    ["register 32", [Ins.mov(R(0), R(32))], ["bad-register", 0]],
    ["negative register", [Ins.neg(R(-1), R(0))], ["bad-register", 0]],
    ["vector register 32", [Ins.vmov(V(32), V(0))], ["bad-register", 0]],
    ["immediate above 32 bits", [Ins.addi(R(0), R(0), 0x80000000)], ["immediate-out-of-range", 0]],
    ["fractional immediate", [Ins.cmpi(R(0), 1.5)], ["immediate-out-of-range", 0]],
    ["shift 64", [Ins.shli(R(0), R(0), 64)], ["immediate-out-of-range", 0]],
    ["negative shift", [Ins.sari(R(0), R(0), -1)], ["immediate-out-of-range", 0]],
    ["movi above 64 bits", [Ins.movi(R(0), 1n << 64n)], ["immediate-out-of-range", 0]],
    ["movi number 2^64", [Ins.movi(R(0), 2 ** 64)], ["immediate-out-of-range", 0]],
    ["movi below -2^63", [Ins.movi(R(0), -(2n ** 63n) - 1n)], ["immediate-out-of-range", 0]],
    ["movi fraction", [Ins.movi(R(0), 0.5)], ["immediate-out-of-range", 0]],
    ["movi NaN", [Ins.movi(R(0), Number.NaN)], ["immediate-out-of-range", 0]],
    ["index shift 4", [Ins.ldx(Type.U64, R(0), R(1), R(2), 4)], ["immediate-out-of-range", 0]],
    ["displacement above 32 bits", [Ins.st(Type.U8, R(0), R(1), 2 ** 32)], ["immediate-out-of-range", 0]],
    ["vector shift by the lane width", [Ins.vshli(Lane.I16, V(0), V(1), 16)], ["immediate-out-of-range", 0]],
    ["vector shift past the lane", [Ins.vsari(Lane.I8, V(0), V(1), 9)], ["immediate-out-of-range", 0]],
    ["align 3", [Ins.align(3)], ["immediate-out-of-range", 0]],
    ["missing label", [Ins.ret(), Ins.b(Cond.Eq, 4)], ["missing-label", 1]],
    ["negative label", [Ins.label(-1)], ["missing-label", 0]],
    ["duplicate label", [Ins.label(1), Ins.ret(), Ins.label(1)], ["duplicate-label", 2]],
    ["frame not a multiple of 16", [Ins.enter(8)], ["bad-frame", 0]],
    ["negative frame", [Ins.leave(-16)], ["bad-frame", 0]],
    ["register saved twice", [Ins.enter(0, [R(19), R(19)])], ["bad-frame", 0]],
    ["saving a reserved register", [Ins.enter(0, [R(29)])], ["reserved-register", 0]],
    ["i64 vector multiply", [Ins.vmul(Lane.I64, V(0), V(1), V(2))], ["unsupported", 0]],
    ["integer vector divide", [Ins.vdiv(Lane.I32, V(0), V(1), V(2))], ["unsupported", 0]],
    ["float vector shift", [Ins.vshri(Lane.F32, V(0), V(1), 1)], ["unsupported", 0]],
    ["unknown op", [{ op: "frobnicate" } as unknown as IrIns], ["unsupported", 0]],
  ])("%s", (_name, ir, want) => {
    expect(errorOf(ir)).toEqual(want);
  });

  it("b.cond beyond 1 MiB is branch-out-of-range, b is not", () => {
    const far = Ins.data(new Uint8Array(1 << 20));
    expect(errorOf([Ins.b(Cond.Ne, 0), far, Ins.label(0), Ins.ret()])).toEqual(["branch-out-of-range", 0]);
    expect(errorOf([Ins.jmp(0), far, Ins.label(0), Ins.ret()])).toBe("ok");
    expect(errorOf([Ins.ret(), Ins.addr(R(0), 0), far, Ins.label(0)])).toEqual(["branch-out-of-range", 1]);
  });

  it("b.cond exactly 1 MiB back is in range", () => {
    const out = aarch64Backend.assemble([Ins.label(0), Ins.data(new Uint8Array(1 << 20)), Ins.b(Cond.Eq, 0)]);
    expect(out.ok && Buffer.from(out.bytes.subarray(-4)).toString("hex")).toBe("00008054"); // b.eq #-0x100000
  });

  it("a branch to a label that is not word aligned is refused", () => {
    expect(errorOf([Ins.jmp(0), Ins.data([1]), Ins.label(0), Ins.data([2])])).toEqual(["branch-out-of-range", 0]);
  });

  it("the backend stays usable after an error", () => {
    expect(errorOf([Ins.label(0), Ins.label(0)])).toEqual(["duplicate-label", 1]);
    const out = aarch64Backend.assemble([Ins.label(0), Ins.ret()]);
    expect(out.ok && Array.from(out.labels)).toEqual([0]);
  });
});
