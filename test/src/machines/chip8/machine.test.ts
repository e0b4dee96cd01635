import { describe, expect, it } from "vitest";
import { profileSettings, type Chip8ProfileName } from "../../../../cpu/chip8/quirks.js";
import { HaltReason } from "../../../../cpu/chip8/state.js";
import { Chip8Machine } from "../../../../src/machines/chip8/machine.js";

const rom = (...words: number[]) => Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
const machine = (bytes: Uint8Array, profile: Chip8ProfileName = "chip8", tickrate?: number) => {
  const settings = profileSettings(profile);
  if (tickrate !== undefined) settings.tickrate = tickrate;
  return new Chip8Machine(bytes, { settings });
};

describe("CHIP-8 machine: frames, timers, keys, limits", () => {
  it("runs tickrate instructions per frame", () => {
    const m = machine(rom(0x7001, 0x1200), "schip");
    m.runFrame();
    expect([m.instructions, m.state.v[0]]).toEqual([30, 15]);
    m.runFrame();
    expect([m.frame, m.instructions, m.state.v[0]]).toEqual([2, 60, 30]);
  });

  it("ends the frame at a display wait and resumes on the next", () => {
    const m = machine(rom(0xd001, 0x7101, 0x1200));
    m.runFrame();
    expect([m.instructions, m.state.halt]).toEqual([1, HaltReason.DisplayWait]);
    m.runFrame();
    expect([m.instructions, m.state.v[1]]).toEqual([4, 1]);
  });

  it("counts the timers down once per frame and reports the beep", () => {
    const m = machine(rom(0x6003, 0xf015, 0xf018, 0x1206));
    m.runFrame();
    expect([m.state.dt, m.state.st, m.soundPlaying]).toEqual([2, 2, true]);
    m.runFrame();
    m.runFrame();
    expect([m.state.dt, m.state.st, m.soundPlaying]).toEqual([0, 0, true]);
    m.runFrame();
    expect(m.soundPlaying).toBe(false);
  });

  it("FX0A waits for a press and a release of a key pressed during the wait", () => {
    const m = machine(rom(0xf50a, 0x7101, 0x1204));
    m.pressKey(3); // held before the wait: does not count
    m.runFrame();
    expect(m.state.halt).toBe(HaltReason.KeyWait);
    m.releaseKey(3);
    m.runFrame();
    expect([m.state.halt, m.state.v[1]]).toEqual([HaltReason.KeyWait, 0]);
    m.pressKey(0xa);
    m.runFrame();
    expect(m.state.halt).toBe(HaltReason.KeyWait);
    m.releaseKey(0xa);
    expect([m.state.halt, m.state.v[5]]).toEqual([HaltReason.Running, 0xa]);
    m.runFrame();
    expect(m.state.v[1]).toBe(1);
  });

  it("maps Octo's keyboard layout and the pad", () => {
    const m = machine(rom(0x1200));
    const expected: [string, number][] = [["1", 1], ["4", 0xc], ["q", 4], ["r", 0xd], ["a", 7], ["f", 0xe], ["z", 0xa], ["x", 0], ["c", 0xb], ["v", 0xf]];
    for (const [key, hex] of expected) {
      expect(m.input({ type: "key", key, down: true })).toBe(true);
      expect(m.state.keys[hex]).toBe(1);
      m.input({ type: "key", key, down: false });
      expect(m.state.keys[hex]).toBe(0);
    }
    expect(m.input({ type: "key", key: "y", down: true })).toBe(false);
    expect(m.input({ type: "pad", button: "dpleft", down: true })).toBe(true);
    expect(m.state.keys[7]).toBe(1);
  });

  it("accepts ROMs up to the profile's size and refuses bigger ones", () => {
    expect(machine(new Uint8Array(3584)).state.memory[0x200]).toBe(0);
    expect(() => machine(new Uint8Array(3585))).toThrow("ROM is 3585 bytes; the chip8 profile holds at most 3584");
    expect(() => machine(new Uint8Array(3585), "schip")).toThrow("the schip profile holds at most 3584");
    expect(machine(new Uint8Array(65024).fill(0x12), "xochip").state.memory[0xffff]).toBe(0x12);
    expect(() => machine(new Uint8Array(65025), "xochip")).toThrow("ROM is 65025 bytes; the xochip profile holds at most 65024");
    expect(() => machine(new Uint8Array(0))).toThrow("ROM is empty");
  });

  it("stops on a fault with one clear line, and runs no more frames", () => {
    const m = machine(rom(0x6001, 0x0123));
    m.runFrame();
    expect(m.stopped).toEqual({ reason: "unknown opcode 0x0123 at 0x0202", fault: true });
    expect(m.faultMessage()).toBe("unknown opcode 0x0123 at 0x0202");
    expect([m.runFrames(5), m.frame, m.instructions]).toEqual([0, 1, 1]);
    expect(() => m.runFrameOrThrow()).toThrow("unknown opcode 0x0123 at 0x0202");
    const deep = machine(rom(0x2200));
    expect(() => deep.runFrameOrThrow()).toThrow("stack overflow at 0x0200: call 0x2200 with 12 return addresses on the stack");
    const empty = machine(rom(0x00ee));
    expect(() => empty.runFrameOrThrow()).toThrow("stack underflow at 0x0200: return with an empty stack");
  });

  it("stops after 00FD without error", () => {
    const m = machine(rom(0x00fd), "schip");
    m.runFrame();
    m.runFrame();
    expect([m.exited, m.instructions]).toEqual([true, 1]);
  });

  it("renders the picture through the profile's palette", () => {
    const m = machine(rom(0xf301, 0xa300, 0xd001, 0x1206), "xochip");
    m.poke(0x300, 0x80);
    m.poke(0x301, 0xc0);
    m.runFrame();
    const frame = m.video();
    expect([frame.width, frame.height]).toEqual([128, 64]);
    expect(Array.from(frame.pixels.subarray(0, 3))).toEqual([0xff662200, 0xff662200, 0xffff6600]);
    expect([frame.pixels[3], frame.pixels[4]]).toEqual([0xffff6600, 0xff996600]);
  });

  it("resets to the loaded ROM", () => {
    const m = machine(rom(0x7001, 0x1200), "schip");
    m.runFrame();
    m.poke(0x200, 0x60);
    m.reset();
    expect([m.frame, m.instructions, m.state.pc, m.state.v[0], m.state.memory[0x200]]).toEqual([0, 0, 0x200, 0, 0x70]);
  });

  it("snapshots the state for tests and --json", () => {
    const m = machine(rom(0x6142, 0xa2f0, 0x2208, 0x0000, 0x1208), "schip");
    m.runFrame();
    const { framebufferSha256, ...rest } = m.snapshot();
    expect(framebufferSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rest).toEqual({
      frame: 1, instructions: 30, pc: 0x208, i: 0x2f0, v: [0, 0x42, ...new Array(14).fill(0)], sp: 1, stack: [0x206],
      dt: 0, st: 0, hires: false, planes: 1, pitch: 64, halt: "running",
    });
  });
});

describe("CHIP-8 machine: what the settings choice adds", () => {
  it("an instruction of a larger set names the profile that has it", () => {
    const m = machine(rom(0x00ff));
    m.runFrame();
    expect(m.stopped?.reason).toBe("unknown opcode 0x00ff at 0x0200 (a SUPER-CHIP instruction, which profile chip8 lacks: try --profile schip)");
    const xo = machine(rom(0xf002), "schip");
    xo.runFrame();
    expect(xo.stopped?.reason).toBe("unknown opcode 0xf002 at 0x0200 (a XO-CHIP instruction, which profile schip lacks: try --profile xochip)");
    const none = machine(rom(0x5121), "xochip");
    none.runFrame();
    expect(none.stopped?.reason).toBe("unknown opcode 0x5121 at 0x0200");
  });

  it("turns the picture by 90, 180 and 270 degrees", () => {
    // one pixel at lores (1, 0): hires (2..3, 0..1) in the 128x64 framebuffer
    const program = rom(0x6001, 0x6100, 0xa20c, 0xd011, 0x1208, 0x0000, 0x8000);
    const at = (rotation: 0 | 90 | 180 | 270) => {
      const m = new Chip8Machine(program, { settings: profileSettings("octo"), rotation });
      m.runFrame();
      const frame = m.video();
      const lit = [...frame.pixels.keys()].filter((k) => frame.pixels[k] !== frame.pixels[frame.pixels.length - 1]);
      return { size: [frame.width, frame.height], lit: lit.map((k) => [k % frame.width, Math.floor(k / frame.width)]) };
    };
    expect(at(0)).toEqual({ size: [128, 64], lit: [[2, 0], [3, 0], [2, 1], [3, 1]] });
    expect(at(90)).toEqual({ size: [64, 128], lit: [[62, 2], [63, 2], [62, 3], [63, 3]] });
    expect(at(180)).toEqual({ size: [128, 64], lit: [[124, 62], [125, 62], [124, 63], [125, 63]] });
    expect(at(270)).toEqual({ size: [64, 128], lit: [[0, 124], [1, 124], [0, 125], [1, 125]] });
  });

  it("the database's key hints steer the arrows and the pad; other keys keep the keypad", () => {
    const m = new Chip8Machine(rom(0x1200), { settings: profileSettings("chip8"), keyHints: { up: 3, a: 0xc } });
    m.input({ type: "key", key: "up", down: true });
    m.input({ type: "pad", button: "a", down: true });
    m.input({ type: "key", key: "down", down: true }); // no hint: S is keypad 8
    expect([...m.state.keys].map((k, i) => (k ? i : -1)).filter((i) => i >= 0)).toEqual([3, 8, 0xc]);
  });
});
