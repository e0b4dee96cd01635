import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // Native code runs in-process through koffi; threads share one process
    // image, forks give each test file its own address space.
    pool: "forks",
  },
});
