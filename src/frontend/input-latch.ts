/**
 * The input latch: a key or button changes state at most once between two
 * guest frames, so a tap that starts and ends between two frames is still
 * seen by the guest for one frame.
 *
 * The play loop polls input before it runs the frames that are due. Without
 * the latch a press and its release polled together both reach the machine
 * before the next frame runs, and a game that reads its keys once a frame
 * never sees the tap. With the latch the press goes through at once and the
 * release is held back until a frame has run.
 *
 * Events keep their order: once one is held, the ones after it (any key)
 * wait behind it, and after each frame the queue is offered again from the
 * front under the same rule. So press-release-press of one key in one gap
 * shows as down for one frame, up for one frame, then down again; A tapped
 * then B tapped shows A for a frame and then B for a frame, never both.
 * An event that does not change what the machine was last told (a release
 * of a key that is up) is no change and passes (in order) without waiting.
 *
 * Machine-neutral: it sees only InputEvents. Quit events are never latched.
 */
import type { InputEvent } from "./types.js";

type ControlEvent = Exclude<InputEvent, { readonly type: "quit" }>;

/** One control: "key:<name>" or "pad:<button>". */
function controlOf(ev: ControlEvent): string {
  return ev.type === "key" ? `key:${ev.key}` : `pad:${ev.button}`;
}

export class InputLatch {
  /** Controls whose state changed since the last frame. */
  private readonly changed = new Set<string>();
  /** What the machine was last told, per control (absent: up). */
  private readonly down = new Set<string>();
  /** Events waiting for a frame, in arrival order. */
  private held: ControlEvent[] = [];

  constructor(private readonly deliver: (ev: InputEvent) => void) {}

  /** Events waiting for the next frame. */
  get heldCount(): number {
    return this.held.length;
  }

  /** An event from the frontend: delivered now, or held until a frame has run. */
  offer(ev: InputEvent): void {
    if (ev.type === "quit") this.deliver(ev);
    else if (this.held.length > 0) this.held.push(ev);
    else this.pass(ev);
  }

  /** Deliver `ev` unless it is a second change of its control in this gap; false when held. */
  private pass(ev: ControlEvent): boolean {
    const control = controlOf(ev);
    if (ev.down === this.down.has(control)) {
      this.deliver(ev);
      return true;
    }
    if (this.changed.has(control)) {
      this.held.push(ev);
      return false;
    }
    this.changed.add(control);
    if (ev.down) this.down.add(control);
    else this.down.delete(control);
    this.deliver(ev);
    return true;
  }

  /** A guest frame has run: start a new gap and deliver what waited, in order, as far as the rule allows. */
  frameRan(): void {
    this.changed.clear();
    if (this.held.length === 0) return;
    const waiting = this.held;
    this.held = [];
    for (let i = 0; i < waiting.length; i++) {
      if (!this.pass(waiting[i]!)) {
        // Held again: everything after it stays behind it.
        for (let j = i + 1; j < waiting.length; j++) this.held.push(waiting[j]!);
        return;
      }
    }
  }
}
