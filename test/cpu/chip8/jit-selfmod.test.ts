/**
 * Self-modifying code, invalidation from outside, links and the bounded
 * code cache under the CHIP-8 JIT (exact values, and the interpreter on the
 * same program agrees byte for byte).
 */
import { afterEach, describe, expect, test } from "vitest";
import { assembleChip8 } from "../../../cpu/chip8/asm.js";
import { Chip8Interpreter } from "../../../cpu/chip8/interpreter.js";
import { Chip8Jit } from "../../../cpu/chip8/jit.js";
import { profileSettings } from "../../../cpu/chip8/quirks.js";
import { Chip8State } from "../../../cpu/chip8/state.js";
import { jitCpu, type JitCpu } from "./jit-cpu.js";

let cpu: JitCpu | undefined;
afterEach(() => {
  cpu?.dispose();
  cpu = undefined;
});

describe("self-modifying code", () => {
  test("a store into the running block ends it right after the store", () => {
    cpu = jitCpu(`ld v0, 0x65
      ld v1, 0x99
      ld i, target
      ld [i], v1
      target: ld v5, 0x11
      done: jp done`);
    cpu.run(20);
    expect(cpu.difference()).toBeUndefined();
    expect(cpu.state.v[5]).toBe(0x99);
    expect(cpu.jit.runtime.counters.invalidations).toBeGreaterThanOrEqual(1);
  });
  test("rewriting a called subroutine unlinks the call into it, every iteration", () => {
    cpu = jitCpu(`loop: call func
      add v2, v5
      ld i, func
      add v6, 1
      ld v0, 0x65
      ld v1, v6
      ld [i], v1
      se v6, 10
      jp loop
      done: jp done
      func: ld v5, 0
      ret`);
    cpu.run(400);
    expect(cpu.difference()).toBeUndefined();
    expect(cpu.state.v[2]).toBe(45);
    const c = cpu.jit.runtime.counters;
    expect(c.invalidations).toBeGreaterThanOrEqual(9);
    expect(c.links).toBeGreaterThan(0);
  });
  test("FX33 and XO-CHIP 5XY2 stores into code are seen", () => {
    cpu = jitCpu(`ld v0, 0x60
      ld v1, 0x7b
      ld i, target
      save v0, v1
      ld i, digits
      ld v2, 123
      ld b, v2
      target: ld v4, 0
      digits: db 0, 0, 0, 0
      done: jp done`);
    cpu.run(9);
    expect(cpu.difference()).toBeUndefined();
    expect(cpu.state.v[0]).toBe(0x7b); // target became "ld v0, 0x7b"
  });
  test("invalidate() from outside (a poke) drops the blocks over the byte", () => {
    cpu = jitCpu(`loop: ld v3, 1
      add v4, v3
      jp loop`);
    cpu.run(30);
    expect(cpu.state.v[4]).toBe(10);
    for (const s of [cpu.state, cpu.reference]) s.memory[0x201] = 5;
    cpu.jit.invalidate(0x201, 0x202);
    cpu.run(30);
    expect(cpu.difference()).toBeUndefined();
    expect(cpu.state.v[4]).toBe(60);
  });
});

describe("code cache", () => {
  test("a cache too small for the program is flushed and refilled, with the same results", () => {
    const chain = Array.from({ length: 120 }, (_, k) => `b${k}: add v0, 1\nadd v1, v0\njp b${k + 1}`).join("\n");
    cpu = jitCpu(`${chain}\nb120: jp b0`, "xochip", {}, { codeCacheBytes: 4096 });
    cpu.run(3 * 120 * 3);
    expect(cpu.difference()).toBeUndefined();
    expect(cpu.state.v[0]).toBe((120 * 3) & 0xff);
    const c = cpu.jit.runtime.counters;
    expect(c.flushes).toBeGreaterThan(0);
    expect(c.blocksCompiled).toBeGreaterThan(cpu.jit.runtime.cache.size);
  });
});

describe("a state outside native memory", () => {
  test("the JIT mirrors it around every run and gives the interpreter's results", () => {
    const rom = assembleChip8(`loop: add v0, 3
      ld i, 0x400
      ld [i], v0
      add v1, v0
      jp loop`);
    const settings = profileSettings("xochip");
    const heap = [new Chip8State(), new Chip8State()];
    for (const s of heap) {
      s.memory.set(rom, 0x200);
      s.pc = 0x200;
    }
    const jit = new Chip8Jit(heap[0]!, settings);
    const interp = new Chip8Interpreter(heap[1]!, settings);
    for (let frame = 0; frame < 20; frame++) {
      expect(jit.run(37)).toBe(interp.run(37));
      heap[0]!.keys[frame & 15] = 1; // written by JS between runs, seen by the next run
      heap[1]!.keys[frame & 15] = 1;
    }
    expect(Array.from(heap[0]!.bytes)).toEqual(Array.from(heap[1]!.bytes));
    expect(heap[0]!.memory[0x400]).toBe(heap[0]!.v[0]);
    jit.dispose();
  });
});

describe("long self-modifying runs", () => {
  test("thousands of rewrites through a tiny code cache: invalidated code is freed and reused", () => {
    // each turn rewrites the immediate of `patched` (ld v5, NN) to the turn count and adds v5 into v2
    cpu = jitCpu(`loop: add v6, 1
      ld i, patched
      ld v0, 0x65
      ld v1, v6
      ld [i], v1
      patched: ld v5, 0
      add v2, v5
      jp loop`, "xochip", {}, { codeCacheBytes: 4096 });
    for (let frame = 0; frame < 400; frame++) {
      cpu.run(97);
      expect(cpu.difference(), `frame ${frame}`).toBeUndefined();
    }
    const c = cpu.jit.runtime.counters;
    expect(c.invalidations).toBeGreaterThan(1000);
    // dropped blocks give their code back, so the 4 KiB cache never fills
    expect(c.flushes).toBe(0);
    expect(cpu.jit.runtime.cache.size).toBeLessThan(10);
    // 38,800 instructions = 4,850 turns of 8; v2 = sum of (turn & 0xff) over the turns, mod 256
    let sum = 0;
    for (let turn = 1; turn <= 4850; turn++) sum += turn & 0xff;
    expect(cpu.state.v[2]).toBe(sum & 0xff);
  });
});
