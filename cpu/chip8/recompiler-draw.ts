/**
 * The native DXYN routine, built once per JIT for its settings and called
 * from blocks (`call`, with the opcode in T0, and I, VX and VY stored to
 * the state block; VF comes back there). It does what display.ts's drawSprite does,
 * in the same order: per selected plane (plane 1 first; the second
 * selected plane's rows follow the first's in memory), per row, per set
 * bit, XOR into the 128x64 framebuffer with wrap or clip, lores pixels as
 * 2x2 blocks; then VF = collision (or, with collisionRowsQuirks in hires,
 * rows that collided plus rows clipped at the bottom).
 *
 * It clobbers the scratch registers only: the guest registers it uses are
 * saved in its stack frame and restored. Rarely used values live in the
 * frame too.
 */
import { Cond, Ins, Type, type R } from "../../ejit/index.js";
import { preserveGuestRegisters, type HostPlan } from "../jit/host-plan.js";
import type { JitRuntime } from "../jit/runtime.js";
import type { Chip8Settings } from "./quirks.js";
import { memorySizeFor } from "./quirks.js";
import { Chip8Offset, SCREEN_WIDTH } from "./state.js";

// Stack slots (bytes from SP).
const S_PLANES = 0;
const S_FIRST = 8;
const S_CLIPPED = 16;
const S_HEIGHT = 24;
const S_SCREEN_H = 32;
const S_ADDR = 40;
const S_Y0 = 48;
/** Saved guest registers from here (the routine leaves them as it found them). */
const S_SAVED = 64;
const FRAME = S_SAVED + 16 * 8;

export function installDrawHelper(runtime: JitRuntime, settings: Chip8Settings): { readonly address: number } {
  return { address: runtime.installHelper(drawHelperIr(runtime.plan, settings)).address };
}

/** The routine's IR for a host plan (any architecture: tests assemble it for both). */
export function drawHelperIr(plan: HostPlan, settings: Chip8Settings): Ins[] {
  const pool = [...plan.temps, ...plan.guest];
  if (pool.length < 12) throw new Error("DXYN helper: the host plan has too few registers");
  const [OP, W, X0, WID, ROW, HIT, PY, BITS, COL, PX, P, T] = pool as [R, R, R, R, R, R, R, R, R, R, R, R];
  const PL = OP; // the opcode is dead once the operands are read
  const SP = plan.regs.SP;
  const B = plan.base;
  const q = settings.quirks;
  const schip = settings.instructionSet !== "chip8";
  const mask = memorySizeFor(settings.instructionSet) - 1;
  let nextLabel = 0;
  const L = (): number => nextLabel++;
  const ir: Ins[] = [];
  const [lPlane, lNextPlane, lRow, lNextRow, lCol, lNextCol, lRowDone, lNoHit, lHires, lEnd, lWide, lHeightSet] =
    Array.from({ length: 12 }, L);

  const preserved = preserveGuestRegisters(plan, pool.slice(0, 12), S_SAVED);
  ir.push(Ins.enter(FRAME), ...preserved.save);
  // X0 = V[x], PY = V[y] (raw), WID/height from N, screen size from HIRES.
  ir.push(
    Ins.shri(T, OP, 8), Ins.andi(T, T, 0xf), Ins.ldx(Type.U8, X0, B, T, 0, Chip8Offset.V),
    Ins.shri(T, OP, 4), Ins.andi(T, T, 0xf), Ins.ldx(Type.U8, PY, B, T, 0, Chip8Offset.V),
    Ins.ld(Type.U8, W, B, Chip8Offset.HIRES),
    Ins.movi(T, 64), Ins.movi(P, 32), Ins.cmpi(W, 0),
    Ins.movi(W, 128), Ins.select(Cond.Eq, W, T, W), // W = hires ? 128 : 64
    Ins.movi(T, 64), Ins.select(Cond.Eq, T, P, T), // screenH = hires ? 64 : 32
    Ins.st(Type.U64, T, SP, S_SCREEN_H),
    Ins.subi(T, T, 1), Ins.and(PY, PY, T), Ins.st(Type.U64, PY, SP, S_Y0),
    Ins.subi(T, W, 1), Ins.and(X0, X0, T),
    // height = N, or for N = 0 the big sprite height (16 SCHIP/XO-CHIP, 0 CHIP-8)
    Ins.andi(T, OP, 0xf), Ins.movi(WID, 8), Ins.cmpi(T, 0), Ins.b(Cond.Ne, lHeightSet),
    Ins.movi(T, schip ? 16 : 0),
  );
  // N = 0: 16 pixels wide, except in lores under loresDxy0Quirks
  if (q.loresDxy0Quirks) ir.push(Ins.cmpi(W, 128), Ins.b(Cond.Ne, lHeightSet));
  ir.push(Ins.movi(WID, 16), Ins.label(lHeightSet), Ins.st(Type.U64, T, SP, S_HEIGHT));
  ir.push(
    Ins.ld(Type.U8, T, B, Chip8Offset.PLANES), Ins.andi(T, T, 3), Ins.st(Type.U64, T, SP, S_PLANES),
    Ins.neg(P, T), Ins.and(T, T, P), Ins.st(Type.U64, T, SP, S_FIRST),
    Ins.ld(Type.U16, T, B, Chip8Offset.I), Ins.st(Type.U64, T, SP, S_ADDR),
    Ins.movi(T, 0), Ins.st(Type.U64, T, SP, S_CLIPPED),
    Ins.movi(HIT, 0), Ins.movi(PL, 1),
  );
  // for each selected plane
  ir.push(
    Ins.label(lPlane),
    Ins.ld(Type.U64, T, SP, S_PLANES), Ins.and(T, T, PL), Ins.cmpi(T, 0), Ins.b(Cond.Eq, lNextPlane),
    Ins.movi(ROW, 0),
    Ins.label(lRow),
    Ins.ld(Type.U64, T, SP, S_HEIGHT), Ins.cmp(ROW, T), Ins.b(Cond.Uge, lRowDone),
    Ins.ld(Type.U64, PY, SP, S_Y0), Ins.add(PY, PY, ROW),
    Ins.ld(Type.U64, T, SP, S_SCREEN_H), Ins.cmp(PY, T), Ins.b(Cond.Ult, lWide),
  );
  if (q.clipQuirks) {
    const notFirst = L();
    ir.push(
      Ins.ld(Type.U64, T, SP, S_FIRST), Ins.cmp(PL, T), Ins.b(Cond.Ne, notFirst),
      Ins.ld(Type.U64, T, SP, S_CLIPPED), Ins.addi(T, T, 1), Ins.st(Type.U64, T, SP, S_CLIPPED),
      Ins.label(notFirst), Ins.jmp(lNextRow),
    );
  } else {
    ir.push(Ins.sub(PY, PY, T));
  }
  // BITS = the row's pixels, first pixel in bit 15
  ir.push(
    Ins.label(lWide),
    Ins.shri(P, WID, 3), Ins.mul(P, P, ROW), Ins.ld(Type.U64, T, SP, S_ADDR), Ins.add(P, P, T),
  );
  // Fast path: a hires row that fits on the screen, 8 pixels at a time. The
  // sprite byte's bits are spread to one byte each (bit 7 - k to byte k:
  // b * 0x8040201008040201 places them at bits 8k + 7 without overlaps),
  // times the plane bit, then collision test and XOR on 8 framebuffer bytes.
  const lSlow = L();
  const applyEight = (offset: number): void => {
    const skip = L();
    const noHit = L();
    ir.push(
      Ins.cmpi(BITS, 0), Ins.b(Cond.Eq, skip),
      Ins.movi(T, 0x8040201008040201n), Ins.mul(BITS, BITS, T), Ins.shri(BITS, BITS, 7),
      Ins.movi(T, 0x0101010101010101n), Ins.and(BITS, BITS, T), Ins.mul(BITS, BITS, PL),
      Ins.ldx(Type.U64, T, B, PX, 0, Chip8Offset.FRAMEBUFFER + offset),
      Ins.and(COL, T, BITS), Ins.cmpi(COL, 0), Ins.b(Cond.Eq, noHit),
      Ins.movi(COL, 1), Ins.shl(COL, COL, ROW), Ins.or(HIT, HIT, COL),
      Ins.label(noHit),
      Ins.xor(T, T, BITS), Ins.stx(Type.U64, T, B, PX, 0, Chip8Offset.FRAMEBUFFER + offset),
      Ins.label(skip),
    );
  };
  const lLoresFast = L();
  ir.push(
    Ins.cmpi(W, 128), Ins.b(Cond.Ne, lLoresFast),
    Ins.add(T, X0, WID), Ins.cmpi(T, 128), Ins.b(Cond.Ugt, lSlow),
    Ins.shli(PX, PY, 7), Ins.add(PX, PX, X0),
    Ins.andi(T, P, mask), Ins.ldx(Type.U8, BITS, B, T, 0, Chip8Offset.MEMORY),
  );
  applyEight(0);
  ir.push(
    Ins.cmpi(WID, 16), Ins.b(Cond.Ne, lNextRow),
    Ins.addi(T, P, 1), Ins.andi(T, T, mask), Ins.ldx(Type.U8, BITS, B, T, 0, Chip8Offset.MEMORY),
  );
  applyEight(8);
  // Lores fast path: a guest pixel is 2x2 framebuffer bytes, so each nibble
  // of a sprite byte covers 8 bytes of two framebuffer rows. The nibble's
  // bits are spread to two bytes each (bit 3 - j/2 to byte j:
  // n * 0x8080404020201010 puts them at bits 8j + 7 without overlaps).
  // PY is free here (the next row recomputes it), so it is the scratch.
  const applyNibble = (high: boolean, offset: number): void => {
    const skip = L();
    ir.push(
      high ? Ins.shri(COL, BITS, 4) : Ins.andi(COL, BITS, 0xf),
      Ins.cmpi(COL, 0), Ins.b(Cond.Eq, skip),
      Ins.movi(T, 0x8080404020201010n), Ins.mul(COL, COL, T), Ins.shri(COL, COL, 7),
      Ins.movi(T, 0x0101010101010101n), Ins.and(COL, COL, T), Ins.mul(COL, COL, PL),
    );
    for (const row of [0, SCREEN_WIDTH]) {
      const noHit = L();
      const at = Chip8Offset.FRAMEBUFFER + offset + row;
      ir.push(
        Ins.ldx(Type.U64, T, B, PX, 0, at),
        Ins.and(PY, T, COL), Ins.cmpi(PY, 0), Ins.b(Cond.Eq, noHit),
        Ins.movi(PY, 1), Ins.shl(PY, PY, ROW), Ins.or(HIT, HIT, PY),
        Ins.label(noHit),
        Ins.xor(T, T, COL), Ins.stx(Type.U64, T, B, PX, 0, at),
      );
    }
    ir.push(Ins.label(skip));
  };
  ir.push(
    Ins.jmp(lNextRow),
    Ins.label(lLoresFast),
    Ins.add(T, X0, WID), Ins.cmpi(T, 64), Ins.b(Cond.Ugt, lSlow),
    Ins.shli(PX, PY, 8), Ins.shli(T, X0, 1), Ins.add(PX, PX, T),
    Ins.andi(T, P, mask), Ins.ldx(Type.U8, BITS, B, T, 0, Chip8Offset.MEMORY),
  );
  applyNibble(true, 0);
  applyNibble(false, 8);
  ir.push(
    Ins.cmpi(WID, 16), Ins.b(Cond.Ne, lNextRow),
    Ins.addi(T, P, 1), Ins.andi(T, T, mask), Ins.ldx(Type.U8, BITS, B, T, 0, Chip8Offset.MEMORY),
  );
  applyNibble(true, 16);
  applyNibble(false, 24);
  ir.push(
    Ins.jmp(lNextRow),
    // Any other row: pixel by pixel, BITS = the row's pixels, first pixel in bit 15
    Ins.label(lSlow),
    Ins.andi(T, P, mask), Ins.ldx(Type.U8, BITS, B, T, 0, Chip8Offset.MEMORY), Ins.shli(BITS, BITS, 8),
  );
  const lBitsDone = L();
  ir.push(
    Ins.cmpi(WID, 16), Ins.b(Cond.Ne, lBitsDone),
    Ins.addi(T, P, 1), Ins.andi(T, T, mask), Ins.ldx(Type.U8, T, B, T, 0, Chip8Offset.MEMORY), Ins.or(BITS, BITS, T),
    Ins.label(lBitsDone),
    Ins.movi(COL, 0),
    // for each column while pixels are left in BITS
    Ins.label(lCol),
    Ins.cmpi(BITS, 0), Ins.b(Cond.Eq, lNextRow),
    Ins.andi(T, BITS, 0x8000), Ins.cmpi(T, 0), Ins.b(Cond.Eq, lNextCol),
    Ins.add(PX, X0, COL), Ins.cmp(PX, W), Ins.b(Cond.Ult, lHires),
  );
  if (q.clipQuirks) ir.push(Ins.jmp(lNextRow)); // every later column is past the edge too
  else ir.push(Ins.sub(PX, PX, W));
  // the pixel: hires one byte, lores a 2x2 block
  const lLores = L();
  ir.push(
    Ins.label(lHires),
    Ins.cmpi(W, 128), Ins.b(Cond.Ne, lLores),
    Ins.shli(P, PY, 7), Ins.add(P, P, PX),
    Ins.ldx(Type.U8, T, B, P, 0, Chip8Offset.FRAMEBUFFER), Ins.and(T, T, PL), Ins.cmpi(T, 0), Ins.b(Cond.Eq, lNoHit),
    Ins.movi(T, 1), Ins.shl(T, T, ROW), Ins.or(HIT, HIT, T),
    Ins.label(lNoHit),
    Ins.ldx(Type.U8, T, B, P, 0, Chip8Offset.FRAMEBUFFER), Ins.xor(T, T, PL), Ins.stx(Type.U8, T, B, P, 0, Chip8Offset.FRAMEBUFFER),
    Ins.jmp(lNextCol),
    Ins.label(lLores),
    Ins.shli(P, PY, 8), Ins.shli(T, PX, 1), Ins.add(P, P, T),
  );
  const lLoresHit = L();
  const lLoresXor = L();
  for (const off of [0, 1, 128, 129]) {
    ir.push(Ins.ldx(Type.U8, T, B, P, 0, Chip8Offset.FRAMEBUFFER + off), Ins.and(T, T, PL), Ins.cmpi(T, 0), Ins.b(Cond.Ne, lLoresHit));
  }
  ir.push(Ins.jmp(lLoresXor), Ins.label(lLoresHit), Ins.movi(T, 1), Ins.shl(T, T, ROW), Ins.or(HIT, HIT, T), Ins.label(lLoresXor));
  for (const off of [0, 1, 128, 129]) {
    ir.push(
      Ins.ldx(Type.U8, T, B, P, 0, Chip8Offset.FRAMEBUFFER + off), Ins.xor(T, T, PL),
      Ins.stx(Type.U8, T, B, P, 0, Chip8Offset.FRAMEBUFFER + off),
    );
  }
  ir.push(
    Ins.label(lNextCol),
    Ins.shli(BITS, BITS, 1), Ins.andi(BITS, BITS, 0xffff), Ins.addi(COL, COL, 1), Ins.jmp(lCol),
    Ins.label(lNextRow),
    Ins.addi(ROW, ROW, 1), Ins.jmp(lRow),
    // next plane's data follows this one's: addr += (WID / 8) * height
    Ins.label(lRowDone),
    Ins.shri(T, WID, 3), Ins.ld(Type.U64, P, SP, S_HEIGHT), Ins.mul(T, T, P),
    Ins.ld(Type.U64, P, SP, S_ADDR), Ins.add(P, P, T), Ins.st(Type.U64, P, SP, S_ADDR),
    Ins.label(lNextPlane),
    Ins.shli(PL, PL, 1), Ins.cmpi(PL, 2), Ins.b(Cond.Ule, lPlane),
  );
  // VF
  if (q.collisionRowsQuirks) {
    const lFlag = L();
    const lCount = L();
    const lStore = L();
    ir.push(
      Ins.cmpi(W, 128), Ins.b(Cond.Ne, lFlag),
      Ins.ld(Type.U64, P, SP, S_CLIPPED),
      // P = clipped rows + popcount(HIT)
      Ins.label(lCount),
      Ins.cmpi(HIT, 0),
      Ins.b(Cond.Eq, lStore),
      Ins.subi(T, HIT, 1), Ins.and(HIT, HIT, T), Ins.addi(P, P, 1), Ins.jmp(lCount),
      Ins.label(lStore), Ins.st(Type.U8, P, B, Chip8Offset.V + 15), Ins.jmp(lEnd),
      Ins.label(lFlag),
    );
  }
  ir.push(
    Ins.movi(T, 0), Ins.movi(P, 1), Ins.cmpi(HIT, 0), Ins.select(Cond.Ne, T, P, T),
    Ins.st(Type.U8, T, B, Chip8Offset.V + 15),
    Ins.label(lEnd),
    ...preserved.restore,
    Ins.leave(FRAME),
    Ins.ret(),
  );
  return ir;
}
