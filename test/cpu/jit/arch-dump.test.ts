/**
 * Translate-only dumps (cpu/jit/cross-translate.ts, `blocks --arch`): for
 * every project ROM, run it natively under the JIT, then translate every
 * live block again for AArch64 (it must assemble) and for x86-64, this
 * host (it must reproduce the installed block: same IR and code sizes, so
 * the dumps show what the run actually compiled). First, the layout and
 * linking of translate-only blocks on a made-up guest.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { CompiledBlock } from "../../../cpu/jit/block-cache.js";
import { crossTranslateBlocks, PLACEHOLDER_CODE_BASE, type CrossBlock } from "../../../cpu/jit/cross-translate.js";
import type { BlockEmitter } from "../../../cpu/jit/block-emitter.js";
import { hostPlanFor } from "../../../cpu/jit/host-plan.js";
import { jitMemoryLayout } from "../../../cpu/jit/memory-layout.js";
import { Cond, Ins } from "../../../ejit/index.js";
import type { FlagValues } from "../../../src/machines/definition.js";
import { detectMachine } from "../../../src/machines/detect.js";

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

/** "pc: problem" for every block whose AArch64 translation is missing, empty or not whole instructions. */
function aarch64Problems(blocks: readonly CompiledBlock[], cross: Map<number, CrossBlock>): string[] {
  const problems: string[] = [];
  for (const b of blocks) {
    const x = cross.get(b.pc);
    if (x === undefined) problems.push(`${b.pc}: not translated`);
    else if (x.bytes === undefined) problems.push(`${b.pc}: ${x.error}`);
    else if (x.arch !== "aarch64" || x.bytes.length === 0 || x.bytes.length % 4 !== 0 || x.address < PLACEHOLDER_CODE_BASE) {
      problems.push(`${b.pc}: ${x.arch} ${x.bytes.length} bytes at ${x.address}`);
    }
  }
  return problems;
}

/** "pc: sizes" for every block whose x86-64 re-translation differs in size from the installed code. */
function x86Mismatches(blocks: readonly CompiledBlock[], cross: Map<number, CrossBlock>): string[] {
  return blocks.flatMap((b) => {
    const x = cross.get(b.pc);
    const same = x?.bytes !== undefined && x.ir.length === b.irCount && x.bytes.length === b.hostSize;
    return same ? [] : [`${b.pc}: IR ${x?.ir.length} vs ${b.irCount}, bytes ${x?.bytes?.length} vs ${b.hostSize}`];
  });
}

describe("crossTranslateBlocks", () => {
  // A made-up guest: 0x10 and 0x20 link to each other; 0x30 branches to a label it never defines.
  const translator = {
    translate(pc: number, e: BlockEmitter): void {
      if (pc === 0x30) e.ir.push(Ins.b(Cond.Eq, 99));
      else e.linkTo(pc === 0x10 ? 0x20 : 0x10, 1);
      e.finish(1);
    },
  };
  /** Just what crossTranslateBlocks reads of a block from the native run. */
  const fake = (pc: number, target: number | undefined, linked: boolean) =>
    ({ pc, counterSlot: -1, slots: target === undefined ? [] : [{ target, linked: linked ? {} : undefined }] }) as unknown as CompiledBlock;
  const word = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);

  test("blocks laid out from the placeholder base; links of the native run patched, others left falling through", () => {
    const cross = crossTranslateBlocks(
      [fake(0x10, 0x20, true), fake(0x20, 0x10, false), fake(0x30, undefined, false)],
      translator, hostPlanFor("aarch64"), jitMemoryLayout(64, 0x100, 4),
    );
    const a = cross.get(0x10)!;
    const b = cross.get(0x20)!;
    const c = cross.get(0x30)!;
    expect(a.address).toBe(PLACEHOLDER_CODE_BASE);
    expect(b.address).toBe(PLACEHOLDER_CODE_BASE + Math.ceil(a.bytes!.length / 16) * 16);
    // The budget check is first: cmp x20, #1 (SUBS XZR, X20, #1).
    expect(word(a.bytes!, 0)).toBe(0xf100069f);
    // Each slot follows `subi x20, x20, 1` (after cmp and b.lt): word 3. A's is B imm26 to B; B's jumps to the next word.
    expect(word(a.bytes!, 12)).toBe((0x14000000 | ((b.address - (a.address + 12)) >> 2)) >>> 0);
    expect(word(b.bytes!, 12)).toBe(0x14000001);
    expect([c.bytes, c.address]).toEqual([undefined, b.address + Math.ceil(b.bytes!.length / 16) * 16]);
    expect(c.error).toMatch(/label/);
  });
});

/** A project program, started under the JIT through the registry as the commands start it. */
async function jitMachineFor(path: string, values: FlagValues) {
  const bytes = readFileSync(path);
  const program = detectMachine(path, bytes).load({ path, bytes, values, command: "blocks" });
  return program.create("jit", { inspect: true });
}

describe("every block of every project ROM, translated for another host", () => {
  const roms = [...files("roms", /\.(ch8|sc8|xo8)$/), ...files("roms/6502", /\.bin$/)];
  test.each(roms)("%s", async (path) => {
    // the 6502 programs run their first 3 M cycles, CHIP-8 ROMs 30 frames
    const machine = await jitMachineFor(path, { "max-cycles": path.endsWith(".bin") ? "3000000" : undefined });
    try {
      machine.runFrames(path.endsWith(".bin") ? Infinity : 30);
      const jit = machine.jit!;
      const blocks = [...jit.runtime.cache.blocks()];
      expect(blocks.length).toBeGreaterThan(0);
      expect(aarch64Problems(blocks, jit.crossBlocks("aarch64"))).toEqual([]);
      expect(x86Mismatches(blocks, jit.crossBlocks("x86_64"))).toEqual([]);
    } finally {
      machine.dispose();
    }
  });
});
