/**
 * Runs AArch64 code from the tests under qemu-user: builds harness.c with the
 * cross gcc once per process (into a temp dir), writes a batch file of many
 * (code, args, memory) records, runs one qemu-aarch64 process over it and
 * parses its one-line-per-record answers. Also wraps the cross objdump.
 *
 * Tests that use it call requireTools (test/tools.ts) with QEMU_AARCH64
 * and/or aarch64-linux-gnu-objdump first.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const GCC = "aarch64-linux-gnu-gcc";
const QEMU = "qemu-aarch64";
const OBJDUMP = "aarch64-linux-gnu-objdump";

let workDir: string | undefined;
function scratchDir(): string {
  workDir ??= mkdtempSync(join(tmpdir(), "ejit-a64-"));
  return workDir;
}

let harnessPath: string | undefined;
/** Compile the harness (static, so qemu-aarch64 needs no sysroot). */
export function buildHarness(): string {
  if (harnessPath !== undefined) return harnessPath;
  const out = join(scratchDir(), "harness");
  const r = spawnSync(GCC, ["-static", "-O1", "-Wall", "-o", out, join(HERE, "harness.c")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${GCC} failed: ${r.stderr}`);
  harnessPath = out;
  return out;
}

export interface RunRecord {
  readonly code: Uint8Array;
  readonly args: readonly bigint[];
  /** Initial buffer contents, passed in x0 when present. */
  readonly mem?: Uint8Array;
}

export type RunOutcome =
  | { readonly ok: true; readonly result: bigint; readonly mem: Uint8Array | undefined }
  | { readonly ok: false; readonly failure: string };

function pad(n: number, to: number): number {
  return (n + to - 1) & ~(to - 1);
}

function encodeBatch(records: readonly RunRecord[]): Uint8Array {
  let size = 8;
  for (const r of records) size += 16 + 8 * r.args.length + pad(r.code.length, 4) + pad(r.mem?.length ?? 0, 8);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x45, 0x4a, 0x42, 0x31]); // "EJB1"
  view.setUint32(4, records.length, true);
  let at = 8;
  for (const r of records) {
    const memLen = r.mem?.length ?? 0;
    view.setUint32(at, r.code.length, true);
    view.setUint32(at + 4, memLen, true);
    view.setUint32(at + 8, r.mem ? 1 : 0, true);
    view.setUint32(at + 12, r.args.length, true);
    at += 16;
    for (const a of r.args) {
      view.setBigUint64(at, BigInt.asUintN(64, a), true);
      at += 8;
    }
    bytes.set(r.code, at);
    at += pad(r.code.length, 4);
    if (r.mem) bytes.set(r.mem, at);
    at += pad(memLen, 8);
  }
  return bytes;
}

let batchNumber = 0;
/** Run every record in one qemu-aarch64 process; one outcome per record. */
export function runBatch(records: readonly RunRecord[]): RunOutcome[] {
  const harness = buildHarness();
  const file = join(scratchDir(), `batch${batchNumber++}.bin`);
  writeFileSync(file, encodeBatch(records));
  const r = spawnSync(QEMU, [harness, file], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${QEMU} harness failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trimEnd().split("\n");
  if (lines.length !== records.length) throw new Error(`harness answered ${lines.length} of ${records.length} records`);
  return lines.map((line): RunOutcome => {
    const [status, result, memHex] = line.split(" ");
    if (status !== "ok") return { ok: false, failure: line };
    const mem = memHex === "-" || memHex === undefined ? undefined : Uint8Array.from(Buffer.from(memHex, "hex"));
    return { ok: true, result: BigInt(`0x${result}`), mem };
  });
}

/** Disassemble raw AArch64 bytes with the cross objdump: one "hex\ttext" line per word. */
export function disassemble(code: Uint8Array): string[] {
  const file = join(scratchDir(), `dis${batchNumber++}.bin`);
  writeFileSync(file, code);
  const r = spawnSync(OBJDUMP, ["-D", "-b", "binary", "-maarch64", file], { encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${OBJDUMP} failed: ${r.stderr}`);
  const out: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s+(.*)$/.exec(line);
    if (m) out.push(`${m[1]}\t${m[2]!.trim()}`);
  }
  return out;
}
