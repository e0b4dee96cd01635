import { describe, expect, it } from "vitest";
import { descriptorCalls, withStderrDiscarded, type DescriptorCalls } from "../../../src/frontend/quiet-stderr.js";
import { captureFd, nativeWrite } from "./fd-capture.js";

const say = (text: string) => nativeWrite(2, text, Buffer.byteLength(text));

describe("withStderrDiscarded", () => {
  it("discards what native code writes to fd 2 inside, and restores fd 2 after", async () => {
    expect(descriptorCalls()).not.toBe(null);
    const { result, written } = await captureFd(2, () => {
      say("before\n");
      const inside = withStderrDiscarded(() => {
        say("library noise\n");
        return 42;
      });
      say("after\n");
      return inside;
    });
    expect(result).toBe(42);
    expect(written).toBe("before\nafter\n");
  });

  it("restores fd 2 when the call throws", async () => {
    const { written } = await captureFd(2, () => {
      expect(() => withStderrDiscarded(() => {
        say("noise\n");
        throw new Error("boom");
      })).toThrow("boom");
      say("after\n");
    });
    expect(written).toBe("after\n");
  });

  it("without a C library, or when dup or dup2 fails, runs the call once with stderr as it is", async () => {
    const real = descriptorCalls()!;
    const failingDup: DescriptorCalls = { ...real, dup: () => -1 };
    const closed: number[] = [];
    const failingDup2: DescriptorCalls = {
      dup: (fd) => real.dup(fd),
      dup2: () => -1,
      close: (fd) => {
        closed.push(fd);
        return real.close(fd);
      },
    };
    let runs = 0;
    const { written } = await captureFd(2, () => {
      for (const calls of [null, failingDup, failingDup2]) {
        expect(withStderrDiscarded(() => {
          runs++;
          say("shown\n");
          return runs;
        }, calls)).toBe(runs);
      }
    });
    expect(runs).toBe(3);
    expect(written).toBe("shown\nshown\nshown\n");
    // The duplicate made before the failed dup2 is closed again.
    expect(closed).toHaveLength(1);
  });
});
