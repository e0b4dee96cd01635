/**
 * Every machine ejemu has: one line each. A new machine is a folder in
 * src/machines/ with a Machine and a MachineDefinition, and one line here;
 * no command changes.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bare6502Definition } from "./bare6502/cli.js";
import { chip8Definition } from "./chip8/cli.js";
import type { MachineDefinition } from "./definition.js";
import { nesDefinition } from "./nes/cli.js";

export const MACHINES: readonly MachineDefinition[] = [
  chip8Definition,
  bare6502Definition,
  nesDefinition,
];

export function machineByKind(kind: string): MachineDefinition | undefined {
  return MACHINES.find((m) => m.kind === kind);
}

export const MACHINE_KINDS: readonly string[] = MACHINES.map((m) => m.kind);

/** A file of the installation's roms/ folder (from the source tree or the built one), or undefined when it is missing. */
export function romPath(relative: string): string | undefined {
  for (const up of [`../../roms/${relative}`, `../../../roms/${relative}`]) {
    const candidate = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The ROM `play` starts without one: the bundled Snake (roms/chip8/snake.ch8). */
export function bundledRomPath(): string | undefined {
  return romPath("chip8/snake.ch8");
}
