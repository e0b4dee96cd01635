/**
 * Translation of the instructions that move bytes between V registers and
 * guest memory or the state block: FX33, FX55, FX65, XO-CHIP 5XY2/5XY3 and
 * F002, SUPER-CHIP FX75/FX85. Every address is `(I + k) & addrMask`, so
 * native code only ever touches the guest's own memory, wrapping as the
 * interpreter does.
 *
 * Self-modifying code: before a store, the code map (one byte per guest
 * byte, 1 = compiled code depends on it) is checked for every byte it will
 * write. On a hit nothing is written and the block exits to the
 * interpreter at this instruction, which performs the store and drops the
 * blocks it hit (see jit.ts); so a store into the running block ends it
 * right after the store. Accesses that wrap past the end of guest memory
 * (rare) take the same way out, so the fast path needs one mask of I.
 */
import { Cond, Ins, Type, type R } from "../../ejit/index.js";
import { ExitReason } from "../jit/exit-reason.js";
import { Chip8EmitContext, NEEDS_INTERPRETER } from "./recompiler-context.js";
import { Chip8Offset } from "./state.js";

/** Code-map load widths for 1..8 bytes checked at once (others: a u64 shifted). */
const WIDTH: readonly (Type | undefined)[] = [undefined, Type.U8, Type.U16, undefined, Type.U32, undefined, undefined, undefined, Type.U64];

/**
 * Start an access to `count` bytes from I: T0 = I & addrMask, and when the
 * range wraps past the end of guest memory, or (for stores) covers a byte
 * of compiled code (`codeMap`, up to 8 bytes per load), leave for the
 * interpreter before anything is done (a cold exit after the block).
 */
function beginRange(c: Chip8EmitContext, count: number, isStore: boolean): void {
  const { ir, T0, T2, e } = c;
  const slow = c.coldExit(ExitReason.Interpret, c.opPc, c.done);
  if (isStore) e.writesMemory = true;
  ir.push(Ins.andi(T0, c.I, c.addrMask));
  if (count > 1) ir.push(Ins.cmpi(T0, c.addrMask + 1 - count), c.cache.b(Cond.Ugt, slow));
  for (let from = 0; isStore && from < count; from += 8) {
    const bytes = Math.min(8, count - from);
    const width = WIDTH[bytes];
    ir.push(Ins.ldx(width ?? Type.U64, T2, c.base, T0, 0, e.layout.codeMap + from));
    if (width === undefined) ir.push(Ins.shli(T2, T2, 64 - 8 * bytes));
    ir.push(c.cache.cmpi(T2, 0), c.cache.b(Cond.Ne, slow));
  }
}

/** memory[T0 + k] = value (inside a beginRange). */
function storeByte(c: Chip8EmitContext, k: number, value: R): void {
  c.ir.push(Ins.stx(Type.U8, value, c.base, c.T0, 0, Chip8Offset.MEMORY + k));
}

/** Vx = memory[T0 + k] (inside a beginRange). */
function loadByte(c: Chip8EmitContext, k: number, x: number): void {
  const d = c.destV(x, c.T1);
  c.ir.push(Ins.ldx(Type.U8, d, c.base, c.T0, 0, Chip8Offset.MEMORY + k));
  c.writeV(x, d);
}

function advanceI(c: Chip8EmitContext, x: number): void {
  const q = c.settings.quirks;
  if (q.loadStoreQuirks) return;
  const step = x + (q.loadStoreXQuirks ? 0 : 1);
  c.ir.push(Ins.addi(c.I, c.I, step), Ins.andi(c.I, c.I, 0xffff));
}

/**
 * FX33: hundreds, tens and ones of VX at I, I+1, I+2. Division by
 * multiplication, exact for 0..255 (a test checks all of them):
 * v / 100 = (v * 41) >> 12, v / 10 = (v * 205) >> 11.
 */
function translateBcd(c: Chip8EmitContext, x: number): void {
  const { ir, T0, T2 } = c;
  const v = c.readV(x, c.T1);
  beginRange(c, 3, true);
  ir.push(Ins.muli(T2, v, 41), Ins.shri(T2, T2, 12));
  storeByte(c, 0, T2);
  ir.push(Ins.muli(T2, v, 205), Ins.shri(T2, T2, 11), Ins.muli(T2, T2, 10), Ins.sub(T2, v, T2));
  storeByte(c, 2, T2);
  // tens = v / 10 - 10 * (v / 100), with T0 borrowed and restored
  ir.push(Ins.muli(T2, v, 41), Ins.shri(T2, T2, 12), Ins.muli(T2, T2, 10));
  ir.push(Ins.muli(T0, v, 205), Ins.shri(T0, T0, 11), Ins.sub(T2, T0, T2), Ins.andi(T0, c.I, c.addrMask));
  storeByte(c, 1, T2);
}

/** FX33, FX55, FX65, FX75, FX85 and F002. */
export function translateMemoryF(c: Chip8EmitContext, op: number, next: number): number {
  const x = (op >> 8) & 0xf;
  const { ir, T1, base } = c;
  switch (op & 0xff) {
    case 0x33:
      translateBcd(c, x);
      return next;
    case 0x55: {
      beginRange(c, x + 1, true);
      for (let k = 0; k <= x; k++) storeByte(c, k, c.readV(k, T1));
      advanceI(c, x);
      return next;
    }
    case 0x65: {
      beginRange(c, x + 1, false);
      for (let k = 0; k <= x; k++) loadByte(c, k, k);
      advanceI(c, x);
      return next;
    }
    case 0x75:
      if (!c.schip) return NEEDS_INTERPRETER;
      for (let k = 0; k <= x; k++) ir.push(Ins.st(Type.U8, c.readV(k, T1), base, Chip8Offset.RPL + k));
      return next;
    case 0x85:
      if (!c.schip) return NEEDS_INTERPRETER;
      for (let k = 0; k <= x; k++) {
        const d = c.destV(k, T1);
        ir.push(Ins.ld(Type.U8, d, base, Chip8Offset.RPL + k));
        c.writeV(k, d);
      }
      return next;
    case 0x02: {
      if (!c.xo || op !== 0xf002) return NEEDS_INTERPRETER;
      beginRange(c, 16, false);
      for (let k = 0; k < 16; k++) {
        ir.push(Ins.ldx(Type.U8, T1, base, c.T0, 0, Chip8Offset.MEMORY + k), Ins.st(Type.U8, T1, base, Chip8Offset.AUDIO_PATTERN + k));
      }
      return next;
    }
    default:
      return NEEDS_INTERPRETER;
  }
}

/** XO-CHIP 5XY2 (save VX..VY at I) and 5XY3 (load), in either register order; I unchanged. */
export function translateRangeSaveLoad(c: Chip8EmitContext, op: number, next: number): number {
  const x = (op >> 8) & 0xf;
  const y = (op >> 4) & 0xf;
  const low = op & 0xf;
  if (!c.xo || (low !== 2 && low !== 3)) return NEEDS_INTERPRETER;
  const step = x <= y ? 1 : -1;
  const count = (x <= y ? y - x : x - y) + 1;
  beginRange(c, count, low === 2);
  for (let k = 0; k < count; k++) {
    if (low === 2) storeByte(c, k, c.readV(x + k * step, c.T1));
    else loadByte(c, k, x + k * step);
  }
  return next;
}
