/**
 * Per-frame audio for the play loop. Each guest frame asks the machine for
 * exactly the samples that frame lasts at the output rate (rate / frameRate
 * on average, the remainder carried from frame to frame), and queues them.
 * The queue is kept between LOW and HIGH water marks so a late frame does
 * not starve the device (it is topped up with silence) and a fast clock does
 * not pile up latency (a frame's sound is dropped).
 *
 * At speed s the frame lasts 1/s as long in real time, so the machine is
 * asked for its sound at rate/s Hz: played at `rate`, it is s times faster
 * (and higher), and the queue stays level.
 */
import type { Frontend, PlayableMachine } from "./types.js";

/** Audio kept queued (ms): prefill and top-up target, refill threshold, drop threshold. */
export const AUDIO_TARGET_MS = 75;
export const AUDIO_LOW_WATER_MS = 40;
export const AUDIO_HIGH_WATER_MS = 150;

export interface AudioFeederStats {
  /** Samples the machine generated (sum of the lengths it was asked for). */
  generated: number;
  /** Samples of silence queued to keep the device fed. */
  silence: number;
  /** Samples generated but dropped because the queue was full. */
  dropped: number;
}

export class AudioFeeder {
  private readonly buffer: Int16Array;
  private readonly silenceBuffer: Int16Array;
  private fraction = 0;
  private guestRate: number;
  readonly stats: AudioFeederStats = { generated: 0, silence: 0, dropped: 0 };

  constructor(
    private readonly frontend: Frontend,
    private readonly frameRate: number,
    maxSlowdown: number,
  ) {
    const rate = frontend.audioRate;
    this.guestRate = rate;
    // The longest frame: the slowest speed asks for rate / (frameRate * slowdown) samples.
    this.buffer = new Int16Array(Math.ceil(rate / (frameRate * maxSlowdown)) + 1);
    this.silenceBuffer = new Int16Array(this.samplesFor(AUDIO_TARGET_MS));
  }

  private samplesFor(ms: number): number {
    return Math.round((this.frontend.audioRate * ms) / 1000);
  }

  /** The rate the machine renders at, for speed factor `speed`. */
  setSpeed(speed: number): void {
    this.guestRate = this.frontend.audioRate / speed;
    this.fraction = 0;
  }

  /** Queue silence up to the target (at start, and after a pause drained the queue). */
  prefill(): void {
    this.topUp(this.frontend.queuedAudioSamples(), 0);
  }

  private topUp(queued: number, incoming: number): void {
    const missing = this.silenceBuffer.length - queued - incoming;
    if (missing <= 0) return;
    this.frontend.queueAudio(this.silenceBuffer.subarray(0, missing));
    this.stats.silence += missing;
  }

  /** After a guest frame ran: render its sound and queue it. */
  afterFrame(machine: PlayableMachine): void {
    const exact = this.guestRate / this.frameRate + this.fraction;
    const count = Math.floor(exact + 1e-9);
    this.fraction = exact - count;
    if (count <= 0) return;
    const samples = this.buffer.subarray(0, count);
    machine.audio(this.guestRate, samples);
    this.stats.generated += count;
    const queued = this.frontend.queuedAudioSamples();
    if (queued > this.samplesFor(AUDIO_HIGH_WATER_MS)) {
      this.stats.dropped += count;
      return;
    }
    if (queued < this.samplesFor(AUDIO_LOW_WATER_MS)) this.topUp(queued, count);
    this.frontend.queueAudio(samples);
  }
}
