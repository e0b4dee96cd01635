import { describe, expect, it } from "vitest";
import { cycleTable, encodingOf, Mode, modeLength, opcodes } from "../../../cpu/mos6502/table.js";

/**
 * Base cycle counts of the 256 NMOS opcodes, row $x0-$xF per line, as
 * published in the common 6502 opcode matrices (MCS6500 manual for the
 * documented ones, "No More Secrets" for the rest; JAM counted as 2 here).
 * Written out independently of the table's derivation rules.
 */
const publishedCycles = `
7 6 2 8 3 3 5 5 3 2 2 2 4 4 6 6
2 5 2 8 4 4 6 6 2 4 2 7 4 4 7 7
6 6 2 8 3 3 5 5 4 2 2 2 4 4 6 6
2 5 2 8 4 4 6 6 2 4 2 7 4 4 7 7
6 6 2 8 3 3 5 5 3 2 2 2 3 4 6 6
2 5 2 8 4 4 6 6 2 4 2 7 4 4 7 7
6 6 2 8 3 3 5 5 4 2 2 2 5 4 6 6
2 5 2 8 4 4 6 6 2 4 2 7 4 4 7 7
2 6 2 6 3 3 3 3 2 2 2 2 4 4 4 4
2 6 2 6 4 4 4 4 2 5 2 5 5 5 5 5
2 6 2 6 3 3 3 3 2 2 2 2 4 4 4 4
2 5 2 5 4 4 4 4 2 4 2 4 4 4 4 4
2 6 2 8 3 3 5 5 2 2 2 2 4 4 6 6
2 5 2 8 4 4 6 6 2 4 2 7 4 4 7 7
2 6 2 8 3 3 5 5 2 2 2 2 4 4 6 6
2 5 2 8 4 4 6 6 2 4 2 7 4 4 7 7
`.trim().split(/\s+/).map(Number);

/** Opcodes that take +1 cycle when indexing crosses a page (the same matrices' "*" marks). */
const pageCrossOpcodes = [
  0x11, 0x19, 0x1c, 0x1d, 0x31, 0x39, 0x3c, 0x3d, 0x51, 0x59, 0x5c, 0x5d, 0x71, 0x79, 0x7c, 0x7d,
  0xb1, 0xb3, 0xb9, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xd1, 0xd9, 0xdc, 0xdd, 0xf1, 0xf9, 0xfc, 0xfd,
];

describe("6502 opcode table", () => {
  it("has every opcode once, in order", () => {
    expect(opcodes.length).toBe(256);
    opcodes.forEach((o, i) => expect(o.opcode).toBe(i));
  });

  it("derives each length from the addressing mode", () => {
    for (const o of opcodes) expect(o.length).toBe(modeLength[o.mode]);
    // 25 documented implied + 4 accumulator + 6 one-byte NOPs + 12 JAMs
    expect(opcodes.filter((o) => o.length === 1).length).toBe(47);
    // columns $xC-$xF (64), abs,Y in columns $x9 and $xB of the odd rows (16), and JSR
    expect(opcodes.filter((o) => o.length === 3).length).toBe(81);
  });

  it("matches the published cycle counts", () => {
    expect(Array.from(cycleTable)).toEqual(publishedCycles);
  });

  it("marks page-crossing penalties and the 8 branches", () => {
    expect(opcodes.filter((o) => o.pageCrossPenalty).map((o) => o.opcode)).toEqual(pageCrossOpcodes);
    expect(opcodes.filter((o) => o.branch).map((o) => o.opcode)).toEqual([0x10, 0x30, 0x50, 0x70, 0x90, 0xb0, 0xd0, 0xf0]);
  });

  it("has the 151 documented opcodes and 12 JAMs", () => {
    expect(opcodes.filter((o) => o.official).length).toBe(151);
    expect(opcodes.filter((o) => o.jam).map((o) => o.opcode)).toEqual([
      0x02, 0x12, 0x22, 0x32, 0x42, 0x52, 0x62, 0x72, 0x92, 0xb2, 0xd2, 0xf2,
    ]);
  });

  it("has exactly one canonical encoding per mnemonic and mode", () => {
    const keys = new Map<string, number>();
    for (const o of opcodes) {
      const key = `${o.mnemonic} ${o.mode}`;
      if (o.canonical) {
        expect(keys.has(key)).toBe(false);
        keys.set(key, o.opcode);
      }
    }
    for (const o of opcodes) expect(keys.has(`${o.mnemonic} ${o.mode}`)).toBe(true);
    expect(encodingOf("NOP", Mode.Imp)).toBe(0xea);
    expect(encodingOf("SBC", Mode.Imm)).toBe(0xe9);
    expect(encodingOf("LDA", Mode.Izy)).toBe(0xb1);
    expect(encodingOf("STA", Mode.Imm)).toBe(-1);
    // duplicates: NOP 6 implied + 4 #imm + 2 zp + 5 zp,X + 5 abs,X; SBC $EB; ANC $2B; 11 JAMs
    expect(opcodes.filter((o) => !o.canonical).length).toBe(35);
  });

  it("records flags read and written", () => {
    const adc = opcodes[0x69]!;
    expect([adc.flagsRead, adc.flagsWritten]).toEqual([0x09, 0xc3]);
    expect([opcodes[0xd0]!.flagsRead, opcodes[0xd0]!.flagsWritten]).toEqual([0x02, 0]);
    expect(opcodes[0x28]!.flagsWritten).toBe(0xcf);
    expect(opcodes[0x85]!.flagsWritten).toBe(0);
  });
});
