/**
 * SDL_Event decoding. The event is a 56-byte union read by offset; the
 * offsets below were checked with offsetof() against SDL2 2.26's
 * SDL_events.h on x86-64 (all little-endian):
 *
 *   common            type u32 @0, timestamp u32 @4
 *   SDL_KeyboardEvent windowID u32 @8, state u8 @12, repeat u8 @13,
 *                     keysym @16 = { scancode i32 @16, sym i32 @20, mod u16 @24 }
 *   SDL_WindowEvent   windowID u32 @8, event u8 @12, data1 i32 @16, data2 i32 @20
 *   SDL_ControllerButtonEvent  which i32 @8, button u8 @12, state u8 @13
 *   SDL_ControllerDeviceEvent  which i32 @8 (device index when added,
 *                              instance id when removed)
 */
import type { HostKey, PadButton } from "../types.js";

/** SDL_EventType values (SDL_events.h). */
export const SDL_QUIT = 0x100;
export const SDL_WINDOWEVENT = 0x200;
export const SDL_KEYDOWN = 0x300;
export const SDL_KEYUP = 0x301;
export const SDL_CONTROLLERBUTTONDOWN = 0x651;
export const SDL_CONTROLLERBUTTONUP = 0x652;
export const SDL_CONTROLLERDEVICEADDED = 0x653;
export const SDL_CONTROLLERDEVICEREMOVED = 0x654;

/** SDL_WindowEventID values (SDL_video.h). */
export const SDL_WINDOWEVENT_EXPOSED = 3;
export const SDL_WINDOWEVENT_SIZE_CHANGED = 6;
export const SDL_WINDOWEVENT_CLOSE = 14;

export const EVENT_TYPE_OFFSET = 0;
export const KEY_STATE_OFFSET = 12;
export const KEY_REPEAT_OFFSET = 13;
export const KEY_SYM_OFFSET = 20;
export const WINDOW_EVENT_ID_OFFSET = 12;
export const CONTROLLER_WHICH_OFFSET = 8;
export const CONTROLLER_BUTTON_OFFSET = 12;

/** SDL keycodes: printable keys are their ASCII code; others are scancode | 1 << 30 (SDL_keycode.h). */
const SCANCODE_KEY = 1 << 30;

function buildKeyMap(): Map<number, HostKey> {
  const map = new Map<number, HostKey>();
  for (let c = 0x61; c <= 0x7a; c++) map.set(c, String.fromCharCode(c)); // SDLK_a..SDLK_z
  for (let c = 0x30; c <= 0x39; c++) map.set(c, String.fromCharCode(c)); // SDLK_0..SDLK_9
  const ascii: [number, HostKey][] = [
    [0x1b, "escape"], [0x20, "space"], [0x0d, "return"], [0x09, "tab"], [0x08, "backspace"],
    [0x2d, "minus"], [0x3d, "equals"], [0x2e, "period"], [0x2c, "comma"], [0x2f, "slash"],
  ];
  for (const [code, name] of ascii) map.set(code, name);
  // SDL_SCANCODE_F1..F12 = 58..69.
  for (let n = 1; n <= 12; n++) map.set(SCANCODE_KEY | (57 + n), `f${n}`);
  const scancodes: [number, HostKey][] = [
    [72, "pause"], [79, "right"], [80, "left"], [81, "down"], [82, "up"],
    [88, "return"], // SDL_SCANCODE_KP_ENTER
    [224, "ctrl"], [225, "shift"], [226, "alt"], // left ctrl, shift, alt
    [228, "ctrl"], [229, "shift"], [230, "alt"], // right ctrl, shift, alt
  ];
  for (const [scancode, name] of scancodes) map.set(SCANCODE_KEY | scancode, name);
  return map;
}

/** SDL keycode (keysym.sym) -> HostKey; keys not listed are ignored. */
export const SDL_KEYCODE_TO_HOST: ReadonlyMap<number, HostKey> = buildKeyMap();

/** HostKey -> SDL keycode (the first keycode that maps to it), for synthetic events in tests. */
export const HOST_TO_SDL_KEYCODE: ReadonlyMap<HostKey, number> = (() => {
  const map = new Map<HostKey, number>();
  for (const [code, name] of SDL_KEYCODE_TO_HOST) if (!map.has(name)) map.set(name, code);
  return map;
})();

/** SDL_GameControllerButton values 0..14 (SDL_gamecontroller.h); stick clicks are not reported. */
export const SDL_CONTROLLER_BUTTONS: readonly (PadButton | null)[] = [
  "a", "b", "x", "y", "back", "guide", "start",
  null, null, // left stick, right stick
  "leftshoulder", "rightshoulder", "dpup", "dpdown", "dpleft", "dpright",
];

/** Fill `buf` (SDL_EVENT_SIZE bytes) with a key event, as SDL_PushEvent wants it. */
export function encodeKeyEvent(buf: Uint8Array, key: HostKey, down: boolean): void {
  const code = HOST_TO_SDL_KEYCODE.get(key);
  if (code === undefined) throw new Error(`no SDL keycode for host key "${key}"`);
  buf.fill(0);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint32(EVENT_TYPE_OFFSET, down ? SDL_KEYDOWN : SDL_KEYUP, true);
  buf[KEY_STATE_OFFSET] = down ? 1 : 0; // SDL_PRESSED / SDL_RELEASED
  view.setInt32(KEY_SYM_OFFSET, code, true);
}

/** Fill `buf` with a controller button event (for tests). */
export function encodeControllerButtonEvent(buf: Uint8Array, which: number, button: PadButton, down: boolean): void {
  const index = SDL_CONTROLLER_BUTTONS.indexOf(button);
  buf.fill(0);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint32(EVENT_TYPE_OFFSET, down ? SDL_CONTROLLERBUTTONDOWN : SDL_CONTROLLERBUTTONUP, true);
  view.setInt32(CONTROLLER_WHICH_OFFSET, which, true);
  buf[CONTROLLER_BUTTON_OFFSET] = index;
  buf[CONTROLLER_BUTTON_OFFSET + 1] = down ? 1 : 0;
}
