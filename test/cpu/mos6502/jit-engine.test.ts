/**
 * The JIT engine's stop rules and hand-offs on small programs, each
 * compared with the interpreter (registers, counters, RAM, stop reason):
 * JAM, traps through every kind of jump, decimal mode, interpreter-only
 * instructions inside loops, stores into the running block, and an
 * asserted IRQ line.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/mos6502/asm.js";
import { StopReason } from "../../../cpu/mos6502/execute.js";
import { Mos6502 } from "../../../cpu/mos6502/interpreter.js";
import { Mos6502Pair, runLockstep } from "../../../cpu/mos6502/jit-diagnose.js";
import { Mos6502Jit, type Mos6502JitOptions } from "../../../cpu/mos6502/jit.js";
import { Mos6502JitMemory } from "../../../cpu/mos6502/jit-state.js";

function image(source: string): { memory: Uint8Array; pc: number } {
  const program = assemble(`        .org $0400\n${source}`);
  const memory = new Uint8Array(0x10000);
  memory.set(program.bytes, program.origin);
  return { memory, pc: 0x0400 };
}

/** Both engines in lockstep; the JIT compiles every block at once unless `jit` says otherwise. */
function both(source: string, maxCycles = 100_000, jit: Mos6502JitOptions = { tierThreshold: 1 }) {
  const result = runLockstep(image(source), { maxCycles, chunkCycles: maxCycles, diagnose: true, jit });
  expect(result.divergence).toBeUndefined();
  return result;
}

describe("6502 JIT engine", () => {
  it("stops at a JAM with the PC on it", () => {
    const r = both("LDX #3\nloop: DEX\nBNE loop\n.byte $02\n");
    expect([r.stop, r.interp.pc, r.interp.halted, r.interp.cycles]).toEqual([StopReason.Jam, 0x0405, true, 2 + 3 * 2 + 2 * 3 + 2 + 2]);
  });

  it("stops at traps reached by JMP, a branch, JSR, RTS, RTI, JMP (ind) and BRK", () => {
    const traps = [
      "JMP *",
      "CLC\nhere: BCC here",
      "here: JSR here",
      "LDA #>here\nPHA\nLDA #<here-1\nPHA\nhere: RTS",
      "LDA #>here\nPHA\nLDA #<here\nPHA\nPHP\nhere: RTI",
      "LDA #<here\nSTA $10\nLDA #>here\nSTA $11\nhere: JMP ($0010)",
      "LDA #<here\nSTA $FFFE\nLDA #>here\nSTA $FFFF\nhere: BRK",
    ];
    for (const source of traps) {
      const r = both(source);
      expect(r.stop, source).toBe(StopReason.Trap);
      expect(r.interp.pc, source).toBe(assemble(`        .org $0400\n${source}`).symbols.get("here") ?? 0x0400);
    }
  });

  it("runs decimal ADC natively and hands CLI/SEI/PLP and ARR to the interpreter inside native loops", () => {
    const r = both(`
        SED
        LDX #50
        LDA #0
loop:   CLC
        ADC #$19
        SEI
        PHP
        PLP
        CLI
        ARR #$F3
        DEX
        BNE loop
        CLD
        JMP *`);
    expect(r.stop).toBe(StopReason.Trap);
    expect(r.interpreted).toBe(50 * 4); // SEI, PLP, CLI, ARR; ADC with D set and PHP run natively
    expect(r.jitCounters.blocksCompiled).toBeGreaterThan(2);
  });

  it("a store into the running block takes effect on the next pass", () => {
    const r = both(`
        LDX #10
loop:   LDA #0          ; its operand is rewritten below
        CLC
        ADC #1
        STA loop+1
        STA $20,X
        DEX
        BNE loop
        JMP *`, 100_000, { tierThreshold: 1, dynamicOperands: false });
    expect(r.stop).toBe(StopReason.Trap);
    expect(Array.from(r.interp.memory.subarray(0x21, 0x2b))).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(r.jitCounters.invalidations).toBeGreaterThanOrEqual(9);
  });

  it("compiles nothing during the warm-up (the first warmupInstructions instructions)", () => {
    const loop = `LDX #0\nloop: DEX\nBNE loop\nJMP *`; // 1 + 512 + 1 instructions
    const quiet = both(loop, 100_000, { tierThreshold: 2, warmupInstructions: 1000 });
    expect([quiet.jitCounters.blocksCompiled, quiet.interpreted]).toEqual([0, 514]);
    const early = both(loop, 100_000, { tierThreshold: 2, warmupInstructions: 100 });
    expect(early.jitCounters.blocksCompiled).toBe(1);
    expect(early.interpreted).toBeGreaterThanOrEqual(100);
    expect(early.interpreted).toBeLessThan(110);
  });

  it("reads a patched operand at run time after the first store: one invalidation, not one per round", () => {
    const source = `
        LDX #200
loop:   LDA #0          ; its operand is rewritten below
        CLC
        ADC #1
        STA loop+1
        STA $2000,X
        DEX
        BNE loop
        JMP *`;
    const r = both(source);
    expect(r.stop).toBe(StopReason.Trap);
    expect(Array.from(r.interp.memory.subarray(0x2001, 0x2006))).toEqual([200, 199, 198, 197, 196]);
    expect(r.jitCounters.invalidations).toBe(1);
    expect(r.interpreted).toBe(1); // the first store, made by the interpreter, which dropped the block
    const pair = new Mos6502Pair(true, { tierThreshold: 1 });
    try {
      runLockstep(image(source), { maxCycles: 100_000, chunkCycles: 100_000 }, pair);
      const block = pair.jit.runtime.cache.get(0x0402)!;
      expect(block.dynamicPcs).toEqual([0x0402]);
      expect([pair.jit.codeWrites[0x0403], pair.jit.dynamicMarks[0x0403], pair.jit.dynamicMarks[0x0402]]).toEqual([1, 1, 0]);
      // the operand byte is not covered: stores to it drop nothing
      expect(block.covered).not.toContain(0x0403);
      expect(block.covered).toContain(0x0402);
    } finally {
      pair.dispose();
    }
  });

  it("tiers: a block start runs in the interpreter until reached tierThreshold times", () => {
    const loop = (n: number) => `LDX #${n}\nloop: DEX\nBNE loop\nJMP *`;
    const cold = both(loop(10), 100_000, { tierThreshold: 16, warmupInstructions: 0 });
    expect([cold.jitCounters.blocksCompiled, cold.interpreted]).toEqual([0, 1 + 2 * 10 + 1]); // LDX, the loop, the trap: all interpreted
    const hot = both(loop(100), 100_000, { tierThreshold: 16, warmupInstructions: 0 });
    // LDX and 16 rounds interpreted (the BNE's 16th jump back to $0402 compiles DEX; BNE; JMP *), 84 native, the trap native
    expect([hot.jitCounters.blocksCompiled, hot.interpreted]).toEqual([1, 1 + 2 * 16]);
  });

  it("writes without guards to a data page, then guards it once code runs there", () => {
    // pass 1 copies "INC $40; RTS" to $3000 (a page without code: unguarded stores) and calls it;
    // pass 2 copies "INC $41; RTS" over it, which must drop the block compiled at $3000
    const r = both(`
        LDY #0
again:  LDX #0
copy:   LDA codes,Y
        STA $3000,X
        INY
        INX
        CPX #4
        BNE copy
        JSR $3000
        CPY #8
        BNE again
        JMP *
codes:  INC $40
        RTS
        NOP
        INC $41
        RTS
        NOP`);
    expect(r.stop).toBe(StopReason.Trap);
    expect([r.interp.memory[0x40], r.interp.memory[0x41]]).toEqual([1, 1]);
    expect(r.jitCounters.invalidations).toBeGreaterThanOrEqual(2);
  });

  it("without stopOnTrap spins natively in JMP * up to the cycle limit, as the interpreter does", () => {
    const start = image("LDX #5\nloop: DEX\nBNE loop\nhere: JMP here");
    const interp = new Mos6502({ memory: start.memory.slice(), decimal: true });
    interp.pc = 0x0400;
    const native = new Mos6502JitMemory();
    try {
      native.ram.set(start.memory);
      const cpu = new Mos6502({ memory: native.ram, state: native.state, decimal: true });
      cpu.pc = 0x0400;
      const jit = new Mos6502Jit(cpu, native, { stopOnTrap: false, tierThreshold: 1 });
      for (const limit of [1000, 5003, 1_000_000]) {
        expect(jit.run(limit)).toBe(interp.run(limit, false));
        expect([cpu.pc, cpu.cycles, cpu.instructions, cpu.x]).toEqual([interp.pc, interp.cycles, interp.instructions, interp.x]);
      }
      expect(interp.cycles).toBe(1_000_001); // JMP takes 3 cycles: the last one starts at 999,998
      expect(jit.interpretedInstructions).toBeLessThan(10);
      jit.dispose();
    } finally {
      native.dispose();
    }
  });

  it("stays identical when a tiny code cache is flushed again and again", () => {
    const pair = new Mos6502Pair(true, { codeCacheBytes: 4096 });
    try {
      const memory = new Uint8Array(0x10000);
      memory.set(readFileSync("roms/6502/bench/mandel.bin"), 0x0400);
      const r = runLockstep({ memory, pc: 0x0400 }, { maxCycles: 3_000_000, chunkCycles: 99_991 }, pair);
      expect(r.divergence).toBeUndefined();
      expect(r.stop).toBe(StopReason.Budget);
      expect(pair.jit.runtime.counters.flushes).toBeGreaterThan(10);
    } finally {
      pair.dispose();
    }
  });

  it("runs the interpreter while the IRQ line is asserted and I is clear, with the same result", () => {
    const pair = new Mos6502Pair(true);
    try {
      const start = image(`
        CLI
        LDX #0
loop:   INX
        BNE loop
        JMP *
        .org $0500
irq:    INC $40
        LDA #0
        STA $0200
        RTI`);
      start.memory[0xfffe] = 0x00;
      start.memory[0xffff] = 0x05;
      pair.reset(start);
      pair.interp.setIrq(1, true);
      pair.jitCpu.setIrq(1, true);
      const first = pair.runBoth(3000);
      expect(first.difference).toBeUndefined();
      pair.interp.setIrq(1, false);
      pair.jitCpu.setIrq(1, false);
      const second = pair.runBoth(100_000);
      expect(second.difference).toBeUndefined();
      expect(second.stop).toBe(StopReason.Trap);
      expect(pair.interp.memory[0x40]).toBeGreaterThan(10);
    } finally {
      pair.dispose();
    }
  });
});
