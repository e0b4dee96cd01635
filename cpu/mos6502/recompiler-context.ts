/**
 * What every 6502 instruction translator shares while one block is built:
 * the emitter, the host registers of the guest registers, what the block
 * knows so far (instructions and cycles done, live flags), and helpers for
 * guest memory, flags and the ways out of a block.
 *
 * Guest memory: every native access is `base + RAM + address` with the
 * address a 16-bit constant or a register masked to 16 bits (8 bits for
 * the zero page and the stack), so native code stays inside the guest's
 * 64 KiB. Stores first look the address up in the code map; when compiled
 * code covers it, the block leaves for the interpreter at that instruction
 * (which performs the store and drops the blocks it hit), so a store into
 * the running block ends it right after the store. Stores that can only
 * reach pages without compiled code skip the lookup (`pageFree`).
 */
import { Cond, Ins, Type, type Label, type R } from "../../ejit/index.js";
import type { BlockEmitter } from "../jit/block-emitter.js";
import { ExitReason } from "../jit/exit-reason.js";
import type { HostPlan } from "../jit/host-plan.js";
import { JitOffset, type Mos6502RegisterMap } from "./jit-state.js";

/** Flag groups as the recompiler tracks their liveness (N and Z share one register). */
export const LiveFlag = { NZ: 1, C: 2, V: 4, ALL: 7 } as const;

/** A translator's answer: the next guest PC (>= 0) to go on at, or one of these. */
export const BLOCK_ENDED = -1;
/** The instruction is left to the interpreter: nothing was emitted for it. */
export const NEEDS_INTERPRETER = -2;

const MAX_DEFERRED = 256;

export class Mos6502EmitContext {
  e!: BlockEmitter;
  ir!: Ins[];
  readonly base: R;
  readonly T0: R;
  readonly T1: R;
  readonly T2: R;
  readonly T3: R;
  readonly A: R;
  readonly X: R;
  readonly Y: R;
  readonly S: R;
  readonly NZ: R;
  readonly C: R;
  readonly V: R;
  readonly COUNT: R;
  readonly budget: R;
  /** Address of the current instruction. */
  opPc = 0;
  /** Guest instructions and base cycles of the block before the current instruction. */
  doneInstructions = 0;
  doneCycles = 0;
  /** LiveFlag bits read after the current instruction before being overwritten. */
  live: number = LiveFlag.ALL;
  /** The last NZ write in this block came from an 8-bit result (nz < 0x100). */
  nzClean = false;
  /** The D flag is known clear here (after CLD in this block). */
  decimalClear = false;
  /**
   * Guest address of the current instruction's operand when it is read
   * from guest memory at run time (a dynamic operand), else -1.
   */
  dynamicOperand = -1;
  private codeMap = 0;
  /** The code map itself, read at compile time to leave out guards (undefined: always guard). */
  private codeMapView: Uint8Array | undefined;
  /** Pages the block being built covers: stores there are always guarded. */
  private readonly ownPages = new Uint8Array(256);
  /** The pages set in ownPages (a typed list with a count: emptying a plain array per block drops its storage). */
  private readonly ownPageList = new Uint8Array(256);
  private ownPageCount = 0;
  private readonly unguardedMark = new Uint8Array(256);
  /**
   * Zero-page bytes this block stored with constant addresses so far (and
   * their list). A (zp),Y pointer among them is read as two bytes: one
   * 16-bit load of two bytes just stored separately cannot take them from
   * the store buffer and stalls until the stores retire.
   */
  private readonly zeroPageStored = new Uint8Array(256);
  private readonly zeroPageStoredList = new Uint8Array(256);
  private zeroPageStoredCount = 0;
  /** Pages the block being built writes without guards (the engine watches them). */
  readonly unguardedPages: number[] = [];
  private readonly deferredLabel = new Int32Array(MAX_DEFERRED);
  private readonly deferredPc = new Int32Array(MAX_DEFERRED);
  private readonly deferredInstructions = new Int32Array(MAX_DEFERRED);
  private readonly deferredCycles = new Int32Array(MAX_DEFERRED);
  private deferredCount = 0;
  private readonly linkLabel = new Int32Array(MAX_DEFERRED);
  private readonly linkTarget = new Int32Array(MAX_DEFERRED);
  private readonly linkInstructions = new Int32Array(MAX_DEFERRED);
  private readonly linkCycles = new Int32Array(MAX_DEFERRED);
  private readonly linkHalt = new Uint8Array(MAX_DEFERRED);
  private linkCount = 0;

  constructor(
    readonly map: Mos6502RegisterMap,
    plan: HostPlan,
    /** The chip honours the D flag (NMOS 6502; the NES's 2A03 does not). */
    readonly decimalChip: boolean,
    /** Blocks of one instruction that leave with ExitReason.Halt instead of going on (tests). */
    readonly singleStep = false,
  ) {
    this.base = plan.base;
    this.budget = plan.budget;
    [this.T0, this.T1, this.T2] = plan.temps as [R, R, R];
    this.T3 = map.t3;
    this.A = map.a;
    this.X = map.x;
    this.Y = map.y;
    this.S = map.s;
    this.NZ = map.nz;
    this.C = map.c;
    this.V = map.v;
    this.COUNT = map.count;
  }

  /** Leave out store guards on pages without compiled code (see `pageFree`). */
  watchCodeMap(codeMap: Uint8Array): void {
    this.codeMapView = codeMap;
  }

  start(e: BlockEmitter): void {
    for (let k = 0; k < this.ownPageCount; k++) this.ownPages[this.ownPageList[k]!] = 0;
    this.ownPageCount = 0;
    for (let k = 0; k < this.zeroPageStoredCount; k++) this.zeroPageStored[this.zeroPageStoredList[k]!] = 0;
    this.zeroPageStoredCount = 0;
    for (const page of this.unguardedPages) this.unguardedMark[page] = 0;
    this.unguardedPages.length = 0;
    this.e = e;
    this.ir = e.ir;
    this.codeMap = e.layout.codeMap;
    this.doneInstructions = 0;
    this.doneCycles = 0;
    this.nzClean = false;
    this.decimalClear = false;
    this.dynamicOperand = -1;
    this.deferredCount = 0;
    this.linkCount = 0;
  }

  // ---- ways out --------------------------------------------------------------

  private count(instructions: number): void {
    if (instructions > 0) this.ir.push(Ins.addi(this.COUNT, this.COUNT, instructions));
  }

  /** Leave for JS with `reason` at guest `pc` after `instructions` and `cycles`. */
  exit(reason: ExitReason, pc: number, instructions: number, cycles: number): void {
    this.count(instructions);
    this.e.exitTo(reason, pc, cycles);
  }

  /** Continue at guest `target` through a link slot (single-step: leave with Halt there). */
  link(target: number, instructions: number, cycles: number): void {
    this.count(instructions);
    if (this.singleStep) this.e.exitTo(ExitReason.Halt, target, cycles);
    else this.e.linkTo(target, cycles);
  }

  /** Continue at the guest PC in T1 (16 bits) through the dispatch table (single-step: leave with Halt). */
  indirect(instructions: number, cycles: number): void {
    this.count(instructions);
    if (this.singleStep) this.e.exitToPcInT1(ExitReason.Halt, cycles);
    else this.e.jumpIndirect(cycles);
  }

  /**
   * A label that leaves for the interpreter at the current instruction
   * (nothing of it done); the exit code goes after the block's main path.
   */
  interpretHere(): Label {
    if (this.deferredCount === MAX_DEFERRED) throw new Error("6502 recompiler: too many side exits in one block");
    const k = this.deferredCount++;
    const label = this.e.newLabel();
    this.deferredLabel[k] = label;
    this.deferredPc[k] = this.opPc;
    this.deferredInstructions[k] = this.doneInstructions;
    this.deferredCycles[k] = this.doneCycles;
    return label;
  }

  /**
   * A label that continues at guest `target` after `instructions` and
   * `cycles` through a link slot (or stops there with ExitReason.Halt: a
   * trap); the code goes after the block's main path.
   */
  sideLink(target: number, instructions: number, cycles: number, halt: boolean): Label {
    if (this.linkCount === MAX_DEFERRED) throw new Error("6502 recompiler: too many side links in one block");
    const k = this.linkCount++;
    const label = this.e.newLabel();
    this.linkLabel[k] = label;
    this.linkTarget[k] = target;
    this.linkInstructions[k] = instructions;
    this.linkCycles[k] = cycles;
    this.linkHalt[k] = halt ? 1 : 0;
    return label;
  }

  /** Emit the side links and side exits (sideLink, interpretHere) after the main path. */
  emitSideCode(): void {
    for (let k = 0; k < this.linkCount; k++) {
      this.ir.push(Ins.label(this.linkLabel[k]!));
      if (this.linkHalt[k]) this.exit(ExitReason.Halt, this.linkTarget[k]!, this.linkInstructions[k]!, this.linkCycles[k]!);
      else this.link(this.linkTarget[k]!, this.linkInstructions[k]!, this.linkCycles[k]!);
    }
    this.linkCount = 0;
    this.emitSideExits();
  }

  /**
   * Emit the side exits collected by interpretHere. With more than one,
   * each sets T1 = its PC and T0 = instructions << 16 | cycles and jumps
   * to one shared tail that spends them (4 IR instructions a store instead
   * of 7).
   */
  private emitSideExits(): void {
    const n = this.deferredCount;
    this.deferredCount = 0;
    const { ir, T0, T1, T2 } = this;
    if (n === 1) {
      ir.push(Ins.label(this.deferredLabel[0]!));
      this.exit(ExitReason.Interpret, this.deferredPc[0]!, this.deferredInstructions[0]!, this.deferredCycles[0]!);
      return;
    }
    if (n === 0) return;
    const shared = this.e.newLabel();
    for (let k = 0; k < n; k++) {
      ir.push(Ins.label(this.deferredLabel[k]!), Ins.movi(T1, this.deferredPc[k]!),
        Ins.movi(T0, (this.deferredInstructions[k]! << 16) | this.deferredCycles[k]!), Ins.jmp(shared));
    }
    ir.push(Ins.label(shared), Ins.shri(T2, T0, 16), Ins.add(this.COUNT, this.COUNT, T2), Ins.andi(T0, T0, 0xffff),
      Ins.sub(this.budget, this.budget, T0));
    this.e.exitToPcInT1(ExitReason.Interpret, 0);
  }

  /** Record the block's own code (the scan's covered bytes in `e`): stores to those pages keep their guards. */
  ownCode(e: BlockEmitter): void {
    for (let k = 0; k < e.coveredCount; k++) {
      const a = e.coveredAt(k);
      const page = (a >> 8) & 0xff;
      if (this.ownPages[page] === 0) {
        this.ownPages[page] = 1;
        this.ownPageList[this.ownPageCount++] = page;
      }
    }
  }

  /**
   * Whether stores to `page` can go without a guard: no compiled code
   * covers any byte of it now, and the block's own code is elsewhere. The
   * page is then recorded in `unguardedPages`, and the engine drops this
   * block as soon as code on that page is compiled (Mos6502Jit), so an
   * unguarded store never hits compiled code.
   */
  pageFree(page: number): boolean {
    const map = this.codeMapView;
    if (map === undefined || this.ownPages[page] !== 0) return false;
    if (this.unguardedMark[page] !== 0) return true;
    const from = page << 8;
    for (let k = 0; k < 256; k++) if (map[from + k] !== 0) return false;
    this.unguardedMark[page] = 1;
    this.unguardedPages.push(page);
    return true;
  }

  // ---- guest memory ----------------------------------------------------------

  /** d = RAM[address] for a constant address. */
  loadConst(d: R, address: number): void {
    this.ir.push(Ins.ld(Type.U8, d, this.base, JitOffset.RAM + (address & 0xffff)));
  }

  /** d = the little-endian word at the constant `address` (two byte loads: the bytes were often just stored one by one). */
  loadWordConst(d: R, scratch: R, address: number): void {
    this.ir.push(Ins.ld(Type.U8, d, this.base, JitOffset.RAM + (address & 0xffff)),
      Ins.ld(Type.U8, scratch, this.base, JitOffset.RAM + ((address + 1) & 0xffff)),
      Ins.shli(scratch, scratch, 8), Ins.or(d, d, scratch));
  }

  /** d = RAM[reg] (reg holds a 16-bit address). */
  loadAt(d: R, reg: R): void {
    this.ir.push(Ins.ldx(Type.U8, d, this.base, reg, 0, JitOffset.RAM));
  }

  /** Leave for the interpreter when compiled code covers the constant address (scratch: T2). */
  guardConst(address: number): void {
    if (this.pageFree((address >> 8) & 0xff)) return;
    const { ir, T2 } = this;
    ir.push(Ins.ld(Type.U8, T2, this.base, this.codeMap + (address & 0xffff)), Ins.cmpi(T2, 0), Ins.b(Cond.Ne, this.interpretHere()));
  }

  /** A push to $0100 + reg. */
  guardStack(reg: R): void {
    if (!this.pageFree(1)) this.guardAt(reg, 0x100);
  }

  /** The same for the address in `reg` plus `offset` (a page-1 stack slot: reg = S, offset = 0x100). */
  guardAt(reg: R, offset = 0): void {
    const { ir, T2 } = this;
    ir.push(Ins.ldx(Type.U8, T2, this.base, reg, 0, this.codeMap + offset), Ins.cmpi(T2, 0), Ins.b(Cond.Ne, this.interpretHere()));
  }

  storeConst(s: R, address: number): void {
    const a = address & 0xffff;
    if (a < 0x100 && this.zeroPageStored[a] === 0) {
      this.zeroPageStored[a] = 1;
      this.zeroPageStoredList[this.zeroPageStoredCount++] = a;
    }
    this.ir.push(Ins.st(Type.U8, s, this.base, JitOffset.RAM + a));
  }

  /** Whether this block has stored the zero-page byte `address` (constant address) before this point. */
  storedZeroPage(address: number): boolean {
    return this.zeroPageStored[address & 0xff] !== 0;
  }

  storeAt(s: R, reg: R): void {
    this.ir.push(Ins.stx(Type.U8, s, this.base, reg, 0, JitOffset.RAM));
  }

  // ---- flags -------------------------------------------------------------------

  /** N and Z from the 8-bit value in r, when something reads them. */
  setNZ(r: R): void {
    if ((this.live & LiveFlag.NZ) === 0) return;
    if (r !== this.NZ) this.ir.push(Ins.mov(this.NZ, r));
    this.nzClean = true;
  }

  get liveC(): boolean {
    return (this.live & LiveFlag.C) !== 0;
  }

  get liveV(): boolean {
    return (this.live & LiveFlag.V) !== 0;
  }

  /**
   * When the chip does decimal arithmetic and D is not known clear here:
   * test D at run time and branch to the returned label when it is set
   * (the caller emits the binary path, then the decimal one at the label).
   * Else -1: binary only. Scratch: T2.
   */
  decimalBranch(): Label | -1 {
    if (!this.decimalChip || this.decimalClear) return -1;
    const { ir, T2 } = this;
    const label = this.e.newLabel();
    ir.push(Ins.ld(Type.U8, T2, this.base, JitOffset.P), Ins.andi(T2, T2, 0x08), Ins.cmpi(T2, 0), Ins.b(Cond.Ne, label));
    return label;
  }

  /** Subtract the 0/1 in `r` from the cycle budget (a page-crossing penalty). */
  spendDynamic(r: R): void {
    this.ir.push(Ins.sub(this.budget, this.budget, r));
  }
}
