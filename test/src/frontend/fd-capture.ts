/**
 * Catch what native code writes to a file descriptor (fd 2 for stderr):
 * point the descriptor at a temporary file, run the code, put it back and
 * return what the file got. Bound here, independently of src/frontend.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import koffi from "koffi";

const lib = koffi.load(process.platform === "darwin" ? "libSystem.B.dylib" : "libc.so.6");
const dup = lib.func("int dup(int oldfd)") as (fd: number) => number;
const dup2 = lib.func("int dup2(int oldfd, int newfd)") as (from: number, to: number) => number;
const close = lib.func("int close(int fd)") as (fd: number) => number;
/** write(2) from native code, as a C library would. */
export const nativeWrite = lib.func("long write(int fd, const char *buf, size_t count)") as (fd: number, text: string, count: number) => number;

export async function captureFd<T>(fd: number, run: () => T | Promise<T>): Promise<{ result: T; written: string }> {
  const dir = mkdtempSync(join(tmpdir(), "ejemu-fd-"));
  const path = join(dir, "captured");
  const file = openSync(path, "w");
  const saved = dup(fd);
  if (saved < 0 || dup2(file, fd) < 0) throw new Error(`cannot redirect fd ${fd}`);
  closeSync(file);
  let result: T;
  try {
    result = await run();
  } finally {
    dup2(saved, fd);
    close(saved);
  }
  const written = readFileSync(path, "utf8");
  rmSync(dir, { recursive: true, force: true });
  return { result, written };
}
