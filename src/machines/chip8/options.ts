/**
 * Octo options objects -> Chip8Settings. The object is the `options` block of
 * an Octo cartridge or of an entry in chip8Archive's programs.json:
 * `tickrate` (number or string), the quirk booleans (or 0/1), `maxSize`,
 * `fontStyle`, colours (`backgroundColor`, `fillColor`, `fillColor2`,
 * `blendColor` as "#RRGGBB"), `enableXO`. Keys this emulator has no use for
 * (`buzzColor`, `quietColor`, `screenRotation`, `touchInputMode`) are
 * accepted and ignored. The project's own quirk names and `stackDepth` are
 * accepted too.
 */
import { QUIRK_FLAGS, type Chip8Settings, type QuirkFlag } from "../../../cpu/chip8/quirks.js";

export class OptionsError extends Error {}

/** Octo spells the display-wait quirk vBlankQuirks; the flag is --vblank-quirks. */
const KEY_ALIASES: Readonly<Record<string, QuirkFlag>> = { vBlankQuirks: "vblankQuirks" };

const COLOUR_SLOTS: Readonly<Record<string, number>> = {
  backgroundColor: 0, fillColor: 1, fillColor2: 2, blendColor: 3,
};

const IGNORED = new Set(["buzzColor", "quietColor", "screenRotation", "touchInputMode", "fontStyleName"]);

function toBoolean(key: string, value: unknown): boolean {
  if (value === true || value === 1 || value === "1" || value === "true") return true;
  if (value === false || value === 0 || value === "0" || value === "false") return false;
  throw new OptionsError(`option ${key} must be true/false or 0/1, not ${JSON.stringify(value)}`);
}

function toInteger(key: string, value: unknown, min: number, max: number): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new OptionsError(`option ${key} must be an integer ${min}..${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

/** "#RRGGBB" -> 0xFFRRGGBB. */
export function parseColour(key: string, value: unknown): number {
  if (typeof value !== "string" || !/^#[0-9a-f]{6}$/i.test(value)) {
    throw new OptionsError(`option ${key} must be a colour like "#FFCC00", not ${JSON.stringify(value)}`);
  }
  return (0xff000000 | parseInt(value.slice(1), 16)) >>> 0;
}

/** Apply an Octo options object on top of `settings` (mutates it). */
export function applyOctoOptions(settings: Chip8Settings, options: unknown): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new OptionsError("options must be a JSON object");
  }
  // A programs.json entry or a cartridge wraps the block in { options: {...} }.
  const record = "options" in options && typeof options.options === "object" && options.options !== null
    ? options.options as Record<string, unknown>
    : options as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    const flag = KEY_ALIASES[key] ?? key;
    if ((QUIRK_FLAGS as readonly string[]).includes(flag)) {
      settings.quirks[flag as QuirkFlag] = toBoolean(key, value);
    } else if (key === "tickrate") {
      settings.tickrate = toInteger(key, value, 1, 100_000_000);
    } else if (key === "stackDepth") {
      settings.quirks.stackDepth = toInteger(key, value, 1, 16);
    } else if (key === "maxSize") {
      settings.maxSize = toInteger(key, value, 1, 65024);
    } else if (key === "fontStyle") {
      if (typeof value !== "string") throw new OptionsError("option fontStyle must be a string");
      settings.fontStyle = value;
    } else if (key in COLOUR_SLOTS) {
      settings.palette[COLOUR_SLOTS[key]!] = parseColour(key, value);
    } else if (key === "enableXO") {
      const xo = toBoolean(key, value);
      if (xo) settings.instructionSet = "xochip";
      else if (settings.instructionSet === "xochip") settings.instructionSet = "schip";
    } else if (!IGNORED.has(key)) {
      throw new OptionsError(`unknown option ${key}`);
    }
  }
}
