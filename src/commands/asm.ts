/**
 * `ejemu asm SOURCE -o ROM`: assemble for the machine --machine names, or
 * the source's extension names, or else the one whose language the source
 * reads as (the output file's name never decides). SOURCE '-' reads
 * standard input.
 */
import { extname } from "node:path";
import type { MachineDefinition } from "../machines/definition.js";
import { machineNamed, DetectError } from "../machines/detect.js";
import { MACHINES } from "../machines/registry.js";
import { MACHINE_FLAG_HELP, stringFlag } from "./args.js";
import { parseCommand } from "./args.js";
import { readInputFile, usageError, writeOutputFile, type CliIo } from "./common.js";

export const ASM_HELP = `usage: ejemu asm SOURCE -o ROM [--machine NAME]

Assemble source into a program. SOURCE '-' reads standard input, so
'ejemu disasm game.ch8 | ejemu asm - -o same.ch8' gives back the same bytes.
The machine is --machine, else the source's extension (${MACHINES.map((m) => `${m.sourceExtensions.join(" ")} ${m.kind}`).join("; ")}),
else the machine whose assembler reads more of the source's lines; the
output's name does not matter. Each machine's syntax is in its docs/ page.

  -o, --output ROM      where to write the program (required)
${MACHINE_FLAG_HELP}`;


/** The assembler for `source`, from --machine, the extension, or the source itself. */
export function assemblerFor(path: string, source: string, explicit: string | undefined): MachineDefinition {
  if (explicit !== undefined) {
    try {
      return machineNamed(explicit);
    } catch (error) {
      if (error instanceof DetectError) throw usageError(error.message);
      throw error;
    }
  }
  const ext = extname(path).toLowerCase();
  const byExtension = MACHINES.find((m) => m.sourceExtensions.includes(ext));
  if (byExtension !== undefined) return byExtension;
  const scored = MACHINES.map((m) => ({ m, score: m.assembler.score(source) })).sort((a, b) => b.score - a.score);
  if (scored[0]!.score === 0 || (scored.length > 1 && scored[1]!.score === scored[0]!.score)) {
    throw usageError(`cannot tell which machine ${path === "-" ? "this source" : path} is for: use --machine ${MACHINES.map((m) => m.kind).join("|")}`);
  }
  return scored[0]!.m;
}

export async function asmCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, { flags: { output: { type: "string", short: "o" } }, machineFlags: "none", readsFile: false });
  if (values["help"]) {
    io.out(ASM_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usageError("needs exactly one source file");
  const output = stringFlag(values, "output");
  if (output === undefined) throw usageError("needs -o ROM");
  const path = positionals[0]!;
  const source = Buffer.from(readInputFile(path, "source file")).toString("utf8");
  const machine = assemblerFor(path, source, stringFlag(values, "machine"));
  const { bytes, report } = machine.assembler.assemble(source, path === "-" ? "<stdin>" : path);
  writeOutputFile(output, bytes);
  io.out(report(output));
  return 0;
}
