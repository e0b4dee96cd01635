import { afterAll, describe, expect, test } from "vitest";
import { CodeArena, Cond, EjitCompileError, Executable, Ins, R, aarch64Regs, regs, x86_64Regs, type Ins as IrIns } from "../../ejit/index.js";
import { requireTools } from "../tools.js";

const [A0, A1, A2, A3, A4] = regs.ARGS as [R, R, R, R, R];
const RES = regs.RES[0]!;
const arena = new CodeArena({ size: 1 << 20 });
afterAll(() => arena.dispose());

/** The README loop over the given registers. */
function readme(count: R, tot: R, inc: R, res: R): IrIns[] {
  return [
    Ins.movi(count, 10000), Ins.movi(tot, 0), Ins.movi(inc, 1),
    Ins.label(0), Ins.add(tot, tot, count), Ins.sub(count, count, inc),
    Ins.cmpi(count, 0), Ins.b(Cond.Ne, 0),
    Ins.mov(res, tot), Ins.ret(),
  ];
}

/** RES = a0 + a1 + a2 + a3 + a4 */
const sum5: IrIns[] = [Ins.add(RES, A0, A1), Ins.add(RES, RES, A2), Ins.add(RES, RES, A3), Ins.add(RES, RES, A4), Ins.ret()];

describe("Executable", () => {
  test("passes numbers and bigints, returns exact unsigned 64-bit values", () => {
    const identity = Executable.fromIr([Ins.mov(RES, A0), Ins.ret()], { arena });
    expect(identity.call(0, [(1n << 64n) - 1n])).toBe(18446744073709551615n);
    expect(identity.call(0, [-2])).toBe(18446744073709551614n);
    expect(identity.call(0, [2 ** 53 + 2])).toBe(9007199254740994n);
    expect(identity.call(0, [0x8000_0000_0000_0000n])).toBe(0x8000_0000_0000_0000n);
    const sum = Executable.fromIr(sum5, { arena });
    expect(sum.call(0, [1, 2, 3, 4, 5])).toBe(15n);
    expect(sum.call(0, [1n << 62n, 1n << 62n, 1n << 62n, 1n << 62n, 1])).toBe(1n);
    expect(() => sum.call(0, [1, 2, 3, 4, 5, 6])).toThrow("at most 5 arguments");
    identity.free();
    sum.free();
  });

  test("the entry trampoline keeps the ABI's stack alignment at entry", () => {
    // System V x86-64 3.2.2: rsp + 8 is a multiple of 16 at entry; AAPCS64: sp is.
    const exe = Executable.fromIr([Ins.mov(RES, regs.SP), Ins.ret()], { arena });
    expect(exe.call() % 16n).toBe(regs.arch === "x86_64" ? 8n : 0n);
    exe.free();
  });

  test("movi of every width comes back exact", () => {
    for (const v of [0n, 1n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1234_5678_9abc_def0n, (1n << 64n) - 1n]) {
      const exe = Executable.fromIr([Ins.movi(RES, v), Ins.ret()], { arena });
      expect(exe.call()).toBe(v);
      exe.free();
    }
    const neg = Executable.fromIr([Ins.movi(RES, -5), Ins.ret()], { arena });
    expect(neg.call()).toBe((1n << 64n) - 5n);
    neg.free();
  });

  test("runs the same way from an arena in the mprotect fallback mode", () => {
    const toggled = new CodeArena({ size: 1 << 16, forceMprotect: true });
    const exe = Executable.fromIr(readme(A0, A1, A2, RES), { arena: toggled });
    expect(toggled.mode).toBe("mprotect");
    expect(exe.call(0, [])).toBe(50005000n);
    toggled.dispose();
    expect(() => exe.call()).toThrow("disposed");
  });

  test("labels: offsets, addresses, and calling from a label", () => {
    const exe = Executable.fromIr(
      [Ins.movi(RES, 1), Ins.ret(), Ins.label(3), Ins.movi(RES, 2), Ins.ret()],
      { arena },
    );
    expect(exe.labels[0]).toBe(-1);
    const at = exe.labels[3]!;
    expect(at).toBeGreaterThan(0);
    expect(exe.labelAddress(3)).toBe(exe.address + at);
    expect(exe.call(0)).toBe(1n);
    expect(exe.call(at)).toBe(2n);
    expect(() => exe.labelAddress(0)).toThrow("label 0 is not defined");
    expect(() => exe.call(exe.size)).toThrow(RangeError);
    expect(exe.bytes().length).toBe(exe.size);
    exe.free();
  });

  test("compile errors come back as values from tryFromIr and as EjitCompileError from fromIr", () => {
    const missing = [Ins.cmpi(A0, 0), Ins.b(Cond.Eq, 7), Ins.ret()];
    const result = Executable.tryFromIr(missing, { arena });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe("missing-label");
    expect(result.error.index).toBe(1);
    expect(result.error.ins).toBe(missing[1]);
    let thrown: unknown;
    try {
      Executable.fromIr(missing, { arena });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(EjitCompileError);
    expect((thrown as EjitCompileError).error.kind).toBe("missing-label");
    expect(arena.blockCount).toBe(0);
  });

  test("a full arena is an out-of-memory error value", () => {
    const small = new CodeArena({ size: 4096 });
    const big = Ins.data(new Uint8Array(3000));
    const first = Executable.tryFromIr([Ins.ret(), big], { arena: small });
    expect(first.ok).toBe(true);
    const second = Executable.tryFromIr([Ins.ret(), big], { arena: small });
    expect(second.ok ? "ok" : second.error.kind).toBe("out-of-memory");
    small.dispose();
  });

  test("free gives the block back; calling a freed or flushed Executable throws", () => {
    const exe = Executable.fromIr([Ins.movi(RES, 9), Ins.ret()], { arena });
    expect(arena.blockCount).toBe(1);
    exe.free();
    expect(arena.blockCount).toBe(0);
    expect(() => exe.call()).toThrow("freed");
    exe.free();
    const stale = Executable.fromIr([Ins.movi(RES, 9), Ins.ret()], { arena });
    arena.flush();
    const fresh = Executable.fromIr([Ins.movi(RES, 10), Ins.ret()], { arena });
    expect(fresh.address).toBe(stale.address);
    expect(() => stale.call()).toThrow("flushed");
    expect(fresh.call()).toBe(10n);
    fresh.free();
  });

  test("disassembles x86-64 code exactly (installed when this is the host)", () => {
    const r = x86_64Regs;
    const exe = Executable.fromIr(readme(r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!, r.RES[0]!), { arena, arch: "x86_64" });
    const at = (offset: number): string => (exe.address + offset).toString(16);
    expect(exe.disassemble()).toBe(
      [
        `${at(0x00)}  bf10270000            mov edi, 0x2710`,
        `${at(0x05)}  be00000000            mov esi, 0`,
        `${at(0x0a)}  ba01000000            mov edx, 1`,
        `${at(0x0f)}  4801fe                add rsi, rdi`,
        `${at(0x12)}  4829d7                sub rdi, rdx`,
        `${at(0x15)}  4885ff                test rdi, rdi`,
        `${at(0x18)}  75f5                  jne 0x${at(0x0f)}`,
        `${at(0x1a)}  4889f0                mov rax, rsi`,
        `${at(0x1d)}  c3                    ret`,
      ].join("\n"),
    );
    exe.free();
  });

  test("code for the other architecture is built but not callable", () => {
    const other = regs.arch === "x86_64" ? "aarch64" : "x86_64";
    const r = other === "aarch64" ? aarch64Regs : regs;
    const exe = Executable.fromIr([Ins.mov(r.RES[0]!, r.ARGS[1]!), Ins.ret()], { arch: other });
    expect(exe.arch).toBe(other);
    expect(exe.address).toBe(0);
    expect(exe.bytes().length).toBe(exe.size);
    expect(() => exe.call()).toThrow(`holds ${other} code`);
  });

  test("AArch64 code is built on this host and disassembled with the cross tools", (ctx) => {
    requireTools(ctx, "aarch64-linux-gnu-objdump");
    const r = aarch64Regs;
    const exe = Executable.fromIr(readme(r.ARGS[0]!, r.ARGS[1]!, r.ARGS[2]!, r.RES[0]!), { arch: "aarch64" });
    expect(exe.labels[0]).toBe(12);
    expect(exe.disassemble()).toBe(
      [
        "0000  d284e200              mov x0, #0x2710  // #10000",
        "0004  d2800001              mov x1, #0x0  // #0",
        "0008  d2800022              mov x2, #0x1  // #1",
        "000c  8b000021              add x1, x1, x0",
        "0010  cb020000              sub x0, x0, x2",
        "0014  f100001f              cmp x0, #0x0",
        "0018  54ffffa1              b.ne 0xc  // b.any",
        "001c  aa0103e0              mov x0, x1",
        "0020  d65f03c0              ret",
      ].join("\n"),
    );
  });
});
