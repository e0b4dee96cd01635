/**
 * Translation of the CHIP-8 register instructions: 6XNN, 7XNN, 8XY*, ANNN,
 * CXNN, and the FX timer/I/pitch/plane group. V registers hold 0..255 in
 * host registers, so every result that can leave that range is masked.
 * Semantics (and quirks) are the interpreter's, case by case.
 */
import { Ins, Type } from "../../ejit/index.js";
import { BIG_FONT_ADDRESS, SMALL_FONT_ADDRESS } from "./font.js";
import { Chip8EmitContext, NEEDS_INTERPRETER } from "./recompiler-context.js";
import { Chip8Offset } from "./state.js";

/** 6XNN: VX = NN. 7XNN: VX += NN (no flag). */
export function translateLoadAdd(c: Chip8EmitContext, op: number, next: number): number {
  const x = (op >> 8) & 0xf;
  const nn = op & 0xff;
  if (op >> 12 === 6) {
    c.setV(x, nn);
    return next;
  }
  const vx = c.readV(x, c.T0);
  const d = c.destV(x, c.T0);
  c.ir.push(Ins.addi(d, vx, nn), c.cache.andSelf(d, 0xff));
  c.writeV(x, d);
  return next;
}

/** 8XY0..8XYE, with logicQuirks, shiftQuirks and vfOrderQuirks as the interpreter applies them. */
export function translateArithmetic(c: Chip8EmitContext, op: number, next: number): number {
  const x = (op >> 8) & 0xf;
  const y = (op >> 4) & 0xf;
  const q = c.settings.quirks;
  const { ir, T0, T1, T2 } = c;
  const low = op & 0xf;
  if (low === 0) {
    c.writeV(x, c.readV(y, T1));
    return next;
  }
  if (low >= 1 && low <= 3) {
    const vx = c.readV(x, T0);
    const vy = c.readV(y, T1);
    const d = c.destV(x, T0);
    ir.push(low === 1 ? Ins.or(d, vx, vy) : low === 2 ? Ins.and(d, vx, vy) : Ins.xor(d, vx, vy));
    c.writeV(x, d);
    if (q.logicQuirks) c.setV(15, 0);
    return next;
  }
  const vx = c.readV(x, T0);
  const vy = c.readV(y, T1);
  // With VF neither source nor destination, the result and the flag can go
  // straight to their registers, in any order; otherwise they go through
  // T0 (result) and T1/T2 (flag) and are written in the quirk's order.
  const direct = x !== 15 && y !== 15;
  const r = direct ? c.destV(x, T0) : T0;
  let flag = direct ? c.destV(15, T1) : T1;
  switch (low) {
    case 0x4:
      ir.push(Ins.add(T0, vx, vy), Ins.shri(flag, T0, 8), Ins.andi(r, T0, 0xff));
      break;
    case 0x5:
      ir.push(Ins.sub(T0, vx, vy), Ins.shri(flag, T0, 63), Ins.xori(flag, flag, 1), Ins.andi(r, T0, 0xff));
      break;
    case 0x7:
      ir.push(Ins.sub(T0, vy, vx), Ins.shri(flag, T0, 63), Ins.xori(flag, flag, 1), Ins.andi(r, T0, 0xff));
      break;
    case 0x6: {
      const src = q.shiftQuirks ? vx : vy;
      ir.push(Ins.andi(T2, src, 1), Ins.shri(r, src, 1));
      flag = T2;
      break;
    }
    case 0xe: {
      const src = q.shiftQuirks ? vx : vy;
      ir.push(Ins.shri(T2, src, 7), Ins.shli(r, src, 1), c.cache.andSelf(r, 0xff));
      flag = T2;
      break;
    }
    default:
      return NEEDS_INTERPRETER;
  }
  if (q.vfOrderQuirks) {
    c.writeV(15, flag);
    c.writeV(x, r);
  } else {
    c.writeV(x, r);
    c.writeV(15, flag);
  }
  return next;
}

/** ANNN: I = NNN. */
export function translateSetI(c: Chip8EmitContext, op: number, next: number): number {
  c.ir.push(Ins.movi(c.I, op & 0xfff));
  return next;
}

/**
 * CXNN: VX = (next xorshift32 state >>> 24) & NN, the state kept in the
 * RANDOM word (x ^= x << 13; x ^= x >>> 17; x ^= x << 5; Marsaglia 2003).
 * The engine makes sure the word is never 0 before native code runs.
 */
export function translateRandom(c: Chip8EmitContext, op: number, next: number): number {
  const x = (op >> 8) & 0xf;
  const { ir, T0, T1, T2, base } = c;
  // The generator state stays in T2 from a CXNN to the next when they are adjacent (nothing
  // between them touches T2), so a run of CXNN does not wait on its own store to the state.
  // T2 may hold bits above 32 (from the last shift left): the mask after the first step clears them.
  if (!c.randomInT2) ir.push(Ins.ld(Type.U32, T2, base, Chip8Offset.RANDOM));
  ir.push(
    Ins.shli(T1, T2, 13), Ins.xor(T2, T2, T1), Ins.shli(T2, T2, 32), Ins.shri(T2, T2, 32),
    Ins.shri(T1, T2, 17), Ins.xor(T2, T2, T1),
    Ins.shli(T1, T2, 5), Ins.xor(T2, T2, T1),
    Ins.st(Type.U32, T2, base, Chip8Offset.RANDOM),
    Ins.shri(T0, T2, 24), Ins.andi(T0, T0, op & 0xff),
  );
  c.writeV(x, T0);
  c.randomNext = true;
  return next;
}

/** FX07, FX15, FX18, FX1E, FX29, FX30, FX3A and FN01; other FX opcodes return NEEDS_INTERPRETER. */
export function translateRegisterF(c: Chip8EmitContext, op: number, next: number): number {
  const x = (op >> 8) & 0xf;
  const { ir, T0, I, base } = c;
  switch (op & 0xff) {
    case 0x01:
      if (!c.xo) return NEEDS_INTERPRETER;
      ir.push(Ins.movi(T0, x & 3), Ins.st(Type.U8, T0, base, Chip8Offset.PLANES));
      c.knownPlanes = x & 3;
      return next;
    case 0x07: {
      const d = c.destV(x, T0);
      ir.push(Ins.ld(Type.U8, d, base, Chip8Offset.DT));
      c.writeV(x, d);
      return next;
    }
    case 0x15:
      ir.push(Ins.st(Type.U8, c.readV(x, T0), base, Chip8Offset.DT));
      return next;
    case 0x18:
      ir.push(Ins.st(Type.U8, c.readV(x, T0), base, Chip8Offset.ST));
      return next;
    case 0x3a:
      if (!c.xo) return NEEDS_INTERPRETER;
      ir.push(Ins.st(Type.U8, c.readV(x, T0), base, Chip8Offset.PITCH));
      return next;
    case 0x1e:
      ir.push(Ins.add(I, I, c.readV(x, T0)), c.cache.andSelf(I, 0xffff));
      return next;
    case 0x29:
      ir.push(Ins.andi(I, c.readV(x, T0), 0xf), Ins.muli(I, I, 5));
      if (SMALL_FONT_ADDRESS !== 0) ir.push(Ins.addi(I, I, SMALL_FONT_ADDRESS));
      return next;
    case 0x30:
      if (!c.schip) return NEEDS_INTERPRETER;
      ir.push(Ins.andi(I, c.readV(x, T0), 0xf), Ins.muli(I, I, 10), Ins.addi(I, I, BIG_FONT_ADDRESS));
      return next;
    default:
      return NEEDS_INTERPRETER;
  }
}
