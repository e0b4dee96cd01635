/** `ejemu disasm ROM`: the program as assembler source for its machine (`-` reads standard input). */
import type { CliIo } from "./common.js";
import { usageError } from "./common.js";
import { machineFlagsHelp, MACHINE_FLAG_HELP, parseCommand } from "./args.js";

export function disasmHelp(machine: Parameters<typeof machineFlagsHelp>[0]): string {
  return `usage: ejemu disasm ROM [options]

Print a program as assembler source (one instruction per line, with its
address and bytes in a comment); 'ejemu asm' turns it back into the same
bytes. ROM '-' reads standard input (then --machine says whose it is).

${MACHINE_FLAG_HELP}
${machineFlagsHelp(machine, "disasm")}`;
}

export async function disasmCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals, machine, bytes } = parseCommand(argv, { flags: {}, machineFlags: "disasm", readsFile: true, what: "ROM" });
  if (values["help"]) {
    io.out(disasmHelp(machine));
    return 0;
  }
  if (positionals.length !== 1) throw usageError("needs exactly one ROM");
  io.out(machine!.disassemble(bytes!, values, positionals[0]!));
  return 0;
}
