/**
 * The self-modifying and decimal programs of roms/6502/smc: binaries match
 * their sources (the functional test matches its generator), and both
 * engines end each one at its trap with the cycles, instruction count and
 * results a JS model of the program computes. (jit-lockstep.test.ts runs
 * them all in lockstep as well.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateFunctional } from "../../../bench/mos6502-functional-gen.js";
import { adc, sbc } from "../../../cpu/mos6502/alu.js";
import { assemble } from "../../../cpu/mos6502/asm.js";
import { StopReason } from "../../../cpu/mos6502/execute.js";
import { Mos6502 } from "../../../cpu/mos6502/interpreter.js";
import { makeJitCpu } from "./jit-harness.js";

const DIR = "roms/6502/smc/";
const PROGRAMS = ["functional", "patch-imm", "patch-abs", "patch-branch", "copy-run", "self-block", "decimal"];

interface Ended {
  readonly stop: StopReason;
  readonly pc: number;
  readonly cycles: number;
  readonly instructions: number;
  readonly memory: Uint8Array;
  readonly interpreted: number;
}

/** Run a program of smc/ (load and entry $0400) under one engine, with `poke` applied first. */
function run(name: string, engine: "interp" | "jit", poke: readonly [number, number][] = []): Ended {
  const binary = readFileSync(`${DIR}${name}.bin`);
  if (engine === "interp") {
    const cpu = new Mos6502({ decimal: true });
    cpu.memory.set(binary, 0x0400);
    for (const [a, v] of poke) cpu.memory[a] = v;
    cpu.pc = 0x0400;
    cpu.s = 0xfd;
    const stop = cpu.run(200_000_000, true);
    return { stop, pc: cpu.pc, cycles: cpu.cycles, instructions: cpu.instructions, memory: cpu.memory.slice(), interpreted: cpu.instructions };
  }
  const j = makeJitCpu(true);
  try {
    j.cpu.memory.set(binary, 0x0400);
    for (const [a, v] of poke) j.cpu.memory[a] = v;
    j.cpu.pc = 0x0400;
    j.cpu.s = 0xfd;
    j.cpu.saveState();
    const stop = j.jit.run(200_000_000);
    return { stop, pc: j.cpu.pc, cycles: j.cpu.cycles, instructions: j.cpu.instructions, memory: j.cpu.memory.slice(), interpreted: j.jit.interpretedInstructions };
  } finally {
    j.dispose();
  }
}

const word = (m: Uint8Array, a: number): number => m[a]! | (m[a + 1]! << 8);

describe("roms/6502/smc", () => {
  it.each(PROGRAMS.filter((p) => p !== "functional"))("%s.bin is its source assembled", (name) => {
    const program = assemble(readFileSync(`${DIR}${name}.s65`, "utf8"), name);
    expect(program.origin).toBe(0x0400);
    expect(Buffer.from(program.bytes).equals(readFileSync(`${DIR}${name}.bin`))).toBe(true);
  });

  it("functional.s65 and .bin are what the generator makes (checksum from the interpreter)", () => {
    const g = generateFunctional();
    expect(g.text).toBe(readFileSync(`${DIR}functional.s65`, "utf8"));
    expect(Buffer.from(g.bytes).equals(readFileSync(`${DIR}functional.bin`))).toBe(true);
    expect([g.s1, g.s2, g.cycles]).toEqual([0x3f, 0xc7, 1910147]);
  });

  it.each(["interp", "jit"] as const)("functional.bin passes (trap at $0404) under %s, also with 3 passes", (engine) => {
    const one = run("functional", engine);
    expect([one.stop, one.pc, one.cycles, one.instructions, one.memory[0x10], one.memory[0x11]]).toEqual([StopReason.Trap, 0x0404, 1910147, 618114, 0x3f, 0xc7]);
    const three = run("functional", engine, [[0x0403, 3]]);
    expect([three.stop, three.pc]).toEqual([StopReason.Trap, 0x0404]);
  });

  it("functional.bin with one patched byte of a test fails (trap at $0407) under both engines", () => {
    // the operand of the first CMP # test's instruction is patched each round anyway; break the fold instead
    const src = readFileSync(`${DIR}functional.s65`, "utf8");
    const sym = assemble(src, "functional.s65").symbols;
    const fold = sym.get("fold")!;
    for (const engine of ["interp", "jit"] as const) {
      const r = run("functional", engine, [[fold + 1, 0x38]]); // CLC -> SEC in the checksum
      expect([r.stop, r.pc]).toEqual([StopReason.Trap, 0x0407]);
    }
  });

  it.each(["interp", "jit"] as const)("patch-imm.bin (%s)", (engine) => {
    const r = run("patch-imm", engine);
    let sum = 0, acc = 0, cnt = 0;
    for (let pass = 0; pass < 4; pass++) {
      for (let i = 0; i < 256; i++) {
        sum = (sum + i) & 0xffff;
        acc = ((acc ^ i) << 1) & 0xff;
        if (0x80 >= i) cnt++;
      }
    }
    expect([r.stop, r.pc, r.cycles, r.instructions]).toEqual([StopReason.Trap, 0x044c, 63069, 22046]);
    expect([word(r.memory, 0x10), r.memory[0x12], word(r.memory, 0x13), r.memory[0x15]]).toEqual([sum, acc, cnt, 255]);
  });

  it.each(["interp", "jit"] as const)("patch-abs.bin (%s)", (engine) => {
    const r = run("patch-abs", engine);
    const mem = new Uint8Array(0x10000);
    for (let p = 0; p < 8; p++) for (let k = 0; k < 256; k++) mem[0x2000 + p * 256 + k] = (p * 16 + k) & 0xff;
    let sum = 0;
    for (let pass = 0; pass < 4; pass++) {
      for (let t = 0; t < 8; t++) {
        const base = 0x2000 + t * 0x101;
        for (let x = 0; x < 256; x++) sum = (sum + mem[base + x]!) & 0xffff;
        mem[0x3000 + t] = sum & 0xff;
      }
    }
    expect([r.stop, r.pc, r.cycles, r.instructions]).toEqual([StopReason.Trap, 0x0463, 212503, 72180]);
    expect(word(r.memory, 0x10)).toBe(sum);
    expect(Array.from(r.memory.subarray(0x3000, 0x3008))).toEqual(Array.from(mem.subarray(0x3000, 0x3008)));
  });

  it.each(["interp", "jit"] as const)("patch-branch.bin (%s)", (engine) => {
    const r = run("patch-branch", engine);
    const c = [0, 0, 0, 0];
    let sum = 0;
    for (let pass = 0; pass < 4; pass++) {
      for (let i = 0; i < 256; i++) {
        for (let j = 3 - (i & 3); j < 4; j++) c[j] = (c[j]! + 1) & 0xff;
        sum = (sum + 2 * ((i >> 2) & 3) + 1) & 0xffff;
      }
    }
    expect([r.stop, r.pc, r.cycles, r.instructions]).toEqual([StopReason.Trap, 0x0466, 82820, 28967]);
    expect([...r.memory.subarray(0x10, 0x14), word(r.memory, 0x14)]).toEqual([...c, sum]);
  });

  it.each(["interp", "jit"] as const)("copy-run.bin (%s)", (engine) => {
    const r = run("copy-run", engine);
    let sum = 0, x = 0;
    for (let pass = 0; pass < 4; pass++) {
      for (let i = 0; i < 256; i++) {
        if ((i & 1) === 0) sum = (sum + i) & 0xffff;
        else x = (((x ^ i) << 1) | 1) & 0xff;
      }
    }
    expect([r.stop, r.pc, r.cycles, r.instructions]).toEqual([StopReason.Trap, 0x0443, 202303, 59158]);
    expect([word(r.memory, 0x10), r.memory[0x12]]).toEqual([sum, x]);
    // the last routine copied is B, its immediate patched with 255
    expect(Array.from(r.memory.subarray(0x2000, 0x2002))).toEqual([0xa9, 0xff]);
    expect(r.memory[0x2002]).toBe(0x45); // EOR zp: routine B
  });

  it.each(["interp", "jit"] as const)("self-block.bin (%s)", (engine) => {
    const r = run("self-block", engine);
    let sum = 0, cnt = 0, firsts = 0, first = 0;
    for (let pass = 0; pass < 4; pass++) {
      for (let i = 0; i < 256; i++) {
        firsts = (firsts + first) & 0xffff;
        sum = (sum + i) & 0xffff;
        cnt = (cnt + ((i & 1) === 0 ? 1 : -1)) & 0xff;
        first = i;
      }
    }
    expect([r.stop, r.pc, r.cycles, r.instructions]).toEqual([StopReason.Trap, 0x044c, 66105, 23572]);
    expect([word(r.memory, 0x10), r.memory[0x12], word(r.memory, 0x13)]).toEqual([sum, cnt, firsts]);
  });

  it.each(["interp", "jit"] as const)("decimal.bin: every ADC/SBC operand pair and carry in decimal mode (%s)", (engine) => {
    const r = run("decimal", engine);
    expect([r.stop, r.pc, r.cycles, r.instructions]).toEqual([StopReason.Trap, 0x049a, 17849936, 5906582]);
    // under the JIT the pairs run natively (decimal ADC/SBC compiled), apart from the warm-up (20,000) and tiering
    if (engine === "jit") expect(r.interpreted).toBeLessThan(25_000);
    // the table from alu.ts's NMOS decimal adc/sbc (the interpreter's), folded as the program folds
    const P0 = 0x20 | 0x10 | 0x08 | 0x04; // PHP pushes B and bit 5; D and I (from the start state) are set
    for (let a = 0; a < 256; a++) {
      let s1 = 0, s2 = 0;
      const fold = (v: number) => { s1 = (s1 + v) & 0xff; s2 = (s2 + s1) & 0xff; };
      for (let m = 0; m < 256; m++) {
        for (const [op, carry] of [[adc, 0], [adc, 1], [sbc, 0], [sbc, 1]] as const) {
          const out = op(a, m, P0 | carry, true);
          fold(out & 0xff);
          fold((out >> 8) | 0x30);
        }
      }
      expect([a, word(r.memory, 0x3000 + a * 2)]).toEqual([a, s1 | (s2 << 8)]);
    }
    const bcd = (n: number) => parseInt(n.toString(), 16);
    const total = 2 * (99 * 100) / 2;
    expect([word(r.memory, 0x10), word(r.memory, 0x12)]).toEqual([bcd(total % 10000), bcd(9999 - total)]);
  });
});
