import { describe, expect, it } from "vitest";
import { decodeChip8, matchingInstructions } from "../../../cpu/chip8/decode.js";
import { CHIP8_INSTRUCTIONS, CHIP8_TABLE } from "../../../cpu/chip8/table.js";

describe("CHIP-8 instruction table", () => {
  it("has no pattern that shadows another over all 65,536 opcodes", () => {
    const overlaps: string[] = [];
    let decodable = 0;
    for (let op = 0; op < 0x10000; op++) {
      const hits = matchingInstructions(op);
      if (hits.length > 1) overlaps.push(`${op.toString(16)}: ${hits.map((h) => h.pattern).join(" ")}`);
      if (hits.length === 1) decodable++;
    }
    expect(overlaps).toEqual([]);
    // 00E0 00EE 00FB-00FF (7), 00CN 00DN (32), 5XY2 5XY3 (512), F000 F002 (2), FN01 (16),
    // 12-bit families 1 2 A B (4 x 4096), 8-bit families 3 4 6 7 C (5 x 4096),
    // 5XY0 9XY0 8XY0-7 8XYE (11 x 256), DXYN (4096), EX9E EXA1 (32), FX.. (13 x 16).
    expect(decodable).toBe(7 + 32 + 512 + 2 + 16 + 4 * 4096 + 5 * 4096 + 11 * 256 + 4096 + 32 + 13 * 16);
  });

  it("derives masks, values and fields from the pattern", () => {
    const add = CHIP8_INSTRUCTIONS.find((i) => i.pattern === "8xy4")!;
    expect([add.mask, add.value, add.x, add.y, add.n]).toEqual([0xf00f, 0x8004, { shift: 8, mask: 0xf }, { shift: 4, mask: 0xf }, null]);
    const plane = CHIP8_INSTRUCTIONS.find((i) => i.pattern === "fn01")!;
    expect([plane.mask, plane.value, plane.n]).toEqual([0xf0ff, 0xf001, { shift: 8, mask: 0xf }]);
    const ld = CHIP8_INSTRUCTIONS.find((i) => i.pattern === "annn")!;
    expect(ld.n).toEqual({ shift: 0, mask: 0xfff });
    expect(CHIP8_TABLE.length).toBe(50);
  });

  it("decodes per instruction set", () => {
    expect(decodeChip8(0x8124)?.mnemonic).toBe("add");
    expect(decodeChip8(0x00ff, "chip8")).toBeUndefined();
    expect(decodeChip8(0x00ff, "schip")?.mnemonic).toBe("high");
    expect(decodeChip8(0x5012, "schip")).toBeUndefined();
    expect(decodeChip8(0x5012, "xochip")?.mnemonic).toBe("save");
    expect(decodeChip8(0x0123)).toBeUndefined();
    expect(decodeChip8(0x8008)).toBeUndefined();
  });
});
