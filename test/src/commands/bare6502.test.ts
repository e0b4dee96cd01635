/**
 * The bare 6502 through the machine-neutral commands: asm, run (to a
 * trap, on a cycle limit, traced, poked, as JSON), disasm, and its errors
 * in the one convention every machine follows.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cli, file, scratch } from "./helpers.js";

const source = file("count.s65", ".org $0400\n        LDX #3\nloop:   DEX\n        BNE loop\n        LDA #$42\ndone:   JMP done\n");
const binary = `${scratch}/count.bin`;

describe("ejemu asm / run / disasm for the 6502", () => {
  it("asm writes the binary and says where it goes", async () => {
    expect(await cli("asm", source, "-o", binary)).toEqual({ code: 0, out: [`${binary}: 10 bytes, $0400-$0409`], err: [] });
    expect(Array.from(readFileSync(binary))).toEqual([0xa2, 0x03, 0xca, 0xd0, 0xfd, 0xa9, 0x42, 0x4c, 0x07, 0x04]);
  });

  it("run prints the stop reason, registers and counts", async () => {
    expect(await cli("run", binary, "--machine", "6502", "--load", "$0400", "--entry", "0x400")).toEqual({
      code: 0, err: [],
      out: [`${binary}: stop: trap at $0407`, "A=$42 X=$00 Y=$00 S=$FD P=$24 (nv-bdIzc)", "cycles: 21  instructions: 9"],
    });
  });

  it("run --json prints one object; the load address defaults to $0400 and the entry to the load address", async () => {
    const r = await cli("run", binary, "--json");
    expect([r.code, r.err]).toEqual([0, []]);
    expect(JSON.parse(r.out[0]!)).toEqual({
      rom: binary, machine: "6502", engine: "interp", stop: "trap", pc: 0x0407, a: 0x42, x: 0, y: 0, s: 0xfd, p: 0x24,
      cycles: 21, instructions: 9, frames: 1,
    });
  });

  it("run --trace prints a line per instruction; --max-cycles stops early", async () => {
    expect(await cli("run", binary, "--load", "$400", "--entry", "$400", "--trace", "--max-cycles", "5")).toEqual({
      code: 0, err: [],
      out: [
        "0400  A2 03     LDX #$03          A:00 X:00 Y:00 P:24 SP:FD CYC:0",
        "0402  CA        DEX               A:00 X:03 Y:00 P:24 SP:FD CYC:2",
        "0403  D0 FD     BNE $0402         A:00 X:02 Y:00 P:24 SP:FD CYC:4",
        `${binary}: stop: cycle-limit at $0402`,
        "A=$00 X=$02 Y=$00 S=$FD P=$24 (nv-bdIzc)",
        "cycles: 7  instructions: 3",
      ],
    });
  });

  it("--frames runs frames of --frame-cycles cycles and the summary says it is still running", async () => {
    const loop = file("forever.bin", Uint8Array.from([0xe8, 0x4c, 0x00, 0x04])); // INX ; JMP $0400
    const r = await cli("run", loop, "--frames", "3", "--frame-cycles", "100", "--json");
    expect(JSON.parse(r.out[0]!)).toMatchObject({ stop: "running", frames: 3, cycles: 300, instructions: 120 });
    const text = await cli("run", loop, "--frames", "2", "--frame-cycles", "50");
    expect(text.out[0]).toBe(`${loop}: running at $0400 after 2 frames of 50 cycles`);
  });

  it("run --poke stores bytes first; --timing adds host time and speed", async () => {
    // LDX #3 becomes LDX #1: one round of the loop
    const r = await cli("run", binary, "--poke", "$0401=1", "--json", "--timing");
    const result = JSON.parse(r.out[0]!) as Record<string, number>;
    expect([result.x, result.a, result.cycles, result.instructions]).toEqual([0, 0x42, 11, 5]);
    expect([result.wallSeconds! > 0, typeof result.mips, typeof result.cpuMips]).toEqual([true, "number", "number"]);
    const t = await cli("run", binary, "--timing");
    expect(t.out[3]).toMatch(/^time \d+\.\d{3} s \(cpu \d+\.\d{3} s\): \d+\.\d M instructions\/s \(\d+\.\d per cpu second\)$/);
  });

  it("disasm prints source that reassembles", async () => {
    expect(await cli("disasm", binary, "--org", "$0400")).toEqual({
      code: 0, err: [],
      out: [
        "        .org $0400",
        "        LDX #$03          ; 0400: A2 03",
        "        DEX               ; 0402: CA",
        "        BNE $0402         ; 0403: D0 FD",
        "        LDA #$42          ; 0405: A9 42",
        "        JMP $0407         ; 0407: 4C 07 04",
      ],
    });
  });

  it.each([
    [["missing.bin"], 1, "ejemu run: missing.bin: no such ROM"],
    [["BIN", "--load", "$FFFA"], 1, "ejemu run: BIN: binary is 10 bytes but only 6 fit after $FFFA"],
    [["BIN", "--load", "$10000"], 2, "ejemu run: --load must be an integer 0..65535, not '$10000' (see ejemu run --help)"],
    [["BIN", "--engine", "fast"], 2, "ejemu run: unknown engine 'fast' (choose interp or jit) (see ejemu run --help)"],
    [["BIN", "--decimal", "maybe"], 2, "ejemu run: --decimal must be on or off, not 'maybe' (see ejemu run --help)"],
    [["BIN", "--max-cycles=-5"], 2, "ejemu run: --max-cycles must be an integer 1..9007199254740991, not '-5' (see ejemu run --help)"],
    [["BIN", "--max-cycles", "-1"], 2, "ejemu run: --max-cycles must be an integer 1..9007199254740991, not '-1' (see ejemu run --help)"],
    [["BIN", "--keys", "0:1+"], 2, "ejemu run: --keys: no key '1' (this machine has no keys) (see ejemu run --help)"],
    [["BIN", "--bogus"], 2, "ejemu run: unknown option '--bogus' (see ejemu run --help)"],
    [["BIN", "--profile", "schip"], 2, "ejemu run: unknown option '--profile' (see ejemu run --help)"],
    [["--load", "0"], 2, "ejemu run: needs exactly one ROM (see ejemu run --help)"],
  ])("run %j exits %i with one line", async (args, code, message) => {
    const r = await cli("run", ...args.map((a) => (a === "BIN" ? binary : a)));
    expect(r).toEqual({ code, out: [], err: [message.replace("BIN", binary)] });
  });

  it("asm: bad source and a missing -o are one line", async () => {
    const bad = file("bad.s65", "NOP\nLDA (\n");
    expect(await cli("asm", bad, "-o", `${scratch}/bad.bin`)).toEqual({ code: 1, out: [], err: [`ejemu asm: ${bad}:2: expression "(" ends early`] });
    expect(await cli("asm", source)).toEqual({ code: 2, out: [], err: ["ejemu asm: needs -o ROM (see ejemu asm --help)"] });
  });
});
