/**
 * The AArch64 side of the arena cannot run in this x86-64 Node process, so
 * its machine-level recipe is checked under qemu-user: a static C harness
 * maps one memfd twice exactly as CodeArena does (RW view, RX view), writes
 * the AArch64 entry trampoline and small targets through the RW view,
 * flushes with __builtin___clear_cache (what libgcc's __clear_cache does for
 * the arena), enters through the trampoline, and installs more code after
 * the first calls. (Re-patching code that already ran cannot be checked
 * here: qemu-user keeps its translation of a page when the page is written
 * through another mapping, where real hardware obeys the cache flush.)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { trampolineFor, TRAMPOLINE_RESERVE } from "../../../ejit/native/trampoline.js";
import { QEMU_AARCH64, requireTools } from "../../tools.js";

const bytesOf = (...words: number[]): number[] => Array.from(new Uint8Array(Uint32Array.from(words).buffer));
const cArray = (bytes: ArrayLike<number>): string => Array.from(bytes, (b) => `0x${b.toString(16)}`).join(", ");
const add = (d: number, n: number, m: number): number => 0x8b000000 | (m << 16) | (n << 5) | d;
const RET = 0xd65f03c0;
const movz = (d: number, k: number): number => 0xd2800000 | (k << 5) | d;

const harness = `
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
typedef uint64_t (*entry_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
static const unsigned char trampoline[] = { ${cArray(trampolineFor("aarch64"))} };
static const unsigned char sum5[] = { ${cArray(bytesOf(add(0, 0, 1), add(0, 0, 2), add(0, 0, 3), add(0, 0, 4), RET))} };
static const unsigned char read_sp[] = { ${cArray(bytesOf(0x910003e0 /* mov x0, sp */, RET))} };
static const unsigned char const7[] = { ${cArray(bytesOf(movz(0, 7), RET))} };
static const unsigned char const9[] = { ${cArray(bytesOf(movz(0, 9)))} };
int main(void) {
  const size_t size = 65536, base = ${TRAMPOLINE_RESERVE};
  int fd = memfd_create("ejit", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, size) != 0) return 10;
  unsigned char *w = mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  unsigned char *x = mmap(0, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  if (w == MAP_FAILED || x == MAP_FAILED) return 11;
  close(fd);
  memcpy(w, trampoline, sizeof trampoline);
  memcpy(w + base, sum5, sizeof sum5);
  memcpy(w + base + 32, read_sp, sizeof read_sp);
  memcpy(w + base + 64, const7, sizeof const7);
  __builtin___clear_cache((char *)x, (char *)x + base + 96);
  entry_fn entry = (entry_fn)x;
  printf("%llu\\n", (unsigned long long)entry((uintptr_t)(x + base), 1, 2, 3, 4, 5));
  printf("%llu\\n", (unsigned long long)entry((uintptr_t)(x + base), UINT64_MAX, 0, 0, 0, 0));
  printf("%llu\\n", (unsigned long long)(entry((uintptr_t)(x + base + 32), 0, 0, 0, 0, 0) % 16));
  printf("%llu\\n", (unsigned long long)entry((uintptr_t)(x + base + 64), 0, 0, 0, 0, 0));
  memcpy(w + base + 96, const9, sizeof const9);
  memcpy(w + base + 100, const7 + 4, 4);
  __builtin___clear_cache((char *)x + base + 96, (char *)x + base + 104);
  printf("%llu\\n", (unsigned long long)entry((uintptr_t)(x + base + 96), 0, 0, 0, 0, 0));
  return 0;
}
`;

test("AArch64 trampoline and memfd double mapping under qemu-user", (ctx) => {
  requireTools(ctx, ...QEMU_AARCH64);
  const dir = mkdtempSync(join(tmpdir(), "ejit-arena-a64-"));
  try {
    writeFileSync(join(dir, "harness.c"), harness);
    execFileSync("aarch64-linux-gnu-gcc", ["-static", "-O1", "-o", join(dir, "harness"), join(dir, "harness.c")]);
    const out = execFileSync("qemu-aarch64", [join(dir, "harness")], { encoding: "utf8" });
    expect(out.trim().split("\n")).toEqual(["15", "18446744073709551615", "0", "7", "9"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
