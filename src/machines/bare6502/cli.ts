/**
 * The bare 6502 machine on the command line: binaries (.bin .65b .6502)
 * loaded at --load and started at --entry, its flags, the 6502 assembler
 * (.s65 .a65 source) and disassembler.
 */
import { basename } from "node:path";
import { disassembleBinary } from "../../../cpu/mos6502/disasm.js";
import { CliError, parseInteger, usageError } from "../../commands/common.js";
import type { FlagValues, MachineDefinition, MachineProgram } from "../definition.js";
import { assemble6502, score6502 } from "../mos6502-source.js";
import { Bare6502, Bare6502Error, DEFAULT_FRAME_CYCLES, DEFAULT_MAX_CYCLES } from "./machine.js";

const hex4 = (v: number): string => v.toString(16).toUpperCase().padStart(4, "0");

function str(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

export const bare6502Definition: MachineDefinition = {
  kind: "6502",
  name: "Bare 6502 (64 KiB RAM)",
  engines: ["interp", "jit"],
  extensions: [".bin", ".65b", ".6502"],
  sourceExtensions: [".s65", ".a65"],
  flags: {
    load: { type: "string" },
    entry: { type: "string" },
    decimal: { type: "string" },
    "max-cycles": { type: "string" },
    "frame-cycles": { type: "string" },
    dynamic: { type: "string" },
  },
  flagsHelp: `  --load ADDR           load address ($0400, 0x400 or 1024; default $0400)
  --entry ADDR          start address (default: the load address)
  --decimal on|off      NMOS decimal mode for ADC/SBC (default on; off is the NES's 2A03)
  --max-cycles N        stop after N cycles (default ${DEFAULT_MAX_CYCLES})
  --frame-cycles N      cycles in one frame (default ${DEFAULT_FRAME_CYCLES}: 60 Hz at 1 MHz); run, bench and
                        blocks run until the program traps, JAMs or reaches --max-cycles unless --frames is given
  --dynamic on|off      JIT: compile an operand that the program rewrites to be read at run time (default on)`,
  keysHelp: "  no keys; play shows the 64 KiB of RAM as a 256x256 grey picture, page $00 at the top.",

  load({ path, bytes, values }): MachineProgram {
    const load = parseInteger(str(values, "load") ?? "0x400", "--load", 0, 0xffff);
    const entry = str(values, "entry") === undefined ? load : parseInteger(str(values, "entry")!, "--entry", 0, 0xffff);
    const decimalText = str(values, "decimal") ?? "on";
    if (decimalText !== "on" && decimalText !== "off") throw usageError(`--decimal must be on or off, not '${decimalText}'`);
    const maxText = str(values, "max-cycles");
    const maxCycles = maxText === undefined ? DEFAULT_MAX_CYCLES : parseInteger(maxText, "--max-cycles", 1, Number.MAX_SAFE_INTEGER);
    const frameText = str(values, "frame-cycles");
    const frameCycles = frameText === undefined ? DEFAULT_FRAME_CYCLES : parseInteger(frameText, "--frame-cycles", 1, 0x7fffffff);
    const name = path === "-" ? "<stdin>" : path;
    if (bytes.length > 0x10000 - load) {
      throw new CliError(`${name}: binary is ${bytes.length} bytes but only ${0x10000 - load} fit after $${hex4(load)}`);
    }
    const decimal = decimalText === "on";
    const dynamicText = str(values, "dynamic") ?? "on";
    if (dynamicText !== "on" && dynamicText !== "off") throw usageError(`--dynamic must be on or off, not '${dynamicText}'`);
    return {
      path: name,
      title: path === "-" ? "<stdin>" : basename(path),
      settingsLine: `bare 6502, load $${hex4(load)}, entry $${hex4(entry)}, decimal ${decimalText}`,
      defaultFrames: { run: Infinity, bench: Infinity, blocks: Infinity, play: Infinity },
      async create(engine, options = {}) {
        const machine = new Bare6502({
          decimal, engine, maxCycles, frameCycles, trace: options.trace, title: `ejemu - ${basename(name)} (bare 6502)`,
          jit: {
            ...(options.inspect ? { countEntries: true, keepIr: true } : {}),
            ...(options.tierThreshold === undefined ? {} : { tierThreshold: options.tierThreshold }),
            ...(dynamicText === "off" ? { dynamicOperands: false } : {}),
          },
        });
        try {
          machine.load(bytes, load);
          machine.start(entry);
        } catch (error) {
          machine.dispose();
          if (error instanceof Bare6502Error) throw new CliError(`${name}: ${error.message}`);
          throw error;
        }
        return machine;
      },
    };
  },

  assembler: {
    assemble(source, name) {
      const program = assemble6502(source, name);
      const end = program.origin + Math.max(program.bytes.length - 1, 0);
      return {
        bytes: program.bytes,
        report: (output) => `${output}: ${program.bytes.length} bytes, $${hex4(program.origin)}-$${hex4(end)}`,
      };
    },
    score: score6502,
  },

  // $0403 holds the pass count of the benchmark programs
  benchSuite: [
    { file: "6502/sieve.bin", what: "sieve of Eratosthenes through (zp),Y", args: ["--poke", "$0403=20"] },
    { file: "6502/crc32.bin", what: "CRC-32, shifts and table lookups", args: ["--poke", "$0403=8"] },
    { file: "6502/bench/sort.bin", what: "insertion sort, abs,X compares", args: ["--poke", "$0403=40"] },
    { file: "6502/bench/mandel.bin", what: "fixed-point Mandelbrot, multiply loops", args: ["--poke", "$0403=2"] },
    { file: "6502/selftest.bin", what: "every instruction once, checked", args: [] },
    { file: "6502/selfmod.bin", what: "a loop that rewrites its own operand", args: [] },
    { file: "6502/smc/functional.bin", what: "every opcode and mode, immediates patched before each test", args: ["--poke", "$0403=20"] },
    { file: "6502/smc/patch-imm.bin", what: "patched immediates", args: ["--poke", "$0403=200"] },
    { file: "6502/smc/patch-abs.bin", what: "patched absolute bases (LDA abs,X)", args: ["--poke", "$0403=60"] },
    { file: "6502/smc/patch-branch.bin", what: "patched branch offsets and JMP targets", args: ["--poke", "$0403=200"] },
    { file: "6502/smc/copy-run.bin", what: "code copied to RAM and run", args: ["--poke", "$0403=80"] },
    { file: "6502/smc/self-block.bin", what: "a block that rewrites itself", args: ["--poke", "$0403=200"] },
    { file: "6502/smc/decimal.bin", what: "decimal ADC/SBC, every operand pair", args: ["--poke", "$0403=2"] },
  ],
  disasmFlags: { org: { type: "string" } },
  disasmHelp: "  --org ADDR            the address of the first byte (default $0000)",
  disassemble(bytes, values, path) {
    const org = str(values, "org") === undefined ? 0 : parseInteger(str(values, "org")!, "--org", 0, 0xffff);
    if (org + bytes.length > 0x10000) {
      throw new CliError(`${path === "-" ? "<stdin>" : path} is ${bytes.length} bytes and does not fit after $${hex4(org)}`);
    }
    return disassembleBinary(bytes, org).replace(/\n$/, "");
  },
};
