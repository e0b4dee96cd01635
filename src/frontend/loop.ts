/**
 * The play loop: runs a machine at its own frame rate on a frontend.
 *
 * Each turn: poll input (hotkeys first, the rest to the machine through the
 * input latch, which holds back a release polled in the same gap as its
 * press until a frame has run, so quick taps are not lost), run the
 * frames the pacer says are due (at most a few to catch up), queue each
 * frame's sound, present the last picture, then sleep until the next frame
 * is due. Pacing comes from the clock only, never from the display.
 * The loop ends on quit (Escape, window close, Ctrl+C) or after `maxFrames`
 * guest frames, and closes the frontend whether it ends or throws.
 *
 * Save-state slots (F1..F9 load, Shift+F1..F9 save) are files named by
 * `statePath`; fast-forward (Tab held) runs at FAST_FORWARD times the speed;
 * rewind (Backspace held) steps back through a RewindBuffer of the last
 * seconds, one state per frame time.
 */
import { AudioFeeder } from "./audio-feeder.js";
import { realClock, type Clock } from "./clock.js";
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { HotkeyFilter, nextSpeed, SPEED_STEPS, type HeldAction, type HotkeyAction } from "./hotkeys.js";
import { RewindBuffer } from "./rewind.js";
import { InputLatch } from "./input-latch.js";
import { FramePacer } from "./pacer.js";
import { saveScreenshot } from "./screenshot.js";
import type { Frontend, PlayableMachine } from "./types.js";

export type { Clock } from "./clock.js";

export interface PlayLoopOptions {
  /** Folder for F12 screenshots; default: the current directory. */
  readonly screenshotDir?: string;
  /** Time source; default: the real high-resolution clock. */
  readonly clock?: Clock;
  /** Stop after this many guest frames. */
  readonly maxFrames?: number;
  /**
   * Called with each screenshot's path. Default: a line "screenshot: PATH"
   * on stderr (not while the terminal frontend draws on that terminal).
   * Either way the frontend's status shows that line.
   */
  readonly onScreenshot?: (path: string) => void;
  /** Where save-state slot 1..9 lives; without it the slot keys say that states are not available. */
  readonly statePath?: (slot: number) => string;
  /** The speed to start at (a SPEED_STEPS value; default 1). */
  readonly speed?: number;
}

/** Frame times per state stepped back while rewinding (states are taken every 10 frames: twice real time). */
export const REWIND_STEP = 5;

/** Fast-forward speed while Tab is held. */
export const FAST_FORWARD = 4;

/** How often input is polled while paused (ms). */
export const PAUSED_POLL_MS = 10;

class PlaySession {
  private readonly clock: Clock;
  private readonly pacer: FramePacer;
  private readonly hotkeys = new HotkeyFilter();
  private readonly audio: AudioFeeder | null;
  private readonly latch: InputLatch;
  private paused = false;
  private stepsRequested = 0;
  private quitRequested = false;
  /** The speed set with - and =, which fast-forward returns to. */
  private chosenSpeed = 1;
  private fastForward = false;
  private rewinding = false;
  private readonly rewind: RewindBuffer | undefined;
  private rewindDue = 0;
  framesRun = 0;

  constructor(
    private readonly machine: PlayableMachine,
    private readonly frontend: Frontend,
    private readonly options: PlayLoopOptions,
  ) {
    this.clock = options.clock ?? realClock;
    this.pacer = new FramePacer(machine.frameRate);
    this.audio = frontend.audioRate > 0
      ? new AudioFeeder(frontend, machine.frameRate, SPEED_STEPS[0]!)
      : null;
    this.latch = new InputLatch((ev) => machine.input(ev));
    this.rewind = machine.saveState !== undefined && machine.loadState !== undefined ? new RewindBuffer() : undefined;
    if (options.speed !== undefined) {
      this.chosenSpeed = options.speed;
      this.pacer.setSpeed(options.speed, this.clock.now());
      this.audio?.setSpeed(options.speed);
    }
  }

  private applySpeed(): void {
    const speed = this.fastForward ? Math.max(FAST_FORWARD, this.chosenSpeed) : this.chosenSpeed;
    if (speed === this.pacer.speed) return;
    this.pacer.setSpeed(speed, this.clock.now());
    this.audio?.setSpeed(speed);
    this.updateTitle();
  }

  private hold(action: HeldAction, down: boolean): void {
    if (action === "fast-forward") {
      this.fastForward = down;
      this.applySpeed();
    } else if (this.rewind === undefined) {
      if (down) this.report("rewind: this machine has no save states", false);
    } else {
      this.rewinding = down;
      this.frontend.setStatus?.({ message: down ? "rewinding" : "" });
    }
  }

  /** F1..F9 and Shift+F1..F9: a slot file, written whole to a temporary name and renamed, so a crash cannot leave half a state. */
  private slot(action: "save-state" | "load-state", slot: number): void {
    const path = this.options.statePath?.(slot);
    const m = this.machine;
    if (path === undefined || m.saveState === undefined || m.loadState === undefined) {
      this.report("save states: not available here", true);
      return;
    }
    try {
      if (action === "save-state") {
        writeFileSync(`${path}.tmp`, m.saveState());
        renameSync(`${path}.tmp`, path);
        this.report(`saved state ${slot}: ${path}`, true);
      } else {
        m.loadState(readFileSync(path));
        this.frontend.present(m.video());
        this.report(`loaded state ${slot}: ${path}`, true);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "nothing saved there yet" : error instanceof Error ? error.message : String(error);
      this.report(`${action === "save-state" ? "saving" : "loading"} state ${slot} failed: ${path}: ${why}`, true);
    }
  }

  /** The window title, and the status line of frontends that have one. */
  private updateTitle(): void {
    let title = this.machine.title;
    if (this.pacer.speed !== 1) title += ` [${this.pacer.speed}x]`;
    if (this.paused) title += " [paused]";
    this.frontend.setTitle(title);
    this.frontend.setStatus?.({ title: this.machine.title, paused: this.paused, speed: this.pacer.speed });
  }

  /**
   * A one-line report: into the status, and on stderr unless the terminal
   * frontend is drawing on the terminal stderr goes to (a line there would
   * land in the picture; its status line shows the report instead).
   */
  private report(line: string, toStderr: boolean): void {
    this.frontend.setStatus?.({ message: line });
    if (toStderr && !(this.frontend.kind === "terminal" && process.stderr.isTTY)) process.stderr.write(`${line}\n`);
  }

  private perform(action: HotkeyAction, slot: number): void {
    switch (action) {
      case "quit":
        this.quitRequested = true;
        break;
      case "pause":
        this.paused = !this.paused;
        this.stepsRequested = 0;
        if (!this.paused) {
          this.pacer.restart(this.clock.now());
          this.audio?.prefill();
        }
        this.updateTitle();
        break;
      case "step":
        if (this.paused) this.stepsRequested++;
        break;
      case "reset":
        this.machine.reset();
        break;
      case "fullscreen":
        this.frontend.toggleFullscreen();
        break;
      case "screenshot":
        this.screenshot();
        break;
      case "slower":
      case "faster":
        this.chosenSpeed = nextSpeed(this.chosenSpeed, action === "faster" ? 1 : -1);
        this.applySpeed();
        break;
      case "save-state":
      case "load-state":
        this.slot(action, slot);
        break;
    }
  }

  /** F12: a failed write (folder missing, disk full) is one line, not the end of the game. */
  private screenshot(): void {
    let path: string;
    try {
      path = saveScreenshot(this.options.screenshotDir ?? process.cwd(), this.machine.video());
    } catch (error) {
      this.report(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`, true);
      return;
    }
    this.report(`screenshot: ${path}`, this.options.onScreenshot === undefined);
    this.options.onScreenshot?.(path);
  }

  private handleInput(): void {
    for (const ev of this.frontend.poll()) {
      const result = this.hotkeys.filter(ev);
      if (result.kind === "action") this.perform(result.action, result.slot ?? 0);
      else if (result.kind === "held") this.hold(result.action, result.down);
      else if (result.kind === "machine") this.latch.offer(ev);
    }
  }

  private runFrames(count: number): void {
    const max = this.options.maxFrames ?? Infinity;
    let ran = 0;
    while (ran < count && this.framesRun < max && this.machine.stopped === undefined) {
      this.machine.runFrame();
      this.latch.frameRan();
      this.audio?.afterFrame(this.machine);
      if (this.rewind !== undefined) this.rewind.afterFrame(() => this.machine.saveState!());
      this.framesRun++;
      ran++;
    }
    if (ran > 0) this.frontend.present(this.machine.video());
  }

  /** While rewinding: one older state every REWIND_STEP frames due (twice real time), shown; nothing runs. */
  private stepBack(due: number): void {
    let state: Uint8Array | undefined;
    this.rewindDue += due;
    for (; this.rewindDue >= REWIND_STEP; this.rewindDue -= REWIND_STEP) state = this.rewind!.pop() ?? state;
    if (state === undefined) return;
    this.machine.loadState!(state);
    this.frontend.present(this.machine.video());
  }

  async run(): Promise<void> {
    const max = this.options.maxFrames ?? Infinity;
    this.updateTitle();
    this.pacer.restart(this.clock.now());
    this.audio?.prefill();
    while (this.framesRun < max) {
      this.handleInput();
      if (this.quitRequested || this.machine.stopped !== undefined) break;
      if (this.paused) {
        if (this.stepsRequested > 0) {
          this.stepsRequested--;
          this.runFrames(1);
          continue;
        }
        await this.clock.sleep(PAUSED_POLL_MS);
        continue;
      }
      const due = this.pacer.takeDueFrames(this.clock.now());
      if (this.rewinding) this.stepBack(due);
      else this.runFrames(due);
      const wait = this.pacer.msUntilNext(this.clock.now());
      if (this.framesRun < max) await this.clock.sleep(Math.max(0, wait));
    }
  }
}

/**
 * Run `machine` on `frontend` until quit or `maxFrames` frames, paced at the
 * machine's frame rate. Closes the frontend when done (also on error).
 */
export async function playLoop(
  machine: PlayableMachine,
  frontend: Frontend,
  opts: PlayLoopOptions = {},
): Promise<void> {
  const session = new PlaySession(machine, frontend, opts);
  try {
    await session.run();
  } finally {
    frontend.close();
  }
}
