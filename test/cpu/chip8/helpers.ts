import { loadFonts } from "../../../cpu/chip8/font.js";
import { Chip8Interpreter } from "../../../cpu/chip8/interpreter.js";
import { profileSettings, type Chip8ProfileName, type Chip8Quirks, type Chip8Settings } from "../../../cpu/chip8/quirks.js";
import { Chip8State } from "../../../cpu/chip8/state.js";

export interface Cpu {
  readonly state: Chip8State;
  readonly cpu: Chip8Interpreter;
  readonly settings: Chip8Settings;
  /** Run up to `n` instructions; returns how many ran. */
  step(n?: number): number;
}

/**
 * A CPU with the fonts loaded and `words` (16-bit opcodes) at 0x200, under a
 * profile with some quirks overridden.
 */
export function cpuWith(words: readonly number[], profile: Chip8ProfileName = "xochip", quirks: Partial<Chip8Quirks> = {}): Cpu {
  const settings = profileSettings(profile);
  Object.assign(settings.quirks, quirks);
  const state = new Chip8State();
  loadFonts(state.memory, settings.fontStyle);
  words.forEach((w, k) => {
    state.memory[0x200 + 2 * k] = w >> 8;
    state.memory[0x201 + 2 * k] = w & 0xff;
  });
  state.pc = 0x200;
  state.planes = 1;
  state.random = 0x2545f491;
  const cpu = new Chip8Interpreter(state, settings);
  return { state, cpu, settings, step: (n = words.length) => cpu.run(n) };
}

/** The framebuffer as rows of '#'/'.' (plane bits as digits when not 0/1). */
export function picture(state: Chip8State, x0: number, y0: number, w: number, h: number): string[] {
  const rows: string[] = [];
  for (let y = y0; y < y0 + h; y++) {
    let row = "";
    for (let x = x0; x < x0 + w; x++) {
      const p = state.framebuffer[y * 128 + x]!;
      row += p === 0 ? "." : p === 1 ? "#" : String(p);
    }
    rows.push(row);
  }
  return rows;
}
