import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { failOrSkip, missingToolsMessage, TOOLS, underCi, type Tool } from "./tools.js";

/** A stand-in for vitest's test context that records ctx.skip. */
function fakeContext() {
  const skips: (string | undefined)[] = [];
  return { skips, skip: (note?: string) => void skips.push(note) };
}

describe("test/tools.ts", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it(".ci/run installs exactly the Debian packages of the tools the tests use", () => {
    const script = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");
    const line = /^packages=\(([^)]*)\)$/m.exec(script);
    expect(line).not.toBeNull();
    const installed = line![1]!.trim().split(/\s+/).sort();
    const needed = [...new Set(Object.values(TOOLS).map((t) => t.debian))].sort();
    expect(installed).toEqual(needed);
    expect(installed).toContain("libc6-dev-arm64-cross");
    expect(script).toContain("--no-install-recommends");
  });

  it("names the missing tools and each Debian package once", () => {
    expect(missingToolsMessage([])).toBe("");
    expect(missingToolsMessage(["qemu-aarch64"])).toBe(
      "qemu-aarch64 not found: install the Debian package qemu-user (apt-get install qemu-user)",
    );
    expect(missingToolsMessage(["aarch64-linux-gnu-gcc", "AArch64 C library (static)", "libSDL2-2.0.so.0"])).toBe(
      "aarch64-linux-gnu-gcc, AArch64 C library (static), libSDL2-2.0.so.0 not found: install the Debian packages " +
        "gcc-aarch64-linux-gnu libc6-dev-arm64-cross libsdl2-2.0-0 (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross libsdl2-2.0-0)",
    );
  });

  it("knows CI from the CI variable", () => {
    expect([{ CI: "true" }, { CI: "1" }, { CI: "yes" }].map(underCi)).toEqual([true, true, true]);
    expect([{}, { CI: "" }, { CI: "false" }, { CI: "0" }].map(underCi)).toEqual([false, false, false, false]);
  });

  it("under CI a missing tool fails the test with the package name, and never skips", () => {
    const ctx = fakeContext();
    expect(() => failOrSkip(ctx, ["aarch64-linux-gnu-objdump"], { CI: "true" })).toThrow(
      new Error(
        "CI=true: aarch64-linux-gnu-objdump not found: install the Debian package binutils-aarch64-linux-gnu " +
          "(apt-get install binutils-aarch64-linux-gnu)",
      ),
    );
    expect(ctx.skips).toEqual([]);
  });

  it("outside CI a missing tool skips the test, saying once which package to install", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const ctx = fakeContext();
    const missing: Tool[] = ["Xvfb"];
    failOrSkip(ctx, missing, {});
    failOrSkip(ctx, missing, { CI: "false" });
    const message = "Xvfb not found: install the Debian package xvfb (apt-get install xvfb)";
    expect(ctx.skips).toEqual([message, message]);
    expect(warn.mock.calls).toEqual([[`skipped: ${message}`]]);
  });

  it("does nothing when no tool is missing, under CI or not", () => {
    const ctx = fakeContext();
    failOrSkip(ctx, [], { CI: "true" });
    failOrSkip(ctx, [], {});
    expect(ctx.skips).toEqual([]);
  });
});
