/**
 * Helpers for end-to-end tests that drive the real play loop on a real
 * frontend: a clock that makes the loop deterministic yet real-time, a
 * transparent frontend wrapper that lets the test look after each present,
 * and the expected window picture of a guest frame.
 */
import { performance } from "node:perf_hooks";
import type { Clock } from "../../src/frontend/loop.js";
import { realClock } from "../../src/frontend/clock.js";
import type { Frontend, InputEvent, VideoFrame } from "../../src/frontend/types.js";

/**
 * Virtual time that only moves when the loop sleeps (so the pacer hands out
 * exactly one frame per turn and an event pushed after frame N is polled
 * before frame N+1), but each sleep also waits in real time until the real
 * clock has caught up with the virtual one. The audio device consumes
 * samples in real time, so the loop's sound reaches it at the rate it plays.
 */
export class RealPacedVirtualClock implements Clock {
  private virtual = 0;
  private readonly realOrigin = performance.now();

  now(): number {
    return this.virtual;
  }

  async sleep(ms: number): Promise<void> {
    if (ms > 0) this.virtual += ms;
    await realClock.sleep(Math.max(0, this.realOrigin + this.virtual - performance.now()));
  }
}

/**
 * Passes everything to `inner` and calls `afterPresent` after each picture
 * reached it. The loop cannot tell it from `inner`.
 */
export class ObservedFrontend implements Frontend {
  readonly kind: Frontend["kind"];
  readonly audioRate: number;

  constructor(
    private readonly inner: Frontend,
    private readonly afterPresent: () => void,
  ) {
    this.kind = inner.kind;
    this.audioRate = inner.audioRate;
  }

  present(frame: VideoFrame): void {
    this.inner.present(frame);
    this.afterPresent();
  }

  poll(): InputEvent[] {
    return this.inner.poll();
  }

  queueAudio(samples: Int16Array): void {
    this.inner.queueAudio(samples);
  }

  queuedAudioSamples(): number {
    return this.inner.queuedAudioSamples();
  }

  setTitle(title: string): void {
    this.inner.setTitle(title);
  }

  toggleFullscreen(): void {
    this.inner.toggleFullscreen();
  }

  close(): void {
    this.inner.close();
  }
}

/** `frame` scaled up `scale` times in both directions (what an integer-scaled window shows). */
export function scaleFrame(frame: VideoFrame, scale: number): VideoFrame {
  const width = frame.width * scale;
  const height = frame.height * scale;
  const pixels = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = Math.floor(y / scale) * frame.width;
    for (let x = 0; x < width; x++) pixels[y * width + x] = frame.pixels[from + Math.floor(x / scale)]!;
  }
  return { width, height, pixels };
}

/** "" when the pictures are equal, else a one-line description of the first difference. */
export function pictureDifference(actual: VideoFrame, expected: VideoFrame): string {
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return `size ${actual.width}x${actual.height}, expected ${expected.width}x${expected.height}`;
  }
  let differing = 0;
  let first = -1;
  for (let p = 0; p < expected.pixels.length; p++) {
    if ((actual.pixels[p]! >>> 0) !== (expected.pixels[p]! >>> 0)) {
      if (first < 0) first = p;
      differing++;
    }
  }
  if (first < 0) return "";
  const x = first % expected.width;
  const y = Math.floor(first / expected.width);
  const hex = (c: number) => (c >>> 0).toString(16).padStart(8, "0");
  return `${differing} pixels differ; first at (${x}, ${y}): 0x${hex(actual.pixels[first]!)}, expected 0x${hex(expected.pixels[first]!)}`;
}

/** A copy of a frame (the machine reuses its pixel array). */
export function copyFrame(frame: VideoFrame): VideoFrame {
  return { width: frame.width, height: frame.height, pixels: frame.pixels.slice() };
}
