/** The project's own NES program: its source gives its image, and it does what it says. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nesDefinition } from "../../../../src/machines/nes/cli.js";
import { repoPath } from "../../commands/helpers.js";
import { machineOf } from "./build.js";

describe("roms/nes/walker", () => {
  const image = readFileSync(repoPath("roms/nes/walker.nes"));

  it("walker.n65 assembles to walker.nes", () => {
    const { bytes } = nesDefinition.assembler.assemble(readFileSync(repoPath("roms/nes/walker.n65"), "utf8"), "walker.n65");
    expect(Buffer.from(bytes).equals(image)).toBe(true);
  });

  it("the arrows move the sprite a pixel a frame, A holds it, Start centres it", () => {
    const m = machineOf(image);
    m.runFrames(10);
    const at = () => [m.peek(0x200), m.peek(0x203)];
    expect(at()).toEqual([0x70, 0x7c]);
    m.setGuestKey("right", true);
    m.runFrames(10);
    expect(at()).toEqual([0x70, 0x7c + 10]);
    m.setGuestKey("a", true);
    m.runFrames(5);
    expect(at()).toEqual([0x70, 0x7c + 10]);
    m.setGuestKey("a", false);
    m.setGuestKey("right", false);
    m.setGuestKey("up", true);
    m.runFrames(4);
    expect(at()).toEqual([0x70 - 4, 0x7c + 10]);
    m.setGuestKey("up", false);
    m.setGuestKey("start", true);
    m.runFrames(1);
    expect(at()).toEqual([0x70, 0x7c]);
    // the picture: the backdrop is black ($0F), the top-left tile a brick in palette 0
    const px = m.nes.ppu.pixels;
    expect([px[0], px[1], px[256 * 1 + 1]]).toEqual([0x17, 0x17, 0x27]);
  });

  it("with an OAM DMA every frame, each frame still ends at vertical blank and runs one NMI", () => {
    const m = machineOf(image);
    m.runFrames(5);
    const ends: [number, number, number][] = [];
    for (let k = 0; k < 12; k++) {
      const before = m.peek(0x15);
      m.runFrames(1);
      // the DMA's 513-514 stalled cycles are not in the CPU's own budget: the end must still come at (241, 1..)
      ends.push([m.nes.ppu.scanline, m.nes.ppu.dot, m.peek(0x15) - before]);
    }
    expect(ends.map(([line, , nmis]) => [line, nmis])).toEqual(Array.from({ length: 12 }, () => [241, 1]));
    // within one instruction (at most 7 cycles, 21 dots) of (241, 1)
    expect(ends.filter(([, dot]) => dot < 1 || dot > 22)).toEqual([]);
  });
});
