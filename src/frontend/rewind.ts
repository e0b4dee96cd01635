/**
 * Rewind: the last seconds of play as a ring of save states, one every
 * `every` frames. Holding the rewind key steps back through them, one state
 * per frame time, newest first; letting go plays on from there.
 */
export class RewindBuffer {
  private readonly states: (Uint8Array | undefined)[];
  private next = 0;
  private count = 0;
  private sinceLast = 0;

  /** Keep `capacity` states, one every `every` frames (default: 10 s at 60 Hz, six states a second). */
  constructor(readonly capacity = 60, readonly every = 10) {
    this.states = new Array<Uint8Array | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** After a frame has run: take a state when one is due. */
  afterFrame(save: () => Uint8Array): void {
    if (++this.sinceLast < this.every) return;
    this.sinceLast = 0;
    this.states[this.next] = save();
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** The newest state, taken out of the ring; undefined when the ring is empty. */
  pop(): Uint8Array | undefined {
    if (this.count === 0) return undefined;
    this.next = (this.next - 1 + this.capacity) % this.capacity;
    this.count--;
    const state = this.states[this.next];
    this.states[this.next] = undefined;
    this.sinceLast = 0;
    return state;
  }
}
