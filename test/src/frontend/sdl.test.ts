import koffi from "koffi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { playLoop } from "../../../src/frontend/loop.js";
import { openFrontend } from "../../../src/frontend/open.js";
import { loadSdl, SDL_EVENT_SIZE, SDL_LIBRARY_NAME } from "../../../src/frontend/sdl/bindings.js";
import { SdlFrontend } from "../../../src/frontend/sdl/frontend.js";
import type { InputEvent, VideoFrame } from "../../../src/frontend/types.js";
import { encodeKeyEvent } from "../../../src/frontend/sdl/events.js";
import { FakeMachine } from "./fake-machine.js";
import { missingTools, requireTools, SDL_ON_XVFB } from "../../tools.js";
import { startXvfb, type XServer } from "./xvfb.js";

const RED = 0xffff0000, GREEN = 0xff00ff00, BLUE = 0xff0000ff, WHITE = 0xffffffff;
const YELLOW = 0xffffff00, CYAN = 0xff00ffff, MAGENTA = 0xffff00ff, GREY = 0xff808080;
const BLACK = 0xff000000;
const PICTURE: VideoFrame = {
  width: 4,
  height: 2,
  pixels: Uint32Array.of(RED, GREEN, BLUE, WHITE, YELLOW, CYAN, MAGENTA, GREY),
};

function at(frame: VideoFrame, x: number, y: number): string {
  return (frame.pixels[y * frame.width + x]! >>> 0).toString(16);
}
const hex = (c: number) => (c >>> 0).toString(16);

async function pollUntil(sdl: SdlFrontend, done: (events: InputEvent[]) => boolean): Promise<InputEvent[]> {
  const events: InputEvent[] = [];
  for (let i = 0; i < 100 && !done(events); i++) {
    events.push(...sdl.poll());
    if (!done(events)) await new Promise((r) => setTimeout(r, 10));
  }
  return events;
}

describe("SDL frontend under Xvfb", () => {
  let server: XServer;
  let sdl: SdlFrontend;

  // Without SDL or Xvfb every test fails (CI) or is skipped, and there is nothing to set up.
  beforeEach((ctx) => requireTools(ctx, ...SDL_ON_XVFB));
  beforeAll(async () => {
    if (missingTools(...SDL_ON_XVFB).length > 0) return;
    server = await startXvfb();
    process.env.DISPLAY = server.display;
    process.env.SDL_AUDIODRIVER = "dummy";
    const frontend = await openFrontend("sdl", { title: "ejemu test", width: 4, height: 2, scale: 10 });
    expect(frontend.kind).toBe("sdl");
    sdl = frontend as SdlFrontend;
  });

  afterAll(() => {
    sdl?.close();
    server?.stop();
  });

  it("shows a frame scaled 10x: every block has its pixel's colour", () => {
    sdl.present(PICTURE);
    const shot = sdl.readPixels();
    expect([shot.width, shot.height]).toEqual([40, 20]);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 4; x++) {
        const colour = hex(PICTURE.pixels[y * 4 + x]!);
        for (const [dx, dy] of [[0, 0], [9, 0], [0, 9], [9, 9], [5, 4]] as const) {
          expect(at(shot, x * 10 + dx, y * 10 + dy)).toBe(colour);
        }
      }
    }
  });

  it("follows a window resize with whole-number scaling and black letterbox bars", async () => {
    // 95x50: scale min(95/4, 50/2) = 23 -> a 92x46 picture at (1, 2).
    const changes = sdl.windowSizeChanges;
    sdl.setWindowSize(95, 50);
    for (let i = 0; i < 200 && sdl.windowSizeChanges === changes; i++) {
      sdl.poll();
      await new Promise((r) => setTimeout(r, 10));
    }
    const shot = sdl.readPixels();
    expect([shot.width, shot.height]).toEqual([95, 50]);
    expect(at(shot, 0, 0)).toBe(hex(BLACK));
    expect(at(shot, 0, 25)).toBe(hex(BLACK));
    expect(at(shot, 1, 1)).toBe(hex(BLACK));
    expect(at(shot, 1, 2)).toBe(hex(RED));
    expect(at(shot, 23, 2)).toBe(hex(RED));
    expect(at(shot, 24, 2)).toBe(hex(GREEN));
    expect(at(shot, 92, 47)).toBe(hex(GREY));
    expect(at(shot, 93, 47)).toBe(hex(BLACK));
    expect(at(shot, 92, 48)).toBe(hex(BLACK));
    expect(at(shot, 69, 25)).toBe(hex(MAGENTA));
    expect(at(shot, 69, 24)).toBe(hex(BLUE));
    expect(at(shot, 70, 24)).toBe(hex(WHITE));
  });

  it("re-creates the texture when the guest picture changes size", () => {
    const big: VideoFrame = { width: 8, height: 4, pixels: new Uint32Array(32).fill(CYAN) };
    big.pixels[31] = RED;
    sdl.present(big);
    // Window still 95x50: scale min(95/8, 50/4) = 11 -> an 88x44 picture at (3, 3).
    const shot = sdl.readPixels();
    expect([shot.width, shot.height]).toEqual([95, 50]);
    expect(at(shot, 2, 3)).toBe(hex(BLACK));
    expect(at(shot, 3, 3)).toBe(hex(CYAN));
    expect(at(shot, 79, 46)).toBe(hex(CYAN));
    expect(at(shot, 80, 46)).toBe(hex(RED));
    expect(at(shot, 90, 46)).toBe(hex(RED));
    expect(at(shot, 91, 46)).toBe(hex(BLACK));
    expect(at(shot, 90, 47)).toBe(hex(BLACK));
  });

  it("turns SDL key events into HostKey events, skipping auto-repeat", async () => {
    sdl.poll();
    for (const key of ["a", "z", "0", "escape", "f12", "up", "return", "alt", "minus"]) {
      sdl.injectKey(key, true);
      const repeat = new Uint8Array(SDL_EVENT_SIZE);
      encodeKeyEvent(repeat, key, true);
      repeat[13] = 1; // SDL_KeyboardEvent.repeat
      loadSdl().SDL_PushEvent(repeat);
      sdl.injectKey(key, false);
    }
    const events = await pollUntil(sdl, (e) => e.length >= 18);
    const keys = events.filter((e) => e.type === "key");
    expect(keys.map((e) => (e.type === "key" ? `${e.key}${e.down ? "+" : "-"}` : ""))).toEqual([
      "a+", "a-", "z+", "z-", "0+", "0-", "escape+", "escape-", "f12+", "f12-", "up+", "up-",
      "return+", "return-", "alt+", "alt-", "minus+", "minus-",
    ]);
  });

  it("reports SDL_QUIT and the window's close button as quit", async () => {
    sdl.poll();
    const event = new Uint8Array(SDL_EVENT_SIZE);
    const view = new DataView(event.buffer);
    view.setUint32(0, 0x100, true); // SDL_QUIT
    expect(loadSdl().SDL_PushEvent(event)).toBe(1);
    event.fill(0);
    view.setUint32(0, 0x200, true); // SDL_WINDOWEVENT
    event[12] = 14; // SDL_WINDOWEVENT_CLOSE
    expect(loadSdl().SDL_PushEvent(event)).toBe(1);
    expect(await pollUntil(sdl, (e) => e.length >= 2)).toEqual([{ type: "quit" }, { type: "quit" }]);
  });

  it("turns controller button events into PadButton events", async () => {
    sdl.poll();
    sdl.injectPadButton("start", true);
    sdl.injectPadButton("dpleft", false);
    const events = await pollUntil(sdl, (e) => e.length >= 2);
    expect(events.filter((e) => e.type === "pad")).toEqual([
      { type: "pad", button: "start", down: true },
      { type: "pad", button: "dpleft", down: false },
    ]);
  });

  it("opens a hot-plugged controller and reports its buttons, then lets it go", async () => {
    // SDL's virtual joystick driver (SDL_joystick.h) stands in for a real pad.
    const lib = koffi.load(SDL_LIBRARY_NAME);
    const attach = lib.func("int SDL_JoystickAttachVirtual(int type, int naxes, int nbuttons, int nhats)");
    const detach = lib.func("int SDL_JoystickDetachVirtual(int device_index)");
    const open = lib.func("void *SDL_JoystickOpen(int device_index)");
    const close = lib.func("void SDL_JoystickClose(void *joystick)");
    const setButton = lib.func("int SDL_JoystickSetVirtualButton(void *joystick, int button, uint8_t value)");
    const SDL_JOYSTICK_TYPE_GAMECONTROLLER = 1;
    sdl.poll();
    const index = attach(SDL_JOYSTICK_TYPE_GAMECONTROLLER, 6, 15, 0);
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < 50 && sdl.controllerCount === 0; i++) {
      sdl.poll();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(sdl.controllerCount).toBe(1);
    const joystick = open(index);
    setButton(joystick, 6, 1); // SDL_CONTROLLER_BUTTON_START
    const events = await pollUntil(sdl, (e) => e.length >= 1);
    expect(events).toEqual([{ type: "pad", button: "start", down: true }]);
    setButton(joystick, 6, 0);
    expect(await pollUntil(sdl, (e) => e.length >= 1)).toEqual([{ type: "pad", button: "start", down: false }]);
    close(joystick);
    expect(detach(index)).toBe(0);
    for (let i = 0; i < 50 && sdl.controllerCount === 1; i++) {
      sdl.poll();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(sdl.controllerCount).toBe(0);
  });

  it("queues signed 16-bit mono audio and the device plays it", async () => {
    expect(sdl.audioRate).toBe(48_000);
    sdl.pauseAudio(true);
    const samples = new Int16Array(6000).fill(1000);
    sdl.queueAudio(samples.subarray(0, 4800));
    sdl.queueAudio(samples.subarray(1000, 1500));
    expect(sdl.queuedAudioSamples()).toBe(5300);
    sdl.pauseAudio(false);
    for (let i = 0; i < 100 && sdl.queuedAudioSamples() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sdl.queuedAudioSamples()).toBe(0);
  });

  it("toggles desktop fullscreen and back", async () => {
    expect(sdl.fullscreen).toBe(false);
    sdl.toggleFullscreen();
    expect(sdl.fullscreen).toBe(true);
    sdl.toggleFullscreen();
    expect(sdl.fullscreen).toBe(false);
  });

  it("plays in real time until Escape, queueing the frames' sound, then closes (last test)", async () => {
    const machine = new FakeMachine();
    machine.onFrame = (i) => {
      if (i === 5) sdl.injectKey("escape", true);
    };
    const started = performance.now();
    await playLoop(machine, sdl);
    const elapsed = performance.now() - started;
    // Escape is pushed during frame 5 and seen by the next poll, before frame 6.
    expect(machine.framesRun).toBe(6);
    expect(machine.audioLengths).toEqual([800, 800, 800, 800, 800, 800]);
    expect(machine.inputs).toEqual([]);
    // Frames 0..5 run at 0..83.3 ms: the loop paces, it does not run flat out.
    expect(elapsed).toBeGreaterThanOrEqual(83);
    expect(() => sdl.readPixels()).toThrow("the SDL frontend is closed");
    expect(sdl.poll()).toEqual([]);
  });
});
