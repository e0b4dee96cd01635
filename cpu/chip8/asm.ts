/**
 * A two-pass CHIP-8 assembler whose instruction syntax is CHIP8_TABLE's
 * (the disassembler's output assembles back to the same bytes).
 *
 * Source syntax, one statement per line, case-insensitive:
 *   ; comment                      to the end of the line
 *   label:                         a label (may share the line with a statement)
 *   NAME equ EXPR  /  NAME = EXPR  a constant (defined before use)
 *   org EXPR                       continue at an address (forward only; the gap is zero-filled)
 *   db EXPR, ...                   bytes (-128..255)
 *   dw EXPR, ...                   big-endian words
 *   ds EXPR                        that many zero bytes
 *   ld v0, 0x05 ...                an instruction, operands as in CHIP8_TABLE
 * Expressions: numbers (decimal, 0x hex, 0b binary), labels, constants,
 * + - * / & | << >> and parentheses. Reserved operand words: v0..vf, i, [i],
 * dt, st, k, f, hf, b, r, long.
 */
import { CHIP8_INSTRUCTIONS, type Chip8Instruction } from "./table.js";

export class AsmError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

const RESERVED = new Set(["i", "[i]", "dt", "st", "k", "f", "hf", "b", "r", "long"]);
const REGISTER = /^v[0-9a-f]$/i;
const FIELDS = new Set(["vx", "vy", "n", "nn", "nnn", "nnnn"]);

const byMnemonic = new Map<string, Chip8Instruction[]>();
for (const ins of CHIP8_INSTRUCTIONS) {
  const list = byMnemonic.get(ins.mnemonic) ?? [];
  list.push(ins);
  byMnemonic.set(ins.mnemonic, list);
}

interface Statement {
  readonly line: number;
  readonly address: number;
  readonly kind: "ins" | "db" | "dw" | "ds";
  readonly ins?: Chip8Instruction;
  /** Operand expressions: the instruction's fields, in template order, or the data items. */
  readonly args: readonly { field: string; text: string }[];
}

/** Assemble `source` for loading at `origin` (0x200). Throws AsmError with file:line. */
export function assembleChip8(source: string, file = "<source>", origin = 0x200): Uint8Array {
  const symbols = new Map<string, number>();
  const statements: Statement[] = [];
  let address = origin;
  const lines = source.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const fail = (message: string): never => { throw new AsmError(file, lineNo, message); };
    let text = lines[n]!.replace(/;.*$/, "").trim();
    let label: RegExpExecArray | null;
    while ((label = /^([A-Za-z_][\w.]*)\s*:/.exec(text)) !== null) {
      define(symbols, label[1]!.toLowerCase(), address, fail);
      text = text.slice(label[0].length).trim();
    }
    if (text === "") continue;
    const constant = /^([A-Za-z_][\w.]*)\s+(?:equ\s+|=\s*)(.+)$/i.exec(text) ?? /^([A-Za-z_][\w.]*)\s*=\s*(.+)$/.exec(text);
    if (constant !== null) {
      define(symbols, constant[1]!.toLowerCase(), evaluate(constant[2]!, symbols, fail), fail);
      continue;
    }
    const space = text.search(/\s/);
    const mnemonic = (space < 0 ? text : text.slice(0, space)).toLowerCase();
    const rest = space < 0 ? "" : text.slice(space + 1).trim();
    const operands = rest === "" ? [] : rest.split(",").map((s) => s.trim());
    if (mnemonic === "org") {
      const target = evaluate(rest, symbols, fail);
      if (target < address) fail(`org 0x${target.toString(16)} is behind the current address 0x${address.toString(16)}`);
      statements.push({ line: lineNo, address, kind: "ds", args: [{ field: "ds", text: String(target - address) }] });
      address = target;
    } else if (mnemonic === "db" || mnemonic === "dw") {
      if (operands.length === 0) fail(`${mnemonic} needs at least one value`);
      statements.push({ line: lineNo, address, kind: mnemonic, args: operands.map((t) => ({ field: mnemonic, text: t })) });
      address += operands.length * (mnemonic === "db" ? 1 : 2);
    } else if (mnemonic === "ds") {
      const count = evaluate(rest, symbols, fail);
      if (count < 0) fail("ds needs a count of 0 or more");
      statements.push({ line: lineNo, address, kind: "ds", args: [{ field: "ds", text: String(count) }] });
      address += count;
    } else {
      const match = matchInstruction(mnemonic, operands);
      if (match === undefined) {
        fail(byMnemonic.has(mnemonic) ? `bad operands for ${mnemonic}: ${rest}` : `unknown instruction '${mnemonic}'`);
      }
      statements.push({ line: lineNo, address, kind: "ins", ins: match!.ins, args: match!.args });
      address += match!.ins.length;
    }
    if (address > 0x10000) fail("program runs past 0xFFFF");
  }

  const out = new Uint8Array(address - origin);
  for (const st of statements) {
    const fail = (message: string): never => { throw new AsmError(file, st.line, message); };
    let at = st.address - origin;
    const put = (byte: number): void => { out[at++] = byte & 0xff; };
    if (st.kind === "ds") continue;
    if (st.kind === "db" || st.kind === "dw") {
      for (const arg of st.args) {
        const value = evaluate(arg.text, symbols, fail);
        if (st.kind === "db") {
          checkRange(value, -128, 0xff, "byte", fail);
          put(value);
        } else {
          checkRange(value, -32768, 0xffff, "word", fail);
          put(value >> 8);
          put(value);
        }
      }
      continue;
    }
    const ins = st.ins!;
    let opcode = ins.value;
    let next = 0;
    for (const arg of st.args) {
      const value = evaluate(arg.text, symbols, fail);
      switch (arg.field) {
        case "vx": opcode |= value << ins.x!.shift; break;
        case "vy": opcode |= value << ins.y!.shift; break;
        case "nnnn": checkRange(value, 0, 0xffff, "address", fail); next = value; break;
        default: {
          const n = ins.n!;
          checkRange(value, arg.field === "nn" ? -128 : 0, n.mask, arg.field === "nnn" ? "address" : "value", fail);
          opcode |= (value & n.mask) << n.shift;
        }
      }
    }
    put(opcode >> 8);
    put(opcode);
    if (ins.length === 4) {
      put(next >> 8);
      put(next);
    }
  }
  return out;
}

function define(symbols: Map<string, number>, name: string, value: number, fail: (m: string) => never): void {
  if (REGISTER.test(name) || RESERVED.has(name) || byMnemonic.has(name)) fail(`'${name}' is a reserved word`);
  if (symbols.has(name)) fail(`'${name}' is defined twice`);
  symbols.set(name, value);
}

function checkRange(value: number, min: number, max: number, what: string, fail: (m: string) => never): void {
  if (value < min || value > max) fail(`${what} ${value} out of range ${min}..${max}`);
}

/** The first table entry whose operand template matches, with the expressions to encode. */
function matchInstruction(
  mnemonic: string, operands: readonly string[],
): { ins: Chip8Instruction; args: { field: string; text: string }[] } | undefined {
  for (const ins of byMnemonic.get(mnemonic) ?? []) {
    const template = ins.operands === "" ? [] : ins.operands.split(", ");
    if (template.length !== operands.length) continue;
    const args: { field: string; text: string }[] = [];
    let ok = true;
    for (let k = 0; k < template.length && ok; k++) {
      const want = template[k]!;
      const got = operands[k]!.replace(/\s+/g, " ");
      const compact = got.replace(/\s+/g, "").toLowerCase();
      if (want === "vx" || want === "vy") {
        ok = REGISTER.test(compact);
        if (ok) args.push({ field: want, text: String(parseInt(compact.slice(1), 16)) });
      } else if (want === "long nnnn") {
        const m = /^long\s+(.+)$/i.exec(got);
        ok = m !== null;
        if (m !== null) args.push({ field: "nnnn", text: m[1]! });
      } else if (FIELDS.has(want)) {
        ok = !REGISTER.test(compact) && !RESERVED.has(compact) && !/^long\s/i.test(got);
        if (ok) args.push({ field: want, text: got });
      } else {
        ok = compact === want;
      }
    }
    if (ok) return { ins, args };
  }
  return undefined;
}

/** Evaluate an expression (see the file comment). */
export function evaluate(text: string, symbols: ReadonlyMap<string, number>, fail: (m: string) => never): number {
  const tokens = text.match(/0x[0-9a-f]+|0b[01]+|\d+|[A-Za-z_][\w.]*|<<|>>|\S/gi) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const binary = (next: () => number, ops: readonly string[], apply: (op: string, a: number, b: number) => number) => (): number => {
    let value = next();
    while (ops.includes(peek() ?? "")) {
      const op = tokens[pos++]!;
      value = apply(op, value, next());
    }
    return value;
  };
  const primary = (): number => {
    const token = tokens[pos++];
    if (token === undefined) return fail(`incomplete expression '${text}'`);
    if (token === "-") return -primary();
    if (token === "(") {
      const value = or();
      if (tokens[pos++] !== ")") fail(`missing ')' in '${text}'`);
      return value;
    }
    if (/^0x[0-9a-f]+$/i.test(token)) return parseInt(token.slice(2), 16);
    if (/^0b[01]+$/i.test(token)) return parseInt(token.slice(2), 2);
    if (/^\d+$/.test(token)) return parseInt(token, 10);
    const value = symbols.get(token.toLowerCase());
    if (value === undefined) return fail(`unknown symbol '${token}'`);
    return value;
  };
  const product = binary(primary, ["*", "/"], (op, a, b) => (op === "*" ? a * b : Math.trunc(a / b)));
  const sum = binary(product, ["+", "-"], (op, a, b) => (op === "+" ? a + b : a - b));
  const shift = binary(sum, ["<<", ">>"], (op, a, b) => (op === "<<" ? a << b : a >> b));
  const and = binary(shift, ["&"], (_op, a, b) => a & b);
  const or = binary(and, ["|"], (_op, a, b) => a | b);
  const value = or();
  if (pos !== tokens.length) fail(`unexpected '${tokens[pos]}' in '${text}'`);
  return value;
}
