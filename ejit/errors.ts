import type { Ins } from "./ir.js";

export type EjitErrorKind =
  | "bad-register"
  | "reserved-register"
  | "immediate-out-of-range"
  | "missing-label"
  | "duplicate-label"
  | "branch-out-of-range"
  | "bad-frame"
  | "unsupported"
  | "out-of-memory";

/** A compile error as a value: what went wrong and the instruction that caused it. */
export interface EjitError {
  readonly kind: EjitErrorKind;
  readonly message: string;
  /** Position of the offending instruction in the program, -1 if none. */
  readonly index: number;
  readonly ins: Ins | undefined;
}

export function ejitError(kind: EjitErrorKind, message: string, index = -1, ins?: Ins): EjitError {
  return { kind, message, index, ins };
}

/** Thrown by the convenience APIs (`Executable.fromIr`) that unwrap an EjitError. */
export class EjitCompileError extends Error {
  constructor(readonly error: EjitError) {
    super(error.index >= 0 ? `${error.message} (instruction ${error.index})` : error.message);
    this.name = "EjitCompileError";
  }
}
