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

/** Renders the pattern with a phase that carries over between frames. */
export class PatternSynth {
  /** Position in the pattern, in bits (0 <= phase < 128). */
  private phase = 0;

  reset(): void {
    this.phase = 0;
  }

  /** Fill `out` with samples at `rate` Hz; silence when `on` is false. */
  render(out: Int16Array, rate: number, on: boolean, pattern: Uint8Array, pitch: number): void {
    if (!on || rate <= 0) {
      out.fill(0);
      return;
    }
    const step = patternBitRate(pitch) / rate;
    let phase = this.phase;
    for (let k = 0; k < out.length; k++) {
      const bit = phase | 0;
      out[k] = (pattern[bit >> 3]! >> (7 - (bit & 7))) & 1 ? AMPLITUDE : -AMPLITUDE;
      phase += step;
      if (phase >= 128) phase -= 128;
    }
    this.phase = phase;
  }
}
