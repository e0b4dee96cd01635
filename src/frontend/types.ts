/**
 * The contract between machines and frontends. A frontend shows frames,
 * plays sound and reports input; it knows nothing about any guest. A machine
 * runs guest frames and knows nothing about windows or terminals.
 */

/** A picture: width x height pixels, row-major, each 0xAARRGGBB. */
export interface VideoFrame {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint32Array;
}

/**
 * Host key names: "a".."z", "0".."9", "f1".."f12", "escape", "space",
 * "return", "tab", "backspace", "up", "down", "left", "right", "minus",
 * "equals", "pause", "period", "comma", "slash".
 */
export type HostKey = string;

/** Game-controller buttons (SDL's game-controller names, lower case). */
export type PadButton =
  | "a" | "b" | "x" | "y" | "back" | "start" | "guide"
  | "leftshoulder" | "rightshoulder" | "dpup" | "dpdown" | "dpleft" | "dpright";

export type InputEvent =
  | { readonly type: "key"; readonly key: HostKey; readonly down: boolean }
  | { readonly type: "pad"; readonly button: PadButton; readonly down: boolean }
  | { readonly type: "quit" };

/**
 * What the player should know about the session, for frontends with a
 * status line (the terminal). The play loop keeps title, paused, speed and
 * message up to date; `openFrontend` sets the reason.
 */
export interface FrontendStatus {
  /** The machine and ROM, as in the window title (e.g. "ejemu - Snake"). */
  readonly title: string;
  readonly paused: boolean;
  /** Speed factor: 1 is the machine's own frame rate. */
  readonly speed: number;
  /** The loop's latest one-line report ("screenshot: PATH", "screenshot failed: ..."); "" for none. */
  readonly message: string;
  /** Why this frontend and not a window (auto's fallback reason); "" when it was asked for. */
  readonly reason: string;
}

/** The status before anyone sets it. */
export function initialStatus(title: string): FrontendStatus {
  return { title, paused: false, speed: 1, message: "", reason: "" };
}

export interface Frontend {
  readonly kind: "sdl" | "terminal" | "headless";
  /** Show a frame (scaled to the window/terminal as the frontend sees fit). */
  present(frame: VideoFrame): void;
  /** Input since the last poll. */
  poll(): InputEvent[];
  /** Audio sample rate in Hz (mono, signed 16-bit); 0 when there is no audio. */
  readonly audioRate: number;
  queueAudio(samples: Int16Array): void;
  /** Samples queued and not yet played. */
  queuedAudioSamples(): number;
  /** The window title: the machine and ROM, with " [1.25x]" and " [paused]" when so. */
  setTitle(title: string): void;
  /**
   * Update the status: the fields given replace the frontend's, the others
   * stay. Optional: frontends without a status line leave it out (the
   * window shows pause and speed in its title, through setTitle).
   */
  setStatus?(update: Partial<FrontendStatus>): void;
  toggleFullscreen(): void;
  close(): void;
}

/** What the play loop needs from a machine. */
export interface PlayableMachine {
  readonly title: string;
  /** Guest frames per second (60 for CHIP-8, 60.0988 for an NTSC NES). */
  readonly frameRate: number;
  /** Run one guest frame. */
  runFrame(): void;
  /** The picture after the last frame. */
  video(): VideoFrame;
  /** Fill `out` with the sound of the last frame at `rate` Hz. */
  audio(rate: number, out: Int16Array): void;
  /** Offer an input event; returns true when the machine used it. */
  input(ev: InputEvent): boolean;
  reset(): void;
  /** Set once the guest can run no further (it exited or faulted): the play loop then ends. */
  readonly stopped?: { readonly reason: string } | undefined;
  /** The whole guest state, for save-state slots and rewind (machines without them have neither). */
  saveState?(): Uint8Array;
  loadState?(state: Uint8Array): void;
}
