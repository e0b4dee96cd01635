/**
 * The recompiler's benchmark programs (roms/6502/bench): their binaries
 * match their sources, and both engines compute the right answers (the
 * Mandelbrot image against a JS model of the same fixed-point arithmetic).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assemble } from "../../../cpu/mos6502/asm.js";
import { Bare6502 } from "../../../src/machines/bare6502/machine.js";

const DIR = "roms/6502/bench/";

function run(name: string, engine: "interp" | "jit"): { machine: Bare6502; result: ReturnType<Bare6502["run"]> } {
  const machine = new Bare6502({ engine });
  machine.load(readFileSync(DIR + name), 0x0400);
  machine.start(0x0400);
  return { machine, result: machine.run(200_000_000) };
}

/** (a * b) >> 8 in signed 8.8, magnitudes multiplied and the result negated: mandel.s65's `mul`. */
function mul(a: number, b: number): number {
  const magnitude = (v: number) => (v & 0x8000 ? 0x10000 - v : v) & 0xffff;
  const r = Math.floor((magnitude(a) * magnitude(b)) / 256) & 0xffff;
  return ((a ^ b) & 0x8000 ? 0x10000 - r : r) & 0xffff;
}

function mandelbrotModel(): Uint8Array {
  const out = new Uint8Array(32 * 24);
  let cy = 0xfee0;
  for (let row = 0; row < 24; row++) {
    let cx = 0xfe00;
    for (let col = 0; col < 32; col++) {
      let zx = 0, zy = 0, n = 0;
      for (;;) {
        const zx2 = mul(zx, zx), zy2 = mul(zy, zy);
        if (((zx2 + zy2) & 0xffff) >> 8 >= 4) break;
        zy = ((mul(zx, zy) << 1) + cy) & 0xffff;
        zx = (zx2 - zy2 + cx) & 0xffff;
        if (++n === 24) break;
      }
      out[row * 32 + col] = n;
      cx = (cx + 0x14) & 0xffff;
    }
    cy = (cy + 0x18) & 0xffff;
  }
  return out;
}

describe("roms/6502/bench", () => {
  it.each(["sort", "mandel"])("%s.bin is its source assembled", (name) => {
    const program = assemble(readFileSync(`${DIR}${name}.s65`, "utf8"), name);
    expect(program.origin).toBe(0x0400);
    expect(Buffer.from(program.bytes).equals(readFileSync(`${DIR}${name}.bin`))).toBe(true);
  });

  it.each(["interp", "jit"] as const)("sort.bin sorts its 256 bytes (%s)", (engine) => {
    const { machine, result } = run("sort.bin", engine);
    expect([result.stop, result.pc, result.cycles, result.instructions]).toEqual(["trap", 0x046e, 8071439, 2575047]);
    expect([machine.memory[0x10], machine.memory[0x11]! | (machine.memory[0x12]! << 8)]).toEqual([0, 32640]);
    expect(Array.from(machine.memory.subarray(0x2000, 0x2100))).toEqual(Array.from({ length: 256 }, (_, i) => i));
    machine.dispose();
  });

  it.each(["interp", "jit"] as const)("mandel.bin draws the set the fixed-point model draws (%s)", (engine) => {
    const { machine, result } = run("mandel.bin", engine);
    const model = mandelbrotModel();
    expect([result.stop, result.cycles, result.instructions]).toEqual(["trap", 21136801, 5590740]);
    expect(Array.from(machine.memory.subarray(0x3000, 0x3000 + model.length))).toEqual(Array.from(model));
    expect(machine.memory[0x10]! | (machine.memory[0x11]! << 8)).toBe(model.reduce((s, v) => s + v, 0));
    // the picture has an inside (24) and an outside that escapes at once (1)
    expect([Math.min(...model), Math.max(...model)]).toEqual([1, 24]);
    machine.dispose();
  });
});
