/**
 * The command line: `ejemu COMMAND ...`. Every failure is one line on
 * stderr, `ejemu COMMAND: what is wrong`, and an exit code: 2 for bad usage
 * (the line then ends "(see ejemu COMMAND --help)"), 1 for bad input or a
 * guest fault. EMU_DEBUG=1 adds the stack trace.
 */
import { readFileSync } from "node:fs";
import { MACHINES } from "../machines/registry.js";
import { asmCommand } from "./asm.js";
import { CliError, EXIT_FAILURE, EXIT_USAGE, processIo, rewordParseError, type CliIo } from "./common.js";
import { disasmCommand } from "./disasm.js";
import { playCommand } from "./play.js";
import { runCommand } from "./run.js";

export const TOP_HELP = `usage: ejemu COMMAND [options]    (ejemu COMMAND --help for details)

Commands:
  play [ROM]             play a ROM in a window (no ROM: the bundled Snake)
  run ROM [--frames N]   run headless and print a summary (--json, --screenshot, --keys, --poke, --trace)
  disasm ROM             print the ROM as assembler source
  asm SOURCE -o ROM      assemble source into a ROM
  bench ROM              the same work under the interpreter and the JIT, one table
  blocks ROM             run, then show the recompiled blocks (guest code, IR, host code)

Machines (--machine NAME, or from the file):
${MACHINES.map((m) => `  ${m.kind.padEnd(8)} ${m.name}: ${[...m.extensions, ...m.sourceExtensions].join(" ")}`).join("\n")}

  --version              print the version`;

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

/** "ejemu 0.1.0", from package.json. */
export function versionLine(): string {
  // src/commands/ in the source tree, dist/src/commands/ once built
  for (const up of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "ejemu" && pkg.version !== undefined) return `ejemu ${pkg.version}`;
    } catch {
      // not at this level
    }
  }
  return "ejemu (version unknown: package.json is missing)";
}

/** Run the command line `argv` (without node and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(TOP_HELP);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === "--version" || name === "-V" || rest.includes("--version")) {
    io.out(versionLine());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`ejemu: unknown command '${name}' (see ejemu --help)`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (thrown) {
    const error = rewordParseError(thrown) ?? thrown;
    if (process.env["EMU_DEBUG"] === "1" && error instanceof Error && error.stack) io.err(error.stack);
    if (error instanceof CliError) {
      const hint = error.exitCode === EXIT_USAGE ? ` (see ejemu ${name} --help)` : "";
      io.err(`ejemu ${name}: ${error.message}${hint}`);
      return error.exitCode;
    }
    // Anything else is a bug or a host failure: still one line.
    const message = error instanceof Error ? error.message : String(error);
    io.err(`ejemu ${name}: ${message.split("\n")[0]}`);
    return EXIT_FAILURE;
  }
}
