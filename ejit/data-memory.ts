/**
 * `NativeDataMemory`: a block of plain read/write native memory (an
 * anonymous private mmap, zero-filled by the kernel) that JS sees as an
 * ArrayBuffer through `koffi.view`, without copying. Generated code reaches
 * the same bytes through `address`, so JS and native code share state (guest
 * registers, lookup tables) with no marshalling.
 *
 * The memory is never executable (PROT_READ | PROT_WRITE only).
 */
import koffi from "koffi";
import { addressOf, libc } from "./native/libc.js";

export class NativeDataMemory {
  /** The whole block as an ArrayBuffer (a view of the native pages). */
  readonly buffer: ArrayBuffer;
  /** Native address of byte 0 (page aligned). */
  readonly address: number;
  /** Bytes mapped (the requested size rounded up to whole pages). */
  readonly size: number;
  private disposed = false;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`NativeDataMemory: bad size ${size}`);
    const c = libc();
    const rounded = Math.ceil(size / c.pageSize) * c.pageSize;
    const pointer = c.mmap(rounded, c.PROT_READ | c.PROT_WRITE, c.MAP_PRIVATE | c.MAP_ANONYMOUS, -1);
    if (pointer === undefined) throw new Error(`Ejit: mmap of ${rounded} data bytes failed: ${c.lastError()}`);
    this.address = addressOf(pointer);
    this.size = rounded;
    this.buffer = koffi.view(pointer, rounded);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Unmap the memory. Every view of `buffer` then points at unmapped pages:
   * the caller must drop them (touching one would crash the process).
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    libc().munmap(this.address, this.size);
  }
}
