/**
 * The Ejit benchmark (`npm run bench -- ejit [--arch aarch64] [--json]`):
 * (a) encode-only time for the README loop and per IR instruction over a
 * large mixed program, (b) compile + install into a warm arena, (c) the
 * first compile in a fresh process including arena creation, and the cost
 * of a call into native code. Medians of many runs; the machine is shared,
 * so compare ratios measured in one run rather than absolute times.
 */
import { execFileSync } from "node:child_process";
import koffi from "koffi";
import { CodeArena, Cond, Executable, Ins, Lane, Type, backendFor, hostArch, regsFor, type Arch, type Backend, type R, type V } from "../ejit/index.js";

/** The upstream crate's README loop (sum of 1..10000). */
export function readmeLoop(arch: Arch): Ins[] {
  const r = regsFor(arch);
  const COUNT = r.ARGS[0]!, TOT = r.ARGS[1]!, INC = r.ARGS[2]!, LOOP = 0;
  return [
    Ins.movi(COUNT, 10000), Ins.movi(TOT, 0), Ins.movi(INC, 1),
    Ins.label(LOOP), Ins.add(TOT, TOT, COUNT), Ins.sub(COUNT, COUNT, INC),
    Ins.cmpi(COUNT, 0), Ins.b(Cond.Ne, LOOP),
    Ins.mov(r.RES[0]!, TOT), Ins.ret(),
  ];
}

const BIN = [Ins.add, Ins.sub, Ins.and, Ins.or, Ins.xor, Ins.shl, Ins.shr, Ins.sar, Ins.mul, Ins.udiv, Ins.sdiv];
const BIN_IMM = [Ins.addi, Ins.subi, Ins.andi, Ins.ori, Ins.xori, Ins.muli];
const SHIFT_IMM = [Ins.shli, Ins.shri, Ins.sari];
const TYPES = [Type.U8, Type.S8, Type.U16, Type.S16, Type.U32, Type.S32, Type.U64];
const CONDS = Object.values(Cond);
/** (op, lanes it accepts) per vector arithmetic op, as ir.ts documents. */
const VEC_ARITH = [
  [Ins.vadd, [Lane.I8, Lane.I16, Lane.I32, Lane.I64, Lane.F32, Lane.F64]],
  [Ins.vsub, [Lane.I8, Lane.I16, Lane.I32, Lane.I64, Lane.F32, Lane.F64]],
  [Ins.vmul, [Lane.I16, Lane.I32, Lane.F32, Lane.F64]],
  [Ins.vdiv, [Lane.F32, Lane.F64]],
] as const;
const VEC_SHIFT = [
  [Ins.vshli, [Lane.I16, Lane.I32, Lane.I64]],
  [Ins.vshri, [Lane.I16, Lane.I32, Lane.I64]],
  [Ins.vsari, [Lane.I16, Lane.I32]],
] as const;

/** One group of about 60 instructions using every op class once or more. */
function group(arch: Arch, g: number, out: Ins[]): void {
  const r = regsFor(arch);
  const regs = r.CALLER_SAVED.filter((x) => !r.RESERVED.includes(x) && x !== r.ARGS[0]);
  const base = r.ARGS[0]!;
  const reg = (i: number): R => regs[(g + i) % regs.length]!;
  const vreg = (i: number): V => r.VREGS[(g + i) % 8]!;
  const top = g * 3, skip = g * 3 + 1, end = g * 3 + 2;
  out.push(Ins.label(top));
  out.push(Ins.enter(16, [r.CALLEE_SAVED[0]!]));
  BIN.forEach((op, i) => out.push(op(reg(i), reg(i + 1), reg(i + 2))));
  BIN_IMM.forEach((op, i) => out.push(op(reg(i), reg(i + 3), (g * 37 + i * 1001) % 100000)));
  SHIFT_IMM.forEach((op, i) => out.push(op(reg(i), reg(i + 1), (g + i) % 64)));
  out.push(Ins.not(reg(0), reg(1)), Ins.neg(reg(2), reg(3)), Ins.mov(reg(4), reg(5)));
  out.push(Ins.movi(reg(1), g), Ins.movi(reg(2), 0x1234_5678_9abc_def0n + BigInt(g)), Ins.movi(reg(3), -g));
  TYPES.forEach((ty, i) => {
    out.push(Ins.ld(ty, reg(i), base, i * 8));
    out.push(Ins.stx(ty, reg(i + 1), base, reg(i + 2), i % 4, 64 + i));
  });
  out.push(Ins.ldx(Type.U64, reg(5), base, reg(6), 3, -8));
  out.push(Ins.cmp(reg(0), reg(1)), Ins.select(CONDS[g % 10]!, reg(2), reg(3), reg(4)));
  out.push(Ins.cmpi(reg(5), g), Ins.b(CONDS[(g + 3) % 10]!, skip));
  out.push(Ins.addr(reg(6), top), Ins.jmp(end));
  out.push(Ins.label(skip), Ins.call(reg(7)), Ins.br(reg(6)));
  out.push(Ins.vld(vreg(0), base, 16), Ins.vldx(vreg(1), base, reg(2), 3, 32), Ins.vmov(vreg(2), vreg(0)));
  for (const [op, lanes] of VEC_ARITH) out.push(op(lanes[g % lanes.length]!, vreg(3), vreg(1), vreg(2)));
  out.push(Ins.vand(vreg(4), vreg(1), vreg(2)), Ins.vor(vreg(5), vreg(3), vreg(4)), Ins.vxor(vreg(6), vreg(5), vreg(0)));
  for (const [op, lanes] of VEC_SHIFT) out.push(op(lanes[g % lanes.length]!, vreg(7), vreg(6), g % 16));
  out.push(Ins.vst(vreg(7), base, 48), Ins.vstx(vreg(3), base, reg(3), 1, 80));
  out.push(Ins.label(end), Ins.leave(16, [r.CALLEE_SAVED[0]!]), Ins.ret());
  if (g % 8 === 7) out.push(Ins.align(16), Ins.data([g & 0xff, 1, 2, 3, 4, 5, 6, 7]), Ins.align(4));
}

/** A program of at least `count` instructions mixing every op class. */
export function mixedProgram(arch: Arch, count: number): Ins[] {
  const out: Ins[] = [];
  for (let g = 0; out.length < count; g++) group(arch, g, out);
  return out;
}

/** Median of `runs` samples, each the mean time in ns of `batch` calls of `body`. */
function medianNs(runs: number, batch: number, body: () => void, between?: () => void): number {
  const samples = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) body();
    samples[r] = Number(process.hrtime.bigint() - t0) / batch;
    between?.();
  }
  samples.sort();
  return runs % 2 === 1 ? samples[runs >> 1]! : (samples[runs / 2 - 1]! + samples[runs / 2]!) / 2;
}

/** Mean ns of `n` encodes of `program` (its own loop: no closure call in the timing). */
function encodeBatch(backend: Backend, program: readonly Ins[], n: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) backend.assemble(program);
  return Number(process.hrtime.bigint() - t0) / n;
}

/** Mean ns of `n` compile + install of `program` into `arena`, then an untimed flush. */
function installBatch(program: readonly Ins[], arena: CodeArena, n: number): number {
  const opts = { arena };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) Executable.fromIr(program, opts);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  arena.flush();
  return ns;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function mustAssemble(arch: Arch, program: readonly Ins[]): number {
  const result = backendFor(arch).assemble(program);
  if (!result.ok) throw new Error(`benchmark program does not assemble for ${arch}: ${result.error.message} (instruction ${result.error.index})`);
  return result.bytes.length;
}

export interface EjitBenchResult {
  readonly arch: Arch;
  readonly host: string;
  readonly node: string;
  readonly encodeReadmeNs: number;
  readonly mixedInstructions: number;
  readonly mixedBytes: number;
  readonly encodeNsPerIns: number;
  readonly encodeMInsPerSec: number;
  /** Only when `arch` is the host's. */
  readonly installWarmNs?: number;
  /** What installing adds to encoding (from alternating batches of both). */
  readonly installOverheadNs?: number;
  readonly coldFirstCompileUs?: number;
  readonly coldProcessToResultMs?: number;
  readonly callNs?: Readonly<Record<string, number>>;
}

/** What the cold child prints: one JSON line. */
interface ColdSample {
  readonly firstCompileUs: number;
  readonly processToResultMs: number;
  readonly result: string;
}

/** Run in a fresh process: create an arena, compile and run the README loop once. */
export function coldChild(): void {
  const arch = hostArch!;
  const t0 = process.hrtime.bigint();
  const arena = new CodeArena();
  const exe = Executable.fromIr(readmeLoop(arch), { arena });
  const t1 = process.hrtime.bigint();
  const result = exe.call(0, []);
  const sample: ColdSample = {
    firstCompileUs: Number(t1 - t0) / 1000,
    // performance.now() counts from the start of the process.
    processToResultMs: performance.now(),
    result: result.toString(),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function measureCold(runs: number, script: string): { firstCompileUs: number; processToResultMs: number } {
  const compile: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [script, "ejit", "--cold-child"], { encoding: "utf8" });
    const sample = JSON.parse(out) as ColdSample;
    if (sample.result !== "50005000") throw new Error(`cold child computed ${sample.result}, expected 50005000`);
    compile.push(sample.firstCompileUs);
    total.push(sample.processToResultMs);
  }
  return { firstCompileUs: median(compile), processToResultMs: median(total) };
}

function measureCalls(arch: Arch): Record<string, number> {
  const r = regsFor(arch);
  const arena = new CodeArena({ size: 1 << 16 });
  try {
    const exe = Executable.fromIr([Ins.mov(r.RES[0]!, r.ARGS[0]!), Ins.ret()], { arena });
    const at = exe.address;
    const args = [7];
    const baseline: Record<string, number> = {};
    if (process.platform === "linux") {
      // What koffi itself costs, for the ratio: a libc function with one argument.
      const labs = koffi.load("libc.so.6").func("int64_t labs(int64_t)") as (x: number) => number;
      baseline["koffi baseline: libc labs(x)"] = medianNs(15, 20000, () => void labs(-7));
    }
    return {
      ...baseline,
      "arena.call, 0 args": medianNs(15, 20000, () => void arena.call(at)),
      "arena.call, 1 arg": medianNs(15, 20000, () => void arena.call(at, 7)),
      "arena.call, 5 args": medianNs(15, 20000, () => void arena.call(at, 1, 2, 3, 4, 5)),
      "exe.call(0, [x])": medianNs(15, 20000, () => void exe.call(0, args)),
    };
  } finally {
    arena.dispose();
  }
}

export interface EjitBenchOptions {
  readonly arch: Arch;
  /** Path of the compiled bench entry (for the cold child processes). */
  readonly script: string;
  readonly coldRuns: number;
}

export function runEjitBench(opts: EjitBenchOptions): EjitBenchResult {
  const { arch } = opts;
  const backend = backendFor(arch);
  const readme = readmeLoop(arch);
  const mixed = mixedProgram(arch, 10_000);
  mustAssemble(arch, readme);
  const mixedBytes = mustAssemble(arch, mixed);
  const mixedNs = medianNs(21, 5, () => void backend.assemble(mixed));
  const onHost = arch === hostArch;
  const arena = onHost ? new CodeArena() : undefined;
  // Alternate batches of encode-only and encode + install, so both see the
  // same machine noise and their difference means something.
  const encode: number[] = [];
  const install: number[] = [];
  try {
    if (arena !== undefined) {
      const check = Executable.fromIr(readme, { arena }).call(0, []);
      if (check !== 50005000n) throw new Error(`the README loop computed ${check}, expected 50005000`);
    }
    for (let r = 0; r < 31; r++) {
      encode.push(encodeBatch(backend, readme, 2000));
      if (arena !== undefined) install.push(installBatch(readme, arena, 2000));
    }
  } finally {
    arena?.dispose();
  }
  const encodeReadmeNs = median(encode);
  const base = {
    arch,
    host: `${process.platform} ${process.arch}`,
    node: process.version,
    encodeReadmeNs,
    mixedInstructions: mixed.length,
    mixedBytes,
    encodeNsPerIns: mixedNs / mixed.length,
    encodeMInsPerSec: (mixed.length / mixedNs) * 1000,
  };
  if (!onHost) return base;
  const installWarmNs = median(install);
  const cold = measureCold(opts.coldRuns, opts.script);
  return {
    ...base,
    installWarmNs,
    installOverheadNs: installWarmNs - encodeReadmeNs,
    coldFirstCompileUs: cold.firstCompileUs,
    coldProcessToResultMs: cold.processToResultMs,
    callNs: measureCalls(arch),
  };
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? "ok" : "MISSED");

/** The human-readable table. */
export function formatEjitBench(r: EjitBenchResult): string {
  const rows: [string, string, string][] = [
    [`(a) encode README loop (${readmeLoop(r.arch).length} IR ins)`, `${fmt(r.encodeReadmeNs)} ns`, ""],
    [
      `(a) encode mixed program (${r.mixedInstructions} IR ins, ${r.mixedBytes} B)`,
      `${fmt(r.encodeNsPerIns, 2)} ns/ins = ${fmt(r.encodeMInsPerSec)} M ins/s`,
      `>= 20 M ins/s ${verdict(r.encodeMInsPerSec >= 20)}`,
    ],
  ];
  if (r.installWarmNs !== undefined) {
    rows.push(["(b) compile + install README loop, warm arena", `${fmt(r.installWarmNs)} ns`, `<= 1000 ns ${verdict(r.installWarmNs <= 1000)}`]);
    rows.push(["    of which installing (b) - (a)", `${fmt(r.installOverheadNs!)} ns`, ""]);
    rows.push(["(c) cold: new arena + first compile", `${fmt(r.coldFirstCompileUs!)} us`, "crate: 11.4 us"]);
    rows.push(["(c) cold: process start to first result", `${fmt(r.coldProcessToResultMs!)} ms`, ""]);
    for (const [name, ns] of Object.entries(r.callNs ?? {})) rows.push([`call overhead: ${name}`, `${fmt(ns)} ns`, ""]);
  } else {
    rows.push(["(b), (c), calls", "skipped: not the host architecture", ""]);
  }
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const head = `Ejit benchmark: ${r.arch} code on ${r.host}, node ${r.node} (medians)`;
  return [head, ...rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`.trimEnd())].join("\n");
}
