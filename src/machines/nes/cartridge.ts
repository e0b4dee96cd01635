/**
 * iNES and NES 2.0 headers (the NESdev wiki's "INES" and "NES 2.0" pages):
 * sizes, mirroring, battery, trainer, mapper and submapper. Bad input is
 * a CartridgeError with one line for the user.
 */
export class CartridgeError extends Error {}

export type Mirroring = "horizontal" | "vertical" | "four-screen";

export interface Cartridge {
  readonly format: "iNES" | "NES 2.0";
  readonly mapper: number;
  readonly submapper: number;
  readonly mirroring: Mirroring;
  readonly battery: boolean;
  readonly trainer: Uint8Array | undefined;
  readonly prg: Uint8Array;
  /** CHR ROM; empty when the board has CHR RAM. */
  readonly chr: Uint8Array;
  /** CHR RAM bytes (0 with CHR ROM). */
  readonly chrRamSize: number;
  /** PRG RAM bytes (volatile plus battery-backed). */
  readonly prgRamSize: number;
}

/** Board names of common mapper numbers, for the error on ones ejemu lacks. */
export const BOARD_NAMES: Readonly<Record<number, string>> = {
  0: "NROM", 1: "SxROM/MMC1", 2: "UxROM", 3: "CNROM", 4: "TxROM/MMC3", 5: "ExROM/MMC5", 7: "AxROM",
  9: "PxROM/MMC2", 10: "FxROM/MMC4", 11: "Color Dreams", 13: "CPROM", 16: "Bandai FCG", 19: "Namco 163",
  21: "VRC4", 22: "VRC2", 23: "VRC2/VRC4", 24: "VRC6", 25: "VRC4", 26: "VRC6", 34: "BNROM/NINA-001",
  66: "GxROM", 69: "Sunsoft FME-7", 71: "Camerica/Codemasters", 79: "NINA-03/06", 85: "VRC7",
  105: "NES-EVENT", 118: "TxSROM", 119: "TQROM", 206: "DxROM/Namco 108",
};

export function boardName(mapper: number): string {
  const name = BOARD_NAMES[mapper];
  return name === undefined ? `mapper ${mapper}` : `mapper ${mapper} (${name})`;
}

const KIB = 1024;

/** NES 2.0 ROM size: a 12-bit count of units, or exponent-multiplier when the high nibble is $F. */
function romSize(lsb: number, msb: number, unit: number, what: string): number {
  if (msb === 0xf) {
    const exponent = lsb >> 2, multiplier = (lsb & 3) * 2 + 1;
    if (exponent > 30) throw new CartridgeError(`${what} size 2^${exponent} x ${multiplier} is too large`);
    return 2 ** exponent * multiplier;
  }
  return ((msb << 8) | lsb) * unit;
}

/** NES 2.0 RAM size field: 0 is none, else 64 << n bytes. */
const ramShift = (n: number): number => (n === 0 ? 0 : 64 << n);

/** True when `bytes` start with "NES" $1A and hold a whole header. */
export function hasInesMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 16 && bytes[0] === 0x4e && bytes[1] === 0x45 && bytes[2] === 0x53 && bytes[3] === 0x1a;
}

export function parseCartridge(bytes: Uint8Array): Cartridge {
  if (!hasInesMagic(bytes)) {
    throw new CartridgeError("not an iNES file (no NES<1A> header)");
  }
  const h = bytes;
  const flags6 = h[6]!, flags7 = h[7]!;
  const nes2 = (flags7 & 0x0c) === 0x08;
  let mapper = (flags6 >> 4) | (flags7 & 0xf0);
  let submapper = 0;
  let prgSize: number, chrSize: number, prgRamSize: number, chrRamSize: number;
  if (nes2) {
    const console = flags7 & 3;
    if (console !== 0) throw new CartridgeError(`unsupported NES 2.0 console type ${console} (${["", "Vs. System", "PlayChoice-10", "extended"][console]}): ejemu runs the NES/Famicom only`);
    mapper |= (h[8]! & 0x0f) << 8;
    submapper = h[8]! >> 4;
    prgSize = romSize(h[4]!, h[9]! & 0x0f, 16 * KIB, "PRG ROM");
    chrSize = romSize(h[5]!, h[9]! >> 4, 8 * KIB, "CHR ROM");
    prgRamSize = ramShift(h[10]! & 0x0f) + ramShift(h[10]! >> 4);
    chrRamSize = ramShift(h[11]! & 0x0f) + ramShift(h[11]! >> 4);
    const timing = h[12]! & 3;
    if (timing === 1 || timing === 3) throw new CartridgeError(`unsupported NES 2.0 timing ${timing} (${timing === 1 ? "PAL" : "Dendy"}): ejemu runs NTSC only`);
    if ((h[14]! & 3) !== 0) throw new CartridgeError(`unsupported NES 2.0 field: ${h[14]! & 3} miscellaneous ROM(s)`);
  } else {
    // Headers written by old tools carry text in bytes 7-15 ("DiskDude!"): the upper mapper nibble is then garbage.
    if (h[12] !== 0 || h[13] !== 0 || h[14] !== 0 || h[15] !== 0) mapper &= 0x0f;
    prgSize = h[4]! * 16 * KIB;
    chrSize = h[5]! * 8 * KIB;
    prgRamSize = 8 * KIB;
    chrRamSize = chrSize === 0 ? 8 * KIB : 0;
  }
  if (prgSize === 0) throw new CartridgeError("the header gives no PRG ROM (PRG size 0)");
  if (nes2 && chrSize === 0 && chrRamSize === 0) chrRamSize = 8 * KIB;
  const trainer = (flags6 & 4) !== 0;
  const need = 16 + (trainer ? 512 : 0) + prgSize + chrSize;
  if (bytes.length < need) {
    throw new CartridgeError(`truncated file: the header gives ${trainer ? "a 512-byte trainer, " : ""}${prgSize / KIB} KiB PRG ROM and ${chrSize / KIB} KiB CHR ROM (${need} bytes) but the file has ${bytes.length}`);
  }
  let at = 16;
  const trainerBytes = trainer ? bytes.slice(at, at + 512) : undefined;
  if (trainer) at += 512;
  const prg = bytes.slice(at, at + prgSize);
  const chr = bytes.slice(at + prgSize, at + prgSize + chrSize);
  const mirroring: Mirroring = flags6 & 8 ? "four-screen" : flags6 & 1 ? "vertical" : "horizontal";
  return {
    format: nes2 ? "NES 2.0" : "iNES", mapper, submapper, mirroring, battery: (flags6 & 2) !== 0,
    trainer: trainerBytes, prg, chr, chrRamSize, prgRamSize,
  };
}
