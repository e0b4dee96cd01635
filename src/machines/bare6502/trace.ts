/**
 * The instruction trace of the bare machine, one line per instruction in the
 * style of the well-known nestest log: the state *before* the instruction.
 *
 *   0400  A9 01     LDA #$01          A:00 X:00 Y:00 P:24 SP:FD CYC:0
 *
 * Columns: PC, the instruction's bytes, its disassembly, the registers in
 * hex, and the cycle count since start.
 */
import { bytesText, disassembleAt } from "../../../cpu/mos6502/disasm.js";
import type { Mos6502 } from "../../../cpu/mos6502/interpreter.js";

const hex2 = (v: number): string => v.toString(16).toUpperCase().padStart(2, "0");

export function formatTraceLine(cpu: Mos6502): string {
  const { text, length } = disassembleAt(cpu.memory, cpu.pc);
  return (
    `${cpu.pc.toString(16).toUpperCase().padStart(4, "0")}  ${bytesText(cpu.memory, cpu.pc, length, true)}  ` +
    `${text.padEnd(16)}  A:${hex2(cpu.a)} X:${hex2(cpu.x)} Y:${hex2(cpu.y)} P:${hex2(cpu.p)} SP:${hex2(cpu.s)} CYC:${cpu.cycles}`
  );
}
