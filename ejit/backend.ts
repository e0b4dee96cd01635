import type { EjitError } from "./errors.js";
import type { Ins } from "./ir.js";
import type { Arch, HostRegs } from "./regs.js";

/** Machine code for one program, position independent (label references are relative). */
export interface Assembled {
  readonly ok: true;
  /** The code; the bytes are valid only until the next assemble() on the same backend. */
  readonly bytes: Uint8Array;
  /**
   * Byte offset of every label, indexed by label number (-1 where
   * undefined). Like `bytes`, valid only until the next assemble() on the
   * same backend (x86-64 returns a view of its label table): copy to keep.
   */
  readonly labels: Int32Array;
}

export type AssembleResult = Assembled | { readonly ok: false; readonly error: EjitError };

/** One host's encoder. Adding a host means writing one of these. */
export interface Backend {
  readonly arch: Arch;
  readonly regs: HostRegs;
  assemble(ir: Iterable<Ins>): AssembleResult;
}
