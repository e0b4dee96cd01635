/**
 * Translation of CHIP-8 control flow: skips (3XNN, 4XNN, 5XY0, 9XY0,
 * EX9E, EXA1) end a block with two link slots; 2NNN pushes the return
 * address (the block then continues at NNN); 00EE and BNNN jump through the
 * native dispatch table. Stack faults leave the block for the interpreter
 * at the faulting instruction, which raises them exactly as it always does.
 */
import { Cond, Ins, Type } from "../../ejit/index.js";
import { ExitReason } from "../jit/exit-reason.js";
import { BLOCK_ENDED, Chip8EmitContext, NEEDS_INTERPRETER } from "./recompiler-context.js";
import { Chip8Offset } from "./state.js";

/** A skip: `emitTest` sets the flags and returns the condition under which the next instruction is skipped. */
function skipIf(c: Chip8EmitContext, next: number, emitTest: () => Cond): number {
  c.flushStack();
  const taken = c.e.newLabel();
  const skipTo = c.skipTarget(next);
  c.ir.push(c.cache.b(emitTest(), taken));
  c.e.linkTo(next, c.done + 1);
  c.ir.push(c.cache.label(taken));
  c.e.linkTo(skipTo, c.done + 1);
  return BLOCK_ENDED;
}

/** 3XNN, 4XNN, 5XY0, 9XY0. */
export function translateCompareSkip(c: Chip8EmitContext, op: number, next: number): number {
  const x = (op >> 8) & 0xf;
  const y = (op >> 4) & 0xf;
  const top = op >> 12;
  if ((top === 5 || top === 9) && (op & 0xf) !== 0) return NEEDS_INTERPRETER;
  return skipIf(c, next, () => {
    const vx = c.readV(x, c.T0);
    if (top === 3 || top === 4) c.ir.push(Ins.cmpi(vx, op & 0xff));
    else c.ir.push(Ins.cmp(vx, c.readV(y, c.T1)));
    return top === 3 || top === 5 ? Cond.Eq : Cond.Ne;
  });
}

/** EX9E (skip if key VX & 0xF is down) and EXA1 (skip if up); keys are read from the state block. */
export function translateKeySkip(c: Chip8EmitContext, op: number, next: number): number {
  const low = op & 0xff;
  if (low !== 0x9e && low !== 0xa1) return NEEDS_INTERPRETER;
  const x = (op >> 8) & 0xf;
  return skipIf(c, next, () => {
    const { ir, T0 } = c;
    ir.push(Ins.andi(T0, c.readV(x, T0), 0xf), Ins.ldx(Type.U8, T0, c.base, T0, 0, Chip8Offset.KEYS), Ins.cmpi(T0, 0));
    return low === 0x9e ? Cond.Ne : Cond.Eq;
  });
}

/**
 * 2NNN: push the return address (stack overflow: the interpreter faults); the block goes on at NNN.
 * SP in the state is left behind (see Chip8EmitContext.inlineDepth): with d calls of this block
 * not returned from yet, the real SP is the stored one + d, so the address goes to slot SP + d.
 */
export function translateCall(c: Chip8EmitContext, op: number, next: number): number {
  const { ir, T0, T1, base } = c;
  const depth = Math.max(1, Math.min(16, c.settings.quirks.stackDepth));
  const d = c.inlineDepth;
  if (d >= c.inlineReturns.length) throw new Error("chip8 recompiler: more calls in a block than it tracks");
  const overflow = c.coldExit(ExitReason.Interpret, c.opPc, c.done);
  ir.push(
    Ins.ld(Type.U8, T0, base, Chip8Offset.SP),
    Ins.cmpi(T0, depth - d),
    Ins.b(Cond.Uge, overflow),
    Ins.movi(T1, next),
    Ins.stx(Type.U16, T1, base, T0, 1, Chip8Offset.STACK + 2 * d),
  );
  c.inlineReturns[c.inlineDepth++] = next;
  return op & 0xfff;
}

/**
 * 00EE: pop the return address and jump there through the dispatch table.
 * When the matching 2NNN is in this block, the address is known (the stack
 * is not guest memory: only this block's own calls and returns touched it
 * since), the stack is not empty, and the block goes on at the return address.
 */
export function translateReturn(c: Chip8EmitContext): number {
  const { ir, T0, T1, base, e } = c;
  if (c.inlineDepth > 0) return c.inlineReturns[--c.inlineDepth]!;
  const underflow = e.newLabel();
  ir.push(
    Ins.ld(Type.U8, T0, base, Chip8Offset.SP),
    Ins.cmpi(T0, 0),
    Ins.b(Cond.Eq, underflow),
    Ins.subi(T0, T0, 1),
    Ins.st(Type.U8, T0, base, Chip8Offset.SP),
    Ins.ldx(Type.U16, T1, base, T0, 1, Chip8Offset.STACK),
  );
  e.jumpIndirect(c.done + 1);
  ir.push(Ins.label(underflow));
  e.exitTo(ExitReason.Interpret, c.opPc, c.done);
  return BLOCK_ENDED;
}

/** BNNN: PC = (NNN + V0) & mask, or XNN + VX under jumpQuirks. */
export function translateJumpIndexed(c: Chip8EmitContext, op: number): number {
  const { ir, T1 } = c;
  const x = c.settings.quirks.jumpQuirks ? (op >> 8) & 0xf : 0;
  c.flushStack();
  ir.push(Ins.addi(T1, c.readV(x, T1), op & 0xfff), Ins.andi(T1, T1, c.addrMask));
  c.e.jumpIndirect(c.done + 1);
  return BLOCK_ENDED;
}
