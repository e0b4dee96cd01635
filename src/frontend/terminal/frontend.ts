/**
 * The terminal frontend: the picture drawn with half-block characters in
 * 24-bit colour on the alternate screen, redrawn in place (cursor home) only
 * when the picture or the terminal size changed, with status lines below it
 * (title, speed, pause, the loop's last report, why the terminal); keys
 * from raw-mode stdin with synthesised releases; no audio. The terminal is
 * restored on close, on process exit and on SIGINT/SIGTERM.
 */
import { performance } from "node:perf_hooks";
import { initialStatus, type Frontend, type FrontendStatus, type InputEvent, type VideoFrame } from "../types.js";
import { KeyHoldTracker } from "./key-hold.js";
import { parseTerminalInput } from "./keys.js";
import { fitPicture, renderFrameAnsi, RESET_ATTRIBUTES } from "./render.js";
import { renderStatusAnsi, statusLines } from "./status.js";

/** The parts of process.stdout / process.stdin the frontend uses (fakes in tests). */
export interface TerminalOutput {
  readonly columns?: number;
  readonly rows?: number;
  write(data: string): boolean;
  on(event: "resize", listener: () => void): unknown;
  off(event: "resize", listener: () => void): unknown;
  once?(event: "drain", listener: () => void): unknown;
}

export interface TerminalInputStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: "data", listener: (data: string) => void): unknown;
  off(event: "data", listener: (data: string) => void): unknown;
}

export interface TerminalFrontendOptions {
  readonly title: string;
  readonly output?: TerminalOutput;
  readonly input?: TerminalInputStream;
  /** Time source for key releases (ms). */
  readonly now?: () => number;
  /** Listen to process signals and exit (default true; tests turn it off). */
  readonly handleSignals?: boolean;
}

const ENTER_ALTERNATE_SCREEN = "\x1b[?1049h";
const LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
const CLEAR_SCREEN = "\x1b[2J";

export class TerminalFrontend implements Frontend {
  readonly kind = "terminal" as const;
  readonly audioRate = 0;
  private readonly output: TerminalOutput;
  private readonly input: TerminalInputStream | undefined;
  private readonly now: () => number;
  private readonly keys = new KeyHoldTracker();
  private readonly pending: InputEvent[] = [];
  /** The latest picture (drawn, or to be drawn once the terminal has drained). */
  private lastPixels: Uint32Array | null = null;
  private lastWidth = 0;
  private lastHeight = 0;
  private status: FrontendStatus;
  /** The status lines on the screen under the picture. */
  private drawnLines: string[] = [];
  private drawnOnce = false;
  /** Clear the screen and draw everything: the terminal or the picture changed size. */
  private layoutChanged = false;
  private pictureDirty = false;
  private statusDirty = true;
  private waitingForDrain = false;
  private closed = false;
  private readonly signals: boolean;
  private readonly onData = (data: string): void => this.receive(data);
  private readonly onResize = (): void => {
    this.layoutChanged = true;
  };
  private readonly onSignal = (): void => {
    this.pending.push({ type: "quit" });
    // Raw mode keeps Ctrl+C from becoming SIGINT; this is `kill -INT`: the
    // loop may be busy, so restore the terminal now and let the process end.
    this.close();
    process.exit(130);
  };
  private readonly onExit = (): void => this.close();

  constructor(options: TerminalFrontendOptions) {
    this.output = options.output ?? process.stdout;
    this.input = options.input ?? (process.stdin.isTTY ? process.stdin : undefined);
    this.now = options.now ?? (() => performance.now());
    this.signals = options.handleSignals ?? true;
    this.status = initialStatus(options.title);
    this.output.write(ENTER_ALTERNATE_SCREEN + HIDE_CURSOR + CLEAR_SCREEN);
    this.setTitle(options.title);
    this.output.on("resize", this.onResize);
    if (this.input) {
      this.input.setRawMode?.(true);
      this.input.setEncoding("utf8");
      this.input.on("data", this.onData);
      this.input.resume();
    }
    if (this.signals) {
      process.on("SIGINT", this.onSignal);
      process.on("SIGTERM", this.onSignal);
      process.on("exit", this.onExit);
    }
  }

  private receive(data: string): void {
    const now = this.now();
    for (const item of parseTerminalInput(data)) {
      if (item.kind === "quit") {
        this.pending.push({ type: "quit" });
        continue;
      }
      if (item.alt) this.keys.press("alt", now, this.pending);
      if (item.shift) this.keys.press("shift", now, this.pending);
      if (item.ctrl) this.keys.press("ctrl", now, this.pending);
      this.keys.press(item.key, now, this.pending);
    }
  }

  private frameChanged(frame: VideoFrame): boolean {
    const last = this.lastPixels;
    if (!last || frame.width !== this.lastWidth || frame.height !== this.lastHeight) return true;
    const pixels = frame.pixels;
    for (let i = 0; i < last.length; i++) if (last[i] !== pixels[i]) return true;
    return false;
  }

  /** Draw the frame if it differs from the last one (see flush). */
  present(frame: VideoFrame): void {
    if (this.closed) return;
    if (this.frameChanged(frame)) {
      const count = frame.width * frame.height;
      if (this.lastPixels && (frame.width !== this.lastWidth || frame.height !== this.lastHeight)) this.layoutChanged = true;
      if (!this.lastPixels || this.lastPixels.length !== count) this.lastPixels = new Uint32Array(count);
      this.lastPixels.set(frame.pixels.subarray(0, count));
      this.lastWidth = frame.width;
      this.lastHeight = frame.height;
      this.pictureDirty = true;
    }
    this.flush();
  }

  /**
   * Write what changed: the picture from the top-left corner, fitted to the
   * rows the status lines leave, and the status lines right below it; after
   * a resize (or a change in the number of status lines) the screen is
   * cleared and both are drawn. Nothing is drawn before the first picture.
   * While the terminal has not taken the last write yet (write() said to
   * wait for "drain"), nothing is written: changes pile up as flags, not as
   * text, and the next present or poll after the drain draws the latest.
   */
  private flush(): void {
    if (this.closed || this.waitingForDrain || this.lastPixels === null) return;
    if (!this.layoutChanged && !this.pictureDirty && !this.statusDirty) return;
    const columns = this.output.columns ?? 80;
    const rows = this.output.rows ?? 24;
    // The picture keeps at least one row; status lines that do not fit are left out.
    const lines = statusLines(this.status).slice(0, Math.max(0, rows - 1));
    const drawn = this.drawnLines;
    if (lines.length !== drawn.length) this.layoutChanged = true;
    else if (this.statusDirty && lines.every((line, i) => line === drawn[i])) this.statusDirty = false;
    const pictureRows = rows - lines.length;
    let text = "";
    // The screen was cleared when the frontend started: the first picture needs no clearing.
    if (this.layoutChanged && this.drawnOnce) text += CLEAR_SCREEN;
    if (this.layoutChanged || this.pictureDirty) {
      text += renderFrameAnsi({ width: this.lastWidth, height: this.lastHeight, pixels: this.lastPixels }, columns, pictureRows);
    }
    if (this.layoutChanged || this.statusDirty) {
      const textRows = Math.ceil(fitPicture(this.lastWidth, this.lastHeight, columns, pictureRows).pixelRows / 2);
      text += renderStatusAnsi(lines, textRows + 1, columns);
    }
    this.layoutChanged = false;
    this.pictureDirty = false;
    this.statusDirty = false;
    this.drawnLines = lines;
    this.drawnOnce = true;
    if (text === "") return;
    if (!this.output.write(text) && this.output.once) {
      this.waitingForDrain = true;
      this.output.once("drain", () => {
        this.waitingForDrain = false;
      });
    }
  }

  /** Update the status lines; drawn at once (also while paused, when no frames come). */
  setStatus(update: Partial<FrontendStatus>): void {
    if (this.closed) return;
    this.status = { ...this.status, ...update };
    this.statusDirty = true;
    this.flush();
  }

  poll(): InputEvent[] {
    this.flush(); // a resize, or a picture that waited for the terminal to drain
    this.keys.expire(this.now(), this.pending);
    return this.pending.splice(0, this.pending.length);
  }

  /** Feed raw terminal bytes as if typed (tests). */
  type(data: string): void {
    this.receive(data);
  }

  queueAudio(): void {}

  queuedAudioSamples(): number {
    return 0;
  }

  /** The terminal window's title (OSC 0). */
  setTitle(title: string): void {
    if (!this.closed) this.output.write(`\x1b]0;${title.replace(/[\x00-\x1f\x7f]/g, "")}\x07`);
  }

  /** A terminal has no fullscreen mode of its own. */
  toggleFullscreen(): void {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.output.off("resize", this.onResize);
    if (this.input) {
      this.input.off("data", this.onData);
      this.input.setRawMode?.(false);
      this.input.pause();
    }
    if (this.signals) {
      process.off("SIGINT", this.onSignal);
      process.off("SIGTERM", this.onSignal);
      process.off("exit", this.onExit);
    }
    this.output.write(RESET_ATTRIBUTES + SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
  }
}
