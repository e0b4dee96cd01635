/**
 * The whole CHIP-8 guest in one block of memory with fixed byte offsets, so
 * that the interpreter (through typed-array views) and, later, recompiled
 * native code (through one base register) read and write the same bytes.
 *
 * Layout (byte offsets from the start of the block; multi-byte fields are
 * host-endian, i.e. little-endian on x86-64 and AArch64):
 *
 *   0x000  V0..VF            16 x u8
 *   0x010  I                 u16
 *   0x012  PC                u16
 *   0x014  SP                u8   (number of entries on the stack)
 *   0x015  DT, 0x016 ST      u8   delay and sound timers
 *   0x017  HIRES             u8   0 = 64x32, 1 = 128x64
 *   0x018  PLANES            u8   XO-CHIP plane mask (bit 0 plane 1, bit 1 plane 2)
 *   0x019  PITCH             u8   XO-CHIP audio pitch register
 *   0x01a  HALT              u8   why the CPU is not running (HaltReason)
 *   0x01b  WAIT_REG          u8   FX0A's X while waiting for a key
 *   0x01c  WAIT_PRESSED      u16  keys pressed since FX0A began waiting
 *   0x020  STACK             16 x u16 return addresses
 *   0x040  RPL               16 x u8  SUPER-CHIP/XO-CHIP persistent flags
 *   0x050  KEYS              16 x u8  1 = key down
 *   0x060  AUDIO_PATTERN     16 x u8  XO-CHIP 1-bit sample pattern
 *   0x070  FAULT_OPCODE      u16  opcode that faulted (HALT = UnknownOpcode)
 *   0x072  FAULT_PC          u16  its address
 *   0x074  RANDOM            u32  xorshift32 state of CXNN (deterministic)
 *   0x100  MEMORY            64 KiB guest memory (CHIP-8/SCHIP use the first 4 KiB)
 *   0x10100 FRAMEBUFFER      128 x 64 bytes, row-major, one byte per pixel
 *                             holding the plane bits (bit 0 plane 1, bit 1 plane 2)
 *
 * The framebuffer is always the 128x64 hires grid. In lores (64x32) a guest
 * pixel (x, y) is the 2x2 block (2x..2x+1, 2y..2y+1): drawing writes all four
 * bytes, collision looks at all four, and scrolling by half a lores pixel
 * (loresScrollQuirks) is just a one-byte move. The picture never needs
 * rescaling between modes.
 */

export const enum Chip8Offset {
  V = 0x000,
  I = 0x010,
  PC = 0x012,
  SP = 0x014,
  DT = 0x015,
  ST = 0x016,
  HIRES = 0x017,
  PLANES = 0x018,
  PITCH = 0x019,
  HALT = 0x01a,
  WAIT_REG = 0x01b,
  WAIT_PRESSED = 0x01c,
  STACK = 0x020,
  RPL = 0x040,
  KEYS = 0x050,
  AUDIO_PATTERN = 0x060,
  FAULT_OPCODE = 0x070,
  FAULT_PC = 0x072,
  RANDOM = 0x074,
  MEMORY = 0x100,
  FRAMEBUFFER = 0x10100,
}

export const CHIP8_MEMORY_SIZE = 0x10000;
export const CHIP8_STACK_SLOTS = 16;
export const SCREEN_WIDTH = 128;
export const SCREEN_HEIGHT = 64;
export const CHIP8_STATE_SIZE = Chip8Offset.FRAMEBUFFER + SCREEN_WIDTH * SCREEN_HEIGHT;

/** Why the CPU stopped; stored in the HALT byte. */
export const enum HaltReason {
  Running = 0,
  /** FX0A: waiting for a key press and release. */
  KeyWait = 1,
  /** DXYN under vblankQuirks: waiting for the next frame. */
  DisplayWait = 2,
  /** 00FD. */
  Exit = 3,
  UnknownOpcode = 4,
  StackOverflow = 5,
  StackUnderflow = 6,
}

/**
 * Typed-array views over one state block, created once. `buffer` may be any
 * ArrayBuffer of at least CHIP8_STATE_SIZE bytes (e.g. a koffi view of
 * native memory shared with recompiled code).
 */
export class Chip8State {
  readonly buffer: ArrayBuffer;
  readonly byteOffset: number;
  /** The whole block as bytes (offsets above index into it). */
  readonly bytes: Uint8Array;
  /** V0..VF. */
  readonly v: Uint8Array;
  /** 16-bit view of the block; index = byte offset / 2. */
  readonly u16: Uint16Array;
  /** 32-bit view of the register area; index = byte offset / 4. */
  readonly u32: Uint32Array;
  readonly memory: Uint8Array;
  readonly framebuffer: Uint8Array;
  readonly keys: Uint8Array;
  readonly rpl: Uint8Array;
  readonly audioPattern: Uint8Array;
  readonly stack: Uint16Array;

  constructor(buffer: ArrayBuffer = new ArrayBuffer(CHIP8_STATE_SIZE), byteOffset = 0) {
    if (byteOffset % 8 !== 0) throw new RangeError("CHIP-8 state must start on an 8-byte boundary");
    if (buffer.byteLength - byteOffset < CHIP8_STATE_SIZE) {
      throw new RangeError(`CHIP-8 state needs ${CHIP8_STATE_SIZE} bytes`);
    }
    this.buffer = buffer;
    this.byteOffset = byteOffset;
    this.bytes = new Uint8Array(buffer, byteOffset, CHIP8_STATE_SIZE);
    this.u16 = new Uint16Array(buffer, byteOffset, Chip8Offset.MEMORY / 2);
    this.u32 = new Uint32Array(buffer, byteOffset, Chip8Offset.MEMORY / 4);
    this.v = this.bytes.subarray(Chip8Offset.V, Chip8Offset.V + 16);
    this.memory = this.bytes.subarray(Chip8Offset.MEMORY, Chip8Offset.MEMORY + CHIP8_MEMORY_SIZE);
    this.framebuffer = this.bytes.subarray(Chip8Offset.FRAMEBUFFER, CHIP8_STATE_SIZE);
    this.keys = this.bytes.subarray(Chip8Offset.KEYS, Chip8Offset.KEYS + 16);
    this.rpl = this.bytes.subarray(Chip8Offset.RPL, Chip8Offset.RPL + 16);
    this.audioPattern = this.bytes.subarray(Chip8Offset.AUDIO_PATTERN, Chip8Offset.AUDIO_PATTERN + 16);
    this.stack = this.u16.subarray(Chip8Offset.STACK / 2, Chip8Offset.STACK / 2 + CHIP8_STACK_SLOTS);
  }

  get pc(): number { return this.u16[Chip8Offset.PC >> 1]!; }
  set pc(value: number) { this.u16[Chip8Offset.PC >> 1] = value; }
  get i(): number { return this.u16[Chip8Offset.I >> 1]!; }
  set i(value: number) { this.u16[Chip8Offset.I >> 1] = value; }
  get sp(): number { return this.bytes[Chip8Offset.SP]!; }
  set sp(value: number) { this.bytes[Chip8Offset.SP] = value; }
  get dt(): number { return this.bytes[Chip8Offset.DT]!; }
  set dt(value: number) { this.bytes[Chip8Offset.DT] = value; }
  get st(): number { return this.bytes[Chip8Offset.ST]!; }
  set st(value: number) { this.bytes[Chip8Offset.ST] = value; }
  get hires(): boolean { return this.bytes[Chip8Offset.HIRES] !== 0; }
  set hires(value: boolean) { this.bytes[Chip8Offset.HIRES] = value ? 1 : 0; }
  get planes(): number { return this.bytes[Chip8Offset.PLANES]!; }
  set planes(value: number) { this.bytes[Chip8Offset.PLANES] = value; }
  get pitch(): number { return this.bytes[Chip8Offset.PITCH]!; }
  set pitch(value: number) { this.bytes[Chip8Offset.PITCH] = value; }
  get halt(): HaltReason { return this.bytes[Chip8Offset.HALT]! as HaltReason; }
  set halt(value: HaltReason) { this.bytes[Chip8Offset.HALT] = value; }
  get waitRegister(): number { return this.bytes[Chip8Offset.WAIT_REG]!; }
  set waitRegister(value: number) { this.bytes[Chip8Offset.WAIT_REG] = value; }
  get waitPressed(): number { return this.u16[Chip8Offset.WAIT_PRESSED >> 1]!; }
  set waitPressed(value: number) { this.u16[Chip8Offset.WAIT_PRESSED >> 1] = value; }
  get faultOpcode(): number { return this.u16[Chip8Offset.FAULT_OPCODE >> 1]!; }
  get faultPc(): number { return this.u16[Chip8Offset.FAULT_PC >> 1]!; }

  /** Record a fault (unknown opcode, stack error) and stop the CPU. */
  fault(reason: HaltReason, opcode: number, pc: number): void {
    this.bytes[Chip8Offset.HALT] = reason;
    this.u16[Chip8Offset.FAULT_OPCODE >> 1] = opcode;
    this.u16[Chip8Offset.FAULT_PC >> 1] = pc;
  }

  get random(): number { return this.u32[Chip8Offset.RANDOM >> 2]!; }
  set random(value: number) { this.u32[Chip8Offset.RANDOM >> 2] = value >>> 0; }
}
