import type { VideoFrame, InputEvent, PlayableMachine } from "../../../src/frontend/types.js";

/** A machine that records what the play loop does to it. */
export class FakeMachine implements PlayableMachine {
  readonly title = "fake";
  framesRun = 0;
  resets = 0;
  readonly inputs: InputEvent[] = [];
  /** Per frame run: the keys and buttons down while it ran ("key:5 pad:a", sorted; "" for none). */
  readonly downPerFrame: string[] = [];
  private readonly down = new Set<string>();
  readonly audioLengths: number[] = [];
  readonly audioRates: number[] = [];
  /** Called at the start of every frame with the frame's index. */
  onFrame: (index: number) => void = () => {};
  private readonly frame: VideoFrame = { width: 4, height: 2, pixels: new Uint32Array(8) };

  constructor(readonly frameRate = 60) {}

  runFrame(): void {
    this.downPerFrame.push([...this.down].sort().join(" "));
    this.onFrame(this.framesRun);
    this.framesRun++;
    this.frame.pixels.fill(0xff000000 | this.framesRun);
  }

  video(): VideoFrame {
    return this.frame;
  }

  audio(rate: number, out: Int16Array): void {
    this.audioRates.push(rate);
    this.audioLengths.push(out.length);
    out.fill(1000);
  }

  input(ev: InputEvent): boolean {
    this.inputs.push(ev);
    if (ev.type !== "quit") {
      const control = ev.type === "key" ? `key:${ev.key}` : `pad:${ev.button}`;
      if (ev.down) this.down.add(control);
      else this.down.delete(control);
    }
    return true;
  }

  reset(): void {
    this.resets++;
  }
}

/** A fake machine whose state is one counter of the frames it ran (up to 255), with save states. */
export class StatefulFakeMachine extends FakeMachine {
  counter = 0;
  readonly loaded: number[] = [];

  override runFrame(): void {
    super.runFrame();
    this.counter = (this.counter + 1) & 0xff;
  }

  saveState(): Uint8Array {
    return Uint8Array.of(this.counter);
  }

  loadState(state: Uint8Array): void {
    this.counter = state[0]!;
    this.loaded.push(this.counter);
  }
}
