/**
 * Generates golden.json (GENERATED: do not edit it by hand) from the `asm`
 * column of golden-cases.ts, assembled by LLVM's assembler in one run:
 *   llvm-mc --triple=aarch64 -show-encoding
 *
 * Regenerate after changing golden-cases.ts (rolldown ships with vitest and
 * turns this TypeScript into one runnable file):
 *   npx rolldown test/ejit/aarch64/gen-golden.ts --platform node --format esm \
 *     --file /tmp/gen-golden.mjs && node /tmp/gen-golden.mjs
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { goldenCases } from "./golden-cases.js";

export interface GoldenRow {
  readonly asm: string;
  readonly hex: string;
}

const source = goldenCases.flatMap((c) => c.asm).join("\n") + "\n";
const mc = spawnSync("llvm-mc", ["--triple=aarch64", "-show-encoding"], { input: source, encoding: "utf8" });
if (mc.status !== 0) {
  process.stderr.write(`llvm-mc failed:\n${mc.stderr}`);
  process.exit(1);
}
const encodings: string[] = [];
for (const line of mc.stdout.split("\n")) {
  const m = /encoding: \[([^\]]*)\]/.exec(line);
  if (m) encodings.push(m[1]!.split(",").map((b) => b.trim().replace(/^0x/, "")).join(""));
}
const total = goldenCases.reduce((n, c) => n + c.asm.length, 0);
if (encodings.length !== total) {
  process.stderr.write(`llvm-mc gave ${encodings.length} encodings for ${total} instructions\n`);
  process.exit(1);
}
let next = 0;
const rows: GoldenRow[] = goldenCases.map((c) => {
  const hex = c.asm.map(() => encodings[next++]!).join("");
  return { asm: c.asm.join("; "), hex };
});
// Run from the repository root (the bundle lives in /tmp, so no import.meta.url).
const out = "test/ejit/aarch64/golden.json";
writeFileSync(out, JSON.stringify(rows, null, 0).replace(/\},\{/g, "},\n{") + "\n");
process.stdout.write(`wrote ${rows.length} rows (${total} instructions) to ${out}\n`);
