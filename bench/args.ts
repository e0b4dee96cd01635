/**
 * Flags of the bench scripts: --help prints the usage, and a bad flag is
 * one line and exit 2, as in the ejemu command line.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function benchArgs<O extends Options>(usage: string, options: O, args: string[] = process.argv.slice(2)) {
  let values: Record<string, unknown>;
  try {
    const all: Options = { ...options, help: { type: "boolean", short: "h" } };
    values = parseArgs({ args, options: all, strict: true, allowPositionals: false }).values as Record<string, unknown>;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message.split("\n")[0]} (${usage})\n`);
    process.exit(2);
  }
  if (values["help"] === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values as { [K in keyof O]: O[K] extends { type: "boolean" } ? boolean : string };
}
