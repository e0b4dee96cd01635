/**
 * Emulator hotkeys, seen by the play loop before the machine sees input:
 *
 *   Escape            quit
 *   P / Pause         pause or resume
 *   N                 run one frame while paused
 *   Ctrl+R            reset the machine
 *   F1..F9            load save state slot 1..9
 *   Shift+F1..F9      save to slot 1..9
 *   Tab (held)        fast-forward
 *   Backspace (held)  rewind, through the last seconds
 *   F11 / Alt+Return  toggle fullscreen
 *   F12               screenshot (PNG)
 *   Minus / Equals    slower / faster (SPEED_STEPS, 0.25x to 4x)
 *
 * The save-state, fast-forward, rewind and reset keys are Mesen's (the
 * slots also Snes9x's), chosen clear of the CHIP-8 keypad (1-4 Q-R A-F Z-V).
 * A hotkey's key-up is swallowed too, so the machine never sees half a press.
 * "alt", "shift" and "ctrl" are tracked (and still passed on) so that
 * Alt+Return, Shift+F1 and Ctrl+R can be told from the plain keys.
 */
import type { InputEvent } from "./types.js";

export const SPEED_STEPS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4];

export type HotkeyAction =
  | "quit" | "pause" | "step" | "reset" | "fullscreen" | "screenshot" | "slower" | "faster" | "save-state" | "load-state";

/** Keys that act while they are held. */
export type HeldAction = "fast-forward" | "rewind";

const HELD_KEYS: ReadonlyMap<string, HeldAction> = new Map<string, HeldAction>([["tab", "fast-forward"], ["backspace", "rewind"]]);

const KEY_ACTIONS: ReadonlyMap<string, HotkeyAction> = new Map<string, HotkeyAction>([
  ["escape", "quit"],
  ["p", "pause"],
  ["pause", "pause"],
  ["n", "step"],
  ["f11", "fullscreen"],
  ["f12", "screenshot"],
  ["minus", "slower"],
  ["equals", "faster"],
]);

/** What became of one input event. */
export type HotkeyResult =
  | { readonly kind: "action"; readonly action: HotkeyAction; readonly slot?: number }
  | { readonly kind: "held"; readonly action: HeldAction; readonly down: boolean }
  | { readonly kind: "swallowed" }
  | { readonly kind: "machine" };

const SWALLOWED: HotkeyResult = { kind: "swallowed" };
const FOR_MACHINE: HotkeyResult = { kind: "machine" };
/** One result object per action, made on first use: filtering allocates nothing after that. */
const ACTION_RESULTS = new Map<HotkeyAction, HotkeyResult>();

function actionResult(action: HotkeyAction): HotkeyResult {
  let result = ACTION_RESULTS.get(action);
  if (result === undefined) {
    result = { kind: "action", action };
    ACTION_RESULTS.set(action, result);
  }
  return result;
}

/** F1..F9 -> 1..9, else 0. */
function slotOf(key: string): number {
  const m = /^f([1-9])$/.exec(key);
  return m === null ? 0 : Number(m[1]);
}

export class HotkeyFilter {
  private altHeld = false;
  private altReturnHeld = false;
  private shiftHeld = false;
  private ctrlHeld = false;
  /** Ctrl+R went down: its release is swallowed too, even after Ctrl is let go. */
  private ctrlRHeld = false;

  /** Classify an event: a hotkey action, a swallowed hotkey release, or input for the machine. */
  filter(ev: InputEvent): HotkeyResult {
    if (ev.type === "quit") return actionResult("quit");
    if (ev.type !== "key") return FOR_MACHINE;
    if (ev.key === "alt") {
      this.altHeld = ev.down;
      return FOR_MACHINE;
    }
    if (ev.key === "shift" || ev.key === "ctrl") {
      if (ev.key === "shift") this.shiftHeld = ev.down;
      else this.ctrlHeld = ev.down;
      return FOR_MACHINE;
    }
    if (ev.key === "r" && (this.ctrlHeld || this.ctrlRHeld)) {
      this.ctrlRHeld = ev.down;
      return ev.down ? actionResult("reset") : SWALLOWED;
    }
    const slot = slotOf(ev.key);
    if (slot > 0) return ev.down ? { kind: "action", action: this.shiftHeld ? "save-state" : "load-state", slot } : SWALLOWED;
    const held = HELD_KEYS.get(ev.key);
    if (held !== undefined) return { kind: "held", action: held, down: ev.down };
    if (ev.key === "return") {
      if (ev.down && this.altHeld) {
        this.altReturnHeld = true;
        return actionResult("fullscreen");
      }
      if (!ev.down && this.altReturnHeld) {
        this.altReturnHeld = false;
        return SWALLOWED;
      }
      return FOR_MACHINE;
    }
    const action = KEY_ACTIONS.get(ev.key);
    if (action === undefined) return FOR_MACHINE;
    return ev.down ? actionResult(action) : SWALLOWED;
  }
}

/** The next speed step from `current` in direction -1 (slower) or +1 (faster), clamped. */
export function nextSpeed(current: number, direction: -1 | 1): number {
  let index = SPEED_STEPS.indexOf(current);
  if (index < 0) index = SPEED_STEPS.indexOf(1);
  const next = Math.min(SPEED_STEPS.length - 1, Math.max(0, index + direction));
  return SPEED_STEPS[next]!;
}
