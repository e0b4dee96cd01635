/**
 * The native scrolling routine (00CN down, XO-CHIP 00DN up, 00FB right,
 * 00FC left), built once per JIT and called from blocks like the DXYN
 * routine: opcode in T0; guest registers it uses are saved and restored. Same result as
 * display.ts: new[p] = (old[p] & ~planes) | (old[p - delta] & planes), with
 * 0 coming in at the edges, 8 framebuffer bytes per step (unaligned words
 * for horizontal moves), walking against the direction of the move so every
 * source word is read before it is overwritten. Amounts are hires pixels;
 * in lores they double unless loresScrollQuirks.
 */
import { Cond, Ins, Type, type R } from "../../ejit/index.js";
import { preserveGuestRegisters, type HostPlan } from "../jit/host-plan.js";
import type { JitRuntime } from "../jit/runtime.js";
import type { Chip8Settings } from "./quirks.js";
import { Chip8Offset, SCREEN_HEIGHT, SCREEN_WIDTH } from "./state.js";

const FB = Chip8Offset.FRAMEBUFFER;
const ROW = SCREEN_WIDTH;
const FB_BYTES = SCREEN_WIDTH * SCREEN_HEIGHT;

export function installScrollHelper(runtime: JitRuntime, settings: Chip8Settings): number {
  return runtime.installHelper(scrollHelperIr(runtime.plan, settings)).address;
}

/** The routine's IR for a host plan (any architecture: tests assemble it for both). */
export function scrollHelperIr(plan: HostPlan, settings: Chip8Settings): Ins[] {
  const pool = [...plan.temps, ...plan.guest];
  if (pool.length < 10) throw new Error("scroll helper: the host plan has too few registers");
  const [OP, KEEP, MOVE, UNIT, P, S, DST, SRC, T, ROWBASE] = pool as [R, R, R, R, R, R, R, R, R, R];
  const B = plan.base;
  let nextLabel = 0;
  const L = (): number => nextLabel++;
  const preserved = preserveGuestRegisters(plan, pool.slice(0, 10), 0);
  const frame = Math.ceil((preserved.save.length * 8) / 16) * 16;
  const ir: Ins[] = [Ins.enter(frame), ...preserved.save];
  const lUp = L();
  const lRight = L();
  const lLeft = L();
  const lDone = L();

  // KEEP = ~planes & 3 and MOVE = planes & 3, in every byte; UNIT = framebuffer bytes per guest scroll unit
  ir.push(
    Ins.ld(Type.U8, MOVE, B, Chip8Offset.PLANES), Ins.andi(MOVE, MOVE, 3),
    Ins.not(KEEP, MOVE), Ins.andi(KEEP, KEEP, 3),
    Ins.movi(T, 0x0101010101010101n), Ins.mul(MOVE, MOVE, T), Ins.mul(KEEP, KEEP, T),
    Ins.movi(UNIT, 1),
  );
  if (!settings.quirks.loresScrollQuirks) {
    ir.push(Ins.ld(Type.U8, T, B, Chip8Offset.HIRES), Ins.movi(S, 2), Ins.cmpi(T, 0), Ins.select(Cond.Eq, UNIT, S, UNIT));
  }
  ir.push(
    Ins.cmpi(OP, 0x00fb), Ins.b(Cond.Eq, lRight),
    Ins.cmpi(OP, 0x00fc), Ins.b(Cond.Eq, lLeft),
    Ins.andi(T, OP, 0xf), Ins.mul(T, T, UNIT), Ins.shli(T, T, 7), // T = delta in bytes (rows * 128)
    Ins.andi(S, OP, 0xfff0), Ins.cmpi(S, 0x00d0), Ins.b(Cond.Eq, lUp),
  );
  const merge = (): void => {
    ir.push(Ins.and(DST, DST, KEEP), Ins.and(SRC, SRC, MOVE), Ins.or(DST, DST, SRC));
  };
  // down: p from the last word back to 0, source p - delta
  const lDownLoop = L();
  const lDownSrc = L();
  ir.push(
    Ins.movi(P, FB_BYTES - 8),
    Ins.label(lDownLoop),
    Ins.ldx(Type.U64, DST, B, P, 0, FB), Ins.movi(SRC, 0),
    Ins.sub(S, P, T), Ins.cmpi(S, 0), Ins.b(Cond.Slt, lDownSrc),
    Ins.ldx(Type.U64, SRC, B, S, 0, FB),
    Ins.label(lDownSrc),
  );
  merge();
  ir.push(
    Ins.stx(Type.U64, DST, B, P, 0, FB),
    Ins.subi(P, P, 8), Ins.cmpi(P, 0), Ins.b(Cond.Sge, lDownLoop),
    Ins.jmp(lDone),
  );
  // up: p from 0 to the end, source p + delta
  const lUpLoop = L();
  const lUpSrc = L();
  ir.push(
    Ins.label(lUp),
    Ins.movi(P, 0),
    Ins.label(lUpLoop),
    Ins.ldx(Type.U64, DST, B, P, 0, FB), Ins.movi(SRC, 0),
    Ins.add(S, P, T), Ins.cmpi(S, FB_BYTES), Ins.b(Cond.Sge, lUpSrc),
    Ins.ldx(Type.U64, SRC, B, S, 0, FB),
    Ins.label(lUpSrc),
  );
  merge();
  ir.push(
    Ins.stx(Type.U64, DST, B, P, 0, FB),
    Ins.addi(P, P, 8), Ins.cmpi(P, FB_BYTES), Ins.b(Cond.Slt, lUpLoop),
    Ins.jmp(lDone),
  );
  // right by d = 4 * UNIT bytes: per row, words right to left; the first word takes (row[0..7] << 8d) or 0
  const horizontal = (right: boolean, label: number): void => {
    const lRow = L();
    const lWord = L();
    const lEdge = L();
    const lHaveSrc = L();
    const lNextRow = L();
    ir.push(
      Ins.label(label),
      Ins.shli(UNIT, UNIT, 2), // d in bytes (4 or 8)
      Ins.movi(ROWBASE, 0),
      Ins.label(lRow),
      Ins.movi(P, right ? ROW - 8 : 0),
      Ins.label(lWord),
      Ins.add(S, ROWBASE, P),
      Ins.ldx(Type.U64, DST, B, S, 0, FB),
    );
    if (right) ir.push(Ins.sub(T, P, UNIT), Ins.cmpi(T, 0), Ins.b(Cond.Slt, lEdge));
    else ir.push(Ins.add(T, P, UNIT), Ins.cmpi(T, ROW - 8), Ins.b(Cond.Sgt, lEdge));
    ir.push(
      Ins.add(T, T, ROWBASE), Ins.ldx(Type.U64, SRC, B, T, 0, FB), Ins.jmp(lHaveSrc),
      Ins.label(lEdge),
      // the edge word: bytes from outside the row are 0 (d = 8: all of them)
      Ins.movi(SRC, 0), Ins.cmpi(UNIT, 8), Ins.b(Cond.Eq, lHaveSrc),
      Ins.ldx(Type.U64, SRC, B, S, 0, FB), right ? Ins.shli(SRC, SRC, 32) : Ins.shri(SRC, SRC, 32),
      Ins.label(lHaveSrc),
    );
    merge();
    ir.push(Ins.stx(Type.U64, DST, B, S, 0, FB));
    if (right) ir.push(Ins.subi(P, P, 8), Ins.cmpi(P, 0), Ins.b(Cond.Sge, lWord));
    else ir.push(Ins.addi(P, P, 8), Ins.cmpi(P, ROW - 8), Ins.b(Cond.Sle, lWord));
    ir.push(
      Ins.label(lNextRow),
      Ins.addi(ROWBASE, ROWBASE, ROW), Ins.cmpi(ROWBASE, FB_BYTES), Ins.b(Cond.Slt, lRow),
      Ins.jmp(lDone),
    );
  };
  horizontal(true, lRight);
  horizontal(false, lLeft);
  ir.push(Ins.label(lDone), ...preserved.restore, Ins.leave(frame), Ins.ret());
  return ir;
}
