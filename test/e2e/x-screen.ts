/**
 * Read what an X server shows: the root window's pixels through libX11's
 * XGetImage (Xlib manual, ch. 8.7 "Transferring Images between Client and
 * Server"), over a connection of our own, so the picture is the one the
 * server holds and not the SDL renderer's copy. XGetImage on the root window
 * returns the screen contents including the windows on it.
 *
 * XImage layout (X11/Xlib.h, x86-64): width i32 @0, height i32 @4,
 * xoffset i32 @8, format i32 @12, data char* @16, byte_order i32 @24,
 * bitmap_unit @28, bitmap_bit_order @32, bitmap_pad @36, depth @40,
 * bytes_per_line @44, bits_per_pixel @48. A 24-bit TrueColor Xvfb screen
 * has 32 bits per pixel, 0x00RRGGBB, least significant byte first.
 */
import koffi from "koffi";
import type { VideoFrame } from "../../src/frontend/types.js";

/** ZPixmap (X.h): pixels packed as in the server's framebuffer. */
const Z_PIXMAP = 2;
const LSB_FIRST = 0;

interface XImageHead {
  width: number;
  height: number;
  xoffset: number;
  format: number;
  data: unknown;
  byte_order: number;
  bitmap_unit: number;
  bitmap_bit_order: number;
  bitmap_pad: number;
  depth: number;
  bytes_per_line: number;
  bits_per_pixel: number;
}

interface Xlib {
  XOpenDisplay(name: string): unknown;
  XCloseDisplay(display: unknown): number;
  XDefaultRootWindow(display: unknown): number | bigint;
  XGetImage(display: unknown, drawable: number | bigint, x: number, y: number, w: number, h: number,
    planeMask: number, format: number): unknown;
  XFree(data: unknown): number;
}

let xlib: Xlib | null = null;
let imageHead: koffi.IKoffiCType | null = null;

function loadXlib(): Xlib {
  if (xlib) return xlib;
  const lib = koffi.load("libX11.so.6");
  imageHead = koffi.struct("EjemuXImageHead", {
    width: "int", height: "int", xoffset: "int", format: "int", data: "void *", byte_order: "int",
    bitmap_unit: "int", bitmap_bit_order: "int", bitmap_pad: "int", depth: "int",
    bytes_per_line: "int", bits_per_pixel: "int",
  });
  xlib = {
    XOpenDisplay: lib.func("void *XOpenDisplay(const char *name)"),
    XCloseDisplay: lib.func("int XCloseDisplay(void *display)"),
    XDefaultRootWindow: lib.func("unsigned long XDefaultRootWindow(void *display)"),
    XGetImage: lib.func("void *XGetImage(void *display, unsigned long d, int x, int y, unsigned int w, unsigned int h, unsigned long plane_mask, int format)"),
    XFree: lib.func("int XFree(void *data)"),
  };
  return xlib;
}

/** The top-left `width` x `height` pixels of `display`'s screen as opaque 0xFFRRGGBB. */
export function readXScreen(display: string, width: number, height: number): VideoFrame {
  const x = loadXlib();
  const connection = x.XOpenDisplay(display);
  if (!connection) throw new Error(`XOpenDisplay(${display}) failed`);
  try {
    const image = x.XGetImage(connection, x.XDefaultRootWindow(connection), 0, 0, width, height, 0xffffff, Z_PIXMAP);
    if (!image) throw new Error(`XGetImage ${width}x${height} on ${display} failed`);
    const head = koffi.decode(image, imageHead!) as XImageHead;
    try {
      if (head.bits_per_pixel !== 32 || head.byte_order !== LSB_FIRST || head.depth !== 24) {
        throw new Error(`unexpected X image: depth ${head.depth}, ${head.bits_per_pixel} bpp, byte order ${head.byte_order}`);
      }
      const bytes = koffi.decode(head.data, koffi.array("uint8", head.bytes_per_line * height)) as Uint8Array;
      const rows = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const pixels = new Uint32Array(width * height);
      for (let row = 0; row < height; row++) {
        for (let col = 0; col < width; col++) {
          pixels[row * width + col] = (0xff000000 | rows.getUint32(row * head.bytes_per_line + col * 4, true)) >>> 0;
        }
      }
      return { width, height, pixels };
    } finally {
      // XDestroyImage is a macro; for an image XGetImage made it frees data, then the struct.
      x.XFree(head.data);
      x.XFree(image);
    }
  } finally {
    x.XCloseDisplay(connection);
  }
}
