/**
 * Random 6502 programs for the JIT's differential fuzzer: an outer loop
 * whose body is random instructions (documented and undocumented, every
 * addressing mode, branches over code, balanced pushes and pulls, calls to
 * a random subroutine, BRK into a handler that returns with RTI, stores that
 * rewrite immediate operands of the loop's own code, decimal mode now and
 * then), ending at a trap. Everything is random from one seed, so a failing
 * case is reproduced by its seed alone.
 */
import { opcodes, Mode, type OpInfo } from "../../../cpu/mos6502/table.js";

export const PROGRAM_START = 0x0400;
const SUBROUTINE = 0x0800;
const HANDLER = 0x0900;
const COUNTER = 0xf0;

/** xorshift32: small, fast, reproducible. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.state = x;
    return x;
  }
  below(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }
}

/** Opcodes a random body may use: no control flow, no JAM, nothing that moves S except pushes and pulls made in pairs. */
const EXCLUDED = new Set(["JMP", "JSR", "RTS", "RTI", "BRK", "JAM", "TXS", "TAS", "LAS", "PHA", "PHP", "PLA", "PLP"]);
const BODY_OPS: readonly OpInfo[] = opcodes.filter((o) => !o.branch && !EXCLUDED.has(o.mnemonic));
const BRANCHES: readonly OpInfo[] = opcodes.filter((o) => o.branch);

class Emitter {
  readonly bytes: number[] = [];
  /** Addresses of immediate operands in the loop body (self-modification targets). */
  readonly immediates: number[] = [];
  constructor(readonly origin: number, readonly memory: Uint8Array) {}
  get pc(): number {
    return this.origin + this.bytes.length;
  }
  emit(...b: number[]): void {
    this.bytes.push(...b.map((v) => v & 0xff));
  }
  flush(): void {
    this.memory.set(this.bytes, this.origin);
  }
}

/** A random operand for `o`'s mode: mostly the data area, sometimes code. */
function emitRandom(r: Random, e: Emitter, o: OpInfo): void {
  e.emit(o.opcode);
  switch (o.mode) {
    case Mode.Imp: case Mode.Acc: return;
    case Mode.Imm:
      e.immediates.push(e.pc);
      e.emit(r.next());
      return;
    case Mode.Zp: case Mode.Zpx: case Mode.Zpy:
      e.emit(0x10 + r.below(0x30));
      return;
    case Mode.Izx:
      e.emit(0x40 + 2 * r.below(4));
      return;
    case Mode.Izy:
      e.emit(r.chance(0.1) ? 0xff : 0x40 + 2 * r.below(8));
      return;
    default: { // abs, abs,X, abs,Y: data, or (rarely) the program itself
      const address = r.chance(0.05) ? PROGRAM_START + r.below(0x100) : 0x0200 + r.below(0x1f0);
      e.emit(address, address >> 8);
    }
  }
}

function emitPlain(r: Random, e: Emitter): void {
  emitRandom(r, e, BODY_OPS[r.below(BODY_OPS.length)]!);
}

/** One item of the loop body. */
function emitItem(r: Random, e: Emitter): void {
  const roll = r.below(100);
  if (roll < 62) return emitPlain(r, e);
  if (roll < 74) { // a branch over the next instruction
    const b = BRANCHES[r.below(BRANCHES.length)]!;
    e.emit(b.opcode, 0);
    const at = e.bytes.length - 1;
    emitPlain(r, e);
    e.bytes[at] = e.bytes.length - at - 1;
    return;
  }
  if (roll < 80) { // push, a little work, pull
    const php = r.chance(0.5);
    e.emit(php ? 0x08 : 0x48);
    emitPlain(r, e);
    e.emit(php ? 0x28 : 0x68);
    return;
  }
  if (roll < 86) return e.emit(0x20, SUBROUTINE, SUBROUTINE >> 8); // JSR
  if (roll < 89) return e.emit(0x00, 0xea); // BRK and its padding byte
  if (roll < 92) return e.emit(r.chance(0.5) ? 0xf8 : 0xd8); // SED / CLD
  if (roll < 95 && e.immediates.length > 0) { // rewrite an immediate operand of the loop
    const target = e.immediates[r.below(e.immediates.length)]!;
    e.emit(0x8d, target, target >> 8);
    return;
  }
  if (roll < 97) return e.emit(r.chance(0.5) ? 0x58 : 0x78); // CLI / SEI
  emitPlain(r, e);
}

/** A random program (the whole 64 KiB image) and where it starts. */
export function randomProgram(seed: number): { memory: Uint8Array; pc: number; a: number; x: number; y: number; p: number } {
  const r = new Random(seed);
  const memory = new Uint8Array(0x10000);
  for (let a = 0x10; a < 0x40; a++) memory[a] = r.next();
  for (let a = 0x40; a < 0x50; a += 2) {
    const p = 0x0200 + r.below(0x1f0);
    memory[a] = p;
    memory[a + 1] = p >> 8;
  }
  for (let a = 0x0200; a < 0x0400; a++) memory[a] = r.next();
  memory[0xfffe] = HANDLER & 0xff;
  memory[0xffff] = HANDLER >> 8;

  const main = new Emitter(PROGRAM_START, memory);
  main.emit(0xa9, 2 + r.below(6), 0x85, COUNTER); // LDA #n, STA counter
  const loop = main.pc;
  const items = 8 + r.below(24);
  for (let k = 0; k < items; k++) emitItem(r, main);
  main.emit(0xc6, COUNTER); // DEC counter
  const back = loop - (main.pc + 2);
  if (back >= -128) main.emit(0xd0, back); // BNE loop
  else main.emit(0xf0, 3, 0x4c, loop, loop >> 8); // BEQ +3, JMP loop
  main.emit(0x4c, main.pc, main.pc >> 8); // JMP * (trap)
  main.flush();

  for (const [origin, last] of [[SUBROUTINE, 0x60], [HANDLER, 0x40]] as const) {
    const sub = new Emitter(origin, memory);
    const n = 1 + r.below(6);
    for (let k = 0; k < n; k++) emitPlain(r, sub);
    sub.emit(last); // RTS / RTI
    sub.flush();
  }
  return { memory, pc: PROGRAM_START, a: r.next() & 0xff, x: r.next() & 0xff, y: r.next() & 0xff, p: r.next() & 0xff };
}
