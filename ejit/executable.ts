/**
 * `Executable`: one assembled program installed in a `CodeArena`, callable
 * from JS. The upstream crate's README loop reads:
 *
 *   const exe = Executable.fromIr([Ins.movi(R(0), 10000), ..., Ins.ret()]);
 *   exe.call(0, []); // 50005000n
 *
 * Installing costs one arena block and this object (no system call in the
 * memfd mode). A program for another architecture can be built for its
 * bytes, labels and disassembly; calling it throws.
 */
import { CodeArena, type CodeBlock } from "./arena.js";
import { backendFor } from "./assemble.js";
import { disassemble } from "./disasm.js";
import { EjitCompileError, ejitError, type EjitError } from "./errors.js";
import type { Ins, Label } from "./ir.js";
import { hostArch, type Arch } from "./regs.js";

export interface ExecutableOptions {
  /** Where to install the code (default `CodeArena.shared()`). */
  readonly arena?: CodeArena;
  /** Target architecture (default: this host). */
  readonly arch?: Arch;
}

export type ExecutableResult = { readonly ok: true; readonly exe: Executable } | { readonly ok: false; readonly error: EjitError };

const NO_ARGS: readonly (number | bigint)[] = [];

export class Executable {
  private block: CodeBlock | undefined;

  private constructor(
    readonly arch: Arch,
    /** Executable address of byte 0 (0 for a program of another architecture). */
    readonly address: number,
    /** Length of the code in bytes. */
    readonly size: number,
    /** Byte offset of every label, indexed by label number (-1 where undefined). */
    readonly labels: Int32Array,
    private readonly arena: CodeArena | undefined,
    block: CodeBlock | undefined,
    /** The code itself when it is not installed (foreign architecture). */
    private readonly foreignBytes: Uint8Array | undefined,
  ) {
    this.block = block;
  }

  /** Assemble and install; throws `EjitCompileError` on a compile error or a full arena. */
  static fromIr(ir: Iterable<Ins>, opts?: ExecutableOptions): Executable {
    const result = Executable.build(ir, opts);
    if (result instanceof Executable) return result;
    throw new EjitCompileError(result);
  }

  /** Assemble and install; errors come back as values. */
  static tryFromIr(ir: Iterable<Ins>, opts?: ExecutableOptions): ExecutableResult {
    const result = Executable.build(ir, opts);
    return result instanceof Executable ? { ok: true, exe: result } : { ok: false, error: result };
  }

  /**
   * Run the code from byte `offset` with up to five integer arguments in the
   * host's argument registers (`regs.ARGS`); returns `regs.RES[0]` as an
   * unsigned 64-bit bigint.
   */
  call(offset = 0, args: readonly (number | bigint)[] = NO_ARGS): bigint {
    const arena = this.arena;
    if (arena === undefined || this.block === undefined || !arena.isLive(this.block)) throw this.notRunnable();
    if (!(offset >= 0 && offset < this.size && Number.isInteger(offset))) {
      throw new RangeError(`Executable.call: offset ${offset} is outside the code (${this.size} bytes)`);
    }
    if (args.length > 5) throw new RangeError(`Executable.call: at most 5 arguments, got ${args.length}`);
    return arena.call(this.address + offset, args[0], args[1], args[2], args[3], args[4]);
  }

  /** Executable address of a label. */
  labelAddress(label: Label): number {
    const offset = label >= 0 && label < this.labels.length ? this.labels[label]! : -1;
    if (offset < 0) throw new RangeError(`Executable.labelAddress: label ${label} is not defined`);
    return this.address + offset;
  }

  /** A copy of the machine code. */
  bytes(): Uint8Array {
    if (this.foreignBytes !== undefined) return this.foreignBytes.slice();
    if (this.arena === undefined || this.block === undefined || !this.arena.isLive(this.block)) throw this.notRunnable();
    return this.arena.read(this.address, this.size);
  }

  /** Host disassembly of the code, one instruction a line (see disasm.ts). */
  disassemble(): string {
    return disassemble(this.bytes(), this.address, this.arch);
  }

  /** Give the code's block back to the arena (no-op when already freed or flushed); it cannot be called afterwards. */
  free(): void {
    if (this.block !== undefined && this.arena !== undefined && this.arena.isLive(this.block)) this.arena.free(this.block);
    this.block = undefined;
  }

  private notRunnable(): Error {
    if (this.arena === undefined) {
      return new Error(`Ejit: this Executable holds ${this.arch} code, which cannot run on this ${process.arch} host`);
    }
    return new Error("Ejit: this Executable was freed (or its arena flushed or disposed)");
  }

  private static build(ir: Iterable<Ins>, opts: ExecutableOptions | undefined): Executable | EjitError {
    const arch = opts?.arch ?? hostArch;
    if (arch === undefined) return ejitError("unsupported", `Ejit has no backend for host ${process.arch}`);
    const assembled = backendFor(arch).assemble(ir);
    if (!assembled.ok) return assembled.error;
    const code = assembled.bytes;
    // backend.ts: `bytes` and `labels` are reused by the next assemble(), so the labels are copied.
    const labels = assembled.labels.slice();
    if (arch !== hostArch) {
      return new Executable(arch, 0, code.length, labels, undefined, undefined, code.slice());
    }
    const arena = opts?.arena ?? CodeArena.shared();
    const block = arena.alloc(code.length);
    if (block === undefined) {
      return ejitError("out-of-memory", `Ejit: the code arena is full (${code.length} bytes needed, ${arena.used} of ${arena.capacity} used)`);
    }
    arena.write(block, code);
    return new Executable(arch, block.address, code.length, labels, arena, block, undefined);
  }
}
