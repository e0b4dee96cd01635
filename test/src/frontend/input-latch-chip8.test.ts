/**
 * The input latch with the real CHIP-8 machine under both engines: a key
 * tapped (pressed and released in one poll) between two frames is down
 * for exactly one frame of the guest, as if it had been held for that
 * frame; without the latch the guest would never see it.
 */
import { describe, expect, it } from "vitest";
import { profileSettings } from "../../../cpu/chip8/quirks.js";
import type { EngineName } from "../../../cpu/engine.js";
import { VirtualClock } from "../../../src/frontend/clock.js";
import { HeadlessFrontend } from "../../../src/frontend/headless.js";
import { playLoop } from "../../../src/frontend/loop.js";
import { createChip8Machine } from "../../../src/machines/chip8/create.js";

// ld v1, 5 ; loop: sknp v1 ; add v0, 1 ; jp loop  -- v0 counts loop turns made while key 5 is down
const ROM = Uint8Array.from([0x61, 0x05, 0xe1, 0xa1, 0x70, 0x01, 0x12, 0x02]);
const settings = { ...profileSettings("chip8"), tickrate: 30 };

async function tapped(engine: EngineName): Promise<number> {
  const machine = await createChip8Machine(ROM, { settings, engine });
  try {
    const clock = new VirtualClock();
    // W is keypad 5; both events come in one poll, 40 ms in (between frames 2 and 3)
    const frontend = new HeadlessFrontend({
      clock,
      script: [{ atTime: 40, event: { type: "key", key: "w", down: true } }, { atTime: 40, event: { type: "key", key: "w", down: false } }],
    });
    await playLoop(machine, frontend, { clock, maxFrames: 6, onScreenshot: () => {} });
    return machine.state.v[0]!;
  } finally {
    machine.dispose();
  }
}

/** The same program with key 5 held for exactly frame 3 (of 6), driven by hand. */
async function heldForOneFrame(engine: EngineName): Promise<number> {
  const machine = await createChip8Machine(ROM, { settings, engine });
  try {
    machine.runFrames(3);
    machine.pressKey(5);
    machine.runFrames(1);
    machine.releaseKey(5);
    machine.runFrames(2);
    return machine.state.v[0]!;
  } finally {
    machine.dispose();
  }
}

describe("a tap between two frames reaches a CHIP-8 game", () => {
  it.each(["interp", "jit"] as const)("under %s: seen for exactly one frame", async (engine) => {
    const once = await heldForOneFrame(engine);
    // 30 instructions of a 3-instruction loop while the key is down: 10 turns
    expect(once).toBe(10);
    expect(await tapped(engine)).toBe(once);
  });
});
