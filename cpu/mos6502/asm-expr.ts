/**
 * Expressions of the 6502 assembler.
 *
 *   expr    := term (("+" | "-") term)*
 *   term    := unary (("*" | "/") unary)*
 *   unary   := ("-" | "+" | "<" | ">") unary | primary
 *   primary := number | symbol | "*" | "(" expr ")"
 *   number  := $hex | %binary | decimal | 'c'
 *
 * `<x` is the low byte of x, `>x` the high byte, `*` the address of the
 * current statement, `/` integer division (truncating). A hex literal
 * written with more than two digits (`$0012`) makes the operand "wide": the
 * assembler then keeps absolute addressing even for a zero-page value, which
 * is how disassembled listings reassemble to the same bytes.
 */

export class AsmError extends Error {}

/** Symbol values; `undefined` for a symbol not (yet) defined. */
export type SymbolLookup = (name: string) => number | undefined;

export interface ExprValue {
  /** undefined when a symbol is not defined yet (first pass) */
  readonly value: number | undefined;
  readonly wide: boolean;
}

const tokenPattern = /\s*(\$[0-9a-fA-F]+|%[01]+|[0-9]+|'[^']'|[A-Za-z_][A-Za-z0-9_]*|[-+*/<>()])/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    tokenPattern.lastIndex = pos;
    const match = tokenPattern.exec(text);
    if (match === null) throw new AsmError(`bad expression "${text.trim()}" at "${text.slice(pos).trim()}"`);
    tokens.push(match[1]!);
    pos = tokenPattern.lastIndex;
  }
  return tokens;
}

/** Evaluate `text`; `pc` is the value of `*`. Unknown symbols make the value undefined. */
export function evaluate(text: string, symbols: SymbolLookup, pc: number): ExprValue {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new AsmError("missing expression");
  let i = 0;
  let wide = false;
  const peek = (): string | undefined => tokens[i];

  const primary = (): number | undefined => {
    const t = tokens[i++];
    if (t === undefined) throw new AsmError(`expression "${text.trim()}" ends early`);
    if (t === "(") {
      const v = sum();
      if (tokens[i++] !== ")") throw new AsmError(`missing ")" in "${text.trim()}"`);
      return v;
    }
    if (t === "*") return pc;
    if (t[0] === "$") {
      if (t.length > 3) wide = true;
      return parseInt(t.slice(1), 16);
    }
    if (t[0] === "%") return parseInt(t.slice(1), 2);
    if (t[0] === "'") return t.charCodeAt(1);
    if (/^[0-9]/.test(t)) return parseInt(t, 10);
    if (/^[A-Za-z_]/.test(t)) return symbols(t);
    throw new AsmError(`unexpected "${t}" in "${text.trim()}"`);
  };

  const unary = (): number | undefined => {
    const t = peek();
    if (t === "-" || t === "+" || t === "<" || t === ">") {
      i++;
      const v = unary();
      if (v === undefined) return undefined;
      if (t === "-") return -v;
      if (t === "+") return v;
      if (t === "<") return v & 0xff;
      return (v >> 8) & 0xff;
    }
    return primary();
  };

  const term = (): number | undefined => {
    let v = unary();
    for (let t = peek(); t === "*" || t === "/"; t = peek()) {
      i++;
      const r = unary();
      if (v === undefined || r === undefined) v = undefined;
      else if (t === "*") v = Math.imul(v, r);
      else if (r === 0) throw new AsmError(`division by zero in "${text.trim()}"`);
      else v = Math.trunc(v / r);
    }
    return v;
  };

  function sum(): number | undefined {
    let v = term();
    for (let t = peek(); t === "+" || t === "-"; t = peek()) {
      i++;
      const r = term();
      v = v === undefined || r === undefined ? undefined : t === "+" ? v + r : v - r;
    }
    return v;
  }

  const value = sum();
  if (i !== tokens.length) throw new AsmError(`unexpected "${tokens[i]}" in "${text.trim()}"`);
  return { value, wide };
}
