import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { VirtualClock } from "../../../src/frontend/clock.js";
import { HeadlessFrontend, type ScriptedInput } from "../../../src/frontend/headless.js";
import { PAUSED_POLL_MS, playLoop } from "../../../src/frontend/loop.js";
import { TerminalFrontend } from "../../../src/frontend/terminal/frontend.js";
import { FramePacer } from "../../../src/frontend/pacer.js";
import type { InputEvent } from "../../../src/frontend/types.js";
import { FakeMachine, StatefulFakeMachine } from "./fake-machine.js";

const key = (k: string, down = true): InputEvent => ({ type: "key", key: k, down });
const tap = (k: string, atTime: number): ScriptedInput[] => [
  { atTime, event: key(k, true) },
  { atTime, event: key(k, false) },
];
const quitAt = (atTime: number): ScriptedInput => ({ atTime, event: { type: "quit" } });

async function play(script: ScriptedInput[], options: { audioRate?: number; frameRate?: number; maxFrames?: number } = {}) {
  const clock = new VirtualClock();
  const machine = new FakeMachine(options.frameRate ?? 60);
  const frontend = new HeadlessFrontend({ script, clock, audioRate: options.audioRate });
  await playLoop(machine, frontend, { clock, maxFrames: options.maxFrames, onScreenshot: () => {} });
  return { clock, machine, frontend };
}

const tmp = mkdtempSync(join(tmpdir(), "ejemu-loop-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("pacing", () => {
  it("runs exactly 60 frames in one virtual second at 60 Hz and presents each", async () => {
    // Frame k is due at k * 1000/60 ms; the quit at 1000 ms comes before frame 60.
    const { machine, frontend } = await play([quitAt(1000)]);
    expect(machine.framesRun).toBe(60);
    expect(frontend.presentedFrames).toBe(60);
    expect(frontend.lastFrame?.pixels[0]).toBe(0xff000000 + 60);
    expect(frontend.closed).toBe(true);
    expect(frontend.title).toBe("fake");
  });

  it("runs 601 NES frames (60.0988 Hz) in 10 virtual seconds", async () => {
    // Due times k * 1000/60.0988 < 10000 for k = 0..600.
    const { machine } = await play([quitAt(10_000)], { frameRate: 60.0988 });
    expect(machine.framesRun).toBe(601);
  });

  it("stops after maxFrames and at that virtual time", async () => {
    const { machine, clock } = await play([], { maxFrames: 30 });
    expect(machine.framesRun).toBe(30);
    expect(clock.now()).toBeCloseTo((29 * 1000) / 60, 9);
  });

  it("catches up at most 4 frames after a stall, then restarts the schedule", async () => {
    const clock = new VirtualClock();
    const machine = new FakeMachine();
    // Frame 10 (due at 166.67 ms) stalls for 200 ms: 12 frames are due at 366.67 ms.
    machine.onFrame = (i) => {
      if (i === 10) clock.advance(200);
    };
    const frontend = new HeadlessFrontend({ clock, script: [quitAt(990)] });
    const runAt: number[] = [];
    const frameHook = machine.onFrame;
    machine.onFrame = (i) => {
      runAt.push(clock.now());
      frameHook(i);
    };
    await playLoop(machine, frontend, { clock });
    // 11 frames on schedule, 4 at once at 366.67, then 383.33 + k*16.67 < 990: k = 0..36.
    expect(machine.framesRun).toBe(11 + 4 + 37);
    expect(runAt.slice(11, 15).every((t) => Math.abs(t - 366.6666667) < 1e-6)).toBe(true);
    expect(runAt[15]).toBeCloseTo(383.3333333, 6);
  });

  it("the pacer restarts when more than maxCatchUp frames are due", () => {
    const pacer = new FramePacer(60, 3);
    pacer.restart(0);
    expect(pacer.takeDueFrames(0)).toBe(1);
    expect(pacer.takeDueFrames(50)).toBe(3); // frames 1..3 due at 16.7, 33.3, 50
    expect(pacer.resets).toBe(0);
    expect(pacer.takeDueFrames(1000)).toBe(3);
    expect(pacer.resets).toBe(1);
    expect(pacer.msUntilNext(1000)).toBeCloseTo(1000 / 60, 9);
  });
});

describe("hotkeys", () => {
  it("P pauses, N steps one frame while paused, P resumes on a fresh schedule", async () => {
    const { machine, frontend } = await play([...tap("p", 100), ...tap("n", 200), ...tap("p", 300), quitAt(500)]);
    // 6 frames (0..83.3 ms), 1 step, then 300 + k*16.67 < 500: 12 frames.
    expect(machine.framesRun).toBe(6 + 1 + 12);
    expect(machine.inputs).toEqual([]);
    expect(frontend.title).toBe("fake");
    expect(PAUSED_POLL_MS).toBe(10);
  });

  it("shows the pause and the speed in the title", async () => {
    const { frontend } = await play([...tap("equals", 0), ...tap("p", 50), quitAt(60)]);
    expect(frontend.title).toBe("fake [1.25x] [paused]");
    expect(frontend.status).toEqual({ title: "fake", paused: true, speed: 1.25, message: "", reason: "" });
  });

  it("equals speeds up to 2x (three steps) and minus slows down to 0.5x", async () => {
    const fast = await play([...tap("equals", 0), ...tap("equals", 0), ...tap("equals", 0), quitAt(500)]);
    // Frame 0 at 0 ms (speed 1), then 120 frames/s: 0 + k*8.33 < 500 for k = 1..59 more.
    expect(fast.machine.framesRun).toBe(60);
    const slow = await play([...tap("minus", 0), ...tap("minus", 0), quitAt(1000)]);
    // 30 frames/s: k*33.33 < 1000, k = 0..29.
    expect(slow.machine.framesRun).toBe(30);
  });

  it("speed is clamped to 0.25x..4x", async () => {
    const many = (k: string) => Array.from({ length: 12 }, () => tap(k, 0)).flat();
    const max = await play([...many("equals"), quitAt(250)]);
    expect(max.frontend.title).toBe("fake [4x]");
    expect(max.machine.framesRun).toBe(60); // 240 frames/s: k*4.1667 < 250, k = 0..59
    const min = await play([...many("minus"), quitAt(1000)]);
    expect(min.frontend.title).toBe("fake [0.25x]");
    expect(min.machine.framesRun).toBe(15);
  });

  it("Ctrl+R resets (R alone goes to the machine), F11 and Alt+Return toggle fullscreen, Escape quits", async () => {
    // far enough apart that the input latch (one change per control between frames) delivers each in turn
    const script: ScriptedInput[] = [
      ...tap("r", 5),
      { atTime: 30, event: key("ctrl") },
      ...tap("r", 30),
      { atTime: 30, event: key("ctrl", false) },
      { atTime: 60, event: key("ctrl") },
      { atTime: 60, event: key("r") },
      { atTime: 90, event: key("ctrl", false) },
      { atTime: 90, event: key("r", false) }, // Ctrl let go first: the release still belongs to the hotkey
      ...tap("f11", 120),
      { atTime: 150, event: key("alt") },
      ...tap("return", 150),
      { atTime: 180, event: key("alt", false) },
      ...tap("return", 210),
      ...tap("1", 240),
      { atTime: 270, event: { type: "pad", button: "a", down: true } },
      ...tap("escape", 300),
      quitAt(1000),
    ];
    const { machine, frontend } = await play(script);
    expect(machine.resets).toBe(2);
    expect(frontend.fullscreenToggles).toBe(2);
    expect(machine.framesRun).toBe(18); // escape at 300 ms comes before frame 18
    expect(machine.inputs).toEqual([
      key("r"), key("r", false),
      key("ctrl"), key("ctrl", false), key("ctrl"), key("ctrl", false),
      key("alt"),
      key("alt", false),
      key("return"),
      key("return", false),
      key("1"),
      key("1", false),
      { type: "pad", button: "a", down: true },
    ]);
  });

  it("Shift+F1..F9 save a slot, F1..F9 load it (written through a temporary file); a missing slot is one line", async () => {
    const dir = mkdtempSync(join(tmp, "states-"));
    const clock = new VirtualClock();
    const machine = new StatefulFakeMachine();
    const shift = (atTime: number, down: boolean): ScriptedInput => ({ atTime, event: key("shift", down) });
    // frame k runs at k * 16.67 ms: save 3 after frame 3 (at 55 ms), load it after frame 9 (at 155 ms), load 4 (never saved)
    const frontend = new HeadlessFrontend({ clock, script: [shift(55, true), ...tap("f3", 55), shift(55, false), ...tap("f3", 155), ...tap("f4", 160), quitAt(200)] });
    const lines: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      await playLoop(machine, frontend, { clock, statePath: (slot) => join(dir, `game.state${slot}`), onScreenshot: () => {} });
    } finally {
      write.mockRestore();
    }
    expect(readdirSync(dir)).toEqual(["game.state3"]);
    expect(Array.from(readFileSync(join(dir, "game.state3")))).toEqual([4]);
    expect(machine.loaded).toEqual([4]);
    expect(lines).toEqual([
      `saved state 3: ${join(dir, "game.state3")}\n`,
      `loaded state 3: ${join(dir, "game.state3")}\n`,
      `loading state 4 failed: ${join(dir, "game.state4")}: nothing saved there yet\n`,
    ]);
    // the frames after the load continue from frame 4's state: 12 frames ran, the counter says 4 + (12 - 10)
    expect([machine.framesRun, machine.counter]).toEqual([12, 6]);
  });

  it("Tab held fast-forwards at 4x and returns to the chosen speed", async () => {
    const clock = new VirtualClock();
    const machine = new FakeMachine();
    const frontend = new HeadlessFrontend({ clock, script: [{ atTime: 0, event: key("tab") }, { atTime: 500, event: key("tab", false) }, quitAt(1000)] });
    await playLoop(machine, frontend, { clock, speed: 0.5, onScreenshot: () => {} });
    // 0.5 s at 4x (240 frames/s) = 120 frames, then 0.5 s at 0.5x (30 frames/s) = 15
    expect(machine.framesRun).toBeGreaterThanOrEqual(134);
    expect(machine.framesRun).toBeLessThanOrEqual(136);
    expect(frontend.title).toBe("fake [0.5x]");
  });

  it("Backspace held rewinds through the saved seconds, twice as fast as they were played; then play goes on from there", async () => {
    const clock = new VirtualClock();
    const machine = new StatefulFakeMachine();
    // 1 s of play (60 frames: states after frames 10, 20, .. 60), then 0.25 s of rewind (15 frame times: 3 states back)
    const frontend = new HeadlessFrontend({ clock, script: [{ atTime: 1000, event: key("backspace") }, { atTime: 1250, event: key("backspace", false) }, quitAt(1500)] });
    await playLoop(machine, frontend, { clock, onScreenshot: () => {} });
    // each state stepped back to is shown: 60, 50, then 40
    expect(machine.loaded).toEqual([60, 50, 40]);
    expect(machine.framesRun).toBe(60 + 15);
    expect(machine.counter).toBe(40 + 15);
  });

  it("F12 writes ejemu-YYYYMMDD-HHMMSS.png with the current picture", async () => {
    const dir = mkdtempSync(join(tmp, "shots-"));
    const clock = new VirtualClock();
    const machine = new FakeMachine();
    const frontend = new HeadlessFrontend({ clock, script: [...tap("f12", 50), quitAt(60)] });
    const paths: string[] = [];
    await playLoop(machine, frontend, { clock, screenshotDir: dir, onScreenshot: (p) => paths.push(p) });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^ejemu-\d{8}-\d{6}\.png$/);
    expect(paths).toEqual([join(dir, files[0]!)]);
    expect(frontend.status.message).toBe(`screenshot: ${paths[0]}`);
    expect(Array.from(readFileSync(paths[0]!).subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
  });
});

describe("screenshot errors", () => {
  it("a failed screenshot is one line on stderr and the game goes on", async () => {
    const clock = new VirtualClock();
    const machine = new FakeMachine();
    const frontend = new HeadlessFrontend({ clock, script: [...tap("f12", 50), quitAt(100)] });
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await playLoop(machine, frontend, { clock, screenshotDir: join(tmp, "no", "such", "folder") });
    } finally {
      spy.mockRestore();
    }
    expect(machine.framesRun).toBe(6);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^screenshot failed: ENOENT: no such file or directory, open '.*ejemu-\d{8}-\d{6}\.png'\n$/);
    expect(`${frontend.status.message}\n`).toBe(lines[0]);
  });
});

describe("audio", () => {
  it("asks for exactly rate/frameRate samples per frame: 48000 over 60 frames at 48 kHz", async () => {
    const { machine, frontend } = await play([quitAt(1000)], { audioRate: 48_000 });
    expect(machine.audioLengths).toHaveLength(60);
    expect(new Set(machine.audioLengths)).toEqual(new Set([800]));
    expect(new Set(machine.audioRates)).toEqual(new Set([48_000]));
    // 75 ms of silence prefill (3600 samples) and then exactly the frames' sound.
    expect(frontend.audioQueuedTotal).toBe(3600 + 48_000);
    expect(frontend.audioUnderrunSamples).toBe(0);
  });

  it("carries the remainder: 44100 Hz at 60.0988 Hz gives 734 or 733 a frame, 441008 over 601 frames", async () => {
    const { machine } = await play([quitAt(10_000)], { audioRate: 44_100, frameRate: 60.0988 });
    expect(machine.audioLengths).toHaveLength(601);
    expect(new Set(machine.audioLengths)).toEqual(new Set([733, 734]));
    // floor(601 * 44100 / 60.0988) = floor(441008.8) samples in all.
    expect(machine.audioLengths.reduce((a, b) => a + b, 0)).toBe(441_008);
  });

  it("at 2x speed the machine renders at rate/2 so the queue stays level", async () => {
    const script = [...tap("equals", 0), ...tap("equals", 0), ...tap("equals", 0), quitAt(1000)];
    const { machine, frontend } = await play(script, { audioRate: 48_000 });
    expect(machine.framesRun).toBe(120);
    expect(machine.audioRates.slice(1)).toEqual(new Array(119).fill(24_000));
    expect(machine.audioLengths.slice(1)).toEqual(new Array(119).fill(400));
    expect(frontend.audioUnderrunSamples).toBe(0);
  });

  it("tops the queue up with silence after a stall instead of running dry", async () => {
    const clock = new VirtualClock();
    const machine = new FakeMachine();
    machine.onFrame = (i) => {
      if (i === 30) clock.advance(100); // longer than the 75 ms queued
    };
    const frontend = new HeadlessFrontend({ clock, audioRate: 48_000, script: [quitAt(1000)] });
    await playLoop(machine, frontend, { clock });
    // Frame 29 left 75 + 16.67 ms (4400 samples) queued at 483.3 ms; frame 30's sound
    // was queued at 600 ms, 116.7 ms later: the device ran dry for 25 ms (1200 samples).
    expect(frontend.audioUnderrunSamples).toBe(1200);
    // Refilled with 2800 samples of silence up to 75 ms with frame 30's sound; then 4
    // catch-up frames and 616.7 + k*16.67 < 1000 (k = 0..22): 31 + 4 + 23 frames.
    expect(machine.framesRun).toBe(58);
    expect(frontend.audioQueuedTotal).toBe(3600 + 2800 + 58 * 800);
    expect(frontend.audioUnderrunSamples).toBe(1200);
  });
});

describe("input latch in the play loop", () => {
  // Frame k runs at k * 16.67 ms; input scripted at 20 ms is polled at 33.3 ms, just before frame 2.

  it("a press and release polled together are seen during exactly one frame", async () => {
    const { machine } = await play([...tap("5", 20), quitAt(70)]);
    expect(machine.downPerFrame).toEqual(["", "", "key:5", "", ""]);
    expect(machine.inputs).toEqual([key("5"), key("5", false)]);
  });

  it("press-release-press-release in one poll: down one frame, up one frame, down one frame", async () => {
    const { machine } = await play([...tap("5", 20), ...tap("5", 20), quitAt(90)]);
    expect(machine.downPerFrame).toEqual(["", "", "key:5", "", "key:5", ""]);
    expect(machine.inputs).toEqual([key("5"), key("5", false), key("5"), key("5", false)]);
  });

  it("keeps the order of events: taps of a, b and pad a in one poll show one after the other", async () => {
    const pad = (down: boolean): InputEvent => ({ type: "pad", button: "a", down });
    const script: ScriptedInput[] = [
      ...tap("a", 20),
      ...tap("b", 20),
      { atTime: 20, event: pad(true) },
      { atTime: 20, event: pad(false) },
      quitAt(90),
    ];
    const { machine } = await play(script);
    expect(machine.downPerFrame).toEqual(["", "", "key:a", "key:b", "pad:a", ""]);
    expect(machine.inputs).toEqual([key("a"), key("a", false), key("b"), key("b", false), pad(true), pad(false)]);
  });

  it("a chord pressed and released in one poll is seen whole for one frame", async () => {
    const script: ScriptedInput[] = [
      { atTime: 20, event: key("a") },
      { atTime: 20, event: key("b") },
      { atTime: 20, event: key("a", false) },
      { atTime: 20, event: key("b", false) },
      quitAt(70),
    ];
    const { machine } = await play(script);
    expect(machine.downPerFrame).toEqual(["", "", "key:a key:b", "", ""]);
  });

  it("does not delay the release of a key pressed before the last frame", async () => {
    const script: ScriptedInput[] = [{ atTime: 20, event: key("5") }, { atTime: 60, event: key("5", false) }, quitAt(90)];
    const { machine } = await play(script);
    // Released at 60 ms, polled at 66.7 ms and delivered before frame 4.
    expect(machine.downPerFrame).toEqual(["", "", "key:5", "key:5", "", ""]);
  });

  it("a tap while paused is seen by the next stepped frame (N), and released after it", async () => {
    // P at 10 ms (polled at 16.7, before frame 1); then polls every 10 ms: 26.7, 36.7, 46.7, 56.7.
    const { machine } = await play([...tap("p", 10), ...tap("5", 20), ...tap("n", 30), ...tap("n", 40), quitAt(50)]);
    expect(machine.downPerFrame).toEqual(["", "key:5", ""]);
    expect(machine.inputs).toEqual([key("5"), key("5", false)]);
  });
});

describe("status line in the terminal", () => {
  /** The play loop on the terminal frontend (80x6 fake terminal); F12 during frame 3, Ctrl+C during frame 5. */
  async function playInTerminal(stderrIsTTY: boolean) {
    const dir = mkdtempSync(join(tmp, "term-shots-"));
    const clock = new VirtualClock();
    const machine = new FakeMachine();
    let written = "";
    const output = { columns: 80, rows: 6, write: (d: string) => ((written += d), true), on() {}, off() {} };
    const term = new TerminalFrontend({ title: "fake", output, now: () => clock.now(), handleSignals: false });
    machine.onFrame = (i) => {
      if (i === 3) term.type("\x1b[24~");
      if (i === 5) term.type("\x03");
    };
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const tty = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    Object.defineProperty(process.stderr, "isTTY", { value: stderrIsTTY, configurable: true });
    try {
      await playLoop(machine, term, { clock, screenshotDir: dir });
    } finally {
      spy.mockRestore();
      if (tty) Object.defineProperty(process.stderr, "isTTY", tty);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    // Every status line drawn, as [row, text]; and how often the screen was cleared.
    const statusDraws = [...written.matchAll(/\x1b\[(\d+);1H\x1b\[2K([^\x1b]*)/g)].map((m) => [Number(m[1]), m[2]]);
    const clears = written.split("\x1b[2J").length - 1;
    return { statusDraws, clears, stderr, path: join(dir, files[0]!), frames: machine.framesRun };
  }

  it("shows the screenshot's path under the picture and keeps it off a terminal's stderr", async () => {
    const { statusDraws, clears, stderr, path, frames } = await playInTerminal(true);
    expect(frames).toBe(6); // Ctrl+C typed during frame 5 is polled before frame 6
    expect(stderr).toEqual([]);
    // With the first picture: one status line under a 4x2 picture fitted to 5 rows (scale 5: 10 pixel
    // rows, 5 text rows), on row 6. After F12 (polled before frame 4) two lines: the picture gets 4 rows
    // (scale 4, 4 text rows), the screen is cleared once more, the status is on rows 5 and 6.
    expect(statusDraws).toEqual([[6, "fake | 1x | running"], [5, "fake | 1x | running"], [6, `screenshot: ${path}`]]);
    expect(clears).toBe(2);
  });

  it("prints the screenshot line on stderr when stderr is not the terminal", async () => {
    const { statusDraws, stderr, path } = await playInTerminal(false);
    expect(stderr).toEqual([`screenshot: ${path}\n`]);
    expect(statusDraws).toEqual([[6, "fake | 1x | running"], [5, "fake | 1x | running"], [6, `screenshot: ${path}`]]);
  });
});
