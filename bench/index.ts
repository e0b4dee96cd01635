/**
 * Benchmark entry: `npm run bench -- <name> [options]` (runs dist/bench/index.js).
 *
 *   ejit [--arch x86_64|aarch64] [--json] [--cold-runs N]
 *
 * Whole-emulator benchmarks (guest MIPS per engine) are the CLI's
 * `bench ROM` command; this entry holds the component benchmarks.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { hostArch, type Arch } from "../ejit/index.js";
import { coldChild, formatEjitBench, runEjitBench } from "./ejit.js";

const USAGE = "usage: npm run bench -- ejit [--arch x86_64|aarch64] [--json] [--cold-runs N]";

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function parseArch(value: string | undefined): Arch {
  if (value === undefined) {
    if (hostArch === undefined) fail(`Ejit has no backend for host ${process.arch}; pass --arch to encode only`);
    return hostArch;
  }
  if (value === "x86_64" || value === "aarch64") return value;
  return fail(`unknown --arch ${value} (x86_64 or aarch64)`);
}

function runEjit(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      arch: { type: "string" },
      json: { type: "boolean", default: false },
      "cold-runs": { type: "string", default: "7" },
      "cold-child": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values["cold-child"]) {
    coldChild();
    return;
  }
  const coldRuns = Number(values["cold-runs"]);
  if (!Number.isInteger(coldRuns) || coldRuns < 1) fail(`--cold-runs wants a positive integer, got ${values["cold-runs"]}`);
  const result = runEjitBench({ arch: parseArch(values.arch), script: fileURLToPath(import.meta.url), coldRuns });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatEjitBench(result)}\n`);
}

const benches: Readonly<Record<string, (args: string[]) => void>> = { ejit: runEjit };

function main(argv: string[]): void {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(`${USAGE}\n`);
    if (name === undefined) process.exitCode = 2;
    return;
  }
  const bench = benches[name];
  if (bench === undefined) fail(`unknown benchmark "${name}" (available: ${Object.keys(benches).join(", ")})`);
  try {
    bench(rest);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

main(process.argv.slice(2));
