/** The upstream crate's README example, line for line. */
import { expect, test } from "vitest";
import { Cond, Executable, Ins, R, regs } from "../../ejit/index.js";

test("README loop: the sum of 1..10000", () => {
  const COUNT = R(0), TOT = R(1), INC = R(2), LOOP = 0;
  const exe = Executable.fromIr([
    Ins.movi(COUNT, 10000), Ins.movi(TOT, 0), Ins.movi(INC, 1),
    Ins.label(LOOP), Ins.add(TOT, TOT, COUNT), Ins.sub(COUNT, COUNT, INC),
    Ins.cmpi(COUNT, 0), Ins.b(Cond.Ne, LOOP),
    Ins.mov(regs.RES[0], TOT), Ins.ret(),
  ]);
  expect(exe.call(0, [])).toBe(50005000n);
  expect(exe.call()).toBe(50005000n);
  exe.free();
});
