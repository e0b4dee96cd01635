/**
 * Choosing and opening a frontend.
 *
 *   sdl       a window; fails with one line when libSDL2 or a display is missing
 *   terminal  the picture in the terminal; needs stdout to be a terminal
 *   headless  nothing shown, no input
 *   auto      SDL when libSDL2-2.0.so.0 loads and a window opens; else one
 *             line saying why (naming the Debian package when the library is
 *             missing) and the terminal when stdout is a terminal (its
 *             status line repeats why); else an Error with one clear line
 */
import { HeadlessFrontend } from "./headless.js";
import { loadSdl, SDL_DEBIAN_PACKAGE, SDL_LIBRARY_NAME } from "./sdl/bindings.js";
import { SdlFrontend, SdlInitError } from "./sdl/frontend.js";
import { TerminalFrontend, type TerminalOutput } from "./terminal/frontend.js";
import type { Frontend } from "./types.js";

export type FrontendKind = "auto" | "sdl" | "terminal" | "headless";

export interface OpenFrontendOptions {
  readonly title: string;
  /** Initial window scale (SDL). */
  readonly scale?: number;
  /** Guest picture size, for the first window size (SDL). */
  readonly width?: number;
  readonly height?: number;
  /** Where the one-line fallback notice goes (default: stderr). */
  readonly notice?: (line: string) => void;
  /** The terminal to draw on (default: process.stdout). */
  readonly terminal?: TerminalOutput & { readonly isTTY?: boolean };
}

/** One line for a missing libSDL2. */
export const SDL_MISSING_MESSAGE =
  `SDL2 not found (${SDL_LIBRARY_NAME}): install the Debian package ${SDL_DEBIAN_PACKAGE} for a window`;

function openSdl(opts: OpenFrontendOptions): SdlFrontend {
  try {
    loadSdl();
  } catch {
    throw new Error(SDL_MISSING_MESSAGE);
  }
  try {
    return new SdlFrontend({ title: opts.title, width: opts.width, height: opts.height, scale: opts.scale, notice: opts.notice });
  } catch (error) {
    if (error instanceof SdlInitError) throw new Error(`cannot open a window: ${error.message}`);
    throw error;
  }
}

function openTerminal(opts: OpenFrontendOptions): TerminalFrontend {
  const terminal = opts.terminal ?? process.stdout;
  if (!terminal.isTTY) throw new Error("the terminal frontend needs a terminal, and stdout is not one");
  return new TerminalFrontend({ title: opts.title, output: terminal });
}

export async function openFrontend(kind: FrontendKind, opts: OpenFrontendOptions): Promise<Frontend> {
  switch (kind) {
    case "sdl":
      return openSdl(opts);
    case "terminal":
      return openTerminal(opts);
    case "headless":
      return new HeadlessFrontend();
    case "auto": {
      let reason: string;
      try {
        return openSdl(opts);
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      const terminal = opts.terminal ?? process.stdout;
      if (!terminal.isTTY) {
        throw new Error(`${reason}, and stdout is not a terminal for the terminal frontend`);
      }
      (opts.notice ?? ((line: string) => process.stderr.write(`${line}\n`)))(`${reason}; using the terminal`);
      // The notice is hidden once the terminal switches to its alternate screen: the status line keeps it.
      const frontend = openTerminal(opts);
      frontend.setStatus({ reason });
      return frontend;
    }
  }
}
