/** --engine: which CPU engine runs the guest. */
import { disassembleAt } from "../../cpu/chip8/disasm.js";
import type { Chip8Engine, Chip8EngineFactory } from "../../cpu/chip8/engine.js";
import { Chip8Interpreter } from "../../cpu/chip8/interpreter.js";
import { hostArch } from "../../ejit/regs.js";
import { CliError, EXIT_USAGE, usageError } from "./common.js";

export const ENGINE_HELP = "interp (the interpreter) or jit (the recompiler)";

export type EngineName = "interp" | "jit";

/** An engine for a Chip8Machine: its factory, and the state buffer it needs (native memory for the JIT). */
export interface EngineChoice {
  readonly name: EngineName;
  readonly factory: Chip8EngineFactory;
  readonly buffer?: ArrayBuffer;
}

/**
 * The engine for --engine. `fallback` is the engine used when the flag is
 * absent; when that is jit on a host Ejit has no backend for, the
 * interpreter runs instead and `notice` is told so in one line. Asking for
 * jit explicitly on such a host is a usage error. The recompiler (and with
 * it koffi) is imported only when it is chosen.
 */
export async function chooseEngine(
  name: string | undefined, fallback: EngineName = "interp", notice?: (line: string) => void,
): Promise<EngineChoice> {
  const wanted = name ?? fallback;
  if (wanted !== "interp" && wanted !== "jit") throw usageError(`unknown engine '${name}' (choose interp or jit)`);
  if (wanted === "jit" && hostArch === undefined) {
    if (name !== undefined) throw new CliError(`the jit engine has no backend for host ${process.arch}; use --engine interp`, EXIT_USAGE);
    notice?.(`no recompiler backend for host ${process.arch}: using the interpreter`);
    return interpreterChoice;
  }
  if (wanted === "interp") return interpreterChoice;
  // Loaded only when asked for: the recompiler brings koffi and native memory.
  const [{ Chip8Jit }, { allocateChip8JitMemory }] = await Promise.all([
    import("../../cpu/chip8/jit.js"),
    import("../../cpu/chip8/jit-state.js"),
  ]);
  const memory = allocateChip8JitMemory();
  return { name: "jit", factory: (state, settings) => new Chip8Jit(state, settings), buffer: memory.buffer };
}

const interpreterChoice: EngineChoice = {
  name: "interp",
  factory: (state, settings) => new Chip8Interpreter(state, settings),
};

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
