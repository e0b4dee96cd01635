/**
 * Recompiled guest code run for real on AArch64 (qemu-aarch64, user mode):
 * the runtime stubs, the CHIP-8 drawing and scrolling routines and every
 * block a native x86-64 run compiled, translated again for the AArch64
 * host plan and laid out at fixed addresses with the dispatch table filled
 * in (aarch64-qemu/image.ts), run by a small static C harness from the same
 * start state and budget as the x86-64 run. The guest state each host
 * leaves (registers, guest memory, framebuffer; A X Y S P, flags and RAM)
 * must be identical byte for byte, as must the budget left and the exit
 * reason; and both must agree with the interpreter.
 */
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { assembleChip8 } from "../../../cpu/chip8/asm.js";
import { firstStateDifference } from "../../../cpu/chip8/jit-diagnose.js";
import { Chip8Offset } from "../../../cpu/chip8/state.js";
import type { Chip8ProfileName } from "../../../cpu/chip8/quirks.js";
import { ExitReason } from "../../../cpu/jit/exit-reason.js";
import { HeaderField } from "../../../cpu/jit/memory-layout.js";
import { assemble as assemble6502 } from "../../../cpu/mos6502/asm.js";
import { JitOffset } from "../../../cpu/mos6502/jit-state.js";
import { runChip8Interpreter, runChip8Native, type NativeRun } from "./aarch64-qemu/chip8-guest.js";
import { runGuestImage, type ImageRun } from "./aarch64-qemu/image.js";
import { packedRegisters, runMos6502Interpreter, runMos6502Native } from "./aarch64-qemu/mos6502-guest.js";
import { CHIP8_MIXED_SOURCE, RING_PROGRAM, SORT_PROGRAM } from "./aarch64-qemu/programs.js";
import { QEMU_AARCH64, requireTools } from "../../tools.js";

// Every test here runs the recompiled code under qemu-user.
beforeEach((ctx) => requireTools(ctx, ...QEMU_AARCH64));

/** Budget left and exit reason in the header of the JIT memory the AArch64 code left. */
function header(native: NativeRun, run: ImageRun): { budgetLeft: number; reason: number } {
  const view = new DataView(run.memory.buffer, run.memory.byteOffset);
  const at = native.image.layout.header;
  return { budgetLeft: Number(view.getBigInt64(at + HeaderField.Budget, true)), reason: view.getUint32(at + HeaderField.Reason, true) };
}

/** The first differing byte of two state blocks, or undefined. */
function firstByteDifference(a: Uint8Array, b: Uint8Array): string | undefined {
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== b[k]) return `byte 0x${k.toString(16)}: x86-64 ${a[k]}, aarch64 ${b[k]}`;
  }
  return undefined;
}

const ROMS: Readonly<Record<string, () => Uint8Array>> = {
  "loop.ch8": () => readFileSync("roms/bench/loop.ch8"),
  "sieve.ch8": () => readFileSync("roms/bench/sieve.ch8"),
  "sprites.sc8": () => readFileSync("roms/bench/sprites.sc8"),
  "mixed (programs.ts)": () => assembleChip8(CHIP8_MIXED_SOURCE),
};

/** ROM, profile, budget (instructions). The mixed program runs with key 5 held (its SKP/SKNP). */
const chip8Cases: readonly [string, Chip8ProfileName, number][] = [
  ["loop.ch8", "chip8", 200_000],
  ["loop.ch8", "xochip", 200_000],
  ["sieve.ch8", "schip", 200_000],
  ["sprites.sc8", "schip", 30_000],
  ["sprites.sc8", "schip-legacy", 30_000],
  ["mixed (programs.ts)", "octo", 50_000],
  ["mixed (programs.ts)", "xochip", 31_000],
];

describe("recompiled guests on AArch64 under qemu-user", () => {
  it.each(chip8Cases)("CHIP-8 %s (%s, %d instructions): same state as the x86-64 native run and the interpreter",
    (name, profile, budget) => {
      const native = runChip8Native(ROMS[name]!(), profile, budget, name.startsWith("mixed") ? [5] : []);
      expect(native.reason).toBe(ExitReason.Budget);
      const run = runGuestImage(native.image);
      expect(run.returned).toBe(ExitReason.Budget);
      expect(header(native, run)).toEqual({ budgetLeft: native.budgetLeft, reason: ExitReason.Budget });
      const a64 = run.memory.subarray(0, native.stateSize);
      expect(firstStateDifference(native.final, a64)).toBeUndefined();
      expect(firstByteDifference(native.final, a64)).toBeUndefined();
      // The run did something: most of the budget ran natively, and the state moved.
      expect(budget - native.budgetLeft).toBeGreaterThan(budget - 64);
      expect(firstStateDifference(native.startState, a64)).toBeDefined();
      const interpreted = runChip8Interpreter(native.startState, profile, budget - native.budgetLeft);
      expect(firstStateDifference(interpreted, a64)).toBeUndefined();
    });

  it("CHIP-8 drawing programs leave pixels in the framebuffer on AArch64", () => {
    for (const [name, profile] of [["sprites.sc8", "schip"], ["mixed (programs.ts)", "octo"]] as const) {
      const native = runChip8Native(ROMS[name]!(), profile, 30_000);
      const run = runGuestImage(native.image);
      const framebuffer = run.memory.subarray(Chip8Offset.FRAMEBUFFER, native.stateSize);
      expect(framebuffer.some((p) => p !== 0)).toBe(true);
      expect(Buffer.compare(framebuffer, native.final.subarray(Chip8Offset.FRAMEBUFFER))).toBe(0);
    }
  });

  it("6502 sort/checksum/multiply program: same registers, flags and RAM as x86-64 and the interpreter, ending at its trap", () => {
    const program = assemble6502(SORT_PROGRAM);
    const cycles = 1_000_000;
    const native = runMos6502Native(program, cycles);
    expect(native.reason).toBe(ExitReason.Halt);
    const run = runGuestImage(native.image);
    expect(run.returned).toBe(ExitReason.Halt);
    expect(header(native, run)).toEqual({ budgetLeft: native.budgetLeft, reason: ExitReason.Halt });
    const a64 = run.memory.subarray(0, native.stateSize);
    expect(firstByteDifference(native.final, a64)).toBeUndefined();
    const got = packedRegisters(a64);
    const want = runMos6502Interpreter(program, cycles);
    const trap = program.symbols.get("done")!;
    expect({ ...got, ram: undefined }).toEqual({ ...want, ram: undefined });
    expect(got.pc).toBe(trap);
    expect(Buffer.compare(got.ram, want.ram)).toBe(0);
    // The flag registers native code keeps (NZ, C, V) are compared raw above, and were used.
    expect(a64.subarray(JitOffset.RAM + 0x200, JitOffset.RAM + 0x240).some((b) => b !== 0)).toBe(true);
  });

  it("6502 endless ring-buffer program: the cycle budget ends both runs at the same block, with the same state", () => {
    const program = assemble6502(RING_PROGRAM);
    const cycles = 200_000;
    const native = runMos6502Native(program, cycles);
    expect(native.reason).toBe(ExitReason.Budget);
    const run = runGuestImage(native.image);
    expect(run.returned).toBe(ExitReason.Budget);
    expect(header(native, run)).toEqual({ budgetLeft: native.budgetLeft, reason: ExitReason.Budget });
    expect(native.budgetLeft).toBeLessThan(256); // at most one block's worst case short of the budget
    const a64 = run.memory.subarray(0, native.stateSize);
    expect(firstByteDifference(native.final, a64)).toBeUndefined();
    const got = packedRegisters(a64);
    const want = runMos6502Interpreter(program, cycles - native.budgetLeft);
    expect({ ...got, ram: undefined }).toEqual({ ...want, ram: undefined });
    expect(Buffer.compare(got.ram, want.ram)).toBe(0);
    expect(got.ram.subarray(0x300, 0x400).every((b) => b !== 0)).toBe(true);
  });
});

/**
 * The project's ROMs from their start, in one native entry up to the first
 * exit (the budget, a display wait, an instruction left to the
 * interpreter, or the 6502's trap): both hosts stop at the same place with
 * the same state, and so does the interpreter.
 */
const projectChip8: readonly [string, Chip8ProfileName][] = [
  ["chip8/quirks.ch8", "chip8"], ["chip8/quirks.ch8", "schip"], ["chip8/snake.ch8", "octo"],
  ["chip8/selftest.ch8", "chip8"], ["chip8/selftest.ch8", "schip"], ["chip8/selftest.ch8", "octo"],
  ["chip8/selftest-xo.xo8", "xochip"], ["chip8/demo.xo8", "octo"],
];
const project6502 = ["6502/bench/sort.bin", "6502/bench/mandel.bin", "6502/sieve.bin", "6502/crc32.bin"];
const NATIVE_EXITS: readonly ExitReason[] = [ExitReason.Budget, ExitReason.Halt, ExitReason.Interpret];

describe("project ROMs on AArch64 under qemu-user, up to their first exit", () => {
  it.each(projectChip8)("roms/%s (%s)", (file, profile) => {
    const budget = 100_000;
    const native = runChip8Native(readFileSync(`roms/${file}`), profile, budget);
    expect(NATIVE_EXITS).toContain(native.reason);
    expect(budget - native.budgetLeft).toBeGreaterThan(0);
    const run = runGuestImage(native.image);
    expect(run.returned).toBe(native.reason);
    expect(header(native, run)).toEqual({ budgetLeft: native.budgetLeft, reason: native.reason });
    const a64 = run.memory.subarray(0, native.stateSize);
    expect(firstStateDifference(native.final, a64)).toBeUndefined();
    expect(firstByteDifference(native.final, a64)).toBeUndefined();
    expect(firstStateDifference(runChip8Interpreter(native.startState, profile, budget - native.budgetLeft), a64)).toBeUndefined();
  });

  it.each(project6502)("roms/%s (loaded and started at $0400)", (file) => {
    const program = { origin: 0x0400, bytes: Uint8Array.from(readFileSync(`roms/${file}`)) };
    const cycles = 20_000_000;
    const native = runMos6502Native(program, cycles);
    expect([ExitReason.Budget, ExitReason.Halt]).toContain(native.reason);
    const run = runGuestImage(native.image);
    expect(run.returned).toBe(native.reason);
    expect(header(native, run)).toEqual({ budgetLeft: native.budgetLeft, reason: native.reason });
    const a64 = run.memory.subarray(0, native.stateSize);
    expect(firstByteDifference(native.final, a64)).toBeUndefined();
    const got = packedRegisters(a64);
    const want = runMos6502Interpreter(program, cycles - native.budgetLeft);
    expect({ ...got, ram: undefined }).toEqual({ ...want, ram: undefined });
    expect(got.instructions).toBeGreaterThan(100_000);
    expect(Buffer.compare(got.ram, want.ram)).toBe(0);
  });
});
