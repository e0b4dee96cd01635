import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/mos6502/asm.js";
import { disassembleAt, disassembleBinary } from "../../../cpu/mos6502/disasm.js";
import { opcodes } from "../../../cpu/mos6502/table.js";

const bytesOf = (source: string) => Array.from(assemble(source).bytes);

describe("6502 assembler", () => {
  it("assembles every addressing mode with standard syntax", () => {
    expect(bytesOf(`
      .org $0400
      LDA #$10        ; immediate
      LDA $10
      LDA $10,X
      LDX $10,Y
      LDA $1234
      LDA $1234,X
      LDA $1234,Y
      JMP ($1234)
      LDA ($10,X)
      LDA ($10),Y
      ASL
      ASL A
      CLC
    `)).toEqual([
      0xa9, 0x10, 0xa5, 0x10, 0xb5, 0x10, 0xb6, 0x10, 0xad, 0x34, 0x12, 0xbd, 0x34, 0x12, 0xb9, 0x34, 0x12,
      0x6c, 0x34, 0x12, 0xa1, 0x10, 0xb1, 0x10, 0x0a, 0x0a, 0x18,
    ]);
  });

  it("resolves labels, constants and forward references; zero page only when known and narrow", () => {
    const p = assemble(`
      zp = $20
      .org $0300
      start: LDA zp        ; known, < $100: zero page
             STA later     ; forward: absolute
             LDA $0020     ; wide literal: absolute
             LDA zp,Y      ; no zp,Y for LDA: absolute,Y
      loop:  DEX
             BNE loop
             JMP start
      later: .byte 0
    `);
    expect(p.origin).toBe(0x300);
    expect(Array.from(p.bytes)).toEqual([
      0xa5, 0x20, 0x8d, 0x11, 0x03, 0xad, 0x20, 0x00, 0xb9, 0x20, 0x00, 0xca, 0xd0, 0xfd, 0x4c, 0x00, 0x03, 0x00,
    ]);
    expect(p.symbols.get("later")).toBe(0x311);
  });

  it("evaluates expressions with + - * / < > parentheses and *", () => {
    expect(bytesOf(`
      base = $1234
      .org $10
      .byte <base, >base, 2+3*4, (2+3)*4, 17/5, -1, >(base+$100), 'A'
      .word base-$34, *   ; in data, * is the address of the item
      LDA (2+3)*4
      here: JMP *+3
    `)).toEqual([0x34, 0x12, 14, 20, 3, 0xff, 0x13, 0x41, 0x00, 0x12, 0x1a, 0x00, 0xa5, 0x14, 0x4c, 0x21, 0x00]);
  });

  it("emits strings, words and undocumented mnemonics, with .XX picking a duplicate encoding", () => {
    expect(bytesOf(`.byte "Hi", 0\n.word $BEEF\nLAX $10\nSLO ($10),Y\nNOP.1A\nSBC.EB #1\nNOP $10\nNOP\nJAM`)).toEqual([
      0x48, 0x69, 0x00, 0xef, 0xbe, 0xa7, 0x10, 0x13, 0x10, 0x1a, 0xeb, 0x01, 0x04, 0x10, 0xea, 0x02,
    ]);
  });

  it("reports errors with the file and line", () => {
    const error = (source: string) => {
      try {
        assemble(source, "t.s");
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    expect(error("NOP\nFOO #1")).toBe('t.s:2: unknown mnemonic "FOO"');
    expect(error(".org $400\nBNE far\n.org $500\nfar: NOP")).toBe("t.s:2: branch target out of range (254 bytes)");
    expect(error("LDA missing")).toBe('t.s:1: undefined symbol in "missing"');
    expect(error("LDA #$100")).toBe("t.s:1: operand $100 does not fit in a byte");
    expect(error("STA #1")).toBe("t.s:1: STA has no imm form");
    expect(error("LDA.A2 #1")).toBe("t.s:1: opcode $A2 is not LDA");
    expect(error("a: NOP\na: NOP")).toBe('t.s:2: label "a" defined twice');
    expect(error(".org 0\nNOP\n.org 0\nNOP")).toBe("t.s:4: address $0 written twice");
  });
});

describe("6502 disassembler", () => {
  it("writes each mode in the assembler's syntax", () => {
    const mem = new Uint8Array(0x10000);
    const cases: [number[], string][] = [
      [[0xa9, 0x05], "LDA #$05"], [[0xb6, 0x10], "LDX $10,Y"], [[0x1d, 0x00, 0x20], "ORA $2000,X"],
      [[0x6c, 0xff, 0x02], "JMP ($02FF)"], [[0x81, 0x40], "STA ($40,X)"], [[0xd1, 0x40], "CMP ($40),Y"],
      [[0xd0, 0xfe], "BNE $1000"], [[0x10, 0x7f], "BPL $1081"], [[0x4a], "LSR A"], [[0x3a], "NOP.3A"],
      [[0xcb, 0x01], "SBX #$01"], [[0x9c, 0x00, 0x30], "SHY $3000,X"],
    ];
    for (const [bytes, text] of cases) {
      mem.set(bytes, 0x1000);
      expect(disassembleAt(mem, 0x1000)).toEqual({ text, length: bytes.length });
    }
  });

  it("round-trips all 256 opcodes through the assembler", () => {
    const bytes: number[] = [];
    for (const o of opcodes) bytes.push(o.opcode, ...[0x12, 0x00].slice(0, o.length - 1));
    const binary = Uint8Array.from(bytes);
    const source = disassembleBinary(binary, 0x8000);
    expect(source.split("\n")[0]).toBe("        .org $8000");
    const again = assemble(source);
    expect(again.origin).toBe(0x8000);
    expect(Array.from(again.bytes)).toEqual(bytes);
  });

  it("round-trips random binaries, ending in a partial instruction", () => {
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    for (let n = 0; n < 200; n++) {
      const binary = Uint8Array.from({ length: 40 + (n % 7) }, random);
      const origin = (n * 0x131) & 0xff00;
      const again = assemble(disassembleBinary(binary, origin));
      expect([again.origin, ...again.bytes]).toEqual([origin, ...binary]);
    }
  });
});
