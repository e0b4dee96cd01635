import { describe, expect, it } from "vitest";
import { adc, sbc } from "../../../cpu/mos6502/alu.js";
import { assemble } from "../../../cpu/mos6502/asm.js";
import { StopReason } from "../../../cpu/mos6502/execute.js";
import { Mos6502 } from "../../../cpu/mos6502/interpreter.js";
import { makeJitCpu } from "./jit-harness.js";

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

/**
 * Every operand pair and both carries, ADC and SBC with D set, under both
 * engines: a program takes A from its own patched immediate (`LDA #a`), runs
 * the four operations for M = 0..255 and stores each result and P at
 * $2000 + 8 * M. The test patches A (dropping the blocks over it), runs
 * the program again and compares
 * every byte with alu.ts. Native code runs under a cycle budget, so a JIT
 * bug fails (wrong bytes or a budget stop), it cannot hang.
 */
describe("NMOS decimal mode, every ADC/SBC operand pair under both engines", () => {
  const program = assemble(`
        .org $0400
start:  LDY #0
        STY ptr
        LDA #$20
        STA ptr+1
mloop:  SED
aval:   LDA #0                  ; patched by the test
        CLC
        ADC mval
        JSR keep
aval2:  LDA #0
        SEC
        ADC mval
        JSR keep
aval3:  LDA #0
        CLC
        SBC mval
        JSR keep
aval4:  LDA #0
        SEC
        SBC mval
        JSR keep
        INC mval
        BNE mloop
done:   JMP done
keep:   PHP
        STA (ptr),Y
        INY
        PLA
        STA (ptr),Y
        INY
        BNE kept
        INC ptr+1
kept:   RTS
ptr     = $10
mval    = $12
`);
  const sym = (name: string) => program.symbols.get(name)!;

  for (const engine of ["interp", "jit"] as const) {
    it(`${engine}: A, P of ADC/SBC for all 65536 pairs x 2 carries`, () => {
      const j = engine === "jit" ? makeJitCpu(true) : undefined;
      const cpu = j?.cpu ?? new Mos6502({ decimal: true });
      try {
        cpu.memory.set(program.bytes, program.origin);
        let wrong = 0;
        let first = "";
        for (let a = 0; a < 256; a++) {
          for (const l of ["aval", "aval2", "aval3", "aval4"]) {
            cpu.memory[sym(l) + 1] = a;
            j?.jit.invalidate(sym(l) + 1, sym(l) + 2); // a write from JS, not a guest store: drop the code by hand
          }
          cpu.memory[0x12] = 0;
          cpu.pc = 0x0400;
          cpu.s = 0xff;
          cpu.p = 0x24;
          cpu.cycles = 0;
          cpu.saveState();
          const stop = j !== undefined ? j.jit.run(2_000_000) : cpu.run(2_000_000, true);
          expect([stop, cpu.pc]).toEqual([StopReason.Trap, sym("done")]);
          for (let m = 0; m < 256; m++) {
            const ops = [[adc, 0], [adc, 1], [sbc, 0], [sbc, 1]] as const;
            for (let k = 0; k < 4; k++) {
              const [op, carry] = ops[k]!;
              const r = op(a, m, 0x24 | D | carry, true);
              const at = 0x2000 + m * 8 + k * 2;
              const want = [r & 0xff, ((r >> 8) & 0xff) | 0x30];
              const got = [cpu.memory[at]!, cpu.memory[at + 1]!];
              if (got[0] !== want[0] || got[1] !== want[1]) {
                if (wrong++ === 0) first = `A=${a} M=${m} C=${carry} ${k < 2 ? "ADC" : "SBC"}: got ${got} want ${want}`;
              }
            }
          }
        }
        expect(first).toBe("");
        expect(wrong).toBe(0);
        if (j !== undefined) {
          // the arithmetic ran natively: apart from the warm-up of each run (about 16 rounds of M), compiled
          expect(j.jit.interpretedInstructions / cpu.instructions).toBeLessThan(0.1);
          expect(j.jit.runtime.counters.blocksCompiled).toBeGreaterThan(256);
        }
      } finally {
        j?.dispose();
      }
    });
  }
});
