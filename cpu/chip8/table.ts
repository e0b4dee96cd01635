/**
 * The CHIP-8 family instruction set as one table. The decoder, the
 * interpreter's self-check, the disassembler, the assembler and the tests all
 * read it; masks, values and field positions are derived from the pattern.
 *
 * Pattern syntax (one character per nibble, most significant first):
 *   0-9 a-f  a fixed nibble
 *   x, y     a register number (VX, VY)
 *   n...     an immediate; a run of n's is one field (n, nn, nnn). In
 *            `fn01` (XO-CHIP `plane n`) the field sits in the X nibble.
 * `length: 4` marks XO-CHIP `F000 NNNN`, whose operand is the next word.
 *
 * Operand syntax names the fields: `vx`, `vy` (registers), `n`/`nn`/`nnn`
 * (the pattern's immediate), `nnnn` (the second word); every other word is
 * a literal (`i`, `[i]`, `dt`, `st`, `k`, `f`, `hf`, `b`, `r`, `v0`, `long`).
 *
 * Sources of the facts: Cowgod's CHIP-8 technical reference (CHIP-8 and
 * SUPER-CHIP 1.1 semantics and mnemonics), the XO-CHIP specification by
 * John Earnest (XO-CHIP additions).
 */

export type Chip8Variant = "chip8" | "schip" | "xochip";

export interface Chip8InstructionSpec {
  /** Four characters, e.g. "8xy4". */
  readonly pattern: string;
  readonly mnemonic: string;
  /** Comma-separated operand syntax, e.g. "vx, vy"; "" for none. */
  readonly operands: string;
  /** The variant that introduced the instruction. */
  readonly variant: Chip8Variant;
  /** Bytes, including XO-CHIP's trailing 16-bit operand. */
  readonly length: 2 | 4;
  /** What it does (quirks named where they change the result). */
  readonly note: string;
}

const spec = (
  pattern: string, mnemonic: string, operands: string, variant: Chip8Variant, note: string, length: 2 | 4 = 2,
): Chip8InstructionSpec => ({ pattern, mnemonic, operands, variant, length, note });

export const CHIP8_TABLE: readonly Chip8InstructionSpec[] = [
  spec("00e0", "cls", "", "chip8", "clear the selected planes"),
  spec("00ee", "ret", "", "chip8", "PC = pop(); stack underflow halts"),
  spec("00cn", "scd", "n", "schip", "scroll the selected planes down N rows (loresScrollQuirks: hires rows)"),
  spec("00dn", "scu", "n", "xochip", "scroll the selected planes up N rows (loresScrollQuirks: hires rows)"),
  spec("00fb", "scr", "", "schip", "scroll right 4 pixels (loresScrollQuirks: hires pixels)"),
  spec("00fc", "scl", "", "schip", "scroll left 4 pixels (loresScrollQuirks: hires pixels)"),
  spec("00fd", "exit", "", "schip", "halt the interpreter"),
  spec("00fe", "low", "", "schip", "lores 64x32; clears the display"),
  spec("00ff", "high", "", "schip", "hires 128x64; clears the display"),
  spec("1nnn", "jp", "nnn", "chip8", "PC = NNN"),
  spec("2nnn", "call", "nnn", "chip8", "push(PC); PC = NNN; overflow past stackDepth halts"),
  spec("3xnn", "se", "vx, nn", "chip8", "skip if VX == NN (over 4 bytes when the next is F000)"),
  spec("4xnn", "sne", "vx, nn", "chip8", "skip if VX != NN"),
  spec("5xy0", "se", "vx, vy", "chip8", "skip if VX == VY"),
  spec("5xy2", "save", "vx, vy", "xochip", "store VX..VY (either order) at I; I unchanged"),
  spec("5xy3", "load", "vx, vy", "xochip", "load VX..VY (either order) from I; I unchanged"),
  spec("6xnn", "ld", "vx, nn", "chip8", "VX = NN"),
  spec("7xnn", "add", "vx, nn", "chip8", "VX += NN; VF untouched"),
  spec("8xy0", "ld", "vx, vy", "chip8", "VX = VY"),
  spec("8xy1", "or", "vx, vy", "chip8", "VX |= VY; logicQuirks: VF = 0"),
  spec("8xy2", "and", "vx, vy", "chip8", "VX &= VY; logicQuirks: VF = 0"),
  spec("8xy3", "xor", "vx, vy", "chip8", "VX ^= VY; logicQuirks: VF = 0"),
  spec("8xy4", "add", "vx, vy", "chip8", "VX += VY; VF = carry"),
  spec("8xy5", "sub", "vx, vy", "chip8", "VX -= VY; VF = no borrow"),
  spec("8xy6", "shr", "vx, vy", "chip8", "VX = VY >> 1 (shiftQuirks: VX >> 1); VF = bit shifted out"),
  spec("8xy7", "subn", "vx, vy", "chip8", "VX = VY - VX; VF = no borrow"),
  spec("8xye", "shl", "vx, vy", "chip8", "VX = VY << 1 (shiftQuirks: VX << 1); VF = bit shifted out"),
  spec("9xy0", "sne", "vx, vy", "chip8", "skip if VX != VY"),
  spec("annn", "ld", "i, nnn", "chip8", "I = NNN"),
  spec("bnnn", "jp", "v0, nnn", "chip8", "PC = NNN + V0 (jumpQuirks: XNN + VX)"),
  spec("cxnn", "rnd", "vx, nn", "chip8", "VX = random byte & NN"),
  spec("dxyn", "drw", "vx, vy, n", "chip8",
    "draw N rows at (VX, VY); N = 0: 16x16 (SCHIP); VF = collision; clipQuirks, vblankQuirks, collisionRowsQuirks, loresDxy0Quirks"),
  spec("ex9e", "skp", "vx", "chip8", "skip if key VX is down"),
  spec("exa1", "sknp", "vx", "chip8", "skip if key VX is up"),
  spec("f000", "ld", "i, long nnnn", "xochip", "I = NNNN (the next word)", 4),
  spec("fn01", "plane", "n", "xochip", "select the drawing planes (bit 0 plane 1, bit 1 plane 2)"),
  spec("f002", "audio", "", "xochip", "load the 16-byte audio pattern from I"),
  spec("fx07", "ld", "vx, dt", "chip8", "VX = delay timer"),
  spec("fx0a", "ld", "vx, k", "chip8", "wait for a key press and release; VX = key"),
  spec("fx15", "ld", "dt, vx", "chip8", "delay timer = VX"),
  spec("fx18", "ld", "st, vx", "chip8", "sound timer = VX"),
  spec("fx1e", "add", "i, vx", "chip8", "I += VX"),
  spec("fx29", "ld", "f, vx", "chip8", "I = small font digit VX & 0xF"),
  spec("fx30", "ld", "hf, vx", "schip", "I = big font digit VX & 0xF"),
  spec("fx33", "ld", "b, vx", "chip8", "store VX as 3 BCD digits at I"),
  spec("fx3a", "pitch", "vx", "xochip", "audio pitch = VX"),
  spec("fx55", "ld", "[i], vx", "chip8", "store V0..VX at I; I += X+1 (loadStoreQuirks: unchanged; loadStoreXQuirks: += X)"),
  spec("fx65", "ld", "vx, [i]", "chip8", "load V0..VX from I; I as for FX55"),
  spec("fx75", "ld", "r, vx", "schip", "save V0..VX to the RPL flags"),
  spec("fx85", "ld", "vx, r", "schip", "load V0..VX from the RPL flags"),
];

/** A field of an opcode: value = (opcode >> shift) & mask. */
export interface OpcodeField {
  readonly shift: number;
  readonly mask: number;
}

export interface Chip8Instruction extends Chip8InstructionSpec {
  /** Index in CHIP8_TABLE. */
  readonly index: number;
  readonly mask: number;
  readonly value: number;
  readonly x: OpcodeField | null;
  readonly y: OpcodeField | null;
  readonly n: OpcodeField | null;
}

function fieldOf(pattern: string, letter: string): OpcodeField | null {
  const first = pattern.indexOf(letter);
  if (first < 0) return null;
  const last = pattern.lastIndexOf(letter);
  const width = (last - first + 1) * 4;
  return { shift: (3 - last) * 4, mask: (1 << width) - 1 };
}

function derive(s: Chip8InstructionSpec, index: number): Chip8Instruction {
  if (!/^[0-9a-fxyn]{4}$/.test(s.pattern)) throw new Error(`bad CHIP-8 pattern ${s.pattern}`);
  let mask = 0;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.pattern[i]!;
    const shift = (3 - i) * 4;
    if (/[0-9a-f]/.test(c)) {
      mask |= 0xf << shift;
      value |= parseInt(c, 16) << shift;
    }
  }
  return { ...s, index, mask, value, x: fieldOf(s.pattern, "x"), y: fieldOf(s.pattern, "y"), n: fieldOf(s.pattern, "n") };
}

/** The table with masks, values and fields derived from each pattern. */
export const CHIP8_INSTRUCTIONS: readonly Chip8Instruction[] = CHIP8_TABLE.map(derive);

/** Which variants each instruction set enables. */
export const VARIANTS_ENABLED: Readonly<Record<Chip8Variant, readonly Chip8Variant[]>> = {
  chip8: ["chip8"],
  schip: ["chip8", "schip"],
  xochip: ["chip8", "schip", "xochip"],
};
