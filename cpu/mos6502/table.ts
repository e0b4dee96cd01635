/**
 * The NMOS 6502 instruction set as one table: all 256 opcodes, documented and
 * undocumented. The decoder, interpreter, disassembler, assembler, the tests
 * and (later) the recompiler read it; nothing else lists opcodes.
 *
 * Facts used: the MOS MCS6500 programming manual (documented opcodes, cycle
 * counts, page-crossing and branch penalties) and the widely published NMOS
 * undocumented-opcode matrix ("No More Secrets", the 6502.org / NESdev
 * tables) for SLO RLA SRE RRA SAX LAX DCP ISC ANC ALR ARR SBX SHA SHX SHY TAS
 * LAS ANE LXA, the NOPs with their operand reads, and the JAM opcodes.
 */

/** Addressing modes. The operand size follows from the mode (`modeLength`). */
export const Mode = {
  /** implied: no operand (CLC, TAX, RTS, BRK, JAM) */
  Imp: 0,
  /** accumulator: ASL A */
  Acc: 1,
  /** #$nn */
  Imm: 2,
  /** $nn */
  Zp: 3,
  /** $nn,X */
  Zpx: 4,
  /** $nn,Y */
  Zpy: 5,
  /** $nnnn */
  Abs: 6,
  /** $nnnn,X */
  Abx: 7,
  /** $nnnn,Y */
  Aby: 8,
  /** ($nnnn): JMP only, with the NMOS page-wrap bug */
  Ind: 9,
  /** ($nn,X) */
  Izx: 10,
  /** ($nn),Y */
  Izy: 11,
  /** branch target, encoded as a signed 8-bit offset from the next instruction */
  Rel: 12,
} as const;
export type Mode = (typeof Mode)[keyof typeof Mode];
export const modeNames = ["imp", "acc", "imm", "zp", "zpx", "zpy", "abs", "abx", "aby", "ind", "izx", "izy", "rel"] as const;

/** Instruction length in bytes (opcode + operand) for each mode. */
export const modeLength: readonly number[] = [1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 2, 2, 2];

/** Status register bits (P). Bit 5 reads as 1; B (bit 4) exists only on the stack. */
export const Flag = { C: 0x01, Z: 0x02, I: 0x04, D: 0x08, B: 0x10, U: 0x20, V: 0x40, N: 0x80 } as const;

/** How an instruction uses its effective address; decides dummy cycles and page-cross penalties. */
export type Access = "none" | "read" | "write" | "rmw" | "jump" | "stack" | "branch";

/** One opcode. */
export interface OpInfo {
  readonly opcode: number;
  readonly mnemonic: string;
  readonly mode: Mode;
  readonly length: number;
  /** Cycles without page-crossing or branch penalties (MCS6500 manual, appendix). */
  readonly cycles: number;
  /** +1 cycle when indexing crosses a page (reads through abs,X abs,Y (zp),Y). */
  readonly pageCrossPenalty: boolean;
  /** Conditional branch: +1 cycle when taken, +1 more when the target is on another page. */
  readonly branch: boolean;
  readonly access: Access;
  /** Flag bits (see `Flag`) the instruction reads. */
  readonly flagsRead: number;
  /** Flag bits the instruction may change. */
  readonly flagsWritten: number;
  /** Documented by MOS. */
  readonly official: boolean;
  /** Halts the CPU (JAM/KIL). */
  readonly jam: boolean;
  /**
   * The encoding the assembler picks for this mnemonic and mode. Duplicates
   * (the extra NOPs, SBC $EB, ANC $2B, the JAMs after $02) are not canonical;
   * the disassembler writes them as `MNEMONIC.XX` so that they round-trip.
   */
  readonly canonical: boolean;
}

const C = Flag.C, Z = Flag.Z, I = Flag.I, D = Flag.D, V = Flag.V, N = Flag.N;
const NZ = N | Z;
const ALL = N | V | D | I | Z | C;

/** Per-mnemonic facts: access kind, flags read, flags written, documented. */
interface MnemonicInfo {
  readonly access: Access;
  readonly read: number;
  readonly written: number;
  readonly official: boolean;
}
function m(access: Access, read: number, written: number, official = true): MnemonicInfo {
  return { access, read, written, official };
}

/** Flags per mnemonic, from the programming manual (documented) and the NMOS matrix (the rest). */
export const mnemonicInfo: Readonly<Record<string, MnemonicInfo>> = {
  ADC: m("read", C | D, N | V | Z | C), AND: m("read", 0, NZ), ASL: m("rmw", 0, NZ | C),
  BCC: m("branch", C, 0), BCS: m("branch", C, 0), BEQ: m("branch", Z, 0), BMI: m("branch", N, 0),
  BNE: m("branch", Z, 0), BPL: m("branch", N, 0), BVC: m("branch", V, 0), BVS: m("branch", V, 0),
  BIT: m("read", 0, N | V | Z), BRK: m("stack", ALL, I), CLC: m("none", 0, C), CLD: m("none", 0, D),
  CLI: m("none", 0, I), CLV: m("none", 0, V), CMP: m("read", 0, NZ | C), CPX: m("read", 0, NZ | C),
  CPY: m("read", 0, NZ | C), DEC: m("rmw", 0, NZ), DEX: m("none", 0, NZ), DEY: m("none", 0, NZ),
  EOR: m("read", 0, NZ), INC: m("rmw", 0, NZ), INX: m("none", 0, NZ), INY: m("none", 0, NZ),
  JMP: m("jump", 0, 0), JSR: m("stack", 0, 0), LDA: m("read", 0, NZ), LDX: m("read", 0, NZ),
  LDY: m("read", 0, NZ), LSR: m("rmw", 0, NZ | C), NOP: m("none", 0, 0), ORA: m("read", 0, NZ),
  PHA: m("stack", 0, 0), PHP: m("stack", ALL, 0), PLA: m("stack", 0, NZ), PLP: m("stack", 0, ALL),
  ROL: m("rmw", C, NZ | C), ROR: m("rmw", C, NZ | C), RTI: m("stack", 0, ALL), RTS: m("stack", 0, 0),
  SBC: m("read", C | D, N | V | Z | C), SEC: m("none", 0, C), SED: m("none", 0, D), SEI: m("none", 0, I),
  STA: m("write", 0, 0), STX: m("write", 0, 0), STY: m("write", 0, 0), TAX: m("none", 0, NZ),
  TAY: m("none", 0, NZ), TSX: m("none", 0, NZ), TXA: m("none", 0, NZ), TXS: m("none", 0, 0),
  TYA: m("none", 0, NZ),
  // Undocumented (NMOS).
  SLO: m("rmw", 0, NZ | C, false), RLA: m("rmw", C, NZ | C, false), SRE: m("rmw", 0, NZ | C, false),
  RRA: m("rmw", C | D, N | V | Z | C, false), SAX: m("write", 0, 0, false), LAX: m("read", 0, NZ, false),
  DCP: m("rmw", 0, NZ | C, false), ISC: m("rmw", C | D, N | V | Z | C, false),
  ANC: m("read", 0, NZ | C, false), ALR: m("read", 0, NZ | C, false), ARR: m("read", C | D, N | V | Z | C, false),
  SBX: m("read", 0, NZ | C, false), SHA: m("write", 0, 0, false), SHX: m("write", 0, 0, false),
  SHY: m("write", 0, 0, false), TAS: m("write", 0, 0, false), LAS: m("read", 0, NZ, false),
  ANE: m("read", 0, NZ, false), LXA: m("read", 0, NZ, false), JAM: m("none", 0, 0, false),
};

/**
 * The opcode matrix, row $x0..$xF per line: "MNEMONIC mode". Undocumented
 * NOPs keep their addressing mode because they perform its reads.
 */
const matrix = `
BRK imp|ORA izx|JAM imp|SLO izx|NOP zp |ORA zp |ASL zp |SLO zp |PHP imp|ORA imm|ASL acc|ANC imm|NOP abs|ORA abs|ASL abs|SLO abs
BPL rel|ORA izy|JAM imp|SLO izy|NOP zpx|ORA zpx|ASL zpx|SLO zpx|CLC imp|ORA aby|NOP imp|SLO aby|NOP abx|ORA abx|ASL abx|SLO abx
JSR abs|AND izx|JAM imp|RLA izx|BIT zp |AND zp |ROL zp |RLA zp |PLP imp|AND imm|ROL acc|ANC imm|BIT abs|AND abs|ROL abs|RLA abs
BMI rel|AND izy|JAM imp|RLA izy|NOP zpx|AND zpx|ROL zpx|RLA zpx|SEC imp|AND aby|NOP imp|RLA aby|NOP abx|AND abx|ROL abx|RLA abx
RTI imp|EOR izx|JAM imp|SRE izx|NOP zp |EOR zp |LSR zp |SRE zp |PHA imp|EOR imm|LSR acc|ALR imm|JMP abs|EOR abs|LSR abs|SRE abs
BVC rel|EOR izy|JAM imp|SRE izy|NOP zpx|EOR zpx|LSR zpx|SRE zpx|CLI imp|EOR aby|NOP imp|SRE aby|NOP abx|EOR abx|LSR abx|SRE abx
RTS imp|ADC izx|JAM imp|RRA izx|NOP zp |ADC zp |ROR zp |RRA zp |PLA imp|ADC imm|ROR acc|ARR imm|JMP ind|ADC abs|ROR abs|RRA abs
BVS rel|ADC izy|JAM imp|RRA izy|NOP zpx|ADC zpx|ROR zpx|RRA zpx|SEI imp|ADC aby|NOP imp|RRA aby|NOP abx|ADC abx|ROR abx|RRA abx
NOP imm|STA izx|NOP imm|SAX izx|STY zp |STA zp |STX zp |SAX zp |DEY imp|NOP imm|TXA imp|ANE imm|STY abs|STA abs|STX abs|SAX abs
BCC rel|STA izy|JAM imp|SHA izy|STY zpx|STA zpx|STX zpy|SAX zpy|TYA imp|STA aby|TXS imp|TAS aby|SHY abx|STA abx|SHX aby|SHA aby
LDY imm|LDA izx|LDX imm|LAX izx|LDY zp |LDA zp |LDX zp |LAX zp |TAY imp|LDA imm|TAX imp|LXA imm|LDY abs|LDA abs|LDX abs|LAX abs
BCS rel|LDA izy|JAM imp|LAX izy|LDY zpx|LDA zpx|LDX zpy|LAX zpy|CLV imp|LDA aby|TSX imp|LAS aby|LDY abx|LDA abx|LDX aby|LAX aby
CPY imm|CMP izx|NOP imm|DCP izx|CPY zp |CMP zp |DEC zp |DCP zp |INY imp|CMP imm|DEX imp|SBX imm|CPY abs|CMP abs|DEC abs|DCP abs
BNE rel|CMP izy|JAM imp|DCP izy|NOP zpx|CMP zpx|DEC zpx|DCP zpx|CLD imp|CMP aby|NOP imp|DCP aby|NOP abx|CMP abx|DEC abx|DCP abx
CPX imm|SBC izx|NOP imm|ISC izx|CPX zp |SBC zp |INC zp |ISC zp |INX imp|SBC imm|NOP imp|SBC imm|CPX abs|SBC abs|INC abs|ISC abs
BEQ rel|SBC izy|JAM imp|ISC izy|NOP zpx|SBC zpx|INC zpx|ISC zpx|SED imp|SBC aby|NOP imp|ISC aby|NOP abx|SBC abx|INC abx|ISC abx
`;

/** Opcodes documented by MOS that share a mnemonic and mode with an undocumented duplicate. */
const preferredEncoding: Readonly<Record<string, number>> = { "NOP imp": 0xea, "SBC imm": 0xe9 };

/** Cycles for the special instructions whose count does not follow from mode and access. */
const specialCycles: Readonly<Record<string, number>> = {
  BRK: 7, RTI: 6, RTS: 6, JSR: 6, PHA: 3, PHP: 3, PLA: 4, PLP: 4, JAM: 2,
  "JMP abs": 3, "JMP ind": 5,
};

/**
 * Base cycles from mode and access, as the MCS6500 manual's timing tables
 * give them: every cycle is one bus access, so a read costs one cycle after
 * the address is formed, a read-modify-write three (read, dummy write,
 * write), and indexed writes always pay the fix-up cycle.
 */
function baseCycles(mnemonic: string, mode: Mode, access: Access): number {
  const special = specialCycles[`${mnemonic} ${modeNames[mode]}`] ?? specialCycles[mnemonic];
  if (special !== undefined) return special;
  const rmw = access === "rmw" ? 2 : 0;
  switch (mode) {
    case Mode.Imp: case Mode.Acc: case Mode.Imm: case Mode.Rel: return 2;
    case Mode.Zp: return 3 + rmw;
    case Mode.Zpx: case Mode.Zpy: case Mode.Abs: return 4 + rmw;
    case Mode.Abx: case Mode.Aby: return access === "read" || access === "none" ? 4 : 5 + rmw;
    case Mode.Izx: return 6 + rmw;
    case Mode.Izy: return access === "read" ? 5 : 6 + rmw;
    default: throw new Error(`no cycle rule for ${mnemonic} ${modeNames[mode]}`);
  }
}

function buildTable(): readonly OpInfo[] {
  const cells = matrix.trim().split("\n").flatMap((row) => row.split("|"));
  if (cells.length !== 256) throw new Error(`opcode matrix has ${cells.length} cells`);
  const seen = new Set<string>();
  return cells.map((cell, opcode): OpInfo => {
    const [mnemonic, modeName] = cell.trim().split(/\s+/) as [string, string];
    const mode = modeNames.indexOf(modeName as (typeof modeNames)[number]) as Mode;
    const info = mnemonicInfo[mnemonic];
    if (info === undefined || mode < 0) throw new Error(`bad opcode matrix cell ${cell}`);
    const key = `${mnemonic} ${modeName}`;
    const preferred = preferredEncoding[key];
    const canonical = preferred !== undefined ? preferred === opcode : !seen.has(key);
    seen.add(key);
    // NOP with an operand reads it like a load (the undocumented NOPs).
    const access: Access = mnemonic === "NOP" && mode !== Mode.Imp ? "read" : info.access;
    const official = info.official && !(mnemonic === "NOP" && opcode !== 0xea) && !(opcode === 0xeb);
    return {
      opcode, mnemonic, mode, length: modeLength[mode]!,
      cycles: baseCycles(mnemonic, mode, access),
      pageCrossPenalty: access === "read" && (mode === Mode.Abx || mode === Mode.Aby || mode === Mode.Izy),
      branch: info.access === "branch",
      access, flagsRead: info.read, flagsWritten: info.written,
      official, jam: mnemonic === "JAM", canonical,
    };
  });
}

/** All 256 opcodes, indexed by opcode. */
export const opcodes: readonly OpInfo[] = buildTable();

/** Base cycles per opcode as a typed array, for the interpreter's hot loop. */
export const cycleTable: Uint8Array = Uint8Array.from(opcodes, (o) => o.cycles);

/** The canonical opcode for a mnemonic and mode, or -1 when there is none. */
export function encodingOf(mnemonic: string, mode: Mode): number {
  return encodingIndex.get(`${mnemonic} ${mode}`) ?? -1;
}
const encodingIndex = new Map<string, number>();
for (const o of opcodes) if (o.canonical) encodingIndex.set(`${o.mnemonic} ${o.mode}`, o.opcode);

/** Every mnemonic in the table (documented and undocumented). */
export const mnemonics: ReadonlySet<string> = new Set(opcodes.map((o) => o.mnemonic));
