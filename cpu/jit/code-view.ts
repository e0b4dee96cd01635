/**
 * The code half of a block dump (`blocks`, lockstep diagnoses): the IR with
 * the host's register names and the host disassembly, either of the code
 * the runtime installed or of a translate-only block for another
 * architecture (cross-translate.ts), shown at its placeholder address.
 */
import { disassemble, formatProgram } from "../../ejit/index.js";
import type { CompiledBlock } from "./block-cache.js";
import type { CrossBlock } from "./cross-translate.js";
import type { JitRuntime } from "./runtime.js";

export interface CodeViewOptions {
  readonly ir?: boolean;
  readonly host?: boolean;
  /** Show this translation for another architecture instead of the installed code. */
  readonly cross?: CrossBlock;
}

/** "N IR instructions, M host bytes" for the header line of a block. */
export function codeSizes(block: CompiledBlock, cross: CrossBlock | undefined): string {
  if (cross === undefined) return `${block.irCount} IR instructions, ${block.hostSize} host bytes`;
  const size = cross.bytes === undefined ? "no" : `${cross.bytes.length}`;
  return `${cross.ir.length} IR instructions, ${size} ${cross.arch} bytes`;
}

/** Disassembly, or the reason there is none. */
function listing(bytes: Uint8Array, address: number, arch: CrossBlock["arch"]): string {
  try {
    return disassemble(bytes, address, arch);
  } catch (error) {
    return `(no disassembly: ${(error as Error).message})`;
  }
}

/** The IR and the host code of `block`, indented, appended to `lines`. */
export function appendCodeLines(lines: string[], rt: JitRuntime, block: CompiledBlock, options: CodeViewOptions): void {
  const cross = options.cross;
  const ir = cross?.ir ?? block.ir;
  if (options.ir !== false && ir !== undefined) {
    lines.push("  ir:");
    for (const line of formatProgram(ir, cross?.regs ?? rt.plan.regs).split("\n")) lines.push(`    ${line}`);
  }
  if (options.host === false) return;
  let text: string;
  if (cross === undefined) {
    lines.push(`  host (${rt.plan.arch}):`);
    text = listing(rt.hostCode(block), block.address, rt.plan.arch);
  } else {
    lines.push(`  host (${cross.arch}, translate only: not installed; stubs, helpers and blocks at placeholder addresses):`);
    text = cross.bytes === undefined ? `(does not assemble: ${cross.error})` : listing(cross.bytes, cross.address, cross.arch);
  }
  for (const line of text.split("\n")) lines.push(`    ${line}`);
}

/** The code of a block for `blocks --json`: counts, IR text and (with `host`) the disassembly, native or translate-only. */
export function codeJson(rt: JitRuntime, block: CompiledBlock, cross: CrossBlock | undefined, host: boolean): {
  arch: CrossBlock["arch"]; irInstructions: number; hostBytes: number | null; ir: string; host: string | undefined;
} {
  if (cross === undefined) {
    return {
      arch: rt.plan.arch, irInstructions: block.irCount, hostBytes: block.hostSize, ir: formatProgram(block.ir ?? [], rt.plan.regs),
      host: host ? listing(rt.hostCode(block), block.address, rt.plan.arch) : undefined,
    };
  }
  const bytes = cross.bytes;
  return {
    arch: cross.arch, irInstructions: cross.ir.length, hostBytes: bytes?.length ?? null, ir: formatProgram(cross.ir, cross.regs),
    host: !host ? undefined : bytes === undefined ? `(does not assemble: ${cross.error})` : listing(bytes, cross.address, cross.arch),
  };
}
