/**
 * Terminals report key presses (and auto-repeats) but never releases, so a
 * release is synthesised when a key has not been seen for a while: FIRST_HOLD_MS
 * after a press, REPEAT_HOLD_MS after each auto-repeat (typical repeat
 * intervals are 30-50 ms, so a held key stays down once repeats start; the gap
 * before the terminal's first repeat, usually 250-600 ms, may show as a short
 * release).
 */
import type { HostKey, InputEvent } from "../types.js";

export const FIRST_HOLD_MS = 200;
export const REPEAT_HOLD_MS = 100;

export class KeyHoldTracker {
  private readonly releaseAt = new Map<HostKey, number>();

  /** A key arrived at `now`: a key-down event when it was not held already. */
  press(key: HostKey, now: number, out: InputEvent[]): void {
    const deadline = this.releaseAt.get(key);
    const held = deadline !== undefined;
    this.releaseAt.set(key, held ? Math.max(deadline, now + REPEAT_HOLD_MS) : now + FIRST_HOLD_MS);
    if (!held) out.push({ type: "key", key, down: true });
  }

  /** Key-up events for keys whose hold has run out by `now`. */
  expire(now: number, out: InputEvent[]): void {
    for (const [key, deadline] of this.releaseAt) {
      if (deadline <= now) {
        this.releaseAt.delete(key);
        out.push({ type: "key", key, down: false });
      }
    }
  }

  /** Release every held key (on close). */
  releaseAll(out: InputEvent[]): void {
    for (const key of this.releaseAt.keys()) out.push({ type: "key", key, down: false });
    this.releaseAt.clear();
  }

  get heldCount(): number {
    return this.releaseAt.size;
  }
}
