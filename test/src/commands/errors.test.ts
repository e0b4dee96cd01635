import { describe, expect, it } from "vitest";
import { cli, file, words } from "./helpers.js";

/** Every failure is exactly one line on stderr, nothing on stdout. */
async function fails(code: number, message: string, ...argv: string[]) {
  const r = await cli(...argv);
  expect({ code: r.code, err: r.err, out: r.out }).toEqual({ code, err: [message], out: [] });
}

describe("ejemu command line: bad input gives one line and an exit code", () => {
  const good = file("good.ch8", words(0x6001, 0x1202));

  it("missing, empty and folder paths", async () => {
    await fails(1, "ejemu: /nonexistent/x.ch8: no such ROM", "run", "/nonexistent/x.ch8", "--frames", "1");
    await fails(1, `ejemu: ${file("empty.ch8", "")} is empty`, "run", file("empty.ch8", ""), "--frames", "1");
    await fails(1, "ejemu: /tmp is a folder, not a ROM", "run", "/tmp", "--machine", "chip8", "--frames", "1");
  });

  it("a ROM too big for the profile", async () => {
    const big = file("big.ch8", Uint8Array.from({ length: 3585 }, (_, k) => (k === 0 ? 0x12 : 0)));
    await fails(1, `ejemu: ${big}: ROM is 3585 bytes; the chip8 profile holds at most 3584`, "run", big, "--frames", "1");
    const r = await cli("run", big, "--frames", "1", "--profile", "xochip");
    expect(r.code).toBe(0);
  });

  it("an unknown opcode at run time", async () => {
    const bad = file("bad.ch8", words(0x6001, 0x5121));
    await fails(1, "ejemu: unknown opcode 0x5121 at 0x0202", "run", bad, "--frames", "5");
  });

  it("bad flags and values", async () => {
    await fails(2, "ejemu: run: unknown option '--warp' (see ejemu run --help)", "run", good, "--frames", "1", "--warp");
    await fails(2, "ejemu: ejemu run needs --frames N", "run", good);
    await fails(2, "ejemu: --frames must be an integer 0..100000000, not 'lots'", "run", good, "--frames", "lots");
    await fails(2, "ejemu: unknown profile 'vip' (choose chip8, schip, schip-legacy, xochip, octo)", "run", good, "--frames", "1", "--profile", "vip");
    await fails(2, "ejemu: bad --keys item '3:g+': expected FRAME:KEY+ or FRAME:KEY- with KEY a hex digit", "run", good, "--frames", "1", "--keys", "3:g+");
    await fails(2, "ejemu: bad --poke '0x300': expected ADDR=VALUE", "run", good, "--frames", "1", "--poke", "0x300");
    await fails(2, "ejemu: --shift-quirks and --no-shift-quirks contradict each other", "run", good, "--frames", "1", "--shift-quirks", "--no-shift-quirks");
    await fails(2, "ejemu: ejemu run needs exactly one ROM (see ejemu run --help)", "run", "--frames", "1");
    await fails(2, "ejemu: unknown command 'fly' (see ejemu --help)", "fly");
  });

  it("bad play options", async () => {
    await fails(2, "ejemu: unknown frontend 'tv' (choose auto, sdl, terminal, headless)", "play", good, "--frontend", "tv");
    await fails(2, "ejemu: --scale must be an integer 1..64, not '0'", "play", good, "--scale", "0");
    await fails(2, "ejemu: ejemu play takes at most one ROM (see ejemu play --help)", "play", good, good);
  });

  it("an unknown engine; the NES is not supported", async () => {
    await fails(2, "ejemu: unknown engine 'fast' (choose interp or jit)", "run", good, "--frames", "1", "--engine", "fast");
    await fails(2, "ejemu: unknown engine 'fast' (choose interp or jit)", "play", good, "--engine", "fast");
    const nes = file("game.nes", Uint8Array.from([0x4e, 0x45, 0x53, 0x1a, ...new Array(16).fill(0)]));
    await fails(2, "ejemu: the NES is not supported yet", "run", nes, "--frames", "1");
    const disguised = file("game.rom", Uint8Array.from([0x4e, 0x45, 0x53, 0x1a, ...new Array(16).fill(0)]));
    await fails(2, "ejemu: the NES is not supported yet", "run", disguised, "--frames", "1");
  });

  it("unknown extensions and machines", async () => {
    const odd = file("thing.xyz", words(0x1200));
    await fails(2, `ejemu: cannot tell the machine from '${odd}': use a known extension (.ch8 .c8 .sc8 .xo8 .8o .nes .bin) or --machine chip8|6502|nes`, "run", odd, "--frames", "1");
    expect((await cli("run", odd, "--frames", "1", "--machine", "chip8")).code).toBe(0);
    await fails(2, "ejemu: unknown machine 'atari' (choose chip8, 6502, nes)", "run", odd, "--frames", "1", "--machine", "atari");
  });

  it("bad options files", async () => {
    await fails(1, "ejemu: /nonexistent/o.json: no such options file", "run", good, "--frames", "1", "--options", "/nonexistent/o.json");
    const badJson = file("bad.json", "{ tickrate: ");
    const r = await cli("run", good, "--frames", "1", "--options", badJson);
    expect([r.code, r.err.length, r.err[0]!.startsWith(`ejemu: ${badJson}: `)]).toEqual([1, 1, true]);
    const badValue = file("badvalue.json", JSON.stringify({ clipQuirks: "maybe" }));
    await fails(1, `ejemu: ${badValue}: option clipQuirks must be true/false or 0/1, not "maybe"`, "run", good, "--frames", "1", "--options", badValue);
  });

  it("assembler errors name the file and line", async () => {
    const src = file("broken.8o", "cls\nld v0, 0x100\n");
    await fails(1, `ejemu: ${src}:2: value 256 out of range -128..255`, "asm", src, "-o", file("out.ch8", ""));
    await fails(1, `ejemu: ${src}:2: value 256 out of range -128..255`, "run", src, "--frames", "1");
    await fails(2, "ejemu: ejemu asm needs -o ROM", "asm", src);
    const octo = file("octo.8o", ": main\n  v0 := 5\n  loop again\n");
    await fails(1, `ejemu: ${octo}:1: unknown instruction ':' (this looks like Octo source; ejemu's assembler reads its own syntax: see docs/chip8.md)`, "run", octo, "--frames", "1");
  });
});
