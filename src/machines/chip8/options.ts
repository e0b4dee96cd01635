/**
 * Octo options objects: Octo's complete settings, as Octo cartridges and
 * program collections (chip8Archive's programs.json) publish them, as the
 * whole object or wrapped in `{ options: {...} }`.
 *
 * Octo's own semantics (its `unpackOptions`): the object starts from Octo's
 * defaults, not from any profile; a key that is missing keeps Octo's
 * default. Octo always runs every instruction (CHIP-8, SUPER-CHIP and
 * XO-CHIP) in 64 KiB of memory; `maxSize` only limits how large the
 * program may be (3,584 bytes by default; the legacy `enableXO: true` means
 * 65,024). Colours are CSS colours. `screenRotation` turns the picture by
 * 0, 90, 180 or 270 degrees.
 *
 * Keys Octo knows that ejemu has no use for (the buzzer's colours, touch
 * input, the display scale) are accepted silently; keys Octo does not know
 * give one warning each and are ignored. The project's own quirk names and
 * `stackDepth` are accepted too. A bad value is an OptionsError.
 */
import { profileSettings, QUIRK_FLAGS, type Chip8Settings, type QuirkFlag } from "../../../cpu/chip8/quirks.js";
import { parseCssColour } from "./css-colour.js";

export class OptionsError extends Error {}

export type Rotation = 0 | 90 | 180 | 270;

/** What an options object sets beside the CPU's settings. */
export interface OctoDisplay {
  rotation: Rotation;
}

/** Octo spells the display-wait quirk vBlankQuirks; the flag is --vblank-quirks. */
const KEY_ALIASES: Readonly<Record<string, QuirkFlag>> = { vBlankQuirks: "vblankQuirks" };

const COLOUR_SLOTS: Readonly<Record<string, number>> = {
  backgroundColor: 0, fillColor: 1, fillColor2: 2, blendColor: 3,
};

/** Keys Octo has (or had) that change nothing here. */
const IGNORED = new Set(["buzzColor", "quietColor", "touchInputMode", "displayScale", "fontStyleName", "numericFormatStr", "maskFormatOverride"]);

/** Font styles ejemu draws (cpu/chip8/font.ts); Octo's others fall back to Octo's font. */
const FONT_STYLES = new Set(["octo", "vip"]);

/** Octo's defaults: every instruction, tickrate 20, programs up to 3,584 bytes, Octo's font and colours, no quirks. */
export function octoDefaults(): Chip8Settings {
  return { ...profileSettings("octo"), maxSize: 3584 };
}

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

/** A CSS colour -> 0xFFRRGGBB. */
export function parseColour(key: string, value: unknown): number {
  const colour = typeof value === "string" ? parseCssColour(value) : undefined;
  if (colour === undefined) {
    throw new OptionsError(`option ${key} must be a CSS colour ("#FC0", "#FFCC00", "gold", "rgb(255 204 0)"), not ${JSON.stringify(value)}`);
  }
  return colour;
}

/** The options block of an object: itself, or its `options` member. */
export function optionsBlock(options: unknown): Record<string, unknown> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new OptionsError("options must be a JSON object");
  }
  const wrapped = (options as { options?: unknown }).options;
  return typeof wrapped === "object" && wrapped !== null && !Array.isArray(wrapped)
    ? wrapped as Record<string, unknown>
    : options as Record<string, unknown>;
}

/**
 * Apply an Octo options object to `settings` (mutated; start from
 * octoDefaults() for Octo's meaning) and `display`; `warn` gets one line
 * for each key that is ignored.
 */
export function applyOctoOptions(
  settings: Chip8Settings, options: unknown, display: OctoDisplay = { rotation: 0 }, warn: (line: string) => void = () => {},
): void {
  for (const [key, value] of Object.entries(optionsBlock(options))) {
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
      if (typeof value !== "string") throw new OptionsError(`option fontStyle must be a string, not ${JSON.stringify(value)}`);
      if (!FONT_STYLES.has(value)) warn(`fontStyle "${value}" is not drawn by ejemu: using Octo's font`);
      settings.fontStyle = FONT_STYLES.has(value) ? value : "octo";
    } else if (key in COLOUR_SLOTS) {
      settings.palette[COLOUR_SLOTS[key]!] = parseColour(key, value);
    } else if (key === "screenRotation") {
      const degrees = toInteger(key, value, 0, 359);
      if (degrees % 90 !== 0) throw new OptionsError(`option screenRotation must be 0, 90, 180 or 270, not ${JSON.stringify(value)}`);
      display.rotation = degrees as Rotation;
    } else if (key === "enableXO") {
      // Octo's legacy switch: true allows XO-CHIP-sized programs; every instruction runs either way
      if (toBoolean(key, value)) settings.maxSize = 65024;
    } else if (!IGNORED.has(key)) {
      warn(`unknown option ${key} ignored`);
    }
  }
}
