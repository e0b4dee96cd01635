/**
 * The headless frontend: no window, no terminal. It counts and keeps what it
 * is given (frames, titles, fullscreen toggles, audio) and replays scripted
 * input, for tests, benchmarks and screenshots.
 *
 * Audio is off by default (audioRate 0). With `audioRate` and a clock it
 * simulates a sound device that plays the queue at `audioRate` samples per
 * second of that clock, so the play loop's audio pacing can be checked.
 */
import type { Clock } from "./clock.js";
import { initialStatus, type Frontend, type FrontendStatus, type InputEvent, type VideoFrame } from "./types.js";

/** An input event delivered by the first poll() once its condition holds. */
export interface ScriptedInput {
  /** Deliver once this many frames have been presented. */
  readonly afterFrames?: number;
  /** Deliver once the clock reads at least this many milliseconds. */
  readonly atTime?: number;
  readonly event: InputEvent;
}

export interface HeadlessOptions {
  readonly script?: readonly ScriptedInput[];
  /** Clock for `atTime` scripts and simulated audio playback. */
  readonly clock?: Clock;
  /** Simulated audio output rate in Hz; needs `clock`. Default 0: no audio. */
  readonly audioRate?: number;
}

export class HeadlessFrontend implements Frontend {
  readonly kind = "headless" as const;
  readonly audioRate: number;
  presentedFrames = 0;
  /** A copy of the last presented frame. */
  lastFrame: VideoFrame | null = null;
  title = "";
  /** The status as the loop last left it. */
  status: FrontendStatus = initialStatus("");
  fullscreen = false;
  fullscreenToggles = 0;
  closed = false;
  /** Every sample ever queued. */
  audioQueuedTotal = 0;
  /** Samples the simulated device wanted while the queue was empty. */
  audioUnderrunSamples = 0;

  private readonly script: ScriptedInput[];
  private readonly pending: InputEvent[] = [];
  private readonly clock: Clock | undefined;
  private queued = 0;
  private playedUntil = 0;
  private playedFraction = 0;

  constructor(options: HeadlessOptions = {}) {
    this.script = [...(options.script ?? [])];
    this.clock = options.clock;
    this.audioRate = options.audioRate ?? 0;
    if (this.audioRate > 0 && !this.clock) throw new Error("headless audio needs a clock");
    this.playedUntil = this.clock?.now() ?? 0;
  }

  present(frame: VideoFrame): void {
    const pixels = this.lastFrame?.pixels.length === frame.pixels.length
      ? this.lastFrame.pixels
      : new Uint32Array(frame.pixels.length);
    pixels.set(frame.pixels);
    this.lastFrame = { width: frame.width, height: frame.height, pixels };
    this.presentedFrames++;
  }

  /** Queue an event for the next poll(). */
  push(ev: InputEvent): void {
    this.pending.push(ev);
  }

  poll(): InputEvent[] {
    const now = this.clock?.now() ?? 0;
    for (let i = 0; i < this.script.length; ) {
      const s = this.script[i]!;
      const frameOk = s.afterFrames === undefined || this.presentedFrames >= s.afterFrames;
      const timeOk = s.atTime === undefined || now >= s.atTime;
      if (frameOk && timeOk) {
        this.pending.push(s.event);
        this.script.splice(i, 1);
      } else {
        i++;
      }
    }
    return this.pending.splice(0, this.pending.length);
  }

  /** Scripted events not delivered yet. */
  get scriptRemaining(): number {
    return this.script.length;
  }

  private play(): void {
    if (!this.clock) return;
    const now = this.clock.now();
    const exact = ((now - this.playedUntil) * this.audioRate) / 1000 + this.playedFraction;
    const due = Math.floor(exact + 1e-6);
    this.playedFraction = exact - due;
    this.playedUntil = now;
    const played = Math.min(due, this.queued);
    this.audioUnderrunSamples += due - played;
    this.queued -= played;
  }

  queueAudio(samples: Int16Array): void {
    if (this.audioRate === 0) return;
    this.play();
    this.queued += samples.length;
    this.audioQueuedTotal += samples.length;
  }

  queuedAudioSamples(): number {
    this.play();
    return this.queued;
  }

  setTitle(title: string): void {
    this.title = title;
  }

  setStatus(update: Partial<FrontendStatus>): void {
    this.status = { ...this.status, ...update };
  }

  toggleFullscreen(): void {
    this.fullscreen = !this.fullscreen;
    this.fullscreenToggles++;
  }

  close(): void {
    this.closed = true;
  }
}
