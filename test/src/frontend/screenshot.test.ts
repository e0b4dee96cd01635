import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nextSpeed, SPEED_STEPS } from "../../../src/frontend/hotkeys.js";
import { saveScreenshot, screenshotFileName } from "../../../src/frontend/screenshot.js";

const tmp = mkdtempSync(join(tmpdir(), "ejemu-shot-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("screenshots", () => {
  it("names files ejemu-YYYYMMDD-HHMMSS.png in local time", () => {
    expect(screenshotFileName(new Date(2026, 0, 2, 3, 4, 5))).toBe("ejemu-20260102-030405.png");
    expect(screenshotFileName(new Date(1999, 11, 31, 23, 59, 59))).toBe("ejemu-19991231-235959.png");
  });

  it("never overwrites a shot taken in the same second", () => {
    const when = new Date(2026, 10, 25, 8, 30, 0);
    const frame = { width: 1, height: 1, pixels: Uint32Array.of(0xff00ff00) };
    const paths = [0, 1, 2].map(() => saveScreenshot(tmp, frame, when));
    expect(paths).toEqual([
      join(tmp, "ejemu-20261125-083000.png"),
      join(tmp, "ejemu-20261125-083000-2.png"),
      join(tmp, "ejemu-20261125-083000-3.png"),
    ]);
    expect(readdirSync(tmp).sort()).toEqual([
      "ejemu-20261125-083000-2.png", "ejemu-20261125-083000-3.png", "ejemu-20261125-083000.png",
    ]);
  });
});

describe("speed steps", () => {
  it("step through 0.25x..4x and stop at the ends", () => {
    expect(SPEED_STEPS).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4]);
    expect(nextSpeed(1, 1)).toBe(1.25);
    expect(nextSpeed(1, -1)).toBe(0.75);
    expect(nextSpeed(4, 1)).toBe(4);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(nextSpeed(1.1, 1)).toBe(1.25); // an unknown speed steps from 1x
  });
});
