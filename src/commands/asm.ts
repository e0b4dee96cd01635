/** `ejemu asm SOURCE -o ROM`: assemble CHIP-8 source (or 6502 source with --machine 6502). */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CliError, readInputFile, usageError, type CliIo } from "./common.js";
import { assembleSource, importMos6502, isFor6502 } from "./program.js";

export const ASM_HELP = `usage: ejemu asm SOURCE -o ROM [--machine chip8|6502]

Assemble CHIP-8 source (the syntax 'ejemu disasm' prints: one instruction
per line, 'label:', 'NAME equ VALUE', 'db', 'dw', 'ds', 'org', ';' comments)
into a ROM loaded at 0x200.

  -o, --output ROM           where to write the ROM (required)
  --machine chip8|6502       the source's machine (default chip8; .s65/.a65 files are 6502)`;

const ASM_FLAGS = {
  output: { type: "string", short: "o" },
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function asmCommand(argv: string[], io: CliIo): Promise<number> {
  if (isFor6502(argv)) return (await importMos6502()).asmMos6502(argv);
  const { values, positionals } = parseArgs({ args: argv, options: ASM_FLAGS, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(ASM_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usageError("ejemu asm needs exactly one source file (see ejemu asm --help)");
  const machine = values.machine ?? "chip8";
  if (machine !== "chip8") throw usageError(`ejemu asm: no assembler for machine '${machine}' (choose chip8 or 6502)`);
  if (values.output === undefined) throw usageError("ejemu asm needs -o ROM");
  const source = Buffer.from(readInputFile(positionals[0]!, "source file")).toString("utf8");
  const rom = assembleSource(source, positionals[0]!);
  try {
    writeFileSync(values.output, rom);
  } catch (error) {
    throw new CliError(`cannot write ${values.output}: ${(error as Error).message}`);
  }
  io.out(`${values.output}: ${rom.length} bytes`);
  return 0;
}
