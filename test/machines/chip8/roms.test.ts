import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assembleChip8 } from "../../../cpu/chip8/asm.js";
import { profileSettings, type Chip8ProfileName } from "../../../cpu/chip8/quirks.js";
import { Chip8Machine } from "../../../src/machines/chip8/machine.js";

const romPath = (name: string) => fileURLToPath(new URL(`../../../roms/${name}`, import.meta.url));
const read = (name: string) => new Uint8Array(readFileSync(romPath(name)));

function play(name: string, profile: Chip8ProfileName, frames: number, keys = ""): Chip8Machine {
  const m = new Chip8Machine(read(name), { settings: profileSettings(profile) });
  const script = keys.split(",").filter(Boolean).map((item) => {
    const [frame, key] = item.split(":") as [string, string];
    return { frame: Number(frame), key: parseInt(key[0]!, 16), down: key[1] === "+" };
  });
  for (let f = 0; f < frames; f++) {
    for (const ev of script) if (ev.frame === f) (ev.down ? m.pressKey(ev.key) : m.releaseKey(ev.key));
    m.runFrame();
  }
  return m;
}

/** Keys that steer Snake to its first four dots (recorded from a simple autopilot). */
const SNAKE_KEYS = "60:6+,62:6-,81:8+,87:8-,87:7+,151:7-,151:8+,183:8-,183:9+,214:9-,214:5+,302:5-,"
  + "302:9+,357:9-,357:8+,373:8-,373:9+,476:9-,476:8+,508:8-,508:9+,520:9-,520:7+,644:7-";

describe("the project's ROMs", () => {
  it("each committed binary is exactly its assembled source", () => {
    for (const [source, binary] of [["chip8/snake.8o", "chip8/snake.ch8"], ["bench/loop.8o", "bench/loop.ch8"],
      ["bench/sieve.8o", "bench/sieve.ch8"], ["bench/sprites.8o", "bench/sprites.sc8"]]) {
      const assembled = assembleChip8(readFileSync(romPath(source!), "utf8"), source);
      expect(Buffer.from(assembled).equals(Buffer.from(read(binary!))), source).toBe(true);
    }
  });

  it("Snake shows its title and waits for a key", () => {
    const m = play("chip8/snake.ch8", "chip8", 60);
    expect([m.snapshot().halt, m.instructions]).toEqual(["key-wait", 57]);
    expect(m.framebufferHash()).toBe("92b37ddb4b2ead430747f00bda20ff9838134623afb6b43dd4fea06353842fc2");
  });

  it("Snake eats four dots on a scripted run, the same picture every time", () => {
    const m = play("chip8/snake.ch8", "chip8", 600, SNAKE_KEYS);
    const v = m.state.v;
    expect({ score: v[0xb], head: [v[3], v[4]], food: [v[9], v[0xa]], length: (v[7]! - v[8]! + 1) & 0xff }).toEqual({
      score: 4, head: [12, 6], food: [6, 7], length: 15,
    });
    expect(m.framebufferHash()).toBe("0294f4848a34f610c909d883bc463c8a6ca565688c2fb74f62669bf79dea79f9");
    expect(play("chip8/snake.ch8", "chip8", 600, SNAKE_KEYS).framebufferHash()).toBe(m.framebufferHash());
  });

  it("Snake ends the game at the wall and returns to the title with the score", () => {
    const m = play("chip8/snake.ch8", "schip", 400, "60:6+,62:6-");
    // Heading right from x = 8 with no turns: the step to x = 32 leaves the field.
    expect([m.snapshot().halt, m.state.pc, m.state.v[3], m.state.v[4], m.state.v[0xb]]).toEqual(["key-wait", 0x242, 32, 6, 0]);
  });

  it("the sieve finds the 54 primes below 256 each round", () => {
    const m = new Chip8Machine(read("bench/sieve.ch8"), { settings: profileSettings("octo") });
    let guard = 0;
    while (m.state.v[9] !== 2 && guard++ < 200_000) m.engine.run(1);
    expect([m.state.v[9], m.state.v[8]]).toEqual([2, 54]);
  });

  it("the loop and sprite benchmarks run without faults", () => {
    const loop = play("bench/loop.ch8", "octo", 10);
    expect([loop.instructions, loop.snapshot().halt]).toEqual([200, "running"]);
    const sprites = play("bench/sprites.sc8", "schip", 10);
    expect([sprites.instructions, sprites.state.hires]).toEqual([300, true]);
    expect(sprites.framebufferHash()).toBe("2fab4a6d2e73bfbff1966aea8011a45e29e40da8c5db6de1d7d87b1aaf396e46");
  });
});
