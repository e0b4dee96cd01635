/**
 * The CHIP-8 recompiler: guest block -> Ejit IR, one translator per
 * instruction class (recompiler-alu/-memory/-control/-display.ts; DXYN and
 * scrolling call the native routines of recompiler-draw/-scroll.ts).
 *
 * A block starts at a guest PC and runs until a skip, a return, a computed
 * jump, an exit, an instruction left to the interpreter, or MAX_BLOCK
 * instructions. Unconditional jumps and calls do not end it: translation
 * follows them to their target unless that target is already in the block
 * (then the block links to it), so a loop whose body ends in `jp` becomes
 * one block that links to itself. A 00EE whose call is in the block returns
 * at compile time: the block goes on at the return address.
 *
 * An instruction the translators leave to the interpreter (00FD, FX0A,
 * unknown opcodes, ...) ends the block before it; a block that
 * starts at one is a stub that exits with ExitReason.Interpret.
 */
import { ExitReason } from "../jit/exit-reason.js";
import type { BlockEmitter } from "../jit/block-emitter.js";
import type { GuestTranslator } from "../jit/runtime.js";
import type { Chip8RegisterMap } from "./jit-state.js";
import type { Chip8Settings } from "./quirks.js";
import { translateArithmetic, translateLoadAdd, translateRandom, translateRegisterF, translateSetI } from "./recompiler-alu.js";
import { BLOCK_ENDED, Chip8EmitContext, NEEDS_INTERPRETER } from "./recompiler-context.js";
import { translateCall, translateCompareSkip, translateJumpIndexed, translateKeySkip, translateReturn } from "./recompiler-control.js";
import { translateDisplay, translateDraw, type DisplayHelpers } from "./recompiler-display.js";
import { translateMemoryF, translateRangeSaveLoad } from "./recompiler-memory.js";
import { Ins, type R } from "../../ejit/index.js";

/** Longest block, in guest instructions. */
export const MAX_BLOCK = 32;
/** Flag in Chip8Translator.scanBlock's answer: the instructions include a store to guest memory. */
export const SCAN_STORES = 0x100;

/** Instruction classes that can be sent back to the interpreter one by one (for bisecting a miscompile). */
export interface Chip8TranslateSwitches {
  /** Top nibbles (0x0..0xF) whose instructions always go to the interpreter. */
  readonly interpretNibbles?: readonly number[];
  /** Longest block in guest instructions (1..MAX_BLOCK; default MAX_BLOCK). */
  readonly maxBlock?: number;
}

export class Chip8Translator implements GuestTranslator {
  private readonly c: Chip8EmitContext;
  /** visitStamp[pc] === stamp: pc already holds an instruction of the block being built. */
  private readonly visitStamp = new Uint32Array(0x10000);
  private stamp = 0;
  private readonly interpretMask: number;
  private readonly maxBlock: number;

  constructor(
    map: Chip8RegisterMap,
    settings: Chip8Settings,
    memory: Uint8Array,
    plan: { readonly base: R; readonly temps: readonly R[] },
    private readonly helpers: DisplayHelpers | undefined,
    switches: Chip8TranslateSwitches = {},
  ) {
    this.c = new Chip8EmitContext(map, settings, memory, plan);
    let mask = 0;
    for (const n of switches.interpretNibbles ?? []) mask |= 1 << (n & 0xf);
    this.interpretMask = mask;
    this.maxBlock = Math.max(1, Math.min(MAX_BLOCK, switches.maxBlock ?? MAX_BLOCK));
  }

  translate(pc: number, e: BlockEmitter): void {
    const c = this.c;
    c.start(e);
    if (++this.stamp === 0xffffffff) {
      this.visitStamp.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const mask = c.addrMask;
    let at = pc & 0xffff;
    let count = 0;
    for (;;) {
      this.visitStamp[at] = stamp;
      c.opPc = at;
      c.done = count;
      c.randomInT2 = c.randomNext;
      c.randomNext = false;
      e.instructionAt(at);
      const op = (c.fetch(at) << 8) | c.fetch(at + 1);
      const next = (at + 2) & mask;
      const result = (this.interpretMask >> (op >> 12)) & 1 ? NEEDS_INTERPRETER : this.translateOne(op, next);
      if (result === NEEDS_INTERPRETER) {
        if (count === 0) {
          e.exitTo(ExitReason.Interpret, at, 0);
          e.finish(1);
        } else {
          e.dropLastInstruction();
          c.flushStack();
          e.linkTo(at, count);
          c.finishBlock(count);
        }
        return;
      }
      count++;
      if (result === BLOCK_ENDED) {
        c.finishBlock(count);
        return;
      }
      at = result;
      // Inside a call made in this block, translation goes on even over instructions the block
      // holds already (a subroutine called twice in a loop body), so that its 00EE returns
      // inline; a loop there without a skip never ends anyway, and maxBlock bounds it.
      if (count >= this.maxBlock || (this.visitStamp[at] === stamp && c.inlineDepth === 0)) {
        c.flushStack();
        e.linkTo(at, count);
        c.finishBlock(count);
        return;
      }
    }
  }

  /**
   * The guest instructions a block at `pc` would run on its way through
   * (following jumps and calls, up to the first skip, return, computed
   * jump, wait or halt, a PC seen before, or maxBlock), without translating
   * it: what the interpreter runs in one go while the block is cold
   * (Chip8Jit's first tier), so that it stops where a block starts.
   * Returns the count, plus SCAN_STORES when a store (FX33, FX55, XO-CHIP
   * 5XY2) is among them. Reads memory as it is now; any answer is correct
   * (the interpreter runs exactly that many), this one only avoids
   * stopping mid-block.
   */
  scanBlock(pc: number): number {
    const mem = this.c.memory;
    const mask = this.c.addrMask;
    const xo = this.c.xo;
    const vblank = this.c.settings.quirks.vblankQuirks;
    if (++this.stamp === 0xffffffff) {
      this.visitStamp.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let at = pc & mask;
    let count = 0;
    let stores = 0;
    while (count < this.maxBlock && this.visitStamp[at] !== stamp) {
      this.visitStamp[at] = stamp;
      const op = (mem[at]! << 8) | mem[(at + 1) & mask]!;
      count++;
      const top = op >> 12;
      const low = op & 0xff;
      let next = (at + 2) & mask;
      if (top === 1 || top === 2) next = op & 0xfff;
      else if (top === 0 ? op === 0x00ee || op === 0x00fd : top === 0xb || top === 3 || top === 4 || top === 5 && (op & 0xf) === 0
        || top === 9 || top === 0xe || (top === 0xd && vblank) || (top === 0xf && low === 0x0a)) break;
      else if (top === 0xf && (low === 0x55 || low === 0x33)) stores = SCAN_STORES;
      else if (top === 5 && xo && (op & 0xf) === 2) stores = SCAN_STORES;
      else if (op === 0xf000 && xo) next = (next + 2) & mask;
      at = next;
    }
    return count | stores;
  }

  /** Emit one instruction; returns the next PC, BLOCK_ENDED or NEEDS_INTERPRETER. */
  private translateOne(op: number, next: number): number {
    const c = this.c;
    switch (op >> 12) {
      case 0x0:
        if (op === 0x00ee) return translateReturn(c);
        return translateDisplay(c, op, next, this.helpers);
      case 0x1:
        return op & 0xfff;
      case 0x2:
        return translateCall(c, op, next);
      case 0x3:
      case 0x4:
      case 0x9:
        return translateCompareSkip(c, op, next);
      case 0x5:
        return (op & 0xf) === 0 ? translateCompareSkip(c, op, next) : translateRangeSaveLoad(c, op, next);
      case 0x6:
      case 0x7:
        return translateLoadAdd(c, op, next);
      case 0x8:
        return translateArithmetic(c, op, next);
      case 0xa:
        return translateSetI(c, op, next);
      case 0xb:
        return translateJumpIndexed(c, op);
      case 0xc:
        return translateRandom(c, op, next);
      case 0xd:
        return this.helpers === undefined ? NEEDS_INTERPRETER : translateDraw(c, op, next, this.helpers);
      case 0xe:
        return translateKeySkip(c, op, next);
      default:
        return this.translateF(op, next);
    }
  }

  private translateF(op: number, next: number): number {
    const c = this.c;
    if (op === 0xf000) {
      if (!c.xo) return NEEDS_INTERPRETER;
      const value = (c.fetch(next) << 8) | c.fetch(next + 1);
      c.ir.push(Ins.movi(c.I, value));
      return (next + 2) & c.addrMask;
    }
    const low = op & 0xff;
    if (low === 0x33 || low === 0x55 || low === 0x65 || low === 0x75 || low === 0x85 || low === 0x02) {
      return translateMemoryF(c, op, next);
    }
    return translateRegisterF(c, op, next);
  }
}
