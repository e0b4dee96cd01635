/**
 * The picture as text: each character cell shows two pixels stacked, with
 * U+2580 UPPER HALF BLOCK in the top pixel's colour (foreground) over the
 * bottom pixel's colour (background), both as 24-bit SGR escapes
 * (ESC[38;2;R;G;Bm / ESC[48;2;R;G;Bm, ISO 8613-6 direct colour). A colour
 * escape is written only when it differs from the previous cell's.
 */
import type { VideoFrame } from "../types.js";

export const UPPER_HALF_BLOCK = "\u2580";
export const CURSOR_HOME = "\x1b[H";
export const RESET_ATTRIBUTES = "\x1b[0m";

/** How big the picture is drawn: width in cells and height in pixels (two per text row). */
export interface TerminalPictureSize {
  readonly columns: number;
  readonly pixelRows: number;
}

/**
 * The largest picture that fits `columns` x `rows` cells: a whole-number
 * scale when the guest picture fits at least once, else shrunk (nearest
 * pixel) with the aspect ratio kept. A terminal cell is about twice as tall
 * as wide, so one cell column and half a cell row make a square pixel.
 */
export function fitPicture(width: number, height: number, columns: number, rows: number): TerminalPictureSize {
  const fit = Math.min(columns / width, (rows * 2) / height);
  const scale = fit >= 1 ? Math.floor(fit) : fit;
  return {
    columns: Math.max(1, Math.floor(width * scale)),
    pixelRows: Math.max(1, Math.floor(height * scale)),
  };
}

function rgb(pixel: number): string {
  return `${(pixel >>> 16) & 0xff};${(pixel >>> 8) & 0xff};${pixel & 0xff}`;
}

/**
 * The escape string that draws `frame` from the top-left corner of a
 * `columns` x `rows` terminal: cursor home, one text line per two pixel rows
 * separated by CR LF (raw mode has no output translation), attributes reset
 * at the end of each line. An odd last pixel row gets the default background.
 */
export function renderFrameAnsi(frame: VideoFrame, columns: number, rows: number): string {
  const { width, height, pixels } = frame;
  const size = fitPicture(width, height, columns, rows);
  const textRows = Math.ceil(size.pixelRows / 2);
  const sourceX = new Int32Array(size.columns);
  for (let x = 0; x < size.columns; x++) sourceX[x] = Math.floor((x * width) / size.columns);
  const sourceRow = (y: number): number => Math.floor((y * height) / size.pixelRows) * width;
  const parts: string[] = [CURSOR_HOME];
  for (let row = 0; row < textRows; row++) {
    if (row > 0) parts.push("\r\n");
    const top = sourceRow(row * 2);
    const hasBottom = row * 2 + 1 < size.pixelRows;
    const bottom = hasBottom ? sourceRow(row * 2 + 1) : 0;
    let lastFg = -1;
    let lastBg = -1;
    for (let x = 0; x < size.columns; x++) {
      const fg = pixels[top + sourceX[x]!]! & 0xffffff;
      if (fg !== lastFg) parts.push(`\x1b[38;2;${rgb(fg)}m`);
      lastFg = fg;
      if (hasBottom) {
        const bg = pixels[bottom + sourceX[x]!]! & 0xffffff;
        if (bg !== lastBg) parts.push(`\x1b[48;2;${rgb(bg)}m`);
        lastBg = bg;
      } else if (lastBg !== -2) {
        parts.push("\x1b[49m");
        lastBg = -2;
      }
      parts.push(UPPER_HALF_BLOCK);
    }
    parts.push(RESET_ATTRIBUTES);
  }
  return parts.join("");
}
