/**
 * What the running commands share: scripted input (`--keys`), memory pokes
 * (`--poke`), and running a machine for a number of frames with the script
 * applied before the frames it names.
 */
import type { Machine } from "../machines/machine.js";
import { parseInteger, usageError } from "./common.js";

export interface KeyEvent {
  readonly frame: number;
  /** The guest key's name (one of Machine.guestKeys). */
  readonly key: string;
  readonly down: boolean;
}

export const KEYS_HELP = "press (+) or release (-) the guest's key K before frame F (frames count from 0)";

/** "12:5+,20:5-" -> events sorted by frame (stable: script order within a frame). */
export function parseKeyScript(script: string | undefined): KeyEvent[] {
  if (script === undefined) return [];
  const events = script.split(",").filter((s) => s.trim() !== "").map((item) => {
    const m = /^\s*(\d+):([0-9a-z]+)([+-])\s*$/i.exec(item);
    if (m === null) throw usageError(`bad --keys item '${item}': expected FRAME:KEY+ or FRAME:KEY-`);
    return { frame: parseInt(m[1]!, 10), key: m[2]!.toLowerCase(), down: m[3] === "+" };
  });
  return events.sort((a, b) => a.frame - b.frame);
}

/** Every key of the script must be one of the machine's. */
export function checkKeys(script: readonly KeyEvent[], machine: Machine): void {
  const bad = script.find((ev) => !machine.guestKeys.includes(ev.key));
  if (bad === undefined) return;
  const keys = machine.guestKeys.length === 0 ? "this machine has no keys" : `keys are ${machine.guestKeys.join(" ")}`;
  throw usageError(`--keys: no key '${bad.key}' (${keys})`);
}

/** `--peek ADDR[:LEN]`: an address and a length (1 by default), within the machine's bus. */
export function parsePeek(text: string, mask: number): { address: number; length: number } {
  const m = /^([^:]+)(?::(.+))?$/.exec(text);
  if (m === null) throw usageError(`bad --peek '${text}': expected ADDR or ADDR:LEN`);
  const address = parseInteger(m[1]!, "--peek address", 0, mask);
  const length = m[2] === undefined ? 1 : parseInteger(m[2], "--peek length", 1, mask + 1 - address);
  return { address, length };
}

/** The bytes at each peek, as `{ "0x6000": "deb061" }` (four hex digits, lowercase bytes). */
export function peekBytes(machine: Machine, peeks: readonly { address: number; length: number }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { address, length } of peeks) {
    let hex = "";
    for (let k = 0; k < length; k++) hex += machine.peek(address + k).toString(16).padStart(2, "0");
    out[`0x${address.toString(16).padStart(4, "0")}`] = hex;
  }
  return out;
}

/** "0x300=0x12" -> [address, value]. */
export function parsePoke(text: string): [number, number] {
  const m = /^([^=]+)=(.+)$/.exec(text);
  if (m === null) throw usageError(`bad --poke '${text}': expected ADDR=VALUE`);
  return [parseInteger(m[1]!, "--poke address", 0, 0xffff), parseInteger(m[2]!, "--poke value", 0, 0xff)];
}

/** Press and release what the script says for `frame` (events from `next` on); returns the next event's index. */
export function applyKeys(machine: Machine, script: readonly KeyEvent[], frame: number, next: number): number {
  while (next < script.length && script[next]!.frame <= frame) {
    const ev = script[next++]!;
    machine.setGuestKey(ev.key, ev.down);
  }
  return next;
}

/**
 * Run `frames` frames (Infinity: until the guest stops), pressing and
 * releasing scripted keys before the frames they name; the frames between
 * script events run in one call. Returns the frames run.
 */
export function runScripted(machine: Machine, frames: number, script: readonly KeyEvent[]): number {
  let next = 0;
  let frame = 0;
  while (frame < frames && machine.stopped === undefined) {
    next = applyKeys(machine, script, frame, next);
    const until = next < script.length ? Math.min(frames, script[next]!.frame) : frames;
    const ran = machine.runFrames(until - frame);
    if (ran === 0) break;
    frame += ran;
  }
  return frame;
}
