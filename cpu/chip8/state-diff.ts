/**
 * Comparing two CHIP-8 state blocks field by field: what lockstep runs,
 * the fuzzers and the machine's differenceFrom report.
 */
import { Chip8Offset } from "./state.js";

const FIELDS: readonly [string, number, number][] = [
  ["V", Chip8Offset.V, 16], ["I", Chip8Offset.I, 2], ["PC", Chip8Offset.PC, 2], ["SP", Chip8Offset.SP, 1],
  ["DT", Chip8Offset.DT, 1], ["ST", Chip8Offset.ST, 1], ["HIRES", Chip8Offset.HIRES, 1], ["PLANES", Chip8Offset.PLANES, 1],
  ["PITCH", Chip8Offset.PITCH, 1], ["HALT", Chip8Offset.HALT, 1], ["WAIT", Chip8Offset.WAIT_REG, 4],
  ["STACK", Chip8Offset.STACK, 32], ["RPL", Chip8Offset.RPL, 16], ["KEYS", Chip8Offset.KEYS, 16],
  ["AUDIO", Chip8Offset.AUDIO_PATTERN, 16], ["FAULT", Chip8Offset.FAULT_OPCODE, 4], ["RANDOM", Chip8Offset.RANDOM, 4],
  ["MEMORY", Chip8Offset.MEMORY, 0x10000], ["FRAMEBUFFER", Chip8Offset.FRAMEBUFFER, 128 * 64],
];

/** The first byte where two state blocks differ, named by field ("V[0x3]: interpreter 1, jit 2"), or undefined. */
export function firstStateDifference(interp: Uint8Array, jit: Uint8Array): string | undefined {
  for (const [name, offset, length] of FIELDS) {
    for (let k = 0; k < length; k++) {
      if (interp[offset + k] !== jit[offset + k]) {
        return `${name}[0x${k.toString(16)}]: interpreter ${interp[offset + k]}, jit ${jit[offset + k]}`;
      }
    }
  }
  return undefined;
}

