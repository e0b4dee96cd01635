/** `ejemu asm SOURCE -o ROM`: assemble CHIP-8 source (or 6502 source with --machine 6502). */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CliError, readInputFile, usageError, type CliIo } from "./common.js";
import { assembleSource, importMos6502, isFor6502 } from "./program.js";

export const ASM_HELP = `usage: ejemu asm SOURCE -o ROM [--machine chip8|6502]

Assemble CHIP-8 source (the syntax 'ejemu disasm' prints: one instruction
per line, 'label:', 'NAME equ VALUE', 'db', 'dw', 'ds', 'org', ';' comments)
into a ROM loaded at 0x200. SOURCE '-' reads standard input, so
'ejemu disasm game.ch8 | ejemu asm - -o same.ch8' gives back the same bytes.

  -o, --output ROM           where to write the ROM (required)
  --machine chip8|6502       the source's machine (default chip8; .s65/.a65 files are 6502)`;

const ASM_FLAGS = {
  output: { type: "string", short: "o" },
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function readStdin(): string {
  try {
    return readFileSync(0, "utf8");
  } catch (error) {
    throw new CliError(`cannot read standard input: ${(error as Error).message}`);
  }
}

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
  const path = positionals[0]!;
  const source = path === "-" ? readStdin() : Buffer.from(readInputFile(path, "source file")).toString("utf8");
  const rom = assembleSource(source, path === "-" ? "<stdin>" : path);
  try {
    writeFileSync(values.output, rom);
  } catch (error) {
    throw new CliError(`cannot write ${values.output}: ${(error as Error).message}`);
  }
  io.out(`${values.output}: ${rom.length} bytes`);
  return 0;
}
