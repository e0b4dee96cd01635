import { describe, expect, it } from "vitest";
import { assemble } from "../../../../cpu/mos6502/asm.js";
import { Bare6502 } from "../../../../src/machines/bare6502/machine.js";

function machineWith(source: string, decimal = true): Bare6502 {
  const program = assemble(source);
  const machine = new Bare6502({ decimal });
  machine.load(program.bytes, program.origin);
  machine.start(program.origin);
  return machine;
}

describe("bare 6502 machine", () => {
  it("starts in the post-RESET state and stops at a trap with the registers", () => {
    const result = machineWith(".org $0200\nLDA #$80\nLDX #1\nLDY #2\nloop: JMP loop").run(1000);
    expect(result).toEqual({ stop: "trap", pc: 0x0206, a: 0x80, x: 1, y: 2, s: 0xfd, p: 0x24, cycles: 9, instructions: 4 });
  });

  it("stops at a JAM with the PC on it", () => {
    const result = machineWith(".org $0300\nINX\nJAM\nINX").run(1000);
    expect([result.stop, result.pc, result.x, result.instructions]).toEqual(["jam", 0x0301, 1, 2]);
  });

  it("stops at the cycle limit between instructions", () => {
    const result = machineWith(".org $0300\nloop: INX\nBNE loop\nJMP *").run(100);
    // each round is INX (2) + taken BNE (3): 20 rounds in 100 cycles
    expect([result.stop, result.cycles, result.x]).toEqual(["cycle-limit", 100, 20]);
  });

  it("switches decimal mode off like the 2A03", () => {
    const source = ".org $0300\nSED\nLDA #$19\nCLC\nADC #$01\nJMP *";
    expect(machineWith(source, true).run(100).a).toBe(0x20);
    expect(machineWith(source, false).run(100).a).toBe(0x1a);
  });

  it("traces one line per instruction before it runs, same stops as untraced", () => {
    const machine = machineWith(".org $0400\nLDX #2\nloop: DEX\nBNE loop\nJMP *");
    const lines: string[] = [];
    const result = machine.run(1000, (line) => lines.push(line));
    expect(lines).toEqual([
      "0400  A2 02     LDX #$02          A:00 X:00 Y:00 P:24 SP:FD CYC:0",
      "0402  CA        DEX               A:00 X:02 Y:00 P:24 SP:FD CYC:2",
      "0403  D0 FD     BNE $0402         A:00 X:01 Y:00 P:24 SP:FD CYC:4",
      "0402  CA        DEX               A:00 X:01 Y:00 P:24 SP:FD CYC:7",
      "0403  D0 FD     BNE $0402         A:00 X:00 Y:00 P:26 SP:FD CYC:9",
      "0405  4C 05 04  JMP $0405         A:00 X:00 Y:00 P:26 SP:FD CYC:11",
    ]);
    expect([result.stop, result.pc, result.cycles, result.instructions]).toEqual(["trap", 0x0405, 14, 6]);
  });

  it("rejects a binary that does not fit after the load address", () => {
    const machine = new Bare6502();
    expect(() => machine.load(new Uint8Array(17), 0xfff0)).toThrow("binary is 17 bytes but only 16 fit after $FFF0");
    expect(() => machine.start(0x10000)).toThrow("entry address 65536 is outside $0000-$FFFF");
    machine.load(new Uint8Array(16).fill(0xea), 0xfff0);
    expect(machine.memory[0xffff]).toBe(0xea);
  });
});
