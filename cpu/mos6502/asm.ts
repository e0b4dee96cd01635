/**
 * A two-pass 6502 assembler for the project's own programs and tests.
 *
 * Syntax (one statement per line, `;` starts a comment):
 *   label:                      define a label at the current address
 *   name = expr                 define a constant
 *   .org expr                   set the current address
 *   .byte expr, "text", ...     bytes (strings give their character codes)
 *   .word expr, ...             little-endian 16-bit words
 *   MNEMONIC operand            any mnemonic of the table, documented or not
 *   MNEMONIC.XX operand         that exact opcode XX (the duplicate encodings)
 * Operands: none or `A` (accumulator), `#expr`, `expr`, `expr,X`, `expr,Y`,
 * `(expr)`, `(expr,X)`, `(expr),Y`; branches take the target address.
 * Expressions: see `asm-expr.ts`. Zero-page forms are chosen when the value
 * is known in the first pass, below $100, and not written as a wide literal.
 */
import { AsmError, evaluate, type ExprValue } from "./asm-expr.js";
import { encodingOf, Mode, mnemonics, opcodes } from "./table.js";

export { AsmError } from "./asm-expr.js";

export interface AssembledProgram {
  /** Lowest address written. */
  readonly origin: number;
  /** Bytes from `origin` to the highest address written; gaps are 0. */
  readonly bytes: Uint8Array;
  readonly symbols: ReadonlyMap<string, number>;
}

/** Operand shapes as written; each allows a few addressing modes. */
type Shape = "none" | "acc" | "imm" | "ind" | "izx" | "izy" | "plain" | "plainX" | "plainY";

const shapeModes: Readonly<Record<Shape, readonly Mode[]>> = {
  none: [Mode.Imp, Mode.Acc],
  acc: [Mode.Acc],
  imm: [Mode.Imm],
  ind: [Mode.Ind],
  izx: [Mode.Izx],
  izy: [Mode.Izy],
  plain: [Mode.Rel, Mode.Zp, Mode.Abs],
  plainX: [Mode.Zpx, Mode.Abx],
  plainY: [Mode.Zpy, Mode.Aby],
};
const zeroPageOf: Partial<Record<Mode, Mode>> = { [Mode.Abs]: Mode.Zp, [Mode.Abx]: Mode.Zpx, [Mode.Aby]: Mode.Zpy };

interface Statement {
  readonly line: number;
  readonly label?: string;
  readonly constant?: { name: string; expr: string };
  readonly directive?: { name: string; args: string[] };
  readonly instruction?: { mnemonic: string; forced: number; shape: Shape; expr: string };
}

/** Split on commas outside quotes and parentheses. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quote = !quote;
    else if (!quote && ch === "(") depth++;
    else if (!quote && ch === ")") depth--;
    else if (!quote && depth === 0 && ch === ",") {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((a) => a !== "");
}

function stripComment(line: string): string {
  let quote = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quote = !quote;
    else if (line[i] === "'" && !quote && line[i + 2] === "'") i += 2;
    else if (line[i] === ";" && !quote) return line.slice(0, i);
  }
  return line;
}

/** The operand's shape and the expression inside it. */
function parseOperand(text: string, hasMode: (m: Mode) => boolean): { shape: Shape; expr: string } {
  const t = text.trim();
  if (t === "") return { shape: "none", expr: "" };
  if (/^a$/i.test(t)) return { shape: "acc", expr: "" };
  if (t.startsWith("#")) return { shape: "imm", expr: t.slice(1) };
  if (t.startsWith("(")) {
    let depth = 0, close = -1;
    for (let i = 0; i < t.length && close < 0; i++) {
      if (t[i] === "(") depth++;
      else if (t[i] === ")" && --depth === 0) close = i;
    }
    const inner = t.slice(1, close);
    const rest = t.slice(close + 1).trim();
    const innerX = /^(.*),\s*x$/i.exec(inner);
    if (rest === "" && innerX !== null && hasMode(Mode.Izx)) return { shape: "izx", expr: innerX[1]! };
    if (rest === "" && hasMode(Mode.Ind)) return { shape: "ind", expr: inner };
    if (/^,\s*y$/i.test(rest) && hasMode(Mode.Izy)) return { shape: "izy", expr: inner };
  }
  const indexed = /^(.*),\s*([xy])$/i.exec(t);
  if (indexed !== null) return { shape: indexed[2]!.toLowerCase() === "x" ? "plainX" : "plainY", expr: indexed[1]! };
  return { shape: "plain", expr: t };
}

function parseLine(raw: string, line: number): Statement[] {
  let text = stripComment(raw).trim();
  const out: Statement[] = [];
  const label = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(text);
  if (label !== null) {
    out.push({ line, label: label[1]! });
    text = text.slice(label[0].length).trim();
  }
  if (text === "") return out;
  const constant = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(text);
  if (constant !== null) return [...out, { line, constant: { name: constant[1]!, expr: constant[2]! } }];
  const word = /^(\.?[A-Za-z_][A-Za-z0-9_]*)(?:\.([0-9a-fA-F]{2}))?(?:\s+|$|(?=[#(]))/.exec(text);
  if (word === null) throw new AsmError(`cannot parse "${text}"`);
  const rest = text.slice(word[0].length);
  if (word[1]!.startsWith(".")) {
    return [...out, { line, directive: { name: word[1]!.toLowerCase(), args: splitArgs(rest) } }];
  }
  const mnemonic = word[1]!.toUpperCase();
  if (!mnemonics.has(mnemonic)) throw new AsmError(`unknown mnemonic "${word[1]}"`);
  const forced = word[2] === undefined ? -1 : parseInt(word[2], 16);
  if (forced >= 0 && opcodes[forced]!.mnemonic !== mnemonic) {
    throw new AsmError(`opcode $${word[2]!.toUpperCase()} is not ${mnemonic}`);
  }
  const hasMode = (m: Mode) => (forced >= 0 ? opcodes[forced]!.mode === m : encodingOf(mnemonic, m) >= 0);
  const { shape, expr } = parseOperand(rest, hasMode);
  return [...out, { line, instruction: { mnemonic, forced, shape, expr } }];
}

/** Assemble source text. Errors are `AsmError`s whose message starts with `name:line:`. */
export function assemble(source: string, name = "<source>"): AssembledProgram {
  const statements: Statement[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    try {
      statements.push(...parseLine(raw, index + 1));
    } catch (e) {
      throw e instanceof AsmError ? new AsmError(`${name}:${index + 1}: ${e.message}`) : e;
    }
  });
  const symbols = new Map<string, number>();
  /** Per statement: the opcode chosen in pass 1, so pass 2 keeps every size. */
  const chosen = new Map<Statement, number>();
  const output = new Map<number, number>();
  for (const pass of [1, 2]) {
    let pc = 0;
    for (const st of statements) {
      try {
        const lookup = (s: string) => symbols.get(s);
        const value = (expr: string): ExprValue => evaluate(expr, lookup, pc);
        const known = (expr: string): number => {
          const v = value(expr).value;
          if (v === undefined) throw new AsmError(`undefined symbol in "${expr.trim()}"`);
          return v;
        };
        const emit = (byte: number) => {
          if (pass === 2) {
            if (output.has(pc)) throw new AsmError(`address $${pc.toString(16).toUpperCase()} written twice`);
            output.set(pc, byte & 0xff);
          }
          pc = (pc + 1) & 0xffff;
        };
        if (st.label !== undefined) {
          if (pass === 1 && symbols.has(st.label)) throw new AsmError(`label "${st.label}" defined twice`);
          symbols.set(st.label, pc);
        } else if (st.constant !== undefined) {
          const v = value(st.constant.expr).value;
          if (v !== undefined) symbols.set(st.constant.name, v);
          else if (pass === 2) throw new AsmError(`undefined symbol in "${st.constant.expr.trim()}"`);
        } else if (st.directive !== undefined) {
          const { name: dir, args } = st.directive;
          if (dir === ".org") {
            if (args.length !== 1) throw new AsmError(".org takes one address");
            pc = known(args[0]!) & 0xffff;
          } else if (dir === ".byte" || dir === ".word") {
            if (args.length === 0) throw new AsmError(`${dir} needs values`);
            for (const arg of args) {
              if (dir === ".byte" && arg.startsWith('"')) {
                if (!arg.endsWith('"') || arg.length < 2) throw new AsmError(`unterminated string ${arg}`);
                for (const ch of arg.slice(1, -1)) emit(ch.charCodeAt(0));
                continue;
              }
              const v = pass === 2 ? known(arg) : value(arg).value ?? 0;
              if (dir === ".byte") {
                if (v < -128 || v > 255) throw new AsmError(`byte value ${v} out of range`);
                emit(v);
              } else {
                emit(v);
                emit(v >> 8);
              }
            }
          } else throw new AsmError(`unknown directive "${dir}"`);
        } else if (st.instruction !== undefined) {
          const ins = st.instruction;
          const start = pc; // `*` is the address of the instruction
          const operand: ExprValue = ins.expr === "" ? { value: 0, wide: false } : value(ins.expr);
          let opcode = pass === 2 ? chosen.get(st)! : ins.forced;
          if (pass === 1 && opcode < 0) opcode = chooseOpcode(ins.mnemonic, ins.shape, operand);
          if (pass === 1 && !shapeModes[ins.shape].includes(opcodes[opcode]!.mode)) {
            throw new AsmError(`${ins.mnemonic}.${opcode.toString(16)} does not take this operand`);
          }
          chosen.set(st, opcode);
          const info = opcodes[opcode]!;
          emit(opcode);
          if (info.length === 1) continue;
          if (pass === 1) {
            pc = (pc + info.length - 1) & 0xffff;
            continue;
          }
          const v = operand.value;
          if (v === undefined) throw new AsmError(`undefined symbol in "${ins.expr.trim()}"`);
          if (info.mode === Mode.Rel) {
            const offset = v - ((start + 2) & 0xffff);
            if (offset < -128 || offset > 127) throw new AsmError(`branch target out of range (${offset} bytes)`);
            emit(offset);
          } else if (info.length === 2) {
            if (v < -128 || v > 255) throw new AsmError(`operand $${v.toString(16)} does not fit in a byte`);
            emit(v);
          } else {
            if (v < 0 || v > 0xffff) throw new AsmError(`operand ${v} does not fit in 16 bits`);
            emit(v);
            emit(v >> 8);
          }
        }
      } catch (e) {
        throw e instanceof AsmError ? new AsmError(`${name}:${st.line}: ${e.message}`) : e;
      }
    }
  }
  if (output.size === 0) return { origin: 0, bytes: new Uint8Array(0), symbols };
  const addresses = [...output.keys()];
  const origin = Math.min(...addresses);
  const bytes = new Uint8Array(Math.max(...addresses) - origin + 1);
  for (const [address, byte] of output) bytes[address - origin] = byte;
  return { origin, bytes, symbols };
}

/** Pick the encoding for a mnemonic and operand shape: zero page when it fits and is known. */
function chooseOpcode(mnemonic: string, shape: Shape, operand: ExprValue): number {
  const candidates = shapeModes[shape].filter((m) => encodingOf(mnemonic, m) >= 0);
  if (candidates.length === 0) throw new AsmError(`${mnemonic} has no ${shape === "none" ? "implied" : shape} form`);
  let mode = candidates[0]!;
  const zp = zeroPageOf[candidates[candidates.length - 1]!];
  if (candidates.length > 1 && zp !== undefined && mode === zp) {
    const fits = operand.value !== undefined && operand.value >= 0 && operand.value < 0x100 && !operand.wide;
    if (!fits) mode = candidates[candidates.length - 1]!;
  }
  return encodingOf(mnemonic, mode);
}
