/**
 * CHIP-8 disassembly from CHIP8_INSTRUCTIONS. The text is valid input for
 * the assembler (asm.ts): `disassembleRom` output assembles back to the same
 * bytes. Operand spelling: registers `v0`..`vf`, addresses and bytes in hex
 * (`0x208`, `0x05`), nibbles in decimal.
 */
import { decodeChip8, fieldValue } from "./decode.js";
import type { Chip8Instruction, Chip8Variant } from "./table.js";

const hex = (value: number, digits: number): string => "0x" + value.toString(16).padStart(digits, "0");

/** Text of one decoded instruction; `next` is the following word (F000 NNNN). */
export function formatInstruction(ins: Chip8Instruction, opcode: number, next = 0): string {
  if (ins.operands === "") return ins.mnemonic;
  const operands = ins.operands.replace(/\b(vx|vy|nnnn|nnn|nn|n)\b/g, (token) => {
    switch (token) {
      case "vx": return "v" + fieldValue(ins, "x", opcode).toString(16);
      case "vy": return "v" + fieldValue(ins, "y", opcode).toString(16);
      case "nnnn": return hex(next, 4);
      case "nnn": return hex(fieldValue(ins, "n", opcode), 3);
      case "nn": return hex(fieldValue(ins, "n", opcode), 2);
      default: return String(fieldValue(ins, "n", opcode));
    }
  });
  return `${ins.mnemonic} ${operands}`;
}

/** One instruction at `address` of `memory`, or undefined when the bytes do not decode. */
export function disassembleAt(
  memory: Uint8Array, address: number, set: Chip8Variant = "xochip",
): { text: string; length: number } | undefined {
  if (address + 1 >= memory.length) return undefined;
  const opcode = (memory[address]! << 8) | memory[address + 1]!;
  const ins = decodeChip8(opcode, set);
  if (ins === undefined) return undefined;
  if (ins.length === 4) {
    if (address + 3 >= memory.length) return undefined;
    const next = (memory[address + 2]! << 8) | memory[address + 3]!;
    return { text: formatInstruction(ins, opcode, next), length: 4 };
  }
  return { text: formatInstruction(ins, opcode), length: 2 };
}

/**
 * A linear sweep of a ROM loaded at `origin`: one line per instruction,
 * `db` for bytes that do not decode, each with its address and bytes in a
 * comment.
 */
export function disassembleRom(rom: Uint8Array, origin = 0x200, set: Chip8Variant = "xochip"): string[] {
  const lines: string[] = [];
  let offset = 0;
  while (offset < rom.length) {
    const decoded = disassembleAt(rom, offset, set);
    const length = decoded?.length ?? Math.min(2, rom.length - offset);
    const raw = Array.from(rom.subarray(offset, offset + length), (b) => b.toString(16).padStart(2, "0")).join("");
    const text = decoded?.text ?? "db " + Array.from(rom.subarray(offset, offset + length), (b) => hex(b, 2)).join(", ");
    lines.push(`    ${text.padEnd(24)} ; ${(origin + offset).toString(16).padStart(4, "0")}: ${raw}`);
    offset += length;
  }
  return lines;
}
