import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cli, file, repoPath, scratch, words } from "./helpers.js";

describe("ejemu command line: commands", () => {
  it("lists the commands", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    const text = r.out.join("\n");
    for (const c of ["play [ROM]", "run ROM [--frames N]", "disasm ROM", "asm SOURCE -o ROM", "chip8", "6502"]) expect(text).toContain(c);
    expect(text).toContain("bench ROM              the same work under the interpreter and the JIT, one table");
    expect(text).toContain("blocks ROM             run, then show the recompiled blocks (guest code, IR, host code)");
    expect((await cli()).code).toBe(2);
  });

  it("has --help on each command", async () => {
    for (const [command, first] of [["run", "usage: ejemu run ROM [--frames N] [options]"], ["play", "usage: ejemu play [ROM] [options]"],
      ["disasm", "usage: ejemu disasm ROM [options]"], ["asm", "usage: ejemu asm SOURCE -o ROM [--machine NAME]"],
      ["bench", "usage: ejemu bench ROM [options]"], ["blocks", "usage: ejemu blocks ROM [options]"]]) {
      const r = await cli(command!, "--help");
      expect([r.code, r.out[0]]).toEqual([0, first]);
    }
    const run = (await cli("run", "--help")).out.join("\n");
    for (const flag of ["--[no-]shift-quirks", "--[no-]load-store-quirks", "--[no-]vf-order-quirks", "--[no-]clip-quirks",
      "--[no-]jump-quirks", "--[no-]logic-quirks", "--[no-]vblank-quirks", "--options FILE.json", "--tickrate N"]) {
      expect(run).toContain(flag);
    }
    // without a file, every machine's flags are listed under its name; with one, only that machine's
    expect(run).toContain("--load ADDR");
    const chip8Only = (await cli("run", "game.ch8", "--help")).out.join("\n");
    expect([chip8Only.includes("--tickrate N"), chip8Only.includes("--load ADDR")]).toEqual([true, false]);
    const only6502 = (await cli("run", "--machine", "6502", "--help")).out.join("\n");
    expect([only6502.includes("--tickrate N"), only6502.includes("--load ADDR")]).toEqual([false, true]);
  });

  it("--version, at the top and on a command", async () => {
    const pkg = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { version: string };
    expect(await cli("--version")).toEqual({ code: 0, out: [`ejemu ${pkg.version}`], err: [] });
    expect(await cli("run", "--version")).toEqual({ code: 0, out: [`ejemu ${pkg.version}`], err: [] });
  });

  it("run --json: keys, pokes, quirk flags and the summary", async () => {
    // wait for a key into v5, then v1 = byte at 0x300, then loop
    const rom = file("keys.ch8", words(0xf50a, 0xa300, 0xf065, 0x8100, 0x1208));
    const r = await cli("run", rom, "--frames", "5", "--keys", "1:c+,2:c-", "--poke", "0x300=0x2a", "--json", "--tickrate", "7", "--no-load-store-quirks");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out[0]!);
    expect(summary).toMatchObject({ profile: "chip8", tickrate: 7, engine: "interp", frame: 5, pc: 0x208, i: 0x301, halt: "running" });
    expect(summary.v.slice(0, 6)).toEqual([0x2a, 0x2a, 0, 0, 0, 0xc]);
    // frame 0: FX0A (1 instruction); frame 1: still waiting (pressed); released before frame 2: 7 + 7 + 7
    expect(summary.instructions).toBe(22);
  });

  it("run --peek reads the guest bus after the run; --buttons is --keys by another name", async () => {
    const rom = file("peek.ch8", words(0xf50a, 0xa300, 0xf555, 0x1206));
    const r = await cli("run", rom, "--frames", "4", "--buttons", "1:7+,2:7-", "--peek", "0x300:6", "--peek", "0x205", "--json");
    expect(JSON.parse(r.out[0]!).peek).toEqual({ "0x0300": "000000000007", "0x0205": "55" });
    const text = await cli("run", rom, "--frames", "4", "--keys", "1:7+,2:7-", "--peek", "0x300:6");
    expect(text.out.at(-1)).toBe("peek 0x0300: 00 00 00 00 00 07");
    expect((await cli("run", rom, "--frames", "1", "--keys", "1:7+", "--buttons", "1:7+")).err).toEqual(["ejemu run: give --keys or --buttons, not both (see ejemu run --help)"]);
    expect((await cli("run", rom, "--frames", "1", "--peek", "0xffff:2")).err).toEqual(["ejemu run: --peek length must be an integer 1..1, not '2' (see ejemu run --help)"]);
  });

  it("run --engine jit gives the interpreter's summary, byte for byte (the bundled game, with keys)", async () => {
    const args = ["run", repoPath("roms/chip8/snake.ch8"), "--frames", "300", "--keys", "60:f+,62:f-,120:5+,125:5-", "--json"];
    const interp = JSON.parse((await cli(...args, "--engine", "interp")).out[0]!);
    const jit = JSON.parse((await cli(...args, "--engine", "jit")).out[0]!);
    expect(jit.engine).toBe("jit");
    expect(interp.engine).toBe("interp");
    expect({ ...jit, engine: "same" }).toEqual({ ...interp, engine: "same" });
    expect(interp.instructions).toBeGreaterThan(300);
  });

  it("explicit flags override --options, which overrides the profile", async () => {
    const options = file("opts.json", JSON.stringify({ options: { tickrate: "9", shiftQuirks: 1 } }));
    const rom = file("shift.ch8", words(0x6103, 0x6280, 0x8126, 0x1206));
    const fromOptions = JSON.parse((await cli("run", rom, "--frames", "1", "--options", options, "--json")).out[0]!);
    expect([fromOptions.tickrate, fromOptions.v[1]]).toEqual([9, 1]);
    const overridden = JSON.parse((await cli("run", rom, "--frames", "1", "--options", options, "--no-shift-quirks", "--tickrate", "3", "--json")).out[0]!);
    expect([overridden.tickrate, overridden.v[1]]).toEqual([3, 0x40]);
  });

  it("run prints a text summary by default", async () => {
    const rom = file("text.ch8", words(0x6a05, 0x1202));
    const r = await cli("run", rom, "--frames", "2", "--profile", "schip");
    expect(r.out).toEqual([
      `${rom}: 2 frames, 60 instructions, profile schip, running`,
      "settings: profile schip (--profile)",
      "pc 0202  i 0000  sp 0  dt 0  st 0  lores",
      "v0-vf 00 00 00 00 00 00 00 00 00 00 05 00 00 00 00 00",
      "display sha256 9f1dcbc35c350d6027f98be0f5c8b43b42ca52b7604459c0c42be3aa88913d47",
    ]);
  });

  it("run --timing adds the time and guest MIPS", async () => {
    const rom = file("spin.ch8", words(0x7001, 0x1200));
    const summary = JSON.parse((await cli("run", rom, "--frames", "10", "--tickrate", "1000", "--timing", "--json")).out[0]!);
    expect(summary.instructions).toBe(10_000);
    expect(summary.wallSeconds).toBeGreaterThan(0);
    expect(summary.mips).toBeCloseTo(10_000 / summary.wallSeconds / 1e6, 6);
    const text = await cli("run", rom, "--frames", "1", "--timing");
    expect(text.out[5]).toMatch(/^time \d+\.\d{3} s \(cpu \d+\.\d{3} s\): \d+\.\d M instructions\/s \(\d+\.\d per cpu second\)$/);
  });

  it("run --trace prints each instruction before it runs, then the summary", async () => {
    const rom = file("trace.ch8", words(0x6005, 0x7001, 0x1202));
    const r = await cli("run", rom, "--frames", "2", "--tickrate", "2", "--trace");
    expect(r.out.slice(0, 4)).toEqual(["0 0200: 6005  ld v0, 0x05", "0 0202: 7001  add v0, 0x01", "1 0204: 1202  jp 0x202", "1 0202: 7001  add v0, 0x01"]);
    expect(r.out.slice(4, 6)).toEqual([`${rom}: 2 frames, 4 instructions, profile chip8, running`, "settings: profile chip8 (extension .ch8), with --tickrate 2"]);
    const bad = file("trace-bad.ch8", words(0x6005, 0x0123));
    const b = await cli("run", bad, "--frames", "1", "--trace");
    expect([b.code, b.out.slice(0, 2), b.err]).toEqual([1, ["0 0200: 6005  ld v0, 0x05", "0 0202: 0123  (unknown)"], [`ejemu run: ${bad}: unknown opcode 0x0123 at 0x0202`]]);
  });

  it("an Octo options file: Octo's keys all accepted, CSS colours, screenRotation in the screenshot, unknown keys one warning", async () => {
    const options = file("octo-full.json", JSON.stringify({
      tickrate: 20, fillColor: "gold", fillColor2: "#F60", blendColor: "rgb(102, 34, 0)", backgroundColor: "black",
      buzzColor: "#FFAA00", quietColor: "gray", shiftQuirks: false, loadStoreQuirks: false, vfOrderQuirks: false, clipQuirks: false,
      vBlankQuirks: false, jumpQuirks: false, logicQuirks: false, screenRotation: 90, maxSize: 3584, touchInputMode: "none",
      fontStyle: "octo", displayScale: 3, warpDrive: 9,
    }));
    const png = `${scratch}/rotated.png`;
    const r = await cli("run", repoPath("roms/chip8/snake.ch8"), "--frames", "30", "--options", options, "--screenshot", png, "--json");
    expect([r.code, r.err]).toEqual([0, [`ejemu run: warning: ${options}: unknown option warpDrive ignored`]]);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ profile: "octo", tickrate: 20, settings: `Octo options ${options} (over Octo's defaults)` });
    const bytes = readFileSync(png);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([64, 128]);
  });

  it("run --screenshot writes a 128x64 PNG of the last frame", async () => {
    const png = `${scratch}/shot.png`;
    const r = await cli("run", repoPath("roms/chip8/snake.ch8"), "--frames", "60", "--screenshot", png);
    expect(r.code).toBe(0);
    const bytes = readFileSync(png);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([128, 64]);
  });

  it("disasm | asm gives back the bundled game byte for byte", async () => {
    const listing = await cli("disasm", repoPath("roms/chip8/snake.ch8"));
    expect(listing.code).toBe(0);
    expect(listing.out[1]).toBe("    cls                      ; 0200: 00e0");
    const source = file("snake-listing.8o", listing.out.join("\n"));
    const out = `${scratch}/snake-again.ch8`;
    const r = await cli("asm", source, "-o", out);
    expect(r.code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(repoPath("roms/chip8/snake.ch8")))).toBe(true);
  });

  it("runs .8o source directly, assembling it first", async () => {
    const r = await cli("run", repoPath("roms/bench/sieve.8o"), "--frames", "1", "--json");
    expect(JSON.parse(r.out[0]!)).toMatchObject({ profile: "octo", instructions: 20 });
  });

  it("plays the bundled game headless for a few frames, saying how its settings were chosen", async () => {
    const r = await cli("play", "--frontend", "headless", "--frames", "3");
    expect([r.code, r.err]).toEqual([0, ["ejemu play: snake.ch8: profile chip8 (extension .ch8)"]]);
  });
});
