/**
 * 6502 disassembler, driven by the opcode table. Output uses the assembler's
 * syntax (`asm.ts`) so that a listing reassembles to the same bytes:
 * absolute operands are always written with four hex digits (the assembler
 * keeps them absolute), branch targets as addresses, and the duplicate
 * encodings of undocumented opcodes as `MNEMONIC.XX` (XX = the opcode).
 */
import { Mode, opcodes, type OpInfo } from "./table.js";

const hex2 = (v: number): string => v.toString(16).toUpperCase().padStart(2, "0");
const hex4 = (v: number): string => v.toString(16).toUpperCase().padStart(4, "0");

/** The mnemonic as written: duplicates carry their opcode so the assembler picks them. */
export function mnemonicText(info: OpInfo): string {
  return info.canonical ? info.mnemonic : `${info.mnemonic}.${hex2(info.opcode)}`;
}

/**
 * The operand of an instruction at `address` whose operand bytes are `lo`
 * and `hi` (ignored beyond the instruction's length).
 */
export function operandText(info: OpInfo, address: number, lo: number, hi: number): string {
  const word = lo | (hi << 8);
  switch (info.mode) {
    case Mode.Imp: return "";
    case Mode.Acc: return "A";
    case Mode.Imm: return `#$${hex2(lo)}`;
    case Mode.Zp: return `$${hex2(lo)}`;
    case Mode.Zpx: return `$${hex2(lo)},X`;
    case Mode.Zpy: return `$${hex2(lo)},Y`;
    case Mode.Abs: return `$${hex4(word)}`;
    case Mode.Abx: return `$${hex4(word)},X`;
    case Mode.Aby: return `$${hex4(word)},Y`;
    case Mode.Ind: return `($${hex4(word)})`;
    case Mode.Izx: return `($${hex2(lo)},X)`;
    case Mode.Izy: return `($${hex2(lo)}),Y`;
    case Mode.Rel: return `$${hex4((address + 2 + ((lo ^ 0x80) - 0x80)) & 0xffff)}`;
  }
}

/** One instruction read from 64 KiB memory at `address` (wrapping at $FFFF). */
export function disassembleAt(memory: Uint8Array, address: number): { text: string; length: number } {
  const info = opcodes[memory[address & 0xffff]!]!;
  const lo = memory[(address + 1) & 0xffff]!;
  const hi = memory[(address + 2) & 0xffff]!;
  const operand = operandText(info, address, lo, hi);
  return { text: operand === "" ? mnemonicText(info) : `${mnemonicText(info)} ${operand}`, length: info.length };
}

/** Bytes of an instruction as "A9 01" (padded to the widest instruction when `pad`). */
export function bytesText(memory: Uint8Array, address: number, length: number, pad = false): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i++) parts.push(hex2(memory[(address + i) & 0xffff]!));
  const text = parts.join(" ");
  return pad ? text.padEnd(8) : text;
}

/**
 * A whole binary as assembler source: `.org`, then one instruction per line
 * with its address and bytes in a comment. A trailing partial instruction
 * becomes `.byte`.
 */
export function disassembleBinary(bytes: Uint8Array, origin: number): string {
  const lines = [`        .org $${hex4(origin)}`];
  let offset = 0;
  while (offset < bytes.length) {
    const address = (origin + offset) & 0xffff;
    const info = opcodes[bytes[offset]!]!;
    if (offset + info.length > bytes.length) {
      for (; offset < bytes.length; offset++) lines.push(`        .byte $${hex2(bytes[offset]!)}`);
      break;
    }
    const operand = operandText(info, address, bytes[offset + 1] ?? 0, bytes[offset + 2] ?? 0);
    const text = operand === "" ? mnemonicText(info) : `${mnemonicText(info)} ${operand}`;
    const raw = Array.from(bytes.subarray(offset, offset + info.length), hex2).join(" ");
    lines.push(`        ${text.padEnd(18)}; ${hex4(address)}: ${raw}`);
    offset += info.length;
  }
  return lines.join("\n") + "\n";
}
