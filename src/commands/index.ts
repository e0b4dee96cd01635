/**
 * The command line: `ejemu COMMAND ...`. Every failure is one line on
 * stderr and a non-zero exit code (1 bad input or guest fault, 2 bad usage
 * or not supported yet); EMU_DEBUG=1 adds the stack trace.
 */
import { AsmError } from "../../cpu/chip8/asm.js";
import { Chip8Fault, RomError } from "../machines/chip8/machine.js";
import { asmCommand } from "./asm.js";
import { CliError, EXIT_FAILURE, EXIT_USAGE, processIo, rewordParseError, type CliIo } from "./common.js";
import { disasmCommand } from "./disasm.js";
import { playCommand } from "./play.js";
import { runCommand } from "./run.js";

export const TOP_HELP = `usage: ejemu COMMAND [options]    (ejemu COMMAND --help for details)

Commands:
  play [ROM]             play a ROM in a window (no ROM: the bundled Snake)
  run ROM --frames N     run headless and print a summary (--json, --screenshot, --keys, --poke)
  disasm ROM             print the ROM as assembler source
  asm SOURCE -o ROM      assemble source into a ROM
  bench ROM              the same work under the interpreter and the JIT, one table
  blocks ROM             run, then show the recompiled blocks (guest code, IR, host code)

Machines: CHIP-8 / SUPER-CHIP / XO-CHIP (.ch8 .c8 .sc8 .xo8, .8o source),
the bare 6502 (--machine 6502, .bin); the NES is planned.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  play: playCommand,
  run: runCommand,
  disasm: disasmCommand,
  asm: asmCommand,
  // The recompiler's commands bring koffi and native memory: loaded on use.
  bench: async (argv, io) => (await import("./bench.js")).benchCommand(argv, io),
  blocks: async (argv, io) => (await import("./blocks.js")).blocksCommand(argv, io),
};

/** Run the command line `argv` (without node and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.out(TOP_HELP);
      return name === undefined ? EXIT_USAGE : 0;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) throw new CliError(`unknown command '${name}' (see ejemu --help)`, EXIT_USAGE);
    try {
      return await command(rest, io);
    } catch (error) {
      throw rewordParseError(name, error) ?? error;
    }
  } catch (error) {
    if (process.env["EMU_DEBUG"] === "1" && error instanceof Error && error.stack) io.err(error.stack);
    if (error instanceof CliError) {
      io.err(`ejemu: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof Chip8Fault || error instanceof RomError || error instanceof AsmError) {
      io.err(`ejemu: ${error.message}`);
      return EXIT_FAILURE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`ejemu: ${message.split("\n")[0]}`);
    return EXIT_FAILURE;
  }
}
