/**
 * The 6502's architectural state as one Int32Array, so that a recompiler can
 * later keep the same block in native memory and reach it through a base
 * register. Each slot holds one value; the cycle and instruction counters are
 * unsigned 64-bit little-endian pairs (low word first, 8-byte aligned) so that
 * native code can add to them with one 64-bit instruction.
 */
export const StateSlot = {
  A: 0,
  X: 1,
  Y: 2,
  /** stack pointer (low byte of $01xx) */
  S: 3,
  /** status byte as PHP pushes it minus B: bit 5 set, bit 4 clear */
  P: 4,
  PC: 5,
  CYCLES_LO: 6,
  CYCLES_HI: 7,
  INSTRUCTIONS_LO: 8,
  INSTRUCTIONS_HI: 9,
  /** 1 after a JAM opcode: the CPU executes nothing until RESET */
  HALTED: 10,
  /** level of the IRQ input (non-zero = asserted) */
  IRQ_LINE: 11,
  /** 1 when an NMI edge has been seen and not yet serviced */
  NMI_PENDING: 12,
  /** 1 when ADC/SBC honour the D flag (NMOS 6502); 0 for the NES's 2A03 */
  DECIMAL_ENABLED: 13,
} as const;
export const STATE_SLOTS = 16;

/** Byte offsets into the state block, for native code. */
export const stateByteOffset = (slot: number): number => slot * 4;

export function newState(): Int32Array {
  return new Int32Array(STATE_SLOTS);
}

/** Read a 64-bit counter stored as two 32-bit slots. */
export function readCounter(state: Int32Array, lo: number): number {
  return (state[lo]! >>> 0) + (state[lo + 1]! >>> 0) * 0x1_0000_0000;
}

/** Store a counter (a non-negative integer below 2^53) as two 32-bit slots. */
export function writeCounter(state: Int32Array, lo: number, value: number): void {
  state[lo] = value % 0x1_0000_0000;
  state[lo + 1] = Math.floor(value / 0x1_0000_0000);
}
