import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { asmMos6502, disasmMos6502, runMos6502 } from "../../../src/commands/mos6502.js";

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), "ejemu-6502-"));
const source = join(dir, "count.s");
const binary = join(dir, "count.bin");
writeFileSync(source, ".org $0400\n        LDX #3\nloop:   DEX\n        BNE loop\n        LDA #$42\ndone:   JMP done\n");

describe("ejemu asm / run / disasm for the 6502", () => {
  it("asm writes the binary and says where it goes", async () => {
    expect(await asmMos6502([source, "-o", binary])).toBe(0);
    expect(out).toBe(`${binary}: 10 bytes, $0400-$0409\n`);
    expect(Array.from(readFileSync(binary))).toEqual([0xa2, 0x03, 0xca, 0xd0, 0xfd, 0xa9, 0x42, 0x4c, 0x07, 0x04]);
  });

  it("run prints the stop reason, registers and counts", async () => {
    expect(await runMos6502([binary, "--machine", "6502", "--load", "$0400", "--entry", "0x400"])).toBe(0);
    expect(out).toBe(
      "stop: trap at $0407\n" +
      "A=$42 X=$00 Y=$00 S=$FD P=$24 (nv-bdIzc)\n" +
      "cycles: 21  instructions: 9\n",
    );
    expect(err).toBe("");
  });

  it("run --json prints one object", async () => {
    expect(await runMos6502([binary, "--load", "1024", "--entry", "1024", "--json"])).toBe(0);
    expect(JSON.parse(out)).toEqual({
      stop: "trap", pc: 0x0407, a: 0x42, x: 0, y: 0, s: 0xfd, p: 0x24, cycles: 21, instructions: 9,
    });
  });

  it("run --trace prints a line per instruction; --max-cycles stops early", async () => {
    expect(await runMos6502([binary, "--load", "$400", "--entry", "$400", "--trace", "--max-cycles", "5"])).toBe(0);
    expect(out).toBe(
      "0400  A2 03     LDX #$03          A:00 X:00 Y:00 P:24 SP:FD CYC:0\n" +
      "0402  CA        DEX               A:00 X:03 Y:00 P:24 SP:FD CYC:2\n" +
      "0403  D0 FD     BNE $0402         A:00 X:02 Y:00 P:24 SP:FD CYC:4\n" +
      "stop: cycle-limit at $0402\n" +
      "A=$00 X=$02 Y=$00 S=$FD P=$24 (nv-bdIzc)\n" +
      "cycles: 7  instructions: 3\n",
    );
  });

  it("run --poke stores bytes first; --time adds host time and speed", async () => {
    // LDX #3 becomes LDX #1: one round of the loop
    expect(await runMos6502([binary, "--load", "$400", "--entry", "$400", "--poke", "$0401=1", "--json", "--time"])).toBe(0);
    const result = JSON.parse(out) as Record<string, number>;
    expect([result.x, result.a, result.cycles, result.instructions]).toEqual([0, 0x42, 11, 5]);
    expect([result.seconds! > 0, typeof result.mips]).toEqual([true, "number"]);
    out = "";
    expect(await runMos6502([binary, "--load", "$400", "--entry", "$400", "--time"])).toBe(0);
    expect(out.split("\n")[3]).toMatch(/^time: \d+\.\d{3} s, \d+\.\d million instructions\/s$/);
    expect(await runMos6502([binary, "--load", "$400", "--entry", "$400", "--poke", "$0401"])).toBe(1);
    expect(err).toBe('ejemu run: --poke: "$0401" is not ADDR=VALUE\n');
  });

  it("disasm prints source that reassembles", async () => {
    expect(await disasmMos6502([binary, "--org", "$0400"])).toBe(0);
    expect(out).toBe(
      "        .org $0400\n" +
      "        LDX #$03          ; 0400: A2 03\n" +
      "        DEX               ; 0402: CA\n" +
      "        BNE $0402         ; 0403: D0 FD\n" +
      "        LDA #$42          ; 0405: A9 42\n" +
      "        JMP $0407         ; 0407: 4C 07 04\n",
    );
  });

  it("prints help and exits 0", async () => {
    expect(await runMos6502(["--help"])).toBe(0);
    expect(out.split("\n")[0]).toBe("usage: ejemu run FILE --machine 6502 --load ADDR --entry ADDR [options]");
    expect(await asmMos6502(["--help"])).toBe(0);
    expect(await disasmMos6502(["--help"])).toBe(0);
  });

  it.each([
    [["missing.bin", "--load", "0", "--entry", "0"], 1, "ejemu run: cannot read missing.bin: no such file"],
    [["BIN", "--load", "$FFFA", "--entry", "0"], 1, "ejemu run: BIN: binary is 10 bytes but only 6 fit after $FFFA"],
    [["BIN", "--load", "$400"], 1, "ejemu run: --entry ADDR is required"],
    [["BIN", "--load", "$10000", "--entry", "0"], 1, 'ejemu run: --load: "$10000" is not an address in $0000-$FFFF'],
    [["BIN", "--load", "0", "--entry", "0", "--engine", "fast"], 1, 'ejemu run: --engine must be interp or jit, not "fast"'],
    [["BIN", "--load", "0", "--entry", "0", "--decimal", "maybe"], 1, 'ejemu run: --decimal must be on or off, not "maybe"'],
    [["BIN", "--load", "0", "--entry", "0", "--max-cycles=-5"], 1, 'ejemu run: --max-cycles must be a positive integer, not "-5"'],
    [["--load", "0", "--entry", "0"], 1, "ejemu run: expected one binary file, got 0"],
  ])("run %j exits %i with one line", async (args, code, message) => {
    const argv = args.map((a) => (a === "BIN" ? binary : a));
    expect(await runMos6502(argv)).toBe(code);
    expect(err).toBe(message.replace("BIN", binary) + "\n");
    expect(out).toBe("");
  });

  it("reports unknown options, bad source and a missing -o as one line", async () => {
    expect(await runMos6502([binary, "--bogus"])).toBe(1);
    expect(err.startsWith("ejemu run: Unknown option '--bogus'")).toBe(true);
    expect(err.split("\n").length).toBe(2);
    err = "";
    const bad = join(dir, "bad.s");
    writeFileSync(bad, "NOP\nLDA (\n");
    expect(await asmMos6502([bad, "-o", join(dir, "bad.bin")])).toBe(1);
    expect(err).toBe(`ejemu asm: ${bad}:2: expression "(" ends early\n`);
    err = "";
    expect(await runMos6502([binary, "--max-cycles", "-5"])).toBe(1);
    expect(err).toBe("ejemu run: Option '--max-cycles' argument is ambiguous.\n");
    err = "";
    expect(await asmMos6502([source])).toBe(1);
    expect(err).toBe("ejemu asm: -o FILE is required\n");
  });
});
