import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openFrontend, SDL_MISSING_MESSAGE } from "../../../src/frontend/open.js";
import { requireTools } from "../../tools.js";

function fakeTerminal(isTTY: boolean, columns = 20) {
  let written = "";
  return {
    isTTY,
    columns,
    rows: 5,
    write(data: string) {
      written += data;
      return true;
    },
    on() {},
    off() {},
    get written() {
      return written;
    },
  };
}

describe("openFrontend", () => {
  it("opens the headless frontend", async () => {
    const frontend = await openFrontend("headless", { title: "t" });
    expect([frontend.kind, frontend.audioRate]).toEqual(["headless", 0]);
    frontend.close();
  });

  it("refuses the terminal frontend when stdout is not a terminal", async () => {
    await expect(openFrontend("terminal", { title: "t", terminal: fakeTerminal(false) })).rejects.toThrow(
      "the terminal frontend needs a terminal, and stdout is not one",
    );
  });

  it("names the Debian package when libSDL2 is missing", () => {
    expect(SDL_MISSING_MESSAGE).toBe(
      "SDL2 not found (libSDL2-2.0.so.0): install the Debian package libsdl2-2.0-0 for a window",
    );
  });

  it("without a display: auto says why in one line and uses the terminal", async (ctx) => {
    requireTools(ctx, "libSDL2-2.0.so.0");
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    delete process.env.SDL_VIDEODRIVER;
    process.env.SDL_AUDIODRIVER = "dummy";
    const lines: string[] = [];
    const terminal = fakeTerminal(true, 60);
    const frontend = await openFrontend("auto", { title: "game", terminal, notice: (l) => lines.push(l) });
    expect(frontend.kind).toBe("terminal");
    expect(lines).toEqual(["cannot open a window: no display found (DISPLAY=unset); using the terminal"]);
    expect(terminal.written).toBe("\x1b[?1049h\x1b[?25l\x1b[2J\x1b]0;game\x07");
    // The notice is gone with the alternate screen; the status line under the picture keeps the reason.
    // (1x1 picture in 60 x 3 rows: scale 6, 3 text rows; status on rows 4 and 5.)
    frontend.present({ width: 1, height: 1, pixels: Uint32Array.of(0xff000000) });
    expect(terminal.written.slice(terminal.written.indexOf("\x1b[4;1H"))).toBe(
      "\x1b[4;1H\x1b[2Kgame | 1x | running\x1b[5;1H\x1b[2Kcannot open a window: no display found (DISPLAY=unset)",
    );
    frontend.close();
    await expect(openFrontend("sdl", { title: "t" })).rejects.toThrow(
      "cannot open a window: no display found (DISPLAY=unset)",
    );
    await expect(openFrontend("auto", { title: "t", terminal: fakeTerminal(false) })).rejects.toThrow(
      "cannot open a window: no display found (DISPLAY=unset), and stdout is not a terminal for the terminal frontend",
    );
  });

  it.skipIf(existsSync("/tmp/.X11-unix/X199"))("with a DISPLAY nobody answers: one line", async (ctx) => {
    requireTools(ctx, "libSDL2-2.0.so.0");
    process.env.DISPLAY = ":199";
    delete process.env.WAYLAND_DISPLAY;
    delete process.env.SDL_VIDEODRIVER;
    await expect(openFrontend("auto", { title: "t", terminal: fakeTerminal(false) })).rejects.toThrow(
      "cannot open a window: no display found (DISPLAY=:199): x11 not available, and stdout is not a terminal for the terminal frontend",
    );
  });
});
