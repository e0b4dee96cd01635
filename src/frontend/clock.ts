/**
 * Time sources for the play loop. The loop never reads the time any other
 * way, so tests and benchmarks drive it with a VirtualClock.
 */
import { performance } from "node:perf_hooks";

export interface Clock {
  /** Milliseconds, high resolution, from an arbitrary origin; never goes back. */
  now(): number;
  /** Resolve after about `ms` milliseconds (at least once through the event loop). */
  sleep(ms: number): Promise<void>;
}

/**
 * setTimeout wakes up late by up to a millisecond or more, so the real
 * clock sleeps with a timer until SPIN_MARGIN_MS before the deadline and
 * finishes with setImmediate turns (which also let stdin and signals in).
 */
const SPIN_MARGIN_MS = 1.5;

function timeout(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function immediate(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const realClock: Clock = {
  now: () => performance.now(),
  async sleep(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    if (ms > SPIN_MARGIN_MS) await timeout(Math.floor(ms - SPIN_MARGIN_MS));
    do await immediate();
    while (performance.now() < deadline);
  },
};

/** A clock whose time moves only when someone sleeps or calls advance(). */
export class VirtualClock implements Clock {
  private time: number;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** Move time forward without yielding (a slow guest frame, a stall). */
  advance(ms: number): void {
    if (ms > 0) this.time += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.advance(ms);
    await Promise.resolve();
  }
}
