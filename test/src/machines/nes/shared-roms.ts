/**
 * The shared NES test ROMs (../shared/tests/nes beside the repository; see
 * its README): read at test time, never copied into the repository, and
 * the runners for the ways they report.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCartridge } from "../../../../src/machines/nes/cartridge.js";
import { NesMachine } from "../../../../src/machines/nes/machine.js";

export const nesRoot = fileURLToPath(new URL("../../../../../shared/tests/nes/", import.meta.url));

export function loadShared(path: string): NesMachine {
  return new NesMachine(parseCartridge(readFileSync(nesRoot + path)), { title: path });
}

export interface ProtocolResult {
  /** The final code ($00 pass, else the failed subtest), or "timeout" / "stopped". */
  readonly code: number | "timeout" | "stopped";
  /** The message at $6004, trimmed. */
  readonly message: string;
  readonly frames: number;
}

/** A frame is 1/60.0988 s: the reset button is pressed this many frames after $81 appears (more than 100 ms). */
const RESET_DELAY_FRAMES = 7;

/**
 * blargg's $6000 protocol: DE B0 61 at $6001-$6003 once started; $6000 is
 * $80 while running, $81 to ask for the reset button (pressed after at
 * least 100 ms of emulated time), $00-$7F when done.
 */
export function runProtocol(m: NesMachine, maxFrames: number): ProtocolResult {
  let resetAt = -1;
  for (let f = 0; f < maxFrames; f++) {
    if (m.runFrames(1) === 0) return { code: "stopped", message: m.stopped?.reason ?? "", frames: f };
    if (m.peek(0x6001) !== 0xde || m.peek(0x6002) !== 0xb0 || m.peek(0x6003) !== 0x61) continue;
    const status = m.peek(0x6000);
    if (status === 0x81) {
      if (resetAt < 0) resetAt = f + RESET_DELAY_FRAMES;
      else if (f >= resetAt) {
        m.reset();
        resetAt = -1;
      }
    } else if (status < 0x80) {
      return { code: status, message: message(m), frames: f + 1 };
    }
  }
  return { code: "timeout", message: message(m), frames: maxFrames };
}

function message(m: NesMachine): string {
  let text = "";
  for (let a = 0x6004; a < 0x7000 && m.peek(a) !== 0; a++) text += String.fromCharCode(m.peek(a));
  return text.trim();
}

/**
 * The 2005 sprite-hit tests: the result byte at $F8 (1 pass, 2+ the failed
 * test; it holds the running test's number meanwhile) once the test has
 * ended in its closed loop, a JMP to itself.
 */
export function runSpriteHit(m: NesMachine, maxFrames: number): { result: number; frames: number } {
  for (let f = 0; f < maxFrames; f++) {
    m.runFrames(1);
    const pc = m.nes.cpu.pc;
    if (m.peek(pc) === 0x4c && (m.peek(pc + 1) | (m.peek(pc + 2) << 8)) === pc) return { result: m.peek(0xf8), frames: f + 1 };
  }
  return { result: -1, frames: maxFrames };
}
