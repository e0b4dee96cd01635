/** --engine: which CPU engine runs the guest. */
import { disassembleAt } from "../../cpu/chip8/disasm.js";
import type { Chip8Engine, Chip8EngineFactory } from "../../cpu/chip8/engine.js";
import { Chip8Interpreter } from "../../cpu/chip8/interpreter.js";
import { CliError, EXIT_USAGE, usageError } from "./common.js";

export const ENGINE_HELP = "interp (the interpreter); jit comes with the CHIP-8 recompiler";

/** The factory for --engine (default interp); jit exits 2 until the recompiler lands. */
export function engineFactory(name: string | undefined): Chip8EngineFactory {
  switch (name ?? "interp") {
    case "interp":
      return (state, settings) => new Chip8Interpreter(state, settings);
    case "jit":
      throw new CliError("the jit engine is not built yet (it comes with the CHIP-8 recompiler); use --engine interp", EXIT_USAGE);
    default:
      throw usageError(`unknown engine '${name}' (choose interp or jit)`);
  }
}

/**
 * Wrap an engine so that each instruction is reported before it runs
 * ("0200: 6005  ld v0, 0x05"), for `run --trace`. Runs one instruction per
 * call of the inner engine, so it is slow by design.
 */
export function tracingFactory(inner: Chip8EngineFactory, report: (line: string) => void): Chip8EngineFactory {
  return (state, settings) => {
    const engine = inner(state, settings);
    const traced: Chip8Engine = {
      name: engine.name,
      invalidate: (start, end) => engine.invalidate(start, end),
      run(maxInstructions: number): number {
        let executed = 0;
        while (executed < maxInstructions) {
          const pc = state.pc;
          const mem = state.memory;
          const opcode = ((mem[pc]! << 8) | mem[(pc + 1) & 0xffff]!).toString(16).padStart(4, "0");
          const text = disassembleAt(mem, pc, settings.instructionSet)?.text ?? "(unknown)";
          report(`${pc.toString(16).padStart(4, "0")}: ${opcode}  ${text}`);
          const ran = engine.run(1);
          executed += ran;
          if (ran === 0 || state.halt !== 0) break;
        }
        return executed;
      },
    };
    return traced;
  };
}
