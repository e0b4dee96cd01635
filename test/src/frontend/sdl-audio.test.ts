/**
 * No sound card: opening the window must say "no audio: ..." in one line,
 * without the ALSA library's own complaints on stderr. The ALSA
 * configuration is the system's, pointed at a card that exists on no
 * machine (ALSA_CARD=99), so the test does not depend on this machine's
 * hardware; a private HOME keeps a user's ~/.asoundrc out of it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openFrontend } from "../../../src/frontend/open.js";
import { captureFd } from "./fd-capture.js";
import { missingTools, requireTools, SDL_ON_XVFB } from "../../tools.js";
import { startXvfb, type XServer } from "./xvfb.js";

describe("SDL audio without a sound card (ALSA)", () => {
  let server: XServer;
  const home = mkdtempSync(join(tmpdir(), "ejemu-home-"));

  // Without SDL or Xvfb every test fails (CI) or is skipped, and there is nothing to set up.
  beforeEach((ctx) => requireTools(ctx, ...SDL_ON_XVFB));
  beforeAll(async () => {
    if (missingTools(...SDL_ON_XVFB).length > 0) return;
    server = await startXvfb();
    process.env.DISPLAY = server.display;
    process.env.SDL_AUDIODRIVER = "alsa";
    process.env.ALSA_CARD = "99";
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = home;
  });

  afterAll(() => {
    server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("stderr of opening and closing the window is the one 'no audio:' line", async () => {
    const { result: frontend, written: opening } = await captureFd(2, () =>
      openFrontend("sdl", { title: "t", width: 4, height: 2, scale: 1 }));
    expect(frontend.kind).toBe("sdl");
    expect(frontend.audioRate).toBe(0);
    expect(opening).toBe("no audio: ALSA: Couldn't open audio device: Invalid argument\n");
    const { written: closing } = await captureFd(2, () => frontend.close());
    expect(closing).toBe("");
  });

  it("an ALSA configuration that cannot be read: the one line, and nothing when closing", async () => {
    // This ALSA also complains when SDL shuts its audio down (at SDL_Quit, before the fix).
    process.env.ALSA_CONFIG_PATH = join(home, "no-such-alsa.conf");
    try {
      const { result: frontend, written: opening } = await captureFd(2, () =>
        openFrontend("sdl", { title: "t", width: 4, height: 2, scale: 1 }));
      expect(frontend.audioRate).toBe(0);
      expect(opening).toBe("no audio: ALSA: Couldn't open audio device: No such file or directory\n");
      const { written: closing } = await captureFd(2, () => frontend.close());
      expect(closing).toBe("");
    } finally {
      delete process.env.ALSA_CONFIG_PATH;
    }
  });
});
