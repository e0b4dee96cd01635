/**
 * Execution cases shared by every backend: each host (x86-64 natively,
 * AArch64 under qemu-user) runs the same programs and must give the same
 * results, so this table is the executable definition of the IR semantics.
 *
 * Calling convention of a case: if `mem` is given, a buffer of that many
 * bytes (initialised from `mem` when it is a Uint8Array) is allocated and its
 * address is passed in ARGS[0], and `args` fill ARGS[1..]; otherwise `args`
 * fill ARGS[0..]. The program's RES[0] must equal `expect` (as a 64-bit
 * unsigned value), and the buffer must equal `expectMem` when given.
 * Registers are picked through the HostRegs of the host under test, never
 * by x86-64 names.
 */
import { Cond, Ins } from "../../ejit/ir.js";
import type { HostRegs } from "../../ejit/regs.js";

export interface ExecCase {
  readonly name: string;
  readonly program: (r: HostRegs) => Ins[];
  readonly args: readonly bigint[];
  readonly mem?: Uint8Array | number;
  readonly expect: bigint;
  readonly expectMem?: Uint8Array;
}

export const MASK64 = (1n << 64n) - 1n;
export const u64 = (x: bigint): bigint => x & MASK64;

/** The upstream crate's README loop: sum of 1..10000. */
export const readmeLoop: ExecCase = {
  name: "readme loop",
  program: (r) => {
    const COUNT = r.ARGS[0]!, TOT = r.ARGS[1]!, INC = r.ARGS[2]!;
    const LOOP = 0;
    return [
      Ins.movi(COUNT, 10000),
      Ins.movi(TOT, 0),
      Ins.movi(INC, 1),
      Ins.label(LOOP),
      Ins.add(TOT, TOT, COUNT),
      Ins.sub(COUNT, COUNT, INC),
      Ins.cmpi(COUNT, 0),
      Ins.b(Cond.Ne, LOOP),
      Ins.mov(r.RES[0]!, TOT),
      Ins.ret(),
    ];
  },
  args: [],
  expect: 50005000n,
};

/** The upstream crate's five argument pairs for the branch conditions. */
export const branchPairs: readonly (readonly [bigint, bigint])[] = [
  [1n, 1n],
  [1n, 2n],
  [2n, 1n],
  [1n, MASK64],
  [MASK64, 1n],
];

/** Expected outcome of each condition on `branchPairs`. */
export const branchExpect: Readonly<Record<keyof typeof Cond, readonly boolean[]>> = {
  Eq: [true, false, false, false, false],
  Ne: [false, true, true, true, true],
  Sgt: [false, false, true, true, false],
  Sge: [true, false, true, true, false],
  Slt: [false, true, false, false, true],
  Sle: [true, true, false, false, true],
  Ugt: [false, false, true, false, true],
  Uge: [true, false, true, false, true],
  Ult: [false, true, false, true, false],
  Ule: [true, true, false, true, false],
};

function branchCases(): ExecCase[] {
  const out: ExecCase[] = [];
  for (const [name, cond] of Object.entries(Cond) as [keyof typeof Cond, Cond][]) {
    branchPairs.forEach(([a, b], i) => {
      out.push({
        name: `b.${name.toLowerCase()} ${a} ${b}`,
        program: (r) => {
          const IS_TRUE = 1;
          return [
            Ins.cmp(r.ARGS[0]!, r.ARGS[1]!),
            Ins.b(cond, IS_TRUE),
            Ins.movi(r.RES[0]!, 0),
            Ins.ret(),
            Ins.label(IS_TRUE),
            Ins.movi(r.RES[0]!, 1),
            Ins.ret(),
          ];
        },
        args: [a, b],
        expect: branchExpect[name][i] ? 1n : 0n,
      });
    });
  }
  return out;
}

/** Every case; backends' execution tests iterate over this. */
export const execCases: ExecCase[] = [readmeLoop, ...branchCases()];
