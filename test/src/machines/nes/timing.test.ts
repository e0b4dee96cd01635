/**
 * The bus and the clock, each with a small program: OAM DMA's stall,
 * the controllers' strobe and shift, open bus, VBL and NMI timing, and the
 * frame's end at the start of vertical blank.
 */
import { describe, expect, it } from "vitest";
import { VBL_LINE } from "../../../../src/machines/nes/ppu.js";
import { ines, machineOf, prgWith, ram, runToDone, VECTORS } from "./build.js";

const DONE = `
        LDA #$AA
        STA $FF
done:   JMP done
`;
const image = (source: string) => ines({ prg: prgWith(source) });

describe("OAM DMA", () => {
  // After power-on the CPU has run 7 cycles (its reset sequence), counted from cycle 0.
  // The STA $4014 write is the 15th or 16th cycle: cycle number 14 (even) or 15 (odd).
  for (const [lead, write, stall] of [["LDA #2", 14, 513], ["LDA $00", 15, 514]] as const) {
    it(`a write in cycle ${write} stalls the CPU ${stall} cycles and fills OAM from the page`, () => {
      const m = machineOf(image(`
        .org $C000
reset:  ${lead}
        LDA #2
        STA $4014
${DONE}${VECTORS()}`));
      const { cpu, bus, ppu } = m.nes;
      for (let k = 0; k < 256; k++) bus.ram[0x200 + k] = k ^ 0x5a;
      expect(bus.cycles).toBe(7);
      cpu.step();
      cpu.step();
      cpu.step();
      expect([bus.cycles, cpu.pc]).toEqual([write + 1 + stall, 0xc007]);
      expect(Array.from(ppu.oam.subarray(0, 4))).toEqual([0x5a, 0x5b, 0x58, 0x59]);
      expect(ppu.oam[255]).toBe(255 ^ 0x5a);
    });
  }
});

describe("controllers", () => {
  const readBoth = `
        .org $C000
reset:  LDA #1
        STA $4016
        LDA #0
        STA $4016
        LDX #0
pad1:   LDA $4016
        STA $10,X
        INX
        CPX #10
        BNE pad1
        LDX #0
pad2:   LDA $4017
        STA $20,X
        INX
        CPX #9
        BNE pad2
        LDA #1
        STA $4016
        LDA $4016
        STA $30
        LDA $4016
        STA $31
${DONE}${VECTORS()}`;

  it("strobe, then eight bits A B Select Start Up Down Left Right, then 1s; open bus in bits 5-7", () => {
    const m = machineOf(image(readBoth));
    for (const key of ["a", "start", "left"]) m.setGuestKey(key, true);
    runToDone(m);
    // the byte before each read is the operand's high byte, $40: bits 5-7 read back as $40
    expect(ram(m, 0x10, 10)).toEqual([0x41, 0x40, 0x40, 0x41, 0x40, 0x40, 0x41, 0x40, 0x41, 0x41]);
    // pad 2 holds nothing
    expect(ram(m, 0x20, 9)).toEqual([0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x41]);
    // while the strobe is high every read gives A again
    expect(ram(m, 0x30, 2)).toEqual([0x41, 0x41]);
  });

  it("host keys: X = A, Z = B, Return = Start, Shift = Select, the arrows", () => {
    const m = machineOf(image(readBoth));
    for (const key of ["x", "z", "return", "shift", "up", "down", "left", "right"]) {
      expect(m.input({ type: "key", key, down: true })).toBe(true);
    }
    expect(m.input({ type: "key", key: "q", down: true })).toBe(false);
    expect(m.nes.bus.pads[0]).toBe(0xff);
    m.input({ type: "key", key: "z", down: false });
    expect(m.nes.bus.pads[0]).toBe(0xfd);
    expect(() => m.setGuestKey("turbo", true)).toThrow("no NES button 'turbo' (buttons are a b select start up down left right)");
  });
});

describe("vertical blank and NMI", () => {
  // (241, 1) is dot 82182 from power-on, run in the first dot of CPU cycle 27394 (counted from 0);
  // the frame ends with the instruction around it (the poll loop's LDA $2002), at cycle 27397, dot 10.
  const DOT_AT_END = 10, CYCLES_AT_END = 27397;
  it("a frame ends as the PPU enters vertical blank; the flag reads set once and clears on read", () => {
    const m = machineOf(image(`
        .org $C000
reset:  LDX #0
wait:   LDA $2002
        BPL wait
        STA $10
        LDA $2002
        STA $11
        LDA $2002
        STA $12
${DONE}${VECTORS()}`));
    m.runFrames(1);
    const { ppu, bus } = m.nes;
    // the run stops after the instruction in which the PPU reached (241, 1)
    expect([ppu.scanline, ppu.dot, bus.cycles]).toEqual([VBL_LINE, DOT_AT_END, CYCLES_AT_END]);
    runToDone(m);
    expect(ram(m, 0x10, 3)).toEqual([0x80, 0x00, 0x00]);
  });

  it("NMI every frame once enabled; the handler sees the flag set", () => {
    const m = machineOf(image(`
        .org $C000
reset:  LDA #$80
        STA $2000
loop:   JMP loop
nmi:    INC $10
        LDA $2002
        STA $11
        RTI
${VECTORS("nmi")}`));
    m.runFrames(5);
    // five vertical blanks have begun; the fifth NMI is taken just after the frame's end
    expect(m.peek(0x10)).toBe(4);
    m.nes.cpu.step();
    m.nes.cpu.step();
    m.nes.cpu.step();
    expect(ram(m, 0x10, 2)).toEqual([5, 0x80]);
  });

  it("a $2002 read one dot before the flag rises reads clear and stops the flag (and the NMI) for the frame", () => {
    const m = machineOf(image(`.org $C000\nreset: JMP reset\n${VECTORS()}`));
    const { ppu } = m.nes;
    ppu.writeRegister(0, 0x80);
    while (!(ppu.scanline === VBL_LINE && ppu.dot === 1)) ppu.tick();
    expect(ppu.readRegister(2) & 0x80).toBe(0);
    ppu.run(10);
    expect([ppu.status & 0x80, ppu.nmiOutput()]).toEqual([0, false]);
    // the next frame is normal again
    ppu.run(341 * 262);
    expect([ppu.status & 0x80, ppu.nmiOutput()]).toEqual([0x80, true]);
  });

  it("odd frames are one dot shorter while rendering, even ones are not", () => {
    const m = machineOf(image(`.org $C000\nreset: JMP reset\n${VECTORS()}`));
    const { ppu } = m.nes;
    const dotsOfFrame = (): [number, number] => {
      const frame = ppu.frame;
      let dots = 0;
      while (ppu.frame === frame) {
        ppu.tick();
        dots++;
      }
      return [frame & 1, dots];
    };
    while (!(ppu.scanline === 0 && ppu.dot === 0)) ppu.tick();
    expect(ppu.frame).toBe(1);
    expect([dotsOfFrame(), dotsOfFrame()]).toEqual([[1, 89342], [0, 89342]]);
    ppu.writeRegister(1, 0x08);
    expect([dotsOfFrame(), dotsOfFrame(), dotsOfFrame()]).toEqual([[1, 89341], [0, 89342], [1, 89341]]);
  });
});
