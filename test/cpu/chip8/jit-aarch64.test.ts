/**
 * The CHIP-8 recompiler's output for AArch64, on this x86-64 machine: the
 * runtime stubs, the drawing and scrolling routines and every block of the
 * project's ROMs (under every profile) must assemble with the AArch64
 * encoder and its register plan (it cannot run here; the encoder itself is
 * checked against objdump and qemu in test/ejit). The same for x86-64.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { assemble, type Arch } from "../../../ejit/index.js";
import { loadFonts } from "../../../cpu/chip8/font.js";
import { Chip8RegisterMap } from "../../../cpu/chip8/jit-state.js";
import { CHIP8_PROFILES, profileSettings } from "../../../cpu/chip8/quirks.js";
import { drawHelperIr } from "../../../cpu/chip8/recompiler-draw.js";
import { scrollHelperIr } from "../../../cpu/chip8/recompiler-scroll.js";
import { Chip8Translator } from "../../../cpu/chip8/recompiler.js";
import { CHIP8_STATE_SIZE } from "../../../cpu/chip8/state.js";
import { BlockEmitter } from "../../../cpu/jit/block-emitter.js";
import { hostPlanFor } from "../../../cpu/jit/host-plan.js";
import { jitMemoryLayout } from "../../../cpu/jit/memory-layout.js";
import { runtimeStubsIr } from "../../../cpu/jit/runtime-stubs.js";

function roms(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? roms(path) : /\.(ch8|sc8|xo8)$/.test(name) ? [path] : [];
  });
}

const STUBS = { lookup: 0x7f0000001000, exit: 0x7f0000002000 };
const HELPERS = { draw: 0x7f0000003000, scroll: 0x7f0000004000 };

for (const arch of ["aarch64", "x86_64"] as const satisfies readonly Arch[]) {
  describe(`CHIP-8 recompiler output assembles for ${arch}`, () => {
    const plan = hostPlanFor(arch);
    const layout = jitMemoryLayout(CHIP8_STATE_SIZE, 0x10000, 16);
    const map = new Chip8RegisterMap(plan);
    const ok = (what: string, ir: Parameters<typeof assemble>[0]): void => {
      const out = assemble(ir, arch);
      expect(out.ok ? "ok" : `${what}: ${out.error.message}`).toBe("ok");
    };
    test("runtime stubs and display routines, every profile", () => {
      ok("stubs", runtimeStubsIr(plan, layout, 0x7f0000100000, map));
      for (const profile of CHIP8_PROFILES) {
        const settings = profileSettings(profile);
        ok(`draw ${profile}`, drawHelperIr(plan, settings));
        ok(`scroll ${profile}`, scrollHelperIr(plan, settings));
      }
    });
    test("every block of every ROM, every profile", () => {
      let blocks = 0;
      for (const path of roms("roms")) {
        const rom = readFileSync(path);
        for (const profile of CHIP8_PROFILES) {
          const settings = profileSettings(profile);
          const memory = new Uint8Array(0x10000);
          loadFonts(memory, settings.fontStyle);
          memory.set(rom.subarray(0, 0x10000 - 0x200), 0x200);
          const translator = new Chip8Translator(map, settings, memory, plan, HELPERS);
          const e = new BlockEmitter(plan, layout, STUBS);
          for (let pc = 0x200; pc < 0x200 + rom.length; pc += 2) {
            e.begin(pc, pc & 2 ? 7 : -1);
            translator.translate(pc, e);
            ok(`${path} ${profile} block 0x${pc.toString(16)}`, e.ir);
            blocks++;
          }
        }
      }
      expect(blocks).toBeGreaterThan(1000);
    });
  });
}
