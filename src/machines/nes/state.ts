/**
 * The NES's save-state body: numbers (as doubles) and byte arrays in the
 * order each part writes them; reading takes them back in the same order.
 */
export class StateWriter {
  private readonly numbers: number[] = [];
  private readonly arrays: Uint8Array[] = [];

  num(...values: number[]): void {
    for (const v of values) this.numbers.push(v);
  }

  bytes(array: Uint8Array): void {
    this.arrays.push(array.slice());
  }

  finish(): Uint8Array {
    const head = 8 + this.numbers.length * 8;
    const size = head + this.arrays.reduce((n, a) => n + 4 + a.length, 0);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.numbers.length, true);
    view.setUint32(4, this.arrays.length, true);
    this.numbers.forEach((v, k) => view.setFloat64(8 + k * 8, v, true));
    let at = head;
    for (const a of this.arrays) {
      view.setUint32(at, a.length, true);
      out.set(a, at + 4);
      at += 4 + a.length;
    }
    return out;
  }
}

export class StateReader {
  private readonly numbers: number[] = [];
  private readonly arrays: Uint8Array[] = [];
  private n = 0;
  private a = 0;

  constructor(body: Uint8Array) {
    if (body.length < 8) throw new RangeError("an NES state is too short");
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const count = view.getUint32(0, true);
    const arrays = view.getUint32(4, true);
    let at = 8 + count * 8;
    if (at > body.length) throw new RangeError("an NES state is too short");
    for (let k = 0; k < count; k++) this.numbers.push(view.getFloat64(8 + k * 8, true));
    for (let k = 0; k < arrays; k++) {
      if (at + 4 > body.length) throw new RangeError("an NES state is too short");
      const len = view.getUint32(at, true);
      if (at + 4 + len > body.length) throw new RangeError("an NES state is too short");
      this.arrays.push(body.slice(at + 4, at + 4 + len));
      at += 4 + len;
    }
  }

  num(): number {
    if (this.n >= this.numbers.length) throw new RangeError("an NES state ends early");
    return this.numbers[this.n++]!;
  }

  /** Fill `into` from the next array, which must have its length. */
  bytes(into: Uint8Array): void {
    const a = this.arrays[this.a++];
    if (a === undefined || a.length !== into.length) throw new RangeError("an NES state has an array of the wrong size");
    into.set(a);
  }
}
