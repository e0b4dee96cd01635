/**
 * Instruction-cache maintenance after writing code.
 *
 * x86-64 keeps instruction fetch coherent with stores (Intel SDM vol. 3,
 * 8.1.3 "Handling Self- and Cross-Modifying Code"), so nothing is needed.
 * AArch64 does not: after writing, the data cache must be cleaned and the
 * instruction cache invalidated for the range (Arm ARM B2.4.4). libgcc's
 * `__clear_cache(begin, end)` does exactly that on Linux; macOS has
 * `sys_icache_invalidate(start, len)`. They are bound only on arm64 hosts.
 */
import koffi from "koffi";

let flushArm64: ((address: number, length: number) => void) | undefined;

function bindArm64Flush(): (address: number, length: number) => void {
  if (process.platform === "darwin") {
    const fn = koffi.load("libSystem.B.dylib").func("void sys_icache_invalidate(uintptr_t start, size_t len)");
    return (address, length) => void fn(address, length);
  }
  const fn = koffi.load("libgcc_s.so.1").func("void __clear_cache(uintptr_t begin, uintptr_t end)");
  return (address, length) => void fn(address, address + length);
}

/** Make freshly written code at [address, address + length) visible to instruction fetch. */
export const flushInstructionCache: (address: number, length: number) => void =
  process.arch === "arm64"
    ? (address, length) => {
        flushArm64 ??= bindArm64Flush();
        flushArm64(address, length);
      }
    : () => {};
