import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { runFile, vectorFiles, vectorRoot } from "./vectors.js";

// Tom Harte's nes6502 vectors: decimal mode disabled (2A03), bus cycles
// compared one by one. $3C, $5C and $6B come from older file versions whose
// P has bit 4 set, so P is compared with bits 4 and 5 masked there.
describe("6502 Harte nes6502 vectors (decimal off, bus cycles)", () => {
  const files = vectorFiles("harte-nes6502");
  it("has every opcode file of the manifest", () => {
    const manifest = JSON.parse(readFileSync(vectorRoot + "harte-nes6502/manifest.json", "utf8")) as Record<string, number>;
    expect(files).toEqual(Object.keys(manifest).map((op) => `${op}.json`).sort());
    expect(files.length).toBe(123);
  });
  it.each(files)("%s", (file) => {
    const pMask = ["3c.json", "5c.json", "6b.json"].includes(file) ? 0xcf : 0xff;
    expect(runFile("harte-nes6502", file, { decimal: false, pMask })).toBeNull();
  });
});
