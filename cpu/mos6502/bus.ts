/**
 * Memory as the CPU sees it. A machine with only RAM hands the CPU a 64 KiB
 * array (the fast path: no call per access, dummy cycles skipped because they
 * have no effect on RAM). A machine with I/O (the NES) hands it a `Bus`,
 * which then sees every bus cycle the chip performs, dummy reads and writes
 * included, in order.
 */
export interface Bus {
  read(address: number): number;
  write(address: number, value: number): void;
}

/** One recorded bus cycle kind. */
export const BusAccess = { Read: 0, Write: 1 } as const;

/**
 * A flat 64 KiB bus that records every cycle (address, value, read/write)
 * into preallocated typed arrays; for the cycle-by-cycle test vectors and
 * for debugging I/O timing.
 */
export class RecordingBus implements Bus {
  readonly memory: Uint8Array;
  readonly addresses: Uint16Array;
  readonly values: Uint8Array;
  readonly kinds: Uint8Array;
  count = 0;

  constructor(memory: Uint8Array = new Uint8Array(0x10000), capacity = 64) {
    this.memory = memory;
    this.addresses = new Uint16Array(capacity);
    this.values = new Uint8Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  read(address: number): number {
    const value = this.memory[address]!;
    this.record(address, value, BusAccess.Read);
    return value;
  }

  write(address: number, value: number): void {
    this.memory[address] = value;
    this.record(address, value, BusAccess.Write);
  }

  clear(): void {
    this.count = 0;
  }

  private record(address: number, value: number, kind: number): void {
    const i = this.count;
    if (i < this.addresses.length) {
      this.addresses[i] = address;
      this.values[i] = value;
      this.kinds[i] = kind;
    }
    this.count = i + 1;
  }
}
