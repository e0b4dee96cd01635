/**
 * Bank switching and mirroring on each board: programs that switch banks
 * and copy what they then see into RAM, and the register rules (MMC1's
 * serial port, MMC3's IRQ counter) driven through the mapper directly.
 */
import { describe, expect, it } from "vitest";
import { parseCartridge } from "../../../../src/machines/nes/cartridge.js";
import { Mmc1 } from "../../../../src/machines/nes/mappers/mmc1.js";
import { Mmc3 } from "../../../../src/machines/nes/mappers/mmc3.js";
import { ines, machineOf, prgWith, ram, runToDone, VECTORS } from "./build.js";

const DONE = `
        LDA #$AA
        STA $FF
done:   JMP done
`;

/** Read PPU memory at `addr` through $2006/$2007 (one buffered read first) into A. */
const ppuRead = (addr: number) => `
        LDA #$${(addr >> 8).toString(16)}
        STA $2006
        LDA #$${(addr & 0xff).toString(16)}
        STA $2006
        LDA $2007
        LDA $2007
`;

describe("NROM", () => {
  it("16 KiB PRG is mirrored at $8000 and $C000", () => {
    const m = machineOf(ines({ prg: prgWith(`.org $C000\nreset: LDA $8000\nSTA $10\nLDA $BFFF\nSTA $11\n${DONE}${VECTORS()}`, 16384, false) }));
    runToDone(m);
    expect([m.peek(0x8000), m.peek(0xc000), ram(m, 0x10, 2)]).toEqual([0xad, 0xad, [0xad, 0xc0]]);
  });

  for (const [flags, name, want] of [[0, "horizontal", [0x11, 0x11, 0x22, 0x22]], [1, "vertical", [0x11, 0x22, 0x11, 0x22]]] as const) {
    it(`${name} mirroring: $2000/$2400/$2800/$2C00 as the header says`, () => {
      const source = `
        .org $C000
reset:  LDA #$20
        STA $2006
        LDA #$00
        STA $2006
        LDA #$11
        STA $2007
        LDA #$2C
        STA $2006
        LDA #$00
        STA $2006
        LDA #$22
        STA $2007
${ppuRead(0x2000)}
        STA $10
${ppuRead(0x2400)}
        STA $11
${ppuRead(0x2800)}
        STA $12
${ppuRead(0x2c00)}
        STA $13
${DONE}${VECTORS()}`;
      const m = machineOf(ines({ prg: prgWith(source), flags }));
      runToDone(m);
      expect(ram(m, 0x10, 4)).toEqual(want);
    });
  }
});

describe("UxROM", () => {
  it("a write anywhere in $8000-$FFFF picks the 16 KiB bank at $8000; the last stays at $C000", () => {
    const m = machineOf(ines({ mapper: 2, prg: prgWith(`
        .org $C100
reset:  LDX #7
loop:   STX $8000
        LDA $8010
        STA $10,X
        DEX
        BPL loop
        STX $FFF0
        LDA $8000
        STA $18
        LDA $C000
        STA $19
${DONE}${VECTORS()}`, 8 * 16384) }));
    runToDone(m);
    // X = $FF at the end selects bank 7 (wrapped)
    expect(ram(m, 0x10, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 7, 7]);
  });
});

describe("CNROM", () => {
  it("writes pick the 8 KiB CHR bank the PPU sees", () => {
    const chr = Uint8Array.from({ length: 4 * 8192 }, (_, k) => 0x40 + (k >> 13));
    const m = machineOf(ines({ mapper: 3, chr, prg: prgWith(`
        .org $C000
reset:  LDX #3
loop:   STX $8000
${ppuRead(0x1234)}
        STA $10,X
        DEX
        BPL loop
${DONE}${VECTORS()}`) }));
    runToDone(m);
    expect(ram(m, 0x10, 4)).toEqual([0x40, 0x41, 0x42, 0x43]);
  });
});

describe("AxROM", () => {
  it("32 KiB banks and one-screen mirroring from bit 4", () => {
    // the same code in all four 32 KiB banks, bank b marked at $8010 with $B0 + b
    const prg = new Uint8Array(4 * 32768);
    const code = prgWith(`
        .org $C000
reset:  LDX #3
loop:   STX $8000
        LDA $8010
        STA $10,X
        DEX
        BPL loop
        LDA #$10
        STA $8000
        LDA #$24
        STA $2006
        LDA #$00
        STA $2006
        LDA #$5A
        STA $2007
${ppuRead(0x2000)}
        STA $14
${ppuRead(0x2c00)}
        STA $15
        LDA #$00
        STA $8000
${ppuRead(0x2800)}
        STA $16
${DONE}${VECTORS()}`, 16384, false);
    for (let b = 0; b < 4; b++) {
      prg.set(code, b * 32768 + 16384);
      prg[b * 32768 + 0x10] = 0xb0 + b;
    }
    const m = machineOf(ines({ mapper: 7, prg }));
    runToDone(m);
    // nametable 1 holds $5A everywhere while selected; nametable 0 is still empty
    expect(ram(m, 0x10, 7)).toEqual([0xb0, 0xb1, 0xb2, 0xb3, 0x5a, 0x5a, 0x00]);
  });
});

describe("MMC1", () => {
  const mmc1 = () => new Mmc1(parseCartridge(ines({ mapper: 1, prg: Uint8Array.from({ length: 8 * 16384 }, (_, k) => k >> 14) })));
  /** Five serial writes of `value` to `address`, 2 cycles apart. */
  const serial = (m: Mmc1, address: number, value: number, cycle: number): number => {
    for (let k = 0; k < 5; k++) m.cpuWrite(address, (value >> k) & 1, cycle + 2 * k);
    return cycle + 10;
  };

  it("powers on in PRG mode 3: bank 0 at $8000, the last fixed at $C000", () => {
    const m = mmc1();
    expect([m.cpuRead(0x8000), m.cpuRead(0xc000)]).toEqual([0, 7]);
  });

  it("the fifth serial write stores the register; bit 7 resets the shift register", () => {
    const m = mmc1();
    let c = serial(m, 0xe000, 5, 100);
    expect(m.cpuRead(0x8000)).toBe(5);
    // two bits in, then a reset: the next five writes start afresh
    m.cpuWrite(0xe000, 1, c);
    m.cpuWrite(0xe000, 1, c + 2);
    m.cpuWrite(0x8000, 0x80, c + 4);
    c = serial(m, 0xe000, 2, c + 6);
    expect(m.cpuRead(0x8000)).toBe(2);
    // control = 2 (PRG mode 0: 32 KiB at $8000 from bank >> 1; vertical mirroring)
    c = serial(m, 0x8000, 0x02, c);
    expect([m.cpuRead(0x8000), m.cpuRead(0xc000), Array.from(m.ntMap)]).toEqual([2, 3, [0, 0x400, 0, 0x400]]);
    // mode 2: bank 0 fixed at $8000, switchable at $C000
    c = serial(m, 0x8000, 0x0b, c);
    expect([m.cpuRead(0x8000), m.cpuRead(0xc000), Array.from(m.ntMap)]).toEqual([0, 2, [0, 0, 0x400, 0x400]]);
  });

  it("a write on the cycle right after another is ignored (read-modify-write)", () => {
    const m = mmc1();
    // each pair: a first write (taken) and one on the next cycle (ignored)
    for (let k = 0; k < 5; k++) {
      m.cpuWrite(0xe000, (3 >> k) & 1, 200 + 4 * k);
      m.cpuWrite(0xe000, 1, 201 + 4 * k);
    }
    expect(m.cpuRead(0x8000)).toBe(3);
  });

  it("a program switches banks through the serial port", () => {
    const mm = machineOf(ines({ mapper: 1, prg: prgWith(`
        .org $C100
reset:  LDX #6
loop:   TXA
        STA $E000
        LSR A
        STA $E000
        LSR A
        STA $E000
        LSR A
        STA $E000
        LSR A
        STA $E000
        LDA $8000
        STA $10,X
        DEX
        BPL loop
${DONE}${VECTORS()}`, 8 * 16384) }));
    runToDone(mm);
    expect(ram(mm, 0x10, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe("MMC3", () => {
  const mmc3 = () => new Mmc3(parseCartridge(ines({
    mapper: 4,
    prg: Uint8Array.from({ length: 16 * 8192 }, (_, k) => k >> 13),
    chr: Uint8Array.from({ length: 32 * 1024 }, (_, k) => k >> 10),
  })));

  it("PRG: R6 and R7, the second-last bank fixed, $8000 bit 6 swapping $8000 and $C000", () => {
    const m = mmc3();
    m.cpuWrite(0x8000, 6, 0);
    m.cpuWrite(0x8001, 3, 0);
    m.cpuWrite(0x8000, 7, 0);
    m.cpuWrite(0x8001, 9, 0);
    expect([0x8000, 0xa000, 0xc000, 0xe000].map((a) => m.cpuRead(a))).toEqual([3, 9, 14, 15]);
    m.cpuWrite(0x8000, 0x46, 0);
    expect([0x8000, 0xa000, 0xc000, 0xe000].map((a) => m.cpuRead(a))).toEqual([14, 9, 3, 15]);
  });

  it("CHR: two 2 KiB and four 1 KiB banks, swapped by $8000 bit 7; mirroring at $A000", () => {
    const m = mmc3();
    [4, 10, 20, 21, 22, 23].forEach((bank, r) => {
      m.cpuWrite(0x8000, r, 0);
      m.cpuWrite(0x8001, bank, 0);
    });
    const view = () => Array.from({ length: 8 }, (_, k) => m.chrRead(k * 0x400));
    expect(view()).toEqual([4, 5, 10, 11, 20, 21, 22, 23]);
    m.cpuWrite(0x8000, 0x80, 0);
    expect(view()).toEqual([20, 21, 22, 23, 4, 5, 10, 11]);
    m.cpuWrite(0xa000, 1, 0);
    expect(Array.from(m.ntMap)).toEqual([0, 0, 0x400, 0x400]);
    m.cpuWrite(0xa000, 0, 0);
    expect(Array.from(m.ntMap)).toEqual([0, 0x400, 0, 0x400]);
  });

  it("the IRQ counter counts A12 rises after a long low, reloads, and raises the IRQ at zero", () => {
    const m = mmc3();
    m.cpuWrite(0xc000, 2, 0); // latch
    m.cpuWrite(0xc001, 0, 0); // reload
    m.cpuWrite(0xe001, 0, 0); // enable
    let t = 100;
    const rise = (lowFor: number) => {
      m.ppuAddress(0x0000, t);
      t += lowFor;
      m.ppuAddress(0x1000, t);
      t += 8;
    };
    rise(20); // reload to 2
    rise(4); // too short a low: filtered
    expect(m.irq).toBe(false);
    rise(20); // 1
    expect(m.irq).toBe(false);
    rise(20); // 0: IRQ
    expect(m.irq).toBe(true);
    m.cpuWrite(0xe000, 0, 0); // acknowledge and disable
    expect(m.irq).toBe(false);
    rise(20); // reload to 2, no IRQ while disabled
    rise(20);
    rise(20);
    expect(m.irq).toBe(false);
  });
});
