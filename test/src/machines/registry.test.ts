/**
 * Every machine in the registry answers every command and keeps the
 * Machine contract, under both engines. A machine added to the registry
 * without a sample program here fails the first test.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EngineName } from "../../../cpu/engine.js";
import { detectMachine } from "../../../src/machines/detect.js";
import { readStateHeader, unwrapState } from "../../../src/machines/machine.js";
import { MACHINE_KINDS, MACHINES } from "../../../src/machines/registry.js";
import { cli, file, repoPath, scratch } from "../commands/helpers.js";

/**
 * A program for each machine, with the flags it needs, and a frame count that keeps it running.
 * `interpOnly` names the one line a machine without a recompiler gives for `--engine jit`; its
 * tests check that line wherever the others compare the engines.
 */
/** `it` when the condition holds; otherwise no test at all (a test that does not apply to a machine is not there, rather than skipped). */
const itWhen = (applies: boolean) => (applies ? it : (_name: string, _fn: () => Promise<void>): void => undefined);

const SAMPLES: Readonly<Record<string, { path: string; flags: string[]; frames: number; interpOnly?: string }>> = {
  chip8: { path: repoPath("roms/bench/sieve.ch8"), flags: ["--tickrate", "200"], frames: 12 },
  "6502": { path: repoPath("roms/6502/sieve.bin"), flags: ["--frame-cycles", "5000"], frames: 12 },
  // the machine's own refusal when asked to create the recompiler directly
  nes: { path: repoPath("roms/nes/walker.nes"), flags: [], frames: 12, interpOnly: "the NES runs under the interpreter only for now" },
};

describe("the registry", () => {
  it("has a sample program for every machine", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...MACHINE_KINDS].sort());
  });

  it("no two machines claim the same extension", () => {
    const all = MACHINES.flatMap((m) => [...m.extensions, ...m.sourceExtensions]);
    expect(all.length).toBe(new Set(all).size);
  });
});

describe.each(MACHINES.map((m) => [m.kind] as const))("machine %s", (kind) => {
  const sample = SAMPLES[kind]!;
  const args = [sample.path, "--machine", kind, ...sample.flags];
  const frames = String(sample.frames);

  const only = sample.interpOnly;
  const engines: EngineName[] = only === undefined ? ["interp", "jit"] : ["interp"];

  itWhen(only !== undefined)("refuses the recompiler with one usage line", async () => {
    const name = MACHINES.find((m) => m.kind === kind)!.name;
    for (const command of ["run", "play"]) {
      const r = await cli(command, ...args, "--frames", frames, "--engine", "jit");
      expect(r).toEqual({ code: 2, out: [], err: [`ejemu ${command}: ${name} has no jit engine yet (it runs under interp) (see ejemu ${command} --help)`] });
    }
    expect(await cli("bench", ...args, "--frames", frames, "--engines", "jit")).toEqual({
      code: 2, out: [], err: [`ejemu bench: ${name} has no jit engine yet (it runs under interp) (see ejemu bench --help)`] });
    expect(await cli("blocks", ...args, "--frames", frames)).toEqual({
      code: 2, out: [], err: [`ejemu blocks: ${name} has no recompiler yet, so no blocks to show (see ejemu blocks --help)`] });
  });

  itWhen(only !== undefined)("run, as text and JSON, the same twice", async () => {
    const first = await cli("run", ...args, "--frames", frames, "--json");
    const second = await cli("run", ...args, "--frames", frames, "--json", "--engine", "interp");
    expect([first.code, first.err, second.code, second.err]).toEqual([0, [], 0, []]);
    const a = JSON.parse(first.out[0]!);
    expect([a.machine, a.engine, a.frames]).toEqual([kind, "interp", sample.frames]);
    expect(JSON.parse(second.out[0]!)).toEqual(a);
    const text = await cli("run", ...args, "--frames", frames);
    expect([text.code, text.out[0]!.startsWith(`${sample.path}: `)]).toEqual([0, true]);
  });

  itWhen(only === undefined)("run, as text and JSON, under both engines with the same result", async () => {
    const interp = await cli("run", ...args, "--frames", frames, "--json");
    const jit = await cli("run", ...args, "--frames", frames, "--json", "--engine", "jit");
    expect([interp.code, interp.err, jit.code, jit.err]).toEqual([0, [], 0, []]);
    const a = JSON.parse(interp.out[0]!);
    const b = JSON.parse(jit.out[0]!);
    expect([a.machine, a.engine, b.engine]).toEqual([kind, "interp", "jit"]);
    expect({ ...b, engine: "same" }).toEqual({ ...a, engine: "same" });
    const text = await cli("run", ...args, "--frames", frames);
    expect([text.code, text.out[0]!.startsWith(`${sample.path}: `)]).toEqual([0, true]);
  });

  it("run --save-state, then --load-state (under the other engine where there is one): N more frames, the same end as one run", async () => {
    const state = `${scratch}/state-${kind}.ejst`;
    const half = String(Math.floor(sample.frames / 2));
    expect((await cli("run", ...args, "--frames", half, "--save-state", state)).code).toBe(0);
    const resumed = await cli("run", ...args, "--frames", String(sample.frames - Number(half)), "--load-state", state,
      "--engine", engines[engines.length - 1]!, "--json");
    const whole = await cli("run", ...args, "--frames", frames, "--json");
    expect([resumed.code, resumed.err]).toEqual([0, []]);
    expect({ ...JSON.parse(resumed.out[0]!), engine: "same" }).toEqual({ ...JSON.parse(whole.out[0]!), engine: "same" });
  });

  it("play headless: one line on stderr says how the settings were chosen (and one more when there is no recompiler)", async () => {
    const r = await cli("play", ...args, "--frontend", "headless", "--frames", frames);
    expect([r.code, r.out, r.err.length, r.err.every((line) => line.startsWith("ejemu play: "))]).toEqual([0, [], only === undefined ? 1 : 2, true]);
  });

  it("bench: both engines agree", async () => {
    // without --engines: the engines the machine has
    const r = await cli("bench", ...args, "--frames", frames, "--repeat", "1", "--compile-rounds", "1", "--json");
    expect([r.code, r.err]).toEqual([0, []]);
    const report = JSON.parse(r.out[0]!) as { agree: boolean; rows: { engine: string; instructions: number }[] };
    expect(report.agree).toBe(true);
    expect(report.rows.map((row) => row.engine)).toEqual(engines);
    expect(report.rows[0]!.instructions).toBe(report.rows[engines.length - 1]!.instructions);
  });

  itWhen(only === undefined)("blocks and blocks --lockstep", async () => {
    const r = await cli("blocks", ...args, "--frames", frames, "--no-host");
    expect([r.code, r.err, r.out[0]!.startsWith(`${sample.path}: ${frames} frames, `)]).toEqual([0, [], true]);
    expect(r.out.some((line) => line.startsWith("block "))).toBe(true);
    const lock = await cli("blocks", ...args, "--frames", frames, "--lockstep");
    expect([lock.code, lock.out[0]!.startsWith(`no divergence: ${frames} frames, `)]).toEqual([0, true]);
  });

  it("disasm | asm gives back the same bytes", async () => {
    const listing = await cli("disasm", sample.path, "--machine", kind);
    expect([listing.code, listing.err]).toEqual([0, []]);
    const source = file(`listing-${kind}.txt`, listing.out.join("\n") + "\n");
    const out = `${scratch}/again-${kind}`;
    const r = await cli("asm", source, "-o", out, "--machine", kind);
    expect([r.code, r.err]).toEqual([0, []]);
    const original = readFileSync(sample.path);
    // the 6502 listing starts at its --org ($0000 by default): the bytes are the same from there
    expect(readFileSync(out).equals(original)).toBe(true);
  });

  it("the Machine contract: save and load a state, peek and poke, a picture, dispose", async () => {
    const bytes = readFileSync(sample.path);
    const values = Object.fromEntries(sample.flags.filter((_, k) => k % 2 === 0).map((f, k) => [f.slice(2), sample.flags[2 * k + 1]!]));
    const program = detectMachine(sample.path, bytes, kind).load({ path: sample.path, bytes, values, command: "run" });
    if (only !== undefined) await expect(program.create("jit")).rejects.toThrow(only);
    for (const engine of engines) {
      const m = await program.create(engine);
      try {
        expect([m.kind, m.engine]).toEqual([kind, engine]);
        m.runFrames(3);
        const saved = m.saveState();
        m.runFrames(4);
        const after = m.saveState();
        const summary = m.summary().json;
        m.loadState(saved);
        expect(m.frame).toBe(3);
        m.runFrames(4);
        expect(m.summary().json).toEqual(summary);
        expect(m.saveState()).toEqual(after);
        const old = m.peek(0x300);
        m.poke(0x300, old ^ 0xff);
        expect(m.peek(0x300)).toBe(old ^ 0xff);
        const picture = m.video();
        expect(picture.pixels.length).toBe(picture.width * picture.height);
        // a state of another machine is refused with one line
        expect(() => m.loadState(Uint8Array.from([1, 2, 3]))).toThrow("not an ejemu save state");
      } finally {
        m.dispose();
      }
    }
  });

  itWhen(only === undefined)("a state saved under one engine continues under the other with the same result", async () => {
    const bytes = readFileSync(sample.path);
    const values = Object.fromEntries(sample.flags.filter((_, k) => k % 2 === 0).map((f, k) => [f.slice(2), sample.flags[2 * k + 1]!]));
    const program = detectMachine(sample.path, bytes, kind).load({ path: sample.path, bytes, values, command: "run" });
    const interp = await program.create("interp");
    const jit = await program.create("jit");
    try {
      interp.runFrames(5);
      jit.loadState(interp.saveState());
      interp.runFrames(5);
      jit.runFrames(5);
      expect(jit.differenceFrom(interp)).toBeUndefined();
      // the same bytes but for the engine named in the header
      expect(unwrapState(kind, jit.saveState())).toEqual(unwrapState(kind, interp.saveState()));
      expect([readStateHeader(jit.saveState()).engine, readStateHeader(interp.saveState()).engine]).toEqual(["jit", "interp"]);
    } finally {
      interp.dispose();
      jit.dispose();
    }
  });
});

describe.each(MACHINES.filter((m) => SAMPLES[m.kind]?.interpOnly !== undefined).map((m) => [m.kind] as const))("interpreter-only machine %s", (kind) => {
  const sample = SAMPLES[kind]!;
  it("a state saved in one machine continues in another with the same result", async () => {
    const bytes = readFileSync(sample.path);
    const program = detectMachine(sample.path, bytes, kind).load({ path: sample.path, bytes, values: {}, command: "run" });
    const first = await program.create("interp");
    const second = await program.create("interp");
    try {
      first.runFrames(5);
      second.loadState(first.saveState());
      first.runFrames(5);
      second.runFrames(5);
      expect(second.differenceFrom(first)).toBeUndefined();
      expect(second.saveState()).toEqual(first.saveState());
      expect(second.summary().json).toEqual(first.summary().json);
    } finally {
      first.dispose();
      second.dispose();
    }
  });
});
