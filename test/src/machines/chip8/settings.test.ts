/**
 * How CHIP-8 settings are chosen: the profiles, Octo options objects with
 * Octo's semantics (its defaults for what is missing, CSS colours, unknown
 * keys warned about, screenRotation), the CHIP-8 database, the content
 * check, and their order.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHIP8_PROFILES, profileSettings } from "../../../../cpu/chip8/quirks.js";
import { checkContent } from "../../../../src/machines/chip8/content-check.js";
import { parseCssColour } from "../../../../src/machines/chip8/css-colour.js";
import { lookUpRom, romSha1 } from "../../../../src/machines/chip8/database.js";
import { PLATFORMS, ROMS } from "../../../../src/machines/chip8/database.generated.js";
import { chooseChip8Settings } from "../../../../src/machines/chip8/flags.js";
import { applyOctoOptions, octoDefaults } from "../../../../src/machines/chip8/options.js";
import { file } from "../../commands/helpers.js";

const words = (...w: number[]) => Uint8Array.from(w.flatMap((x) => [x >> 8, x & 0xff]));

describe("CHIP-8 profiles", () => {
  it("gives each profile its defaults", () => {
    const table = Object.fromEntries(CHIP8_PROFILES.map((p) => {
      const s = profileSettings(p);
      const on = Object.entries(s.quirks).filter(([k, v]) => k !== "stackDepth" && v).map(([k]) => k);
      return [p, [s.instructionSet, s.tickrate, s.maxSize, s.quirks.stackDepth, on.join(" ")]];
    }));
    expect(table).toEqual({
      chip8: ["chip8", 15, 3584, 12, "clipQuirks logicQuirks vblankQuirks"],
      schip: ["schip", 30, 3584, 16, "shiftQuirks loadStoreQuirks clipQuirks jumpQuirks"],
      "schip-legacy": ["schip", 30, 3584, 16,
        "shiftQuirks loadStoreQuirks clipQuirks jumpQuirks collisionRowsQuirks loresDxy0Quirks loresScrollQuirks resolutionKeepQuirks"],
      xochip: ["xochip", 1000, 65024, 16, ""],
      octo: ["xochip", 20, 65024, 16, ""],
    });
  });

  it("returns independent copies", () => {
    const a = profileSettings("chip8");
    a.quirks.clipQuirks = false;
    a.palette[0] = 1;
    expect([profileSettings("chip8").quirks.clipQuirks, profileSettings("chip8").palette[0]]).toEqual([true, 0xff000000]);
  });
});

describe("CSS colours", () => {
  it.each([
    ["#FC0", 0xffffcc00], ["#ffcc00", 0xffffcc00], ["#FFCC0080", 0xffffcc00], ["#fc08", 0xffffcc00],
    ["lightcyan", 0xffe0ffff], ["Gray", 0xff808080], ["black", 0xff000000], ["rebeccapurple", 0xff663399],
    ["rgb(255, 204, 0)", 0xffffcc00], ["rgb(255 204 0)", 0xffffcc00], ["rgba(255,204,0,0.5)", 0xffffcc00],
    ["rgb(100%, 80%, 0%)", 0xffffcc00], ["rgb(255 204 0 / 50%)", 0xffffcc00], [" #abc ", 0xffaabbcc],
  ])("%s", (text, colour) => {
    expect(parseCssColour(text)).toBe(colour);
  });

  it.each(["", "#12", "#12345", "#ggg", "notacolour", "rgb(1,2)", "rgb(a,b,c)", "hsl(0, 0%, 0%)"])("refuses %j", (text) => {
    expect(parseCssColour(text)).toBeUndefined();
  });
});

describe("Octo options objects", () => {
  it("start from Octo's defaults: every instruction, tickrate 20, 3,584 bytes, no quirks, Octo's colours", () => {
    const s = octoDefaults();
    expect([s.instructionSet, s.tickrate, s.maxSize, s.fontStyle, s.palette]).toEqual(["xochip", 20, 3584, "octo", [0xff996600, 0xffffcc00, 0xffff6600, 0xff662200]]);
    expect(Object.values(s.quirks).filter((v) => v === true)).toEqual([]);
  });

  it("read strings, 0/1, CSS colours, vBlankQuirks, enableXO and screenRotation", () => {
    const s = octoDefaults();
    const display = { rotation: 0 as 0 | 90 | 180 | 270 };
    const warnings: string[] = [];
    applyOctoOptions(s, {
      tickrate: "500", shiftQuirks: 1, loadStoreQuirks: true, vBlankQuirks: 1, clipQuirks: false, logicQuirks: "0",
      fontStyle: "vip", backgroundColor: "black", fillColor: "#FC0", fillColor2: "rgb(255, 102, 0)",
      blendColor: "lightcyan", buzzColor: "#FFAA00", quietColor: "gray", screenRotation: "90", touchInputMode: "none",
      displayScale: 4, enableXO: true,
    }, display, (line) => warnings.push(line));
    expect(s.tickrate).toBe(500);
    expect([s.quirks.shiftQuirks, s.quirks.loadStoreQuirks, s.quirks.vblankQuirks, s.quirks.clipQuirks, s.quirks.logicQuirks]).toEqual([true, true, true, false, false]);
    expect([s.maxSize, s.fontStyle, s.instructionSet, display.rotation]).toEqual([65024, "vip", "xochip", 90]);
    expect(s.palette).toEqual([0xff000000, 0xffffcc00, 0xffff6600, 0xffe0ffff]);
    expect(warnings).toEqual([]);
  });

  it("unwraps { options: ... }; enableXO false changes nothing (every instruction runs in Octo)", () => {
    const s = octoDefaults();
    applyOctoOptions(s, { title: "x", options: { tickrate: 7, enableXO: false } });
    expect([s.tickrate, s.instructionSet, s.maxSize]).toEqual([7, "xochip", 3584]);
  });

  it("warns once for each unknown key and goes on; a font ejemu does not draw falls back to Octo's", () => {
    const s = octoDefaults();
    const warnings: string[] = [];
    applyOctoOptions(s, { warpDrive: true, tickrate: 30, fontStyle: "fish", colourOfMagic: "octarine" }, undefined, (line) => warnings.push(line));
    expect(warnings).toEqual(["unknown option warpDrive ignored", 'fontStyle "fish" is not drawn by ejemu: using Octo\'s font', "unknown option colourOfMagic ignored"]);
    expect([s.tickrate, s.fontStyle]).toEqual([30, "octo"]);
  });

  it("refuses bad values with one clear message", () => {
    const s = octoDefaults();
    expect(() => applyOctoOptions(s, { tickrate: "fast" })).toThrow('option tickrate must be an integer 1..100000000, not "fast"');
    expect(() => applyOctoOptions(s, { shiftQuirks: 2 })).toThrow("option shiftQuirks must be true/false or 0/1, not 2");
    expect(() => applyOctoOptions(s, { fillColor: "octarine" })).toThrow('option fillColor must be a CSS colour ("#FC0", "#FFCC00", "gold", "rgb(255 204 0)"), not "octarine"');
    expect(() => applyOctoOptions(s, { screenRotation: 45 })).toThrow("option screenRotation must be 0, 90, 180 or 270, not 45");
    expect(() => applyOctoOptions(s, [])).toThrow("options must be a JSON object");
  });
});

describe("the CHIP-8 database", () => {
  const database = JSON.parse(readFileSync(new URL("../../../../../shared/chip8-database/programs.json", import.meta.url), "utf8")) as {
    title: string; authors?: string[]; roms: Record<string, { platforms: string[]; tickrate?: number; quirkyPlatforms?: Record<string, unknown> }>;
  }[];

  it("the generated table holds every ROM of the database it was made from, with its title and preferred platform", () => {
    let count = 0;
    for (const program of database) {
      for (const [sha1, rom] of Object.entries(program.roms)) {
        const platform = rom.platforms[0] ?? Object.keys(rom.quirkyPlatforms ?? {})[0];
        if (platform === undefined) continue;
        expect([sha1, ROMS[sha1]?.title, ROMS[sha1]?.platform, ROMS[sha1]?.tickrate]).toEqual([sha1, program.title, platform, rom.tickrate]);
        count++;
      }
    }
    expect(Object.keys(ROMS).length).toBe(count);
    expect(ROMS["a05844df3305738e4030512f0063db2fe4f3bd11"]).toMatchObject({ title: "Spacefight 2091", authors: ["Carsten Soerensen"], platform: "superchip" });
  });

  it("turns a platform and the ROM's overrides into settings", () => {
    const rom = words(0x00ff, 0x1202);
    const sha1 = romSha1(rom);
    const superchip = lookUpRom(rom, { [sha1]: { title: "T", platform: "superchip" } })!;
    expect([superchip.settings.profile, superchip.settings.instructionSet, superchip.settings.tickrate, superchip.platformName])
      .toEqual(["schip", "schip", PLATFORMS["superchip"]!.tickrate, PLATFORMS["superchip"]!.name]);
    expect([superchip.settings.quirks.shiftQuirks, superchip.settings.quirks.loadStoreQuirks, superchip.settings.quirks.clipQuirks, superchip.settings.quirks.jumpQuirks])
      .toEqual([true, true, true, true]);
    const xo = lookUpRom(rom, { [sha1]: { title: "T", platform: "xochip", quirks: { wrap: false, memoryLeaveIUnchanged: true }, tickrate: 1000,
      colours: ["#100010", "#e6e6fa", "#ff1493", "#ff1493"], fontStyle: "octo" } })!;
    expect([xo.settings.instructionSet, xo.settings.tickrate, xo.settings.quirks.clipQuirks, xo.settings.quirks.loadStoreQuirks, xo.settings.palette])
      .toEqual(["xochip", 1000, true, true, [0xff100010, 0xffe6e6fa, 0xffff1493, 0xffff1493]]);
    const vip = lookUpRom(rom, { [sha1]: { title: "T", platform: "originalChip8", colours: ["#aa4400", "#ffaa00"] } })!;
    expect([vip.settings.profile, vip.settings.tickrate, vip.settings.quirks.vblankQuirks, vip.settings.quirks.logicQuirks, vip.settings.palette])
      .toEqual(["chip8", 15, true, true, [0xffaa4400, 0xffffaa00, 0xffffaa00, 0xffffaa00]]);
    expect(lookUpRom(words(0x1200), { [sha1]: { title: "T", platform: "xochip" } })).toBeUndefined();
  });
});

describe("the content check", () => {
  it("finds SUPER-CHIP and XO-CHIP instructions on the paths from 0x200, not in data", () => {
    expect(checkContent(words(0x6001, 0x1202))).toEqual({ needs: "chip8", reason: undefined });
    expect(checkContent(words(0x1204, 0x00ff, 0x1204))).toEqual({ needs: "chip8", reason: undefined }); // 00ff at 0x202 is never reached
    expect(checkContent(words(0x2206, 0x1202, 0x1202, 0x00fb, 0x00ee))).toEqual({ needs: "schip", reason: "00fb at 0x0206" }); // in a subroutine
    expect(checkContent(words(0x2206, 0x1204, 0x1204, 0x00ff, 0x00ee))).toEqual({ needs: "schip", reason: "00ff at 0x0206" });
    expect(checkContent(words(0x3000, 0x1206, 0xf000, 0x0300, 0x1206))).toEqual({ needs: "xochip", reason: "f000 at 0x0204" }); // reached by the skip
    expect(checkContent(words(0x1204, 0xf002, 0xb200, 0xf002))).toEqual({ needs: "chip8", reason: undefined }); // BNNN: no known target
    expect(checkContent(new Uint8Array(3585))).toEqual({ needs: "xochip", reason: "3585 bytes" });
  });
});

describe("choosing the settings: flags, options, database, content, extension", () => {
  const hires = words(0x00ff, 0x1202);
  it("the extension when nothing else says more; the content when it needs more", () => {
    expect(chooseChip8Settings(words(0x1200), ".ch8", {}).why).toBe("profile chip8 (extension .ch8)");
    expect(chooseChip8Settings(words(0x1200), ".xo8", {}).why).toBe("profile xochip (extension .xo8)");
    expect(chooseChip8Settings(words(0x1200), ".rom", {}).why).toBe("profile chip8 (the default)");
    const c = chooseChip8Settings(hires, ".ch8", {});
    expect([c.settings.profile, c.why]).toEqual(["schip", "profile schip (the ROM uses schip: 00ff at 0x0200)"]);
    // an extension that already has the instructions wins
    expect(chooseChip8Settings(hires, ".xo8", {}).why).toBe("profile xochip (extension .xo8)");
  });

  it("--profile, then --options (over Octo's defaults, or over --profile), then the flags", () => {
    expect(chooseChip8Settings(hires, ".ch8", { profile: "chip8" }).why).toBe("profile chip8 (--profile)");
    const options = file("octo-opts.json", JSON.stringify({ options: { tickrate: 9, shiftQuirks: true, screenRotation: 180, bogus: 1 } }));
    const warnings: string[] = [];
    const fromOptions = chooseChip8Settings(hires, ".ch8", { options }, (line) => warnings.push(line));
    expect([fromOptions.settings.tickrate, fromOptions.settings.quirks.shiftQuirks, fromOptions.settings.quirks.clipQuirks, fromOptions.settings.instructionSet, fromOptions.rotation])
      .toEqual([9, true, false, "xochip", 180]);
    expect(fromOptions.why).toBe(`Octo options ${options} (over Octo's defaults)`);
    expect(warnings).toEqual([`${options}: unknown option bogus ignored`]);
    const overProfile = chooseChip8Settings(hires, ".ch8", { options, profile: "chip8", "no-shift-quirks": true, tickrate: "3" });
    expect([overProfile.settings.tickrate, overProfile.settings.quirks.shiftQuirks, overProfile.settings.quirks.clipQuirks, overProfile.settings.instructionSet])
      .toEqual([3, false, true, "chip8"]);
    expect(overProfile.why).toBe(`Octo options ${options} (over profile chip8), with --no-shift-quirks --tickrate 3`);
  });
});
