import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../../src/commands/index.js";

export interface CliResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** Run the command line in-process with captured output. */
export async function cli(...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(...t.split("\n")), err: (t) => err.push(...t.split("\n")) });
  return { code, out, err };
}

export const scratch = mkdtempSync(join(tmpdir(), "ejemu-cli-"));

/** Write a file into the scratch folder and return its path. */
export function file(name: string, content: Uint8Array | string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

export const words = (...w: number[]) => Uint8Array.from(w.flatMap((x) => [x >> 8, x & 0xff]));

export const repoPath = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
