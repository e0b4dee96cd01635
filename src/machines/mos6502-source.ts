/**
 * What the machines with a 6502 (the bare 6502, the NES) share on the
 * command line: assembling 6502 source with one-line errors, and the words
 * that tell 6502 source from other assemblers' (`asm -`).
 */
import { assemble, AsmError, type AssembledProgram } from "../../cpu/mos6502/asm.js";
import { mnemonicInfo } from "../../cpu/mos6502/table.js";
import { CliError } from "../commands/common.js";
import { countKnownLines } from "./source-score.js";

/** Assemble 6502 source; an error is one CliError line naming the file and line. */
export function assemble6502(source: string, name: string): AssembledProgram {
  try {
    return assemble(source, name);
  } catch (error) {
    if (error instanceof AsmError) throw new CliError(error.message);
    throw error;
  }
}

const ASM_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(mnemonicInfo).map((m) => m.toLowerCase()), ".org", ".byte", ".word",
]);

/** How many lines of `source` read as 6502 assembler. */
export function score6502(source: string): number {
  return countKnownLines(source, ASM_WORDS);
}
