/**
 * End to end: the bundled Snake (roms/chip8/snake.ch8) on the real CHIP-8
 * machine, in the real play loop, in a real SDL window on a private Xvfb,
 * with SDL's disk audio driver writing what the device plays to a file.
 *
 * Keys go in through the X server (XSendEvent to the window, so SDL's own
 * X11 keyboard translation runs); pictures come back twice: from the
 * renderer (SDL_RenderReadPixels) and from the X server (XGetImage on the
 * screen, which is exactly the window's size). The script,
 * as snake.8o says the game goes: title screen and FX0A wait -> V (hex key
 * F) pressed and released starts a game -> the snake crawls right along
 * row 6 -> Up (hex key 5) turns it up -> it leaves the field at the top and
 * dies (ST = 20: a 20-frame beep) -> after DT = 60 frames the title again,
 * identical to the first (score 0, best 0) -> Escape quits.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import koffi from "koffi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { profileSettings } from "../../cpu/chip8/quirks.js";
import { HaltReason } from "../../cpu/chip8/state.js";

import { playLoop } from "../../src/frontend/loop.js";
import { openFrontend } from "../../src/frontend/open.js";
import { SDL_LIBRARY_NAME } from "../../src/frontend/sdl/bindings.js";
import type { SdlFrontend } from "../../src/frontend/sdl/frontend.js";
import type { VideoFrame } from "../../src/frontend/types.js";
import { Chip8Machine, type Chip8Snapshot } from "../../src/machines/chip8/machine.js";
import { startXvfb, type XServer } from "../src/frontend/xvfb.js";
import { missingTools, requireTools, SDL_ON_XVFB, type Tool } from "../tools.js";
import { copyFrame, ObservedFrontend, pictureDifference, RealPacedVirtualClock, scaleFrame } from "./harness.js";
import { XKeyboard } from "./x-keyboard.js";
import { readXScreen } from "./x-screen.js";

/** SDL on a private X server, and libX11 to type keys and read the screen through that server. */
const TOOLS: readonly Tool[] = [...SDL_ON_XVFB, "libX11.so.6"];

const SNAKE = fileURLToPath(new URL("../../roms/chip8/snake.ch8", import.meta.url));
/** The machine's frame is the 128x64 hires grid; a lores pixel is 2x2 of it. */
const SCALE = 5;
const WINDOW_WIDTH = 128 * SCALE;
const WINDOW_HEIGHT = 64 * SCALE;
/** Window pixels per CHIP-8 (lores) pixel. */
const LORES = 2 * SCALE;
const AUDIO_RATE = 48_000;
const SAMPLES_PER_FRAME = AUDIO_RATE / 60;
/** Frames from starting a game to steering: new_game has drawn everything and the snake is crawling. */
const STEER_AFTER = 20;

interface Shot {
  readonly frame: number;
  readonly state: Chip8Snapshot;
  /** The machine's own picture scaled as the window should show it. */
  readonly expected: VideoFrame;
  readonly renderer: VideoFrame;
  readonly screen: VideoFrame;
}

/** The XO-CHIP buzzer (src/machines/chip8/audio.ts) for the default pattern 0xF0.. at pitch 64: 4000 bits/s, ±6000. */
function expectedBeep(count: number): Int16Array {
  const out = new Int16Array(count);
  for (let k = 0; k < count; k++) out[k] = (Math.floor((k * 4000) / AUDIO_RATE) & 7) < 4 ? 6000 : -6000;
  return out;
}

describe("Snake in an SDL window under Xvfb", () => {
  let server: XServer;
  let dir: string;

  // Without the tools the test fails (CI) or is skipped, and there is nothing to set up.
  beforeEach((ctx) => requireTools(ctx, ...TOOLS));
  beforeAll(async () => {
    if (missingTools(...TOOLS).length > 0) return;
    server = await startXvfb(WINDOW_WIDTH, WINDOW_HEIGHT);
    dir = mkdtempSync(join(tmpdir(), "ejemu-e2e-"));
    process.env.DISPLAY = server.display;
    delete process.env.WAYLAND_DISPLAY;
    delete process.env.SDL_VIDEODRIVER;
    process.env.SDL_AUDIODRIVER = "disk";
    process.env.SDL_DISKAUDIOFILE = join(dir, "audio.raw");
    // The disk driver announces itself with SDL_LogCritical on the audio category:
    // raise that category's threshold past CRITICAL (SDL_log.h: AUDIO = 4, SDL_NUM_LOG_PRIORITIES = 7).
    koffi.load(SDL_LIBRARY_NAME).func("void SDL_LogSetPriority(int category, int priority)")(4, 7);
  });

  afterAll(() => {
    server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the title, starts on a key, steers, dies with a beep and returns to the title", async () => {
    const settings = profileSettings("chip8"); // what the .ch8 extension picks for the bundled game
    const machine = new Chip8Machine(readFileSync(SNAKE), { settings, title: "ejemu e2e" });
    const sdl = await openFrontend("sdl", { title: machine.title, width: 128, height: 64, scale: SCALE }) as SdlFrontend;
    expect(sdl.kind).toBe("sdl");
    expect(sdl.audioRate).toBe(AUDIO_RATE);

    const shoot = (): Shot => ({
      frame: machine.frame,
      state: machine.snapshot(),
      expected: scaleFrame(copyFrame(machine.video()), SCALE),
      renderer: sdl.readPixels(),
      screen: readXScreen(server.display, WINDOW_WIDTH, WINDOW_HEIGHT),
    });
    const shots: Record<string, Shot> = {};
    let phase: "title" | "release" | "game" | "steering" | "dying" | "done" = "title";
    let releasedAt = -1;
    let beepFrames = 0;
    /** Keypad F and the halt state the frame after V went down, then keypad 5 the frame after Up. */
    const keysOneFrameAfterPress: number[] = [];
    let previous = new Uint32Array(0);
    let changed = false;
    /** Lores pixel (x, y) of the machine's own framebuffer (2x2 hires pixels each). */
    const litInMachine = (x: number, y: number) => machine.state.framebuffer[2 * y * 128 + 2 * x] !== 0;
    const afterPresent = () => {
      if (machine.soundPlaying) beepFrames++;
      const pixels = machine.video().pixels;
      changed = pixels.some((colour, p) => colour !== previous[p]);
      previous = pixels.slice();
      const state = machine.state;
      switch (phase) {
        case "title": // FX0A: the title is complete
          if (state.halt !== HaltReason.KeyWait) break;
          shots.title = shoot();
          keyboard.key("v", true);
          phase = "release";
          break;
        case "release": // FX0A ends on the release
          keysOneFrameAfterPress.push(state.keys[0xf]!, state.halt);
          keyboard.key("v", false);
          releasedAt = machine.frame;
          phase = "game";
          break;
        case "game": // a frame that just drew the head one cell further (so the X screen cannot lag a frame)
          if (machine.frame < releasedAt + STEER_AFTER || !changed || !litInMachine(2 * state.v[3]!, 2 * state.v[4]! + 8)) break;
          shots.game = shoot();
          keyboard.key("up", true);
          phase = "steering";
          break;
        case "steering": // dead: sets ST = 20
          if (keysOneFrameAfterPress.length === 2) keysOneFrameAfterPress.push(state.keys[0x5]!);
          if (state.st === 0) break;
          shots.death = shoot();
          phase = "dying";
          break;
        case "dying":
          if (state.halt !== HaltReason.KeyWait) break;
          shots.again = shoot();
          keyboard.key("escape", true);
          phase = "done";
          break;
      }
    };

    const keyboard = new XKeyboard(server.display, WINDOW_WIDTH, WINDOW_HEIGHT);
    const started = performance.now();
    try {
      await playLoop(machine, new ObservedFrontend(sdl, afterPresent), { clock: new RealPacedVirtualClock(), maxFrames: 400 });
    } finally {
      keyboard.close();
    }
    const elapsed = performance.now() - started;
    expect(phase).toBe("done");
    // Each X key event reached the machine (Octo layout: V = F, Up = 5) before the very next frame.
    expect(keysOneFrameAfterPress).toEqual([1, HaltReason.KeyWait, 1]);
    expect(() => sdl.readPixels()).toThrow("the SDL frontend is closed");

    // Both read-backs are the machine's picture, scaled 5x, pixel for pixel.
    const on = settings.palette[1];
    const off = settings.palette[0];
    expect(on).not.toBe(off);
    for (const [name, shot] of Object.entries(shots)) {
      expect(`${name} renderer: ${pictureDifference(shot.renderer, shot.expected)}`).toBe(`${name} renderer: `);
      expect(`${name} X screen: ${pictureDifference(shot.screen, shot.expected)}`).toBe(`${name} X screen: `);
    }
    /** The colour the window (both read-backs agree, see above) shows at the centre of lores pixel (x, y). */
    const at = (shot: Shot, x: number, y: number) => shot.screen.pixels[(y * LORES + 5) * WINDOW_WIDTH + x * LORES + 5]! >>> 0;
    const row = (shot: Shot, y: number, x0: number, x1: number) => {
      let bits = "";
      for (let x = x0; x <= x1; x++) bits += at(shot, x, y) === on ? "#" : at(shot, x, y) === off ? "." : "?";
      return bits;
    };

    // Title (snake.8o `title`): big S at (7, 3), rows 0x3f 0x3f 0xc0 0xc0 0x3c; N at (17, 3), 0xc3 0xc3 0xf3.
    const title = shots.title!;
    expect(row(title, 3, 7, 14)).toBe("..######");
    expect(row(title, 4, 7, 14)).toBe("..######");
    expect(row(title, 5, 7, 14)).toBe("##......");
    expect(row(title, 7, 7, 14)).toBe("..####..");
    expect(row(title, 5, 17, 24)).toBe("####..##");
    expect(row(title, 3, 47, 54)).toBe("########"); // E: 0xff
    // The last score "000" at (25, 17) in the VIP font (0 = F0 90 90 90 F0), digits 5 apart.
    expect(row(title, 17, 25, 39)).toBe("####.####.####.");
    expect(row(title, 18, 25, 39)).toBe("#..#.#..#.#..#.");
    expect(row(title, 6, 0, 63)).not.toBe("#".repeat(64));

    // Game (snake.8o `new_game`): title gone, the separator line across row 6,
    // the score at (1, 0), the snake heading right along cell row 6, the food.
    const game = shots.game!;
    const [gx, gy] = [game.state.v[3]!, game.state.v[4]!];
    expect([gy, game.state.v[5], game.state.v[6]]).toEqual([6, 1, 0]);
    expect(gx).toBeGreaterThan(8);
    expect(row(game, 6, 0, 63)).toBe("#".repeat(64));
    expect(row(game, 3, 47, 54)).toBe("........"); // the title's E (0xff at (47, 3)) is gone
    expect(row(game, 0, 1, 15)).toBe("####.####.####.");
    // Cell (cx, cy) is the 2x2 block at (2cx, 2cy + 8). The snake starts on
    // cell (8, 6) and grows to 3 cells in its first two steps.
    const cell = (shot: Shot, cx: number, cy: number) => row(shot, 2 * cy + 8, 2 * cx, 2 * cx + 1) + row(shot, 2 * cy + 9, 2 * cx, 2 * cx + 1);
    const tail = Math.max(8, gx - 2);
    const rowOfSnake: string[] = [];
    const expectedRow: string[] = [];
    for (let cx = 7; cx <= gx + 1; cx++) {
      rowOfSnake.push(cell(game, cx, 6));
      expectedRow.push(cx >= tail && cx <= gx ? "####" : "....");
    }
    expect(rowOfSnake).toEqual(expectedRow);
    expect(cell(game, game.state.v[9]!, game.state.v[10]!)).toBe(".##."); // food: 0x40 0x80

    // Death: after Up the snake turned at column gx and left the field at the top (y = -1).
    const death = shots.death!;
    expect([death.state.v[3], death.state.v[4], death.state.st]).toEqual([gx, 255, 19]);
    expect([cell(death, gx, 0), cell(death, gx, 1), cell(death, gx, 2), cell(death, gx, 3), cell(death, gx - 1, 6)])
      .toEqual(["####", "####", "####", "....", "...."]);

    // Back on the title after DT = 60 frames: the same picture as the first one.
    const again = shots.again!;
    expect(again.frame - death.frame).toBeGreaterThanOrEqual(60);
    expect(pictureDifference(again.screen, title.screen)).toBe("");

    // The beep: ST = 20 frames of sound, every sample of which the disk driver wrote, in order.
    expect(beepFrames).toBe(20);
    const raw = readFileSync(process.env.SDL_DISKAUDIOFILE!);
    const written = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength >> 1);
    const sound = written.filter((sample) => sample !== 0);
    expect(sound.length).toBe(20 * SAMPLES_PER_FRAME);
    expect(Buffer.from(sound.buffer).equals(Buffer.from(expectedBeep(sound.length).buffer))).toBe(true);

    // Real time: about one 60 Hz frame per frame run.
    expect(elapsed).toBeGreaterThanOrEqual(((again.frame + 1) * 1000) / 60 - 20);
  });
});
