/**
 * Keeping native libraries quiet: run a synchronous call with file
 * descriptor 2 pointing at /dev/null and put the real stderr back after it.
 *
 * SDL's audio start-up loads sound libraries that complain on stderr on
 * their own (libasound prints eight "ALSA lib confmisc.c:... cannot find
 * card '0'" lines on a machine without a sound card, before SDL reports the
 * one error that matters). Redirecting the descriptor catches whatever
 * library prints, by whatever means (fprintf, write), and needs no
 * callback into JS, which native threads could not call safely. Only
 * synchronous code runs in the window, so no JS output is lost: callers
 * print their own notice after it.
 *
 * dup/dup2/close come from the C library through koffi. Without them (no
 * C library found, an unknown platform, fd 2 closed, /dev/null missing) the
 * call simply runs with stderr as it is.
 */
import { closeSync, openSync } from "node:fs";
import koffi from "koffi";

/** The three descriptor calls the redirection needs. */
export interface DescriptorCalls {
  dup(fd: number): number;
  dup2(from: number, to: number): number;
  close(fd: number): number;
}

const C_LIBRARIES: Readonly<Record<string, readonly string[]>> = {
  linux: ["libc.so.6", "libc.so"],
  darwin: ["libSystem.B.dylib"],
  freebsd: ["libc.so.7"],
};

let bound: DescriptorCalls | null | undefined;

/** dup, dup2 and close of the C library, or null when it cannot be loaded (bound once). */
export function descriptorCalls(): DescriptorCalls | null {
  if (bound !== undefined) return bound;
  bound = null;
  for (const name of C_LIBRARIES[process.platform] ?? []) {
    try {
      const lib = koffi.load(name);
      bound = {
        dup: lib.func("int dup(int oldfd)") as DescriptorCalls["dup"],
        dup2: lib.func("int dup2(int oldfd, int newfd)") as DescriptorCalls["dup2"],
        close: lib.func("int close(int fd)") as DescriptorCalls["close"],
      };
      break;
    } catch {
      // try the next name
    }
  }
  return bound;
}

const STDERR = 2;

/**
 * `run()` with native output to stderr discarded; returns what it returns
 * (and stderr is restored when it throws). `calls` null: no redirection.
 */
export function withStderrDiscarded<T>(run: () => T, calls: DescriptorCalls | null = descriptorCalls()): T {
  if (calls === null) return run();
  let devNull: number;
  try {
    devNull = openSync("/dev/null", "w");
  } catch {
    return run();
  }
  const saved = calls.dup(STDERR);
  if (saved < 0) {
    closeSync(devNull);
    return run();
  }
  const redirected = calls.dup2(devNull, STDERR) >= 0;
  closeSync(devNull);
  if (!redirected) {
    calls.close(saved);
    return run();
  }
  try {
    return run();
  } finally {
    calls.dup2(saved, STDERR);
    calls.close(saved);
  }
}
