import { describe, expect, it } from "vitest";
import { refCycleErratum, runFile, vectorFiles } from "./vectors.js";

// All 244 non-JAM opcodes x 100 cases, NMOS decimal mode; each case runs on
// flat RAM and on a recording bus (whose cycle count must equal the timing).
describe("6502 reference vectors (ref/, decimal mode on)", () => {
  const files = vectorFiles("ref");
  it("has all 244 non-JAM opcode files", () => {
    expect(files.length).toBe(244);
  });
  it.each(files)("%s", (file) => {
    expect(runFile("ref", file, { decimal: true, pMask: 0xff, cycleAdjust: refCycleErratum(file) })).toBeNull();
  });
});
