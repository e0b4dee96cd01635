import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RecordingBus } from "../../../cpu/mos6502/bus.js";
import { Mos6502, StopReason } from "../../../cpu/mos6502/interpreter.js";

const romDir = fileURLToPath(new URL("../../../roms/6502/", import.meta.url));

/** Run a ROM from $0400 on flat RAM or through a bus; the final state. */
function runRom(name: string, withBus: boolean) {
  const memory = new Uint8Array(0x10000);
  memory.set(readFileSync(romDir + name), 0x0400);
  const bus = new RecordingBus(memory, 0);
  const cpu = new Mos6502({ memory, bus: withBus ? bus : null });
  cpu.pc = 0x0400;
  const reason = cpu.run(20_000_000, true);
  return { reason, regs: [cpu.a, cpu.x, cpu.y, cpu.s, cpu.p, cpu.pc], cycles: cpu.cycles, busCycles: bus.count, memory };
}

// The flat-RAM fast path skips dummy cycles; through a bus every cycle is
// one call. Both must reach the same state, and the bus must see exactly as
// many cycles as the timing counts.
describe("6502 flat RAM and bus modes agree", () => {
  it.each(["selftest.bin", "selfmod.bin", "crc32.bin"])("%s", (name) => {
    const flat = runRom(name, false);
    const bused = runRom(name, true);
    expect(flat.reason).toBe(StopReason.Trap);
    expect(bused.regs).toEqual(flat.regs);
    expect(bused.cycles).toBe(flat.cycles);
    expect(bused.busCycles).toBe(flat.cycles);
    expect(Buffer.from(bused.memory).equals(Buffer.from(flat.memory))).toBe(true);
  });
});
