/**
 * Building a CHIP-8 machine for an engine: the interpreter over a plain
 * state block, or the recompiler over a state block in native memory that
 * the machine owns and frees. The recompiler (and with it koffi) is loaded
 * only when it is chosen.
 */
import { disassembleAt } from "../../../cpu/chip8/disasm.js";
import type { Chip8Engine, Chip8EngineFactory } from "../../../cpu/chip8/engine.js";
import type { Chip8Settings } from "../../../cpu/chip8/quirks.js";
import { HaltReason, Chip8Offset } from "../../../cpu/chip8/state.js";
import type { EngineName } from "../../../cpu/engine.js";
import type { MachineJit } from "../machine.js";
import { Chip8Machine, type Chip8MachineOptions } from "./machine.js";

export interface Chip8CreateOptions {
  readonly settings: Chip8Settings;
  readonly title?: string;
  readonly engine: EngineName;
  /** Each instruction reported before it runs ("0200: 6005  ld v0, 0x05"); one instruction per engine call. */
  readonly trace?: (line: string) => void;
  /** JIT: count block entries and keep each block's IR (for `blocks`). */
  readonly inspect?: boolean;
  /** JIT: runs in the interpreter before a block is compiled (the JIT's default when absent). */
  readonly tierThreshold?: number;
  /** Picture rotation, key hints and the settings note, passed to the machine. */
  readonly extras?: Pick<Chip8MachineOptions, "rotation" | "keyHints" | "settingsNote">;
}

export async function createChip8Machine(rom: Uint8Array, options: Chip8CreateOptions): Promise<Chip8Machine> {
  const { settings } = options;
  // Trace lines start with the frame they ran in.
  let built: Chip8Machine | undefined;
  const report = options.trace;
  const trace = report === undefined ? undefined : (line: string) => report(`${built?.frame ?? 0} ${line}`);
  if (options.engine === "interp") {
    const { Chip8Interpreter } = await import("../../../cpu/chip8/interpreter.js");
    const factory: Chip8EngineFactory = (state, s) => new Chip8Interpreter(state, s);
    return (built = new Chip8Machine(rom, { ...options.extras, settings, title: options.title, engine: trace ? tracing(factory, trace) : factory }));
  }
  const [{ Chip8Jit }, { allocateChip8JitMemory }, diagnose] = await Promise.all([
    import("../../../cpu/chip8/jit.js"),
    import("../../../cpu/chip8/jit-state.js"),
    import("../../../cpu/chip8/jit-diagnose.js"),
  ]);
  const memory = allocateChip8JitMemory();
  let jit: InstanceType<typeof Chip8Jit> | undefined;
  const factory: Chip8EngineFactory = (state, s) =>
    (jit = new Chip8Jit(state, s, {
      ...(options.inspect ? { countEntries: true, keepIr: true } : {}),
      ...(options.tierThreshold === undefined ? {} : { tierThreshold: options.tierThreshold }),
    }));
  try {
    return built = new Chip8Machine(rom, {
      ...options.extras, settings, title: options.title, buffer: memory.buffer, owned: memory,
      engine: trace ? tracing(factory, trace) : factory,
      jit: (machine): MachineJit => {
        const engine = jit!;
        return {
          runtime: engine.runtime,
          get interpretedInstructions() { return engine.interpretedInstructions; },
          formatBlock: (block, o) => diagnose.formatBlock(engine, block, machine.state.memory, settings, o),
          crossBlocks: (arch) => diagnose.crossBlocks(engine, arch),
          guestText: (pc) => disassembleAt(machine.state.memory, pc, settings.instructionSet)?.text ?? null,
          explainDivergence: (before) => {
            const start = Chip8Machine.stateBlockOf(before);
            // The frame starts by leaving the display wait the last one ended in.
            if (start[Chip8Offset.HALT] === HaltReason.DisplayWait) start[Chip8Offset.HALT] = HaltReason.Running;
            return diagnose.describeDivergence(start, settings, settings.tickrate);
          },
        };
      },
    });
  } catch (error) {
    jit?.dispose();
    memory.dispose();
    throw error;
  }
}

/**
 * Wrap an engine so that each instruction is reported before it runs
 * ("0200: 6005  ld v0, 0x05"), for `run --trace`. Runs one instruction per
 * call of the inner engine, so it is slow by design.
 */
function tracing(inner: Chip8EngineFactory, report: (line: string) => void): Chip8EngineFactory {
  return (state, settings) => {
    const engine = inner(state, settings);
    const traced: Chip8Engine = {
      name: engine.name,
      invalidate: (start, end) => engine.invalidate(start, end),
      dispose: () => engine.dispose?.(),
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
