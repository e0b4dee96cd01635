import { describe, expect, it } from "vitest";
import { CartridgeError, parseCartridge } from "../../../../src/machines/nes/cartridge.js";
import { createMapper } from "../../../../src/machines/nes/mappers/index.js";
import { cli, file } from "../../commands/helpers.js";
import { ines } from "./build.js";

const header = (bytes: number[]): Uint8Array => {
  const h = new Uint8Array(16);
  h.set([0x4e, 0x45, 0x53, 0x1a, ...bytes]);
  return h;
};
const withBody = (h: Uint8Array, size: number): Uint8Array => {
  const out = new Uint8Array(16 + size);
  out.set(h);
  return out;
};
const board = (bytes: Uint8Array) => createMapper(parseCartridge(bytes));

describe("iNES and NES 2.0 headers", () => {
  it("iNES: sizes, mirroring, battery, trainer, mapper from both nibbles", () => {
    const c = parseCartridge(withBody(header([2, 1, 0x47, 0x10]), 512 + 32768 + 8192));
    expect([c.format, c.mapper, c.submapper, c.mirroring, c.battery, c.trainer?.length, c.prg.length, c.chr.length, c.chrRamSize, c.prgRamSize])
      .toEqual(["iNES", 0x14, 0, "vertical", true, 512, 32768, 8192, 0, 8192]);
    const h = parseCartridge(withBody(header([1, 0, 0x08]), 16384));
    expect([h.mirroring, h.chrRamSize, h.battery, h.trainer]).toEqual(["four-screen", 8192, false, undefined]);
  });

  it("iNES with text in bytes 12-15 (old tools) keeps only the low mapper nibble", () => {
    const h = header([1, 1, 0x10, 0x40]);
    h.set([0x44, 0x69, 0x73, 0x6b], 12);
    expect(parseCartridge(withBody(h, 16384 + 8192)).mapper).toBe(1);
  });

  it("NES 2.0: mapper bits 8-11, submapper, exponent sizes, RAM shifts", () => {
    // mapper $104, submapper 3; PRG 2^14 * 1 by exponent-multiplier; CHR 1 x 8 KiB; PRG RAM 64<<7 + NVRAM 64<<6
    const c = parseCartridge(withBody(header([0x38, 1, 0x40, 0x08, 0x31, 0x0f, 0x67, 0x07]), 16384 + 8192));
    expect([c.format, c.mapper, c.submapper, c.prg.length, c.chr.length, c.prgRamSize, c.chrRamSize])
      .toEqual(["NES 2.0", 0x104, 3, 16384, 8192, 8192 + 4096, 8192]);
  });

  it("bad input is one line naming what is wrong", () => {
    const err = (bytes: Uint8Array) => {
      try {
        board(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(CartridgeError);
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(err(Uint8Array.from([0x4e, 0x45, 0x53]))).toBe("not an iNES file (no NES<1A> header)");
    expect(err(withBody(header([2, 1]), 1000))).toBe(
      "truncated file: the header gives 32 KiB PRG ROM and 8 KiB CHR ROM (40976 bytes) but the file has 1016");
    expect(err(withBody(header([0, 1]), 8192))).toBe("the header gives no PRG ROM (PRG size 0)");
    expect(err(withBody(header([2, 1, 0x50]), 32768 + 8192))).toBe("unsupported mapper 5 (ExROM/MMC5): ejemu has mappers 0, 1, 2, 3, 4, 7");
    expect(err(withBody(header([2, 1, 0xf0, 0xf0]), 32768 + 8192))).toBe("unsupported mapper 255: ejemu has mappers 0, 1, 2, 3, 4, 7");
    expect(err(withBody(header([3, 1]), 49152 + 8192))).toBe("wrong size for NROM: PRG ROM is 48 KiB (the board takes 16, 32 KiB)");
    expect(err(withBody(header([1, 2]), 16384 + 16384))).toBe("wrong size for NROM: CHR ROM is 16 KiB (the board takes 0, 8 KiB)");
    expect(err(withBody(header([1, 1, 0, 0x09]), 16384 + 8192))).toBe(
      "unsupported NES 2.0 console type 1 (Vs. System): ejemu runs the NES/Famicom only");
    expect(err(withBody(header([1, 1, 0, 0x08, 0, 0, 0, 0, 1]), 16384 + 8192))).toBe("unsupported NES 2.0 timing 1 (PAL): ejemu runs NTSC only");
    expect(err(withBody(header([1, 1, 0, 0x08, 0, 0, 0, 0, 0, 0, 1]), 16384 + 8192))).toBe("unsupported NES 2.0 field: 1 miscellaneous ROM(s)");
  });

  it("on the command line a bad ROM is one line, no stack trace", async () => {
    const bad = file("mmc5.nes", ines({ mapper: 5, prg: new Uint8Array(32768), chr: new Uint8Array(8192) }));
    expect(await cli("run", bad, "--frames", "1")).toEqual({
      code: 1, out: [], err: [`ejemu run: ${bad}: unsupported mapper 5 (ExROM/MMC5): ejemu has mappers 0, 1, 2, 3, 4, 7`],
    });
    const cut = file("cut.nes", ines({ prg: new Uint8Array(16384) }).subarray(0, 5000));
    expect(await cli("disasm", cut)).toEqual({
      code: 1, out: [], err: [`ejemu disasm: ${cut}: truncated file: the header gives 16 KiB PRG ROM and 0 KiB CHR ROM (16400 bytes) but the file has 5000`],
    });
  });
});
