/**
 * Translation of the display instructions: 00E0 and 00FE/00FF natively
 * (word-wide loops over the 128x64 framebuffer), DXYN as a call to the
 * shared native drawing routine (recompiler-draw.ts), then VF and, under
 * vblankQuirks, the display wait; scrolling (00CN, 00DN, 00FB, 00FC) as a
 * call to the native scrolling routine (recompiler-scroll.ts). 00FD goes to
 * the interpreter.
 */
import { Cond, Ins, Type } from "../../ejit/index.js";
import { ExitReason } from "../jit/exit-reason.js";
import { BLOCK_ENDED, Chip8EmitContext, NEEDS_INTERPRETER } from "./recompiler-context.js";
import { translateSpriteInline } from "./recompiler-sprite.js";
import { Chip8Offset, HaltReason, SCREEN_HEIGHT, SCREEN_WIDTH } from "./state.js";

const FB_BYTES = SCREEN_WIDTH * SCREEN_HEIGHT;

/** The native display routines of one JIT (executable addresses to `call`). */
export interface DisplayHelpers {
  /** DXYN (recompiler-draw.ts). */
  readonly draw: number;
  /** 00CN, 00DN, 00FB, 00FC (recompiler-scroll.ts). */
  readonly scroll: number;
}

/**
 * Call a display routine with the opcode in T0. The routines keep the
 * mapped guest registers; DXYN reads I, VX and VY from the state block
 * (stored first when they live in registers) and writes VF there (reloaded).
 */
function callHelper(c: Chip8EmitContext, op: number, address: number, isDraw: boolean): void {
  const { ir, T0, T1, base } = c;
  if (isDraw) {
    ir.push(Ins.st(Type.U16, c.I, base, Chip8Offset.I));
    for (const x of new Set([(op >> 8) & 0xf, (op >> 4) & 0xf])) {
      const r = c.map.hostOf(x);
      if (r !== undefined) ir.push(Ins.st(Type.U8, r, base, Chip8Offset.V + x));
    }
  }
  ir.push(Ins.movi(T0, op), Ins.movi(T1, address), Ins.call(T1));
  const vf = c.map.hostOf(15);
  if (isDraw && vf !== undefined) ir.push(Ins.ld(Type.U8, vf, base, Chip8Offset.V + 15));
}

/** framebuffer[k] &= T0 (a byte pattern repeated over 64 bits), for every k. */
function maskFramebuffer(c: Chip8EmitContext): void {
  const { ir, T0, T1, T2, base, e } = c;
  const loop = e.newLabel();
  ir.push(
    Ins.movi(T1, 0),
    Ins.label(loop),
    Ins.ldx(Type.U64, T2, base, T1, 0, Chip8Offset.FRAMEBUFFER),
    Ins.and(T2, T2, T0),
    Ins.stx(Type.U64, T2, base, T1, 0, Chip8Offset.FRAMEBUFFER),
    Ins.addi(T1, T1, 8),
    Ins.cmpi(T1, FB_BYTES),
    Ins.b(Cond.Ult, loop),
  );
}

/** The 00xx group except 00EE; scrolling needs `helpers` (else the interpreter does it). */
export function translateDisplay(c: Chip8EmitContext, op: number, next: number, helpers: DisplayHelpers | undefined): number {
  const { ir, T0, T1, base } = c;
  if (op === 0x00e0) {
    // keep = ~planes & 3 in every byte
    ir.push(
      Ins.ld(Type.U8, T0, base, Chip8Offset.PLANES),
      Ins.not(T0, T0),
      Ins.andi(T0, T0, 3),
      Ins.movi(T1, 0x0101010101010101n),
      Ins.mul(T0, T0, T1),
    );
    maskFramebuffer(c);
    return next;
  }
  if (c.schip && (op === 0x00fe || op === 0x00ff)) {
    ir.push(Ins.movi(T0, op & 1), Ins.st(Type.U8, T0, base, Chip8Offset.HIRES));
    c.knownHires = op & 1;
    if (!c.settings.quirks.resolutionKeepQuirks) {
      ir.push(Ins.movi(T0, 0));
      maskFramebuffer(c);
    }
    return next;
  }
  const scroll = (c.schip && ((op & 0xfff0) === 0x00c0 || op === 0x00fb || op === 0x00fc)) || (c.xo && (op & 0xfff0) === 0x00d0);
  if (scroll && helpers !== undefined) {
    callHelper(c, op, helpers.scroll, false);
    return next;
  }
  return NEEDS_INTERPRETER;
}

/**
 * DXYN: inline code for the common case (recompiler-sprite.ts) with a call
 * to the drawing routine (see callHelper) for the rest, then the display
 * wait when vblankQuirks is on.
 */
export function translateDraw(c: Chip8EmitContext, op: number, next: number, helpers: DisplayHelpers): number {
  const { ir, T0, base } = c;
  if (!translateSpriteInline(c, op, () => callHelper(c, op, helpers.draw, true))) callHelper(c, op, helpers.draw, true);
  if (c.settings.quirks.vblankQuirks) {
    c.flushStack();
    ir.push(Ins.movi(T0, HaltReason.DisplayWait), Ins.st(Type.U8, T0, base, Chip8Offset.HALT));
    c.e.exitTo(ExitReason.Halt, next, c.done + 1);
    return BLOCK_ENDED;
  }
  return next;
}
