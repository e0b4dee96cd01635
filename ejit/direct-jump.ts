/**
 * Patchable direct jumps: a fixed-size jump instruction emitted as `data`
 * inside a program, whose target is rewritten in place later (with
 * `CodeArena.patch`) to link one piece of code to another, and reset to
 * "fall through" to unlink it.
 *
 * - x86-64: `E9 rel32` (JMP rel32, SDM vol. 2A "JMP"), 5 bytes; rel32 is
 *   relative to the end of the instruction, reach +-2 GiB.
 * - AArch64: `B imm26` (0x14000000 | imm26, Arm ARM C6.2 "B"), 4 bytes;
 *   imm26 counts words from the instruction itself, reach +-128 MiB.
 *
 * The unlinked form jumps to the next instruction, so the code that
 * follows the slot (a slow path) runs until the slot is linked.
 */
import type { Arch } from "./regs.js";

export interface DirectJumpEncoding {
  /** Bytes of the jump instruction. */
  readonly size: number;
  /** The unlinked form: a jump to the very next instruction. */
  readonly fallThrough: Uint8Array;
  /**
   * The jump placed at address `from` to `to`, written into `out` (length
   * `size`), or false when `to` is out of reach.
   */
  encode(from: number, to: number, out: Uint8Array): boolean;
}

const X86_64_JUMP: DirectJumpEncoding = {
  size: 5,
  fallThrough: Uint8Array.of(0xe9, 0, 0, 0, 0),
  encode(from, to, out) {
    const rel = to - (from + 5);
    if (rel < -0x80000000 || rel > 0x7fffffff) return false;
    out[0] = 0xe9;
    out[1] = rel & 0xff;
    out[2] = (rel >>> 8) & 0xff;
    out[3] = (rel >>> 16) & 0xff;
    out[4] = (rel >>> 24) & 0xff;
    return true;
  },
};

const AARCH64_JUMP: DirectJumpEncoding = {
  size: 4,
  fallThrough: Uint8Array.of(0x01, 0x00, 0x00, 0x14),
  encode(from, to, out) {
    const rel = to - from;
    if ((rel & 3) !== 0 || rel < -0x8000000 || rel >= 0x8000000) return false;
    const word = (0x14000000 | ((rel >> 2) & 0x3ffffff)) >>> 0;
    out[0] = word & 0xff;
    out[1] = (word >>> 8) & 0xff;
    out[2] = (word >>> 16) & 0xff;
    out[3] = word >>> 24;
    return true;
  },
};

/** The patchable jump of an architecture. */
export function directJumpFor(arch: Arch): DirectJumpEncoding {
  return arch === "x86_64" ? X86_64_JUMP : AARCH64_JUMP;
}
