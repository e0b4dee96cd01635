/**
 * Loading what a command was given: detect the machine, hand 6502 work to
 * mos6502.ts, refuse the NES for now, and for CHIP-8 return the ROM bytes
 * (assembling `.8o` source first) with a profile guess.
 */
import { basename } from "node:path";
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
    try {
      rom = assembleChip8(Buffer.from(bytes).toString("utf8"), path);
    } catch (error) {
      if (error instanceof AsmError) throw new CliError(error.message);
      throw error;
    }
    if (rom.length === 0) throw new CliError(`${path} assembles to nothing`);
  }
  return {
    machine: "chip8",
    program: { path, rom, profileGuess: detected.profile ?? "chip8", title: basename(path) },
  };
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
