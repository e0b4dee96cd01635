/**
 * The 6502 commands of `ejemu`: `run` (the bare 6502 machine), `disasm` and
 * `asm`. `src/cli.ts` routes here with the arguments after the subcommand.
 * Each returns the exit code: 0 on success (for `run`, whatever stopped the
 * program: the stop reason is printed), 1 for bad input or usage, 2 when the
 * requested engine is not available. Errors are one line on stderr.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { assemble, AsmError } from "../../cpu/mos6502/asm.js";
import { disassembleBinary } from "../../cpu/mos6502/disasm.js";
import { hostArch } from "../../ejit/index.js";
import { Bare6502, Bare6502Error, type Bare6502Result } from "../machines/bare6502/machine.js";

/** A user error: printed as one line, exit code `code`. */
class CommandError extends Error {
  constructor(message: string, readonly code = 1) {
    super(message);
  }
}

const DEFAULT_MAX_CYCLES = 1_000_000_000;

const runHelp = `usage: ejemu run FILE --machine 6502 --load ADDR --entry ADDR [options]

Load FILE into the bare 6502 machine's 64 KiB RAM at ADDR and run from
--entry until the PC traps (an instruction jumps or branches to itself), a
JAM opcode halts the CPU, or the cycle limit is reached.

  --load ADDR        load address ($0400, 0x400 or 1024)
  --entry ADDR       start address
  --max-cycles N     stop after N cycles (default ${DEFAULT_MAX_CYCLES})
  --trace            print one line per instruction before it runs:
                     PC, bytes, disassembly, A X Y P SP, cycles
  --json             print the result as one JSON object
  --decimal on|off   NMOS decimal mode for ADC/SBC (default on)
  --poke ADDR=VALUE  store a byte before the run (repeatable), e.g. $0403=200
  --time             also print the host time and guest instructions per second
  --engine interp|jit
  --help
`;

const disasmHelp = `usage: ejemu disasm FILE [--org ADDR]

Disassemble a 6502 binary as assembler source (it reassembles to the same
bytes); --org is the address of the first byte (default $0000).
`;

const asmHelp = `usage: ejemu asm SOURCE -o FILE

Assemble 6502 source into a binary covering the lowest to the highest
address written (gaps are zero).
`;

/** `$0400`, `0x0400` or `1024`. */
export function parseAddress(text: string | undefined, flag: string): number {
  if (text === undefined) throw new CommandError(`${flag} ADDR is required`);
  const t = text.trim();
  let value = NaN;
  if (/^\$[0-9a-f]+$/i.test(t)) value = parseInt(t.slice(1), 16);
  else if (/^0x[0-9a-f]+$/i.test(t)) value = parseInt(t.slice(2), 16);
  else if (/^[0-9]+$/.test(t)) value = parseInt(t, 10);
  if (!(value >= 0 && value <= 0xffff)) throw new CommandError(`${flag}: "${text}" is not an address in $0000-$FFFF`);
  return value;
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CommandError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}

/** Run `body`, turning every expected failure into one line on stderr. */
async function guarded(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CommandError) {
      process.stderr.write(`ejemu ${command}: ${e.message}\n`);
      return e.code;
    }
    const parseError = String((e as NodeJS.ErrnoException).code ?? "").startsWith("ERR_PARSE_ARGS");
    if (e instanceof Bare6502Error || e instanceof AsmError || parseError) {
      // parseArgs reports unknown or malformed options with a clear message and an ERR_PARSE_ARGS_* code.
      process.stderr.write(`ejemu ${command}: ${(e as Error).message.split("\n")[0]}\n`);
      return 1;
    }
    throw e;
  }
}

/** `ADDR=VALUE` with a byte value ($FF, 0xFF or 255). */
function parsePoke(text: string): [number, number] {
  const eq = text.indexOf("=");
  if (eq < 0) throw new CommandError(`--poke: "${text}" is not ADDR=VALUE`);
  const address = parseAddress(text.slice(0, eq), "--poke");
  const value = parseAddress(text.slice(eq + 1), "--poke");
  if (value > 0xff) throw new CommandError(`--poke: value in "${text}" is not a byte`);
  return [address, value];
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

function oneFile(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CommandError(`expected one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

const hex = (v: number, digits: number): string => v.toString(16).toUpperCase().padStart(digits, "0");

function flagString(p: number): string {
  return "NV-BDIZC".split("").map((ch, i) => ((p >> (7 - i)) & 1 ? ch : ch.toLowerCase())).join("");
}

/** The human-readable summary printed after a run. */
export function formatResult(r: Bare6502Result): string {
  return (
    `stop: ${r.stop} at $${hex(r.pc, 4)}\n` +
    `A=$${hex(r.a, 2)} X=$${hex(r.x, 2)} Y=$${hex(r.y, 2)} S=$${hex(r.s, 2)} P=$${hex(r.p, 2)} (${flagString(r.p)})\n` +
    `cycles: ${r.cycles}  instructions: ${r.instructions}\n`
  );
}

export async function runMos6502(argv: string[]): Promise<number> {
  return guarded("run", async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        machine: { type: "string" },
        load: { type: "string" },
        entry: { type: "string" },
        "max-cycles": { type: "string" },
        trace: { type: "boolean" },
        json: { type: "boolean" },
        decimal: { type: "string" },
        engine: { type: "string" },
        poke: { type: "string", multiple: true },
        time: { type: "boolean" },
        help: { type: "boolean" },
      },
    });
    if (values.help) {
      process.stdout.write(runHelp);
      return 0;
    }
    const engine = values.engine ?? "interp";
    if (engine !== "interp" && engine !== "jit") throw new CommandError(`--engine must be interp or jit, not "${engine}"`);
    if (engine === "jit" && hostArch === undefined) {
      throw new CommandError(`the 6502 recompiler has no backend for host ${process.arch}; use --engine interp`, 2);
    }
    const decimal = values.decimal ?? "on";
    if (decimal !== "on" && decimal !== "off") throw new CommandError(`--decimal must be on or off, not "${decimal}"`);
    if (values.machine !== undefined && values.machine !== "6502") {
      throw new CommandError(`this command runs the 6502 machine, not "${values.machine}"`);
    }
    let maxCycles = DEFAULT_MAX_CYCLES;
    if (values["max-cycles"] !== undefined) {
      maxCycles = Number(values["max-cycles"]);
      if (!Number.isSafeInteger(maxCycles) || maxCycles <= 0 || !/^[0-9]+$/.test(values["max-cycles"])) {
        throw new CommandError(`--max-cycles must be a positive integer, not "${values["max-cycles"]}"`);
      }
    }
    const file = oneFile(positionals, "binary file");
    const load = parseAddress(values.load, "--load");
    const entry = parseAddress(values.entry, "--entry");
    const binary = await readInput(file);
    const machine = new Bare6502({ decimal: decimal === "on", engine });
    try {
      machine.load(binary, load);
    } catch (e) {
      if (e instanceof Bare6502Error) throw new CommandError(`${file}: ${e.message}`);
      throw e;
    }
    for (const poke of values.poke ?? []) {
      const [address, value] = parsePoke(poke);
      machine.poke(address, value);
    }
    machine.start(entry);
    const startTime = process.hrtime.bigint();
    let result: Bare6502Result;
    if (values.trace) {
      let pending: string[] = [];
      result = machine.run(maxCycles, (line) => {
        pending.push(line);
        if (pending.length >= 512) {
          process.stdout.write(pending.join("\n") + "\n");
          pending = [];
        }
      });
      if (pending.length > 0) process.stdout.write(pending.join("\n") + "\n");
    } else {
      result = machine.run(maxCycles);
    }
    const seconds = Number(process.hrtime.bigint() - startTime) / 1e9;
    machine.dispose();
    const mips = result.instructions / seconds / 1e6;
    if (values.json) {
      const timing = values.time ? { seconds: round(seconds, 6), mips: round(mips, 1) } : {};
      process.stdout.write(JSON.stringify({ ...result, ...timing }) + "\n");
    } else {
      process.stdout.write(formatResult(result));
      if (values.time) process.stdout.write(`time: ${seconds.toFixed(3)} s, ${mips.toFixed(1)} million instructions/s\n`);
    }
    return 0;
  });
}

export async function disasmMos6502(argv: string[]): Promise<number> {
  return guarded("disasm", async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { org: { type: "string" }, machine: { type: "string" }, help: { type: "boolean" } },
    });
    if (values.help) {
      process.stdout.write(disasmHelp);
      return 0;
    }
    const file = oneFile(positionals, "binary file");
    const org = values.org === undefined ? 0 : parseAddress(values.org, "--org");
    const binary = await readInput(file);
    if (org + binary.length > 0x10000) {
      throw new CommandError(`${file} is ${binary.length} bytes and does not fit after $${hex(org, 4)}`);
    }
    process.stdout.write(disassembleBinary(binary, org));
    return 0;
  });
}

export async function asmMos6502(argv: string[]): Promise<number> {
  return guarded("asm", async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { output: { type: "string", short: "o" }, machine: { type: "string" }, help: { type: "boolean" } },
    });
    if (values.help) {
      process.stdout.write(asmHelp);
      return 0;
    }
    const file = oneFile(positionals, "source file");
    if (values.output === undefined) throw new CommandError("-o FILE is required");
    const source = (await readInput(file)).toString("utf8");
    const program = assemble(source, file);
    try {
      await writeFile(values.output, program.bytes);
    } catch (e) {
      throw new CommandError(`cannot write ${values.output}: ${(e as Error).message}`);
    }
    const end = program.origin + Math.max(program.bytes.length - 1, 0);
    process.stdout.write(
      `${values.output}: ${program.bytes.length} bytes, $${hex(program.origin, 4)}-$${hex(end, 4)}\n`,
    );
    return 0;
  });
}
