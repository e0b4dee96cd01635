import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { file, repoPath, words } from "./helpers.js";

/** The built executable, compiled once into a scratch folder (the shared dist/ is left alone). */
let cliJs = "";

beforeAll(() => {
  // Inside node_modules so that the built code finds koffi and iced-x86 as an installed copy would.
  const cache = repoPath("node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, "ejemu-build-"));
  try {
    execFileSync(process.execPath, [repoPath("node_modules/typescript/bin/tsc"), "-p", repoPath("tsconfig.json"), "--outDir", out], { stdio: "pipe" });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the checks below need only ours.
  }
  cliJs = join(out, "src", "cli.js");
});

function ejemu(...args: string[]) {
  return ejemuWithInput("", ...args);
}

function ejemuWithInput(input: string | Uint8Array, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { input, encoding: "utf8", env: { ...process.env, EMU_DEBUG: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the built ejemu executable", () => {
  it("starts with a shebang", () => {
    expect(readFileSync(cliJs, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  it("runs a ROM and exits 0", () => {
    const r = ejemu("run", repoPath("roms/chip8/snake.ch8"), "--frames", "60", "--json");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toMatchObject({ halt: "key-wait", framebufferSha256: "92b37ddb4b2ead430747f00bda20ff9838134623afb6b43dd4fea06353842fc2" });
  });

  it("round-trips through a pipe: disasm | asm -", () => {
    const listing = ejemu("disasm", repoPath("roms/chip8/selftest.ch8"));
    expect(listing.code).toBe(0);
    const out = file("piped.ch8", "");
    const r = ejemuWithInput(listing.stdout, "asm", "-", "-o", out);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(readFileSync(out).equals(readFileSync(repoPath("roms/chip8/selftest.ch8")))).toBe(true);
  });

  it("ends quietly when the reader closes the pipe", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${cliJs}" run "${repoPath("roms/chip8/snake.ch8")}" --frames 600 --trace | head -1`], { encoding: "utf8" });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "0 0200: 00e0  cls\n", ""]);
  });

  it("fails with one line and a non-zero exit, no stack trace", () => {
    const bad = file("spawn-bad.ch8", words(0x6001, 0xe1ff));
    expect(ejemu("run", bad, "--frames", "1", "--json")).toMatchObject({ code: 1, stderr: `ejemu run: ${bad}: unknown opcode 0xe1ff at 0x0202\n` });
    expect(ejemu("run", "/nonexistent.ch8", "--frames", "1")).toEqual({ code: 1, stdout: "", stderr: "ejemu run: /nonexistent.ch8: no such ROM\n" });
    expect(ejemu("run", bad, "--bogus")).toEqual({ code: 2, stdout: "", stderr: "ejemu run: unknown option '--bogus' (see ejemu run --help)\n" });
  });

  it("asm - and disasm - read standard input for every machine; the source tells the assembler", () => {
    const out = file("stdin.bin", "");
    // the output is named .ch8, and still the 6502 source is assembled as 6502
    const asm = ejemuWithInput(".org $0400\nloop: JMP loop\n", "asm", "-", "-o", out);
    expect(asm).toEqual({ code: 0, stdout: `${out}: 3 bytes, $0400-$0402\n`, stderr: "" });
    const dis = ejemuWithInput(readFileSync(out), "disasm", "-", "--machine", "6502", "--org", "0x400");
    expect(dis).toEqual({ code: 0, stdout: "        .org $0400\n        JMP $0400         ; 0400: 4C 00 04\n", stderr: "" });
    const chip = ejemuWithInput(Uint8Array.from([0x00, 0xe0]), "disasm", "-", "--machine", "chip8");
    expect([chip.code, chip.stdout.split("\n")[1]]).toEqual([0, "    cls                      ; 0200: 00e0"]);
    expect(ejemuWithInput(Uint8Array.from([0x00, 0xe0]), "disasm", "-")).toEqual({
      code: 2, stdout: "",
      stderr: "ejemu disasm: cannot tell the machine from '<stdin>': use a known extension (.ch8 .c8 .sc8 .xo8 .8o .bin .65b .6502 .s65 .a65 .nes .n65) or --machine chip8|6502|nes (see ejemu disasm --help)\n",
    });
  });

  it("the bench scripts answer --help", () => {
    for (const script of ["bench/chip8.js", "bench/chip8-compile.js", "bench/index.js"]) {
      const r = spawnSync(process.execPath, [join(cliJs, "../../", script), "--help"], { encoding: "utf8" });
      expect([script, r.status, r.stderr, r.stdout.startsWith("usage: ")]).toEqual([script, 0, "", true]);
    }
  });
});
