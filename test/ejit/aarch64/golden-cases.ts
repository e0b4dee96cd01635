/**
 * Golden table of the AArch64 backend: each IR snippet with the assembly it
 * must become, one form per row. The expected bytes are not written here:
 * gen-golden.ts assembles the `asm` column once with llvm-mc into
 * golden.json, and aarch64-golden.test.ts compares the backend against it.
 * Branch and ADR operands are byte offsets from the instruction.
 */
import { Cond, Ins, Lane, R, Type, V, type Ins as IrIns } from "../../../ejit/ir.js";

export interface GoldenCase {
  readonly ir: readonly IrIns[];
  /** Assembly, one instruction per entry (empty: the IR emits nothing). */
  readonly asm: readonly string[];
}

const x = R;
const v = V;
const SP = R(31);
const cases: GoldenCase[] = [];
const add = (ir: IrIns | IrIns[], ...asm: string[]): void => {
  cases.push({ ir: Array.isArray(ir) ? ir : [ir], asm });
};

// Three-register ALU ops.
const binOps = [
  ["add", "add"], ["sub", "sub"], ["and", "and"], ["or", "orr"], ["xor", "eor"], ["shl", "lsl"],
  ["shr", "lsr"], ["sar", "asr"], ["mul", "mul"], ["udiv", "udiv"], ["sdiv", "sdiv"],
] as const;
for (const [op, mnemonic] of binOps) {
  add(Ins[op](x(0), x(1), x(2)), `${mnemonic} x0, x1, x2`);
  add(Ins[op](x(28), x(15), x(27)), `${mnemonic} x28, x15, x27`);
}
add(Ins.not(x(3), x(4)), "mvn x3, x4");
add(Ins.neg(x(3), x(4)), "neg x3, x4");
add(Ins.mov(x(3), x(4)), "mov x3, x4");
add(Ins.mov(x(5), x(5)));
add(Ins.mov(SP, x(1)), "mov sp, x1");
add(Ins.mov(x(2), SP), "mov x2, sp");

// addi/subi: imm12, imm12 LSL 12, a pair of them, else through x16.
add(Ins.addi(x(0), x(1), 0), "add x0, x1, #0");
add(Ins.addi(x(1), x(1), 0));
add(Ins.addi(x(0), x(1), 4095), "add x0, x1, #4095");
add(Ins.addi(x(0), x(1), 4096), "add x0, x1, #1, lsl #12");
add(Ins.addi(x(0), x(1), 0xfff000), "add x0, x1, #4095, lsl #12");
add(Ins.addi(x(0), x(1), 0x123456), "add x0, x1, #0x123, lsl #12", "add x0, x0, #0x456");
add(Ins.addi(x(0), x(1), 0x1000000), "movz x16, #0x100, lsl #16", "add x0, x1, x16");
add(Ins.addi(x(0), x(1), 0x7fffffff), "orr x16, xzr, #0x7fffffff", "add x0, x1, x16");
add(Ins.addi(x(0), x(1), -1), "sub x0, x1, #1");
add(Ins.addi(x(0), x(1), -4096), "sub x0, x1, #1, lsl #12");
add(Ins.addi(x(0), x(1), -0x123456), "sub x0, x1, #0x123, lsl #12", "sub x0, x0, #0x456");
add(Ins.addi(x(0), x(1), -0x80000000), "movz x16, #0x8000, lsl #16", "sub x0, x1, x16");
add(Ins.addi(SP, SP, 16), "add sp, sp, #16");
add(Ins.addi(x(0), SP, 32), "add x0, sp, #32");
add(Ins.addi(SP, x(1), 0x12345678), "movz x16, #0x5678", "movk x16, #0x1234, lsl #16", "add sp, x1, x16, uxtx");
add(Ins.subi(x(7), x(8), 16), "sub x7, x8, #16");
add(Ins.subi(SP, SP, 0x10010), "sub sp, sp, #0x10, lsl #12", "sub sp, sp, #0x10");
add(Ins.subi(x(0), x(1), -0x80000000), "movz x16, #0x8000, lsl #16", "add x0, x1, x16");
add(Ins.subi(x(0), SP, 0x1000000), "movz x16, #0x100, lsl #16", "sub x0, sp, x16, uxtx");

// Logical immediates: bitmask encodings, else through x16.
add(Ins.andi(x(0), x(1), 0xff), "and x0, x1, #0xff");
add(Ins.andi(x(0), x(1), 0xfff0), "and x0, x1, #0xfff0");
add(Ins.andi(x(0), x(1), -256), "and x0, x1, #0xffffffffffffff00");
add(Ins.andi(x(0), x(1), 1), "and x0, x1, #1");
add(Ins.andi(x(0), x(1), 0x55555555), "orr w16, wzr, #0x55555555", "and x0, x1, x16");
add(Ins.andi(x(0), x(1), 0), "movz x0, #0");
add(Ins.andi(x(0), x(1), -1), "mov x0, x1");
add(Ins.andi(x(2), x(2), -1));
add(Ins.ori(x(0), x(1), 0), "mov x0, x1");
add(Ins.ori(x(0), x(1), -1), "movn x0, #0");
add(Ins.xori(x(0), x(1), 0), "mov x0, x1");
add(Ins.xori(x(0), x(1), -1), "mvn x0, x1");
add(Ins.andi(x(0), x(1), 0x12345), "movz x16, #0x2345", "movk x16, #0x1, lsl #16", "and x0, x1, x16");
add(Ins.ori(x(2), x(3), -0x80000000), "orr x2, x3, #0xffffffff80000000");
add(Ins.ori(x(2), x(3), 0x7ffffffe), "orr x2, x3, #0x7ffffffe");
add(Ins.xori(x(2), x(3), 0x0f0f0f0f), "orr w16, wzr, #0x0f0f0f0f", "eor x2, x3, x16");
add(Ins.xori(x(2), x(3), 0x3c), "eor x2, x3, #0x3c");
add(Ins.xori(x(2), x(3), -2), "eor x2, x3, #0xfffffffffffffffe");

// Immediate shifts and multiplies.
for (const s of [0, 1, 63]) {
  add(Ins.shli(x(4), x(5), s), `lsl x4, x5, #${s}`);
  add(Ins.shri(x(4), x(5), s), `lsr x4, x5, #${s}`);
  add(Ins.sari(x(4), x(5), s), `asr x4, x5, #${s}`);
}
add(Ins.muli(x(0), x(1), 8), "lsl x0, x1, #3");
add(Ins.muli(x(0), x(1), 1), "mov x0, x1");
add(Ins.muli(x(0), x(1), 0), "movz x0, #0");
add(Ins.muli(x(0), x(1), -1), "neg x0, x1");
add(Ins.muli(x(0), x(1), 2), "lsl x0, x1, #1");
add(Ins.muli(x(0), x(1), 10), "movz x16, #10", "mul x0, x1, x16");
add(Ins.muli(x(0), x(1), -3), "movn x16, #2", "mul x0, x1, x16");

// movi: MOVZ/MOVN + MOVK, or one ORR when it is shorter.
add(Ins.movi(x(0), 0), "movz x0, #0");
add(Ins.movi(x(0), 1), "movz x0, #1");
add(Ins.movi(x(9), 0xffff), "movz x9, #0xffff");
add(Ins.movi(x(0), 0x10000), "movz x0, #1, lsl #16");
add(Ins.movi(x(0), 0x12345678), "movz x0, #0x5678", "movk x0, #0x1234, lsl #16");
add(Ins.movi(x(0), -1), "movn x0, #0");
add(Ins.movi(x(0), -2), "movn x0, #1");
add(Ins.movi(x(0), -0x10000), "movn x0, #0xffff");
add(Ins.movi(x(0), -0x12345), "movn x0, #0x2344", "movk x0, #0xfffe, lsl #16");
add(Ins.movi(x(0), 0xffff0000ffffn), "orr x0, xzr, #0xffff0000ffff");
add(Ins.movi(x(0), 0xaaaaaaaaaaaaaaaan), "orr x0, xzr, #0xaaaaaaaaaaaaaaaa");
add(Ins.movi(x(0), 0xffffffff00000000n), "orr x0, xzr, #0xffffffff00000000");
add(Ins.movi(x(0), 0x123456789abcdef0n), "movz x0, #0xdef0", "movk x0, #0x9abc, lsl #16", "movk x0, #0x5678, lsl #32", "movk x0, #0x1234, lsl #48");
add(Ins.movi(x(0), 0xffff1234ffff5678n), "movn x0, #0xa987", "movk x0, #0x1234, lsl #32");
add(Ins.movi(x(0), 1n << 63n), "movz x0, #0x8000, lsl #48");
add(Ins.movi(x(0), 2 ** 53), "movz x0, #0x20, lsl #48");
add(Ins.movi(x(0), 2 ** 63), "movz x0, #0x8000, lsl #48");
add(Ins.movi(x(0), -(2 ** 63)), "movz x0, #0x8000, lsl #48");
add(Ins.movi(x(0), 2 ** 64 - 2 ** 12), "movn x0, #0xfff");
add(Ins.movi(x(0), 0x1234n << 32n), "movz x0, #0x1234, lsl #32");
add(Ins.movi(x(0), -(1n << 63n)), "movz x0, #0x8000, lsl #48");
add(Ins.movi(x(0), 0xff00ff00), "orr w0, wzr, #0xff00ff00");
add(Ins.movi(x(7), 0xfffffffe), "orr x7, xzr, #0xfffffffe");
add(Ins.movi(x(7), 0x33333333), "orr w7, wzr, #0x33333333");
add(Ins.movi(x(0), 0x12345678n << 32n), "movz x0, #0x5678, lsl #32", "movk x0, #0x1234, lsl #48");

// Compares and selects.
add(Ins.cmp(x(1), x(2)), "cmp x1, x2");
for (const imm of [0, 4095]) add(Ins.cmpi(x(3), imm), `cmp x3, #${imm}`);
add(Ins.cmpi(x(3), 4096), "cmp x3, #1, lsl #12");
add(Ins.cmpi(x(3), -1), "cmn x3, #1");
add(Ins.cmpi(x(3), -4096), "cmn x3, #1, lsl #12");
add(Ins.cmpi(x(3), 0x123456), "movz x16, #0x3456", "movk x16, #0x12, lsl #16", "cmp x3, x16");
add(Ins.cmpi(x(3), -0x80000000), "orr x16, xzr, #0xffffffff80000000", "cmp x3, x16");
const condNames = ["eq", "ne", "lt", "le", "gt", "ge", "lo", "ls", "hi", "hs"];
const conds = [Cond.Eq, Cond.Ne, Cond.Slt, Cond.Sle, Cond.Sgt, Cond.Sge, Cond.Ult, Cond.Ule, Cond.Ugt, Cond.Uge];
conds.forEach((cond, k) => {
  add(Ins.select(cond, x(0), x(1), x(2)), `csel x0, x1, x2, ${condNames[k]}`);
  add([Ins.b(cond, 1), Ins.label(1)], `b.${condNames[k]} #4`);
  add([Ins.label(0), Ins.ret(), Ins.b(cond, 0)], "ret", `b.${condNames[k]} #-4`);
});

// Control flow.
add([Ins.jmp(3), Ins.ret(), Ins.label(3)], "b #8", "ret");
add([Ins.label(2), Ins.jmp(2)], "b #0");
add([Ins.addr(x(5), 7), Ins.ret(), Ins.label(7)], "adr x5, #8", "ret");
add([Ins.label(7), Ins.ret(), Ins.addr(x(5), 7)], "ret", "adr x5, #-4");
add(Ins.call(x(9)), "blr x9");
add(Ins.br(x(10)), "br x10");
add(Ins.ret(), "ret");
add([Ins.ret(), Ins.align(16)], "ret", "nop", "nop", "nop");

// Frames.
add(Ins.enter(0), "stp x29, x30, [sp, #-16]!", "mov x29, sp");
add(Ins.leave(0), "ldp x29, x30, [sp], #16");
add(Ins.enter(16, [x(19)]), "stp x29, x30, [sp, #-16]!", "mov x29, sp", "str x19, [sp, #-16]!", "sub sp, sp, #16");
add(Ins.leave(16, [x(19)]), "add sp, sp, #16", "ldr x19, [sp], #16", "ldp x29, x30, [sp], #16");
add(
  Ins.enter(48, [x(19), x(20), x(21)]),
  "stp x29, x30, [sp, #-16]!", "mov x29, sp", "stp x19, x20, [sp, #-16]!", "str x21, [sp, #-16]!", "sub sp, sp, #48",
);
add(
  Ins.leave(48, [x(19), x(20), x(21)]),
  "add sp, sp, #48", "ldr x21, [sp], #16", "ldp x19, x20, [sp], #16", "ldp x29, x30, [sp], #16",
);
add(
  Ins.enter(0x12340, [x(22), x(23)]),
  "stp x29, x30, [sp, #-16]!", "mov x29, sp", "stp x22, x23, [sp, #-16]!", "sub sp, sp, #0x12, lsl #12", "sub sp, sp, #0x340",
);
add(
  Ins.leave(0x12340, [x(22), x(23)]),
  "add sp, sp, #0x12, lsl #12", "add sp, sp, #0x340", "ldp x22, x23, [sp], #16", "ldp x29, x30, [sp], #16",
);

// Loads and stores of every type, in every addressing form.
const loads = [
  [Type.U8, "ldrb w", "ldurb w", 0], [Type.S8, "ldrsb x", "ldursb x", 0],
  [Type.U16, "ldrh w", "ldurh w", 1], [Type.S16, "ldrsh x", "ldursh x", 1],
  [Type.U32, "ldr w", "ldur w", 2], [Type.S32, "ldrsw x", "ldursw x", 2], [Type.U64, "ldr x", "ldur x", 3],
] as const;
for (const [ty, ldr, ldur, log2] of loads) {
  const size = 1 << log2;
  add(Ins.ld(ty, x(0), x(1)), `${ldr}0, [x1]`);
  add(Ins.ld(ty, x(0), x(1), 4095 * size), `${ldr}0, [x1, #${4095 * size}]`);
  add(Ins.ld(ty, x(2), SP, 8 * size), `${ldr}2, [sp, #${8 * size}]`);
  add(Ins.ld(ty, x(0), x(1), -256), `${ldur}0, [x1, #-256]`);
  add(Ins.ld(ty, x(0), x(1), 255), size === 1 ? `${ldr}0, [x1, #255]` : `${ldur}0, [x1, #255]`);
  add(Ins.ld(ty, x(0), x(1), 0x12345), "movz x16, #0x2345", "movk x16, #0x1, lsl #16", `${ldr}0, [x1, x16]`);
  add(Ins.ld(ty, x(0), SP, -0x1000), "movn x16, #0xfff", `${ldr}0, [sp, x16]`);
  add(Ins.ldx(ty, x(0), x(1), x(2)), `${ldr}0, [x1, x2]`);
  if (log2 > 0) add(Ins.ldx(ty, x(0), x(1), x(2), log2), `${ldr}0, [x1, x2, lsl #${log2}]`);
  const other = log2 === 3 ? 1 : 3;
  add(Ins.ldx(ty, x(0), x(1), x(2), other), `add x16, x1, x2, lsl #${other}`, `${ldr}0, [x16]`);
}
add(Ins.ldx(Type.U64, x(0), SP, x(2), 1), "add x16, sp, x2, uxtx #1", "ldr x0, [x16]");
add(Ins.ldx(Type.U64, x(0), x(1), x(2), 3, 8), "add x16, x1, x2, lsl #3", "ldr x0, [x16, #8]");
add(Ins.ldx(Type.U32, x(0), x(1), x(2), 0, -4), "add x16, x1, x2", "ldur w0, [x16, #-4]");
add(Ins.ldx(Type.U8, x(0), x(1), x(2), 2, 0x10000), "add x16, x1, x2, lsl #2", "movz x17, #1, lsl #16", "ldrb w0, [x16, x17]");
const stores = [[Type.U8, "strb w", "sturb w", 0], [Type.S8, "strb w", "sturb w", 0], [Type.U16, "strh w", "sturh w", 1],
  [Type.S16, "strh w", "sturh w", 1], [Type.U32, "str w", "stur w", 2], [Type.S32, "str w", "stur w", 2], [Type.U64, "str x", "stur x", 3]] as const;
for (const [ty, str, stur, log2] of stores) {
  const size = 1 << log2;
  add(Ins.st(ty, x(3), x(4), 12 * size), `${str}3, [x4, #${12 * size}]`);
  add(Ins.st(ty, x(3), SP, -8), `${stur}3, [sp, #-8]`);
  add(Ins.st(ty, x(3), x(4), 0x7fffffff), "orr x16, xzr, #0x7fffffff", `${str}3, [x4, x16]`);
  add(Ins.st(ty, x(3), x(4), 0x12340), "movz x16, #0x2340", "movk x16, #0x1, lsl #16", `${str}3, [x4, x16]`);
  add(Ins.stx(ty, x(3), x(4), x(5), log2), log2 === 0 ? `${str}3, [x4, x5]` : `${str}3, [x4, x5, lsl #${log2}]`);
  add(Ins.stx(ty, x(3), SP, x(5), 0, 16), "add x16, sp, x5, uxtx", `${str}3, [x16, #16]`);
}

// 128-bit vector loads and stores.
add(Ins.vld(v(0), x(1)), "ldr q0, [x1]");
add(Ins.vld(v(31), SP, 65520), "ldr q31, [sp, #65520]");
add(Ins.vld(v(2), x(1), -16), "ldur q2, [x1, #-16]");
add(Ins.vld(v(2), x(1), 8), "ldur q2, [x1, #8]");
add(Ins.vld(v(2), x(1), 0x100000), "movz x16, #0x10, lsl #16", "ldr q2, [x1, x16]");
add(Ins.vldx(v(3), x(1), x(2)), "ldr q3, [x1, x2]");
add(Ins.vldx(v(3), x(1), x(2), 3, 32), "add x16, x1, x2, lsl #3", "ldr q3, [x16, #32]");
add(Ins.vst(v(4), x(5), 32), "str q4, [x5, #32]");
add(Ins.vst(v(4), SP, -256), "stur q4, [sp, #-256]");
add(Ins.vstx(v(4), x(5), x(6)), "str q4, [x5, x6]");
add(Ins.vstx(v(4), x(5), x(6), 2), "add x16, x5, x6, lsl #2", "str q4, [x16]");

// Vector arithmetic, logic, moves and shifts.
const arrangement = ["16b", "8h", "4s", "2d", "4s", "2d"];
const lanes = [Lane.I8, Lane.I16, Lane.I32, Lane.I64, Lane.F32, Lane.F64];
lanes.forEach((lane, k) => {
  const t = arrangement[k]!;
  const fp = lane === Lane.F32 || lane === Lane.F64;
  add(Ins.vadd(lane, v(0), v(1), v(2)), `${fp ? "fadd" : "add"} v0.${t}, v1.${t}, v2.${t}`);
  add(Ins.vsub(lane, v(29), v(30), v(31)), `${fp ? "fsub" : "sub"} v29.${t}, v30.${t}, v31.${t}`);
  if (lane !== Lane.I64) add(Ins.vmul(lane, v(3), v(4), v(5)), `${fp ? "fmul" : "mul"} v3.${t}, v4.${t}, v5.${t}`);
  if (fp) add(Ins.vdiv(lane, v(6), v(7), v(8)), `fdiv v6.${t}, v7.${t}, v8.${t}`);
  if (!fp) {
    const esize = 8 << lane;
    for (const s of [0, 1, esize - 1]) add(Ins.vshli(lane, v(9), v(10), s), `shl v9.${t}, v10.${t}, #${s}`);
    for (const s of [1, esize - 1]) {
      add(Ins.vshri(lane, v(9), v(10), s), `ushr v9.${t}, v10.${t}, #${s}`);
      add(Ins.vsari(lane, v(9), v(10), s), `sshr v9.${t}, v10.${t}, #${s}`);
    }
    add(Ins.vshri(lane, v(9), v(10), 0), "mov v9.16b, v10.16b");
    add(Ins.vsari(lane, v(9), v(9), 0));
  }
});
add(Ins.vand(v(0), v(1), v(2)), "and v0.16b, v1.16b, v2.16b");
add(Ins.vor(v(0), v(1), v(2)), "orr v0.16b, v1.16b, v2.16b");
add(Ins.vxor(v(0), v(1), v(2)), "eor v0.16b, v1.16b, v2.16b");
add(Ins.vmov(v(0), v(17)), "mov v0.16b, v17.16b");
add(Ins.vmov(v(3), v(3)));

export const goldenCases: readonly GoldenCase[] = cases;
