/**
 * Drawing, clearing and scrolling on the 128x64 framebuffer of Chip8State
 * (one byte per pixel, bit 0 plane 1, bit 1 plane 2; a lores pixel is a 2x2
 * block). Plain functions over typed arrays so the interpreter and, later,
 * helpers called from recompiled code share them.
 */
import { SCREEN_HEIGHT, SCREEN_WIDTH } from "./state.js";

const W = SCREEN_WIDTH;
const H = SCREEN_HEIGHT;

/** Clear the selected planes (00E0). */
export function clearPlanes(fb: Uint8Array, planes: number): void {
  if ((planes & 3) === 3) {
    fb.fill(0);
    return;
  }
  const keep = ~planes & 3;
  for (let p = 0; p < fb.length; p++) fb[p]! &= keep;
}

/**
 * DXYN. Draws `height` rows of `width` (8 or 16) pixels from memory at I for
 * each selected plane (the second selected plane's data follows the first's,
 * XO-CHIP), XORing into the framebuffer. The start position wraps; pixels
 * past the edge are clipped (`clip`) or wrap. Returns VF: 1 on any
 * collision, or with `collisionRows` in hires the number of rows that
 * collided or were clipped at the bottom (SCHIP 1.1).
 */
export function drawSprite(
  fb: Uint8Array, mem: Uint8Array, addrMask: number, i: number,
  vx: number, vy: number, width: number, height: number,
  hires: boolean, planes: number, clip: boolean, collisionRows: boolean,
): number {
  const screenW = hires ? W : W >> 1;
  const screenH = hires ? H : H >> 1;
  const x0 = vx % screenW;
  const y0 = vy % screenH;
  const bytesPerRow = width >> 3;
  let addr = i;
  let rowsHit = 0;
  let clippedRows = 0;
  for (let plane = 1; plane <= 2; plane <<= 1) {
    if ((planes & plane) === 0) continue;
    for (let r = 0; r < height; r++) {
      let py = y0 + r;
      if (py >= screenH) {
        if (clip) {
          if (plane === (planes & -planes)) clippedRows++;
          continue;
        }
        py -= screenH;
      }
      for (let byte = 0; byte < bytesPerRow; byte++) {
        const bits = mem[(addr + r * bytesPerRow + byte) & addrMask]!;
        if (bits === 0) continue;
        for (let b = 0; b < 8; b++) {
          if (((bits << b) & 0x80) === 0) continue;
          let px = x0 + byte * 8 + b;
          if (px >= screenW) {
            if (clip) continue;
            px -= screenW;
          }
          if (hires) {
            const p = py * W + px;
            if ((fb[p]! & plane) !== 0) rowsHit |= 1 << r;
            fb[p]! ^= plane;
          } else {
            const p = py * 2 * W + px * 2;
            if (((fb[p]! | fb[p + 1]! | fb[p + W]! | fb[p + W + 1]!) & plane) !== 0) rowsHit |= 1 << r;
            fb[p]! ^= plane;
            fb[p + 1]! ^= plane;
            fb[p + W]! ^= plane;
            fb[p + W + 1]! ^= plane;
          }
        }
      }
    }
    addr += bytesPerRow * height;
  }
  if (collisionRows && hires) {
    let rows = 0;
    for (let m = rowsHit; m !== 0; m &= m - 1) rows++;
    return rows + clippedRows;
  }
  return rowsHit !== 0 ? 1 : 0;
}

/** Move the selected planes down by `rows` framebuffer rows (00CN). */
export function scrollDown(fb: Uint8Array, planes: number, rows: number): void {
  scrollVertical(fb, planes, rows);
}

/** Move the selected planes up by `rows` framebuffer rows (00DN). */
export function scrollUp(fb: Uint8Array, planes: number, rows: number): void {
  scrollVertical(fb, planes, -rows);
}

function scrollVertical(fb: Uint8Array, planes: number, delta: number): void {
  if (delta === 0) return;
  const keep = ~planes & 3;
  const down = delta > 0;
  for (let k = 0; k < H; k++) {
    const y = down ? H - 1 - k : k;
    const from = y - delta;
    for (let x = 0; x < W; x++) {
      const src = from >= 0 && from < H ? fb[from * W + x]! : 0;
      const p = y * W + x;
      fb[p] = (fb[p]! & keep) | (src & planes);
    }
  }
}

/** Move the selected planes right (delta > 0) or left by `delta` framebuffer columns (00FB/00FC). */
export function scrollHorizontal(fb: Uint8Array, planes: number, delta: number): void {
  const keep = ~planes & 3;
  const right = delta > 0;
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let k = 0; k < W; k++) {
      const x = right ? W - 1 - k : k;
      const from = x - delta;
      const src = from >= 0 && from < W ? fb[row + from]! : 0;
      fb[row + x] = (fb[row + x]! & keep) | (src & planes);
    }
  }
}
