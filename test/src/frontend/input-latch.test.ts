import { describe, expect, it } from "vitest";
import { InputLatch } from "../../../src/frontend/input-latch.js";
import type { InputEvent } from "../../../src/frontend/types.js";

const key = (k: string, down = true): InputEvent => ({ type: "key", key: k, down });
const pad = (down: boolean): InputEvent => ({ type: "pad", button: "start", down });

describe("InputLatch", () => {
  it("holds a release polled in the same gap as its press until a frame has run", () => {
    const seen: InputEvent[] = [];
    const latch = new InputLatch((ev) => seen.push(ev));
    latch.offer(key("x"));
    latch.offer(key("x", false));
    expect(seen).toEqual([key("x")]);
    expect(latch.heldCount).toBe(1);
    latch.frameRan();
    expect(seen).toEqual([key("x"), key("x", false)]);
    expect(latch.heldCount).toBe(0);
  });

  it("lets one change per control through per gap, and queues later events of any control behind a held one", () => {
    const seen: InputEvent[] = [];
    const latch = new InputLatch((ev) => seen.push(ev));
    latch.offer(key("x"));
    latch.offer(key("x", false)); // held
    latch.offer(pad(true)); // behind the held release, although the pad has not changed
    latch.offer(key("x"));
    latch.offer(key("x", false));
    expect(seen).toEqual([key("x")]);
    latch.frameRan();
    // x up (its one change), the pad down; the second x press waits again, and its release behind it.
    expect(seen).toEqual([key("x"), key("x", false), pad(true)]);
    expect(latch.heldCount).toBe(2);
    latch.frameRan();
    expect(seen).toEqual([key("x"), key("x", false), pad(true), key("x")]);
    latch.frameRan();
    expect(seen).toEqual([key("x"), key("x", false), pad(true), key("x"), key("x", false)]);
    expect(latch.heldCount).toBe(0);
  });

  it("passes events that change nothing (a release of a key that is up) and keys of different names separately", () => {
    const seen: InputEvent[] = [];
    const latch = new InputLatch((ev) => seen.push(ev));
    latch.offer(key("x", false));
    latch.offer(key("x"));
    latch.offer(key("y"));
    latch.offer(key("x")); // already down: no change, passes
    expect(seen).toEqual([key("x", false), key("x"), key("y"), key("x")]);
    expect(latch.heldCount).toBe(0);
    latch.frameRan();
    latch.offer(key("x", false));
    latch.offer(key("y", false));
    expect(seen.slice(4)).toEqual([key("x", false), key("y", false)]);
  });

  it("never holds a quit, even behind held events", () => {
    const seen: InputEvent[] = [];
    const latch = new InputLatch((ev) => seen.push(ev));
    latch.offer(key("x"));
    latch.offer(key("x", false));
    latch.offer({ type: "quit" });
    expect(seen).toEqual([key("x"), { type: "quit" }]);
    expect(latch.heldCount).toBe(1);
  });
});
