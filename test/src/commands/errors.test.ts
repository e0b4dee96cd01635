/**
 * The one CLI convention, for every machine: a usage error exits 2 with
 * `ejemu CMD: what (see ejemu CMD --help)`, a runtime error exits 1 with
 * `ejemu CMD: what`; always exactly one line on stderr and nothing on stdout.
 */
import { describe, expect, it } from "vitest";
import { cli, file, words } from "./helpers.js";

/** Every failure is exactly one line on stderr, nothing on stdout. */
async function fails(code: number, message: string, ...argv: string[]) {
  const r = await cli(...argv);
  expect({ code: r.code, err: r.err, out: r.out }).toEqual({ code, err: [message], out: [] });
}

const usage = (cmd: string, what: string) => `ejemu ${cmd}: ${what} (see ejemu ${cmd} --help)`;

describe("ejemu command line: bad input gives one line and an exit code", () => {
  const good = file("good.ch8", words(0x6001, 0x1202));

  it("missing, empty and folder paths", async () => {
    await fails(1, "ejemu run: /nonexistent/x.ch8: no such ROM", "run", "/nonexistent/x.ch8", "--frames", "1");
    await fails(1, `ejemu run: ${file("empty.ch8", "")} is empty`, "run", file("empty.ch8", ""), "--frames", "1");
    await fails(1, "ejemu run: /tmp is a folder, not a ROM", "run", "/tmp", "--machine", "chip8", "--frames", "1");
  });

  it("a ROM too big for the profile asked for; without one, the size picks XO-CHIP", async () => {
    const big = file("big.ch8", Uint8Array.from({ length: 3585 }, (_, k) => (k === 0 ? 0x12 : 0)));
    await fails(1, `ejemu run: ${big}: ROM is 3585 bytes; the chip8 profile holds at most 3584`, "run", big, "--frames", "1", "--profile", "chip8");
    const r = await cli("run", big, "--frames", "1");
    expect([r.code, r.out[1]]).toEqual([0, "settings: profile xochip (the ROM uses xochip: 3585 bytes)"]);
  });

  it("an unknown opcode at run time: the summary, then the fault as the one error line", async () => {
    const bad = file("bad.ch8", words(0x6001, 0x5121));
    const r = await cli("run", bad, "--frames", "5");
    expect([r.code, r.err]).toEqual([1, [`ejemu run: ${bad}: unknown opcode 0x5121 at 0x0202`]]);
    expect(r.out[0]).toBe(`${bad}: 1 frames, 1 instructions, profile chip8, unknown-opcode`);
  });

  it("bad flags and values", async () => {
    await fails(2, usage("run", "unknown option '--warp'"), "run", good, "--frames", "1", "--warp");
    await fails(2, usage("run", "needs --frames N"), "run", good);
    await fails(2, usage("run", "--frames must be an integer 0..1000000000, not 'lots'"), "run", good, "--frames", "lots");
    await fails(2, usage("run", "unknown profile 'vip' (choose chip8, schip, schip-legacy, xochip, octo)"), "run", good, "--frames", "1", "--profile", "vip");
    await fails(2, usage("run", "bad --keys item '3:g+h': expected FRAME:KEY+ or FRAME:KEY-"), "run", good, "--frames", "1", "--keys", "3:g+h");
    await fails(2, usage("run", "--keys: no key 'g' (keys are 0 1 2 3 4 5 6 7 8 9 a b c d e f)"), "run", good, "--frames", "1", "--keys", "3:g+");
    await fails(2, usage("run", "bad --poke '0x300': expected ADDR=VALUE"), "run", good, "--frames", "1", "--poke", "0x300");
    await fails(2, usage("run", "--shift-quirks and --no-shift-quirks contradict each other"), "run", good, "--frames", "1", "--shift-quirks", "--no-shift-quirks");
    await fails(2, usage("run", "needs exactly one ROM"), "run", "--frames", "1");
    await fails(2, "ejemu: unknown command 'fly' (see ejemu --help)", "fly");
  });

  it("negative numbers get the flag's own message, with or without '='", async () => {
    await fails(2, usage("run", "--frames must be an integer 0..1000000000, not '-5'"), "run", good, "--frames", "-5");
    await fails(2, usage("run", "--frames must be an integer 0..1000000000, not '-5'"), "run", good, "--frames=-5");
    await fails(2, usage("bench", "--repeat must be an integer 1..1000, not '-2'"), "bench", good, "--repeat", "-2");
  });

  it("bad play options", async () => {
    await fails(2, usage("play", "unknown frontend 'tv' (choose auto, sdl, terminal, headless)"), "play", good, "--frontend", "tv");
    await fails(2, usage("play", "--scale must be an integer 1..64, not '0'"), "play", good, "--scale", "0");
    await fails(2, usage("play", "takes at most one ROM"), "play", good, good);
  });

  it("an unknown engine; a bad NES ROM is one line, whatever its extension", async () => {
    await fails(2, usage("run", "unknown engine 'fast' (choose interp or jit)"), "run", good, "--frames", "1", "--engine", "fast");
    await fails(2, usage("play", "unknown engine 'fast' (choose interp or jit)"), "play", good, "--engine", "fast");
    const nes = file("game.nes", Uint8Array.from([0x4e, 0x45, 0x53, 0x1a, ...new Array(16).fill(0)]));
    await fails(1, `ejemu run: ${nes}: the header gives no PRG ROM (PRG size 0)`, "run", nes, "--frames", "1");
    const disguised = file("game.rom", Uint8Array.from([0x4e, 0x45, 0x53, 0x1a, ...new Array(16).fill(0)]));
    await fails(1, `ejemu run: ${disguised}: the header gives no PRG ROM (PRG size 0)`, "run", disguised, "--frames", "1");
  });

  it("unknown extensions and machines: only the machines there are are offered", async () => {
    const odd = file("thing.xyz", words(0x1200));
    await fails(2, usage("run", `cannot tell the machine from '${odd}': use a known extension (.ch8 .c8 .sc8 .xo8 .8o .bin .65b .6502 .s65 .a65 .nes .n65) or --machine chip8|6502|nes`),
      "run", odd, "--frames", "1");
    expect((await cli("run", odd, "--frames", "1", "--machine", "chip8")).code).toBe(0);
    await fails(2, usage("run", "unknown machine 'snes' (choose chip8, 6502, nes)"), "run", odd, "--frames", "1", "--machine", "snes");
    await fails(2, usage("disasm", "unknown machine 'atari' (choose chip8, 6502, nes)"), "disasm", odd, "--machine", "atari");
  });

  it("a save state of another program or machine, or not a state at all", async () => {
    const state = `${good}.ejst`;
    expect((await cli("run", good, "--frames", "2", "--save-state", state)).code).toBe(0);
    const other = file("other.ch8", words(0x6002, 0x1202));
    const r = await cli("run", other, "--frames", "1", "--load-state", state);
    expect([r.code, r.out, r.err.length, r.err[0]!.startsWith(`ejemu run: ${state}: a save state of another program (sha256 `)]).toEqual([1, [], 1, true]);
    await fails(1, `ejemu run: ${state}: a save state of the chip8 machine, not 6502`, "run", file("x.bin", words(0x4c00, 0x0400)), "--load-state", state);
    await fails(1, `ejemu run: ${good}: not an ejemu save state`, "run", good, "--frames", "1", "--load-state", good);
    await fails(1, "ejemu run: /nonexistent.ejst: no such save state", "run", good, "--frames", "1", "--load-state", "/nonexistent.ejst");
  });

  it("bad options files", async () => {
    await fails(1, "ejemu run: /nonexistent/o.json: no such options file", "run", good, "--frames", "1", "--options", "/nonexistent/o.json");
    const badJson = file("bad.json", "{ tickrate: ");
    const r = await cli("run", good, "--frames", "1", "--options", badJson);
    expect([r.code, r.err.length, r.err[0]!.startsWith(`ejemu run: ${badJson}: `)]).toEqual([1, 1, true]);
    const badValue = file("badvalue.json", JSON.stringify({ clipQuirks: "maybe" }));
    await fails(1, `ejemu run: ${badValue}: option clipQuirks must be true/false or 0/1, not "maybe"`, "run", good, "--frames", "1", "--options", badValue);
  });

  it("assembler errors name the file and line", async () => {
    const src = file("broken.8o", "cls\nld v0, 0x100\n");
    await fails(1, `ejemu asm: ${src}:2: value 256 out of range -128..255`, "asm", src, "-o", file("out.ch8", ""));
    await fails(1, `ejemu run: ${src}:2: value 256 out of range -128..255`, "run", src, "--frames", "1");
    await fails(2, usage("asm", "needs -o ROM"), "asm", src);
    const octo = file("octo.8o", ": main\n  v0 := 5\n  loop again\n");
    await fails(1, `ejemu run: ${octo}:1: unknown instruction ':' (this looks like Octo source; ejemu's assembler reads its own syntax: see docs/chip8.md)`, "run", octo, "--frames", "1");
  });

  it("asm: the machine comes from --machine or the source, never from the output's name", async () => {
    const six = file("noext-6502", ".org $0400\nloop: JMP loop\n");
    const chip = file("noext-chip8", "cls\nloop: jp loop\n");
    // a .ch8 output name does not make 6502 source CHIP-8, nor a .bin name CHIP-8 source 6502
    expect(await cli("asm", six, "-o", file("x.ch8", ""))).toEqual({ code: 0, out: [`${file("x.ch8", "")}: 3 bytes, $0400-$0402`], err: [] });
    expect(await cli("asm", chip, "-o", file("y.bin", ""))).toEqual({ code: 0, out: [`${file("y.bin", "")}: 4 bytes`], err: [] });
    const neither = file("neither", "hello world\n");
    await fails(2, usage("asm", `cannot tell which machine ${neither} is for: use --machine chip8|6502|nes`), "asm", neither, "-o", file("z.bin", ""));
  });
});
