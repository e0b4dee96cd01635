/**
 * Parsing a command line against the registry: the command's own flags,
 * plus the flags of the machine the file (or --machine) is for. The
 * machine is found first, from a lenient parse that knows every machine's
 * flags; the strict parse then allows only the command's and that
 * machine's. Negative numbers are values, not flags: `--frames -5` means
 * `--frames=-5`, so it gets the flag's own message.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { FlagSpecs, FlagValues, MachineDefinition } from "../machines/definition.js";
import { DetectError, detectMachine, machineNamed } from "../machines/detect.js";
import { MACHINES } from "../machines/registry.js";
import { readInputFile, rewordParseError, usageError } from "./common.js";

/** Flags every command takes. */
export const COMMON_FLAGS: FlagSpecs = {
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};

export const MACHINE_FLAG_HELP = `  --machine NAME        the machine (${MACHINES.map((m) => m.kind).join(", ")}); default: from the file`;

/** Which of a machine's flag sets a command takes. */
export type MachineFlagSet = "program" | "disasm" | "none";

function machineFlags(m: MachineDefinition, set: MachineFlagSet): FlagSpecs {
  return set === "program" ? m.flags : set === "disasm" ? m.disasmFlags : {};
}

/** `--frames -5` -> `--frames=-5` for every string flag in `specs`. */
export function joinNegativeValues(argv: readonly string[], specs: FlagSpecs): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    const next = argv[k + 1];
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
    if (name !== undefined && specs[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      k++;
    } else out.push(arg);
  }
  return out;
}

export interface ParsedCommand {
  readonly values: FlagValues;
  readonly positionals: readonly string[];
  /** The machine, when --machine or a file names one. */
  readonly machine: MachineDefinition | undefined;
  /** The file's bytes, when the command reads a file and one was given. */
  readonly bytes: Uint8Array | undefined;
}

export interface ParseOptions {
  readonly flags: FlagSpecs;
  readonly machineFlags: MachineFlagSet;
  /** Read the first positional as the program (its content can tell the machine). */
  readonly readsFile: boolean;
  /** What the file is called in messages ("ROM", "source file"). */
  readonly what?: string;
}

type ParseSpecs = NonNullable<ParseArgsConfig["options"]>;

function allFlags(options: ParseOptions): ParseSpecs {
  const union: Record<string, FlagSpecs[string]> = { ...COMMON_FLAGS, ...options.flags };
  for (const m of MACHINES) Object.assign(union, machineFlags(m, options.machineFlags));
  return union;
}

function strictParse(argv: string[], specs: FlagSpecs) {
  try {
    return parseArgs({ args: argv, options: specs as ParseSpecs, allowPositionals: true, strict: true });
  } catch (error) {
    throw rewordParseError(error) ?? error;
  }
}

/**
 * Parse `argv` for a command. With --help (or --version) the machine is
 * looked for only in --machine and the file's extension, and nothing is read.
 */
export function parseCommand(argv: readonly string[], options: ParseOptions): ParsedCommand {
  const union = allFlags(options);
  const args = joinNegativeValues(argv, union);
  const lenient = parseArgs({ args, options: union, allowPositionals: true, strict: false });
  const explicit = typeof lenient.values["machine"] === "string" ? lenient.values["machine"] : undefined;
  const first = lenient.positionals[0];
  const quick = lenient.values["help"] === true || lenient.values["version"] === true;
  let machine: MachineDefinition | undefined;
  let bytes: Uint8Array | undefined;
  try {
    if (explicit !== undefined) machine = machineNamed(explicit);
    if (quick) {
      if (machine === undefined && first !== undefined && first !== "-") {
        try { machine = detectMachine(first); } catch { machine = undefined; }
      }
      return { values: lenient.values as FlagValues, positionals: lenient.positionals, machine, bytes };
    }
    if (options.readsFile && first !== undefined && lenient.positionals.length === 1) {
      bytes = readInputFile(first, options.what ?? "file");
      machine ??= detectMachine(first === "-" ? "<stdin>" : first, bytes);
    }
  } catch (error) {
    if (error instanceof DetectError) throw usageError(error.message);
    throw error;
  }
  // No machine yet (no file was given): every machine's flags pass, so that the missing file is what gets reported.
  const specs: FlagSpecs = machine === undefined ? union : { ...COMMON_FLAGS, ...options.flags, ...machineFlags(machine, options.machineFlags) };
  const parsed = strictParse(args, specs);
  return { values: parsed.values as FlagValues, positionals: parsed.positionals, machine, bytes };
}

/** The machine flags' help: the chosen machine's, or every machine's under its name. */
export function machineFlagsHelp(machine: MachineDefinition | undefined, set: MachineFlagSet | "keys"): string {
  const help = (m: MachineDefinition) => (set === "program" ? m.flagsHelp : set === "disasm" ? m.disasmHelp : set === "keys" ? m.keysHelp : "");
  const shown = (machine === undefined ? MACHINES : [machine]).filter((m) => help(m) !== "");
  const heading = set === "keys" ? "keys" : "flags";
  return shown.map((m) => `\n${m.name}, ${heading} (--machine ${m.kind}):\n${help(m)}`).join("\n");
}

export function stringFlag(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

export function stringList(values: FlagValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];
}
