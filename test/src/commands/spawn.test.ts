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

function ejemuWithInput(input: string, ...args: string[]) {
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
    expect(ejemu("run", bad, "--frames", "1")).toEqual({ code: 1, stdout: "", stderr: "ejemu: unknown opcode 0xe1ff at 0x0202\n" });
    expect(ejemu("run", "/nonexistent.ch8", "--frames", "1")).toEqual({ code: 1, stdout: "", stderr: "ejemu: /nonexistent.ch8: no such ROM\n" });
    expect(ejemu("run", bad, "--bogus")).toEqual({ code: 2, stdout: "", stderr: "ejemu: run: unknown option '--bogus' (see ejemu run --help)\n" });
  });
});
