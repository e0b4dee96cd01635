/**
 * The CHIP-8 buzzer as XO-CHIP defines it: while the sound timer is
 * non-zero, the 128-bit pattern (16 bytes, most significant bit first) plays
 * as a 1-bit signal at 4000 * 2^((pitch - 64) / 48) bits per second. Before
 * a program loads a pattern (F002) the pattern is a square wave: 0xF0
 * repeated, i.e. 500 Hz at the default pitch 64.
 */

export const DEFAULT_AUDIO_PATTERN_BYTE = 0xf0;
export const DEFAULT_PITCH = 64;
const AMPLITUDE = 6000;

/** Bits per second for an XO-CHIP pitch register value. */
export function patternBitRate(pitch: number): number {
  return 4000 * Math.pow(2, (pitch - 64) / 48);
}

/**
 * Renders the pattern with a phase that carries over between frames. The
 * bit for sample n is floor(base + n * bitRate / rate): computed from the
 * sample count rather than summed, so the edges do not drift.
 */
export class PatternSynth {
  /** Phase (in bits) where the current run of samples started. */
  private base = 0;
  /** Samples since `base`. */
  private count = 0;
  private rate = 0;
  private bitRate = 0;

  reset(): void {
    this.base = 0;
    this.count = 0;
  }

  /** Fill `out` with samples at `rate` Hz; silence when `on` is false. */
  render(out: Int16Array, rate: number, on: boolean, pattern: Uint8Array, pitch: number): void {
    if (!on || rate <= 0) {
      out.fill(0);
      return;
    }
    const bitRate = patternBitRate(pitch);
    if (bitRate !== this.bitRate || rate !== this.rate) {
      // Restart the count from the current phase at the new rate.
      this.base = (this.base + (this.count * this.bitRate) / (this.rate || 1)) % 128;
      this.count = 0;
      this.bitRate = bitRate;
      this.rate = rate;
    }
    for (let k = 0; k < out.length; k++) {
      const bit = Math.floor(this.base + ((this.count + k) * bitRate) / rate) & 127;
      out[k] = (pattern[bit >> 3]! >> (7 - (bit & 7))) & 1 ? AMPLITUDE : -AMPLITUDE;
    }
    this.count += out.length;
    if (this.count >= rate * 128) {
      this.base = (this.base + (this.count * bitRate) / rate) % 128;
      this.count = 0;
    }
  }
}
