/**
 * Random CHIP-8 programs for the differential fuzzer: random bytes, and
 * random valid instruction streams built from every instruction of the
 * table with loops (counters and backward jumps), calls, computed jumps and
 * self-modification (stores aimed at the program's own code).
 */
import { decodeChip8 } from "../../../cpu/chip8/decode.js";
import { CHIP8_INSTRUCTIONS, VARIANTS_ENABLED, type Chip8Variant } from "../../../cpu/chip8/table.js";

/** xorshift32: deterministic programs from a seed. */
export class FuzzRandom {
  constructor(private s: number) {
    if (this.s === 0) this.s = 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

export const PROGRAM_START = 0x200;

/**
 * Random bytes, except that a word that does not decode under `set` is
 * drawn again while `validOnly` (else the first unknown opcode ends most
 * runs at once).
 */
export function randomBytes(rnd: FuzzRandom, length: number, set: Chip8Variant, validOnly: boolean): Uint8Array {
  const out = new Uint8Array(length);
  for (let k = 0; k + 1 < length; k += 2) {
    let word = rnd.below(0x10000);
    while (validOnly && decodeChip8(word, set) === undefined) word = rnd.below(0x10000);
    out[k] = word >> 8;
    out[k + 1] = word & 0xff;
  }
  return out;
}

/** Straight-line instructions of `set` (no jumps, calls, returns or exit: the templates place those). */
function straightLine(set: Chip8Variant): { value: number; mask: number }[] {
  return CHIP8_INSTRUCTIONS.filter((ins) => VARIANTS_ENABLED[set].includes(ins.variant) && !["1nnn", "2nnn", "bnnn", "00ee", "00fd", "f000"].includes(ins.pattern));
}

/**
 * `words` 16-bit words of mostly valid code: addresses (jumps, calls, I)
 * point into the program, with loop idioms and stores into the code mixed in.
 */
export function randomProgram(rnd: FuzzRandom, words: number, set: Chip8Variant): Uint8Array {
  const pool = straightLine(set);
  const out = new Uint8Array(words * 2);
  const inProgram = (): number => PROGRAM_START + 2 * rnd.below(words);
  let k = 0;
  const put = (op: number): void => {
    if (k < words) {
      out[2 * k] = op >> 8;
      out[2 * k + 1] = op & 0xff;
      k++;
    }
  };
  while (k < words) {
    const kind = rnd.below(20);
    const x = rnd.below(16);
    const y = rnd.below(16);
    if (kind < 7) {
      const ins = pool[rnd.below(pool.length)]!;
      put(ins.value | (rnd.next() & ~ins.mask & 0xffff));
    } else if (kind < 9) {
      // a counted loop: vx += 1 ... skip when vx == 0 ... jump back
      const top = PROGRAM_START + 2 * k;
      put(0x7001 | (x << 8));
      put(0x8004 | (y << 8) | (x << 4));
      put(0x3000 | (x << 8));
      put(0x1000 | top);
    } else if (kind < 11) {
      // a store aimed at the program: I = somewhere in the code, then FX55 / FX33 / 5XY2
      put(0xa000 | (inProgram() & 0xfff));
      const which = rnd.below(3);
      put(which === 0 ? 0xf055 | (rnd.below(4) << 8) : which === 1 || set !== "xochip" ? 0xf033 | (x << 8) : 0x5002 | (x << 8) | (y << 4));
    } else if (kind < 13) {
      put(0x1000 | (inProgram() & 0xfff));
    } else if (kind < 14) {
      put(0x2000 | (inProgram() & 0xfff));
    } else if (kind < 15) {
      put(0x00ee);
    } else if (kind < 16) {
      put(0xa000 | (inProgram() & 0xfff));
      put(0xd000 | (x << 8) | (y << 4) | rnd.below(16));
    } else if (kind < 17) {
      put(0xb000 | (inProgram() & 0xff0));
    } else if (kind < 18 && set === "xochip") {
      put(0xf000);
      put(inProgram());
    } else {
      put(0x6000 | (x << 8) | rnd.below(256));
    }
  }
  return out;
}
