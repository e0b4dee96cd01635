/**
 * IR text (ejit/format.ts) as the `blocks` command shows it: host register
 * names with a map, Ejit numbers without; labels flush left; data as hex.
 */
import { describe, expect, test } from "vitest";
import { formatIns, formatProgram } from "../../../ejit/format.js";
import { Cond, Ins, Lane, R, Type, V } from "../../../ejit/ir.js";
import { aarch64Regs, x86_64Regs } from "../../../ejit/regs.js";
import { readmeLoop } from "../cases.js";

describe("IR formatter", () => {
  test("every instruction form, with x86-64 names", () => {
    const r = x86_64Regs;
    const lines = [
      Ins.label(3), Ins.enter(32, [R(8), R(9)]), Ins.leave(0), Ins.addr(R(0), 3),
      Ins.ld(Type.S16, R(2), R(1), 8), Ins.ldx(Type.U64, R(6), R(14), R(3), 2, -16), Ins.st(Type.U8, R(0), R(13)),
      Ins.stx(Type.U32, R(5), R(1), R(4), 0, 4), Ins.add(R(6), R(6), R(0)), Ins.sdiv(R(0), R(1), R(2)),
      Ins.addi(R(0), R(0), -1), Ins.andi(R(1), R(2), 255), Ins.not(R(0), R(1)), Ins.movi(R(6), 42), Ins.movi(R(6), -1n),
      Ins.cmp(R(0), R(1)), Ins.cmpi(R(0), 0), Ins.select(Cond.Ule, R(6), R(0), R(1)), Ins.b(Cond.Sgt, 3), Ins.jmp(3),
      Ins.call(R(7)), Ins.br(R(0)), Ins.ret(), Ins.data([0, 0xab, 0x10]), Ins.align(16), Ins.vld(V(1), R(0), 16),
      Ins.vstx(V(14), R(0), R(1), 3), Ins.vmov(V(2), V(3)), Ins.vmul(Lane.F32, V(0), V(1), V(2)), Ins.vxor(V(0), V(0), V(0)),
      Ins.vsari(Lane.I16, V(4), V(5), 3),
    ].map((ins) => formatIns(ins, r));
    expect(lines).toEqual([
      "L3:", "enter 32, {rbx, r12}", "leave 0", "addr rdi, L3",
      "ld.s16 rdx, [rsi + 8]", "ld.u64 rax, [rsp + rcx*4 - 16]", "st.u8 [rbp], rdi",
      "st.u32 [rsi + r8 + 4], r9", "add rax, rax, rdi", "sdiv rdi, rsi, rdx",
      "addi rdi, rdi, -1", "andi rsi, rdx, 255 (0xff)", "not rdi, rsi", "movi rax, 42 (0x2a)", "movi rax, -1 (0xffffffffffffffff)",
      "cmp rdi, rsi", "cmpi rdi, 0", "select.ule rax, rdi, rsi", "b.sgt L3", "jmp L3",
      "call r10", "br rdi", "ret", "data 00 ab 10", "align 16", "vld v1, [rdi + 16]",
      "vst [rdi + rsi*8], v14", "vmov v2, v3", "vmul.f32 v0, v1, v2", "vxor v0, v0, v0",
      "vsari.i16 v4, v5, 3",
    ]);
  });

  test("without a register map: Ejit numbers; with the AArch64 map: x names", () => {
    expect(formatIns(Ins.add(R(6), R(6), R(0)))).toBe("add r6, r6, r0");
    expect(formatIns(Ins.ld(Type.U8, R(31), R(31), 4), aarch64Regs)).toBe("ld.u8 sp, [sp + 4]");
  });

  test("a program: labels flush left, the rest indented", () => {
    expect(formatProgram(readmeLoop.program(x86_64Regs), x86_64Regs)).toBe(
      [
        "  movi rdi, 10000 (0x2710)", "  movi rsi, 0", "  movi rdx, 1", "L0:", "  add rsi, rsi, rdi",
        "  sub rdi, rdi, rdx", "  cmpi rdi, 0", "  b.ne L0", "  mov rax, rsi", "  ret",
      ].join("\n"),
    );
  });
});
