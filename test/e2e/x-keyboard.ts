/**
 * Press keys through the X server: XSendEvent of core KeyPress/KeyRelease
 * events (Xlib manual, ch. 11.6 "Sending Events to Other Applications") to
 * the top-level window of the given size, over a connection of our own. The
 * receiving client (SDL) turns the X keycode into its scancode and keycode
 * itself, as for a real keyboard. Only libX11 is needed (no XTEST library).
 *
 * XKeyEvent layout (X11/Xlib.h, x86-64; XEvent is a 192-byte union):
 * type i32 @0, serial u64 @8, send_event i32 @16, display ptr @24,
 * window u64 @32, root u64 @40, subwindow u64 @48, time u64 @56,
 * x i32 @64, y @68, x_root @72, y_root @76, state u32 @80, keycode u32 @84,
 * same_screen i32 @88.
 */
import koffi from "koffi";

/** Event types and masks (X.h). */
const KEY_PRESS = 2;
const KEY_RELEASE = 3;
const KEY_PRESS_MASK = 1 << 0;
const KEY_RELEASE_MASK = 1 << 1;
const XEVENT_SIZE = 192;

/** Keysyms (X11/keysymdef.h) for the host key names the test uses. */
const KEYSYMS: Readonly<Record<string, number>> = { v: 0x0076, up: 0xff52, escape: 0xff1b };

interface XKeyboardLib {
  XOpenDisplay(name: string): unknown;
  XCloseDisplay(display: unknown): number;
  XDefaultRootWindow(display: unknown): bigint | number;
  XQueryTree(display: unknown, w: bigint | number, root: unknown[], parent: unknown[], children: unknown[], count: number[]): number;
  XGetGeometry(display: unknown, d: bigint | number, root: unknown[], x: number[], y: number[], w: number[], h: number[],
    border: number[], depth: number[]): number;
  XKeysymToKeycode(display: unknown, keysym: number): number;
  XSendEvent(display: unknown, w: bigint | number, propagate: number, mask: number, event: Uint8Array): number;
  XSync(display: unknown, discard: number): number;
  XFree(data: unknown): number;
}

let lib: XKeyboardLib | null = null;

function load(): XKeyboardLib {
  if (lib) return lib;
  const x11 = koffi.load("libX11.so.6");
  lib = {
    XOpenDisplay: x11.func("void *XOpenDisplay(const char *name)"),
    XCloseDisplay: x11.func("int XCloseDisplay(void *display)"),
    XDefaultRootWindow: x11.func("unsigned long XDefaultRootWindow(void *display)"),
    XQueryTree: x11.func("int XQueryTree(void *display, unsigned long w, _Out_ unsigned long *root, _Out_ unsigned long *parent, _Out_ void **children, _Out_ unsigned int *count)"),
    XGetGeometry: x11.func("int XGetGeometry(void *display, unsigned long d, _Out_ unsigned long *root, _Out_ int *x, _Out_ int *y, _Out_ unsigned int *w, _Out_ unsigned int *h, _Out_ unsigned int *border, _Out_ unsigned int *depth)"),
    XKeysymToKeycode: x11.func("uint8_t XKeysymToKeycode(void *display, unsigned long keysym)"),
    XSendEvent: x11.func("int XSendEvent(void *display, unsigned long w, int propagate, long mask, void *event)"),
    XSync: x11.func("int XSync(void *display, int discard)"),
    XFree: x11.func("int XFree(void *data)"),
  };
  return lib;
}

/** A keyboard on `display` aimed at the top-level window of `width` x `height`. */
export class XKeyboard {
  private readonly x = load();
  private readonly connection: unknown;
  private readonly root: bigint | number;
  private readonly window: bigint | number;
  private readonly event = new Uint8Array(XEVENT_SIZE);

  constructor(display: string, width: number, height: number) {
    const x = this.x;
    this.connection = x.XOpenDisplay(display);
    if (!this.connection) throw new Error(`XOpenDisplay(${display}) failed`);
    this.root = x.XDefaultRootWindow(this.connection);
    const found = this.findWindow(width, height);
    if (found === null) {
      x.XCloseDisplay(this.connection);
      throw new Error(`no ${width}x${height} window on ${display}`);
    }
    this.window = found;
  }

  /** The topmost child of the root with that size (XQueryTree lists children bottom to top). */
  private findWindow(width: number, height: number): bigint | number | null {
    const x = this.x;
    const root: unknown[] = [null];
    const parent: unknown[] = [null];
    const childrenOut: unknown[] = [null];
    const count = [0];
    if (!x.XQueryTree(this.connection, this.root, root, parent, childrenOut, count) || !childrenOut[0]) return null;
    const children = koffi.decode(childrenOut[0], koffi.array("unsigned long", count[0]!)) as ArrayLike<bigint | number>;
    let found: bigint | number | null = null;
    for (let i = 0; i < count[0]!; i++) {
      const w = [0], h = [0];
      if (x.XGetGeometry(this.connection, children[i]!, [null], [0], [0], w, h, [0], [0]) && w[0] === width && h[0] === height) {
        found = children[i]!;
      }
    }
    x.XFree(childrenOut[0]);
    return found;
  }

  /** Press (down) or release a key named as in HostKey ("v", "up", "escape"). */
  key(name: string, down: boolean): void {
    const keysym = KEYSYMS[name];
    if (keysym === undefined) throw new Error(`no keysym for "${name}"`);
    const keycode = this.x.XKeysymToKeycode(this.connection, keysym);
    if (keycode === 0) throw new Error(`the X server has no keycode for keysym 0x${keysym.toString(16)}`);
    const e = this.event;
    e.fill(0);
    const view = new DataView(e.buffer);
    view.setInt32(0, down ? KEY_PRESS : KEY_RELEASE, true);
    view.setBigUint64(32, BigInt(this.window), true);
    view.setBigUint64(40, BigInt(this.root), true);
    view.setInt32(64, 1, true); // x, y inside the window; x_root, y_root
    view.setInt32(68, 1, true);
    view.setInt32(72, 1, true);
    view.setInt32(76, 1, true);
    view.setUint32(84, keycode, true);
    view.setInt32(88, 1, true); // same_screen
    const mask = down ? KEY_PRESS_MASK : KEY_RELEASE_MASK;
    if (this.x.XSendEvent(this.connection, this.window, 0, mask, e) === 0) throw new Error("XSendEvent failed");
    this.x.XSync(this.connection, 0);
  }

  close(): void {
    this.x.XCloseDisplay(this.connection);
  }
}
