/**
 * Executes every shared case of test/ejit/cases.ts as AArch64 code under
 * qemu-user (one qemu process for the whole table) and asserts the result
 * and the buffer exactly. A divergence prints the case, the IR position and
 * the disassembly of what the backend emitted.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { aarch64Backend } from "../../../ejit/aarch64/index.js";
import { aarch64Regs } from "../../../ejit/regs.js";
import { execCases, u64, type ExecCase } from "../cases.js";
import { aluExecCases } from "./exec-alu-cases.js";
import { memExecCases } from "./exec-mem-cases.js";
import { randomCases } from "./random-programs.js";
import { QEMU_AARCH64, requireTools } from "../../tools.js";
import { disassemble, runBatch, type RunRecord } from "./qemu-runner.js";


function memOf(c: ExecCase): Uint8Array | undefined {
  if (c.mem === undefined) return undefined;
  return typeof c.mem === "number" ? new Uint8Array(c.mem) : c.mem.slice();
}

function hex(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? "(none)" : Buffer.from(bytes).toString("hex");
}

/** The first byte where two buffers differ, for the failure message. */
function firstDifference(got: Uint8Array | undefined, want: Uint8Array): string {
  if (got === undefined) return "no buffer";
  for (let k = 0; k < Math.max(got.length, want.length); k++) {
    if (got[k] !== want[k]) return `buffer byte 0x${k.toString(16)}: got ${got[k]}, want ${want[k]}`;
  }
  return "buffers equal";
}

/**
 * Runs a table of cases in one qemu process; throws on the first divergence
 * with the case name and the disassembly. Returns how many were checked.
 */
function runCases(cases: readonly ExecCase[]): number {
  {
    const records: RunRecord[] = cases.map((c) => {
      const out = aarch64Backend.assemble(c.program(aarch64Regs));
      if (!out.ok) throw new Error(`${c.name}: ${out.error.kind}: ${out.error.message} at ${out.error.index}`);
      const mem = memOf(c);
      return { code: out.bytes.slice(), args: c.args, ...(mem ? { mem } : {}) };
    });
    const outcomes = runBatch(records);
    let checked = 0;
    outcomes.forEach((o, k) => {
      const c = cases[k]!;
      const wantMem = c.expectMem;
      const good =
        o.ok && o.result === u64(c.expect) && (wantMem === undefined || hex(o.mem) === hex(wantMem));
      if (!good) {
        const got = o.ok ? `result 0x${o.result.toString(16)}` : o.failure;
        const memNote = wantMem === undefined || !o.ok ? "" : `; ${firstDifference(o.mem, wantMem)}`;
        const listing = disassemble(records[k]!.code).slice(0, 400).join("\n");
        throw new Error(`case "${c.name}": got ${got}; want 0x${u64(c.expect).toString(16)}${memNote}\n${listing}`);
      }
      checked++;
    });
    return checked;
  }
}

describe("aarch64 execution under qemu-user", () => {
  // objdump lists the code of a failing case.
  beforeEach((ctx) => requireTools(ctx, ...QEMU_AARCH64, "aarch64-linux-gnu-objdump"));

  it(`runs all ${execCases.length} shared cases of cases.ts with exact results`, () => {
    expect(runCases(execCases)).toBe(execCases.length);
  });

  it.each([
    ["ALU", aluExecCases],
    ["memory, frames, control and vector", memExecCases],
    ["random-program (against a BigInt reference of the IR)", randomCases(150, 60, 20261125)],
  ] as const)("runs the AArch64 %s cases with exact results", (_name, cases) => {
    expect(runCases(cases)).toBe(cases.length);
  });
});
