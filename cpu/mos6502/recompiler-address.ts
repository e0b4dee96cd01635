/**
 * Effective addresses of the 6502 addressing modes in recompiled code
 * (MCS6500 manual, chapter 6; the NMOS wrap-arounds as the interpreter has
 * them): zero-page indexing and (zp) pointers wrap within page 0, absolute
 * indexing within 64 KiB. Reads through abs,X abs,Y and (zp),Y that cross a
 * page pay one cycle, subtracted from the budget at run time (the entry
 * check of the block already allowed for it).
 */
import { Ins, Type } from "../../ejit/index.js";
import { JitOffset } from "./jit-state.js";
import type { Mos6502EmitContext } from "./recompiler-context.js";
import { Mode, type OpInfo } from "./table.js";

/** `effectiveAddress` put the address in T0. */
export const IN_T0 = -1;

/**
 * Form the effective address of `info`'s mode with operand `operand` (the
 * byte or little-endian word after the opcode). Returns the address when it
 * is a constant, else IN_T0 (T0 holds it, 0..$FFFF). May use T1.
 */
export function effectiveAddress(c: Mos6502EmitContext, info: OpInfo, operand: number): number {
  if (c.dynamicOperand >= 0) return dynamicEffectiveAddress(c, info, c.dynamicOperand);
  const { ir, T0, T1 } = c;
  switch (info.mode) {
    case Mode.Zp:
    case Mode.Abs:
      return operand;
    case Mode.Zpx:
    case Mode.Zpy:
      ir.push(Ins.addi(T0, info.mode === Mode.Zpx ? c.X : c.Y, operand), Ins.andi(T0, T0, 0xff));
      return IN_T0;
    case Mode.Abx:
    case Mode.Aby: {
      const index = info.mode === Mode.Abx ? c.X : c.Y;
      if (info.pageCrossPenalty && (operand & 0xff) !== 0) {
        ir.push(Ins.addi(T1, index, operand & 0xff), Ins.shri(T1, T1, 8));
        c.spendDynamic(T1);
      }
      ir.push(Ins.addi(T0, index, operand));
      if (operand > 0xff00) ir.push(Ins.andi(T0, T0, 0xffff));
      return IN_T0;
    }
    case Mode.Izx:
      ir.push(
        Ins.addi(T0, c.X, operand), Ins.andi(T0, T0, 0xff),
        Ins.ldx(Type.U8, T1, c.base, T0, 0, JitOffset.RAM),
        Ins.addi(T0, T0, 1), Ins.andi(T0, T0, 0xff),
        Ins.ldx(Type.U8, T0, c.base, T0, 0, JitOffset.RAM),
        Ins.shli(T0, T0, 8), Ins.or(T0, T0, T1),
      );
      return IN_T0;
    case Mode.Izy:
      // One 16-bit load unless the pointer wraps or the block just stored a
      // byte of it (see Mos6502EmitContext.storedZeroPage).
      if (operand !== 0xff && !c.storedZeroPage(operand) && !c.storedZeroPage(operand + 1)) {
        ir.push(Ins.ld(Type.U16, T0, c.base, JitOffset.RAM + operand));
      } else {
        ir.push(Ins.ld(Type.U8, T0, c.base, JitOffset.RAM + operand), Ins.ld(Type.U8, T1, c.base, JitOffset.RAM + ((operand + 1) & 0xff)),
          Ins.shli(T1, T1, 8), Ins.or(T0, T0, T1));
      }
      return addY(c, info);
    default:
      throw new Error(`6502 recompiler: mode ${info.mode} has no memory operand`);
  }
}

/**
 * The same with the operand bytes read from guest memory at `at` when the
 * instruction runs (they are not covered: code rewrites them). Always
 * IN_T0; may use T1 and T2.
 */
function dynamicEffectiveAddress(c: Mos6502EmitContext, info: OpInfo, at: number): number {
  const { ir, T0, T1, T2 } = c;
  const RAM = JitOffset.RAM;
  switch (info.mode) {
    case Mode.Zp:
      c.loadConst(T0, at);
      return IN_T0;
    case Mode.Abs:
      c.loadWordConst(T0, T1, at);
      return IN_T0;
    case Mode.Zpx:
    case Mode.Zpy:
      c.loadConst(T0, at);
      ir.push(Ins.add(T0, T0, info.mode === Mode.Zpx ? c.X : c.Y), Ins.andi(T0, T0, 0xff));
      return IN_T0;
    case Mode.Abx:
    case Mode.Aby: {
      const index = info.mode === Mode.Abx ? c.X : c.Y;
      c.loadWordConst(T0, T1, at);
      if (info.pageCrossPenalty) {
        ir.push(Ins.andi(T1, T0, 0xff), Ins.add(T1, T1, index), Ins.shri(T1, T1, 8));
        c.spendDynamic(T1);
      }
      ir.push(Ins.add(T0, T0, index), Ins.andi(T0, T0, 0xffff));
      return IN_T0;
    }
    case Mode.Izx:
      c.loadConst(T0, at);
      ir.push(
        Ins.add(T0, T0, c.X), Ins.andi(T0, T0, 0xff),
        Ins.ldx(Type.U8, T1, c.base, T0, 0, RAM),
        Ins.addi(T0, T0, 1), Ins.andi(T0, T0, 0xff),
        Ins.ldx(Type.U8, T0, c.base, T0, 0, RAM),
        Ins.shli(T0, T0, 8), Ins.or(T0, T0, T1),
      );
      return IN_T0;
    case Mode.Izy:
      c.loadConst(T2, at);
      ir.push(
        Ins.ldx(Type.U8, T0, c.base, T2, 0, RAM),
        Ins.addi(T2, T2, 1), Ins.andi(T2, T2, 0xff),
        Ins.ldx(Type.U8, T1, c.base, T2, 0, RAM),
        Ins.shli(T1, T1, 8), Ins.or(T0, T0, T1),
      );
      return addY(c, info);
    default:
      throw new Error(`6502 recompiler: mode ${info.mode} has no memory operand`);
  }
}

/** d = the operand byte at the effective address (`ea` from effectiveAddress). */
export function loadOperand(c: Mos6502EmitContext, ea: number, d: typeof c.T1): void {
  if (ea === IN_T0) c.loadAt(d, c.T0);
  else c.loadConst(d, ea);
}

/**
 * Leave for the interpreter when a store to `ea` (of `info`'s mode with
 * `operand`) would hit compiled code. Zero-page indexing stays in page 0
 * and abs,X / abs,Y within two pages, so those can go unguarded like
 * constant addresses when their pages hold no compiled code.
 */
export function guardStore(c: Mos6502EmitContext, ea: number, info: OpInfo, operand: number): void {
  if (ea !== IN_T0) {
    c.guardConst(ea);
    return;
  }
  if (c.dynamicOperand >= 0) {
    c.guardAt(c.T0); // the address is known only at run time
    return;
  }
  switch (info.mode) {
    case Mode.Zpx: case Mode.Zpy:
      if (c.pageFree(0)) return;
      break;
    case Mode.Abx: case Mode.Aby:
      if (c.pageFree(operand >> 8) && c.pageFree(((operand + 0xff) >> 8) & 0xff)) return;
      break;
  }
  c.guardAt(c.T0);
}

/** RAM[ea] = s. */
export function storeOperand(c: Mos6502EmitContext, ea: number, s: typeof c.T1): void {
  if (ea === IN_T0) c.storeAt(s, c.T0);
  else c.storeConst(s, ea);
}

/** (zp),Y with the pointer in T0: the page-cross cycle when the table says so, then T0 = pointer + Y. */
function addY(c: Mos6502EmitContext, info: OpInfo): number {
  const { T0, T1 } = c;
  if (info.pageCrossPenalty) {
    c.ir.push(Ins.andi(T1, T0, 0xff), Ins.add(T1, T1, c.Y), Ins.shri(T1, T1, 8));
    c.spendDynamic(T1);
  }
  c.ir.push(Ins.add(T0, T0, c.Y), Ins.andi(T0, T0, 0xffff));
  return IN_T0;
}
