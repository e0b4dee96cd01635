/**
 * The CHIP-8 settings flags of `run`, `play`, `bench` and `blocks`: --profile,
 * --options FILE.json (an Octo options object), --tickrate, --stack-depth,
 * and every quirk as --NAME-quirks / --no-NAME-quirks in Octo's spelling
 * (shiftQuirks -> --shift-quirks). Precedence: profile, then --options, then
 * explicit flags.
 */
import { readFileSync } from "node:fs";
import {
  CHIP8_PROFILES, isProfileName, profileSettings, QUIRK_FLAGS, type Chip8ProfileName, type Chip8Settings, type QuirkFlag,
} from "../../../cpu/chip8/quirks.js";
import { CliError, parseInteger, usageError } from "../../commands/common.js";
import type { FlagSpec, FlagValues } from "../definition.js";
import { applyOctoOptions, OptionsError } from "./options.js";

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

export const CHIP8_FLAGS_HELP = `CHIP-8 settings (defaults come from the profile; --options, then flags, override):
  --profile NAME        ${CHIP8_PROFILES.join(", ")} (default: from the extension)
  --options FILE.json   an Octo options object (tickrate, quirks, maxSize, fontStyle, colours, enableXO)
  --tickrate N          instructions per 60 Hz frame; unlimited = ${UNLIMITED_TICKRATE.toLocaleString("en")} (CPU-bound)
  --stack-depth N       call stack depth, 1..16
${QUIRK_FLAGS.map((q) => `  --[no-]${quirkFlagName(q)}`).join("\n")}`;

function str(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** Settings from the flags, starting from `guess` when --profile is absent. */
export function chip8SettingsFromFlags(values: FlagValues, guess: Chip8ProfileName): Chip8Settings {
  const profile = str(values, "profile") ?? guess;
  if (!isProfileName(profile)) throw usageError(`unknown profile '${profile}' (choose ${CHIP8_PROFILES.join(", ")})`);
  const settings = profileSettings(profile);
  const optionsPath = str(values, "options");
  if (optionsPath !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(optionsPath, "utf8"));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(code === "ENOENT" ? `${optionsPath}: no such options file` : `${optionsPath}: ${(error as Error).message}`);
    }
    try {
      applyOctoOptions(settings, parsed);
    } catch (error) {
      if (error instanceof OptionsError) throw new CliError(`${optionsPath}: ${error.message}`);
      throw error;
    }
  }
  for (const q of QUIRK_FLAGS) {
    const on = values[quirkFlagName(q)] === true;
    const off = values["no-" + quirkFlagName(q)] === true;
    if (on && off) throw usageError(`--${quirkFlagName(q)} and --no-${quirkFlagName(q)} contradict each other`);
    if (on || off) settings.quirks[q] = on;
  }
  const tickrate = str(values, "tickrate");
  if (tickrate === "unlimited") settings.tickrate = UNLIMITED_TICKRATE;
  else if (tickrate !== undefined) settings.tickrate = parseInteger(tickrate, "--tickrate", 1, 100_000_000);
  const depth = str(values, "stack-depth");
  if (depth !== undefined) settings.quirks.stackDepth = parseInteger(depth, "--stack-depth", 1, 16);
  return settings;
}
