import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assemble } from "../../../../cpu/mos6502/asm.js";
import { Bare6502 } from "../../../../src/machines/bare6502/machine.js";

/** Reference CRC-32 (IEEE, reflected, polynomial $EDB88320), bit by bit. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const romDir = fileURLToPath(new URL("../../../../roms/6502/", import.meta.url));
const sources = readdirSync(romDir).filter((f) => f.endsWith(".s65")).sort();

function runRom(name: string, maxCycles = 100_000_000): { machine: Bare6502; result: ReturnType<Bare6502["run"]> } {
  const machine = new Bare6502();
  machine.load(readFileSync(romDir + name), 0x0400);
  machine.start(0x0400);
  return { machine, result: machine.run(maxCycles) };
}

describe("roms/6502", () => {
  it("has the self-test, self-modifying and benchmark programs", () => {
    expect(sources).toEqual(["crc32.s65", "selfmod.s65", "selftest.s65", "sieve.s65"]);
  });

  it.each(sources)("%s matches its committed binary", (source) => {
    const program = assemble(readFileSync(romDir + source, "utf8"), source);
    expect(program.origin).toBe(0x0400);
    expect(Buffer.from(program.bytes).equals(readFileSync(romDir + source.replace(/\.s65$/, ".bin")))).toBe(true);
  });

  it("selftest.bin passes every check and traps at success ($0403)", () => {
    const { machine, result } = runRom("selftest.bin");
    expect([result.stop, result.pc, machine.memory[0x0200]]).toEqual(["trap", 0x0403, 12]);
    expect([result.cycles, result.instructions]).toEqual([5417, 1613]);
  });

  it("selfmod.bin rewrites its own code and traps at success ($0403)", () => {
    const { machine, result } = runRom("selfmod.bin");
    expect([result.stop, result.pc, machine.memory[0x10]]).toEqual(["trap", 0x0403, 45]);
    const add = assemble(readFileSync(romDir + "selfmod.s65", "utf8")).symbols.get("add")!;
    expect(machine.memory[add + 1]).toBe(10); // the ADC operand after ten increments
  });

  it("sieve.bin counts the 1028 primes below 8192", () => {
    const { machine, result } = runRom("sieve.bin");
    expect([result.stop, result.pc]).toEqual(["trap", 0x046e]);
    expect(machine.memory[0x10]! | (machine.memory[0x11]! << 8)).toBe(1028);
    expect([result.cycles, result.instructions]).toEqual([11379542, 3831494]);
  });

  it("crc32.bin computes the CRC-32 of its 4 KiB block", () => {
    const { machine, result } = runRom("crc32.bin");
    const block = Uint8Array.from({ length: 4096 }, (_, i) => i & 0xff);
    expect([result.stop, result.pc]).toEqual(["trap", 0x047d]);
    expect(new DataView(machine.memory.buffer).getUint32(0x10, true)).toBe(crc32(block));
    expect(crc32(block)).toBe(0xa2912082); // the same value as node:zlib's crc32 (Node >= 20.15)
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926); // the standard check value
  });

  it("the benchmarks' pass counts sit at $0403", () => {
    for (const name of ["sieve.bin", "crc32.bin"]) {
      const runs = [1, 2].map((passes) => {
        const machine = new Bare6502();
        machine.load(readFileSync(romDir + name), 0x0400);
        machine.memory[0x0403] = passes;
        machine.start(0x0400);
        const result = machine.run(100_000_000);
        return { result, output: Array.from(machine.memory.subarray(0x10, 0x14)) };
      });
      expect(runs.map((r) => r.result.stop)).toEqual(["trap", "trap"]);
      expect(runs[1]!.output).toEqual(runs[0]!.output);
      expect(runs[1]!.result.instructions).toBeGreaterThan(runs[0]!.result.instructions * 1.9);
    }
  });
});
