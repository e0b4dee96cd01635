/**
 * MMC1 (SxROM, mapper 1; the NESdev wiki's "MMC1"). Registers are written
 * one bit at a time through a 5-bit shift register: a write with bit 7 set
 * clears it and sets PRG mode 3; the fifth write stores the value in the
 * register chosen by address bits 13-14. A write in the CPU cycle right
 * after another (the two writes of a read-modify-write instruction) is
 * ignored. 512 KiB boards (SUROM) take PRG A18 from CHR bank 0 bit 4.
 */
import type { Cartridge } from "../cartridge.js";
import { checkSize, Layout, Mapper, powersOfTwo } from "./mapper.js";

const K = 1024;
const LAYOUTS = [Layout.single0, Layout.single1, Layout.vertical, Layout.horizontal] as const;

export class Mmc1 extends Mapper {
  readonly name = "MMC1";
  private shift = 0;
  private count = 0;
  private control = 0x0c;
  private chr0 = 0;
  private chr1 = 0;
  private prgBank = 0;
  private lastWrite = -2;

  constructor(cart: Cartridge) {
    super(cart);
    checkSize(cart, "MMC1", powersOfTwo(32 * K, 512 * K), [0, ...powersOfTwo(8 * K, 128 * K)]);
    this.update();
  }

  protected writeRegister(address: number, value: number, cycle: number): void {
    const consecutive = cycle === this.lastWrite + 1;
    this.lastWrite = cycle;
    if (consecutive) return;
    if (value & 0x80) {
      this.shift = 0;
      this.count = 0;
      this.control |= 0x0c;
      this.update();
      return;
    }
    this.shift |= (value & 1) << this.count;
    if (++this.count < 5) return;
    const v = this.shift;
    this.shift = 0;
    this.count = 0;
    switch ((address >> 13) & 3) {
      case 0: this.control = v; break;
      case 1: this.chr0 = v; break;
      case 2: this.chr1 = v; break;
      default: this.prgBank = v; break;
    }
    this.update();
  }

  private update(): void {
    this.setLayout(LAYOUTS[this.control & 3]!);
    const outer = this.prg.length > 256 * K ? this.chr0 & 0x10 : 0;
    const bank = (this.prgBank & 0x0f) | outer;
    switch ((this.control >> 2) & 3) {
      case 0:
      case 1:
        this.mapPrg(0, 32 * K, bank >> 1);
        break;
      case 2:
        this.mapPrg(0, 16 * K, outer);
        this.mapPrg(2, 16 * K, bank);
        break;
      default:
        this.mapPrg(0, 16 * K, bank);
        this.mapPrg(2, 16 * K, outer | 0x0f);
        break;
    }
    if (this.control & 0x10) {
      this.mapChr(0, 4 * K, this.chr0);
      this.mapChr(4, 4 * K, this.chr1);
    } else {
      this.mapChr(0, 8 * K, this.chr0 >> 1);
    }
    this.prgRamEnabled = (this.prgBank & 0x10) === 0;
  }

  protected registers(): number[] {
    return [this.shift, this.count, this.control, this.chr0, this.chr1, this.prgBank, this.lastWrite];
  }

  protected restore(v: number[]): void {
    [this.shift, this.count, this.control, this.chr0, this.chr1, this.prgBank, this.lastWrite] = v as [number, number, number, number, number, number, number];
    this.update();
  }
}
