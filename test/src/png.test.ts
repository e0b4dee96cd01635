import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 as zlibCrc32, inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { crc32, encodePng, PNG_SIGNATURE, writePng } from "../../src/png.js";
import type { VideoFrame } from "../../src/frontend/types.js";
import { requireTools } from "../tools.js";

interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  chunkTypes: string[];
  pixels: Uint32Array;
}

/** An independent decoder for what encodePng writes: checks CRCs with node:zlib's crc32. */
function decodePng(png: Uint8Array): DecodedPng {
  expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunkTypes: string[] = [];
  const idat: Uint8Array[] = [];
  let width = 0, height = 0, colorType = -1;
  let at = 8;
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    const storedCrc = view.getUint32(at + 8 + length);
    expect(storedCrc).toBe(zlibCrc32(png.subarray(at + 4, at + 8 + length)));
    chunkTypes.push(type);
    if (type === "IHDR") {
      const h = new DataView(data.buffer, data.byteOffset, data.byteLength);
      width = h.getUint32(0);
      height = h.getUint32(4);
      expect(data[8]).toBe(8);
      colorType = data[9]!;
      expect(Array.from(data.subarray(10, 13))).toEqual([0, 0, 0]);
    } else if (type === "IDAT") {
      idat.push(data);
    }
    at += 12 + length;
  }
  expect(at).toBe(png.length);
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = colorType === 6 ? 4 : 3;
  const stride = 1 + width * bpp;
  expect(raw.length).toBe(stride * height);
  const pixels = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0);
    for (let x = 0; x < width; x++) {
      const o = y * stride + 1 + x * bpp;
      const a = bpp === 4 ? raw[o + 3]! : 0xff;
      pixels[y * width + x] = ((a << 24) | (raw[o]! << 16) | (raw[o + 1]! << 8) | raw[o + 2]!) >>> 0;
    }
  }
  return { width, height, colorType, chunkTypes, pixels };
}

function gradient(width: number, height: number, alpha: (x: number, y: number) => number): VideoFrame {
  const pixels = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels[y * width + x] = ((alpha(x, y) << 24) | ((x * 37) & 0xff) << 16 | ((y * 91) & 0xff) << 8 | ((x ^ y) * 13 & 0xff)) >>> 0;
    }
  }
  return { width, height, pixels };
}

const tmp = mkdtempSync(join(tmpdir(), "ejemu-png-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("crc32", () => {
  it("matches the standard check value and node:zlib", () => {
    const ascii = new TextEncoder().encode("123456789");
    expect(crc32(ascii)).toBe(0xcbf43926);
    const bytes = new Uint8Array(1000).map((_, i) => (i * 7919) & 0xff);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    expect(crc32(bytes, 10, 500)).toBe(zlibCrc32(bytes.subarray(10, 500)));
  });
});

describe("encodePng", () => {
  it("writes an opaque frame as RGB and every pixel decodes back exactly", () => {
    const frame = gradient(67, 31, () => 0xff);
    const decoded = decodePng(encodePng(frame));
    expect(decoded.chunkTypes).toEqual(["IHDR", "IDAT", "IEND"]);
    expect([decoded.width, decoded.height, decoded.colorType]).toEqual([67, 31, 2]);
    expect(decoded.pixels).toEqual(frame.pixels);
  });

  it("writes RGBA when a pixel is not opaque, keeping the alpha", () => {
    const frame = gradient(5, 9, (x, y) => (x + y * 5) * 5);
    const decoded = decodePng(encodePng(frame));
    expect(decoded.colorType).toBe(6);
    expect(decoded.pixels).toEqual(frame.pixels);
  });

  it("honours a forced colour type", () => {
    const frame = gradient(3, 2, () => 0xff);
    expect(decodePng(encodePng(frame, { alpha: true })).colorType).toBe(6);
    expect(decodePng(encodePng(frame, { alpha: true })).pixels).toEqual(frame.pixels);
  });

  it("encodes a 1x1 frame to the exact expected bytes around IDAT", () => {
    const png = encodePng({ width: 1, height: 1, pixels: Uint32Array.of(0xff123456) });
    // IHDR: length 13, "IHDR", 1x1, depth 8, colour 2, methods 0, CRC 0x907753de.
    const ihdr = Buffer.from("0000000d4948445200000001000000010802000000907753de", "hex");
    expect(Buffer.from(png.subarray(8, 33))).toEqual(ihdr);
    expect(Buffer.from(png.subarray(png.length - 12)).toString("hex")).toBe("0000000049454e44ae426082");
    expect(decodePng(png).pixels).toEqual(Uint32Array.of(0xff123456));
  });

  it("rejects a frame with too few pixels with one clear message", () => {
    expect(() => encodePng({ width: 4, height: 4, pixels: new Uint32Array(3) })).toThrow(
      "PNG: 3 pixels for a 4x4 picture",
    );
  });

  it("writes a file that an independent decoder (python3 zlib) accepts", (ctx) => {
    requireTools(ctx, "python3");
    const frame = gradient(16, 8, () => 0xff);
    const path = join(tmp, "shot.png");
    writePng(path, frame);
    expect(decodePng(new Uint8Array(readFileSync(path))).pixels).toEqual(frame.pixels);
    const script = [
      "import sys, struct, zlib",
      "d = open(sys.argv[1], 'rb').read()",
      "assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'",
      "i = 8; idat = b''",
      "while i < len(d):",
      "  n, t = struct.unpack('>I4s', d[i:i+8]); body = d[i+8:i+8+n]",
      "  assert struct.unpack('>I', d[i+8+n:i+12+n])[0] == zlib.crc32(t + body)",
      "  if t == b'IHDR': w, h = struct.unpack('>II', body[:8])",
      "  if t == b'IDAT': idat += body",
      "  i += 12 + n",
      "raw = zlib.decompress(idat); s = 1 + 3 * w",
      "print(w, h, raw[s * 3 + 1 + 3 * 5: s * 3 + 1 + 3 * 5 + 3].hex())",
    ].join("\n");
    const out = execFileSync("python3", ["-c", script, path], { encoding: "utf8" }).trim();
    const p = frame.pixels[3 * 16 + 5]!;
    const rgb = [(p >>> 16) & 0xff, (p >>> 8) & 0xff, p & 0xff].map((v) => v.toString(16).padStart(2, "0")).join("");
    expect(out).toBe(`16 8 ${rgb}`);
  });
});
