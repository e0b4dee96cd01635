/**
 * DXYN (8 pixels wide, N rows; DXY0 16x16 or the quirk's 8x16) as
 * straight-line code in the block, specialised at compile time for N, the settings' clip or wrap, the
 * display mode (the one an earlier instruction of the block set, else
 * code for both, picked at run time) and the plane mask (the one the block
 * set, else 1); anything else at run time takes the shared drawing routine
 * (the `slow` path the caller emits). The translation depends on guest
 * memory and settings only, like every other. The routine draws:
 *
 * - with another plane mask than compiled for (masks 1, 2 and 3 are
 *   inlined; with 3, plane 2's rows follow plane 1's, as in display.ts),
 * - a sprite that crosses the right edge,
 * - with wrapping, one that crosses the bottom edge (with clipping, rows
 *   past the bottom are left out here, as display.ts does),
 * - sprite bytes that would wrap past the end of guest memory (I + N - 1 >
 *   mask), so every byte read is inside guest memory without a mask,
 * - hires under collisionRowsQuirks (VF counts rows: never inline).
 *
 * Each sprite byte is one table load (jit-state.ts: HIRES_SPREAD spreads a
 * byte to 8 framebuffer bytes, LORES_SPREAD to 16) and, per 8 framebuffer
 * bytes, load, XOR, store, and `old & bits` (= bits & ~new) ORed into VF;
 * VF becomes 0/1 at the end. A fourth scratch register comes from a mapped
 * guest register other than VX, VY, VF, parked in its state slot meanwhile.
 */
import { Cond, Ins, Type } from "../../ejit/index.js";
import { HIRES_SPREAD, LORES_SPREAD } from "./jit-state.js";
import type { Chip8EmitContext } from "./recompiler-context.js";
import { Chip8Offset } from "./state.js";

/** Emit DXYN inline with `slow` as the fallback; false when this DXYN is never inlined (emit the call alone). */
export function translateSpriteInline(c: Chip8EmitContext, op: number, slow: () => void): boolean {
  const n = op & 0xf;
  const x = (op >> 8) & 0xf;
  const y = (op >> 4) & 0xf;
  const vf = c.map.hostOf(15);
  // DXY0 draws nothing in CHIP-8 (the routine does that)
  if ((n === 0 && !c.schip) || vf === undefined) return false;
  let spare = -1;
  for (let k = 0; k < 15 && spare < 0; k++) if (k !== x && k !== y && c.map.hostOf(k) !== undefined) spare = k;
  if (spare < 0) return false;
  const T3 = c.map.hostOf(spare)!;
  const q = c.settings.quirks;
  // Plane mask: what this block set, else 1 (the mask outside XO-CHIP, and most XO-CHIP drawing).
  const planes = c.knownPlanes >= 0 ? c.knownPlanes : 1;
  // Mode: what this block set, else code for both (lores only outside SUPER-CHIP and XO-CHIP).
  const modes = c.knownHires >= 0 ? [c.knownHires] : c.schip ? [0, 1] : [0];
  const inline = modes.filter((m) => !(m === 1 && q.collisionRowsQuirks));
  if (planes === 0 || inline.length === 0) return false;
  const { ir, T0, T1, T2, base, e, I } = c;
  const lSlow = e.newLabel();
  const lDone = e.newLabel();
  ir.push(Ins.ld(Type.U8, T0, base, Chip8Offset.PLANES), Ins.cmpi(T0, planes), Ins.b(Cond.Ne, lSlow));
  ir.push(Ins.ld(Type.U8, T0, base, Chip8Offset.HIRES));
  if (inline.length === 2) {
    const lHires = e.newLabel();
    ir.push(Ins.cmpi(T0, 0), Ins.b(Cond.Ne, lHires));
    emitPath(false);
    ir.push(Ins.label(lHires));
    emitPath(true);
  } else {
    ir.push(Ins.cmpi(T0, inline[0]!), Ins.b(Cond.Ne, lSlow));
    emitPath(inline[0] === 1);
  }
  ir.push(Ins.label(lSlow));

  /** The sprite in one mode, ending with a jump to lDone (or to lSlow for what it does not handle). */
  function emitPath(hires: boolean): void {
    const width = hires ? 128 : 64;
    const height = hires ? 64 : 32;
    /** Framebuffer bytes per sprite row. */
    const rowBytes = hires ? 128 : 256;
    // DXY0: 16x16, or 8x16 in lores under loresDxy0Quirks (display.ts)
    const rows = n === 0 ? 16 : n;
    const wide = n === 0 && (hires || !q.loresDxy0Quirks) ? 2 : 1;
    /** Each selected plane in turn (plane 1 first), its rows after the previous plane's. */
    const passes = planes === 3 ? [1, 2] : [planes];
    const spriteBytes = rows * wide * passes.length;
    ir.push(
      Ins.cmpi(I, c.addrMask + 1 - spriteBytes), Ins.b(Cond.Ugt, lSlow),
      Ins.andi(T1, c.readV(x, T1), width - 1), Ins.cmpi(T1, width - 8 * wide), Ins.b(Cond.Ugt, lSlow),
      Ins.andi(T2, c.readV(y, T2), height - 1),
    );
    if (!q.clipQuirks) ir.push(Ins.cmpi(T2, height - rows), Ins.b(Cond.Ugt, lSlow));
    // T1 = offset of the sprite's top left pixel in the framebuffer (the x part stays below rowBytes)
    if (hires) ir.push(Ins.shli(T2, T2, 7), Ins.add(T1, T1, T2));
    else ir.push(Ins.shli(T2, T2, 8), Ins.shli(T1, T1, 1), Ins.add(T1, T1, T2));
    ir.push(Ins.st(Type.U8, T3, base, Chip8Offset.V + spare), Ins.movi(vf!, 0));
    /** framebuffer[T1 + at .. + 8] ^= bits, collisions into VF. */
    const apply = (bits: typeof T0, at: number): void => {
      ir.push(
        Ins.ldx(Type.U64, T3, base, T1, 0, Chip8Offset.FRAMEBUFFER + at),
        Ins.xor(T3, T3, bits),
        Ins.stx(Type.U64, T3, base, T1, 0, Chip8Offset.FRAMEBUFFER + at),
        Ins.not(T3, T3), Ins.and(T3, T3, bits), Ins.or(vf!, vf!, T3),
      );
    };
    passes.forEach((plane, pass) => {
      const lPassDone = e.newLabel();
      for (let r = 0; r < rows; r++) {
        // clipping: row r is past the bottom when y + r >= height, i.e. T1 >= (height - r) * rowBytes
        if (q.clipQuirks && r > 0) ir.push(Ins.cmpi(T1, (height - r) * rowBytes), Ins.b(Cond.Uge, lPassDone));
        for (let j = 0; j < wide; j++) {
          const lEmpty = e.newLabel();
          const from = Chip8Offset.MEMORY + (pass * rows + r) * wide + j;
          ir.push(Ins.ldx(Type.U8, T0, base, I, 0, from), Ins.cmpi(T0, 0), Ins.b(Cond.Eq, lEmpty));
          if (hires) {
            ir.push(Ins.ldx(Type.U64, T0, base, T0, 3, HIRES_SPREAD));
            if (plane === 2) ir.push(Ins.shli(T0, T0, 1));
            apply(T0, r * rowBytes + 8 * j);
          } else {
            ir.push(Ins.shli(T0, T0, 4));
            for (const half of [0, 8]) {
              ir.push(Ins.ldx(Type.U64, T2, base, T0, 0, LORES_SPREAD + half));
              if (plane === 2) ir.push(Ins.shli(T2, T2, 1));
              apply(T2, r * rowBytes + 16 * j + half);
              apply(T2, r * rowBytes + 16 * j + half + 128);
            }
          }
          ir.push(Ins.label(lEmpty));
        }
      }
      ir.push(Ins.label(lPassDone));
    });
    ir.push(
      Ins.ld(Type.U8, T3, base, Chip8Offset.V + spare),
      Ins.movi(T0, 1), Ins.movi(T2, 0), Ins.cmpi(vf!, 0), Ins.select(Cond.Ne, vf!, T0, T2),
      Ins.jmp(lDone),
    );
  }
  slow();
  ir.push(Ins.label(lDone));
  return true;
}
