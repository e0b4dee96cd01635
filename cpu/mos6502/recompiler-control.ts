/**
 * Translation of 6502 control flow and the stack: conditional branches end
 * a block with two link slots (not taken: 2 cycles; taken: 3, 4 when the
 * target is on another page, MCS6500 manual section 4.1); JSR pushes the
 * return address and the block goes on at its target; RTS, RTI and
 * JMP ($nnnn) (with the NMOS bug: the pointer's high byte comes from the
 * same page) continue through the native dispatch table. A jump or branch
 * to itself is the bare machine's trap: with `stopOnTrap` it leaves with
 * ExitReason.Halt after the instruction, as the interpreter stops there.
 */
import { Cond, Ins, Type } from "../../ejit/index.js";
import { ExitReason } from "../jit/exit-reason.js";
import { JitOffset } from "./jit-state.js";
import { NEEDS_INTERPRETER, type Mos6502EmitContext } from "./recompiler-context.js";
import type { OpInfo } from "./table.js";

const STACK = JitOffset.RAM + 0x100;

/** Set the host flags for a branch; returns the condition under which it is taken. */
function branchCondition(c: Mos6502EmitContext, mnemonic: string): Cond {
  const { ir, T0, NZ } = c;
  switch (mnemonic) {
    case "BEQ": case "BNE":
      if (c.nzClean) ir.push(Ins.cmpi(NZ, 0));
      else ir.push(Ins.andi(T0, NZ, 0xff), Ins.cmpi(T0, 0));
      return mnemonic === "BEQ" ? Cond.Eq : Cond.Ne;
    case "BMI": case "BPL":
      if (c.nzClean) {
        ir.push(Ins.cmpi(NZ, 0x80));
        return mnemonic === "BMI" ? Cond.Uge : Cond.Ult;
      }
      ir.push(Ins.andi(T0, NZ, 0x180), Ins.cmpi(T0, 0));
      return mnemonic === "BMI" ? Cond.Ne : Cond.Eq;
    case "BCS": case "BCC":
      ir.push(Ins.cmpi(c.C, 0));
      return mnemonic === "BCS" ? Cond.Ne : Cond.Eq;
    default: // BVS BVC
      ir.push(Ins.andi(T0, c.V, 0x80), Ins.cmpi(T0, 0));
      return mnemonic === "BVS" ? Cond.Ne : Cond.Eq;
  }
}

/** A conditional branch at c.opPc with offset byte `offset`: ends the block. */
export function translateBranch(c: Mos6502EmitContext, info: OpInfo, offset: number, stopOnTrap: boolean): void {
  const pc = c.opPc;
  const next = (pc + 2) & 0xffff;
  const target = (next + ((offset ^ 0x80) - 0x80)) & 0xffff;
  const n = c.doneInstructions + 1;
  const taken = c.e.newLabel();
  c.ir.push(Ins.b(branchCondition(c, info.mnemonic), taken));
  c.link(next, n, c.doneCycles + 2);
  c.ir.push(Ins.label(taken));
  const cycles = c.doneCycles + 3 + ((next ^ target) & 0xff00 ? 1 : 0);
  if (target === pc && stopOnTrap) c.exit(ExitReason.Halt, pc, n, cycles);
  else c.link(target, n, cycles);
}

/** A conditional branch in the middle of a block: taken, it leaves through a link slot (emitted after the main path). */
export function translateSideBranch(c: Mos6502EmitContext, info: OpInfo, offset: number, stopOnTrap: boolean): void {
  const pc = c.opPc;
  const next = (pc + 2) & 0xffff;
  const target = (next + ((offset ^ 0x80) - 0x80)) & 0xffff;
  const cycles = c.doneCycles + 3 + ((next ^ target) & 0xff00 ? 1 : 0);
  c.ir.push(Ins.b(branchCondition(c, info.mnemonic), c.sideLink(target, c.doneInstructions + 1, cycles, target === pc && stopOnTrap)));
}

/**
 * A conditional branch whose offset byte code rewrites: read at run time.
 * Not taken, it links to the next instruction; taken, it forms the target
 * (the page-crossing cycle at run time) and goes through the dispatch
 * table. Ends the block.
 */
export function translateDynamicBranch(c: Mos6502EmitContext, info: OpInfo, stopOnTrap: boolean): void {
  const { ir, T0, T1 } = c;
  const pc = c.opPc;
  const next = (pc + 2) & 0xffff;
  const n = c.doneInstructions + 1;
  const taken = c.e.newLabel();
  ir.push(Ins.b(branchCondition(c, info.mnemonic), taken));
  c.link(next, n, c.doneCycles + 2);
  ir.push(Ins.label(taken));
  c.loadConst(T1, c.dynamicOperand);
  // target = next + sign-extended offset; a page crossing ((next ^ target) >> 8 != 0) costs a cycle
  ir.push(Ins.xori(T1, T1, 0x80), Ins.subi(T1, T1, 0x80), Ins.addi(T1, T1, next), Ins.andi(T1, T1, 0xffff),
    Ins.xori(T0, T1, next), Ins.shri(T0, T0, 8), Ins.addi(T0, T0, 0xff), Ins.shri(T0, T0, 8));
  c.spendDynamic(T0);
  dispatchT1(c, c.doneCycles + 3, stopOnTrap);
}

/** JMP $nnnn whose target code rewrites: read at run time, through the dispatch table. Ends the block. */
export function translateDynamicJump(c: Mos6502EmitContext, info: OpInfo, stopOnTrap: boolean): void {
  c.loadWordConst(c.T1, c.T0, c.dynamicOperand);
  dispatchT1(c, c.doneCycles + info.cycles, stopOnTrap);
}

/** After an indirect jump put its target in T1: stop when it is the instruction itself, else dispatch. */
function dispatchT1(c: Mos6502EmitContext, cycles: number, stopOnTrap: boolean): void {
  const n = c.doneInstructions + 1;
  if (stopOnTrap) {
    const onward = c.e.newLabel();
    c.ir.push(Ins.cmpi(c.T1, c.opPc), Ins.b(Cond.Ne, onward));
    c.exit(ExitReason.Halt, c.opPc, n, cycles);
    c.ir.push(Ins.label(onward));
  }
  c.indirect(n, cycles);
}

/** S = (S + delta) & 0xFF. */
function moveStack(c: Mos6502EmitContext, delta: number): void {
  c.ir.push(Ins.addi(c.S, c.S, delta), Ins.andi(c.S, c.S, 0xff));
}

/** d = the byte at $0100 + ((S + k) & 0xFF), for k = 1, 2, 3 (the next pulls). */
function peekStack(c: Mos6502EmitContext, d: typeof c.T0, k: number): void {
  const { ir, T2 } = c;
  ir.push(Ins.addi(T2, c.S, k), Ins.andi(T2, T2, 0xff), Ins.ldx(Type.U8, d, c.base, T2, 0, STACK));
}

/** T0 = P as PHP pushes it (B and bit 5 set), from the P slot's I and D and the flag registers. */
function packStatus(c: Mos6502EmitContext): void {
  const { ir, T0, T1, NZ } = c;
  ir.push(
    Ins.ld(Type.U8, T0, c.base, JitOffset.P), Ins.andi(T0, T0, 0x0c), Ins.ori(T0, T0, 0x30),
    Ins.or(T0, T0, c.C), Ins.shri(T1, c.V, 1), Ins.andi(T1, T1, 0x40), Ins.or(T0, T0, T1),
    // N: bit 7 or bit 8 of nz
    Ins.shri(T1, NZ, 1), Ins.or(T1, T1, NZ), Ins.andi(T1, T1, 0x80), Ins.or(T0, T0, T1),
    // Z: (nz & 0xFF) == 0, as (x - 1) >> 63 for x in 0..255
    Ins.andi(T1, NZ, 0xff), Ins.subi(T1, T1, 1), Ins.shri(T1, T1, 63), Ins.shli(T1, T1, 1), Ins.or(T0, T0, T1),
  );
}

/** The flag registers and the P slot from the status byte in T0 (RTI). */
function unpackStatus(c: Mos6502EmitContext): void {
  const { ir, T0, T1, T2 } = c;
  ir.push(
    Ins.andi(c.C, T0, 1), Ins.shli(c.V, T0, 1),
    Ins.andi(T1, T0, 0x80), Ins.shli(T1, T1, 1), Ins.shri(T2, T0, 1), Ins.andi(T2, T2, 1), Ins.xori(T2, T2, 1),
    Ins.or(c.NZ, T1, T2),
    Ins.andi(T0, T0, 0xcf), Ins.ori(T0, T0, 0x20), Ins.st(Type.U32, T0, c.base, JitOffset.P),
  );
  c.nzClean = false;
}

/**
 * JSR, BRK, RTS, RTI, JMP (ind), PHA, PHP, PLA. Returns the next PC for JSR (its
 * target), 0 for the stack instructions, -1 when the instruction ended the
 * block, NEEDS_INTERPRETER otherwise.
 */
export function translateControl(c: Mos6502EmitContext, info: OpInfo, operand: number, stopOnTrap: boolean): number {
  const { ir, T0, T1, S } = c;
  switch (info.mnemonic) {
    case "JSR": {
      const ret = (c.opPc + 2) & 0xffff;
      const dynamic = c.dynamicOperand >= 0;
      // a rewritten target: the low byte is read before the pushes, the high byte after (as the chip does)
      if (dynamic) c.loadConst(c.T3, c.dynamicOperand);
      c.guardStack(S);
      ir.push(Ins.subi(T0, S, 1), Ins.andi(T0, T0, 0xff));
      c.guardStack(T0);
      ir.push(Ins.movi(T1, ret >> 8), Ins.stx(Type.U8, T1, c.base, S, 0, STACK));
      ir.push(Ins.movi(T1, ret & 0xff), Ins.stx(Type.U8, T1, c.base, T0, 0, STACK));
      moveStack(c, -2);
      if (dynamic) {
        c.loadConst(T1, c.dynamicOperand + 1);
        ir.push(Ins.shli(T1, T1, 8), Ins.or(T1, T1, c.T3));
        dispatchT1(c, c.doneCycles + info.cycles, stopOnTrap);
        return -1;
      }
      if (operand === c.opPc && stopOnTrap) {
        c.exit(ExitReason.Halt, c.opPc, c.doneInstructions + 1, c.doneCycles + info.cycles);
        return -1;
      }
      return operand;
    }
    case "BRK": {
      // push PC + 2 and P with B set, set I, continue at the IRQ/BRK vector ($FFFE, in RAM here)
      const ret = (c.opPc + 2) & 0xffff;
      const { T2, T3 } = c;
      c.guardStack(S);
      ir.push(Ins.subi(T3, S, 1), Ins.andi(T3, T3, 0xff));
      c.guardStack(T3);
      ir.push(Ins.subi(T3, S, 2), Ins.andi(T3, T3, 0xff));
      c.guardStack(T3);
      ir.push(Ins.movi(T1, ret >> 8), Ins.stx(Type.U8, T1, c.base, S, 0, STACK));
      ir.push(Ins.movi(T1, ret & 0xff), Ins.subi(T3, S, 1), Ins.andi(T3, T3, 0xff), Ins.stx(Type.U8, T1, c.base, T3, 0, STACK));
      packStatus(c);
      ir.push(Ins.subi(T3, S, 2), Ins.andi(T3, T3, 0xff), Ins.stx(Type.U8, T0, c.base, T3, 0, STACK));
      moveStack(c, -3);
      ir.push(Ins.ld(Type.U8, T2, c.base, JitOffset.P), Ins.ori(T2, T2, 0x04), Ins.st(Type.U8, T2, c.base, JitOffset.P));
      c.loadConst(T1, 0xfffe);
      c.loadConst(T0, 0xffff);
      ir.push(Ins.shli(T0, T0, 8), Ins.or(T1, T1, T0));
      dispatchT1(c, c.doneCycles + info.cycles, stopOnTrap);
      return -1;
    }
    case "RTS":
      peekStack(c, T1, 1);
      peekStack(c, T0, 2);
      ir.push(Ins.shli(T0, T0, 8), Ins.or(T1, T1, T0), Ins.addi(T1, T1, 1), Ins.andi(T1, T1, 0xffff));
      moveStack(c, 2);
      dispatchT1(c, c.doneCycles + info.cycles, stopOnTrap);
      return -1;
    case "RTI":
      peekStack(c, T0, 1);
      unpackStatus(c);
      peekStack(c, T1, 2);
      peekStack(c, T0, 3);
      ir.push(Ins.shli(T0, T0, 8), Ins.or(T1, T1, T0));
      moveStack(c, 3);
      dispatchT1(c, c.doneCycles + info.cycles, stopOnTrap);
      return -1;
    case "JMP": { // ($nnnn): the only JMP that reaches here
      const high = (operand & 0xff00) | ((operand + 1) & 0xff);
      c.loadConst(T1, operand);
      c.loadConst(T0, high);
      ir.push(Ins.shli(T0, T0, 8), Ins.or(T1, T1, T0));
      dispatchT1(c, c.doneCycles + info.cycles, stopOnTrap);
      return -1;
    }
    case "PHA":
      c.guardStack(S);
      ir.push(Ins.stx(Type.U8, c.A, c.base, S, 0, STACK));
      moveStack(c, -1);
      return 0;
    case "PHP":
      c.guardStack(S);
      packStatus(c);
      ir.push(Ins.stx(Type.U8, T0, c.base, S, 0, STACK));
      moveStack(c, -1);
      return 0;
    case "PLA":
      moveStack(c, 1);
      ir.push(Ins.ldx(Type.U8, c.A, c.base, S, 0, STACK));
      c.setNZ(c.A);
      return 0;
    default:
      return NEEDS_INTERPRETER;
  }
}
