/**
 * The MOS 6502 (NMOS, with the undocumented opcodes; decimal mode can be
 * switched off for the NES's 2A03): one opcode table, the interpreter, the
 * assembler and the disassembler.
 */
export { Mode, modeNames, modeLength, Flag, opcodes, cycleTable, encodingOf, mnemonics, type OpInfo, type Access } from "./table.js";
export { Mos6502, Vector, StopReason, type Mos6502Options } from "./interpreter.js";
export { type Bus, RecordingBus, BusAccess } from "./bus.js";
export { StateSlot, STATE_SLOTS, stateByteOffset, newState, readCounter, writeCounter } from "./state.js";
export { adc, sbc, arr, compare, setNZ, asl, lsr, rol, ror, UNSTABLE_MAGIC } from "./alu.js";
export { assemble, AsmError, type AssembledProgram } from "./asm.js";
export { disassembleAt, disassembleBinary, operandText, mnemonicText, bytesText } from "./disasm.js";
