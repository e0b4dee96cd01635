/**
 * The few C library calls executable memory needs, bound through koffi once
 * per process (`libc()`), with the constants of the running platform.
 *
 * Linux: glibc's libc.so.6 (musl's libc.so as a fallback). Constants from
 * <sys/mman.h> and <linux/memfd.h>; they are the same on x86-64 and AArch64.
 * macOS: libSystem, whose MAP_ANON/MAP_JIT values differ (see <sys/mman.h>).
 *
 * Pointers that JS only compares or offsets are declared `uintptr_t` so they
 * arrive as numbers (user-space addresses fit in 2^53); `mmap` returns a
 * koffi pointer object because `koffi.view` and `koffi.decode` need one.
 */
import koffi, { type IKoffiLib } from "koffi";

type KoffiFunction = ReturnType<IKoffiLib["func"]>;

/** A koffi pointer value (an opaque external). */
export type NativePointer = object;

export interface Libc {
  readonly platform: "linux" | "darwin";
  readonly pageSize: number;
  readonly PROT_READ: number;
  readonly PROT_WRITE: number;
  readonly PROT_EXEC: number;
  readonly MAP_SHARED: number;
  readonly MAP_PRIVATE: number;
  readonly MAP_ANONYMOUS: number;
  readonly MAP_NORESERVE: number;
  /** macOS only (0 elsewhere): pages that may be toggled per thread between W and X. */
  readonly MAP_JIT: number;
  readonly MFD_CLOEXEC: number;
  /** mmap(2); returns undefined on MAP_FAILED (read `errno()`). */
  mmap(length: number, prot: number, flags: number, fd: number): NativePointer | undefined;
  munmap(address: number, length: number): number;
  mprotect(address: number, length: number, prot: number): number;
  /** memfd_create(2), or undefined when this C library lacks it (glibc < 2.27, macOS). */
  readonly memfdCreate: ((name: string, flags: number) => number) | undefined;
  ftruncate(fd: number, length: number): number;
  close(fd: number): number;
  /** macOS: pthread_jit_write_protect_np(enabled), per thread; undefined elsewhere. */
  readonly jitWriteProtect: ((enabled: number) => void) | undefined;
  /** The last errno as "strerror (errno N)". */
  lastError(): string;
}

const MAP_FAILED = (1n << 64n) - 1n;

let loaded: Libc | undefined;

/** The process-wide C library binding (loaded on first use). */
export function libc(): Libc {
  loaded ??= bindLibc();
  return loaded;
}

/** Numeric address of a koffi pointer. */
export function addressOf(pointer: NativePointer): number {
  return Number(koffi.address(pointer));
}

function loadFirst(names: readonly string[]): IKoffiLib {
  for (const name of names) {
    try {
      return koffi.load(name);
    } catch {
      // try the next name
    }
  }
  throw new Error(`Ejit: cannot load the C library (tried ${names.join(", ")})`);
}

function optionalFunc(lib: IKoffiLib, definition: string): KoffiFunction | undefined {
  try {
    return lib.func(definition);
  } catch {
    return undefined;
  }
}

/** Bind `definition` on its first call: each binding costs ~10-20 us at startup. */
function lazyFunc(lib: IKoffiLib, definition: string): KoffiFunction {
  let fn: KoffiFunction | undefined;
  return ((...args: unknown[]) => (fn ??= lib.func(definition))(...args)) as KoffiFunction;
}

function bindLibc(): Libc {
  const platform = process.platform;
  if (platform !== "linux" && platform !== "darwin") {
    throw new Error(`Ejit: executable memory is not implemented on ${platform}`);
  }
  const lib = loadFirst(platform === "darwin" ? ["libSystem.B.dylib", "/usr/lib/libSystem.B.dylib"] : ["libc.so.6", "libc.so"]);
  const mmapRaw = lib.func("void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)");
  const munmap = lazyFunc(lib, "int munmap(uintptr_t addr, size_t length)");
  const mprotect = lazyFunc(lib, "int mprotect(uintptr_t addr, size_t length, int prot)");
  const ftruncate = lib.func("int ftruncate(int fd, int64_t length)");
  const close = lib.func("int close(int fd)");
  const strerror = lazyFunc(lib, "const char *strerror(int errnum)");
  const getpagesize = lib.func("int getpagesize()");
  const memfd = platform === "linux" ? optionalFunc(lib, "int memfd_create(const char *name, unsigned int flags)") : undefined;
  const jitWp = platform === "darwin" ? optionalFunc(lib, "void pthread_jit_write_protect_np(int enabled)") : undefined;
  const linux = platform === "linux";
  return {
    platform,
    pageSize: getpagesize() as number,
    PROT_READ: 1,
    PROT_WRITE: 2,
    PROT_EXEC: 4,
    MAP_SHARED: 1,
    MAP_PRIVATE: 2,
    MAP_ANONYMOUS: linux ? 0x20 : 0x1000,
    MAP_NORESERVE: linux ? 0x4000 : 0x40,
    MAP_JIT: linux ? 0 : 0x800,
    MFD_CLOEXEC: 1,
    mmap(length, prot, flags, fd) {
      const p = mmapRaw(null, length, prot, flags, fd, 0) as NativePointer | null;
      return p === null || koffi.address(p) === MAP_FAILED ? undefined : p;
    },
    munmap: (address, length) => munmap(address, length) as number,
    mprotect: (address, length, prot) => mprotect(address, length, prot) as number,
    memfdCreate: memfd === undefined ? undefined : (name, flags) => memfd(name, flags) as number,
    ftruncate: (fd, length) => ftruncate(fd, length) as number,
    close: (fd) => close(fd) as number,
    jitWriteProtect: jitWp === undefined ? undefined : (enabled) => void jitWp(enabled),
    lastError() {
      const errno = koffi.errno();
      return `${strerror(errno) as string} (errno ${errno})`;
    },
  };
}
