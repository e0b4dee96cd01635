/**
 * DXYN compiled inline (recompiler-sprite.ts) and its fall-backs to the
 * drawing routine: edges (clip and wrap), modes and plane masks other than
 * the ones compiled for, sprite bytes at the end of memory, VF as an
 * operand. Exact pixel counts and VF values, and the interpreter on the
 * same program agrees byte for byte.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { Chip8ProfileName, Chip8Quirks } from "../../../cpu/chip8/quirks.js";
import { jitCpu, type JitCpu } from "./jit-cpu.js";

let cpu: JitCpu | undefined;
afterEach(() => {
  cpu?.dispose();
  cpu = undefined;
});

function run(source: string, n: number, profile: Chip8ProfileName, quirks: Partial<Chip8Quirks> = {}): JitCpu {
  cpu = jitCpu(source, profile, quirks);
  expect(cpu.run(n)).toBe(n);
  expect(cpu.difference()).toBeUndefined();
  return cpu;
}

/** Framebuffer bytes with `plane` set. */
const lit = (c: JitCpu, plane = 1): number => c.state.framebuffer.reduce((sum, p) => sum + ((p & plane) !== 0 ? 1 : 0), 0);

// The font's "0": F0 90 90 90 F0, 14 pixels; a lores pixel is 4 framebuffer bytes.
const ZERO_PIXELS = 14;

describe("DXYN inline", () => {
  for (const [profile, clip] of [["schip", true], ["xochip", false]] as const) {
    test(`lores, ${clip ? "clipped" : "wrapped"}: inside, across the right edge, across the bottom, then erased`, () => {
      const c = run(`ld v0, 0
        ld f, v0
        ld v1, 10
        ld v2, 5
        drw v1, v2, 5   ; inside
        ld v3, vf
        ld v1, 61
        drw v1, v2, 5   ; 3 of 4 columns past the right edge
        ld v4, vf
        ld v1, 20
        ld v2, 29
        drw v1, v2, 5   ; rows 3 and 4 past the bottom
        ld v5, vf
        ld v1, 10
        ld v2, 5
        drw v1, v2, 5   ; erases the first
        ld v6, vf
        done: jp done`, 17, profile);
      expect([c.state.v[3], c.state.v[4], c.state.v[5], c.state.v[6]]).toEqual([0, 0, 0, 1]);
      // right edge: columns 61..63 hold "0"'s first three columns (rows: 3, 1, 1, 1, 3 pixels) = 9 pixels, wrapping adds 5
      // bottom: rows 29..31 of "0" are F0 90 90 = 8 pixels, wrapping adds 90 F0 = 6
      expect(lit(c)).toBe(4 * (clip ? 9 + 8 : ZERO_PIXELS + ZERO_PIXELS));
    });

    test(`hires, ${clip ? "clipped" : "wrapped"}: the same sprite twice collides, across edges too`, () => {
      const c = run(`high
        ld i, spr
        ld v1, 100
        ld v2, 60
        drw v1, v2, 6   ; rows 4 and 5 past the bottom
        ld v3, vf
        drw v1, v2, 6
        ld v4, vf
        ld v1, 124
        ld v2, 0
        drw v1, v2, 6   ; 4 columns past the right edge
        ld v5, vf
        done: jp done
        spr: db 0xff, 0x81, 0x81, 0x81, 0x81, 0xff`, 12, profile);
      expect([c.state.v[3], c.state.v[4], c.state.v[5]]).toEqual([0, 1, 0]);
      // 8 + 2 + 2 + 2 + 2 + 8 = 24 pixels; clipped at the right edge: 4 + 1 + 1 + 1 + 1 + 4 = 12
      expect(lit(c)).toBe(clip ? 12 : 24);
    });
  }

  test("a block compiled in lores keeps working after the program switches to hires", () => {
    const c = run(`ld v0, 7
      ld f, v0
      loop: drw v1, v2, 5
      add v1, 9
      add v3, vf
      add v4, 1
      se v4, 4
      jp loop
      high
      jp loop`, 200, "schip");
    expect(c.state.hires).toBe(true);
    expect(c.jit.runtime.counters.blocksCompiled).toBeGreaterThan(0);
  });

  test("plane masks 1, 2, 3 and 0 in one loop (0 through the routine)", () => {
    const c = run(`ld i, spr
      ld v1, 0
      loop: plane 1
      drw v1, v1, 4
      add v5, vf
      plane 2
      drw v1, v1, 4
      add v6, vf
      plane 3
      drw v1, v1, 4
      add v7, vf
      plane 0
      drw v1, v1, 4
      add v8, vf
      add v1, 1
      jp loop
      spr: db 0x80, 0x40, 0x20, 0x10, 0x01, 0x02, 0x04, 0x08`, 14 * 3 + 2, "xochip");
    // three turns at x = y = 0, 1, 2: the diagonals of each turn's draws overlap the last turn's only where equal
    expect([c.state.v[1], c.state.v[8]]).toEqual([3, 0]);
    expect(c.state.planes).toBe(0);
  });

  for (const [profile, hires, quirks, pixelBytes, wide] of [
    ["schip", true, {}, 1, 2], ["xochip", false, {}, 4, 2], ["schip-legacy", false, { loresDxy0Quirks: true }, 4, 1],
  ] as const) {
    test(`DXY0 in ${hires ? "hires" : "lores"}${wide === 1 ? " under loresDxy0Quirks (8x16)" : " (16x16)"}, overlapping itself`, () => {
      const c = run(`${hires ? "high" : "low"}
        ld i, spr
        ld v1, 4
        drw v1, v1, 0
        ld v2, vf
        ld v1, 12
        drw v1, v1, 0
        ld v3, vf
        done: jp done
        spr: db ${Array(32).fill("0xff").join(", ")}`, 9, profile, quirks);
      // 16x16 at (4, 4) and (12, 12) overlap in 8x8 pixels; 8x16 ones side by side do not
      expect([c.state.v[2], c.state.v[3]]).toEqual([0, wide === 2 ? 1 : 0]);
      expect(lit(c)).toBe(pixelBytes * (wide === 2 ? 256 + 256 - 2 * 64 : 256));
    });
  }

  test("plane mask 3: plane 2's rows follow plane 1's, collisions from both", () => {
    const c = run(`plane 3
      ld i, spr
      ld v1, 2
      drw v1, v1, 2
      ld v2, vf
      drw v1, v1, 2
      ld v3, vf
      done: jp done
      spr: db 0xff, 0xff, 0x0f, 0x0f`, 8, "xochip");
    expect([c.state.v[2], c.state.v[3], lit(c, 1), lit(c, 2)]).toEqual([0, 1, 0, 0]);
    c.dispose();
    cpu = undefined;
    const once = run(`plane 3
      ld i, spr
      ld v1, 2
      drw v1, v1, 2
      done: jp done
      spr: db 0xff, 0xff, 0x0f, 0x0f`, 5, "xochip");
    expect([lit(once, 1), lit(once, 2)]).toEqual([16 * 4, 8 * 4]);
  });

  test("sprite bytes that wrap past the end of memory, and VF as X, Y", () => {
    const c = run(`ld i, 0xffe
      ld vf, 3
      ld v1, 40
      drw vf, v1, 4
      ld v2, vf
      ld vf, 40
      drw v1, vf, 2
      ld v3, vf
      done: jp done`, 9, "chip8", { vblankQuirks: false });
    expect([c.state.v[2], c.state.v[3], c.state.v[15]]).toEqual([0, 0, 0]);
  });

  test("N = 15 in hires under collisionRowsQuirks goes through the routine (VF counts rows)", () => {
    const c = run(`high
      ld i, 0
      ld v1, 0
      drw v1, v1, 15
      drw v1, v1, 15
      ld v2, vf
      done: jp done`, 7, "schip-legacy");
    // the font bytes from 0: every one of the 15 rows has a pixel, so each row collides
    expect(c.state.v[2]).toBe(15);
  });
});
