import { describe, expect, it } from "vitest";
import { HaltReason } from "../../../cpu/chip8/state.js";
import { cpuWith, picture } from "./helpers.js";

/** A CPU with `sprite` bytes at 0x300, I = 0x300 and V0/V1 = x/y. */
function drawer(words: number[], sprite: number[], x: number, y: number, profile: "chip8" | "schip" | "schip-legacy" | "xochip" = "xochip", quirks = {}) {
  const c = cpuWith(words, profile, quirks);
  c.state.memory.set(sprite, 0x300);
  c.state.i = 0x300;
  c.state.v[0] = x;
  c.state.v[1] = y;
  return c;
}

describe("CHIP-8 display: DXYN, clipping, planes, scrolling", () => {
  it("draws a lores sprite as 2x2 blocks and reports collision on redraw", () => {
    const c = drawer([0xd012, 0xd012], [0xc0, 0x40], 1, 1);
    c.step(1);
    expect(c.state.v[15]).toBe(0);
    expect(picture(c.state, 0, 0, 8, 6)).toEqual([
      "........", "........", "..####..", "..####..", "....##..", "....##..",
    ]);
    c.step(1);
    expect(c.state.v[15]).toBe(1);
    expect(c.state.framebuffer.every((p) => p === 0)).toBe(true);
  });

  it("wraps the start position and wraps or clips the rest", () => {
    const wrap = drawer([0xd011], [0xff], 64 + 60, 31);
    wrap.step(1);
    expect(picture(wrap.state, 0, 62, 128, 1)[0]).toBe("########" + ".".repeat(112) + "########");
    const clip = drawer([0xd012], [0xff, 0xff], 60, 31, "xochip", { clipQuirks: true });
    clip.step(1);
    expect(picture(clip.state, 0, 62, 128, 1)[0]).toBe(".".repeat(120) + "########");
    expect(picture(clip.state, 0, 0, 128, 2)).toEqual([".".repeat(128), ".".repeat(128)]);
  });

  it("DXY0 draws 16x16 in hires and in lores, 8x16 in lores under loresDxy0Quirks", () => {
    const sprite = Array.from({ length: 32 }, (_, k) => (k % 2 === 0 ? 0x80 : 0x01));
    const hires = drawer([0x00ff, 0xd010], sprite, 0, 0, "schip");
    hires.step(2);
    expect(picture(hires.state, 0, 0, 17, 1)[0]).toBe("#..............#.");
    expect(picture(hires.state, 0, 15, 1, 2)).toEqual(["#", "."]);
    const lores = drawer([0xd010], sprite, 0, 0, "schip");
    lores.step(1);
    expect(picture(lores.state, 0, 0, 34, 1)[0]).toBe("##............................##..");
    const legacy = drawer([0xd010], sprite, 0, 0, "schip-legacy");
    legacy.step(1);
    // 8 wide, 16 tall: each row is one byte, rows alternate 0x80 / 0x01.
    expect(picture(legacy.state, 0, 0, 18, 4)).toEqual(["##................", "##................", "..............##..", "..............##.."]);
  });

  it("draws nothing for DXY0 on CHIP-8", () => {
    const c = drawer([0xd010], [0xff, 0xff], 0, 0, "chip8");
    c.step(1);
    expect([c.state.framebuffer.some((p) => p !== 0), c.state.v[15]]).toEqual([false, 0]);
  });

  it("counts collided and clipped rows in hires under collisionRowsQuirks", () => {
    const words = [0x00ff, 0xd013, 0xd013];
    const plain = drawer(words, [0x80, 0x80, 0x80], 0, 62, "schip");
    plain.step(3);
    expect(plain.state.v[15]).toBe(1);
    const legacy = drawer(words, [0x80, 0x80, 0x80], 0, 62, "schip-legacy");
    legacy.step(2);
    expect(legacy.state.v[15]).toBe(1); // one row clipped at the bottom
    legacy.step(1);
    expect(legacy.state.v[15]).toBe(3); // two rows collided, one clipped
  });

  it("waits for the next frame after DXYN under vblankQuirks", () => {
    const c = drawer([0xd011, 0x6105], [0x80], 0, 0, "chip8");
    expect(c.step(2)).toBe(1);
    expect([c.state.halt, c.state.pc]).toEqual([HaltReason.DisplayWait, 0x202]);
  });

  it("draws the selected planes with plane 2's data after plane 1's", () => {
    const c = drawer([0xf301, 0xd011, 0xf201, 0x00e0], [0xf0, 0x3c], 0, 0);
    c.step(2);
    expect(picture(c.state, 0, 0, 16, 1)[0]).toBe("####33332222....");
    expect(Array.from(c.state.framebuffer.subarray(0, 12))).toEqual([1, 1, 1, 1, 3, 3, 3, 3, 2, 2, 2, 2]);
    c.step(2);
    expect(Array.from(c.state.framebuffer.subarray(0, 12))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it("switches resolution, clearing the picture unless resolutionKeepQuirks", () => {
    const c = drawer([0xd011, 0x00ff], [0x80], 0, 0, "schip");
    c.step(2);
    expect([c.state.hires, c.state.framebuffer[0]]).toEqual([true, 0]);
    const keep = drawer([0xd011, 0x00ff, 0x00fe], [0x80], 0, 0, "schip-legacy");
    keep.step(2);
    expect([keep.state.hires, keep.state.framebuffer[0]]).toEqual([true, 1]);
    keep.step(1);
    expect(keep.state.hires).toBe(false);
  });

  it("scrolls down, up, right and left by hires pixels or whole lores pixels", () => {
    const hires = drawer([0x00ff, 0xd011, 0x00c3, 0x00fb, 0x00d1, 0x00fc], [0x80], 0, 0, "xochip");
    hires.step(3);
    expect(hires.state.framebuffer[3 * 128]).toBe(1);
    hires.step(1);
    expect(hires.state.framebuffer[3 * 128 + 4]).toBe(1);
    hires.step(1);
    expect(hires.state.framebuffer[2 * 128 + 4]).toBe(1);
    hires.step(1);
    expect(hires.state.framebuffer[2 * 128]).toBe(1);
    expect(hires.state.framebuffer.reduce((a, b) => a + b, 0)).toBe(1);

    const lores = drawer([0xd011, 0x00c1, 0x00fb], [0x80], 0, 0, "schip");
    lores.step(3);
    expect(picture(lores.state, 0, 0, 12, 4)).toEqual(["............", "............", "........##..", "........##.."]);
    const half = drawer([0xd011, 0x00c1, 0x00fb], [0x80], 0, 0, "schip-legacy");
    half.step(3);
    expect(picture(half.state, 0, 0, 8, 3)).toEqual(["........", "....##..", "....##.."]);
  });

  it("clears and scrolls only the selected planes", () => {
    const c = drawer([0xf301, 0xd011, 0xf101, 0x00e0, 0xf201, 0x00c2], [0x80, 0x80], 0, 0);
    c.step(4);
    expect(c.state.framebuffer[0]).toBe(2);
    c.step(2);
    expect([c.state.framebuffer[0], c.state.framebuffer[4 * 128]]).toEqual([0, 2]);
  });
});
