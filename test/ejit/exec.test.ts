/**
 * Runs every shared execution case of cases.ts natively on this host through
 * `Executable` (the host's backend, installed in a code arena) and checks the
 * returned value and the buffer exactly. A failure names the case and shows
 * the IR and the host disassembly.
 */
import koffi from "koffi";
import { afterAll, describe, expect, test } from "vitest";
import { CodeArena } from "../../ejit/arena.js";
import { Executable } from "../../ejit/executable.js";
import { formatProgram } from "../../ejit/format.js";
import { Ins } from "../../ejit/ir.js";
import { hostArch, regs } from "../../ejit/regs.js";
import { execCases, readmeLoop, u64, type ExecCase } from "./cases.js";

const arena = new CodeArena({ size: 8 << 20 });
afterAll(() => arena.dispose());

function hex(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? "(none)" : Buffer.from(bytes).toString("hex");
}

/** The first differing byte, as a readable note (buffers can be kilobytes long). */
function firstDifference(got: Uint8Array, want: Uint8Array): string {
  for (let k = 0; k < Math.max(got.length, want.length); k++) {
    if (got[k] !== want[k]) {
      const word = k & ~7;
      return `first difference at byte ${k} (word ${word / 8}): got ${hex(got.subarray(word, word + 8))}, want ${hex(want.subarray(word, word + 8))}`;
    }
  }
  return "buffers equal";
}

/** Run one case; returns undefined when it gives exactly the expected result and buffer. */
function run(c: ExecCase): string | undefined {
  const program = c.program(regs);
  const exe = Executable.fromIr(program, { arena });
  try {
    const mem = c.mem === undefined ? undefined : Buffer.from(typeof c.mem === "number" ? new Uint8Array(c.mem) : c.mem);
    const args: (number | bigint)[] = mem === undefined ? [...c.args] : [koffi.address(mem) as bigint, ...c.args];
    const result = exe.call(0, args);
    const memOk = c.expectMem === undefined || (mem !== undefined && Buffer.compare(mem, c.expectMem) === 0);
    if (result === u64(c.expect) && memOk) return undefined;
    const memNote = c.expectMem === undefined || mem === undefined ? "" : `; ${firstDifference(mem, c.expectMem)}`;
    return `case "${c.name}": result 0x${result.toString(16)}, want 0x${u64(c.expect).toString(16)}${memNote}\n` +
      `${program.length < 60 ? formatProgram(program, regs) + "\n" + exe.disassemble() : "(program too long to print)"}`;
  } finally {
    exe.free();
  }
}

describe(`execution of the shared cases on this host (${hostArch ?? "no backend"})`, () => {
  test(`all ${execCases.length} cases give exact results and buffers`, () => {
    const failures: string[] = [];
    for (const c of execCases) {
      const failure = run(c);
      if (failure !== undefined && failures.length < 5) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  test("the README loop returns 50005000", () => {
    expect(run(readmeLoop)).toBeUndefined();
    const exe = Executable.fromIr(readmeLoop.program(regs), { arena });
    expect(exe.call(0, [])).toBe(50005000n);
    exe.free();
  });

  test("a wrong expectation is reported (the harness can fail)", () => {
    const wrong: ExecCase = { name: "wrong on purpose", program: (r) => [Ins.movi(r.RES[0]!, 5), Ins.ret()], args: [], expect: 6n };
    expect(run(wrong)).toMatch(/result 0x5, want 0x6/);
    const wrongMem: ExecCase = {
      name: "wrong buffer on purpose",
      program: (r) => [Ins.movi(r.ARGS[1]!, 9), Ins.st(0, r.ARGS[1]!, r.ARGS[0]!, 3), Ins.movi(r.RES[0]!, 0), Ins.ret()],
      args: [],
      mem: 8,
      expect: 0n,
      expectMem: new Uint8Array(8),
    };
    expect(run(wrongMem)).toMatch(/first difference at byte 3/);
  });
});
