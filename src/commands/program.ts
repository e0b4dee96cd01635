/**
 * Loading what a command was given: detect the machine, hand 6502 work to
 * mos6502.ts, refuse the NES for now, and for CHIP-8 return the ROM bytes
 * (assembling `.8o` source first) with a profile guess.
 */
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { AsmError, assembleChip8 } from "../../cpu/chip8/asm.js";
import type { Chip8ProfileName } from "../../cpu/chip8/quirks.js";
import { DetectError, detectMachine, hasInesHeader, type Detected } from "../machines/detect.js";
import { CliError, EXIT_USAGE, readInputFile } from "./common.js";

export interface Chip8Program {
  readonly path: string;
  readonly rom: Uint8Array;
  readonly profileGuess: Chip8ProfileName;
  readonly title: string;
}

export type Loaded =
  | { readonly machine: "chip8"; readonly program: Chip8Program }
  | { readonly machine: "6502" };

/** Read and classify `path`; throws CliError for missing/empty files, the NES and unknown kinds. */
export function loadProgram(path: string, explicitMachine: string | undefined): Loaded {
  // The 6502 commands read their own files; an extension or --machine is enough to route.
  let detected: Detected;
  try {
    detected = detectMachine(path, undefined, explicitMachine);
  } catch (error) {
    if (!(error instanceof DetectError)) throw error;
    // An unknown extension: only the iNES header can still tell.
    if (explicitMachine === undefined && hasInesHeader(readInputFile(path, "ROM"))) throw nesNotSupported();
    throw new CliError(error.message, EXIT_USAGE);
  }
  if (detected.machine === "6502") return { machine: "6502" };
  const bytes = readInputFile(path, detected.source ? "source file" : "ROM");
  if (detected.machine === "nes" || (explicitMachine === undefined && hasInesHeader(bytes))) throw nesNotSupported();
  let rom = bytes;
  if (detected.source) {
    rom = assembleSource(Buffer.from(bytes).toString("utf8"), path);
    if (rom.length === 0) throw new CliError(`${path} assembles to nothing`);
  }
  return {
    machine: "chip8",
    program: { path, rom, profileGuess: detected.profile ?? "chip8", title: basename(path) },
  };
}

/** Octo's own language (`i := sprite`, `: main`), which ejemu's assembler does not read. */
const OCTO_SYNTAX = /:=|^\s*:\s+[A-Za-z_]|^\s*:(?:alias|const|macro|calc|unpack|next|org)\b/m;

/** Assemble CHIP-8 source; errors are one CliError line, with a hint for Octo source. */
export function assembleSource(source: string, path: string): Uint8Array {
  try {
    return assembleChip8(source, path);
  } catch (error) {
    if (!(error instanceof AsmError)) throw error;
    const hint = OCTO_SYNTAX.test(source) ? " (this looks like Octo source; ejemu's assembler reads its own syntax: see docs/chip8.md)" : "";
    throw new CliError(error.message + hint);
  }
}

function nesNotSupported(): CliError {
  return new CliError("the NES is not supported yet", EXIT_USAGE);
}

/** The bundled default game (roms/chip8/snake.ch8), from the source tree or the built one. */
export function bundledGamePath(): string {
  for (const up of ["../../roms/chip8/snake.ch8", "../../../roms/chip8/snake.ch8"]) {
    const candidate = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new CliError("the bundled game roms/chip8/snake.ch8 is missing from this installation");
}

/** The bundled game's profile (it is written for the COSMAC VIP behaviour). */
export const BUNDLED_GAME_PROFILE: Chip8ProfileName = "chip8";

const MOS6502_EXTENSIONS = new Set([".bin", ".65b", ".6502", ".s65", ".a65"]);

/**
 * True when a command line is for the bare 6502 (`--machine 6502`, or a
 * .bin/.65b/.6502 file or .s65/.a65 source). Looked at before the CHIP-8
 * flags are parsed, since the 6502 commands have flags of their own.
 */
export function isFor6502(argv: readonly string[]): boolean {
  const { values, positionals } = parseArgs({
    args: [...argv], options: { machine: { type: "string" } }, strict: false, allowPositionals: true,
  });
  if (typeof values.machine === "string") return values.machine === "6502";
  return positionals.some((p) => MOS6502_EXTENSIONS.has(extname(p).toLowerCase()));
}

interface Mos6502Commands {
  runMos6502(argv: string[]): Promise<number>;
  disasmMos6502(argv: string[]): Promise<number>;
  asmMos6502(argv: string[]): Promise<number>;
}

/** The bare-6502 commands (src/commands/mos6502.ts), loaded only when needed. */
export async function importMos6502(): Promise<Mos6502Commands> {
  const specifier = "./mos6502.js";
  try {
    return (await import(specifier)) as Mos6502Commands;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes("mos6502")) {
      throw new CliError("the 6502 machine is not built yet", EXIT_USAGE);
    }
    throw error;
  }
}
