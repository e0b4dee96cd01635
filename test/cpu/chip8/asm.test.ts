import { describe, expect, it } from "vitest";
import { assembleChip8 } from "../../../cpu/chip8/asm.js";
import { decodeChip8 } from "../../../cpu/chip8/decode.js";
import { disassembleAt, disassembleRom } from "../../../cpu/chip8/disasm.js";

describe("CHIP-8 disassembler and assembler", () => {
  it("round-trips every opcode that decodes: disasm | asm gives the same bytes", () => {
    const lines: string[] = [];
    const expected: number[] = [];
    const word = new Uint8Array(4);
    for (let op = 0; op < 0x10000; op++) {
      if (decodeChip8(op) === undefined) continue;
      word[0] = op >> 8;
      word[1] = op & 0xff;
      word[2] = 0x12;
      word[3] = 0x34;
      const d = disassembleAt(word, 0)!;
      lines.push(d.text);
      expected.push(...word.subarray(0, d.length));
    }
    expect(lines.length).toBe(44585);
    const chunks: Uint8Array[] = [];
    for (let k = 0; k < lines.length; k += 8000) chunks.push(assembleChip8(lines.slice(k, k + 8000).join("\n")));
    expect(Buffer.concat(chunks).equals(Buffer.from(expected))).toBe(true);
  });

  it("formats operands as the table spells them", () => {
    const text = (bytes: number[]) => disassembleAt(Uint8Array.from(bytes), 0)!.text;
    expect(text([0x8a, 0xb4])).toBe("add va, vb");
    expect(text([0xd1, 0x25])).toBe("drw v1, v2, 5");
    expect(text([0xa2, 0x08])).toBe("ld i, 0x208");
    expect(text([0xf3, 0x55])).toBe("ld [i], v3");
    expect(text([0xf0, 0x00, 0xab, 0xcd])).toBe("ld i, long 0xabcd");
    expect(text([0xf2, 0x01])).toBe("plane 2");
    expect(text([0x00, 0xe0])).toBe("cls");
  });

  it("disassembles a ROM with data bytes that reassembles exactly", () => {
    const rom = Uint8Array.from([0x60, 0x05, 0x01, 0x23, 0x12, 0x00, 0xff]);
    const lines = disassembleRom(rom);
    expect(lines).toEqual([
      "    ld v0, 0x05              ; 0200: 6005",
      "    db 0x01, 0x23            ; 0202: 0123",
      "    jp 0x200                 ; 0204: 1200",
      "    db 0xff                  ; 0206: ff",
    ]);
    expect(Array.from(assembleChip8(lines.join("\n")))).toEqual(Array.from(rom));
  });

  it("assembles labels, constants, data, org and expressions", () => {
    const source = [
      "SPEED equ 3",
      "start: ld v0, SPEED * 2 ; comment",
      "  jp loop",
      "loop: ld i, sprite",
      "  add v1, -1",
      "  org 0x20a",
      "sprite: db 0b11110000, 0x0f, -1",
      "  dw start + 1",
      "  ld i, long big",
      "big = 0x1234",
    ];
    expect(Array.from(assembleChip8(source.join("\n")))).toEqual([
      0x60, 0x06, 0x12, 0x04, 0xa2, 0x0a, 0x71, 0xff, 0x00, 0x00,
      0xf0, 0x0f, 0xff, 0x02, 0x01, 0xf0, 0x00, 0x12, 0x34,
    ]);
  });

  it("reports errors with file and line", () => {
    expect(() => assembleChip8("cls\nfoo v1", "x.8o")).toThrow("x.8o:2: unknown instruction 'foo'");
    expect(() => assembleChip8("ld v1, dt, 3", "x.8o")).toThrow("x.8o:1: bad operands for ld: v1, dt, 3");
    expect(() => assembleChip8("ld v1, 256", "x.8o")).toThrow("x.8o:1: value 256 out of range -128..255");
    expect(() => assembleChip8("jp 0x1000", "x.8o")).toThrow("x.8o:1: address 4096 out of range 0..4095");
    expect(() => assembleChip8("a: cls\na: cls", "x.8o")).toThrow("x.8o:2: 'a' is defined twice");
    expect(() => assembleChip8("jp nowhere", "x.8o")).toThrow("x.8o:1: unknown symbol 'nowhere'");
    expect(() => assembleChip8("k: cls", "x.8o")).toThrow("x.8o:1: 'k' is a reserved word");
  });
});
