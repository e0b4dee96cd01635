/**
 * The command line: `ejemu COMMAND ...`. Every failure is one line on
 * stderr and a non-zero exit code (1 bad input or guest fault, 2 bad usage
 * or not supported yet); EMU_DEBUG=1 adds the stack trace.
 */
import { AsmError } from "../../cpu/chip8/asm.js";
import { Chip8Fault, RomError } from "../machines/chip8/machine.js";
import { asmCommand, ASM_HELP } from "./asm.js";
import { CliError, EXIT_FAILURE, EXIT_USAGE, processIo, rewordParseError, type CliIo } from "./common.js";
import { disasmCommand, DISASM_HELP } from "./disasm.js";
import { playCommand, PLAY_HELP } from "./play.js";
import { runCommand, RUN_HELP } from "./run.js";

export const TOP_HELP = `usage: ejemu COMMAND [options]    (ejemu COMMAND --help for details)

Commands:
  play [ROM]             play a ROM in a window (no ROM: the bundled Snake)
  run ROM --frames N     run headless and print a summary (--json, --screenshot, --keys, --poke)
  disasm ROM             print the ROM as assembler source
  asm SOURCE -o ROM      assemble source into a ROM
  bench ROM              compare the interpreter and the JIT (comes with the recompiler)
  blocks ROM             show recompiled blocks (comes with the recompiler)

Machines: CHIP-8 / SUPER-CHIP / XO-CHIP (.ch8 .c8 .sc8 .xo8, .8o source),
the bare 6502 (--machine 6502, .bin); the NES is planned.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; help: string }>> = {
  play: { run: playCommand, help: PLAY_HELP },
  run: { run: runCommand, help: RUN_HELP },
  disasm: { run: disasmCommand, help: DISASM_HELP },
  asm: { run: asmCommand, help: ASM_HELP },
};

const COMING = new Set(["bench", "blocks"]);

/** Run the command line `argv` (without node and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.out(TOP_HELP);
      return name === undefined ? EXIT_USAGE : 0;
    }
    if (COMING.has(name)) throw new CliError(`ejemu ${name} comes with the recompiler and is not built yet`, EXIT_USAGE);
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) throw new CliError(`unknown command '${name}' (see ejemu --help)`, EXIT_USAGE);
    try {
      return await command.run(rest, io);
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
