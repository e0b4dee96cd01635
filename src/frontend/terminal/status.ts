/**
 * The terminal's status lines, drawn below the picture:
 *
 *   ejemu - Snake | 1.25x | paused
 *   screenshot: /home/me/ejemu-20261208-051500.png
 *   SDL2 not found (libSDL2-2.0.so.0): install the Debian package libsdl2-2.0-0 for a window
 *
 * The first line is always there; the loop's latest report and the reason
 * for the terminal only when there is one. Each line is cut to the
 * terminal's width (never wrapped, which would scroll the screen) and has
 * control characters removed (titles come from file names).
 */
import type { FrontendStatus } from "../types.js";

/** C0 and C1 control characters and DEL: they would be escapes, not text. */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

function clean(text: string): string {
  return text.replace(CONTROL, "");
}

export function statusLines(status: FrontendStatus): string[] {
  const lines = [`${clean(status.title)} | ${status.speed}x | ${status.paused ? "paused" : "running"}`];
  if (status.message !== "") lines.push(clean(status.message));
  if (status.reason !== "") lines.push(clean(status.reason));
  return lines;
}

/**
 * Escapes that draw `lines` from text row `firstRow` (1-based), each row
 * erased first, each line cut to `columns` characters (code points; a wide
 * character counts as one).
 */
export function renderStatusAnsi(lines: readonly string[], firstRow: number, columns: number): string {
  let out = "";
  for (let i = 0; i < lines.length; i++) {
    const text = Array.from(lines[i]!).slice(0, Math.max(0, columns)).join("");
    out += `\x1b[${firstRow + i};1H\x1b[2K${text}`;
  }
  return out;
}
