/**
 * The CHIP-8 settings of `run`, `play`, `bench` and `blocks`, and how they
 * are chosen for a ROM, in this order:
 *
 *   1. `--profile` and `--options FILE.json` when given (an options file
 *      starts from Octo's defaults, or from --profile when both are given);
 *   2. the CHIP-8 database, by the ROM's SHA-1 (database.ts);
 *   3. the content check: a ROM over 3,584 bytes, or SUPER-CHIP / XO-CHIP
 *      instructions reachable from 0x200 (content-check.ts);
 *   4. the file's extension (.ch8 .c8 chip8, .sc8 schip, .xo8 xochip,
 *      .8o octo), else chip8.
 *
 * Then every quirk flag (`--NAME-quirks` / `--no-NAME-quirks`, Octo's
 * spelling: shiftQuirks -> --shift-quirks), `--tickrate` and
 * `--stack-depth` given on the command line win over all of it.
 */
import { readFileSync } from "node:fs";
import {
  CHIP8_PROFILES, isProfileName, profileSettings, QUIRK_FLAGS, type Chip8ProfileName, type Chip8Settings, type QuirkFlag,
} from "../../../cpu/chip8/quirks.js";
import { CliError, parseInteger, usageError } from "../../commands/common.js";
import type { FlagSpec, FlagValues } from "../definition.js";
import { checkContent } from "./content-check.js";
import { lookUpRom } from "./database.js";
import { applyOctoOptions, OptionsError, octoDefaults, type Rotation } from "./options.js";

/** Instructions per frame for `--tickrate unlimited`: far more than any frame needs, so the ROM is CPU-bound. */
export const UNLIMITED_TICKRATE = 10_000_000;

/** shiftQuirks -> shift-quirks, loresDxy0Quirks -> lores-dxy0-quirks. */
export function quirkFlagName(flag: QuirkFlag): string {
  return flag.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

export const CHIP8_FLAGS: Readonly<Record<string, FlagSpec>> = {
  profile: { type: "string" },
  options: { type: "string" },
  tickrate: { type: "string" },
  "stack-depth": { type: "string" },
  ...Object.fromEntries(QUIRK_FLAGS.flatMap((q) => [
    [quirkFlagName(q), { type: "boolean" }],
    ["no-" + quirkFlagName(q), { type: "boolean" }],
  ])),
};

export const CHIP8_FLAGS_HELP = `  Settings come from --profile / --options, else the CHIP-8 database (by the ROM's SHA-1),
  else the instructions the ROM uses, else the extension; the flags below override them.
  --profile NAME        ${CHIP8_PROFILES.join(", ")}
  --options FILE.json   an Octo options object (Octo's defaults for what it leaves out)
  --tickrate N          instructions per 60 Hz frame; unlimited = ${UNLIMITED_TICKRATE.toLocaleString("en")} (CPU-bound)
  --stack-depth N       call stack depth, 1..16
${QUIRK_FLAGS.map((q) => `  --[no-]${quirkFlagName(q)}`).join("\n")}`;

/** The profile each extension suggests. */
export const PROFILE_BY_EXTENSION: Readonly<Record<string, Chip8ProfileName>> = {
  ".ch8": "chip8", ".c8": "chip8", ".sc8": "schip", ".xo8": "xochip", ".8o": "octo",
};

function str(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** The settings chosen for a ROM, and why. */
export interface Chip8Choice {
  readonly settings: Chip8Settings;
  readonly rotation: Rotation;
  /** The database's key hints: game action (up, down, left, right, a, b) -> CHIP-8 key. */
  readonly keyHints: Readonly<Record<string, number>>;
  /** One line for the user: `profile schip (database: "Spacefight 2091!")`. */
  readonly why: string;
  /** Title and authors, when the database knows the ROM. */
  readonly title?: string;
  readonly authors?: readonly string[];
}

function readOptionsFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `${path}: no such options file` : `${path}: ${(error as Error).message}`);
  }
}

const SET_PROFILE: Readonly<Record<string, Chip8ProfileName>> = { chip8: "chip8", schip: "schip", xochip: "xochip" };
const RANK: Readonly<Record<string, number>> = { chip8: 0, schip: 1, xochip: 2 };

/** Where the settings start from (steps 1-4 above). */
function baseChoice(rom: Uint8Array, extension: string, values: FlagValues, warn: (line: string) => void): Chip8Choice {
  const profile = str(values, "profile");
  if (profile !== undefined && !isProfileName(profile)) throw usageError(`unknown profile '${profile}' (choose ${CHIP8_PROFILES.join(", ")})`);
  const optionsPath = str(values, "options");
  if (optionsPath !== undefined) {
    const settings = profile === undefined ? octoDefaults() : profileSettings(profile);
    const display = { rotation: 0 as Rotation };
    try {
      applyOctoOptions(settings, readOptionsFile(optionsPath), display, (line) => warn(`${optionsPath}: ${line}`));
    } catch (error) {
      if (error instanceof OptionsError) throw new CliError(`${optionsPath}: ${error.message}`);
      throw error;
    }
    const from = profile === undefined ? "Octo's defaults" : `profile ${profile}`;
    return { settings, rotation: display.rotation, keyHints: {}, why: `Octo options ${optionsPath} (over ${from})` };
  }
  if (profile !== undefined) return { settings: profileSettings(profile), rotation: 0, keyHints: {}, why: `profile ${profile} (--profile)` };
  const match = lookUpRom(rom);
  if (match !== undefined) {
    const by = match.rom.authors === undefined ? "" : ` by ${match.rom.authors.join(", ")}`;
    const rotation = [90, 180, 270].includes(match.rom.rotation ?? 0) ? match.rom.rotation as Rotation : 0;
    return {
      settings: match.settings, rotation, keyHints: match.rom.keys ?? {}, title: match.rom.title, authors: match.rom.authors,
      why: `profile ${match.settings.profile} (database: "${match.rom.title}"${by}, ${match.platformName})`,
    };
  }
  const byExtension = PROFILE_BY_EXTENSION[extension];
  const content = checkContent(rom);
  const extensionSet = profileSettings(byExtension ?? "chip8").instructionSet;
  if (content.reason !== undefined && RANK[content.needs]! > RANK[extensionSet]!) {
    const chosen = SET_PROFILE[content.needs]!;
    return { settings: profileSettings(chosen), rotation: 0, keyHints: {}, why: `profile ${chosen} (the ROM uses ${content.needs}: ${content.reason})` };
  }
  const chosen = byExtension ?? "chip8";
  return {
    settings: profileSettings(chosen), rotation: 0, keyHints: {},
    why: `profile ${chosen} (${byExtension === undefined ? "the default" : `extension ${extension}`})`,
  };
}

/** The settings for `rom`: the base choice, then the flags. */
export function chooseChip8Settings(rom: Uint8Array, extension: string, values: FlagValues, warn: (line: string) => void = () => {}): Chip8Choice {
  const choice = baseChoice(rom, extension, values, warn);
  const settings = choice.settings;
  const overridden: string[] = [];
  for (const q of QUIRK_FLAGS) {
    const on = values[quirkFlagName(q)] === true;
    const off = values["no-" + quirkFlagName(q)] === true;
    if (on && off) throw usageError(`--${quirkFlagName(q)} and --no-${quirkFlagName(q)} contradict each other`);
    if (on || off) {
      settings.quirks[q] = on;
      overridden.push(`--${on ? "" : "no-"}${quirkFlagName(q)}`);
    }
  }
  const tickrate = str(values, "tickrate");
  if (tickrate === "unlimited") settings.tickrate = UNLIMITED_TICKRATE;
  else if (tickrate !== undefined) settings.tickrate = parseInteger(tickrate, "--tickrate", 1, 100_000_000);
  if (tickrate !== undefined) overridden.push(`--tickrate ${tickrate}`);
  const depth = str(values, "stack-depth");
  if (depth !== undefined) {
    settings.quirks.stackDepth = parseInteger(depth, "--stack-depth", 1, 16);
    overridden.push(`--stack-depth ${depth}`);
  }
  return overridden.length === 0 ? choice : { ...choice, why: `${choice.why}, with ${overridden.join(" ")}` };
}
