/**
 * Which machine a file is for: `--machine` when given, else the iNES header
 * ("NES\x1A"), else the extension. CHIP-8 files also get a profile guess
 * from the extension; `.8o` is assembler source to assemble first.
 *
 *   .ch8 .c8  chip8, profile chip8      .sc8  chip8, profile schip
 *   .xo8      chip8, profile xochip     .8o   chip8 source, profile octo
 *   .nes      nes                       .bin .65b .6502  6502
 */
import { extname } from "node:path";
import type { Chip8ProfileName } from "../../cpu/chip8/quirks.js";

export type MachineKind = "chip8" | "6502" | "nes";

export const MACHINE_KINDS: readonly MachineKind[] = ["chip8", "6502", "nes"];

export interface Detected {
  readonly machine: MachineKind;
  /** CHIP-8: the profile the extension suggests. */
  readonly profile?: Chip8ProfileName;
  /** CHIP-8: the file is assembler source, not a ROM. */
  readonly source?: boolean;
}

/** A file whose machine cannot be told. */
export class DetectError extends Error {}

const BY_EXTENSION: Readonly<Record<string, Detected>> = {
  ".ch8": { machine: "chip8", profile: "chip8" },
  ".c8": { machine: "chip8", profile: "chip8" },
  ".sc8": { machine: "chip8", profile: "schip" },
  ".xo8": { machine: "chip8", profile: "xochip" },
  ".8o": { machine: "chip8", profile: "octo", source: true },
  ".nes": { machine: "nes" },
  ".bin": { machine: "6502" },
  ".65b": { machine: "6502" },
  ".6502": { machine: "6502" },
};

export function isMachineKind(name: string): name is MachineKind {
  return (MACHINE_KINDS as readonly string[]).includes(name);
}

/** True when `bytes` start with the iNES magic "NES\x1A". */
export function hasInesHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 16 && bytes[0] === 0x4e && bytes[1] === 0x45 && bytes[2] === 0x53 && bytes[3] === 0x1a;
}

/**
 * Decide the machine for `path`. `bytes` (when already read) lets the iNES
 * header win over a misleading extension; `explicit` is --machine.
 */
export function detectMachine(path: string, bytes?: Uint8Array, explicit?: string): Detected {
  const byExtension = BY_EXTENSION[extname(path).toLowerCase()];
  if (explicit !== undefined) {
    if (!isMachineKind(explicit)) throw new DetectError(`unknown machine '${explicit}' (choose ${MACHINE_KINDS.join(", ")})`);
    if (explicit === "chip8") return byExtension?.machine === "chip8" ? byExtension : { machine: "chip8", profile: "chip8" };
    return { machine: explicit };
  }
  if (bytes !== undefined && hasInesHeader(bytes)) return { machine: "nes" };
  if (byExtension !== undefined) return byExtension;
  throw new DetectError(
    `cannot tell the machine from '${path}': use a known extension (.ch8 .c8 .sc8 .xo8 .8o .nes .bin) or --machine chip8|6502|nes`,
  );
}
