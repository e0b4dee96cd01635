/**
 * `CodeArena`: executable memory for Ejit, one large reservation carved into
 * blocks so that installing a compiled block costs no system call in the
 * common case (memfd mode: never; mprotect fallback: two per write).
 *
 * Layout: bytes [0, TRAMPOLINE_RESERVE) hold the native entry trampoline
 * (see native/trampoline.ts); blocks are carved from the rest, 16-byte
 * aligned. Allocation bumps a top pointer; freed blocks become free extents
 * (kept sorted by offset and coalesced with their neighbours) that later
 * allocations reuse first-fit, and an extent that reaches the top lowers it.
 * Freed bytes are filled with a trapping pattern (int3 / udf), so a stale
 * jump into them faults instead of running stale code.
 *
 * W^X holds in every mode: see native/memory.ts.
 */
import { reserveExecMemory, type ExecMemory, type ExecMemoryKind } from "./native/memory.js";
import { entryPrototype, hostTrampoline, TRAMPOLINE_RESERVE, type EntryFunction } from "./native/trampoline.js";
import koffi from "koffi";

/** A piece of the arena holding one program's code. */
export interface CodeBlock {
  /** Executable address of the first byte. */
  readonly address: number;
  /** Bytes reserved (the requested size rounded up to 16). */
  readonly size: number;
  /** Offset of the block in its arena. */
  readonly offset: number;
}

export interface CodeArenaOptions {
  /** Bytes to reserve (default 64 MiB; rounded up to whole pages). */
  readonly size?: number;
  /** Use the mprotect fallback even where memfd works (for tests). */
  readonly forceMprotect?: boolean;
}

const DEFAULT_SIZE = 64 * 1024 * 1024;
const ALIGN = 16;
/** int3 on x86-64; on AArch64 0x00000000 is `udf #0`, permanently undefined. */
const TRAP_FILL = process.arch === "arm64" ? 0x00 : 0xcc;

class ArenaBlock implements CodeBlock {
  live = true;
  constructor(
    readonly address: number,
    readonly size: number,
    readonly offset: number,
    readonly arena: CodeArena,
    /** The arena's flush count when allocated: blocks from before a flush are dead. */
    readonly epoch: number,
  ) {}
}

let sharedArena: CodeArena | undefined;

/**
 * Unmaps the memory of arenas that were dropped without dispose(). Nothing
 * can run in an unreachable arena: every Executable and block refers to it.
 */
const unmapDropped = new FinalizationRegistry<ExecMemory>((memory) => memory.dispose());

export class CodeArena {
  private readonly memory: ExecMemory;
  /** The one persistent view over the writable mapping. */
  private readonly bytes: Uint8Array;
  private readonly base: number;
  private readonly end: number;
  private readonly entries: (EntryFunction | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  private top = TRAMPOLINE_RESERVE;
  /** Free extents below `top`, sorted by offset, never adjacent to each other. */
  private readonly freeStart: number[] = [];
  private readonly freeSize: number[] = [];
  private epoch = 0;
  private liveBytes = 0;
  private liveBlocks = 0;
  private disposed = false;

  constructor(options: CodeArenaOptions = {}) {
    const size = options.size ?? DEFAULT_SIZE;
    if (!Number.isSafeInteger(size) || size < TRAMPOLINE_RESERVE + ALIGN) {
      throw new RangeError(`CodeArena size must be an integer >= ${TRAMPOLINE_RESERVE + ALIGN}, got ${size}`);
    }
    const trampoline = hostTrampoline();
    if (trampoline === undefined) throw new Error(`Ejit cannot run code on host ${process.arch}`);
    this.memory = reserveExecMemory(size, options.forceMprotect ?? false);
    this.bytes = this.memory.bytes;
    this.base = this.memory.execAddress;
    this.end = this.memory.size;
    this.writeAt(0, trampoline);
    unmapDropped.register(this, this.memory, this);
  }

  /** A process-wide default arena (64 MiB), created on first use. */
  static shared(): CodeArena {
    sharedArena ??= new CodeArena();
    return sharedArena;
  }

  /** How the memory is kept W^X: "memfd" (two views), "mprotect" or "macos-jit". */
  get mode(): ExecMemoryKind {
    return this.memory.kind;
  }
  /** Executable address of the arena's first byte. */
  get address(): number {
    return this.base;
  }
  /** Address of the writable view (equal to `address` except in memfd mode). */
  get writableAddress(): number {
    return this.memory.writeAddress;
  }
  /** Bytes that blocks can use. */
  get capacity(): number {
    return this.end - TRAMPOLINE_RESERVE;
  }
  /** Bytes held by live blocks. */
  get used(): number {
    return this.liveBytes;
  }
  get blockCount(): number {
    return this.liveBlocks;
  }

  /** Reserve `size` bytes (rounded up to 16), or undefined when the arena has no room. */
  alloc(size: number): CodeBlock | undefined {
    this.checkLive();
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`CodeArena.alloc: bad size ${size}`);
    const need = size <= ALIGN ? ALIGN : Math.ceil(size / ALIGN) * ALIGN;
    let offset = -1;
    const starts = this.freeStart;
    for (let i = 0; i < starts.length; i++) {
      const extent = this.freeSize[i]!;
      if (extent < need) continue;
      offset = starts[i]!;
      if (extent === need) {
        starts.splice(i, 1);
        this.freeSize.splice(i, 1);
      } else {
        starts[i] = offset + need;
        this.freeSize[i] = extent - need;
      }
      break;
    }
    if (offset < 0) {
      if (this.top + need > this.end) return undefined;
      offset = this.top;
      this.top += need;
    }
    this.liveBytes += need;
    this.liveBlocks++;
    return new ArenaBlock(this.base + offset, need, offset, this, this.epoch);
  }

  /** Copy `bytes` into `block` at `offset` (and flush the icache where needed). */
  write(block: CodeBlock, bytes: Uint8Array, offset = 0): void {
    const b = this.own(block, "write");
    if (offset < 0 || offset + bytes.length > b.size) {
      throw new RangeError(`CodeArena.write: ${bytes.length} bytes at ${offset} do not fit a block of ${b.size}`);
    }
    this.writeAt(b.offset + offset, bytes);
  }

  /** Overwrite live code at an executable address of this arena (for example to link a jump). */
  patch(address: number, bytes: Uint8Array): void {
    this.checkLive();
    const offset = address - this.base;
    if (!(offset >= TRAMPOLINE_RESERVE && offset + bytes.length <= this.top)) {
      throw new RangeError(`CodeArena.patch: 0x${address.toString(16)} (+${bytes.length}) is outside the arena's blocks`);
    }
    this.writeAt(offset, bytes);
  }

  /** A copy of `length` bytes of code at an executable address of this arena. */
  read(address: number, length: number): Uint8Array {
    this.checkLive();
    const offset = address - this.base;
    if (!(offset >= 0 && length >= 0 && offset + length <= this.end)) {
      throw new RangeError(`CodeArena.read: 0x${address.toString(16)} (+${length}) is outside the arena`);
    }
    return this.bytes.slice(offset, offset + length);
  }

  /** Whether `block` is a block of this arena that was neither freed nor flushed. */
  isLive(block: CodeBlock): boolean {
    return block instanceof ArenaBlock && block.arena === this && block.live && block.epoch === this.epoch && !this.disposed;
  }

  /** Give a block back; its bytes become trapping filler and may be reused. */
  free(block: CodeBlock): void {
    const b = this.own(block, "free");
    b.live = false;
    this.liveBytes -= b.size;
    this.liveBlocks--;
    this.fillTrap(b.offset, b.size);
    this.releaseExtent(b.offset, b.size);
  }

  /** Free every block at once (blocks allocated before stay invalid for ever). */
  flush(): void {
    this.checkLive();
    this.fillTrap(TRAMPOLINE_RESERVE, this.top - TRAMPOLINE_RESERVE);
    this.top = TRAMPOLINE_RESERVE;
    this.freeStart.length = 0;
    this.freeSize.length = 0;
    this.liveBytes = 0;
    this.liveBlocks = 0;
    this.epoch++;
  }

  /**
   * Call native code at `address` (in this arena) with up to five integer
   * arguments (numbers, negative ones as two's complement, or bigints) in the
   * host's argument registers; returns the result register as an unsigned
   * 64-bit bigint. Goes through the arena's entry trampoline.
   */
  call(address: number, a0?: number | bigint, a1?: number | bigint, a2?: number | bigint, a3?: number | bigint, a4?: number | bigint): bigint {
    if (this.disposed || !(address >= this.base + TRAMPOLINE_RESERVE && address < this.base + this.top)) {
      throw new RangeError(`CodeArena.call: 0x${address.toString(16)} is not code in this arena`);
    }
    let result: number | bigint;
    if (a0 === undefined) result = (this.entries[0] ?? this.decodeEntry(0))(address);
    else if (a1 === undefined) result = (this.entries[1] ?? this.decodeEntry(1))(address, a0);
    else if (a2 === undefined) result = (this.entries[2] ?? this.decodeEntry(2))(address, a0, a1);
    else if (a3 === undefined) result = (this.entries[3] ?? this.decodeEntry(3))(address, a0, a1, a2);
    else if (a4 === undefined) result = (this.entries[4] ?? this.decodeEntry(4))(address, a0, a1, a2, a3);
    else result = (this.entries[5] ?? this.decodeEntry(5))(address, a0, a1, a2, a3, a4);
    return typeof result === "bigint" ? result : BigInt(result);
  }

  /** Unmap the arena. Every block and Executable in it becomes unusable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.entries.fill(undefined);
    unmapDropped.unregister(this);
    this.memory.dispose();
    if (sharedArena === this) sharedArena = undefined;
  }

  private decodeEntry(arity: number): EntryFunction {
    const fn = koffi.decode(this.memory.execPointer, entryPrototype(arity)) as EntryFunction;
    this.entries[arity] = fn;
    return fn;
  }

  private writeAt(offset: number, bytes: Uint8Array): void {
    if (!this.memory.writesNeedSync) {
      this.bytes.set(bytes, offset);
      return;
    }
    this.memory.beginWrite(offset, bytes.length);
    try {
      this.bytes.set(bytes, offset);
    } finally {
      this.memory.endWrite(offset, bytes.length);
    }
  }

  private fillTrap(offset: number, length: number): void {
    if (length <= 0) return;
    this.memory.beginWrite(offset, length);
    try {
      this.bytes.fill(TRAP_FILL, offset, offset + length);
    } finally {
      this.memory.endWrite(offset, length);
    }
  }

  /** Insert a free extent, merging with its neighbours and with the top. */
  private releaseExtent(offset: number, size: number): void {
    const starts = this.freeStart;
    const sizes = this.freeSize;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    let start = offset;
    let length = size;
    let at = lo;
    if (at > 0 && starts[at - 1]! + sizes[at - 1]! === start) {
      at--;
      start = starts[at]!;
      length += sizes[at]!;
      starts.splice(at, 1);
      sizes.splice(at, 1);
    }
    if (at < starts.length && start + length === starts[at]!) {
      length += sizes[at]!;
      starts.splice(at, 1);
      sizes.splice(at, 1);
    }
    if (start + length === this.top) {
      this.top = start;
      return;
    }
    starts.splice(at, 0, start);
    sizes.splice(at, 0, length);
  }

  private own(block: CodeBlock, what: string): ArenaBlock {
    this.checkLive();
    if (!(block instanceof ArenaBlock) || block.arena !== this) {
      throw new Error(`CodeArena.${what}: the block does not belong to this arena`);
    }
    if (!block.live || block.epoch !== this.epoch) {
      throw new Error(`CodeArena.${what}: the block was freed (or flushed)`);
    }
    return block;
  }

  private checkLive(): void {
    if (this.disposed) throw new Error("CodeArena: used after dispose()");
  }
}
