/** --engine: which CPU engine runs the guest. */
import type { Chip8EngineFactory } from "../../cpu/chip8/engine.js";
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
