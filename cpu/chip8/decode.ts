/**
 * Opcode -> instruction record, from CHIP8_INSTRUCTIONS. A 64 KiB lookup
 * (index + 1, 0 = no instruction) is built once on first use.
 */
import { CHIP8_INSTRUCTIONS, VARIANTS_ENABLED, type Chip8Instruction, type Chip8Variant } from "./table.js";

let lookup: Uint8Array | null = null;

function buildLookup(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const ins of CHIP8_INSTRUCTIONS) {
    // Enumerate the free bits of the pattern instead of all 65,536 opcodes.
    const free = ~ins.mask & 0xffff;
    let sub = free;
    for (;;) {
      table[ins.value | sub] = ins.index + 1;
      if (sub === 0) break;
      sub = (sub - 1) & free;
    }
  }
  return table;
}

/** Every instruction whose mask/value matches `opcode` (more than one means the table is ambiguous). */
export function matchingInstructions(opcode: number): Chip8Instruction[] {
  return CHIP8_INSTRUCTIONS.filter((ins) => (opcode & ins.mask) === ins.value);
}

/**
 * The instruction for a 16-bit opcode, or undefined when no pattern matches
 * or the instruction belongs to a variant `set` does not enable.
 */
export function decodeChip8(opcode: number, set: Chip8Variant = "xochip"): Chip8Instruction | undefined {
  lookup ??= buildLookup();
  const index = lookup[opcode & 0xffff]!;
  if (index === 0) return undefined;
  const ins = CHIP8_INSTRUCTIONS[index - 1]!;
  return VARIANTS_ENABLED[set].includes(ins.variant) ? ins : undefined;
}

/** Field values of `opcode` for `ins` (x, y, n; -1 when the pattern has no such field). */
export function fieldValue(ins: Chip8Instruction, field: "x" | "y" | "n", opcode: number): number {
  const f = ins[field];
  return f === null ? -1 : (opcode >> f.shift) & f.mask;
}
