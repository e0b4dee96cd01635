/**
 * `ejemu play [ROM]`: play in a window (or the terminal); with no ROM, the
 * bundled game roms/chip8/snake.ch8.
 */
import { parseArgs } from "node:util";
import type { FrontendKind } from "../frontend/open.js";
import { Chip8Machine, RomError } from "../machines/chip8/machine.js";
import { CHIP8_FLAGS, CHIP8_FLAGS_HELP, chip8SettingsFromFlags, type FlagValues } from "./chip8-flags.js";
import { CliError, parseInteger, usageError, type CliIo } from "./common.js";
import { chooseEngine } from "./engine.js";
import { BUNDLED_GAME_PROFILE, bundledGamePath, loadProgram } from "./program.js";

export const PLAY_HELP = `usage: ejemu play [ROM] [options]

Play a ROM; without one, the bundled game (Snake: W A S D to steer).
Keys: 1234 / QWER / ASDF / ZXCV are the hex keypad 123C / 456D / 789E / A0BF
(arrows = W A S D). Escape quits, P pauses, N steps a frame, Backspace/F5
resets, F11 fullscreen, F12 screenshot, - and = change the speed.

  --frontend auto|sdl|terminal|headless   where to play (default auto: a window, else the terminal)
  --scale N                  initial window scale
  --screenshot-dir DIR       where F12 screenshots go (default: the current folder)
  --frames N                 stop after N frames
  --engine interp|jit        CPU engine (default jit where the host has a backend)
  --machine chip8|6502|nes   override the machine chosen from the file
${CHIP8_FLAGS_HELP}`;

const PLAY_FLAGS = {
  ...CHIP8_FLAGS,
  frontend: { type: "string" },
  scale: { type: "string" },
  "screenshot-dir": { type: "string" },
  frames: { type: "string" },
  engine: { type: "string" },
  machine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const FRONTENDS: readonly FrontendKind[] = ["auto", "sdl", "terminal", "headless"];

export async function playCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: PLAY_FLAGS, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(PLAY_HELP);
    return 0;
  }
  if (positionals.length > 1) throw usageError("ejemu play takes at most one ROM (see ejemu play --help)");
  const bundled = positionals.length === 0;
  const loaded = loadProgram(positionals[0] ?? bundledGamePath(), values.machine);
  if (loaded.machine !== "chip8") throw new CliError("only CHIP-8 can be played so far", 2);
  const engine = await chooseEngine(values.engine, "jit", (line) => io.err(`ejemu: ${line}`));
  const kind = (values.frontend ?? "auto") as FrontendKind;
  if (!FRONTENDS.includes(kind)) throw usageError(`unknown frontend '${kind}' (choose ${FRONTENDS.join(", ")})`);
  const scale = values.scale === undefined ? undefined : parseInteger(values.scale, "--scale", 1, 64);
  const maxFrames = values.frames === undefined ? undefined : parseInteger(values.frames, "--frames", 0, 1e9);
  const { program } = loaded;
  const settings = chip8SettingsFromFlags(values as FlagValues, bundled ? BUNDLED_GAME_PROFILE : program.profileGuess);
  let machine: Chip8Machine;
  try {
    machine = new Chip8Machine(program.rom, { settings, title: `ejemu - ${program.title}`, engine: engine.factory, buffer: engine.buffer });
  } catch (error) {
    if (error instanceof RomError) throw new CliError(`${program.path}: ${error.message}`);
    throw error;
  }
  // The frontends load koffi and SDL: only `play` pays for that.
  const { openFrontend } = await import("../frontend/open.js");
  const { playLoop } = await import("../frontend/loop.js");
  let frontend;
  try {
    frontend = await openFrontend(kind, { title: machine.title, scale, width: 128, height: 64, notice: (line) => io.err(line) });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  await playLoop(machine, frontend, { screenshotDir: values["screenshot-dir"], maxFrames });
  return 0;
}
