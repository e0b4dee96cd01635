/**
 * What every command shares: where output goes, the error that carries an
 * exit code, file and standard-input reading with one-line errors, number
 * parsing, parseArgs error wording.
 *
 * The convention: a usage error exits 2, a runtime error (bad input, a
 * guest fault) exits 1; either is one line on stderr, `ejemu CMD: what is
 * wrong`, and a usage error adds `(see ejemu CMD --help)`.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";

/** Output sinks; each call is one line (or block) of text without the trailing newline. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
};

/** Exit codes: 1 bad input or a guest fault, 2 bad usage or not supported. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error that ends the command with one line and an exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_FAILURE) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

/** Standard input, whole (for `-` in place of a file). */
export function readStdin(): Uint8Array {
  try {
    return readFileSync(0);
  } catch (error) {
    throw new CliError(`cannot read standard input: ${(error as Error).message}`);
  }
}

/** Read a whole file (`-`: standard input); a missing file, a folder or an empty file is a CliError. */
export function readInputFile(path: string, what = "file"): Uint8Array {
  let bytes: Uint8Array;
  if (path === "-") {
    bytes = readStdin();
    if (bytes.length === 0) throw new CliError(`standard input is empty`);
    return bytes;
  }
  try {
    if (statSync(path).isDirectory()) throw new CliError(`${path} is a folder, not a ${what}`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError(`${path}: no such ${what}`);
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (bytes.length === 0) throw new CliError(`${path} is empty`);
  return bytes;
}

/** Parse a decimal, 0x hex or $hex integer in [min, max]. */
export function parseInteger(text: string, what: string, min: number, max: number): number {
  const t = text.trim();
  const value = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16)
    : /^\$[0-9a-f]+$/i.test(t) ? parseInt(t.slice(1), 16)
    : /^\d+$/.test(t) ? parseInt(t, 10) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw usageError(`${what} must be an integer ${min}..${max}, not '${text}'`);
  }
  return value;
}

/** parseArgs' own errors, reworded to one line without its advice. */
export function rewordParseError(error: unknown): CliError | undefined {
  const code = (error as { code?: string }).code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) return undefined;
  const first = (error as Error).message.split(/\. |\n/)[0]!.replace(/\.$/, "");
  return usageError(`${first.charAt(0).toLowerCase()}${first.slice(1)}`);
}

/** Bytes written to a file, or a CliError naming it. */
export function writeOutputFile(path: string, bytes: Uint8Array | string): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
