/**
 * Calls and returns inside one block: a 00EE whose 2NNN the block holds
 * returns at compile time, and SP in the state is brought up to date on
 * every way out (links, skips, cold exits, faults). Exact values, and the
 * interpreter on the same program agrees byte for byte after every run.
 */
import { afterEach, describe, expect, test } from "vitest";
import { ExitReason } from "../../../cpu/jit/exit-reason.js";
import { HaltReason } from "../../../cpu/chip8/state.js";
import { jitCpu, type JitCpu } from "./jit-cpu.js";

let cpu: JitCpu | undefined;
afterEach(() => {
  cpu?.dispose();
  cpu = undefined;
});

const stack = (c: JitCpu): number[] => Array.from(c.state.stack.subarray(0, 4));

describe("calls and returns in one block", () => {
  test("a loop calling a subroutine twice is one block linked to itself", () => {
    cpu = jitCpu(`loop: call inc
      call inc
      add v2, 1
      jp loop
      inc: add v0, 1
      ret`);
    // 8 instructions a turn
    expect(cpu.run(800)).toBe(800);
    expect(cpu.difference()).toBeUndefined();
    expect([cpu.state.v[0], cpu.state.v[2], cpu.state.sp, cpu.state.pc]).toEqual([200, 100, 0, 0x200]);
    expect(stack(cpu)).toEqual([0x204, 0, 0, 0]);
    const block = cpu.jit.runtime.cache.get(0x200);
    expect(block?.guestPcs).toEqual([0x200, 0x208, 0x20a, 0x202, 0x208, 0x20a, 0x204, 0x206]);
    // compiled once, entered natively from then on: one no-block exit to compile it
    expect(cpu.jit.runtime.counters.exits[ExitReason.NoBlock]).toBe(1);
  });

  test("a skip inside a called subroutine ends the block with SP up to date, at every budget", () => {
    const source = `ld v0, 1
      loop: call fn
      add v1, 1
      jp loop
      fn: se v0, 1
      ld v2, 9
      add v3, 1
      ret`;
    cpu = jitCpu(source, "chip8");
    expect(cpu.run(601)).toBe(601);
    expect(cpu.difference()).toBeUndefined();
    expect([cpu.state.v[1], cpu.state.v[2], cpu.state.v[3], cpu.state.sp, cpu.state.pc]).toEqual([100, 0, 100, 0, 0x202]);
    cpu.dispose();
    // budgets that end inside the called subroutine, between its calls and returns
    for (const step of [1, 2, 3, 5, 7]) {
      cpu = jitCpu(source, "chip8");
      for (let k = 0; k < 40; k++) {
        cpu.run(step);
        expect(cpu.difference()).toBeUndefined();
      }
      expect(cpu.state.v[3]).toBe(Math.floor((40 * step + 2) / 6));
      cpu.dispose();
    }
    cpu = undefined;
  });

  test("a store into code from a called subroutine leaves for the interpreter with SP counted", () => {
    cpu = jitCpu(`ld v0, 0x60
      ld v1, 0x2a
      call fn
      done: jp done
      fn: ld i, patch
      ld [i], v1
      patch: ld v0, 0x11
      ret`);
    cpu.run(20);
    expect(cpu.difference()).toBeUndefined();
    // the store rewrote "ld v0, 0x11" as "ld v0, 0x2a" before it ran
    expect([cpu.state.v[0], cpu.state.sp, cpu.state.pc, cpu.state.i]).toEqual([0x2a, 0, 0x206, 0x20e]);
    expect(stack(cpu)).toEqual([0x206, 0, 0, 0]);
    expect(cpu.jit.runtime.counters.exits[ExitReason.Interpret]).toBeGreaterThanOrEqual(1);
  });

  test("nested calls past the stack depth fault at the call that overflows", () => {
    cpu = jitCpu(`call fa
      fa: call fb
      fb: call fc
      fc: ld v0, 1`, "chip8", { stackDepth: 2 });
    expect(cpu.run(10)).toBe(2);
    expect(cpu.difference()).toBeUndefined();
    expect([cpu.state.halt, cpu.state.sp, cpu.state.faultPc, cpu.state.v[0]]).toEqual([HaltReason.StackOverflow, 2, 0x204, 0]);
    expect(stack(cpu)).toEqual([0x202, 0x204, 0, 0]);
  });

  test("recursion fills the stack, then faults", () => {
    cpu = jitCpu(`call fn
      fn: add v0, 1
      call fn`);
    expect(cpu.run(100)).toBe(32);
    expect(cpu.difference()).toBeUndefined();
    expect([cpu.state.halt, cpu.state.sp, cpu.state.faultPc, cpu.state.v[0]]).toEqual([HaltReason.StackOverflow, 16, 0x204, 16]);
    expect(cpu.state.stack[15]).toBe(0x206);
  });

  test("a return with no call in the block still pops through the dispatch table", () => {
    cpu = jitCpu(`call fn
      add v1, 1
      done: jp done
      fn: add v0, 1
      se v0, 5
      ret
      ret`, "chip8");
    cpu.run(50);
    expect(cpu.difference()).toBeUndefined();
    expect([cpu.state.v[0], cpu.state.v[1], cpu.state.sp, cpu.state.pc]).toEqual([1, 1, 0, 0x204]);
  });
});
