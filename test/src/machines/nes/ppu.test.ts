/** PPU registers and sprite evaluation, driven through the registers directly. */
import { describe, expect, it } from "vitest";
import type { Ppu } from "../../../../src/machines/nes/ppu.js";
import { ines, machineOf, prgWith, VECTORS } from "./build.js";

const fresh = (): Ppu => machineOf(ines({ prg: prgWith(`.org $C000\nreset: JMP reset\n${VECTORS()}`) })).nes.ppu;
const address = (ppu: Ppu, a: number) => {
  ppu.writeRegister(6, a >> 8);
  ppu.writeRegister(6, a & 0xff);
};

describe("PPU registers", () => {
  it("$2007 reads below the palette come through the buffer, one read late", () => {
    const ppu = fresh();
    address(ppu, 0x2100);
    for (const v of [1, 2, 3]) ppu.writeRegister(7, v);
    address(ppu, 0x2100);
    expect([ppu.readRegister(7), ppu.readRegister(7), ppu.readRegister(7), ppu.readRegister(7)]).toEqual([0, 1, 2, 3]);
    // +32 with PPUCTRL bit 2
    ppu.writeRegister(0, 4);
    address(ppu, 0x2000);
    ppu.readRegister(7);
    expect(ppu.v).toBe(0x2020);
  });

  it("palette: direct reads, the buffer filled from the nametable beneath, $3F1x mirrors, grey-scale", () => {
    const ppu = fresh();
    address(ppu, 0x2f01);
    ppu.writeRegister(7, 0x77);
    address(ppu, 0x3f10);
    ppu.writeRegister(7, 0x21);
    address(ppu, 0x3f01);
    ppu.writeRegister(7, 0x2a);
    address(ppu, 0x3f00);
    expect(ppu.readRegister(7) & 0x3f).toBe(0x21);
    expect(ppu.readRegister(7) & 0x3f).toBe(0x2a);
    // the buffer now holds $2F01, under $3F01
    address(ppu, 0x2000);
    expect(ppu.readRegister(7)).toBe(0x77);
    ppu.writeRegister(1, 1);
    address(ppu, 0x3f01);
    expect(ppu.readRegister(7) & 0x3f).toBe(0x20);
  });

  it("$2005/$2006 share the w latch with loopy's t and x; $2002 resets it", () => {
    const ppu = fresh();
    ppu.writeRegister(0, 0x03);
    ppu.writeRegister(5, 0x7d); // coarse X 15, fine x 5
    ppu.writeRegister(5, 0x5e); // coarse Y 11, fine y 6
    expect([ppu.t, ppu.x, ppu.w]).toEqual([0x6c00 | (11 << 5) | 15, 5, 0]);
    ppu.writeRegister(6, 0x3f);
    ppu.readRegister(2);
    ppu.writeRegister(6, 0x12);
    ppu.writeRegister(6, 0x34);
    expect([ppu.v, ppu.w]).toEqual([0x1234, 0]);
  });

  it("OAM through $2003/$2004: the attribute byte's unused bits read 0", () => {
    const ppu = fresh();
    // written from $FE, the address wraps: $FE, $FF, $00, $01, $02
    ppu.writeRegister(3, 0xfe);
    for (const v of [0xaa, 0xbb, 0xcc, 0xdd, 0xff]) ppu.writeRegister(4, v);
    expect(Array.from(ppu.oam.subarray(0, 3))).toEqual([0xcc, 0xdd, 0xff]);
    ppu.writeRegister(3, 0x02);
    expect(ppu.readRegister(4)).toBe(0xe3);
    // reads do not move the address
    expect(ppu.readRegister(4)).toBe(0xe3);
    ppu.writeRegister(3, 0xff);
    expect(ppu.readRegister(4)).toBe(0xbb);
  });
});

describe("sprite overflow", () => {
  /** OAM with `ys` as the Y bytes and `tiles` as the tile bytes (others off screen); the overflow flag after line 20 is drawn. */
  const overflowAfter = (sprites: [number, number][]): number => {
    const ppu = fresh();
    ppu.oam.fill(0xf8);
    sprites.forEach(([y, tile], n) => {
      ppu.oam[n * 4] = y;
      ppu.oam[n * 4 + 1] = tile;
    });
    ppu.writeRegister(1, 0x18);
    while (!(ppu.scanline === 21 && ppu.dot === 0)) ppu.tick();
    return ppu.status & 0x20;
  };
  const eight: [number, number][] = Array.from({ length: 8 }, () => [15, 0]);

  it("eight sprites on a line: no overflow; nine: overflow", () => {
    expect(overflowAfter(eight)).toBe(0);
    expect(overflowAfter([...eight, [16, 0]])).toBe(0x20);
  });

  it("the hardware's bug: after eight, a miss moves the scan to the next sprite's next byte", () => {
    // sprite 8 misses, so sprite 9 is checked by its tile byte: 18 is in range (false overflow) ...
    expect(overflowAfter([...eight, [200, 0], [200, 18]])).toBe(0x20);
    // ... and sprite 9 on the line is missed because its tile byte is not (no overflow)
    expect(overflowAfter([...eight, [200, 0], [16, 0x80]])).toBe(0);
  });
});
