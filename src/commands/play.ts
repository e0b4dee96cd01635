/**
 * `ejemu play [ROM]`: play in a window (or the terminal), any machine;
 * with no ROM, the bundled game roms/chip8/snake.ch8.
 */
import { basename, dirname, join } from "node:path";
import { SPEED_STEPS } from "../frontend/hotkeys.js";
import type { FrontendKind } from "../frontend/open.js";
import type { FlagSpecs } from "../machines/definition.js";
import { bundledRomPath } from "../machines/registry.js";
import { machineFlagsHelp, MACHINE_FLAG_HELP, parseCommand, stringFlag } from "./args.js";
import { CliError, parseInteger, readInputFile, usageError, type CliIo } from "./common.js";
import { chooseEngine } from "./engine.js";
import { detectMachine } from "../machines/detect.js";

const PLAY_FLAGS: FlagSpecs = {
  frontend: { type: "string" },
  scale: { type: "string" },
  "screenshot-dir": { type: "string" },
  "state-dir": { type: "string" },
  speed: { type: "string" },
  frames: { type: "string" },
  engine: { type: "string" },
};

export function playHelp(machine: Parameters<typeof machineFlagsHelp>[0]): string {
  return `usage: ejemu play [ROM] [options]

Play a ROM; without one, the bundled game (Snake: E starts it, W A S D steer).
Escape quits, P pauses, N steps a frame, Ctrl+R resets, F11 fullscreen,
F12 screenshot, - and = change the speed, Tab (held) fast-forwards,
Backspace (held) rewinds, F1..F9 load a save state, Shift+F1..F9 save one.
The game's keys, by machine, are at the end.

  --frontend auto|sdl|terminal|headless   where to play (default auto: a window, else the terminal)
  --scale N             initial window scale
  --screenshot-dir DIR  where F12 screenshots go (default: the current folder)
  --state-dir DIR       where save-state slots go (default: beside the ROM, as NAME.state1 .. NAME.state9)
  --speed X             start at this speed (${SPEED_STEPS.join(", ")}; - and = change it)
  --frames N            stop after N frames
  --engine interp|jit   CPU engine (default jit where the host has a backend)
${MACHINE_FLAG_HELP}
${machineFlagsHelp(machine, "program")}
${machineFlagsHelp(machine, "keys")}`;
}

const FRONTENDS: readonly FrontendKind[] = ["auto", "sdl", "terminal", "headless"];

export async function playCommand(argv: string[], io: CliIo): Promise<number> {
  const bundled = bundledRomPath();
  const parsed = parseCommand(argv, { flags: PLAY_FLAGS, machineFlags: "program", readsFile: true, what: "ROM" });
  if (parsed.values["help"]) {
    io.out(playHelp(parsed.machine));
    return 0;
  }
  if (parsed.positionals.length > 1) throw usageError("takes at most one ROM");
  let { values, machine: definition, bytes } = parsed;
  let path = parsed.positionals[0];
  if (path === undefined) {
    if (bundled === undefined) throw new CliError("the bundled game roms/chip8/snake.ch8 is missing from this installation");
    path = bundled;
    bytes = readInputFile(path, "ROM");
    definition ??= detectMachine(path, bytes);
    // the machine is known only now: parse again with its flags
    ({ values } = parseCommand([...argv, path], { flags: PLAY_FLAGS, machineFlags: "program", readsFile: false }));
  }
  const program = definition!.load({ path, bytes: bytes!, values, command: "play", warn: (line) => io.err(`ejemu play: warning: ${line}`) });
  const engine = chooseEngine(stringFlag(values, "engine"), "jit", (line) => io.err(`ejemu play: ${line}`), definition);
  const kind = (stringFlag(values, "frontend") ?? "auto") as FrontendKind;
  if (!FRONTENDS.includes(kind)) throw usageError(`unknown frontend '${kind}' (choose ${FRONTENDS.join(", ")})`);
  const scaleText = stringFlag(values, "scale");
  const scale = scaleText === undefined ? undefined : parseInteger(scaleText, "--scale", 1, 64);
  const framesText = stringFlag(values, "frames");
  const maxFrames = framesText === undefined ? undefined : parseInteger(framesText, "--frames", 0, 1_000_000_000);
  // what was chosen and why, before the window takes over
  io.err(`ejemu play: ${program.title}: ${program.settingsLine}`);
  const speedText = stringFlag(values, "speed");
  const speed = speedText === undefined ? undefined : Number(speedText);
  if (speed !== undefined && !SPEED_STEPS.includes(speed)) throw usageError(`--speed must be one of ${SPEED_STEPS.join(", ")}, not '${speedText}'`);
  const stateDir = stringFlag(values, "state-dir") ?? dirname(path);
  const stateName = basename(path).replace(/\.[^.]*$/, "");
  const machine = await program.create(engine);
  try {
    // The frontends load koffi and SDL: only `play` pays for that.
    const { openFrontend } = await import("../frontend/open.js");
    const { playLoop } = await import("../frontend/loop.js");
    const picture = machine.video();
    let frontend;
    try {
      frontend = await openFrontend(kind, {
        title: machine.title, scale, width: picture.width, height: picture.height, notice: (line) => io.err(line),
      });
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    await playLoop(machine, frontend, {
      screenshotDir: stringFlag(values, "screenshot-dir"), maxFrames, speed,
      statePath: (slot) => join(stateDir, `${stateName}.state${slot}`),
    });
    const stop = machine.stopped;
    if (stop?.fault) throw new CliError(`${program.path}: ${stop.reason}`);
    if (stop !== undefined) io.err(`ejemu play: ${program.path}: ${stop.reason}`);
    return 0;
  } finally {
    machine.dispose();
  }
}
