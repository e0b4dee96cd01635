/**
 * What a cartridge board does: maps the CPU's $4020-$FFFF and the PPU's
 * pattern tables ($0000-$1FFF) and nametables ($2000-$2FFF) onto its ROM
 * and RAM, takes register writes, and may raise an IRQ. Banks are kept as
 * offsets (8 KiB PRG slots, 1 KiB CHR slots, 1 KiB nametable slots) so the
 * PPU and the bus index arrays directly.
 */
import { CartridgeError, type Cartridge } from "../cartridge.js";
import type { StateReader, StateWriter } from "../state.js";

/** Nametable layouts as four 1 KiB slot numbers into the PPU's CIRAM (four-screen uses the cartridge's 2 KiB too). */
export const Layout = {
  horizontal: [0, 0, 1, 1],
  vertical: [0, 1, 0, 1],
  single0: [0, 0, 0, 0],
  single1: [1, 1, 1, 1],
  four: [0, 1, 2, 3],
} as const;

export abstract class Mapper {
  abstract readonly name: string;
  readonly number: number;
  readonly prg: Uint8Array;
  /** CHR ROM, or CHR RAM. */
  readonly chr: Uint8Array;
  readonly chrWritable: boolean;
  readonly prgRam: Uint8Array;
  /** Offsets into prg for $8000, $A000, $C000, $E000. */
  readonly prgMap = new Int32Array(4);
  /** Offsets into chr for each 1 KiB of $0000-$1FFF. */
  readonly chrMap = new Int32Array(8);
  /** Offsets into the 4 KiB nametable memory for $2000, $2400, $2800, $2C00. */
  readonly ntMap = new Int32Array(4);
  prgRamEnabled = true;
  prgRamWritable = true;
  /** The board's IRQ output (asserted while true). */
  irq = false;
  /** True when the PPU must report its address bus (MMC3's A12 watch). */
  readonly watchesA12: boolean = false;
  protected readonly fourScreen: boolean;
  protected readonly headerLayout: readonly number[];

  constructor(cart: Cartridge) {
    this.number = cart.mapper;
    this.prg = cart.prg;
    this.chrWritable = cart.chr.length === 0;
    this.chr = this.chrWritable ? new Uint8Array(Math.max(cart.chrRamSize, 8192)) : cart.chr;
    this.prgRam = new Uint8Array(Math.max(cart.prgRamSize, 8192));
    if (cart.trainer !== undefined) this.prgRam.set(cart.trainer, 0x1000);
    this.fourScreen = cart.mirroring === "four-screen";
    this.headerLayout = cart.mirroring === "four-screen" ? Layout.four : cart.mirroring === "vertical" ? Layout.vertical : Layout.horizontal;
    this.setLayout(this.headerLayout);
  }

  protected setLayout(layout: readonly number[]): void {
    const l = this.fourScreen ? Layout.four : layout;
    for (let k = 0; k < 4; k++) this.ntMap[k] = l[k]! * 0x400;
  }

  /** Map a `size`-byte PRG bank (`bank` counted in that size, wrapped to the ROM) at CPU $8000 + slot*8 KiB. */
  protected mapPrg(slot: number, size: number, bank: number): void {
    const banks = Math.max(1, this.prg.length / size);
    const base = (((bank % banks) + banks) % banks) * size;
    for (let k = 0; k < size / 8192; k++) this.prgMap[slot + k] = (base + k * 8192) % this.prg.length;
  }

  protected mapChr(slot: number, size: number, bank: number): void {
    const banks = Math.max(1, this.chr.length / size);
    const base = (((bank % banks) + banks) % banks) * size;
    for (let k = 0; k < size / 1024; k++) this.chrMap[slot + k] = (base + k * 1024) % this.chr.length;
  }

  /** A CPU read at $4020-$FFFF; -1 for open bus. */
  cpuRead(address: number): number {
    if (address >= 0x8000) return this.prg[this.prgMap[(address >> 13) & 3]! + (address & 0x1fff)]!;
    if (address >= 0x6000 && this.prgRamEnabled) return this.prgRam[address & 0x1fff]!;
    return -1;
  }

  /** A CPU write at $4020-$FFFF, in CPU cycle `cycle`. */
  cpuWrite(address: number, value: number, cycle: number): void {
    if (address >= 0x8000) this.writeRegister(address, value, cycle);
    else if (address >= 0x6000 && this.prgRamEnabled && this.prgRamWritable) this.prgRam[address & 0x1fff] = value;
  }

  protected abstract writeRegister(address: number, value: number, cycle: number): void;

  chrRead(address: number): number {
    return this.chr[this.chrMap[address >> 10]! + (address & 0x3ff)]!;
  }

  chrWrite(address: number, value: number): void {
    if (this.chrWritable) this.chr[this.chrMap[address >> 10]! + (address & 0x3ff)] = value;
  }

  /** The PPU's address bus at PPU dot `time` (only called when watchesA12). */
  ppuAddress(_address: number, _time: number): void {}

  /** The board's registers; RAM is saved by save()/load(). */
  protected abstract registers(): number[];
  protected abstract restore(values: number[]): void;

  save(w: StateWriter): void {
    const regs = this.registers();
    w.num(regs.length, ...regs, this.irq ? 1 : 0);
    w.bytes(this.prgRam);
    if (this.chrWritable) w.bytes(this.chr);
  }

  load(r: StateReader): void {
    const n = r.num();
    const regs: number[] = [];
    for (let k = 0; k < n; k++) regs.push(r.num());
    this.irq = r.num() === 1;
    r.bytes(this.prgRam);
    if (this.chrWritable) r.bytes(this.chr);
    this.restore(regs);
  }
}

export function checkSize(cart: Cartridge, board: string, prgSizes: readonly number[], chrSizes: readonly number[]): void {
  if (!prgSizes.includes(cart.prg.length)) {
    throw new CartridgeError(`wrong size for ${board}: PRG ROM is ${cart.prg.length / 1024} KiB (the board takes ${prgSizes.map((s) => s / 1024).join(", ")} KiB)`);
  }
  if (!chrSizes.includes(cart.chr.length)) {
    throw new CartridgeError(`wrong size for ${board}: CHR ROM is ${cart.chr.length / 1024} KiB (the board takes ${chrSizes.map((s) => s / 1024).join(", ")} KiB)`);
  }
}

/** Sizes that are a power of two from `min` to `max`. */
export function powersOfTwo(min: number, max: number): number[] {
  const out: number[] = [];
  for (let s = min; s <= max; s *= 2) out.push(s);
  return out;
}
