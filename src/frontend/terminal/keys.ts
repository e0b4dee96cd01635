/**
 * Terminal key input: what a terminal sends in raw mode (xterm and VT220
 * conventions, as in xterm's ctlseqs: CSI A..D arrows, SS3 P..S for F1..F4,
 * CSI n~ for F5..F12) mapped to HostKey names. Alt+key arrives as ESC
 * followed by the key. Ctrl+C (0x03) is a quit request, since raw mode
 * turns off the terminal's own SIGINT; another Ctrl+letter arrives as its
 * control character and is that letter with `ctrl`. Shift on a function
 * key comes as CSI modifier 2 (Shift+F3 = ESC [ 1 ; 2 R) and sets `shift`.
 */
import type { HostKey } from "../types.js";

export type TerminalInput =
  | { readonly kind: "key"; readonly key: HostKey; readonly alt: boolean; readonly shift?: true; readonly ctrl?: true }
  | { readonly kind: "quit" };

/** Final characters of CSI / SS3 sequences without parameters (ESC [ X or ESC O X). */
const FINAL_KEYS: ReadonlyMap<string, HostKey> = new Map([
  ["A", "up"], ["B", "down"], ["C", "right"], ["D", "left"],
  ["P", "f1"], ["Q", "f2"], ["R", "f3"], ["S", "f4"], ["M", "return"],
]);

/** CSI n ~ numbers (VT220 function keys). */
const TILDE_KEYS: ReadonlyMap<number, HostKey> = new Map([
  [11, "f1"], [12, "f2"], [13, "f3"], [14, "f4"], [15, "f5"], [17, "f6"], [18, "f7"],
  [19, "f8"], [20, "f9"], [21, "f10"], [23, "f11"], [24, "f12"],
]);

/** Single characters. Letters are folded to lower case (Shift+A is "a"). */
const CHAR_KEYS: ReadonlyMap<string, HostKey> = new Map([
  ["\r", "return"], ["\n", "return"], ["\t", "tab"], [" ", "space"], ["\x7f", "backspace"],
  ["\b", "backspace"], ["-", "minus"], ["=", "equals"], [".", "period"], [",", "comma"],
  ["/", "slash"],
]);

function charKey(ch: string): HostKey | undefined {
  if ((ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9")) return ch;
  if (ch >= "A" && ch <= "Z") return ch.toLowerCase();
  return CHAR_KEYS.get(ch);
}

const CSI_PATTERN = /^\x1b[[O]([0-9;]*)([A-Za-z~])/;

/**
 * Split one chunk of terminal input into keys. Unknown sequences and
 * characters are dropped. A lone ESC (nothing after it in the chunk) is Escape.
 */
export function parseTerminalInput(data: string): TerminalInput[] {
  const out: TerminalInput[] = [];
  let i = 0;
  while (i < data.length) {
    const ch = data[i]!;
    if (ch === "\x03") {
      out.push({ kind: "quit" });
      i++;
      continue;
    }
    const code = ch.charCodeAt(0);
    // Ctrl+A..Z, but for the control characters that are keys of their own (Tab, Return, Backspace)
    if (code >= 1 && code <= 26 && !CHAR_KEYS.has(ch)) {
      out.push({ kind: "key", key: String.fromCharCode(0x60 + code), alt: false, ctrl: true });
      i++;
      continue;
    }
    if (ch !== "\x1b") {
      const key = charKey(ch);
      if (key !== undefined) out.push({ kind: "key", key, alt: false });
      i++;
      continue;
    }
    const rest = data.slice(i);
    const csi = CSI_PATTERN.exec(rest);
    if (csi) {
      const params = csi[1]!;
      const final = csi[2]!;
      // Modifiers (";2" shift, ";3" alt, ...) as in CSI 1;3A: 3, 4, 7, 8 include Alt.
      const modifier = Number(params.split(";")[1] ?? "1");
      const alt = modifier > 1 && ((modifier - 1) & 2) !== 0;
      const shift = modifier > 1 && ((modifier - 1) & 1) !== 0;
      const key = final === "~" ? TILDE_KEYS.get(Number(params.split(";")[0])) : FINAL_KEYS.get(final);
      if (key !== undefined) out.push(shift ? { kind: "key", key, alt, shift: true } : { kind: "key", key, alt });
      i += csi[0].length;
      continue;
    }
    const next = data[i + 1];
    if (next === undefined || next === "\x1b") {
      out.push({ kind: "key", key: "escape", alt: false });
      i++;
      continue;
    }
    const key = charKey(next);
    if (key !== undefined) out.push({ kind: "key", key, alt: true });
    i += 2;
  }
  return out;
}
