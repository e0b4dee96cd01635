import { expect, test } from "vitest";
import { disassemble, disassembleAArch64, disassembleX86 } from "../../ejit/disasm.js";
import { requireTools } from "../tools.js";

const words = (...ws: number[]): Uint8Array => new Uint8Array(Uint32Array.from(ws).buffer);

test("x86-64: address, bytes and Intel text, one line per instruction", () => {
  const code = Uint8Array.of(
    0x49, 0x89, 0xfb, // mov r11, rdi
    0x48, 0x8b, 0x44, 0x8f, 0xf8, // mov rax, [rdi+rcx*4-8]
    0x75, 0xf6, // jne back to the start
    0x48, 0xb8, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01, // movabs
    0xc3,
  );
  expect(disassembleX86(code, 0x7f0000001000)).toBe(
    [
      "7f0000001000  4989fb                mov r11, rdi",
      "7f0000001003  488b448ff8            mov rax, [rdi+rcx*4-8]",
      "7f0000001008  75f6                  jne 0x7f0000001000",
      "7f000000100a  48b8efcdab8967452301  mov rax, 0x123456789abcdef",
      "7f0000001014  c3                    ret",
    ].join("\n"),
  );
});

test("x86-64: a short address column for offsets, and undecodable bytes", () => {
  expect(disassembleX86(Uint8Array.of(0x90, 0xcc, 0x0f), 0)).toBe(
    ["0000  90                    nop", "0001  cc                    int3", "0002  0f                    (bad)"].join("\n"),
  );
});

test("AArch64 through the system disassembler (the cross objdump)", (ctx) => {
  requireTools(ctx, "aarch64-linux-gnu-objdump");
  const code = words(0xaa0003f0, 0x54ffffe1, 0xffffffff, 0xd65f03c0);
  expect(disassembleAArch64(code, 0x1000)).toBe(
    [
      "1000  aa0003f0              mov x16, x0",
      "1004  54ffffe1              b.ne 0x1000  // b.any",
      "1008  ffffffff              .inst 0xffffffff ; undefined",
      "100c  d65f03c0              ret",
    ].join("\n"),
  );
  expect(disassemble(code, 0x1000, "aarch64")).toBe(disassembleAArch64(code, 0x1000));
});

test("AArch64 without any disassembler: words and a note", () => {
  const path = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    expect(disassembleAArch64(words(0xd65f03c0, 0xaa0103e0), 0)).toBe(
      [
        "; no AArch64 disassembler found (install binutils-aarch64-linux-gnu): words only",
        "0000  d65f03c0              .inst 0xd65f03c0",
        "0004  aa0103e0              .inst 0xaa0103e0",
      ].join("\n"),
    );
  } finally {
    process.env.PATH = path;
  }
});
