import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assembleChip8 } from "../../../../cpu/chip8/asm.js";
import { profileSettings, type Chip8ProfileName } from "../../../../cpu/chip8/quirks.js";
import { Chip8Machine } from "../../../../src/machines/chip8/machine.js";

const romPath = (name: string) => fileURLToPath(new URL(`../../../../roms/${name}`, import.meta.url));
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
      ["bench/sieve.8o", "bench/sieve.ch8"], ["bench/sprites.8o", "bench/sprites.sc8"],
      ["chip8/quirks.8o", "chip8/quirks.ch8"], ["chip8/demo.8o", "chip8/demo.xo8"], ["chip8/selftest.8o", "chip8/selftest.ch8"],
      ["chip8/selftest-xo.8o", "chip8/selftest-xo.xo8"]]) {
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
    while (m.state.v[9] !== 2 && guard++ < 200_000) m.cpu.run(1);
    expect([m.state.v[9], m.state.v[8]]).toEqual([2, 54]);
  });

  it("the loop and sprite benchmarks run without faults", () => {
    const loop = play("bench/loop.ch8", "octo", 10);
    expect([loop.instructions, loop.snapshot().halt]).toEqual([200, "running"]);
    const sprites = play("bench/sprites.sc8", "schip", 10);
    expect([sprites.instructions, sprites.state.hires]).toEqual([300, true]);
    expect(sprites.framebufferHash()).toBe("2fab4a6d2e73bfbff1966aea8011a45e29e40da8c5db6de1d7d87b1aaf396e46");
  });

  it("the quirks ROM sees each profile's quirks and shows them", () => {
    const seen = (profile: Chip8ProfileName, quirks: Record<string, boolean> = {}) => {
      const settings = profileSettings(profile);
      Object.assign(settings.quirks, quirks);
      const m = new Chip8Machine(read("chip8/quirks.ch8"), { settings });
      for (let f = 0; f < 120; f++) m.runFrame();
      expect(m.state.pc, profile).toBe(0x2bc); // `done: jp done`
      return Array.from(m.state.memory.subarray(0x700, 0x707));
    };
    // shift, load/store step, vF order, clip, jump, logic, vblank
    expect(seen("chip8")).toEqual([0, 3, 0, 1, 0, 1, 1]);
    expect(seen("schip")).toEqual([1, 0, 0, 1, 1, 0, 0]);
    expect(seen("schip-legacy")).toEqual([1, 0, 0, 1, 1, 0, 0]);
    expect(seen("xochip")).toEqual([0, 3, 0, 0, 0, 0, 0]);
    expect(seen("octo")).toEqual([0, 3, 0, 0, 0, 0, 0]);
    expect(seen("octo", { vfOrderQuirks: true, loadStoreXQuirks: true })).toEqual([0, 2, 1, 0, 0, 0, 0]);
    expect(play("chip8/quirks.ch8", "chip8", 120).framebufferHash()).toBe("fdf924a99868242df67abf0a867f1c5824d456eff982a982fcfa0f1935e2fa7f");
    expect(play("chip8/quirks.ch8", "schip", 120).framebufferHash()).toBe("58d1bf027cbbc53c7b898db3de9eb42636c153fe105d06246aa41096f12a4444");
  });

  it("the XO-CHIP demo draws in four colours, bobs plane 1 and loads its chirp from above 4 KiB", () => {
    const m = play("chip8/demo.xo8", "xochip", 30);
    const fb = m.state.framebuffer;
    // colour blocks at y = 24: planes 1, 2, 3, none, 1, ...
    expect([fb[24 * 128 + 0], fb[24 * 128 + 16], fb[24 * 128 + 32], fb[24 * 128 + 48], fb[24 * 128 + 64]]).toEqual([1, 2, 3, 0, 1]);
    expect(m.framebufferHash()).toBe("60d3ef3b056b2ae05ced79f41a024377b69e47c917cbafb90a8f17ebf4f44108");
    expect(Array.from(m.state.audioPattern.subarray(0, 4))).toEqual([0xff, 0x00, 0xff, 0x00]);
    expect([m.state.i, m.state.pitch]).toEqual([0x1000, 56]);
    const later = play("chip8/demo.xo8", "xochip", 50);
    expect([later.framebufferHash(), later.state.pitch]).toEqual(["7c90f6387fd543666a8c89bd3840b48e69924099d7fd86105cce6392ec192e79", 64]);
  });

  it("the self-test passes all 31 checks under every profile and says so on screen", () => {
    for (const profile of ["chip8", "schip", "schip-legacy", "xochip", "octo"] as const) {
      const m = play("chip8/selftest.ch8", profile, 200);
      expect([m.state.pc, ...m.state.memory.subarray(0x700, 0x703)], profile).toEqual([0x3e2, 31, 0, 0]);
    }
    expect(play("chip8/selftest.ch8", "schip", 200).framebufferHash()).toBe("89ff1b5a62d390a2eb0182bb1cae88c391699016964ef6bf6d541611254226ea");
  });

  it("the self-test reports a failing check", () => {
    const m = new Chip8Machine(read("chip8/selftest.ch8"), { settings: profileSettings("schip") });
    m.poke(0x207, 0x43); // test 1 now expects 0x43 after ld v1, 0x42
    for (let f = 0; f < 200; f++) m.runFrame();
    expect(Array.from(m.state.memory.subarray(0x700, 0x704))).toEqual([31, 1, 1, 0]);
    // "ERR", then 01 (failures) over 01 (the first failing check)
    expect(m.framebufferHash()).toBe("61d6f0192a63d917a0eeca00a7f3fb55e859ff7a0b74e015d0c217343241fb02");
  });

  it("the SUPER-CHIP/XO-CHIP self-test passes its 14 checks and exits, whatever the quirks", () => {
    for (const profile of ["xochip", "octo"] as const) {
      for (const quirks of [{}, { shiftQuirks: true, loadStoreQuirks: true, jumpQuirks: true, clipQuirks: true },
        { loresScrollQuirks: true, resolutionKeepQuirks: true, collisionRowsQuirks: true, vblankQuirks: true }]) {
        const settings = profileSettings(profile);
        Object.assign(settings.quirks, quirks);
        const m = new Chip8Machine(read("chip8/selftest-xo.xo8"), { settings });
        for (let f = 0; f < 300; f++) m.runFrame();
        expect([m.exited, ...m.state.memory.subarray(0x700, 0x703)], `${profile} ${JSON.stringify(quirks)}`).toEqual([true, 14, 0, 0]);
      }
    }
    expect(play("chip8/selftest-xo.xo8", "xochip", 100).framebufferHash()).toBe("9cd57a89fcd3e20eadc93613ec4cabfa6c1ebd1e2e0ba4537951342e94125578");
  });
});
