/**
 * The 6502 recompiler: guest block -> Ejit IR.
 *
 * A block starts at a guest PC and runs until RTS, RTI, BRK, JMP ($nnnn),
 * a trap, an instruction left to the interpreter, MAX_BLOCK instructions,
 * or a conditional branch whose fall-through is already in the block. JMP
 * $nnnn does not end it: translation follows it unless the target is
 * already in the block (then it links there). JSR pushes and links to the
 * subroutine's block (followed like JMP with `followCalls`). An operand
 * code stores to is read at run time (`dynamicOperands`); a branch, JMP or
 * JSR with such a target ends the block. A conditional branch in
 * the middle leaves through a link slot when taken and goes on when not. Translation is two passes over the block: a scan that decodes the
 * instructions and decides where the block ends, then a backward liveness
 * pass over the flags (N/Z, C, V) so that each instruction computes only
 * the flags read before they are overwritten; every way out of the block
 * (its end, and the side exits of stores and decimal checks) counts as
 * reading all of them.
 *
 * Cycles: the entry check requires the most cycles any path can take
 * (page-crossing penalties included); every exit spends the cycles of its
 * path, the penalties at run time, so the budget is exact at every block
 * boundary (see cpu/jit/block-emitter.ts).
 *
 * Instructions the translators do not handle (CLI, SEI, PLP, JAM, the
 * unstable undocumented ones, ARR) end the block before
 * them; a block that starts at one exits with ExitReason.Interpret, and the
 * engine runs it in the interpreter.
 */
import type { BlockEmitter } from "../jit/block-emitter.js";
import { ExitReason } from "../jit/exit-reason.js";
import type { GuestTranslator } from "../jit/runtime.js";
import type { HostPlan } from "../jit/host-plan.js";
import type { Mos6502RegisterMap } from "./jit-state.js";
import { translateData } from "./recompiler-alu.js";
import { LiveFlag, Mos6502EmitContext, NEEDS_INTERPRETER } from "./recompiler-context.js";
import { translateBranch, translateControl, translateDynamicBranch, translateDynamicJump, translateSideBranch } from "./recompiler-control.js";
import { ALL_RAM, PageKind, type Mos6502MemoryMap } from "./recompiler-memory-map.js";
import { Flag, Mode, opcodes } from "./table.js";

/** Longest block, in guest instructions. */
export const MAX_BLOCK = 64;

export interface Mos6502TranslateOptions {
  /** Leave native code at a jump or branch to itself (the bare machine's trap). Default true. */
  readonly stopOnTrap?: boolean;
  /** Honour the D flag (NMOS 6502). Default true. */
  readonly decimal?: boolean;
  /** Which pages are RAM (default: all, the bare machine). */
  readonly memoryMap?: Mos6502MemoryMap;
  /** Mnemonics always left to the interpreter (for bisecting a miscompile). */
  readonly interpretMnemonics?: readonly string[];
  /**
   * The runtime's code map: with it, stores to pages without compiled code
   * go unguarded, and the caller must drop the blocks listed by
   * `unguardedPages` when code appears on those pages (Mos6502Jit does).
   */
  readonly codeMap?: Uint8Array;
  /**
   * Per guest byte, 1 where code stores went (the engine's marks): an
   * instruction whose operand bytes are marked reads them from guest memory
   * at run time (a dynamic operand) and does not cover them, so stores
   * there drop nothing. Branches, JMP and JSR with a dynamic target end
   * the block and dispatch through the table. Only on all-RAM maps.
   */
  readonly dynamicOperands?: Uint8Array;
  /**
   * Translate on into a JSR's subroutine (the block then holds the call,
   * the subroutine up to its RTS). Default false: a JSR pushes and links
   * to the subroutine's own block, so a subroutine called from many places
   * is compiled once, not into every caller (a functional test's checksum
   * routine was compiled 1,900 times over: 3x the guest instructions).
   */
  readonly followCalls?: boolean;
  /**
   * One instruction per block, leaving native code after it with
   * ExitReason.Halt (no links, no traps): for running test vectors one
   * instruction at a time natively.
   */
  readonly singleStep?: boolean;
}

/** How each opcode is translated. */
const enum Kind {
  Interpret = 0,
  Data = 1,
  Branch = 2,
  JumpAbsolute = 3,
  Call = 4,
  /** RTS, RTI, JMP (ind): ends the block */
  Indirect = 5,
  Stack = 6,
}

const NATIVE_DATA = new Set([
  "LDA", "LDX", "LDY", "LAX", "STA", "STX", "STY", "SAX", "AND", "ORA", "EOR", "ADC", "SBC", "CMP", "CPX", "CPY",
  "BIT", "ASL", "LSR", "ROL", "ROR", "INC", "DEC", "SLO", "RLA", "SRE", "RRA", "DCP", "ISC", "INX", "INY", "DEX",
  "DEY", "TAX", "TAY", "TXA", "TYA", "TSX", "TXS", "CLC", "SEC", "CLV", "CLD", "SED", "NOP", "ANC", "ALR", "SBX",
]);

function kindOf(opcode: number): Kind {
  const o = opcodes[opcode]!;
  if (o.branch) return Kind.Branch;
  switch (o.mnemonic) {
    case "JMP": return o.mode === Mode.Abs ? Kind.JumpAbsolute : Kind.Indirect;
    case "JSR": return Kind.Call;
    case "RTS": case "RTI": case "BRK": return Kind.Indirect;
    case "PHA": case "PHP": case "PLA": return Kind.Stack;
    default: return NATIVE_DATA.has(o.mnemonic) ? Kind.Data : Kind.Interpret;
  }
}

const KIND = Uint8Array.from({ length: 256 }, (_, op) => kindOf(op));

/** Immediates the data translators can take from a register (the others use the operand as a constant). */
const DYNAMIC_IMMEDIATE = new Set(["LDA", "LDX", "LDY", "AND", "ORA", "EOR", "ADC", "SBC", "CMP", "CPX", "CPY", "NOP"]);
/** Opcodes that can read their operand at run time: data instructions (immediates above), branches, JMP $nnnn, JSR. */
const DYNAMIC_OK = Uint8Array.from(opcodes, (o) => {
  const kind = KIND[o.opcode]!;
  if (kind === Kind.Branch || kind === Kind.JumpAbsolute || kind === Kind.Call) return 1;
  if (kind !== Kind.Data) return 0;
  return o.mode !== Mode.Imm || DYNAMIC_IMMEDIATE.has(o.mnemonic) ? 1 : 0;
});

/** Flag groups (LiveFlag) of a P mask. */
function groups(p: number): number {
  return ((p & (Flag.N | Flag.Z)) !== 0 ? LiveFlag.NZ : 0) | (p & Flag.C ? LiveFlag.C : 0) | (p & Flag.V ? LiveFlag.V : 0);
}
/** Groups each opcode overwrites entirely (N/Z only when it writes both). */
const WRITES = Uint8Array.from(opcodes, (o) =>
  ((o.flagsWritten & (Flag.N | Flag.Z)) === (Flag.N | Flag.Z) ? LiveFlag.NZ : 0) | (groups(o.flagsWritten) & ~LiveFlag.NZ));
const READS = Uint8Array.from(opcodes, (o) => groups(o.flagsRead));
/** Worst-case extra cycles: page crossing on indexed reads, taken branch to another page. */
const EXTRA = Uint8Array.from(opcodes, (o) => (o.branch ? 2 : o.pageCrossPenalty ? 1 : 0));

/** What the liveness pass needs to know of each opcode, as bits. */
const enum Role {
  Branch = 1,
  /** ADC SBC RRA ISC: a decimal check when the chip has decimal mode */
  Decimal = 2,
  ClearsDecimal = 4,
  SetsDecimal = 8,
  /** a store to memory (not the accumulator forms) */
  Store = 16,
  /** PHA PHP JSR BRK: stores to the stack */
  Push = 32,
}
const ROLE = Uint8Array.from(opcodes, (o) =>
  (o.branch ? Role.Branch : 0)
  | ((o.flagsRead & Flag.D) !== 0 && o.mnemonic !== "PHP" && o.mnemonic !== "BRK" ? Role.Decimal : 0)
  | (o.mnemonic === "CLD" ? Role.ClearsDecimal : 0) | (o.mnemonic === "SED" ? Role.SetsDecimal : 0)
  | ((o.access === "write" || o.access === "rmw") && o.mode !== Mode.Acc ? Role.Store : 0)
  | (o.mnemonic === "PHA" || o.mnemonic === "PHP" || o.mnemonic === "JSR" || o.mnemonic === "BRK" ? Role.Push : 0));

/** How the scan ended a block. */
const enum End {
  /** link to `endTarget` after the last instruction */
  Link = 0,
  /** the last instruction leaves the block itself (branch, RTS, trap, ...) */
  Self = 1,
  /** the first instruction needs the interpreter */
  Stub = 2,
}

export class Mos6502Translator implements GuestTranslator {
  private readonly c: Mos6502EmitContext;
  private readonly stopOnTrap: boolean;
  private readonly maxBlock: number;
  private readonly map: Mos6502MemoryMap;
  private readonly kinds: Uint8Array;
  private readonly visitStamp = new Uint32Array(0x10000);
  private stamp = 0;
  private readonly stepPc = new Int32Array(MAX_BLOCK);
  private readonly stepLive = new Uint8Array(MAX_BLOCK);
  private readonly stepExits = new Uint8Array(MAX_BLOCK);
  /** 1 where step k's operand is read at run time. */
  private readonly stepDynamic = new Uint8Array(MAX_BLOCK);
  private readonly marks: Uint8Array | undefined;
  private readonly followCalls: boolean;
  /** PCs of the last block's instructions with dynamic operands. */
  readonly dynamicPcs: number[] = [];
  private steps = 0;
  private end: End = End.Link;
  private endTarget = 0;

  constructor(map: Mos6502RegisterMap, plan: HostPlan, private readonly memory: Uint8Array, options: Mos6502TranslateOptions = {}) {
    this.c = new Mos6502EmitContext(map, plan, options.decimal ?? true, options.singleStep ?? false);
    this.stopOnTrap = (options.stopOnTrap ?? true) && !options.singleStep;
    this.maxBlock = options.singleStep ? 1 : MAX_BLOCK;
    if (options.codeMap !== undefined) this.c.watchCodeMap(options.codeMap);
    this.map = options.memoryMap ?? ALL_RAM;
    this.marks = this.map.allRam ? options.dynamicOperands : undefined;
    this.followCalls = options.followCalls ?? false;
    this.kinds = KIND.slice();
    const off = new Set(options.interpretMnemonics ?? []);
    for (let op = 0; op < 256; op++) if (off.has(opcodes[op]!.mnemonic)) this.kinds[op] = Kind.Interpret;
  }

  /** Pages the last block translated writes without guards. */
  get unguardedPages(): readonly number[] {
    return this.c.unguardedPages;
  }

  translate(pc: number, e: BlockEmitter): void {
    const c = this.c;
    c.start(e);
    this.scan(pc & 0xffff, e);
    c.ownCode(e);
    this.liveness();
    if (this.end === End.Stub) {
      c.exit(ExitReason.Interpret, pc & 0xffff, 0, 0);
      e.finish(1, 1);
      return;
    }
    const mem = this.memory;
    let maxCycles = 0;
    for (let k = 0; k < this.steps; k++) {
      const at = this.stepPc[k]!;
      const opcode = mem[at]!;
      const info = opcodes[opcode]!;
      const operand = info.length === 1 ? 0 : info.length === 2 ? mem[(at + 1) & 0xffff]! : mem[(at + 1) & 0xffff]! | (mem[(at + 2) & 0xffff]! << 8);
      c.opPc = at;
      c.live = this.stepLive[k]!;
      const dynamic = this.stepDynamic[k] !== 0;
      c.dynamicOperand = dynamic ? (at + 1) & 0xffff : -1;
      e.instructionAt(at);
      maxCycles += info.cycles + EXTRA[opcode]!;
      switch (this.kinds[opcode] as Kind) {
        case Kind.Data:
          translateData(c, info, operand);
          break;
        case Kind.Branch:
          if (dynamic) translateDynamicBranch(c, info, this.stopOnTrap);
          else if (k === this.steps - 1 && this.end === End.Self) translateBranch(c, info, operand, this.stopOnTrap);
          else translateSideBranch(c, info, operand, this.stopOnTrap);
          break;
        case Kind.JumpAbsolute:
          if (dynamic) translateDynamicJump(c, info, this.stopOnTrap);
          else if (operand === at && this.stopOnTrap) c.exit(ExitReason.Halt, at, c.doneInstructions + 1, c.doneCycles + info.cycles);
          break;
        default:
          translateControl(c, info, operand, this.stopOnTrap);
      }
      c.doneInstructions++;
      c.doneCycles += info.cycles;
    }
    if (this.end === End.Link) c.link(this.endTarget, c.doneInstructions, c.doneCycles);
    c.emitSideCode();
    e.finish(this.steps, maxCycles);
  }

  /** Decode the block from `pc`: fills stepPc, steps, end and endTarget; covers every byte read. */
  private scan(pc: number, e: BlockEmitter): void {
    if (++this.stamp === 0xffffffff) {
      this.visitStamp.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const mem = this.memory;
    const marks = this.marks;
    let at = pc;
    this.steps = 0;
    this.dynamicPcs.length = 0;
    for (;;) {
      const opcode = mem[at]!;
      const info = opcodes[opcode]!;
      let kind = this.kinds[opcode] as Kind;
      const operand = info.length === 1 ? 0 : info.length === 2 ? mem[(at + 1) & 0xffff]! : mem[(at + 1) & 0xffff]! | (mem[(at + 2) & 0xffff]! << 8);
      // a dynamic operand: code stored into this instruction's operand bytes while it was compiled
      const dynamic = marks !== undefined && info.length > 1
        && (marks[(at + 1) & 0xffff] !== 0 || (info.length === 3 && marks[(at + 2) & 0xffff] !== 0));
      if (dynamic && !DYNAMIC_OK[opcode]) kind = Kind.Interpret;
      // code stored over this opcode before: it starts a block of its own, so that rewriting it drops only that block
      const rewritten = marks !== undefined && this.steps > 0 && marks[at] !== 0;
      if (rewritten || kind === Kind.Interpret || !this.mapAllows(opcode, operand, kind)) {
        this.end = this.steps === 0 ? End.Stub : End.Link;
        this.endTarget = at;
        if (this.steps === 0) e.cover(at);
        return;
      }
      e.cover(at);
      if (!dynamic) for (let k = 1; k < info.length; k++) e.cover((at + k) & 0xffff);
      else this.dynamicPcs.push(at);
      this.stepDynamic[this.steps] = dynamic ? 1 : 0;
      this.visitStamp[at] = stamp;
      this.stepPc[this.steps++] = at;
      let next = (at + info.length) & 0xffff;
      if (dynamic && (kind === Kind.Branch || kind === Kind.JumpAbsolute || kind === Kind.Call)) {
        // the target is known only at run time: the block ends here
        this.end = End.Self;
        return;
      }
      if (kind === Kind.Indirect) {
        this.end = End.Self;
        return;
      }
      if (kind === Kind.Branch) {
        // go on along the fall-through path (the taken side leaves through a link slot), unless that ends the block anyway
        if (this.steps >= this.maxBlock || this.visitStamp[next] === stamp) {
          this.end = End.Self;
          return;
        }
        at = next;
        continue;
      }
      if (kind === Kind.JumpAbsolute || kind === Kind.Call) {
        if (operand === at && this.stopOnTrap) {
          this.end = End.Self;
          return;
        }
        next = operand;
        if (kind === Kind.Call && !this.followCalls) {
          this.end = End.Link;
          this.endTarget = next;
          return;
        }
      }
      if (this.steps >= this.maxBlock || this.visitStamp[next] === stamp) {
        this.end = End.Link;
        this.endTarget = next;
        return;
      }
      at = next;
    }
  }

  /** stepLive[k] = flag groups read after step k before being overwritten. */
  private liveness(): void {
    const mem = this.memory;
    const c = this.c;
    // forward: which instructions may leave the block before they run (a guarded store)
    for (let k = 0; k < this.steps; k++) {
      const at = this.stepPc[k]!;
      const opcode = mem[at]!;
      const role = ROLE[opcode]!;
      let exits = (role & Role.Branch) !== 0; // the taken side leaves the block
      if (exits) {
        // already leaves here
      } else if (role & Role.Store) {
        const o = opcodes[opcode]!;
        const operand = o.length === 2 ? mem[(at + 1) & 0xffff]! : mem[(at + 1) & 0xffff]! | (mem[(at + 2) & 0xffff]! << 8);
        exits = this.stepDynamic[k] !== 0 || !this.storeUnguarded(o.mode, operand);
      } else if (role & Role.Push) {
        exits = !c.pageFree(1);
      }
      this.stepExits[k] = exits ? 1 : 0;
    }
    // backward: flags read before being overwritten; every exit reads all of them
    let live: number = LiveFlag.ALL;
    for (let k = this.steps - 1; k >= 0; k--) {
      this.stepLive[k] = live;
      const opcode = mem[this.stepPc[k]!]!;
      live = this.stepExits[k] !== 0 ? LiveFlag.ALL : (live & ~WRITES[opcode]!) | READS[opcode]!;
    }
  }

  /** Whether a store in `mode` to `operand` will go without a guard (as guardStore decides). */
  private storeUnguarded(mode: Mode, operand: number): boolean {
    const c = this.c;
    switch (mode) {
      case Mode.Zp: case Mode.Abs: return c.pageFree((operand >> 8) & 0xff);
      case Mode.Zpx: case Mode.Zpy: return c.pageFree(0);
      case Mode.Abx: case Mode.Aby: return c.pageFree(operand >> 8) && c.pageFree(((operand + 0xff) >> 8) & 0xff);
      default: return false;
    }
  }

  /** Whether native code may make this instruction's accesses under the memory map (I/O and ROM pages go to the interpreter). */
  private mapAllows(opcode: number, operand: number, kind: Kind): boolean {
    const map = this.map;
    if (map.allRam) return true;
    const { mode, access } = opcodes[opcode]!;
    if (kind === Kind.Indirect && mode === Mode.Ind) return map.pageKind(operand >> 8) !== PageKind.Io;
    if (opcode === 0x00) return map.pageKind(0xff) !== PageKind.Io; // BRK reads its vector at $FFFE natively
    if (kind !== Kind.Data) return true; // stack and zero page are RAM on every machine the map allows
    switch (mode) {
      case Mode.Imp: case Mode.Acc: case Mode.Imm: return true;
      case Mode.Zp: case Mode.Abs: {
        const page = map.pageKind(operand >> 8);
        return page === PageKind.Ram || (page === PageKind.Rom && access === "read");
      }
      default:
        return false; // computed addresses: a native page check is the follow-up (docs/mos6502.md)
    }
  }
}
