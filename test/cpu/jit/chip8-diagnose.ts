/**
 * Divergence reports for the fuzzer and lockstep tests: bisects the frame
 * where the engines first differ down to the instruction, then prints the
 * compiled block that ran there (guest disassembly and IR).
 */
import { formatProgram } from "../../../ejit/index.js";
import { disassembleAt } from "../../../cpu/chip8/disasm.js";
import { Chip8Interpreter } from "../../../cpu/chip8/interpreter.js";
import { Chip8Jit } from "../../../cpu/chip8/jit.js";
import { allocateChip8JitMemory } from "../../../cpu/chip8/jit-state.js";
import type { Chip8Settings } from "../../../cpu/chip8/quirks.js";
import { Chip8State, HaltReason } from "../../../cpu/chip8/state.js";
import { firstStateDifference } from "./chip8-lockstep.js";

/**
 * Starting from `start` (a state block copy), find the smallest instruction
 * count after which the engines differ, and describe the JIT block there.
 */
export function describeDivergence(start: Uint8Array, settings: Chip8Settings, budget: number): string {
  const interpState = new Chip8State();
  const jitState = new Chip8State(allocateChip8JitMemory().buffer);
  const jit = new Chip8Jit(jitState, settings, { keepIr: true });
  const interp = new Chip8Interpreter(interpState, settings);
  const runBoth = (n: number): string | undefined => {
    interpState.bytes.set(start);
    jitState.bytes.set(start);
    jit.invalidate(0, 0x10000);
    if (interpState.halt === HaltReason.DisplayWait) interpState.halt = HaltReason.Running;
    if (jitState.halt === HaltReason.DisplayWait) jitState.halt = HaltReason.Running;
    const a = interp.run(n);
    const b = jit.run(n);
    return firstStateDifference(interpState.bytes, jitState.bytes) ?? (a !== b ? `ran ${a} vs ${b}` : undefined);
  };
  let lo = 0;
  let hi = budget;
  if (runBoth(hi) === undefined) {
    jit.dispose();
    return "(no divergence within the frame when replayed from its start)";
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (runBoth(mid) === undefined) lo = mid;
    else hi = mid;
  }
  runBoth(lo);
  const pc = interpState.pc;
  const diff = runBoth(hi);
  const lines = [`after ${hi} instructions: ${diff}`, `interpreter PC before the divergent step: 0x${pc.toString(16)}`];
  for (const block of jit.runtime.cache.blocks()) {
    if (!block.covered.includes(pc)) continue;
    lines.push(`block 0x${block.pc.toString(16)} (${block.instructions} instructions):`);
    const seen = new Set<number>();
    for (const a of block.covered) {
      if ((a & 1) !== (block.pc & 1) || seen.has(a)) continue;
      seen.add(a);
      const d = disassembleAt(jitState.memory, a, settings.instructionSet);
      lines.push(`  ${a.toString(16).padStart(4, "0")}  ${d?.text ?? "??"}`);
    }
    lines.push(formatProgram(block.ir ?? [], jit.runtime.plan.regs));
  }
  jit.dispose();
  return lines.join("\n");
}
