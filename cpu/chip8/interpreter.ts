/**
 * The reference CHIP-8 / SUPER-CHIP / XO-CHIP interpreter: a switch on the
 * top nibble over typed-array views of Chip8State, with PC, I and the
 * quirks in locals for the whole run() call and no allocation per
 * instruction. Semantics follow CHIP8_TABLE's notes; which opcodes exist
 * matches decodeChip8() (a test checks all 65,536).
 */
import { clearPlanes, drawSprite, scrollDown, scrollHorizontal, scrollUp } from "./display.js";
import type { Chip8Engine } from "./engine.js";
import { BIG_FONT_ADDRESS, SMALL_FONT_ADDRESS } from "./font.js";
import { memorySizeFor, type Chip8Settings } from "./quirks.js";
import { Chip8Offset, HaltReason, type Chip8State } from "./state.js";

export class Chip8Interpreter implements Chip8Engine {
  readonly name = "interp" as const;

  /** Big-endian view of guest memory for opcode fetches (made once: the JIT's first tier calls run() per block). */
  private readonly words: DataView;

  constructor(private readonly state: Chip8State, private readonly settings: Chip8Settings) {
    const mem = state.memory;
    this.words = new DataView(mem.buffer, mem.byteOffset, mem.length);
  }

  invalidate(): void {
    // Nothing cached.
  }

  run(maxInstructions: number): number {
    const s = this.state;
    const bytes = s.bytes;
    if (bytes[Chip8Offset.HALT] !== HaltReason.Running) return 0;
    const v = s.v;
    const mem = s.memory;
    const words = this.words;
    const fb = s.framebuffer;
    const stack = s.stack;
    const u16 = s.u16;
    const q = this.settings.quirks;
    const set = this.settings.instructionSet;
    const schip = set !== "chip8";
    const xo = set === "xochip";
    const addrMask = memorySizeFor(set) - 1;
    const shiftQuirks = q.shiftQuirks;
    const vfOrder = q.vfOrderQuirks;
    const logicQuirks = q.logicQuirks;
    const clip = q.clipQuirks;
    const jumpQuirks = q.jumpQuirks;
    const vblank = q.vblankQuirks;
    const collisionRows = q.collisionRowsQuirks;
    const loresScroll = q.loresScrollQuirks;
    // FX55/FX65 move I by X + 1 (VIP), by X (loadStoreXQuirks) or not at all (loadStoreQuirks).
    const loadStoreMoves = !q.loadStoreQuirks;
    const loadStoreExtra = q.loadStoreXQuirks ? 0 : 1;
    const resolutionKeep = q.resolutionKeepQuirks;
    const stackDepth = Math.max(1, Math.min(16, q.stackDepth));
    // DXY0: SCHIP draws 16x16 (8x16 in lores under loresDxy0Quirks); CHIP-8 draws nothing.
    const bigHeight = schip ? 16 : 0;
    const loresBigWidth = q.loresDxy0Quirks ? 8 : 16;

    let pc = u16[Chip8Offset.PC >> 1]! & addrMask;
    let i = u16[Chip8Offset.I >> 1]!;
    let rng = s.u32[Chip8Offset.RANDOM >> 2]! || 0x2545f491;
    let executed = 0;
    let op = 0;
    let fault: HaltReason = HaltReason.Running;
    let callOut = false;

    // The inner loop runs everything that calls no function (ALU, jumps, memory); an opcode
    // that calls into display.ts (00E0-00FF, DXYN) leaves it and runs below. A loop with no
    // calls lets V8 keep the typed arrays' data pointers and lengths in registers.
    run: while (executed < maxInstructions) {
      fast: while (executed < maxInstructions) {
        // One big-endian 16-bit load; the last byte of memory wraps to address 0.
        op = pc !== addrMask ? words.getUint16(pc) : (mem[pc]! << 8) | mem[0]!;
        pc = (pc + 2) & addrMask;
        executed++;
        const x = (op >> 8) & 0xf;
        const y = (op >> 4) & 0xf;
        switch (op >> 12) {
          case 0x0: {
            if (op !== 0x00ee) { callOut = true; break fast; }
            const sp = bytes[Chip8Offset.SP]!;
            if (sp === 0) { fault = HaltReason.StackUnderflow; break run; }
            bytes[Chip8Offset.SP] = sp - 1;
            pc = stack[sp - 1]!;
            break;
          }
          case 0x1:
            pc = op & 0xfff;
            break;
          case 0x2: {
            const sp = bytes[Chip8Offset.SP]!;
            if (sp >= stackDepth) { fault = HaltReason.StackOverflow; break run; }
            stack[sp] = pc;
            bytes[Chip8Offset.SP] = sp + 1;
            pc = op & 0xfff;
            break;
          }
          case 0x3:
            if (v[x] === (op & 0xff)) pc = skip(mem, pc, xo, addrMask);
            break;
          case 0x4:
            if (v[x] !== (op & 0xff)) pc = skip(mem, pc, xo, addrMask);
            break;
          case 0x5: {
            const low = op & 0xf;
            if (low === 0) {
              if (v[x] === v[y]) pc = skip(mem, pc, xo, addrMask);
            } else if (xo && (low === 2 || low === 3)) {
              const step = x <= y ? 1 : -1;
              const count = (x <= y ? y - x : x - y) + 1;
              for (let k = 0; k < count; k++) {
                if (low === 2) mem[(i + k) & addrMask] = v[x + k * step]!;
                else v[x + k * step] = mem[(i + k) & addrMask]!;
              }
            } else {
              fault = HaltReason.UnknownOpcode;
              break run;
            }
            break;
          }
          case 0x6:
            v[x] = op;
            break;
          case 0x7:
            v[x] = v[x]! + op;
            break;
          case 0x8: {
            // Flags: VF is written after VX, so with X = F the flag wins; under vfOrderQuirks the result wins.
            const vx = v[x]!;
            const vy = v[y]!;
            switch (op & 0xf) {
              case 0x0: v[x] = vy; break;
              case 0x1: v[x] = vx | vy; if (logicQuirks) v[15] = 0; break;
              case 0x2: v[x] = vx & vy; if (logicQuirks) v[15] = 0; break;
              case 0x3: v[x] = vx ^ vy; if (logicQuirks) v[15] = 0; break;
              case 0x4: {
                const r = vx + vy;
                if (vfOrder) { v[15] = r >> 8; v[x] = r; } else { v[x] = r; v[15] = r >> 8; }
                break;
              }
              case 0x5: {
                const f = vx >= vy ? 1 : 0;
                if (vfOrder) { v[15] = f; v[x] = vx - vy; } else { v[x] = vx - vy; v[15] = f; }
                break;
              }
              case 0x6: {
                const src = shiftQuirks ? vx : vy;
                if (vfOrder) { v[15] = src & 1; v[x] = src >> 1; } else { v[x] = src >> 1; v[15] = src & 1; }
                break;
              }
              case 0x7: {
                const f = vy >= vx ? 1 : 0;
                if (vfOrder) { v[15] = f; v[x] = vy - vx; } else { v[x] = vy - vx; v[15] = f; }
                break;
              }
              case 0xe: {
                const src = shiftQuirks ? vx : vy;
                if (vfOrder) { v[15] = src >> 7; v[x] = src << 1; } else { v[x] = src << 1; v[15] = src >> 7; }
                break;
              }
              default:
                fault = HaltReason.UnknownOpcode;
                break run;
            }
            break;
          }
          case 0x9:
            if ((op & 0xf) !== 0) { fault = HaltReason.UnknownOpcode; break run; }
            if (v[x] !== v[y]) pc = skip(mem, pc, xo, addrMask);
            break;
          case 0xa:
            i = op & 0xfff;
            break;
          case 0xb:
            pc = ((op & 0xfff) + (jumpQuirks ? v[x]! : v[0]!)) & addrMask;
            break;
          case 0xc:
            rng ^= rng << 13;
            rng ^= rng >>> 17;
            rng ^= rng << 5;
            v[x] = (rng >>> 24) & op;
            break;
          case 0xd:
            callOut = true;
            break fast;
          case 0xe: {
            const low = op & 0xff;
            const down = bytes[Chip8Offset.KEYS + (v[x]! & 0xf)] !== 0;
            if (low === 0x9e) { if (down) pc = skip(mem, pc, xo, addrMask); }
            else if (low === 0xa1) { if (!down) pc = skip(mem, pc, xo, addrMask); }
            else { fault = HaltReason.UnknownOpcode; break run; }
            break;
          }
          default:
            switch (op & 0xff) {
              case 0x00:
                if (!xo || op !== 0xf000) { fault = HaltReason.UnknownOpcode; break run; }
                i = (mem[pc]! << 8) | mem[(pc + 1) & addrMask]!;
                pc = (pc + 2) & addrMask;
                break;
              case 0x01:
                if (!xo) { fault = HaltReason.UnknownOpcode; break run; }
                bytes[Chip8Offset.PLANES] = x & 3;
                break;
              case 0x02:
                if (!xo || op !== 0xf002) { fault = HaltReason.UnknownOpcode; break run; }
                for (let k = 0; k < 16; k++) bytes[Chip8Offset.AUDIO_PATTERN + k] = mem[(i + k) & addrMask]!;
                break;
              case 0x07: v[x] = bytes[Chip8Offset.DT]!; break;
              case 0x0a:
                bytes[Chip8Offset.HALT] = HaltReason.KeyWait;
                bytes[Chip8Offset.WAIT_REG] = x;
                u16[Chip8Offset.WAIT_PRESSED >> 1] = 0;
                break run;
              case 0x15: bytes[Chip8Offset.DT] = v[x]!; break;
              case 0x18: bytes[Chip8Offset.ST] = v[x]!; break;
              case 0x1e: i = (i + v[x]!) & 0xffff; break;
              case 0x29: i = SMALL_FONT_ADDRESS + (v[x]! & 0xf) * 5; break;
              case 0x30:
                if (!schip) { fault = HaltReason.UnknownOpcode; break run; }
                i = BIG_FONT_ADDRESS + (v[x]! & 0xf) * 10;
                break;
              case 0x33: {
                const value = v[x]!;
                mem[i & addrMask] = (value / 100) | 0;
                mem[(i + 1) & addrMask] = ((value / 10) | 0) % 10;
                mem[(i + 2) & addrMask] = value % 10;
                break;
              }
              case 0x3a:
                if (!xo) { fault = HaltReason.UnknownOpcode; break run; }
                bytes[Chip8Offset.PITCH] = v[x]!;
                break;
              case 0x55:
                for (let k = 0; k <= x; k++) mem[(i + k) & addrMask] = v[k]!;
                if (loadStoreMoves) i = (i + x + loadStoreExtra) & 0xffff;
                break;
              case 0x65:
                for (let k = 0; k <= x; k++) v[k] = mem[(i + k) & addrMask]!;
                if (loadStoreMoves) i = (i + x + loadStoreExtra) & 0xffff;
                break;
              case 0x75:
                if (!schip) { fault = HaltReason.UnknownOpcode; break run; }
                for (let k = 0; k <= x; k++) bytes[Chip8Offset.RPL + k] = v[k]!;
                break;
              case 0x85:
                if (!schip) { fault = HaltReason.UnknownOpcode; break run; }
                for (let k = 0; k <= x; k++) v[k] = bytes[Chip8Offset.RPL + k]!;
                break;
              default:
                fault = HaltReason.UnknownOpcode;
                break run;
            }
        }
      }
      // Out of the inner loop: the budget is spent, or op (already counted) calls out.
      if (!callOut) break;
      callOut = false;
      const x = (op >> 8) & 0xf;
      const y = (op >> 4) & 0xf;
      if (op >> 12 === 0xd) {
          const n = op & 0xf;
          const hires = bytes[Chip8Offset.HIRES] !== 0;
          const width = n === 0 && (hires || loresBigWidth === 16) ? 16 : 8;
          v[15] = drawSprite(fb, mem, addrMask, i, v[x]!, v[y]!, width, n === 0 ? bigHeight : n,
            hires, bytes[Chip8Offset.PLANES]!, clip, collisionRows);
          if (vblank) {
            bytes[Chip8Offset.HALT] = HaltReason.DisplayWait;
            break run;
          }
      } else {
          if (op === 0x00e0) {
            clearPlanes(fb, bytes[Chip8Offset.PLANES]!);
          } else if (schip && (op & 0xfff0) === 0x00c0) {
            const n = op & 0xf;
            scrollDown(fb, bytes[Chip8Offset.PLANES]!, bytes[Chip8Offset.HIRES] || loresScroll ? n : n * 2);
          } else if (xo && (op & 0xfff0) === 0x00d0) {
            const n = op & 0xf;
            scrollUp(fb, bytes[Chip8Offset.PLANES]!, bytes[Chip8Offset.HIRES] || loresScroll ? n : n * 2);
          } else if (schip && (op === 0x00fb || op === 0x00fc)) {
            const amount = bytes[Chip8Offset.HIRES] || loresScroll ? 4 : 8;
            scrollHorizontal(fb, bytes[Chip8Offset.PLANES]!, op === 0x00fb ? amount : -amount);
          } else if (schip && op === 0x00fd) {
            bytes[Chip8Offset.HALT] = HaltReason.Exit;
            break run;
          } else if (schip && (op === 0x00fe || op === 0x00ff)) {
            bytes[Chip8Offset.HIRES] = op & 1;
            if (!resolutionKeep) fb.fill(0);
          } else {
            fault = HaltReason.UnknownOpcode;
            break run;
          }
      }
    }

    if (fault !== HaltReason.Running) {
      // Every fault leaves the loop before PC moves past the faulting opcode's two bytes.
      pc = (pc - 2) & addrMask;
      s.fault(fault, op, pc);
      executed--;
    }
    u16[Chip8Offset.PC >> 1] = pc;
    u16[Chip8Offset.I >> 1] = i;
    s.u32[Chip8Offset.RANDOM >> 2] = rng;
    return executed;
  }
}

/** The address after a skipped instruction: XO-CHIP skips F000 NNNN as a whole. */
function skip(mem: Uint8Array, pc: number, xo: boolean, addrMask: number): number {
  const long = xo && mem[pc] === 0xf0 && mem[(pc + 1) & addrMask] === 0x00;
  return (pc + (long ? 4 : 2)) & addrMask;
}
