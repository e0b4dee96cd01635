/**
 * Host input -> the 16-key hex keypad, in Octo's layout:
 *
 *   1 2 3 4      1 2 3 C
 *   Q W E R  ->  4 5 6 D
 *   A S D F      7 8 9 E
 *   Z X C V      A 0 B F
 *
 * The arrow keys and the game controller's d-pad are W/A/S/D (5, 7, 8, 9),
 * the directions most CHIP-8 games use; pad A is E (6), B is Q (4),
 * X is 1 (1), Y is R (0xD), start is V (0xF), back is 4 (0xC).
 */
import type { HostKey, PadButton } from "../../frontend/types.js";

export const KEYBOARD_LAYOUT: Readonly<Record<HostKey, number>> = {
  "1": 0x1, "2": 0x2, "3": 0x3, "4": 0xc,
  q: 0x4, w: 0x5, e: 0x6, r: 0xd,
  a: 0x7, s: 0x8, d: 0x9, f: 0xe,
  z: 0xa, x: 0x0, c: 0xb, v: 0xf,
  up: 0x5, left: 0x7, down: 0x8, right: 0x9,
};

export const PAD_LAYOUT: Readonly<Partial<Record<PadButton, number>>> = {
  dpup: 0x5, dpleft: 0x7, dpdown: 0x8, dpright: 0x9,
  a: 0x6, b: 0x4, x: 0x1, y: 0xd, start: 0xf, back: 0xc,
};

/** The CHIP-8 key for a host key, or -1. */
export function keypadKeyForHostKey(key: HostKey): number {
  return Object.hasOwn(KEYBOARD_LAYOUT, key) ? KEYBOARD_LAYOUT[key]! : -1;
}

/** The CHIP-8 key for a pad button, or -1. */
export function keypadKeyForPadButton(button: PadButton): number {
  return PAD_LAYOUT[button] ?? -1;
}
