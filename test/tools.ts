/**
 * The system tools the tests use, each with the Debian package that installs
 * it (.ci/run installs every package named here; tools.test.ts checks that).
 *
 * A test that needs some of them calls `requireTools(ctx, ...)` first, or a
 * describe block calls it in a `beforeEach`. When a tool is missing:
 *  - under CI (CI set, and not "false" or "0") the test FAILS, naming the
 *    Debian package to install: CI must never pass with tests it did not run;
 *  - elsewhere the test is skipped, with one line per missing set of tools
 *    naming the packages.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import koffi from "koffi";
import { sdlAvailable } from "../src/frontend/sdl/bindings.js";

/** Whether `command` runs with `args` and exits 0. */
function runs(command: string, ...args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

/** Whether `command` is on PATH (for programs without a harmless --version, like Xvfb). */
function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", 'command -v "$1"', "sh", command], { stdio: "ignore" }).status === 0;
}

function loads(library: string): boolean {
  try {
    koffi.load(library);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the cross gcc links a static AArch64 program that uses the C
 * library, as the qemu harnesses do. gcc-aarch64-linux-gnu only recommends
 * libc6-dev-arm64-cross, so the compiler can be there without the headers
 * (the error is then "bits/wordsize.h: No such file or directory").
 */
function crossLibcLinks(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "ejemu-tools-"));
  try {
    writeFileSync(join(dir, "probe.c"), "#include <stdio.h>\nint main(void) { puts(\"ok\"); return 0; }\n");
    return runs("aarch64-linux-gnu-gcc", "-static", "-o", join(dir, "probe"), join(dir, "probe.c"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each tool: the Debian package that provides it and how to tell it is there. */
export const TOOLS = {
  "aarch64-linux-gnu-gcc": { debian: "gcc-aarch64-linux-gnu", present: () => runs("aarch64-linux-gnu-gcc", "--version") },
  "AArch64 C library (static)": { debian: "libc6-dev-arm64-cross", present: crossLibcLinks },
  "aarch64-linux-gnu-objdump": { debian: "binutils-aarch64-linux-gnu", present: () => runs("aarch64-linux-gnu-objdump", "--version") },
  "qemu-aarch64": { debian: "qemu-user", present: () => runs("qemu-aarch64", "--version") },
  Xvfb: { debian: "xvfb", present: () => onPath("Xvfb") },
  "libSDL2-2.0.so.0": { debian: "libsdl2-2.0-0", present: sdlAvailable },
  "libX11.so.6": { debian: "libx11-6", present: () => loads("libX11.so.6") },
  python3: { debian: "python3", present: () => runs("python3", "-c", "import zlib") },
} as const satisfies Record<string, { debian: string; present: () => boolean }>;

export type Tool = keyof typeof TOOLS;

/** What a test that runs AArch64 code under qemu-user needs: the static cross toolchain and qemu. */
export const QEMU_AARCH64: readonly Tool[] = ["aarch64-linux-gnu-gcc", "AArch64 C library (static)", "qemu-aarch64"];
/** What a test that opens an SDL window on a private X server needs. */
export const SDL_ON_XVFB: readonly Tool[] = ["libSDL2-2.0.so.0", "Xvfb"];

const found = new Map<Tool, boolean>();

/** The tools of `tools` that are missing, probed once per process. */
export function missingTools(...tools: readonly Tool[]): Tool[] {
  return tools.filter((tool) => {
    let present = found.get(tool);
    if (present === undefined) {
      present = TOOLS[tool].present();
      found.set(tool, present);
    }
    return !present;
  });
}

/** One line naming the missing tools and the Debian packages that install them, or "" when none is missing. */
export function missingToolsMessage(missing: readonly Tool[]): string {
  if (missing.length === 0) return "";
  const packages = [...new Set(missing.map((tool) => TOOLS[tool].debian))];
  return `${missing.join(", ")} not found: install the Debian package${packages.length > 1 ? "s" : ""} ${packages.join(" ")} (apt-get install ${packages.join(" ")})`;
}

/** Whether the tests run under CI, where a missing tool is a failure and not a skip. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

const warned = new Set<string>();

/** The part of a vitest test context this needs. */
export interface SkippableContext {
  skip(note?: string): void;
}

/**
 * Fail (under CI) or skip (elsewhere) the current test when one of `tools`
 * is missing; do nothing when all are there. Call it first in the test, or in
 * a beforeEach for every test of a describe block.
 */
export function requireTools(ctx: SkippableContext, ...tools: readonly Tool[]): void {
  failOrSkip(ctx, missingTools(...tools), process.env);
}

/** What requireTools does once it knows which tools are missing (apart so that it can be tested). */
export function failOrSkip(ctx: SkippableContext, missing: readonly Tool[], env: NodeJS.ProcessEnv): void {
  const message = missingToolsMessage(missing);
  if (message === "") return;
  if (underCi(env)) throw new Error(`CI=${env.CI}: ${message}`);
  if (!warned.has(message)) {
    warned.add(message);
    console.warn(`skipped: ${message}`);
  }
  ctx.skip(message);
}
