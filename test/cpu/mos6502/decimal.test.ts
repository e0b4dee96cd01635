import { describe, expect, it } from "vitest";
import { adc, sbc } from "../../../cpu/mos6502/alu.js";
import { Mos6502 } from "../../../cpu/mos6502/interpreter.js";

const C = 0x01, Z = 0x02, D = 0x08, V = 0x40, N = 0x80;

/** ADC/SBC on the NMOS chip with D set: [A, P & (N V Z C)]. */
function decimalOp(op: typeof adc, a: number, m: number, carry: boolean): [number, number] {
  const r = op(a, m, 0x20 | D | (carry ? C : 0), true);
  return [r & 0xff, (r >> 8) & (N | V | Z | C)];
}

// Cases from Bruce Clark, "Decimal Mode" (6502.org tutorial), and the MCS6500
// manual's BCD examples. NMOS facts: ADC's Z comes from the binary sum, N and
// V from the intermediate result; SBC's flags are the binary subtraction's.
describe("NMOS decimal mode", () => {
  it("adds BCD with carry out", () => {
    // 58 + 46 + 1 = 105: N and V follow the intermediate high nibble $A (bit 7 set)
    expect(decimalOp(adc, 0x58, 0x46, true)).toEqual([0x05, N | V | C]);
    expect(decimalOp(adc, 0x12, 0x34, false)).toEqual([0x46, 0]);
    expect(decimalOp(adc, 0x15, 0x26, false)).toEqual([0x41, 0]);
    expect(decimalOp(adc, 0x81, 0x92, false)).toEqual([0x73, C | V]); // V from the binary-like high nibble
  });

  it("sets Z from the binary sum, not the BCD result (99 + 1)", () => {
    expect(decimalOp(adc, 0x99, 0x01, false)).toEqual([0x00, N | C]);
  });

  it("subtracts BCD with borrow", () => {
    expect(decimalOp(sbc, 0x46, 0x12, true)).toEqual([0x34, C]);
    expect(decimalOp(sbc, 0x40, 0x13, true)).toEqual([0x27, C]);
    expect(decimalOp(sbc, 0x32, 0x02, false)).toEqual([0x29, C]);
    expect(decimalOp(sbc, 0x12, 0x21, true)).toEqual([0x91, N]); // borrow out: C clear
    expect(decimalOp(sbc, 0x00, 0x01, true)).toEqual([0x99, N]);
  });

  it("is ignored when the chip has no decimal mode (the NES's 2A03)", () => {
    const program = [0xf8, 0x18, 0xa9, 0x09, 0x69, 0x01]; // SED CLC LDA #$09 ADC #$01
    for (const [decimal, result] of [[true, 0x10], [false, 0x0a]] as const) {
      const cpu = new Mos6502({ decimal });
      cpu.memory.set(program, 0x200);
      cpu.pc = 0x200;
      for (let i = 0; i < 4; i++) cpu.step();
      expect([cpu.a, cpu.p & D]).toEqual([result, D]);
      expect(cpu.cycles).toBe(8); // no extra cycle in NMOS decimal mode
    }
  });
});
