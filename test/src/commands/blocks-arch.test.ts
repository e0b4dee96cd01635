/**
 * `ejemu blocks --arch aarch64` on this x86-64 host: the program runs
 * natively to find the blocks, then each block is translated again for
 * AArch64 and assembled (cpu/jit/cross-translate.ts). The dumps must show
 * AArch64 registers and code, never x86-64's.
 */
import { describe, expect, test } from "vitest";
import { requireTools } from "../../tools.js";
import { cli, file, words } from "./helpers.js";

/** x86-64 registers and mnemonics that AArch64 listings never contain. */
const X86 = /\b(rax|rbx|rcx|rdx|rsi|rdi|rbp|rsp|r8|r9|r1[0-5]|eax|ebx|ecx|edx|movzx|movabs|jmp|jne|lea|push|pop)\b/;

/** The AArch64 bytes a block header announces. */
function bytesOf(header: string): number {
  return Number(/, (\d+) aarch64 bytes/.exec(header)![1]);
}

/** The lines of the first block's listing section that starts with `heading`, indentation dropped. */
function section(lines: readonly string[], heading: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(heading));
  expect(start).toBeGreaterThan(0);
  const out: string[] = [];
  for (let k = start + 1; k < lines.length && lines[k]!.startsWith("    "); k++) out.push(lines[k]!.trim());
  return out;
}

// 0200 ld v0, 5; 0202 add v1, 1; 0204 add v0, v1; 0206 jp 0202 (a loop that links to itself).
const chip8 = file("arch-loop.ch8", words(0x6005, 0x7101, 0x8014, 0x1202));

// $0400 LDA #0; LDX #5; CLC; $0405 ADC #3; DEX; BNE $0405; $040A JMP $040A (the bare machine's trap).
const mos6502 = file("arch-loop.bin", Uint8Array.of(0xa9, 0x00, 0xa2, 0x05, 0x18, 0x69, 0x03, 0xca, 0xd0, 0xfb, 0x4c, 0x0a, 0x04));

describe("blocks --arch aarch64, CHIP-8", () => {
  test("the loop block's IR and code are AArch64's", async (ctx) => {
    requireTools(ctx, "aarch64-linux-gnu-objdump"); // the listing's text is objdump's
    const r = await cli("blocks", chip8, "--frames", "1", "--tickrate", "30", "--arch", "aarch64", "--at", "0x202");
    expect(r.code).toBe(0);
    const out = r.out;
    expect(out.filter((l) => l.startsWith("block "))).toEqual([expect.stringMatching(/^block 0202: 3 guest instructions, \d+ IR instructions, \d+ aarch64 bytes, entered 9 times$/)]);
    expect(out).toContain("  links out: 0202; linked in: 2; invalidated here before: 0");
    const ir = section(out, "  ir:");
    // The budget check at entry, then V1 += 1 and V0 += V1 (V1 = x2, V0 = x1) kept to 8 bits, the carry into VF (x8).
    for (const line of ["cmpi x20, 3", "addi x2, x2, 1", "add x9, x1, x2", "shri x8, x9, 8", "subi x20, x20, 3"]) expect(ir).toContain(line);
    const host = section(out, "  host (aarch64, translate only");
    expect(host.length * 4).toBe(bytesOf(out[0 + out.findIndex((l) => l.startsWith("block "))]!));
    for (const text of ["cmp x20, #0x3", "add x2, x2, #0x1", "add x9, x1, x2", "lsr x8, x9, #8", "sub x20, x20, #0x3"]) {
      expect(host.filter((l) => l.endsWith(`  ${text}`))).toHaveLength(1);
    }
    // The jump back to 0202 is a linked slot: a direct branch to the block's own (placeholder) address.
    const own = host[0]!.slice(0, 12);
    expect(own).toMatch(/^7fa01000[0-9a-f]{4}$/);
    expect(host.filter((l) => l.endsWith(`  b 0x${own}`))).toHaveLength(1);
    expect(out.join("\n")).not.toMatch(X86);
  });
  test("--json carries the AArch64 IR and listing", async (ctx) => {
    requireTools(ctx, "aarch64-linux-gnu-objdump"); // one disassembled line per word
    const r = await cli("blocks", chip8, "--frames", "1", "--tickrate", "30", "--arch", "aarch64", "--json");
    expect(r.code).toBe(0);
    const dump = JSON.parse(r.out[0]!) as { blocks: { pc: number; arch: string; hostBytes: number; ir: string; host: string }[] };
    expect(dump.blocks.map((b) => [b.pc, b.arch])).toEqual([[0x200, "aarch64"], [0x202, "aarch64"]]);
    for (const b of dump.blocks) {
      expect(b.host.split("\n")).toHaveLength(b.hostBytes / 4);
      expect(b.ir + b.host).not.toMatch(X86);
    }
  });
  test("an unknown --arch is a one-line usage error", async () => {
    const r = await cli("blocks", chip8, "--arch", "mips");
    expect(r.code).toBe(2);
    expect(r.err.filter((l) => l !== "")).toEqual([expect.stringContaining("--arch: unknown architecture 'mips' (expected x86_64 or aarch64)")]);
  });
  test("--help documents --arch", async () => {
    const r = await cli("blocks", "--help");
    expect(r.out.join("\n")).toContain("--arch ARCH ");
  });
});

describe("blocks --arch aarch64, bare 6502", () => {
  const run = (...extra: string[]) => cli("blocks", mos6502, "--machine", "6502", "--load", "0x400", "--entry", "0x400", "--arch", "aarch64", ...extra);
  test("the loop block's IR and code are AArch64's", async (ctx) => {
    requireTools(ctx, "aarch64-linux-gnu-objdump"); // the listing's text is objdump's
    const r = await run("--at", "0x405");
    expect(r.code).toBe(0);
    const out = r.out;
    const header = out.filter((l) => l.startsWith("block "));
    expect(header).toEqual([expect.stringMatching(/^block \$0405-\$040A: 4 guest instructions, \d+ IR instructions, \d+ aarch64 bytes, entered 4 times$/)]);
    expect(out).toContain("  links out: $0405; linked in: 2; invalidated here before: 0");
    const ir = section(out, "  ir:");
    // Budget: the most cycles a path can take (ADC 2 + DEX 2 + BNE 2+2 + JMP 3); ADC adds A (x0) and C (x5); DEX on X (x1).
    for (const line of ["cmpi x20, 11 (0xb)", "addi x9, x0, 3", "add x9, x9, x5", "subi x1, x1, 1"]) expect(ir).toContain(line);
    const host = section(out, "  host (aarch64, translate only");
    expect(host.length * 4).toBe(bytesOf(header[0]!));
    for (const text of ["cmp x20, #0xb", "add x9, x0, #0x3", "add x9, x9, x5", "sub x1, x1, #0x1"]) {
      expect(host.filter((l) => l.endsWith(`  ${text}`))).toHaveLength(1);
    }
    const own = host[0]!.slice(0, 12);
    expect(host.filter((l) => l.endsWith(`  b 0x${own}`))).toHaveLength(1);
    expect(out.join("\n")).not.toMatch(X86);
  });
  test("an unknown --arch is a one-line usage error", async () => {
    const r = await run("--arch", "sparc");
    expect(r.code).toBe(2);
    expect(r.err.filter((l) => l !== "")).toEqual([expect.stringContaining("--arch: unknown architecture 'sparc'")]);
  });
  test("--help documents --arch", async () => {
    const r = await cli("blocks", "--machine", "6502", "--help");
    expect(r.out.join("\n")).toContain("--arch ARCH ");
  });
});
