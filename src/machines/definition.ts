/**
 * What a machine contributes to the command line, beside the Machine
 * itself: how its files are recognised, its flags and their help, how a
 * file and those flags become a program ready to start under an engine,
 * and its assembler and disassembler. The registry (registry.ts) lists one
 * MachineDefinition per machine; the commands in src/commands/ read only
 * this interface and Machine, never a particular machine.
 */
import type { EngineName } from "../../cpu/engine.js";
import type { Machine } from "./machine.js";

export interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;
export type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** The commands that run a program (and so take the machine's program flags). */
export type RunningCommand = "run" | "play" | "bench" | "blocks";

/** A file (or standard input) and the parsed flags, for a machine to load. */
export interface LoadRequest {
  /** The file's path, or "-" for standard input. */
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly values: FlagValues;
  readonly command: RunningCommand;
  /** One line for something that is ignored but worth saying (an unknown key in an options file). */
  readonly warn?: (line: string) => void;
}

export interface MachineCreateOptions {
  /** Report each instruction before it runs, as one line (`run --trace`). */
  readonly trace?: (line: string) => void;
  /** Recompiler: count block entries and keep each block's IR (`blocks`). */
  readonly inspect?: boolean;
  /** Recompiler: interpret a block this many times before compiling it (0: compile at first reach). */
  readonly tierThreshold?: number;
}

/** A program with its settings, ready to start under either engine as often as wanted. */
export interface MachineProgram {
  readonly path: string;
  /** For the window title: the ROM's name (and title, where known). */
  readonly title: string;
  /** The settings in one line, for the bench and blocks headers ("profile chip8, tickrate 15"). */
  readonly settingsLine: string;
  /** Frames each command runs without --frames; undefined means --frames is required. Infinity: until the guest stops. */
  readonly defaultFrames: Readonly<Partial<Record<RunningCommand, number>>>;
  create(engine: EngineName, options?: MachineCreateOptions): Promise<Machine>;
}

export interface MachineAssembler {
  /** Assemble `source`; errors are thrown as one-line Errors naming `name` and the line. */
  assemble(source: string, name: string): { readonly bytes: Uint8Array; readonly report: (output: string) => string };
  /** How much `source` looks like this assembler's language (lines that parse as its instructions). */
  score(source: string): number;
}

/** One program of a machine's benchmark suite (`ejemu bench --suite`). */
export interface BenchSuiteEntry {
  /** The program, relative to the installation's roms/ folder. */
  readonly file: string;
  /** What it stresses, in a few words. */
  readonly what: string;
  /** The flags it runs with (the machine's and bench's own: --tickrate, --frames, --poke ...). */
  readonly args: readonly string[];
}

export interface MachineDefinition {
  /** The name `--machine` takes ("chip8", "6502"). */
  readonly kind: string;
  /** For help and errors ("CHIP-8 / SUPER-CHIP / XO-CHIP"). */
  readonly name: string;
  /** The engines the machine runs under (a machine without a recompiler yet: ["interp"]). */
  readonly engines: readonly EngineName[];
  /** Program files, lower case with the dot (".ch8"). */
  readonly extensions: readonly string[];
  /** Assembler source files (".8o", ".s65"). */
  readonly sourceExtensions: readonly string[];
  /** True when the bytes are certainly this machine's by their content (a header, a magic number). */
  claims?(bytes: Uint8Array): boolean;
  /** Flags of run, play, bench and blocks that only this machine has. */
  readonly flags: FlagSpecs;
  /** Their help lines (indented two spaces, one per flag), and what a frame is and how many each command runs. */
  readonly flagsHelp: string;
  /** The keys in `play` and the guest key names for `--keys`, in a line or two. */
  readonly keysHelp: string;
  load(request: LoadRequest): MachineProgram;
  readonly assembler: MachineAssembler;
  /** Small CPU-bound programs, each stressing one thing, for `bench --suite`. */
  readonly benchSuite: readonly BenchSuiteEntry[];
  readonly disasmFlags: FlagSpecs;
  readonly disasmHelp: string;
  disassemble(bytes: Uint8Array, values: FlagValues, path: string): string;
}
