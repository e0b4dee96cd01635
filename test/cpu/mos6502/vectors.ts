/**
 * Loader and runner for the single-instruction 6502 test vectors in
 * ../shared/tests/6502 (format in that folder's README). The path is relative
 * to the repository so that CI finds the shared folder beside the clone.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RecordingBus } from "../../../cpu/mos6502/bus.js";
import { Mos6502 } from "../../../cpu/mos6502/interpreter.js";

export const vectorRoot = fileURLToPath(new URL("../../../../shared/tests/6502/", import.meta.url));

interface CpuSnapshot {
  pc: number; s: number; a: number; x: number; y: number; p: number;
  ram: [number, number][];
}
export interface VectorCase {
  name: string;
  initial: CpuSnapshot;
  final: CpuSnapshot;
  /** a count (ref/) or the bus cycles (harte-nes6502/) */
  cycles: number | [number, number, "read" | "write"][];
}

export function vectorFiles(set: "ref" | "harte-nes6502"): string[] {
  return readdirSync(vectorRoot + set).filter((f) => /^[0-9a-f]{2}\.json$/.test(f)).sort();
}

export function loadVectors(set: string, file: string): VectorCase[] {
  return JSON.parse(readFileSync(`${vectorRoot}${set}/${file}`, "utf8")) as VectorCase[];
}

export interface RunOptions {
  decimal: boolean;
  /** record bus cycles (and check their count against the cycle counter) */
  recordBus: boolean;
  /** mask for comparing P (the old-format Harte files have bit 4 set throughout) */
  pMask: number;
  /** cycles to add to the vector's count (see `refCycleErratum`) */
  cycleAdjust?: (c: VectorCase) => number;
}

/**
 * Run one case on `cpu` (reused across cases: memory is cleaned afterwards).
 * Returns null when everything matches, else a one-line description.
 */
export function runCase(cpu: Mos6502, bus: RecordingBus, c: VectorCase, opt: RunOptions): string | null {
  const mem = cpu.memory;
  const { initial, final } = c;
  cpu.bus = opt.recordBus ? bus : null;
  cpu.decimalEnabled = opt.decimal;
  bus.clear();
  cpu.pc = initial.pc; cpu.s = initial.s; cpu.a = initial.a; cpu.x = initial.x; cpu.y = initial.y;
  cpu.p = (initial.p & ~0x10) | 0x20;
  cpu.halted = false;
  for (const [addr, v] of initial.ram) mem[addr] = v;
  const before = cpu.cycles;
  cpu.step();
  const took = cpu.cycles - before;
  const problems: string[] = [];
  const expectReg = (name: string, got: number, want: number) => {
    if (got !== want) problems.push(`${name}=${got} want ${want}`);
  };
  expectReg("pc", cpu.pc, final.pc); expectReg("s", cpu.s, final.s); expectReg("a", cpu.a, final.a);
  expectReg("x", cpu.x, final.x); expectReg("y", cpu.y, final.y);
  expectReg("p", cpu.p & opt.pMask, final.p & opt.pMask);
  for (const [addr, v] of final.ram) expectReg(`[${addr}]`, mem[addr]!, v);
  const wantCycles = (typeof c.cycles === "number" ? c.cycles : c.cycles.length) + (opt.cycleAdjust?.(c) ?? 0);
  expectReg("cycles", took, wantCycles);
  if (opt.recordBus) {
    expectReg("bus cycles", bus.count, took);
    if (typeof c.cycles !== "number") {
      c.cycles.forEach(([addr, v, kind], i) => {
        const got = `${bus.addresses[i]},${bus.values[i]},${bus.kinds[i] === 0 ? "read" : "write"}`;
        if (got !== `${addr},${v},${kind}`) problems.push(`bus cycle ${i}: ${got} want ${addr},${v},${kind}`);
      });
    }
  }
  for (const [addr] of initial.ram) mem[addr] = 0;
  for (const [addr] of final.ram) mem[addr] = 0;
  return problems.length === 0 ? null : `case "${c.name}": ${problems.slice(0, 4).join("; ")}`;
}

/** Run every case of a file; the first failure's description, or null. */
export function runFile(set: string, file: string, opt: Omit<RunOptions, "recordBus">, recordBus: boolean[] = [false, true]): string | null {
  const cpu = new Mos6502();
  const bus = new RecordingBus(cpu.memory);
  for (const c of loadVectors(set, file)) {
    for (const record of recordBus) {
      const failure = runCase(cpu, bus, c, { ...opt, recordBus: record });
      if (failure !== null) return `${record ? "bus" : "flat"} ${failure}`;
    }
  }
  return null;
}

/**
 * Erratum in ref/: its generator (fake6502) adds a page-crossing cycle to SLO
 * abs,X ($1F), abs,Y ($1B) and (zp),Y ($13). On the NMOS chip a
 * read-modify-write always makes the fix-up cycle, so these take 7, 7 and 8
 * cycles whatever the address ("No More Secrets", SLO; the MCS6500 manual's
 * timing for RMW abs,X; Harte's 6502 vectors). The adjustment is -1 exactly
 * when the case's index crosses a page (computed from its initial state), so
 * the test holds the interpreter to the chip and checks that the vector is
 * off by one in those cases and only those.
 */
export function refCycleErratum(file: string): ((c: VectorCase) => number) | undefined {
  if (file !== "13.json" && file !== "1b.json" && file !== "1f.json") return undefined;
  return (c) => {
    const ram = new Map(c.initial.ram);
    const at = (address: number) => ram.get(address & 0xffff) ?? 0;
    const operand = at(c.initial.pc + 1);
    let base: number;
    if (file === "13.json") base = at(operand) | (at((operand + 1) & 0xff) << 8);
    else base = operand | (at(c.initial.pc + 2) << 8);
    const index = file === "1f.json" ? c.initial.x : c.initial.y;
    return ((base + index) ^ base) & 0x100 ? -1 : 0;
  };
}
