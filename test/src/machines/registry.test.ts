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

/** A program for each machine, with the flags it needs, and a frame count that keeps it running. */
const SAMPLES: Readonly<Record<string, { path: string; flags: string[]; frames: number }>> = {
  chip8: { path: repoPath("roms/bench/sieve.ch8"), flags: ["--tickrate", "200"], frames: 12 },
  "6502": { path: repoPath("roms/6502/sieve.bin"), flags: ["--frame-cycles", "5000"], frames: 12 },
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

  it("run, as text and JSON, under both engines with the same result", async () => {
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

  it("run --save-state, then --load-state under the other engine: N more frames, the same end as one run", async () => {
    const state = `${scratch}/state-${kind}.ejst`;
    const half = String(Math.floor(sample.frames / 2));
    expect((await cli("run", ...args, "--frames", half, "--save-state", state)).code).toBe(0);
    const resumed = await cli("run", ...args, "--frames", String(sample.frames - Number(half)), "--load-state", state, "--engine", "jit", "--json");
    const whole = await cli("run", ...args, "--frames", frames, "--json");
    expect([resumed.code, resumed.err]).toEqual([0, []]);
    expect({ ...JSON.parse(resumed.out[0]!), engine: "same" }).toEqual({ ...JSON.parse(whole.out[0]!), engine: "same" });
  });

  it("play headless: one line on stderr says how the settings were chosen", async () => {
    const r = await cli("play", ...args, "--frontend", "headless", "--frames", frames);
    expect([r.code, r.out, r.err.length, r.err[0]!.startsWith("ejemu play: ")]).toEqual([0, [], 1, true]);
  });

  it("bench: both engines agree", async () => {
    const r = await cli("bench", ...args, "--frames", frames, "--repeat", "1", "--compile-rounds", "1", "--json");
    expect([r.code, r.err]).toEqual([0, []]);
    const report = JSON.parse(r.out[0]!) as { agree: boolean; rows: { engine: string; instructions: number }[] };
    expect(report.agree).toBe(true);
    expect(report.rows.map((row) => row.engine)).toEqual(["interp", "jit"]);
    expect(report.rows[0]!.instructions).toBe(report.rows[1]!.instructions);
  });

  it("blocks and blocks --lockstep", async () => {
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
    for (const engine of ["interp", "jit"] as EngineName[]) {
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

  it("a state saved under one engine continues under the other with the same result", async () => {
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
