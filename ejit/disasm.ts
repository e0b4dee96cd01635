/**
 * Host-code disassembly for dumps, tests and the `blocks` command. One line
 * per instruction: address, hex bytes, Intel-syntax text.
 *
 * x86-64 uses iced-x86, loaded on first use: it is a dependency of the
 * emulator, not of Ejit's runtime, so `ejit/` works without it and only this
 * function reports that it is missing. AArch64 uses the system's cross
 * objdump (binutils-aarch64-linux-gnu) or llvm-mc when present, else prints
 * the instruction words with a note.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Arch } from "./regs.js";

type Iced = typeof import("iced-x86");

let iced: Iced | undefined;

function loadIced(): Iced {
  if (iced === undefined) {
    try {
      iced = createRequire(import.meta.url)("iced-x86") as Iced;
    } catch {
      throw new Error("Ejit: x86-64 disassembly needs the iced-x86 package (npm install iced-x86)");
    }
  }
  return iced;
}

/** Width of the address column: enough hex digits for the last address, at least 4. */
function addressWidth(address: number, length: number): number {
  return Math.max(4, (address + length).toString(16).length);
}

function hexBytes(bytes: Uint8Array, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i++) out += bytes[i]!.toString(16).padStart(2, "0");
  return out;
}

function line(address: number, width: number, hex: string, text: string): string {
  return `${address.toString(16).padStart(width, "0")}  ${hex.padEnd(20)}  ${text}`;
}

/**
 * Disassemble x86-64 code placed at `address` (branch targets are shown as
 * absolute addresses). Bytes that do not decode show as `(bad)`.
 */
export function disassembleX86(bytes: Uint8Array, address: number): string {
  const { Decoder, DecoderOptions, Formatter, FormatterSyntax, Instruction } = loadIced();
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  const formatter = new Formatter(FormatterSyntax.Intel);
  const ins = new Instruction();
  try {
    decoder.ip = BigInt(address);
    formatter.hexPrefix = "0x";
    formatter.hexSuffix = "";
    formatter.uppercaseHex = false;
    formatter.spaceAfterOperandSeparator = true;
    formatter.branchLeadingZeros = false;
    formatter.showBranchSize = false;
    const width = addressWidth(address, bytes.length);
    const lines: string[] = [];
    let offset = 0;
    while (decoder.canDecode) {
      decoder.decodeOut(ins);
      const length = ins.length;
      lines.push(line(address + offset, width, hexBytes(bytes, offset, offset + length), formatter.format(ins)));
      offset += length;
    }
    return lines.join("\n");
  } finally {
    ins.free();
    formatter.free();
    decoder.free();
  }
}

function wordHex(bytes: Uint8Array, offset: number): string {
  if (offset + 4 > bytes.length) return hexBytes(bytes, offset, bytes.length);
  const word = (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
  return word.toString(16).padStart(8, "0");
}

/** Whether each external tool runs, probed once per process and PATH. */
const toolFound = new Map<string, boolean>();

function hasTool(tool: string): boolean {
  const key = `${tool}\0${process.env.PATH ?? ""}`;
  let found = toolFound.get(key);
  if (found === undefined) {
    try {
      execFileSync(tool, ["--version"], { stdio: "ignore" });
      found = true;
    } catch {
      found = false;
    }
    toolFound.set(key, found);
  }
  return found;
}

/** Text of each 4-byte word from GNU objdump, or undefined when it is not installed. */
function objdumpAArch64(bytes: Uint8Array, address: number): string[] | undefined {
  const tool = "aarch64-linux-gnu-objdump";
  if (!hasTool(tool)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "ejit-disasm-"));
  try {
    const file = join(dir, "code.bin");
    writeFileSync(file, bytes);
    const args = ["-D", "-b", "binary", "-maarch64", `--adjust-vma=0x${address.toString(16)}`, file];
    const out = execFileSync(tool, args, { encoding: "utf8" });
    const texts: string[] = [];
    for (const row of out.split("\n")) {
      const m = /^\s*[0-9a-f]+:\t[0-9a-f]{8} \t(.*)$/.exec(row);
      if (m !== null) texts.push(m[1]!.replace(/\t/g, " ").replace(/\s+\/\/ /, "  // ").trim());
    }
    return texts.length === bytes.length >> 2 ? texts : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of each word from llvm-mc (branch targets relative), or undefined. */
function llvmMcAArch64(bytes: Uint8Array): string[] | undefined {
  if (!hasTool("llvm-mc")) return undefined;
  const input = Array.from(bytes.subarray(0, bytes.length & ~3), (b) => `0x${b.toString(16)}`).join(" ");
  const out = execFileSync("llvm-mc", ["--disassemble", "-triple=aarch64"], { input, encoding: "utf8", stdio: ["pipe", "pipe", "ignore"] });
  const texts = out
    .split("\n")
    .map((row) => row.trim().replace(/\t/g, " "))
    .filter((row) => row !== "" && !row.startsWith("."));
  // llvm-mc skips words it cannot decode: only trust a one-to-one result.
  return texts.length === bytes.length >> 2 ? texts : undefined;
}

/**
 * Disassemble AArch64 code placed at `address` with the system's tools;
 * without them, list the instruction words and say which package to install.
 */
export function disassembleAArch64(bytes: Uint8Array, address: number): string {
  const texts = objdumpAArch64(bytes, address) ?? llvmMcAArch64(bytes);
  const width = addressWidth(address, bytes.length);
  const lines: string[] = [];
  if (texts === undefined) {
    lines.push("; no AArch64 disassembler found (install binutils-aarch64-linux-gnu): words only");
  }
  for (let offset = 0; offset < bytes.length; offset += 4) {
    const text = texts?.[offset >> 2] ?? `.inst 0x${wordHex(bytes, offset)}`;
    lines.push(line(address + offset, width, wordHex(bytes, offset), text));
  }
  return lines.join("\n");
}

/** Disassemble code of either architecture. */
export function disassemble(bytes: Uint8Array, address: number, arch: Arch): string {
  return arch === "x86_64" ? disassembleX86(bytes, address) : disassembleAArch64(bytes, address);
}
