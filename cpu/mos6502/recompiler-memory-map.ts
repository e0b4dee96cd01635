/**
 * The recompiler's view of a machine's memory map, the hook for machines
 * with I/O and banked ROM (the NES): which 256-byte pages native code may
 * read and write directly in the guest RAM block.
 *
 * - Ram: native loads and stores (stores guarded by the code map).
 * - Rom: the RAM block holds the bytes currently mapped there (the
 *   machine copies a bank in when it switches, and invalidates the blocks
 *   of those pages with JitRuntime.invalidate); native loads, and stores go
 *   to the interpreter (through the machine's bus, where a mapper sees them).
 * - Io: every access goes to the interpreter, which calls the machine's bus.
 *
 * For now an instruction whose address is computed at run time (indexed or
 * indirect) runs in the interpreter whenever the map is not all RAM; the
 * planned follow-up is a native page-kind table checked on those accesses
 * with a side exit for I/O pages.
 */
export const PageKind = { Ram: 0, Rom: 1, Io: 2 } as const;
export type PageKind = (typeof PageKind)[keyof typeof PageKind];

export interface Mos6502MemoryMap {
  /** True when every page is plain RAM (the bare machine): no checks at all. */
  readonly allRam: boolean;
  /** Kind of page `page` (address >> 8). Pages 0 and 1 (zero page, stack) must be RAM. */
  pageKind(page: number): PageKind;
}

/** 64 KiB of RAM: the bare 6502 machine. */
export const ALL_RAM: Mos6502MemoryMap = Object.freeze({ allRam: true, pageKind: (): PageKind => PageKind.Ram });
