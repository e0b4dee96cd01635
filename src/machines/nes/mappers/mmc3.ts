/**
 * MMC3 (TxROM, mapper 4; the NESdev wiki's "MMC3"): eight bank registers
 * behind $8000/$8001, mirroring and PRG RAM protect at $A000/$A001, and a
 * scanline counter clocked by rises of PPU A12 that follow at least
 * A12_LOW_DOTS dots of A12 low (the chip's filter counts M2 edges; a
 * little over two CPU cycles of low reject the short lows between sprite
 * fetches). The counter is reloaded from the latch when zero or when
 * $C001 asked, else decremented; the IRQ is raised when it is then zero
 * and IRQs are enabled. Submapper 4 (MMC3A, "alt"): a reload to zero
 * raises the IRQ only when the reload came from $C001. PRG RAM at $6000
 * is always on (see update()).
 */
import type { Cartridge } from "../cartridge.js";
import { checkSize, Layout, Mapper, powersOfTwo } from "./mapper.js";

const K = 1024;
export const A12_LOW_DOTS = 9;

export class Mmc3 extends Mapper {
  readonly name = "MMC3";
  override readonly watchesA12 = true;
  private select = 0;
  private readonly banks = [0, 2, 4, 5, 6, 7, 0, 1];
  private mirroring = 0;
  private protect = 0;
  private latch = 0;
  private counter = 0;
  private reload = false;
  private enabled = false;
  private a12 = 0;
  private lowSince = 0;
  private readonly alt: boolean;

  constructor(cart: Cartridge) {
    super(cart);
    checkSize(cart, "MMC3", powersOfTwo(32 * K, 512 * K), [0, ...powersOfTwo(8 * K, 256 * K)]);
    this.alt = cart.submapper === 4;
    this.update();
  }

  protected writeRegister(address: number, value: number): void {
    switch (address & 0xe001) {
      case 0x8000: this.select = value; break;
      case 0x8001: this.banks[this.select & 7] = value; break;
      case 0xa000: this.mirroring = value & 1; break;
      case 0xa001: this.protect = value; break;
      case 0xc000: this.latch = value; break;
      case 0xc001: this.counter = 0; this.reload = true; break;
      case 0xe000: this.enabled = false; this.irq = false; break;
      default: this.enabled = true; break;
    }
    this.update();
  }

  private update(): void {
    const b = this.banks;
    const inv = (this.select & 0x80) !== 0 ? 4 : 0;
    this.mapChr(0 ^ inv, 2 * K, b[0]! >> 1);
    this.mapChr(2 ^ inv, 2 * K, b[1]! >> 1);
    this.mapChr(4 ^ inv, 1 * K, b[2]!);
    this.mapChr(5 ^ inv, 1 * K, b[3]!);
    this.mapChr(6 ^ inv, 1 * K, b[4]!);
    this.mapChr(7 ^ inv, 1 * K, b[5]!);
    const swap = (this.select & 0x40) !== 0;
    this.mapPrg(swap ? 2 : 0, 8 * K, b[6]!);
    this.mapPrg(1, 8 * K, b[7]!);
    this.mapPrg(swap ? 0 : 2, 8 * K, -2);
    this.mapPrg(3, 8 * K, -1);
    this.setLayout(this.mirroring ? Layout.horizontal : Layout.vertical);
    // $A001's enable and write-protect bits are not honoured: MMC6 boards share
    // mapper 4 and disagree on them, so PRG RAM stays readable and writable.
  }

  override ppuAddress(address: number, time: number): void {
    const a12 = (address >> 12) & 1;
    if (a12 === this.a12) return;
    this.a12 = a12;
    if (a12 === 0) {
      this.lowSince = time;
      return;
    }
    if (time - this.lowSince < A12_LOW_DOTS) return;
    const reloaded = this.reload;
    const before = this.counter;
    if (this.counter === 0 || this.reload) {
      this.counter = this.latch;
      this.reload = false;
    } else {
      this.counter--;
    }
    if (this.counter === 0 && this.enabled && (!this.alt || before !== 0 || reloaded)) this.irq = true;
  }

  protected registers(): number[] {
    return [this.select, ...this.banks, this.mirroring, this.protect, this.latch, this.counter, this.reload ? 1 : 0,
      this.enabled ? 1 : 0, this.a12, this.lowSince];
  }

  protected restore(v: number[]): void {
    this.select = v[0]!;
    for (let k = 0; k < 8; k++) this.banks[k] = v[1 + k]!;
    [this.mirroring, this.protect, this.latch, this.counter] = v.slice(9, 13) as [number, number, number, number];
    this.reload = v[13] === 1;
    this.enabled = v[14] === 1;
    this.a12 = v[15]!;
    this.lowSince = v[16]!;
    this.update();
  }
}
