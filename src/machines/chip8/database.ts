/**
 * The community CHIP-8 database (database.generated.ts): a ROM's SHA-1 to
 * its title, authors, platform and the platform's quirks, tickrate,
 * colours and key hints, turned into ejemu's settings.
 *
 * Platforms map to the nearest profile, then the platform's quirks (and
 * the ROM's overrides) replace the profile's:
 *   originalChip8, hybridVIP, chip8x, modernChip8 -> chip8
 *   chip48, superchip1, superchip, megachip8      -> schip
 *   xochip                                        -> xochip
 * (MEGA-CHIP's own instructions and CHIP-8X's colour hardware are not
 * emulated: those ROMs run as far as their instructions exist.)
 */
import { createHash } from "node:crypto";
import { profileSettings, type Chip8ProfileName, type Chip8Quirks, type Chip8Settings } from "../../../cpu/chip8/quirks.js";
import { parseCssColour } from "./css-colour.js";
import { PLATFORMS, ROMS } from "./database.generated.js";

export interface Chip8DatabasePlatform {
  readonly name: string;
  readonly tickrate: number;
  readonly quirks: Readonly<Record<string, boolean>>;
}

export interface Chip8DatabaseRom {
  readonly title: string;
  readonly authors?: readonly string[];
  readonly platform: string;
  readonly quirks?: Readonly<Record<string, boolean>>;
  readonly tickrate?: number;
  readonly colours?: readonly string[];
  /** Game actions to CHIP-8 keys: up, down, left, right, a, b. */
  readonly keys?: Readonly<Record<string, number>>;
  readonly fontStyle?: string;
  readonly rotation?: number;
}

const PROFILE_OF_PLATFORM: Readonly<Record<string, Chip8ProfileName>> = {
  originalChip8: "chip8", hybridVIP: "chip8", chip8x: "chip8", modernChip8: "chip8",
  chip48: "schip", superchip1: "schip", superchip: "schip", megachip8: "schip",
  xochip: "xochip",
};

/** The database's quirk names -> ejemu's; `wrap` is the opposite of clipQuirks. */
function applyQuirk(q: Chip8Quirks, name: string, on: boolean): void {
  switch (name) {
    case "shift": q.shiftQuirks = on; break;
    case "memoryIncrementByX": q.loadStoreXQuirks = on; break;
    case "memoryLeaveIUnchanged": q.loadStoreQuirks = on; break;
    case "wrap": q.clipQuirks = !on; break;
    case "jump": q.jumpQuirks = on; break;
    case "vblank": q.vblankQuirks = on; break;
    case "logic": q.logicQuirks = on; break;
    default: break;
  }
}

export function romSha1(rom: Uint8Array): string {
  return createHash("sha1").update(rom).digest("hex");
}

export interface DatabaseMatch {
  readonly rom: Chip8DatabaseRom;
  readonly platformName: string;
  readonly settings: Chip8Settings;
}

/** The ROM's entry and the settings it asks for, or undefined when the database does not know the ROM. */
export function lookUpRom(rom: Uint8Array, roms: Readonly<Record<string, Chip8DatabaseRom>> = ROMS): DatabaseMatch | undefined {
  const sha1 = romSha1(rom);
  const entry = Object.hasOwn(roms, sha1) ? roms[sha1]! : undefined;
  if (entry === undefined) return undefined;
  const platform = PLATFORMS[entry.platform];
  const settings = profileSettings(PROFILE_OF_PLATFORM[entry.platform] ?? "chip8");
  if (platform !== undefined) {
    for (const [name, on] of Object.entries(platform.quirks)) applyQuirk(settings.quirks, name, on);
    settings.tickrate = platform.tickrate;
  }
  for (const [name, on] of Object.entries(entry.quirks ?? {})) applyQuirk(settings.quirks, name, on);
  if (entry.tickrate !== undefined) settings.tickrate = entry.tickrate;
  if (entry.fontStyle === "vip" || entry.fontStyle === "octo") settings.fontStyle = entry.fontStyle;
  const colours = (entry.colours ?? []).map(parseCssColour);
  colours.forEach((c, k) => {
    if (c !== undefined && k < 4) settings.palette[k] = c;
  });
  // two colours given: the blend and second plane look like the first plane
  if (colours.length === 2 && colours[1] !== undefined) settings.palette[2] = settings.palette[3] = colours[1];
  return { rom: entry, platformName: platform?.name ?? entry.platform, settings };
}
