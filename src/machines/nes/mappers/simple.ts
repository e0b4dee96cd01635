/**
 * The discrete-logic boards: NROM (0), UxROM (2), CNROM (3) and AxROM (7)
 * (the NESdev wiki's pages of the same names).
 */
import type { Cartridge } from "../cartridge.js";
import { checkSize, Layout, Mapper, powersOfTwo } from "./mapper.js";

const K = 1024;

/** NROM: 16 or 32 KiB PRG (16 KiB mirrored), 8 KiB CHR; no registers. */
export class Nrom extends Mapper {
  readonly name = "NROM";
  constructor(cart: Cartridge) {
    super(cart);
    checkSize(cart, "NROM", [16 * K, 32 * K], [0, 8 * K]);
    this.mapPrg(0, 16 * K, 0);
    this.mapPrg(2, 16 * K, 1);
    this.mapChr(0, 8 * K, 0);
  }
  protected writeRegister(): void {}
  protected registers(): number[] { return []; }
  protected restore(): void {}
}

/**
 * A board with one latch written through $8000-$FFFF (UxROM, CNROM);
 * submapper 2 has bus conflicts: the value written is ANDed with the ROM
 * byte at the address.
 */
abstract class LatchMapper extends Mapper {
  private bank = 0;
  private readonly conflicts: boolean;
  constructor(cart: Cartridge) {
    super(cart);
    this.conflicts = cart.submapper === 2;
  }
  protected writeRegister(address: number, value: number): void {
    if (this.conflicts) value &= this.cpuRead(address);
    this.restore([value]);
  }
  protected registers(): number[] { return [this.bank]; }
  protected restore([bank]: number[]): void {
    this.bank = bank!;
    this.mapBank(bank!);
  }
  /** Map the windows for latch value `bank`. */
  protected abstract mapBank(bank: number): void;
}

/**
 * UxROM: a 16 KiB bank at $8000 chosen by any write to $8000-$FFFF, the
 * last bank fixed at $C000; 8 KiB CHR RAM. Submapper 2 has bus conflicts
 * (the value written is ANDed with the ROM byte at the address).
 */
export class Uxrom extends LatchMapper {
  readonly name = "UxROM";
  constructor(cart: Cartridge) {
    super(cart);
    checkSize(cart, "UxROM", powersOfTwo(16 * K, 4096 * K), [0, 8 * K]);
    this.restore([0]);
  }
  protected mapBank(bank: number): void {
    this.mapPrg(0, 16 * K, bank);
    this.mapPrg(2, 16 * K, -1);
    this.mapChr(0, 8 * K, 0);
  }
}

/** CNROM: 16/32 KiB PRG as NROM, an 8 KiB CHR bank chosen by writes to $8000-$FFFF (submapper 2: bus conflicts). */
export class Cnrom extends LatchMapper {
  readonly name = "CNROM";
  constructor(cart: Cartridge) {
    super(cart);
    checkSize(cart, "CNROM", [16 * K, 32 * K], powersOfTwo(8 * K, 2048 * K));
    this.mapPrg(0, 16 * K, 0);
    this.mapPrg(2, 16 * K, 1);
    this.restore([0]);
  }
  protected mapBank(bank: number): void {
    this.mapChr(0, 8 * K, bank);
  }
}

/** AxROM: a 32 KiB PRG bank (bits 0-2) and one-screen mirroring from nametable bit 4; 8 KiB CHR RAM. */
export class Axrom extends Mapper {
  readonly name = "AxROM";
  private reg = 0;
  constructor(cart: Cartridge) {
    super(cart);
    checkSize(cart, "AxROM", powersOfTwo(32 * K, 512 * K), [0, 8 * K]);
    this.mapChr(0, 8 * K, 0);
    this.restore([0]);
  }
  protected writeRegister(_address: number, value: number): void {
    this.restore([value]);
  }
  protected registers(): number[] { return [this.reg]; }
  protected restore([reg]: number[]): void {
    this.reg = reg!;
    this.mapPrg(0, 32 * K, reg! & 7);
    this.setLayout(reg! & 0x10 ? Layout.single1 : Layout.single0);
  }
}
