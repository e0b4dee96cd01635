import type { AssembleResult, Backend } from "./backend.js";
import { aarch64Backend } from "./aarch64/index.js";
import { x86_64Backend } from "./x86_64/index.js";
import type { Ins } from "./ir.js";
import { hostArch, type Arch } from "./regs.js";

/** The encoder for an architecture. */
export function backendFor(arch: Arch): Backend {
  return arch === "x86_64" ? x86_64Backend : aarch64Backend;
}

/**
 * Encode a program for `arch` (default: this host) without installing it.
 * Errors come back as values naming the offending instruction.
 */
export function assemble(ir: Iterable<Ins>, arch: Arch | undefined = hostArch): AssembleResult {
  if (arch === undefined) {
    return {
      ok: false,
      error: { kind: "unsupported", message: `Ejit has no backend for host ${process.arch}`, index: -1, ins: undefined },
    };
  }
  return backendFor(arch).assemble(ir);
}
