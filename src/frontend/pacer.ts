/**
 * Frame pacing: when the next guest frame is due, from the guest's own frame
 * rate times the user's speed factor and a clock. The display's refresh rate
 * plays no part (a 144 Hz monitor does not make a 60 Hz game run fast).
 *
 * Frame k of the current schedule is due at base + k * 1000 / (rate * speed)
 * ms, computed from k rather than summed, so there is no drift. When the
 * guest falls behind (a stall, a slow host), it catches up by running at most
 * `maxCatchUp` frames back to back, then the schedule restarts from now
 * rather than fast-forwarding through the backlog.
 */
export const DEFAULT_MAX_CATCH_UP = 4;

export class FramePacer {
  private baseTime = 0;
  private frameIndex = 0;
  private framesPerSecond: number;
  private speedFactor = 1;
  /** How many times the schedule was restarted because the guest fell too far behind. */
  resets = 0;

  constructor(
    private readonly guestFrameRate: number,
    readonly maxCatchUp: number = DEFAULT_MAX_CATCH_UP,
  ) {
    if (!(guestFrameRate > 0)) throw new Error(`bad guest frame rate ${guestFrameRate}`);
    this.framesPerSecond = guestFrameRate;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Milliseconds between two frames at the current speed. */
  get periodMs(): number {
    return 1000 / this.framesPerSecond;
  }

  /** Start a new schedule whose first frame is due at `now`. */
  restart(now: number): void {
    this.baseTime = now;
    this.frameIndex = 0;
  }

  /** Change the speed factor; the next frame stays due when it was. */
  setSpeed(speed: number, now: number): void {
    const next = Math.max(this.nextDue(), now);
    this.speedFactor = speed;
    this.framesPerSecond = this.guestFrameRate * speed;
    this.restart(next);
  }

  private dueTime(index: number): number {
    return this.baseTime + (index * 1000) / this.framesPerSecond;
  }

  /** When the next frame is due. */
  nextDue(): number {
    return this.dueTime(this.frameIndex);
  }

  /**
   * How many frames to run now, and mark them as run. More than `maxCatchUp`
   * due frames run as `maxCatchUp` and restart the schedule one period after now.
   */
  takeDueFrames(now: number): number {
    let due = 0;
    while (due <= this.maxCatchUp && this.dueTime(this.frameIndex + due) <= now) due++;
    if (due > this.maxCatchUp) {
      this.resets++;
      this.restart(now + this.periodMs);
      return this.maxCatchUp;
    }
    this.frameIndex += due;
    return due;
  }

  /** Milliseconds from `now` until the next frame is due (negative when late). */
  msUntilNext(now: number): number {
    return this.nextDue() - now;
  }
}
