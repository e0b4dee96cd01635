import { describe, expect, it } from "vitest";
import { TerminalFrontend, type TerminalInputStream, type TerminalOutput } from "../../../src/frontend/terminal/frontend.js";
import { FIRST_HOLD_MS, KeyHoldTracker, REPEAT_HOLD_MS } from "../../../src/frontend/terminal/key-hold.js";
import { parseTerminalInput } from "../../../src/frontend/terminal/keys.js";
import { fitPicture, renderFrameAnsi } from "../../../src/frontend/terminal/render.js";
import { renderStatusAnsi, statusLines } from "../../../src/frontend/terminal/status.js";
import type { InputEvent, VideoFrame } from "../../../src/frontend/types.js";

const RED = 0xffff0000, GREEN = 0xff00ff00, BLUE = 0xff0000ff, WHITE = 0xffffffff;
const fg = (r: number, g: number, b: number) => `\x1b[38;2;${r};${g};${b}m`;
const bg = (r: number, g: number, b: number) => `\x1b[48;2;${r};${g};${b}m`;

function frame(width: number, height: number, pixels: number[]): VideoFrame {
  return { width, height, pixels: Uint32Array.from(pixels) };
}

describe("renderFrameAnsi", () => {
  it("draws two pixel rows per line with upper half blocks and 24-bit colours", () => {
    // 2x2 picture in a 2x1 terminal: scale 1, one text row.
    const text = renderFrameAnsi(frame(2, 2, [RED, GREEN, BLUE, WHITE]), 2, 1);
    expect(text).toBe(
      "\x1b[H" + fg(255, 0, 0) + bg(0, 0, 255) + "\u2580" + fg(0, 255, 0) + bg(255, 255, 255) + "\u2580" + "\x1b[0m",
    );
  });

  it("writes a colour only when it changes and separates lines with CR LF", () => {
    const text = renderFrameAnsi(frame(2, 4, [RED, RED, RED, RED, BLUE, GREEN, BLUE, GREEN]), 2, 2);
    expect(text).toBe(
      "\x1b[H" + fg(255, 0, 0) + bg(255, 0, 0) + "\u2580\u2580\x1b[0m\r\n" +
      fg(0, 0, 255) + bg(0, 0, 255) + "\u2580" + fg(0, 255, 0) + bg(0, 255, 0) + "\u2580\x1b[0m",
    );
  });

  it("scales up by a whole number and gives an odd last row the default background", () => {
    // 1x1 picture in 3 columns x 2 rows: fit = min(3, 4) = 3 -> 3x3 pixels, 2 text rows.
    const text = renderFrameAnsi(frame(1, 1, [GREEN]), 3, 2);
    expect(text).toBe(
      "\x1b[H" + fg(0, 255, 0) + bg(0, 255, 0) + "\u2580\u2580\u2580\x1b[0m\r\n" +
      fg(0, 255, 0) + "\x1b[49m" + "\u2580\u2580\u2580\x1b[0m",
    );
  });

  it("fits pictures to the terminal: whole-number scales up, nearest-pixel shrink down", () => {
    expect(fitPicture(64, 32, 80, 24)).toEqual({ columns: 64, pixelRows: 32 });
    expect(fitPicture(64, 32, 200, 60)).toEqual({ columns: 192, pixelRows: 96 });
    expect(fitPicture(256, 240, 128, 60)).toEqual({ columns: 128, pixelRows: 120 });
    // Shrunk 4x: pixels 0 and 4 of each row kept.
    const wide = frame(8, 2, [RED, GREEN, GREEN, GREEN, BLUE, GREEN, GREEN, GREEN, WHITE, 0, 0, 0, RED, 0, 0, 0]);
    expect(renderFrameAnsi(wide, 2, 1)).toBe(
      "\x1b[H" + fg(255, 0, 0) + "\x1b[49m\u2580" + fg(0, 0, 255) + "\u2580\x1b[0m",
    );
  });
});

describe("parseTerminalInput", () => {
  const keys = (data: string) => parseTerminalInput(data).map((k) =>
    (k.kind === "quit" ? "QUIT" : (k.ctrl ? "ctrl+" : "") + (k.shift ? "shift+" : "") + (k.alt ? "alt+" : "") + k.key));

  it("maps characters, folding letters to lower case", () => {
    expect(keys("aZ09 \r\t-=.,/\x7f\b")).toEqual([
      "a", "z", "0", "9", "space", "return", "tab", "minus", "equals", "period", "comma", "slash",
      "backspace", "backspace",
    ]);
  });

  it("maps arrows, SS3 and VT220 function keys, with modifiers", () => {
    expect(keys("\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA")).toEqual(["up", "down", "right", "left", "up"]);
    expect(keys("\x1bOP\x1bOQ\x1bOR\x1bOS")).toEqual(["f1", "f2", "f3", "f4"]);
    expect(keys("\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~")).toEqual([
      "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12",
    ]);
    expect(keys("\x1b[1;2A\x1b[1;3B\x1b[24;5~")).toEqual(["shift+up", "alt+down", "f12"]);
  });

  it("reads a lone ESC as Escape, ESC+key as Alt+key and Ctrl+C as quit", () => {
    expect(keys("\x1b")).toEqual(["escape"]);
    expect(keys("\x1b\x1b")).toEqual(["escape", "escape"]);
    expect(keys("\x1b\r")).toEqual(["alt+return"]);
    expect(keys("\x1bx")).toEqual(["alt+x"]);
    expect(keys("a\x03")).toEqual(["a", "QUIT"]);
    expect(keys("\x1b[99~")).toEqual([]);
  });

  it("reads Ctrl+letter from its control character and Shift on function keys from the CSI modifier", () => {
    expect(keys("\x12\x01\x1a")).toEqual(["ctrl+r", "ctrl+a", "ctrl+z"]);
    expect(keys("\x1b[1;2R\x1b[15;2~\x1b[1;4P")).toEqual(["shift+f3", "shift+f5", "shift+alt+f1"]);
    // Tab, Return and Backspace are keys of their own, not Ctrl+I, Ctrl+M, Ctrl+H
    expect(keys("\t\r\b")).toEqual(["tab", "return", "backspace"]);
  });
});

describe("KeyHoldTracker", () => {
  it("releases a key FIRST_HOLD_MS after a press, later while repeats keep coming", () => {
    const tracker = new KeyHoldTracker();
    const out: InputEvent[] = [];
    tracker.press("a", 0, out);
    tracker.press("a", 30, out); // an early repeat does not shorten the first hold
    tracker.expire(FIRST_HOLD_MS - 1, out);
    expect(out).toEqual([{ type: "key", key: "a", down: true }]);
    tracker.expire(FIRST_HOLD_MS, out);
    expect(out).toEqual([{ type: "key", key: "a", down: true }, { type: "key", key: "a", down: false }]);
    out.length = 0;
    tracker.press("b", 300, out);
    tracker.press("b", 450, out); // deadline stays 300 + 200 = 500
    tracker.press("b", 480, out); // now 480 + 100 = 580
    tracker.expire(579, out);
    expect(out).toEqual([{ type: "key", key: "b", down: true }]);
    expect(REPEAT_HOLD_MS).toBe(100);
    tracker.expire(580, out);
    expect(out).toEqual([{ type: "key", key: "b", down: true }, { type: "key", key: "b", down: false }]);
    expect(tracker.heldCount).toBe(0);
  });
});

class FakeOutput implements TerminalOutput {
  columns = 1;
  rows = 1;
  written = "";
  /** What write() answers: false = the terminal is behind, wait for "drain". */
  accepting = true;
  drain: (() => void) | null = null;
  private resize: (() => void) | null = null;
  write(data: string): boolean {
    this.written += data;
    return this.accepting;
  }
  once(_event: "drain", listener: () => void): this {
    this.drain = listener;
    return this;
  }
  on(_event: "resize", listener: () => void): this {
    this.resize = listener;
    return this;
  }
  off(): this {
    this.resize = null;
    return this;
  }
  fireResize(): void {
    this.resize?.();
  }
}

class FakeInput implements TerminalInputStream {
  isTTY = true;
  raw = false;
  listener: ((data: string) => void) | null = null;
  setRawMode(mode: boolean): this {
    this.raw = mode;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  on(_event: "data", listener: (data: string) => void): this {
    this.listener = listener;
    return this;
  }
  off(): this {
    this.listener = null;
    return this;
  }
}

describe("TerminalFrontend", () => {
  it("redraws only when the picture or the terminal size changed, and restores the terminal", () => {
    const output = new FakeOutput();
    const input = new FakeInput();
    let now = 0;
    const term = new TerminalFrontend({ title: "game\x07", output, input, now: () => now, handleSignals: false });
    expect(input.raw).toBe(true);
    expect(output.written).toBe("\x1b[?1049h\x1b[?25l\x1b[2J\x1b]0;game\x07");
    const picture = frame(1, 2, [RED, BLUE]);
    output.written = "";
    term.present(picture);
    const drawn = "\x1b[H" + fg(255, 0, 0) + bg(0, 0, 255) + "\u2580\x1b[0m";
    expect(output.written).toBe(drawn);
    term.present(frame(1, 2, [RED, BLUE]));
    expect(output.written).toBe(drawn);
    output.fireResize();
    term.present(picture);
    expect(output.written).toBe(drawn + "\x1b[2J" + drawn);
    input.listener!("\x1b[A");
    expect(term.poll()).toEqual([{ type: "key", key: "up", down: true }]);
    now = FIRST_HOLD_MS;
    expect(term.poll()).toEqual([{ type: "key", key: "up", down: false }]);
    input.listener!("\x1b\r\x03");
    expect(term.poll()).toEqual([
      { type: "key", key: "alt", down: true },
      { type: "key", key: "return", down: true },
      { type: "quit" },
    ]);
    expect(term.audioRate).toBe(0);
    output.written = "";
    term.close();
    term.close();
    expect(input.raw).toBe(false);
    expect(input.listener).toBe(null);
    expect(output.written).toBe("\x1b[0m\x1b[?25h\x1b[?1049l");
  });

  it("skips frames while the terminal has not drained the last picture", () => {
    const output = new FakeOutput();
    const term = new TerminalFrontend({ title: "t", output, input: new FakeInput(), handleSignals: false });
    output.accepting = false;
    output.written = "";
    term.present(frame(1, 2, [RED, BLUE]));
    const first = output.written;
    expect(first).toBe("\x1b[H" + fg(255, 0, 0) + bg(0, 0, 255) + "\u2580\x1b[0m");
    term.present(frame(1, 2, [GREEN, BLUE]));
    expect(output.written).toBe(first);
    output.accepting = true;
    output.drain!();
    term.present(frame(1, 2, [GREEN, BLUE]));
    expect(output.written).toBe(first + "\x1b[H" + fg(0, 255, 0) + bg(0, 0, 255) + "\u2580\x1b[0m");
    term.close();
  });
});

describe("terminal status lines", () => {
  const B = "\u2580";
  // A 1x2 picture (red over blue) at scale 2 fills 2 columns and 2 text rows, at scale 1 one cell.
  const picture = () => frame(1, 2, [RED, BLUE]);
  const big = "\x1b[H" + fg(255, 0, 0) + bg(255, 0, 0) + B + B + "\x1b[0m\r\n" + fg(0, 0, 255) + bg(0, 0, 255) + B + B + "\x1b[0m";
  const small = "\x1b[H" + fg(255, 0, 0) + bg(0, 0, 255) + B + "\x1b[0m";
  const at = (row: number, text: string) => `\x1b[${row};1H\x1b[2K${text}`;

  function terminal(columns: number, rows: number) {
    const output = new FakeOutput();
    output.columns = columns;
    output.rows = rows;
    const term = new TerminalFrontend({ title: "game", output, input: new FakeInput(), handleSignals: false });
    output.written = "";
    return { output, term };
  }

  it("shows title, speed and pause below the picture, redrawn at once when they change", () => {
    const { output, term } = terminal(30, 3);
    term.setStatus({ title: "ejemu - Snake" });
    expect(output.written).toBe(""); // nothing is drawn before the first picture
    term.present(picture());
    // One status line: the picture gets rows 1-2 (scale 2), the status row 3.
    expect(output.written).toBe(big + at(3, "ejemu - Snake | 1x | running"));
    output.written = "";
    term.setStatus({ paused: true, speed: 1.25 });
    expect(output.written).toBe(at(3, "ejemu - Snake | 1.25x | paused"));
    output.written = "";
    term.setStatus({ paused: true });
    term.present(picture());
    expect(output.written).toBe("");
    // A second line: the picture is left one row, so the screen is cleared and drawn again.
    term.setStatus({ message: "screenshot: /tmp/ejemu-1.png" });
    expect(output.written).toBe(
      "\x1b[2J" + small + at(2, "ejemu - Snake | 1.25x | paused") + at(3, "screenshot: /tmp/ejemu-1.png"),
    );
    // A third does not fit (the picture keeps a row): left out until the terminal grows.
    output.written = "";
    term.setStatus({ reason: "no display" });
    expect(output.written).toBe("");
    output.rows = 5;
    output.fireResize();
    term.poll(); // redrawn from poll: no frames come while paused
    expect(output.written).toBe(
      "\x1b[2J" + big + at(3, "ejemu - Snake | 1.25x | paused") + at(4, "screenshot: /tmp/ejemu-1.png") + at(5, "no display"),
    );
    term.close();
  });

  it("waits for the terminal to drain, then draws the latest status from poll", () => {
    const { output, term } = terminal(30, 3);
    term.present(picture());
    output.accepting = false;
    output.written = "";
    term.setStatus({ paused: true });
    expect(output.written).toBe(at(3, "game | 1x | paused"));
    term.setStatus({ speed: 2 });
    term.setStatus({ speed: 3 });
    expect(output.written).toBe(at(3, "game | 1x | paused"));
    output.accepting = true;
    output.drain!();
    output.written = "";
    term.poll();
    expect(output.written).toBe(at(3, "game | 3x | paused"));
    term.close();
  });

  it("cuts lines to the terminal width and removes control characters", () => {
    expect(statusLines({ title: "evil\x1b[2J\x9bname", paused: false, speed: 0.25, message: "", reason: "why\r\n" })).toEqual([
      "evil[2Jname | 0.25x | running",
      "why",
    ]);
    expect(renderStatusAnsi(["abcdef", "gh", "\u00e9\u6f22\u5b57"], 4, 3)).toBe(at(4, "abc") + at(5, "gh") + at(6, "\u00e9\u6f22\u5b57"));
    expect(renderStatusAnsi(["\u00e9\u6f22\u5b57x"], 1, 2)).toBe(at(1, "\u00e9\u6f22"));
  });
});
