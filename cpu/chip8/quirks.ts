/**
 * Behaviour differences between CHIP-8 implementations, as named flags
 * grouped into profiles. Flags Octo has keep Octo's names (shiftQuirks,
 * loadStoreQuirks, ...); the project's other quirks are named in that style.
 *
 * Sources of the facts: Octo's options (the `options` object of Octo
 * cartridges and of chip8Archive's programs.json), Tobias V. Langhoff's and
 * Timendus's write-ups of COSMAC VIP and SUPER-CHIP behaviour.
 */
import type { Chip8Variant } from "./table.js";

export interface Chip8Quirks {
  /** 8XY6/8XYE shift VX in place and ignore VY (SUPER-CHIP). */
  shiftQuirks: boolean;
  /** FX55/FX65 leave I unchanged (SUPER-CHIP 1.1). */
  loadStoreQuirks: boolean;
  /** FX55/FX65 add X to I instead of X+1 (SUPER-CHIP 1.0); only when loadStoreQuirks is off. */
  loadStoreXQuirks: boolean;
  /** 8XY4..8XYE write VF before VX, so with X = F the result wins over the flag. */
  vfOrderQuirks: boolean;
  /** Sprites are clipped at the screen edge instead of wrapping (the start position always wraps). */
  clipQuirks: boolean;
  /** BNNN jumps to XNN + VX instead of NNN + V0 (SUPER-CHIP). */
  jumpQuirks: boolean;
  /** 8XY1/8XY2/8XY3 reset VF to 0 (COSMAC VIP). */
  logicQuirks: boolean;
  /** DXYN waits for the next frame after drawing (COSMAC VIP display wait). */
  vblankQuirks: boolean;
  /** In hires, DXYN sets VF to the number of rows that collided or were clipped at the bottom (SCHIP 1.1). */
  collisionRowsQuirks: boolean;
  /** In lores, DXY0 draws 8x16 instead of 16x16 (SCHIP 1.1 on the HP48). */
  loresDxy0Quirks: boolean;
  /** In lores, scroll amounts are hires pixels, i.e. half lores pixels (SCHIP 1.1). */
  loresScrollQuirks: boolean;
  /** Resolution changes (00FE/00FF) keep the picture instead of clearing it (SCHIP 1.1). */
  resolutionKeepQuirks: boolean;
  /** Call stack depth, 1..16 (COSMAC VIP 12, SUPER-CHIP 16). */
  stackDepth: number;
}

export type QuirkFlag = Exclude<keyof Chip8Quirks, "stackDepth">;

export const QUIRK_FLAGS: readonly QuirkFlag[] = [
  "shiftQuirks", "loadStoreQuirks", "loadStoreXQuirks", "vfOrderQuirks", "clipQuirks", "jumpQuirks",
  "logicQuirks", "vblankQuirks", "collisionRowsQuirks", "loresDxy0Quirks", "loresScrollQuirks",
  "resolutionKeepQuirks",
];

/** Everything that decides how a program runs and looks. */
export interface Chip8Settings {
  readonly profile: Chip8ProfileName;
  /** Which instructions exist. */
  instructionSet: Chip8Variant;
  quirks: Chip8Quirks;
  /** Instructions per 60 Hz frame (Octo's model). */
  tickrate: number;
  /** Largest ROM accepted, in bytes. */
  maxSize: number;
  /** "octo" (the common font) or "vip" (the COSMAC VIP's own digits). */
  fontStyle: string;
  /** Colours 0xAARRGGBB for plane values 0..3 (background, plane 1, plane 2, both). */
  palette: [number, number, number, number];
}

export const CHIP8_PROFILES = ["chip8", "schip", "schip-legacy", "xochip", "octo"] as const;
export type Chip8ProfileName = (typeof CHIP8_PROFILES)[number];

const NO_QUIRKS: Chip8Quirks = {
  shiftQuirks: false, loadStoreQuirks: false, loadStoreXQuirks: false, vfOrderQuirks: false,
  clipQuirks: false, jumpQuirks: false, logicQuirks: false, vblankQuirks: false,
  collisionRowsQuirks: false, loresDxy0Quirks: false, loresScrollQuirks: false,
  resolutionKeepQuirks: false, stackDepth: 16,
};

const MONOCHROME: [number, number, number, number] = [0xff000000, 0xffffffff, 0xffffffff, 0xffffffff];
/** Octo's default colours: background, fill, fill2, blend. */
const OCTO_COLOURS: [number, number, number, number] = [0xff996600, 0xffffcc00, 0xffff6600, 0xff662200];

const PROFILE_DEFAULTS: Record<Chip8ProfileName, Omit<Chip8Settings, "profile">> = {
  chip8: {
    instructionSet: "chip8", tickrate: 15, maxSize: 3584, fontStyle: "vip", palette: MONOCHROME,
    quirks: { ...NO_QUIRKS, logicQuirks: true, clipQuirks: true, vblankQuirks: true, stackDepth: 12 },
  },
  schip: {
    instructionSet: "schip", tickrate: 30, maxSize: 3584, fontStyle: "octo", palette: MONOCHROME,
    quirks: { ...NO_QUIRKS, shiftQuirks: true, loadStoreQuirks: true, clipQuirks: true, jumpQuirks: true },
  },
  "schip-legacy": {
    instructionSet: "schip", tickrate: 30, maxSize: 3584, fontStyle: "octo", palette: MONOCHROME,
    quirks: {
      ...NO_QUIRKS, shiftQuirks: true, loadStoreQuirks: true, clipQuirks: true, jumpQuirks: true,
      collisionRowsQuirks: true, loresDxy0Quirks: true, loresScrollQuirks: true, resolutionKeepQuirks: true,
    },
  },
  xochip: {
    instructionSet: "xochip", tickrate: 1000, maxSize: 65024, fontStyle: "octo", palette: OCTO_COLOURS,
    quirks: { ...NO_QUIRKS },
  },
  octo: {
    instructionSet: "xochip", tickrate: 20, maxSize: 65024, fontStyle: "octo", palette: OCTO_COLOURS,
    quirks: { ...NO_QUIRKS },
  },
};

export function isProfileName(name: string): name is Chip8ProfileName {
  return (CHIP8_PROFILES as readonly string[]).includes(name);
}

/** A fresh, mutable copy of a profile's settings. */
export function profileSettings(profile: Chip8ProfileName): Chip8Settings {
  const d = PROFILE_DEFAULTS[profile];
  return { ...d, profile, quirks: { ...d.quirks }, palette: [...d.palette] };
}

/** Guest memory size for an instruction set (XO-CHIP has 64 KiB). */
export function memorySizeFor(set: Chip8Variant): number {
  return set === "xochip" ? 0x10000 : 0x1000;
}
