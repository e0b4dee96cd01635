/**
 * The CHIP-8 family on the command line: its files (.ch8 .c8 .sc8 .xo8,
 * and .8o assembler source, assembled on load), its settings flags
 * (flags.ts), its assembler and disassembler.
 */
import { extname, basename } from "node:path";
import { AsmError, assembleChip8 } from "../../../cpu/chip8/asm.js";
import { disassembleRom } from "../../../cpu/chip8/disasm.js";
import { CHIP8_PROFILES, isProfileName, profileSettings, type Chip8ProfileName } from "../../../cpu/chip8/quirks.js";
import { CHIP8_TABLE } from "../../../cpu/chip8/table.js";
import { CliError, usageError } from "../../commands/common.js";
import type { MachineDefinition, MachineProgram } from "../definition.js";
import { countKnownLines } from "../source-score.js";
import { createChip8Machine } from "./create.js";
import { CHIP8_FLAGS, CHIP8_FLAGS_HELP, chooseChip8Settings, PROFILE_BY_EXTENSION } from "./flags.js";
import { Chip8Machine, RomError } from "./machine.js";

/** Assembler source, assembled when it is loaded. */
const SOURCE_EXTENSIONS: readonly string[] = [".8o"];

/** Octo's own language (`i := sprite`, `: main`), which ejemu's assembler does not read. */
const OCTO_SYNTAX = /:=|^\s*:\s+[A-Za-z_]|^\s*:(?:alias|const|macro|calc|unpack|next|org)\b/m;

/** Assemble CHIP-8 source; errors are one line, with a hint for Octo source. */
export function assembleChip8Source(source: string, name: string): Uint8Array {
  try {
    return assembleChip8(source, name);
  } catch (error) {
    if (!(error instanceof AsmError)) throw error;
    const hint = OCTO_SYNTAX.test(source) ? " (this looks like Octo source; ejemu's assembler reads its own syntax: see docs/chip8.md)" : "";
    throw new CliError(error.message + hint);
  }
}

const ASM_WORDS: ReadonlySet<string> = new Set([...CHIP8_TABLE.map((s) => s.mnemonic), "org", "db", "dw", "ds", "equ"]);

export const chip8Definition: MachineDefinition = {
  kind: "chip8",
  name: "CHIP-8 / SUPER-CHIP / XO-CHIP",
  engines: ["interp", "jit"],
  extensions: Object.keys(PROFILE_BY_EXTENSION).filter((ext) => !SOURCE_EXTENSIONS.includes(ext)),
  sourceExtensions: SOURCE_EXTENSIONS,
  flags: CHIP8_FLAGS,
  flagsHelp: `${CHIP8_FLAGS_HELP}
  A frame is 1/60 s; run needs --frames, bench runs 600 (20 with --tickrate unlimited), blocks 60.`,
  keysHelp: `  1234 / QWER / ASDF / ZXCV are the hex keypad 123C / 456D / 789E / A0BF (arrows = W A S D);
  --keys names them 0-f.`,

  load({ path, bytes, values, warn }): MachineProgram {
    const ext = extname(path).toLowerCase();
    const source = SOURCE_EXTENSIONS.includes(ext);
    const name = path === "-" ? "<stdin>" : path;
    const rom = source ? assembleChip8Source(Buffer.from(bytes).toString("utf8"), name) : bytes;
    if (rom.length === 0) throw new CliError(`${name} assembles to nothing`);
    const choice = chooseChip8Settings(rom, ext, values, warn);
    const settings = choice.settings;
    const file = path === "-" ? "<stdin>" : basename(path);
    const title = choice.title === undefined ? file
      : `${choice.title}${choice.authors === undefined ? "" : ` by ${choice.authors.join(", ")}`} (${file})`;
    // Check the size once here, so every command gets the machine's message with the file's name.
    try {
      new Chip8Machine(rom, { settings }).dispose();
    } catch (error) {
      if (error instanceof RomError) throw new CliError(`${name}: ${error.message}`);
      throw error;
    }
    const unlimited = values["tickrate"] === "unlimited";
    return {
      path: name,
      title,
      settingsLine: choice.why,
      defaultFrames: { bench: unlimited ? 20 : 600, blocks: 60, play: Infinity },
      create: (engine, options = {}) => createChip8Machine(rom, {
        settings, title: `ejemu - ${title} (CHIP-8, ${settings.profile})`, engine, ...options,
        extras: { rotation: choice.rotation, keyHints: choice.keyHints, settingsNote: choice.why },
      }),
    };
  },

  assembler: {
    assemble(source, name) {
      const bytes = assembleChip8Source(source, name);
      return { bytes, report: (output) => `${output}: ${bytes.length} bytes` };
    },
    score: (source) => countKnownLines(source, ASM_WORDS),
  },

  // at a tickrate of 1,000,000 no program waits, so each frame runs a million instructions (CPU-bound);
  // the sprite programs run fewer (the interpreter draws pixel by pixel)
  benchSuite: [
    { file: "bench/loop.ch8", what: "arithmetic loop", args: ["--tickrate", "unlimited", "--frames", "10"] },
    { file: "bench/sieve.ch8", what: "prime sieve through I", args: ["--tickrate", "unlimited", "--frames", "10"] },
    { file: "bench/sprites.sc8", what: "16x16 hires sprites, scrolling", args: ["--tickrate", "unlimited", "--frames", "2"] },
    { file: "bench/suite/alu-flags.ch8", what: "ALU with flags, skip on VF", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/skips.ch8", what: "3XNN/4XNN/5XY0/9XY0 skips", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/call-ret.ch8", what: "2NNN/00EE, nested", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/jump-table.ch8", what: "BNNN jump table, 4 cases", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/bcd.ch8", what: "FX33 + FX65", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/load-store.ch8", what: "FX55/FX65, 8 registers", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/timers.ch8", what: "FX07 polled, FX15/FX18", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/random.ch8", what: "CXNN", args: ["--tickrate", "1000000", "--frames", "40"] },
    { file: "bench/suite/lores-clip.sc8", what: "lores 8x5 digits, clipped", args: ["--tickrate", "1000000", "--frames", "4"] },
    { file: "bench/suite/lores-wrap.xo8", what: "lores 8x5 digits, wrapped", args: ["--tickrate", "1000000", "--frames", "4"] },
    { file: "bench/suite/hires-clip.sc8", what: "hires 8x10 + 16x16, clipped", args: ["--tickrate", "1000000", "--frames", "2"] },
    { file: "bench/suite/hires-wrap.xo8", what: "hires 8x10 + 16x16, wrapped", args: ["--tickrate", "1000000", "--frames", "2"] },
    { file: "bench/suite/planes.xo8", what: "XO-CHIP planes 1, 2, 3", args: ["--tickrate", "1000000", "--frames", "4"] },
  ],
  disasmFlags: { profile: { type: "string" } },
  disasmHelp: `  --profile NAME        only decode that profile's instructions (${CHIP8_PROFILES.join(", ")}; default: all)`,
  disassemble(bytes, values, path) {
    const profile = values["profile"];
    if (typeof profile === "string" && !isProfileName(profile)) {
      throw usageError(`unknown profile '${profile}' (choose ${CHIP8_PROFILES.join(", ")})`);
    }
    const rom = SOURCE_EXTENSIONS.includes(extname(path).toLowerCase()) ? assembleChip8Source(Buffer.from(bytes).toString("utf8"), path) : bytes;
    const set = typeof profile === "string" ? profileSettings(profile as Chip8ProfileName).instructionSet : "xochip";
    return `; ${path === "-" ? "<stdin>" : path}: ${rom.length} bytes at 0x200\n${disassembleRom(rom, 0x200, set).join("\n")}`;
  },
};
