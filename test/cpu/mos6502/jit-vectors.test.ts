import { afterAll, describe, expect, it } from "vitest";
import { makeJitCpu, runJitFile } from "./jit-harness.js";
import { refCycleErratum, vectorFiles } from "./vectors.js";

// Every single-instruction vector, one native instruction at a time (the
// engine in single-step mode): registers, memory and cycles.
describe("6502 JIT: reference vectors (ref/, decimal mode on)", () => {
  const j = makeJitCpu(true, { singleStep: true });
  afterAll(() => j.dispose());
  it.each(vectorFiles("ref"))("%s", (file) => {
    expect(runJitFile(j, "ref", file, { decimal: true, pMask: 0xff, cycleAdjust: refCycleErratum(file) })).toBeNull();
  });
});

describe("6502 JIT: Harte nes6502 vectors (decimal off)", () => {
  const j = makeJitCpu(false, { singleStep: true });
  afterAll(() => j.dispose());
  it.each(vectorFiles("harte-nes6502"))("%s", (file) => {
    const pMask = ["3c.json", "5c.json", "6b.json"].includes(file) ? 0xcf : 0xff;
    expect(runJitFile(j, "harte-nes6502", file, { decimal: false, pMask })).toBeNull();
  });
});
