/**
 * Small NES programs for the tests: 6502 source assembled with the
 * project's assembler and laid into iNES images in memory.
 */
import { assemble } from "../../../../cpu/mos6502/asm.js";
import { parseCartridge } from "../../../../src/machines/nes/cartridge.js";
import { NesMachine } from "../../../../src/machines/nes/machine.js";

export interface ImageOptions {
  readonly mapper?: number;
  /** PRG ROM bytes (a multiple of 16 KiB). */
  readonly prg: Uint8Array;
  readonly chr?: Uint8Array;
  /** Header byte 6 bits 0-3 (mirroring, battery, trainer, four-screen). */
  readonly flags?: number;
}

export function ines({ mapper = 0, prg, chr = new Uint8Array(0), flags = 0 }: ImageOptions): Uint8Array {
  const header = [0x4e, 0x45, 0x53, 0x1a, prg.length / 16384, chr.length / 8192, ((mapper & 15) << 4) | flags, mapper & 0xf0, 0, 0, 0, 0, 0, 0, 0, 0];
  const out = new Uint8Array(16 + prg.length + chr.length);
  out.set(header, 0);
  out.set(prg, 16);
  out.set(chr, 16 + prg.length);
  return out;
}

/** PRG of `size` bytes, each 16 KiB bank filled with its number, `source` assembled into the last 16 KiB ($C000-$FFFF). */
export function prgWith(source: string, size = 16384, fillWithBank = true): Uint8Array {
  const prg = new Uint8Array(size);
  if (fillWithBank) for (let k = 0; k < size; k++) prg[k] = k >> 14;
  const program = assemble(source, "test.s65");
  if (program.origin < 0xc000) throw new Error("test programs live at $C000-$FFFF");
  prg.set(program.bytes, size - 0x10000 + program.origin);
  return prg;
}

/** The vectors every test program ends with: NMI at `nmi` (or reset), RESET at `reset`. */
export const VECTORS = (nmi = "reset") => `
        .org $FFFA
        .word ${nmi}, reset, reset
`;

export function machineOf(image: Uint8Array): NesMachine {
  return new NesMachine(parseCartridge(image), { title: "test" });
}

/** Run frames until RAM $FF holds $AA (the programs' "done"), at most `max`; returns the frames run. */
export function runToDone(m: NesMachine, max = 30): number {
  for (let f = 1; f <= max; f++) {
    m.runFrames(1);
    if (m.peek(0xff) === 0xaa) return f;
  }
  throw new Error(`not done after ${max} frames (PC $${m.nes.cpu.pc.toString(16)})`);
}

export const ram = (m: NesMachine, from: number, count: number): number[] =>
  Array.from({ length: count }, (_, k) => m.peek(from + k));
