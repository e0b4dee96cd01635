/**
 * The SDL2 frontend: a resizable window whose picture is scaled by whole
 * numbers and letterboxed (SDL_RenderSetLogicalSize + SDL_RenderSetIntegerScale
 * follow window resizes by themselves), desktop fullscreen, keyboard and
 * game controllers (hot-plugged), and queued signed 16-bit mono audio.
 * The renderer is created without vsync: the play loop paces frames.
 */
import { withStderrDiscarded } from "../quiet-stderr.js";
import type { Frontend, InputEvent, PadButton, VideoFrame } from "../types.js";
import {
  AUDIO_S16LSB, loadSdl, SDL_AUDIOSPEC_SIZE, SDL_BLENDMODE_NONE, SDL_EVENT_SIZE, SDL_INIT_AUDIO,
  SDL_INIT_GAMECONTROLLER, SDL_INIT_VIDEO, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
  SDL_WINDOW_ALLOW_HIGHDPI, SDL_WINDOW_FULLSCREEN_DESKTOP, SDL_WINDOW_RESIZABLE, SDL_WINDOWPOS_CENTERED,
  type SdlLibrary,
} from "./bindings.js";
import {
  CONTROLLER_BUTTON_OFFSET, CONTROLLER_WHICH_OFFSET, encodeControllerButtonEvent, encodeKeyEvent,
  KEY_REPEAT_OFFSET, KEY_SYM_OFFSET, SDL_CONTROLLER_BUTTONS, SDL_CONTROLLERBUTTONDOWN,
  SDL_CONTROLLERBUTTONUP, SDL_CONTROLLERDEVICEADDED, SDL_CONTROLLERDEVICEREMOVED, SDL_KEYCODE_TO_HOST,
  SDL_KEYDOWN, SDL_KEYUP, SDL_QUIT, SDL_WINDOWEVENT, SDL_WINDOWEVENT_CLOSE, SDL_WINDOWEVENT_EXPOSED,
  SDL_WINDOWEVENT_SIZE_CHANGED, WINDOW_EVENT_ID_OFFSET,
} from "./events.js";

export interface SdlFrontendOptions {
  readonly title: string;
  /** Guest picture size used for the first window size (default 256x240). */
  readonly width?: number;
  readonly height?: number;
  /** Initial window scale; default: the largest whole number fitting 960x720. */
  readonly scale?: number;
  /** Requested audio rate (44100 or 48000; default 48000). */
  readonly audioRate?: number;
  /** Print a one-line notice (no audio, ...); default stderr. */
  readonly notice?: (line: string) => void;
}

/** SDL could be loaded but not started (no display, no video driver). */
export class SdlInitError extends Error {}

/** SDL video drivers that show nothing (SDL_VIDEODRIVER can still ask for them). */
const HEADLESS_VIDEO_DRIVERS: ReadonlySet<string> = new Set(["offscreen", "dummy"]);

/** Audio device buffer in samples: ~10 ms at 48 kHz; the loop keeps ~75 ms queued. */
const AUDIO_DEVICE_SAMPLES = 512;

export function defaultScale(width: number, height: number): number {
  return Math.max(1, Math.min(Math.floor(960 / width), Math.floor(720 / height)));
}

export class SdlFrontend implements Frontend {
  readonly kind = "sdl" as const;
  readonly audioRate: number;
  private readonly sdl: SdlLibrary;
  private readonly window: unknown;
  private readonly renderer: unknown;
  private texture: unknown = null;
  private textureWidth = 0;
  private textureHeight = 0;
  private hasPicture = false;
  private readonly audioDevice: number;
  private readonly controllers = new Map<number, unknown>();
  private readonly eventBuffer = new Uint8Array(SDL_EVENT_SIZE);
  private readonly eventView = new DataView(this.eventBuffer.buffer);
  private closed = false;
  /** How many times the window changed size (SDL_WINDOWEVENT_SIZE_CHANGED seen by poll). */
  windowSizeChanges = 0;

  constructor(options: SdlFrontendOptions) {
    const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.sdl = loadSdl();
    const sdl = this.sdl;
    sdl.SDL_SetHint("SDL_RENDER_SCALE_QUALITY", "nearest");
    sdl.SDL_SetHint("SDL_RENDER_VSYNC", "0");
    if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !process.env.SDL_VIDEODRIVER) {
      // Nothing to connect to; asking SDL anyway makes libwayland print to stderr.
      // (SDL_VIDEODRIVER=kmsdrm still reaches a bare console.)
      throw new SdlInitError("no display found (DISPLAY=unset)");
    }
    if (process.platform === "linux" && process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !process.env.SDL_VIDEODRIVER) {
      // X11 only: when the X server does not answer, SDL would try Wayland next and
      // libwayland would print its own complaint (SDL_HINT_VIDEODRIVER, SDL >= 2.0.22).
      sdl.SDL_SetHint("SDL_VIDEODRIVER", "x11");
    }
    if (sdl.SDL_Init(SDL_INIT_VIDEO) !== 0) {
      throw new SdlInitError(`no display found (DISPLAY=${process.env.DISPLAY ?? "unset"}): ${sdl.SDL_GetError()}`);
    }
    const driver = sdl.SDL_GetCurrentVideoDriver() ?? "";
    if (HEADLESS_VIDEO_DRIVERS.has(driver) && process.env.SDL_VIDEODRIVER !== driver) {
      // SDL falls back to its offscreen driver when no display answers; a window
      // nobody can see is no use, unless the user asked for it by name.
      sdl.SDL_Quit();
      throw new SdlInitError(`no display found (DISPLAY=${process.env.DISPLAY ?? "unset"})`);
    }
    const width = options.width ?? 256;
    const height = options.height ?? 240;
    const scale = options.scale ?? defaultScale(width, height);
    this.window = sdl.SDL_CreateWindow(options.title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
      width * scale, height * scale, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!this.window) throw this.initFailure("window");
    this.renderer = sdl.SDL_CreateRenderer(this.window, -1, 0);
    if (!this.renderer) {
      sdl.SDL_DestroyWindow(this.window);
      throw this.initFailure("renderer");
    }
    try {
      this.resizeTexture(width, height);
    } catch (error) {
      sdl.SDL_DestroyRenderer(this.renderer);
      sdl.SDL_DestroyWindow(this.window);
      sdl.SDL_Quit();
      throw error;
    }
    if (sdl.SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER) !== 0) {
      notice(`no game controllers: ${sdl.SDL_GetError()}`);
    }
    const audio = this.openAudio(options.audioRate ?? 48_000, notice);
    this.audioDevice = audio.device;
    this.audioRate = audio.rate;
  }

  private initFailure(what: string): SdlInitError {
    const error = new SdlInitError(`SDL ${what}: ${this.sdl.SDL_GetError()}`);
    this.sdl.SDL_Quit();
    return error;
  }

  /**
   * Open the default device in queue mode (no callback): S16 mono. Device 0
   * and rate 0 on failure, with one notice line. The sound libraries SDL
   * loads here (libasound, libpulse, ...) print their own complaints on
   * stderr (eight ALSA lines without a sound card): those are discarded, and
   * SDL's error is the notice. Without a device the audio subsystem is shut
   * down again at once, so nothing of it runs (or prints) while playing.
   */
  private openAudio(rate: number, notice: (line: string) => void): { device: number; rate: number } {
    const sdl = this.sdl;
    const opened = withStderrDiscarded(() => {
      if (sdl.SDL_InitSubSystem(SDL_INIT_AUDIO) !== 0) return { device: 0, rate: 0, error: sdl.SDL_GetError() };
      const desired = new Uint8Array(SDL_AUDIOSPEC_SIZE);
      const spec = new DataView(desired.buffer);
      spec.setInt32(0, rate, true); // freq
      spec.setUint16(4, AUDIO_S16LSB, true); // format
      desired[6] = 1; // channels
      spec.setUint16(8, AUDIO_DEVICE_SAMPLES, true); // samples; callback and userdata stay NULL
      const obtained = new Uint8Array(SDL_AUDIOSPEC_SIZE);
      // allowed_changes 0: SDL converts to whatever the hardware wants.
      const device = sdl.SDL_OpenAudioDevice(null, 0, desired, obtained, 0);
      if (device === 0) {
        const error = sdl.SDL_GetError();
        sdl.SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return { device: 0, rate: 0, error };
      }
      sdl.SDL_PauseAudioDevice(device, 0);
      return { device, rate: new DataView(obtained.buffer).getInt32(0, true), error: "" };
    });
    if (opened.device === 0) notice(`no audio: ${opened.error}`);
    return { device: opened.device, rate: opened.rate };
  }

  private resizeTexture(width: number, height: number): void {
    const sdl = this.sdl;
    if (this.texture) sdl.SDL_DestroyTexture(this.texture);
    this.texture = sdl.SDL_CreateTexture(this.renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, width, height);
    if (!this.texture) throw new SdlInitError(`SDL texture ${width}x${height}: ${sdl.SDL_GetError()}`);
    // Guest pixels are opaque colours whatever their alpha byte says.
    sdl.SDL_SetTextureBlendMode(this.texture, SDL_BLENDMODE_NONE);
    sdl.SDL_RenderSetLogicalSize(this.renderer, width, height);
    sdl.SDL_RenderSetIntegerScale(this.renderer, 1);
    this.textureWidth = width;
    this.textureHeight = height;
  }

  private draw(): void {
    const sdl = this.sdl;
    sdl.SDL_SetRenderDrawColor(this.renderer, 0, 0, 0, 255);
    sdl.SDL_RenderClear(this.renderer);
    if (this.hasPicture) sdl.SDL_RenderCopy(this.renderer, this.texture, null, null);
  }

  present(frame: VideoFrame): void {
    if (this.closed) return;
    // SDL_UpdateTexture reads width * height pixels from native code: never past the array.
    if (frame.pixels.length < frame.width * frame.height) {
      throw new Error(`frame of ${frame.width}x${frame.height} has only ${frame.pixels.length} pixels`);
    }
    if (frame.width !== this.textureWidth || frame.height !== this.textureHeight) {
      this.resizeTexture(frame.width, frame.height);
    }
    this.sdl.SDL_UpdateTexture(this.texture, null, frame.pixels, frame.width * 4);
    this.hasPicture = true;
    this.draw();
    this.sdl.SDL_RenderPresent(this.renderer);
  }

  /** The window's pixels as last drawn (0xAARRGGBB), at the renderer's output size. For tests. */
  readPixels(): VideoFrame {
    this.ensureOpen();
    const w = new Int32Array(1);
    const h = new Int32Array(1);
    this.sdl.SDL_GetRendererOutputSize(this.renderer, w, h);
    const width = w[0]!;
    const height = h[0]!;
    const pixels = new Uint32Array(width * height);
    this.draw();
    // Read the whole target: reset the logical size so the rectangle is in output pixels.
    this.sdl.SDL_RenderSetLogicalSize(this.renderer, 0, 0);
    const status = this.sdl.SDL_RenderReadPixels(this.renderer, null, SDL_PIXELFORMAT_ARGB8888, pixels, width * 4);
    this.sdl.SDL_RenderSetLogicalSize(this.renderer, this.textureWidth, this.textureHeight);
    if (status !== 0) throw new Error(`SDL_RenderReadPixels: ${this.sdl.SDL_GetError()}`);
    return { width, height, pixels };
  }

  poll(): InputEvent[] {
    const events: InputEvent[] = [];
    if (this.closed) return events;
    const buf = this.eventBuffer;
    const view = this.eventView;
    while (this.sdl.SDL_PollEvent(buf) !== 0) {
      const type = view.getUint32(0, true);
      switch (type) {
        case SDL_QUIT:
          events.push({ type: "quit" });
          break;
        case SDL_WINDOWEVENT: {
          const id = buf[WINDOW_EVENT_ID_OFFSET];
          if (id === SDL_WINDOWEVENT_CLOSE) events.push({ type: "quit" });
          else if (id === SDL_WINDOWEVENT_SIZE_CHANGED || id === SDL_WINDOWEVENT_EXPOSED) {
            if (id === SDL_WINDOWEVENT_SIZE_CHANGED) this.windowSizeChanges++;
            this.redraw();
          }
          break;
        }
        case SDL_KEYDOWN:
        case SDL_KEYUP: {
          if (buf[KEY_REPEAT_OFFSET] !== 0) break; // auto-repeat: the key is still held
          const key = SDL_KEYCODE_TO_HOST.get(view.getInt32(KEY_SYM_OFFSET, true));
          if (key !== undefined) events.push({ type: "key", key, down: type === SDL_KEYDOWN });
          break;
        }
        case SDL_CONTROLLERBUTTONDOWN:
        case SDL_CONTROLLERBUTTONUP: {
          const button = SDL_CONTROLLER_BUTTONS[buf[CONTROLLER_BUTTON_OFFSET]!];
          if (button) events.push({ type: "pad", button, down: type === SDL_CONTROLLERBUTTONDOWN });
          break;
        }
        case SDL_CONTROLLERDEVICEADDED:
          this.openController(view.getInt32(CONTROLLER_WHICH_OFFSET, true));
          break;
        case SDL_CONTROLLERDEVICEREMOVED:
          this.closeController(view.getInt32(CONTROLLER_WHICH_OFFSET, true));
          break;
      }
    }
    return events;
  }

  private redraw(): void {
    this.draw();
    this.sdl.SDL_RenderPresent(this.renderer);
  }

  private openController(deviceIndex: number): void {
    if (!this.sdl.SDL_IsGameController(deviceIndex)) return;
    const controller = this.sdl.SDL_GameControllerOpen(deviceIndex);
    if (!controller) return;
    const instance = this.sdl.SDL_JoystickInstanceID(this.sdl.SDL_GameControllerGetJoystick(controller));
    if (this.controllers.has(instance)) this.sdl.SDL_GameControllerClose(controller);
    else this.controllers.set(instance, controller);
  }

  private closeController(instanceId: number): void {
    const controller = this.controllers.get(instanceId);
    if (controller === undefined) return;
    this.sdl.SDL_GameControllerClose(controller);
    this.controllers.delete(instanceId);
  }

  /** Number of game controllers open now. */
  get controllerCount(): number {
    return this.controllers.size;
  }

  /** Put a key event into SDL's queue as if it came from the keyboard (tests). */
  injectKey(key: string, down: boolean): void {
    this.ensureOpen();
    encodeKeyEvent(this.eventBuffer, key, down);
    if (this.sdl.SDL_PushEvent(this.eventBuffer) < 0) throw new Error(`SDL_PushEvent: ${this.sdl.SDL_GetError()}`);
  }

  /** Put a controller button event into SDL's queue (tests). */
  injectPadButton(button: PadButton, down: boolean): void {
    this.ensureOpen();
    encodeControllerButtonEvent(this.eventBuffer, 0, button, down);
    if (this.sdl.SDL_PushEvent(this.eventBuffer) < 0) throw new Error(`SDL_PushEvent: ${this.sdl.SDL_GetError()}`);
  }

  queueAudio(samples: Int16Array): void {
    if (this.closed || this.audioDevice === 0 || samples.length === 0) return;
    this.sdl.SDL_QueueAudio(this.audioDevice, samples, samples.byteLength);
  }

  queuedAudioSamples(): number {
    if (this.closed || this.audioDevice === 0) return 0;
    return this.sdl.SDL_GetQueuedAudioSize(this.audioDevice) >>> 1;
  }

  /** Stop (true) or restart (false) audio playback; queued samples stay queued. */
  pauseAudio(paused: boolean): void {
    this.ensureOpen();
    if (this.audioDevice !== 0) this.sdl.SDL_PauseAudioDevice(this.audioDevice, paused ? 1 : 0);
  }

  setTitle(title: string): void {
    if (!this.closed) this.sdl.SDL_SetWindowTitle(this.window, title);
  }

  get fullscreen(): boolean {
    this.ensureOpen();
    const flags = this.sdl.SDL_GetWindowFlags(this.window);
    return (flags & SDL_WINDOW_FULLSCREEN_DESKTOP) === SDL_WINDOW_FULLSCREEN_DESKTOP;
  }

  toggleFullscreen(): void {
    if (this.closed) return;
    this.sdl.SDL_SetWindowFullscreen(this.window, this.fullscreen ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    this.redraw();
  }

  /** Resize the window (tests: the picture must follow with whole-number scaling). */
  setWindowSize(width: number, height: number): void {
    this.ensureOpen();
    this.sdl.SDL_SetWindowSize(this.window, width, height);
  }

  /** Native handles are freed on close: using them after that would be a use-after-free. */
  private ensureOpen(): void {
    if (this.closed) throw new Error("the SDL frontend is closed");
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const sdl = this.sdl;
    if (this.audioDevice !== 0) {
      // Stopping the sound libraries may make them complain too.
      withStderrDiscarded(() => {
        sdl.SDL_CloseAudioDevice(this.audioDevice);
        sdl.SDL_QuitSubSystem(SDL_INIT_AUDIO);
      });
    }
    for (const controller of this.controllers.values()) sdl.SDL_GameControllerClose(controller);
    this.controllers.clear();
    if (this.texture) sdl.SDL_DestroyTexture(this.texture);
    sdl.SDL_DestroyRenderer(this.renderer);
    sdl.SDL_DestroyWindow(this.window);
    sdl.SDL_Quit();
  }
}
