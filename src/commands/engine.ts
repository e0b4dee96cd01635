/** --engine and --engines: which CPU engine runs the guest. */
import { ENGINE_NAMES, isEngineName, type EngineName } from "../../cpu/engine.js";
import { hostArch } from "../../ejit/regs.js";
import type { MachineDefinition } from "../machines/definition.js";
import { CliError, EXIT_USAGE, parseInteger, usageError } from "./common.js";

export const ENGINE_HELP = "interp (the interpreter) or jit (the recompiler)";

/**
 * The engine for --engine. `fallback` is the engine used when the flag is
 * absent; when that is jit on a host Ejit has no backend for, the
 * interpreter runs instead and `notice` is told so in one line. Asking for
 * jit explicitly on such a host is a usage error.
 */
export function chooseEngine(
  name: string | undefined, fallback: EngineName = "interp", notice?: (line: string) => void, machine?: MachineDefinition,
): EngineName {
  const wanted = name ?? fallback;
  if (!isEngineName(wanted)) throw usageError(`unknown engine '${name}' (choose ${ENGINE_NAMES.join(" or ")})`);
  if (machine !== undefined && !machine.engines.includes(wanted)) {
    if (name !== undefined) throw usageError(`${machine.name} has no ${wanted} engine yet (it runs under ${machine.engines.join(", ")})`);
    notice?.(`${machine.name} runs under ${machine.engines[0]} only for now`);
    return machine.engines[0]!;
  }
  if (wanted === "jit" && hostArch === undefined) {
    if (name !== undefined) throw new CliError(`the jit engine has no backend for host ${process.arch}; use --engine interp`, EXIT_USAGE);
    notice?.(`no recompiler backend for host ${process.arch}: using the interpreter`);
    return "interp";
  }
  return wanted;
}

export const TIER_HELP = "  --tier N              JIT: interpret a block N times before compiling it (0: compile at once; default: the JIT's)";

/** `--tier N`, or undefined when absent. */
export function parseTier(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseInteger(text, "--tier", 0, 65535);
}

/** `--engines interp,jit`: default both (only interp where Ejit has no backend for this host). */
export function parseEngineList(text: string | undefined, machine?: MachineDefinition): EngineName[] {
  if (text === undefined) return (hostArch === undefined ? ["interp"] as EngineName[] : ["interp", "jit"] as EngineName[]).filter((e) => machine?.engines.includes(e) ?? true);
  const names = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const n of names) {
    if (!isEngineName(n)) throw usageError(`unknown engine '${n}' in --engines (choose ${ENGINE_NAMES.join(", ")})`);
    if (n === "jit" && hostArch === undefined) throw new CliError(`the jit engine has no backend on ${process.arch}`, EXIT_USAGE);
    if (machine !== undefined && !machine.engines.includes(n)) throw usageError(`${machine.name} has no ${n} engine yet (it runs under ${machine.engines.join(", ")})`);
  }
  if (names.length === 0) throw usageError("--engines needs at least one engine");
  return names as EngineName[];
}
