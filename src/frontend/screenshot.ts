/** Screenshots from the play loop: `ejemu-YYYYMMDD-HHMMSS.png` in local time. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writePng } from "../png.js";
import type { VideoFrame } from "./types.js";

function two(n: number): string {
  return n.toString().padStart(2, "0");
}

/** `ejemu-YYYYMMDD-HHMMSS.png` for the given local date and time. */
export function screenshotFileName(date: Date): string {
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `ejemu-${day}-${time}.png`;
}

/**
 * Write `frame` into `dir` and return the path. A second shot in the same
 * second gets a suffix (-2, -3, ...) instead of overwriting the first.
 */
export function saveScreenshot(dir: string, frame: VideoFrame, date: Date = new Date()): string {
  const base = screenshotFileName(date).slice(0, -".png".length);
  let path = join(dir, `${base}.png`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${base}-${n}.png`);
  writePng(path, frame);
  return path;
}
