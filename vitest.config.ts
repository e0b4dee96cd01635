import { defineConfig } from "vitest/config";

// vitest 5's reporters call Map.groupBy, which Node 20 lacks: without it a
// failing test crashes the reporter and its details are lost. This config
// runs in the main process, where the reporters live.
if (typeof (Map as { groupBy?: unknown }).groupBy !== "function") {
  Object.defineProperty(Map, "groupBy", {
    configurable: true,
    writable: true,
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const out = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = out.get(k);
        if (list) list.push(item);
        else out.set(k, [item]);
      }
      return out;
    },
  });
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // Native code runs in-process through koffi; threads share one process
    // image, forks give each test file its own address space.
    pool: "forks",
  },
});
