/**
 * The native memory one recompiled guest runs in, reached from generated
 * code through `HostPlan.base` (all offsets below are from it):
 *
 *   0                guest state (guest-defined layout, `stateSize` bytes)
 *   header           64 bytes of runtime fields (HeaderField)
 *   dispatch         one u64 host address per guest PC (0 = no block)
 *   codeMap          one u8 per guest byte: 1 when compiled code covers it,
 *                    then 16 bytes of slack (code reads it 8 bytes at a time)
 *   entryCounts      one u64 per block slot: times the block was entered
 *
 * The guest state starts the block, so a guest's state object can be built
 * over `buffer` at byte offset 0.
 */
import { NativeDataMemory } from "../../ejit/index.js";

/** Byte offsets inside the runtime header. */
export const enum HeaderField {
  /** i64: budget left when native code returned (written on entry by JS, on exit by native code). */
  Budget = 0,
  /** u32: why native code returned (ExitReason). */
  Reason = 8,
}

export const HEADER_SIZE = 64;

export interface JitMemoryLayout {
  readonly stateSize: number;
  readonly header: number;
  readonly dispatch: number;
  readonly codeMap: number;
  readonly entryCounts: number;
  /** Guest PCs / guest bytes (a power of two). */
  readonly addressSpace: number;
  /** Blocks that can have an entry counter. */
  readonly counterSlots: number;
  readonly size: number;
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

export function jitMemoryLayout(stateSize: number, addressSpace: number, counterSlots: number): JitMemoryLayout {
  const header = align(stateSize, 64);
  const dispatch = header + HEADER_SIZE;
  const codeMap = dispatch + addressSpace * 8;
  const entryCounts = align(codeMap + addressSpace + 16, 64);
  const size = entryCounts + counterSlots * 8;
  return { stateSize, header, dispatch, codeMap, entryCounts, addressSpace, counterSlots, size };
}

/** One region of native memory laid out by `jitMemoryLayout`, with typed views of the runtime parts. */
export class JitMemory {
  readonly native: NativeDataMemory;
  readonly buffer: ArrayBuffer;
  readonly address: number;
  /** Budget and exit reason; index = HeaderField / 4. */
  readonly header32: Int32Array;
  /** Host address per guest PC as two u32 halves (a BigUint64Array would allocate a bigint per access). */
  readonly dispatch32: Uint32Array;
  readonly codeMap: Uint8Array;
  readonly entryCountsRaw: BigUint64Array;

  constructor(readonly layout: JitMemoryLayout) {
    this.native = new NativeDataMemory(layout.size);
    this.buffer = this.native.buffer;
    this.address = this.native.address;
    this.header32 = new Int32Array(this.buffer, layout.header, HEADER_SIZE / 4);
    this.dispatch32 = new Uint32Array(this.buffer, layout.dispatch, layout.addressSpace * 2);
    this.codeMap = new Uint8Array(this.buffer, layout.codeMap, layout.addressSpace);
    this.entryCountsRaw = new BigUint64Array(this.buffer, layout.entryCounts, layout.counterSlots);
  }

  /** Point guest PC `pc` at host address `address` (0 removes it). */
  setDispatch(pc: number, address: number): void {
    this.dispatch32[pc * 2] = address % 0x100000000;
    this.dispatch32[pc * 2 + 1] = Math.floor(address / 0x100000000);
  }

  dispatchOf(pc: number): number {
    return this.dispatch32[pc * 2]! + this.dispatch32[pc * 2 + 1]! * 0x100000000;
  }

  /** Times the block with counter slot `slot` was entered. */
  entryCount(slot: number): number {
    return Number(this.entryCountsRaw[slot]!);
  }

  get budget(): number {
    return this.header32[HeaderField.Budget >> 2]!;
  }
  set budget(value: number) {
    this.header32[HeaderField.Budget >> 2] = value;
    this.header32[(HeaderField.Budget >> 2) + 1] = value < 0 ? -1 : 0;
  }
  get reason(): number {
    return this.header32[HeaderField.Reason >> 2]!;
  }

  dispose(): void {
    this.native.dispose();
  }
}
