import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/mos6502/asm.js";
import { RecordingBus } from "../../../cpu/mos6502/bus.js";
import { Mos6502, StopReason } from "../../../cpu/mos6502/interpreter.js";
import { StateSlot, readCounter } from "../../../cpu/mos6502/state.js";

/** A CPU with `source` assembled into RAM, PC at $0400, S=$FD, P=`p`; IRQ handler at $0500, NMI at $0600. */
function setup(source: string, p = 0x24): Mos6502 {
  const cpu = new Mos6502();
  const program = assemble(`.org $0400\n${source}\n.org $0500\nirq: NOP\n.org $0600\nnmi: NOP`);
  cpu.memory.set(program.bytes, program.origin);
  cpu.memory.set([0x00, 0x06, 0x00, 0x04, 0x00, 0x05], 0xfffa); // NMI, RESET, IRQ vectors
  cpu.pc = 0x0400;
  cpu.s = 0xfd;
  cpu.p = p;
  return cpu;
}

const stack = (cpu: Mos6502) => Array.from(cpu.memory.subarray(0x100 + cpu.s + 1, 0x100 + cpu.s + 4));

describe("6502 interrupts", () => {
  it("enters an unmasked IRQ in 7 cycles, pushing PC and P with B clear", () => {
    const cpu = setup("NOP", 0x20);
    const bus = new RecordingBus(cpu.memory);
    cpu.bus = bus;
    cpu.setIrq(1, true);
    cpu.step();
    expect([cpu.pc, cpu.s, cpu.p, cpu.cycles]).toEqual([0x0500, 0xfa, 0x24, 7]);
    expect(stack(cpu)).toEqual([0x20, 0x00, 0x04]);
    const cycles = Array.from({ length: bus.count }, (_, i) => [bus.addresses[i], bus.values[i], bus.kinds[i]]);
    expect(cycles).toEqual([
      [0x0400, 0xea, 0], [0x0400, 0xea, 0], [0x01fd, 0x04, 1], [0x01fc, 0x00, 1], [0x01fb, 0x20, 1],
      [0xfffe, 0x00, 0], [0xffff, 0x05, 0],
    ]);
  });

  it("ignores IRQ while I is set, and takes it once I clears", () => {
    const cpu = setup("NOP\nNOP\nCLI\nNOP\nNOP", 0x24);
    cpu.setIrq(4, true);
    cpu.step();
    cpu.step();
    expect(cpu.pc).toBe(0x0402);
    cpu.step(); // CLI
    cpu.step(); // the poll after CLI still sees I set: one more instruction runs
    expect(cpu.pc).toBe(0x0404);
    cpu.step();
    expect(cpu.pc).toBe(0x0500);
    expect(stack(cpu)).toEqual([0x20, 0x04, 0x04]);
  });

  it("an IRQ taken in the poll right after SEI (which still sees I clear) is taken once, not again inside the handler", () => {
    // found by blargg's cpu_interrupts_v2 cli_latency: the entry sets I, and the SEI's delayed flag must not outlive it
    const cpu = setup("SEI\nNOP", 0x20);
    cpu.step(); // SEI
    cpu.setIrq(1, true);
    cpu.step(); // the poll still sees the old, clear I: enter the IRQ (P pushed with I already set by SEI)
    expect([cpu.pc, cpu.s, stack(cpu)]).toEqual([0x0500, 0xfa, [0x24, 0x01, 0x04]]);
    cpu.step(); // I is set now: the handler's NOP runs, no second entry
    expect([cpu.pc, cpu.s]).toEqual([0x0501, 0xfa]);
  });

  it("releasing the line (all sources) stops the IRQ", () => {
    const cpu = setup("NOP\nNOP", 0x20);
    cpu.setIrq(1, true);
    cpu.setIrq(2, true);
    cpu.setIrq(1, false);
    cpu.setIrq(2, false);
    cpu.step();
    expect(cpu.pc).toBe(0x0401);
  });

  it("SEI still lets an IRQ through right after it; PLP delays like CLI", () => {
    const cpu = setup("SEI\nNOP", 0x20);
    cpu.step();
    cpu.setIrq(1, true);
    cpu.step();
    expect(cpu.pc).toBe(0x0500);
    expect(stack(cpu)).toEqual([0x24, 0x01, 0x04]);

    const plp = setup("LDA #$20\nPHA\nPLP\nNOP\nNOP", 0x24);
    plp.setIrq(1, true);
    for (let i = 0; i < 4; i++) plp.step();
    expect(plp.pc).toBe(0x0405);
    plp.step();
    expect(plp.pc).toBe(0x0500);
  });

  it("RTI restores I at once, so a still-asserted IRQ re-enters immediately", () => {
    const cpu = setup("NOP", 0x20);
    cpu.memory[0x0500] = 0x40; // RTI
    cpu.setIrq(1, true);
    cpu.step();
    expect(cpu.pc).toBe(0x0500);
    cpu.step(); // RTI back to $0400 with I clear
    expect([cpu.pc, cpu.p & 0x04]).toEqual([0x0400, 0]);
    cpu.step();
    expect(cpu.pc).toBe(0x0500);
    expect(cpu.cycles).toBe(7 + 6 + 7);
  });

  it("NMI is edge-triggered, ignores I, and wins over IRQ", () => {
    const cpu = setup("NOP\nNOP\nNOP\nNOP", 0x24);
    cpu.setIrq(1, true);
    cpu.setNmi(true);
    cpu.step();
    expect([cpu.pc, cpu.s]).toEqual([0x0600, 0xfa]);
    expect(stack(cpu)).toEqual([0x24, 0x00, 0x04]);
    cpu.setIrq(1, false);
    cpu.pc = 0x0401;
    cpu.step(); // line still high: no second NMI
    expect(cpu.pc).toBe(0x0402);
    cpu.setNmi(false);
    cpu.setNmi(true);
    cpu.step();
    expect(cpu.pc).toBe(0x0600);
  });

  it("BRK pushes PC+2 and P with B set, sets I, and RTI returns past the padding byte", () => {
    const cpu = setup("BRK\n.byte $FF\nLDA #7", 0x21);
    cpu.memory[0x0500] = 0x40; // RTI
    cpu.step();
    expect([cpu.pc, cpu.p, cpu.cycles]).toEqual([0x0500, 0x25, 7]);
    expect(stack(cpu)).toEqual([0x31, 0x02, 0x04]);
    cpu.step();
    expect([cpu.pc, cpu.p]).toEqual([0x0402, 0x21]);
    cpu.step();
    expect(cpu.a).toBe(7);
  });

  it("RESET takes 7 cycles, lowers S by 3, sets I and loads $FFFC", () => {
    const cpu = setup("NOP", 0x20);
    cpu.reset();
    expect([cpu.pc, cpu.s, cpu.p, cpu.cycles]).toEqual([0x0400, 0xfa, 0x24, 7]);
  });
});

describe("6502 run loop", () => {
  it("halts on JAM until RESET", () => {
    const cpu = setup("LDA #1\nJAM\nLDA #2");
    expect(cpu.run(1000)).toBe(StopReason.Jam);
    expect([cpu.pc, cpu.a, cpu.halted, cpu.instructions]).toEqual([0x0402, 1, true, 2]);
    const cycles = cpu.cycles;
    cpu.step();
    expect([cpu.pc, cpu.cycles]).toEqual([0x0402, cycles]);
    expect(cpu.run(1000)).toBe(StopReason.Jam);
    cpu.reset();
    expect([cpu.halted, cpu.pc]).toEqual([false, 0x0400]);
  });

  it("stops on a trap only when asked, and at the cycle budget otherwise", () => {
    const cpu = setup("LDX #3\nloop: DEX\nBNE loop\nhere: JMP here");
    expect(cpu.run(1_000_000, true)).toBe(StopReason.Trap);
    // LDX 2 + 3 DEX 6 + BNE taken twice 6 + not taken 2 + JMP 3
    expect([cpu.pc, cpu.x, cpu.cycles, cpu.instructions]).toEqual([0x0405, 0, 19, 8]);
    expect(cpu.run(30)).toBe(StopReason.Budget);
    expect(cpu.cycles).toBe(31);
  });

  it("detects a branch to itself as a trap", () => {
    const cpu = setup("LDA #0\nself: BEQ self");
    expect(cpu.run(100, true)).toBe(StopReason.Trap);
    expect([cpu.pc, cpu.cycles]).toEqual([0x0402, 5]);
  });

  it("mirrors registers and counters into the state block, and loads them back", () => {
    const cpu = setup("LDA #$12\nLDX #$34\nLDY #$56\nSEC\nJMP *");
    cpu.run(1000, true);
    const st = cpu.state;
    expect([st[StateSlot.A], st[StateSlot.X], st[StateSlot.Y], st[StateSlot.S], st[StateSlot.P], st[StateSlot.PC]])
      .toEqual([0x12, 0x34, 0x56, 0xfd, 0x25, 0x0407]);
    expect([readCounter(st, StateSlot.CYCLES_LO), readCounter(st, StateSlot.INSTRUCTIONS_LO)]).toEqual([11, 5]);
    st[StateSlot.A] = 0x99;
    st[StateSlot.CYCLES_LO] = 0;
    st[StateSlot.CYCLES_HI] = 1;
    cpu.loadState();
    expect([cpu.a, cpu.cycles]).toEqual([0x99, 0x1_0000_0000]);
  });
});
