/**
 * The content check: which instruction set a ROM needs, from the
 * instructions reachable from 0x200 (following jumps, calls and both ways
 * of every skip; a computed BNNN jump or an undecodable word ends a path),
 * and from its size (over 3,584 bytes only XO-CHIP's 64 KiB holds it).
 */
import { decodeChip8 } from "../../../cpu/chip8/decode.js";
import type { Chip8Variant } from "../../../cpu/chip8/table.js";

const ORIGIN = 0x200;
/** What fits in CHIP-8's and SUPER-CHIP's 4 KiB above 0x200. */
export const SMALL_ROM_LIMIT = 0x1000 - ORIGIN;

export interface ContentEvidence {
  /** The largest instruction set the ROM needs (chip8 when nothing says more). */
  readonly needs: Chip8Variant;
  /** Why, for the user: "00ff at 0x0204", "5000 bytes". */
  readonly reason: string | undefined;
}

const RANK: Readonly<Record<Chip8Variant, number>> = { chip8: 0, schip: 1, xochip: 2 };

export function checkContent(rom: Uint8Array): ContentEvidence {
  if (rom.length > SMALL_ROM_LIMIT) return { needs: "xochip", reason: `${rom.length} bytes` };
  const end = ORIGIN + rom.length;
  const word = (a: number): number => (a >= ORIGIN && a + 1 < end ? (rom[a - ORIGIN]! << 8) | rom[a + 1 - ORIGIN]! : -1);
  const seen = new Uint8Array(0x1000);
  const work = [ORIGIN];
  let needs: Chip8Variant = "chip8";
  let reason: string | undefined;
  while (work.length > 0) {
    const pc = work.pop()!;
    if (pc < ORIGIN || pc >= end || seen[pc] === 1) continue;
    seen[pc] = 1;
    const op = word(pc);
    if (op < 0) continue;
    const ins = decodeChip8(op, "xochip");
    if (ins === undefined) continue;
    if (RANK[ins.variant] > RANK[needs]) {
      needs = ins.variant;
      reason = `${op.toString(16).padStart(4, "0")} at 0x${pc.toString(16).padStart(4, "0")}`;
    }
    const top = op >> 12;
    if (op === 0x00ee || op === 0x00fd || top === 0xb) continue;
    if (top === 0x1) work.push(op & 0xfff);
    else if (top === 0x2) work.push(op & 0xfff, pc + 2);
    else if (op === 0xf000) work.push(pc + 4);
    else if (top === 0x3 || top === 0x4 || top === 0x5 && (op & 0xf) === 0 || top === 0x9 || top === 0xe) {
      // a skip jumps over the next instruction, which is 4 bytes when it is F000 NNNN
      work.push(pc + 2, word(pc + 2) === 0xf000 ? pc + 6 : pc + 4);
    } else work.push(pc + 2);
  }
  return { needs, reason };
}
