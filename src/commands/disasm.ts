/** `ejemu disasm ROM`: assembler-ready CHIP-8 disassembly (or the 6502's). */
import { parseArgs } from "node:util";
import { disassembleRom } from "../../cpu/chip8/disasm.js";
import { CHIP8_PROFILES, isProfileName, profileSettings } from "../../cpu/chip8/quirks.js";
import { usageError, type CliIo } from "./common.js";
import { importMos6502, isFor6502, loadProgram } from "./program.js";

export const DISASM_HELP = `usage: ejemu disasm ROM [options]

Print the ROM as assembler source (one instruction per line, with its
address and bytes in a comment); 'ejemu asm' turns it back into the same bytes.

  --profile NAME             only decode that profile's instructions (${CHIP8_PROFILES.join(", ")}; default: all)
  --machine chip8|6502|nes   override the machine chosen from the file`;

const DISASM_FLAGS = {
  profile: { type: "string" },
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function disasmCommand(argv: string[], io: CliIo): Promise<number> {
  if (isFor6502(argv)) return (await importMos6502()).disasmMos6502(argv);
  const { values, positionals } = parseArgs({ args: argv, options: DISASM_FLAGS, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(DISASM_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usageError("ejemu disasm needs exactly one ROM (see ejemu disasm --help)");
  const loaded = loadProgram(positionals[0]!, values.machine);
  if (loaded.machine === "6502") return (await importMos6502()).disasmMos6502(argv);
  const profile = values.profile;
  if (profile !== undefined && !isProfileName(profile)) throw usageError(`unknown profile '${profile}' (choose ${CHIP8_PROFILES.join(", ")})`);
  const set = profile === undefined ? "xochip" : profileSettings(profile).instructionSet;
  io.out(`; ${loaded.program.path}: ${loaded.program.rom.length} bytes at 0x200`);
  io.out(disassembleRom(loaded.program.rom, 0x200, set).join("\n"));
  return 0;
}
