import { describe, expect, it } from "vitest";
import { profileSettings } from "../../../../cpu/chip8/quirks.js";
import { VirtualClock } from "../../../../src/frontend/clock.js";
import { playLoop } from "../../../../src/frontend/loop.js";
import type { Frontend, InputEvent, VideoFrame } from "../../../../src/frontend/types.js";
import { patternBitRate } from "../../../../src/machines/chip8/audio.js";
import { Chip8Machine } from "../../../../src/machines/chip8/machine.js";

const rom = (...words: number[]) => Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));

/** A frontend that keeps every queued sample, with a device that never plays. */
class RecordingFrontend implements Frontend {
  readonly kind = "headless" as const;
  readonly audioRate = 6000;
  readonly samples: number[] = [];
  present(_frame: VideoFrame): void {}
  poll(): InputEvent[] { return []; }
  queueAudio(samples: Int16Array): void { this.samples.push(...samples); }
  queuedAudioSamples(): number { return 0; }
  setTitle(): void {}
  toggleFullscreen(): void {}
  close(): void {}
}

describe("CHIP-8 sound", () => {
  it("plays the XO-CHIP pattern at 4000 * 2^((pitch - 64) / 48) bits per second", () => {
    expect(patternBitRate(64)).toBe(4000);
    expect(patternBitRate(112)).toBe(8000);
    expect(patternBitRate(16)).toBe(2000);
    // pattern F0 00 ..; pitch 64; ST = 2
    const m = new Chip8Machine(rom(0xa20a, 0xf002, 0x6002, 0xf018, 0x1208, 0xf000), { settings: profileSettings("xochip") });
    m.runFrame();
    const out = new Int16Array(20);
    m.audio(8000, out); // 0.5 bit per sample: bits 0-3 on, 4-9 off
    expect(Array.from(out)).toEqual([...new Array(8).fill(6000), ...new Array(12).fill(-6000)]);
    m.runFrame();
    m.runFrame();
    m.audio(8000, out);
    expect(Array.from(out)).toEqual(new Array(20).fill(0));
  });

  it("follows the pitch register", () => {
    const m = new Chip8Machine(rom(0xa20c, 0xf002, 0x6070, 0xf03a, 0xf018, 0x120a, 0xaaaa), { settings: profileSettings("xochip") });
    m.runFrame();
    const out = new Int16Array(6);
    m.audio(8000, out); // pitch 112: one bit per sample of 1010...
    expect(Array.from(out)).toEqual([6000, -6000, 6000, -6000, 6000, -6000]);
  });

  it("a square wave by default, and the beep reaches the frontend through the play loop", async () => {
    const m = new Chip8Machine(rom(0x600a, 0xf018, 0x1204), { settings: profileSettings("chip8") });
    const frontend = new RecordingFrontend();
    await playLoop(m, frontend, { clock: new VirtualClock(), maxFrames: 20 });
    const sound = frontend.samples.filter((s) => s !== 0);
    // ST = 10: 10 frames of 100 samples at 6000 Hz, a 500 Hz square: 2/3 bit per sample, 6 samples per half period
    expect(sound.length).toBe(1000);
    expect(sound.slice(0, 13)).toEqual([6000, 6000, 6000, 6000, 6000, 6000, -6000, -6000, -6000, -6000, -6000, -6000, 6000]);
    // 83 whole periods (996 samples, 498 high) and the first 4 samples of the next, high
    expect(sound.filter((s) => s > 0).length).toBe(502);
  });
});
