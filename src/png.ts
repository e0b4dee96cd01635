/**
 * PNG writer for screenshots (PNG specification, ISO/IEC 15948 / W3C PNG 2nd
 * edition): signature, IHDR, one IDAT (zlib stream from node:zlib), IEND.
 * Each chunk is length (u32 BE), type, data, CRC-32 of type+data.
 * Colour type 2 (RGB, 8 bits) when every pixel is opaque, else colour type 6
 * (RGBA, 8 bits). Filter type 0 (None) on every scanline: screenshots of
 * guest pictures are flat colours that deflate well without prediction.
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import type { VideoFrame } from "./frontend/types.js";

/** The 8 bytes every PNG starts with (PNG spec 5.2). */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG colour types used here (PNG spec 11.2.2, IHDR). */
export const PNG_COLOR_RGB = 2;
export const PNG_COLOR_RGBA = 6;

/** CRC-32 table for the reflected polynomial 0xEDB88320 (PNG spec annex D). */
const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (as used by PNG and zlib's crc32) of bytes[start, end). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface PngOptions {
  /** Force RGBA (true) or RGB (false); default: RGB unless a pixel is not opaque. */
  readonly alpha?: boolean;
}

function isOpaque(pixels: Uint32Array): boolean {
  for (let i = 0; i < pixels.length; i++) if (pixels[i]! >>> 24 !== 0xff) return false;
  return true;
}

/** Raw scanlines: per row a filter byte 0 then R,G,B(,A) per pixel. */
function scanlines(frame: VideoFrame, alpha: boolean): Uint8Array {
  const { width, height, pixels } = frame;
  const bpp = alpha ? 4 : 3;
  const stride = 1 + width * bpp;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    let o = y * stride + 1;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const p = pixels[row + x]!;
      raw[o++] = (p >>> 16) & 0xff;
      raw[o++] = (p >>> 8) & 0xff;
      raw[o++] = p & 0xff;
      if (alpha) raw[o++] = p >>> 24;
    }
  }
  return raw;
}

function writeChunk(out: Uint8Array, at: number, type: string, data: Uint8Array): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(at, data.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(data, at + 8);
  view.setUint32(at + 8 + data.length, crc32(out, at + 4, at + 8 + data.length));
  return at + 12 + data.length;
}

/** Encode a frame (0xAARRGGBB pixels) as a complete PNG file. */
export function encodePng(frame: VideoFrame, options: PngOptions = {}): Uint8Array {
  const { width, height, pixels } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`PNG: bad picture size ${width}x${height}`);
  }
  if (pixels.length < width * height) {
    throw new Error(`PNG: ${pixels.length} pixels for a ${width}x${height} picture`);
  }
  const alpha = options.alpha ?? !isOpaque(pixels.subarray(0, width * height));
  const ihdr = new Uint8Array(13);
  const ihdrView = new DataView(ihdr.buffer);
  ihdrView.setUint32(0, width);
  ihdrView.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = alpha ? PNG_COLOR_RGBA : PNG_COLOR_RGB;
  // compression 0 (deflate), filter method 0, interlace 0 (none): bytes 10..12 stay 0.
  const idat = deflateSync(scanlines(frame, alpha));
  const total = 8 + (12 + 13) + (12 + idat.length) + 12;
  const out = new Uint8Array(total);
  out.set(PNG_SIGNATURE, 0);
  let at = writeChunk(out, 8, "IHDR", ihdr);
  at = writeChunk(out, at, "IDAT", idat);
  writeChunk(out, at, "IEND", new Uint8Array(0));
  return out;
}

/** Write a frame to `path` as PNG. */
export function writePng(path: string, frame: VideoFrame, options: PngOptions = {}): void {
  writeFileSync(path, encodePng(frame, options));
}
