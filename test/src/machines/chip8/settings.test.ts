import { describe, expect, it } from "vitest";
import { CHIP8_PROFILES, profileSettings } from "../../../../cpu/chip8/quirks.js";
import { applyOctoOptions } from "../../../../src/machines/chip8/options.js";

describe("CHIP-8 profiles and Octo options", () => {
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

  it("reads an Octo options object: strings, 0/1, colours, enableXO, vBlankQuirks", () => {
    const s = profileSettings("chip8");
    applyOctoOptions(s, {
      tickrate: "500", shiftQuirks: 1, loadStoreQuirks: true, vBlankQuirks: 0, clipQuirks: false, logicQuirks: "0",
      maxSize: 3216, fontStyle: "octo", backgroundColor: "#112233", fillColor: "#FFCC00", fillColor2: "#ff6600",
      blendColor: "#662200", buzzColor: "#FFAA00", quietColor: "#000000", screenRotation: 0, touchInputMode: "none", enableXO: true,
    });
    expect(s.tickrate).toBe(500);
    expect([s.quirks.shiftQuirks, s.quirks.loadStoreQuirks, s.quirks.vblankQuirks, s.quirks.clipQuirks, s.quirks.logicQuirks]).toEqual([true, true, false, false, false]);
    expect([s.maxSize, s.fontStyle, s.instructionSet]).toEqual([3216, "octo", "xochip"]);
    expect(s.palette).toEqual([0xff112233, 0xffffcc00, 0xffff6600, 0xff662200]);
  });

  it("unwraps a programs.json entry and turns XO-CHIP off with enableXO false", () => {
    const s = profileSettings("octo");
    applyOctoOptions(s, { title: "x", options: { tickrate: 7, enableXO: false } });
    expect([s.tickrate, s.instructionSet]).toEqual([7, "schip"]);
  });

  it("refuses bad values with one clear message", () => {
    const s = profileSettings("chip8");
    expect(() => applyOctoOptions(s, { tickrate: "fast" })).toThrow('option tickrate must be an integer 1..100000000, not "fast"');
    expect(() => applyOctoOptions(s, { shiftQuirks: 2 })).toThrow("option shiftQuirks must be true/false or 0/1, not 2");
    expect(() => applyOctoOptions(s, { fillColor: "red" })).toThrow('option fillColor must be a colour like "#FFCC00", not "red"');
    expect(() => applyOctoOptions(s, { warpDrive: true })).toThrow("unknown option warpDrive");
    expect(() => applyOctoOptions(s, [])).toThrow("options must be a JSON object");
  });
});
