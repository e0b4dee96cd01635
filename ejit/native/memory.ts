/**
 * One reservation of executable memory with a persistent writable view,
 * kept W^X: no page is ever writable and executable at the same time.
 *
 * - `memfd` (Linux): memfd_create + ftruncate, then two MAP_SHARED mappings
 *   of the same file, one PROT_READ|PROT_WRITE (written through `bytes`),
 *   one PROT_READ|PROT_EXEC (run). Writes, including patches of live code,
 *   cost no system call.
 * - `mprotect` (fallback: no memfd_create, a seccomp policy refusing it,
 *   Intel Macs): one private anonymous mapping, PROT_READ|PROT_EXEC at rest,
 *   flipped to PROT_READ|PROT_WRITE around each write (two system calls per
 *   write, on the touched pages only).
 * - `macos-jit` (Apple silicon): one MAP_JIT mapping that
 *   pthread_jit_write_protect_np(0/1) toggles between writable and
 *   executable for the calling thread (Apple's "Porting just-in-time
 *   compilers to Apple silicon"). Written from that documentation only: it
 *   cannot be run on this Linux machine.
 *
 * After a write, `endWrite` flushes the instruction cache over the
 * executable alias on AArch64 hosts (see icache.ts).
 */
import koffi from "koffi";
import { flushInstructionCache } from "./icache.js";
import { addressOf, libc, type NativePointer } from "./libc.js";

export type ExecMemoryKind = "memfd" | "mprotect" | "macos-jit";

export interface ExecMemory {
  readonly kind: ExecMemoryKind;
  /** Bytes reserved (a multiple of the page size). */
  readonly size: number;
  /** Address of byte 0 as executed. */
  readonly execAddress: number;
  /** Address of byte 0 as written (equal to execAddress except for memfd). */
  readonly writeAddress: number;
  /** koffi pointer to the executable byte 0 (for `koffi.decode`). */
  readonly execPointer: NativePointer;
  /** False when beginWrite/endWrite do nothing (memfd on x86-64), so writers may skip them. */
  readonly writesNeedSync: boolean;
  /** One persistent view over the whole reservation; write only between beginWrite and endWrite. */
  readonly bytes: Uint8Array;
  /** Make [offset, offset + length) writable. */
  beginWrite(offset: number, length: number): void;
  /** Make [offset, offset + length) executable again and flush the icache. */
  endWrite(offset: number, length: number): void;
  /** Unmap everything; the object must not be used afterwards. */
  dispose(): void;
}

/** Reserve `size` bytes (rounded up to pages); memfd unless forced or unavailable. */
export function reserveExecMemory(size: number, forceMprotect: boolean): ExecMemory {
  const c = libc();
  const rounded = Math.ceil(size / c.pageSize) * c.pageSize;
  // Apple silicon enforces W^X on MAP_JIT pages per thread; on Intel Macs
  // pthread_jit_write_protect_np does nothing, so toggle with mprotect there.
  if (c.platform === "darwin" && process.arch === "arm64") return reserveMacJit(rounded);
  if (!forceMprotect) {
    const dual = tryReserveMemfd(rounded);
    if (dual !== undefined) return dual;
  }
  return reserveToggled(rounded);
}

function viewOf(pointer: NativePointer, size: number): Uint8Array {
  return new Uint8Array(koffi.view(pointer, size));
}

function tryReserveMemfd(size: number): ExecMemory | undefined {
  const c = libc();
  if (c.memfdCreate === undefined) return undefined;
  const fd = c.memfdCreate("ejit", c.MFD_CLOEXEC);
  if (fd < 0) return undefined;
  try {
    if (c.ftruncate(fd, size) !== 0) return undefined;
    const writable = c.mmap(size, c.PROT_READ | c.PROT_WRITE, c.MAP_SHARED, fd);
    if (writable === undefined) return undefined;
    const executable = c.mmap(size, c.PROT_READ | c.PROT_EXEC, c.MAP_SHARED, fd);
    if (executable === undefined) {
      c.munmap(addressOf(writable), size);
      return undefined;
    }
    const writeAddress = addressOf(writable);
    const execAddress = addressOf(executable);
    return {
      kind: "memfd",
      size,
      writesNeedSync: process.arch === "arm64",
      execAddress,
      writeAddress,
      execPointer: executable,
      bytes: viewOf(writable, size),
      beginWrite() {},
      endWrite(offset, length) {
        flushInstructionCache(execAddress + offset, length);
      },
      dispose() {
        c.munmap(writeAddress, size);
        c.munmap(execAddress, size);
      },
    };
  } finally {
    // The two mappings keep the file alive; the descriptor is not needed.
    c.close(fd);
  }
}

function reserveToggled(size: number): ExecMemory {
  const c = libc();
  const RX = c.PROT_READ | c.PROT_EXEC;
  const RW = c.PROT_READ | c.PROT_WRITE;
  const mapping = c.mmap(size, RX, c.MAP_PRIVATE | c.MAP_ANONYMOUS | c.MAP_NORESERVE, -1);
  if (mapping === undefined) throw new Error(`Ejit: mmap of ${size} bytes failed: ${c.lastError()}`);
  const address = addressOf(mapping);
  const page = c.pageSize;
  const protect = (offset: number, length: number, prot: number): void => {
    const start = Math.floor(offset / page) * page;
    const end = Math.ceil((offset + length) / page) * page;
    if (c.mprotect(address + start, end - start, prot) !== 0) {
      throw new Error(`Ejit: mprotect failed: ${c.lastError()}`);
    }
  };
  return {
    kind: "mprotect",
    size,
    writesNeedSync: true,
    execAddress: address,
    writeAddress: address,
    execPointer: mapping,
    bytes: viewOf(mapping, size),
    beginWrite(offset, length) {
      protect(offset, length, RW);
    },
    endWrite(offset, length) {
      protect(offset, length, RX);
      flushInstructionCache(address + offset, length);
    },
    dispose() {
      c.munmap(address, size);
    },
  };
}

function reserveMacJit(size: number): ExecMemory {
  const c = libc();
  const toggle = c.jitWriteProtect;
  if (toggle === undefined) throw new Error("Ejit: pthread_jit_write_protect_np is missing (macOS 11 or later needed)");
  const prot = c.PROT_READ | c.PROT_WRITE | c.PROT_EXEC;
  const mapping = c.mmap(size, prot, c.MAP_PRIVATE | c.MAP_ANONYMOUS | c.MAP_JIT, -1);
  if (mapping === undefined) throw new Error(`Ejit: mmap(MAP_JIT) of ${size} bytes failed: ${c.lastError()}`);
  const address = addressOf(mapping);
  toggle(1);
  return {
    kind: "macos-jit",
    size,
    writesNeedSync: true,
    execAddress: address,
    writeAddress: address,
    execPointer: mapping,
    bytes: viewOf(mapping, size),
    beginWrite() {
      toggle(0);
    },
    endWrite(offset, length) {
      toggle(1);
      flushInstructionCache(address + offset, length);
    },
    dispose() {
      c.munmap(address, size);
    },
  };
}
