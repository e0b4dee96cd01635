#!/usr/bin/env node
/**
 * Generates test/ejit/x86_64/golden.json: for every x86-64 IR form
 * the encoder supports, the IR, the machine instructions it is meant to
 * become (Intel syntax), and their bytes as assembled by llvm-mc.
 *
 * Regenerate (only when the intended lowering changes on purpose):
 *
 *   node test/ejit/x86_64/golden.gen.mjs
 *
 * Needs llvm-mc (Debian: llvm). All cases are assembled in one llvm-mc run,
 * each in its own ELF section so that branches and `.p2align` are relative
 * to the case's first byte, exactly as the encoder sees a program.
 *
 * The `asm` of a case is this file's statement of the intended lowering; the
 * golden test only compares the encoder's bytes with `hex`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  R64, SP, CC, TYPES, LANES, x, mov, memText, binary, binaryImm, movi, select, load, store, frame,
  VARITH, VSHIFT, movaps, vbinary, mulI32,
} from "./lowering.mjs";

// ---- the cases -------------------------------------------------------------------

const cases = [];
const add = (name, ir, asm) => cases.push({ name, ir, asm });
const hexOf = (bytes) => Buffer.from(bytes).toString("hex");
const dataAsm = (bytes) => (bytes.length === 0 ? [] : [`.byte ${bytes.join(", ")}`]);

// Operand patterns: d==a, d==b, all distinct (low and REX registers), a==b, and rbp/r13/r12 mixes.
const TRIPLES = [
  [6, 6, 0], [0, 1, 0], [7, 1, 9], [2, 8, 8], [12, 10, 11], [1, 13, 10], [4, 13, 5], [9, 9, 9], [8, 2, 13],
];
for (const op of ["add", "sub", "and", "or", "xor", "mul", "shl", "shr", "sar", "udiv", "sdiv"]) {
  for (const [d, a, b] of TRIPLES) add(`${op} ${d},${a},${b}`, [{ op, d, a, b }], binary(op, d, a, b));
}
// Every position of rcx for register shifts, and rax/rdx positions for division.
for (const op of ["shl", "sar"]) {
  for (const [d, a, b] of [[3, 3, 3], [3, 0, 3], [0, 3, 3], [0, 1, 3], [3, 0, 1], [3, 3, 1], [0, 3, 1], [0, 0, 1], [0, 1, 0]]) {
    add(`${op} rcx ${d},${a},${b}`, [{ op, d, a, b }], binary(op, d, a, b));
  }
}
for (const op of ["udiv", "sdiv"]) {
  for (const [d, a, b] of [[6, 6, 2], [2, 6, 2], [2, 2, 6], [6, 2, 6], [0, 6, 2], [6, 0, 1], [2, 0, 1], [0, 0, 0]]) {
    add(`${op} raxrdx ${d},${a},${b}`, [{ op, d, a, b }], binary(op, d, a, b));
  }
}

const IMMS = [0, 1, -1, 127, 128, -128, -129, 0x7fffffff, -0x80000000, 1000];
for (const op of ["addi", "subi", "andi", "ori", "xori", "muli"]) {
  for (const imm of IMMS) {
    for (const [d, a] of [[0, 0], [6, 6], [7, 1], [10, 13]]) add(`${op} ${d},${a},${imm}`, [{ op, d, a, imm }], binaryImm(op, d, a, imm));
  }
}
for (const op of ["addi", "subi"]) {
  for (const [d, a, imm] of [[SP, SP, -16], [SP, SP, 4096], [0, SP, 8], [SP, 0, 0], [SP, 0, 16]]) {
    add(`${op} sp ${d},${a},${imm}`, [{ op, d, a, imm }], binaryImm(op, d, a, imm));
  }
}
for (const op of ["shli", "shri", "sari"]) {
  for (const imm of [0, 1, 2, 31, 32, 63]) {
    for (const [d, a] of [[0, 0], [6, 1], [12, 9]]) add(`${op} ${d},${a},${imm}`, [{ op, d, a, imm }], binaryImm(op, d, a, imm));
  }
}
for (const op of ["not", "neg", "mov"]) {
  for (const [d, a] of [[0, 0], [6, 1], [12, 9], [1, 10]]) {
    add(`${op} ${d},${a}`, [{ op, d, a }], op === "mov" ? mov(d, a) : [...mov(d, a), `${op} ${R64[d]}`]);
  }
}
for (const [d, a] of [[SP, 0], [0, SP]]) add(`mov sp ${d},${a}`, [{ op: "mov", d, a }], mov(d, a));

const MOVI = [0n, 1n, 127n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, -1n, -0x80000000n, -0x80000001n,
  0x123456789abcdef0n, 1n << 63n, (1n << 64n) - 1n, (1n << 63n) - 1n];
for (const v of MOVI) for (const d of [0, 6, 12]) add(`movi ${d},${v}`, [{ op: "movi", d, imm: v.toString() }], movi(d, v));

for (const [a, b] of [[0, 1], [6, 12], [11, 13]]) add(`cmp ${a},${b}`, [{ op: "cmp", a, b }], [`cmp ${R64[a]}, ${R64[b]}`]);
for (const imm of IMMS) for (const a of [0, 6, 10]) {
  add(`cmpi ${a},${imm}`, [{ op: "cmpi", a, imm }], imm === 0 ? [`test ${R64[a]}, ${R64[a]}`] : [`cmp ${R64[a]}, ${imm}`]);
}
for (let cond = 0; cond < 10; cond++) {
  for (const [d, a, b] of [[0, 1, 2], [0, 0, 2], [0, 1, 0], [9, 9, 9], [12, 8, 13]]) {
    add(`select ${cond} ${d},${a},${b}`, [{ op: "select", cond, d, a, b }], select(cond, d, a, b));
  }
}

// Loads and stores: every type, with and without index, every shift, displacement edges, special bases.
const ADDRS = [
  [1, -1, 0, 0], [1, -1, 0, 8], [1, -1, 0, -128], [1, -1, 0, 127], [1, -1, 0, 128], [1, -1, 0, -129],
  [1, -1, 0, 0x7fffffff], [1, -1, 0, -0x80000000], [SP, -1, 0, 0], [SP, -1, 0, 16], [13, -1, 0, 0], [13, -1, 0, 300],
  [9, -1, 0, 0], [10, -1, 0, 0], [10, -1, 0, -8], [1, 3, 0, 0], [1, 3, 1, 0], [1, 3, 2, 8], [1, 3, 3, 1000],
  [13, 0, 2, 0], [10, 9, 3, 0], [9, 10, 1, 4], [SP, 12, 2, 0], [SP, 9, 0, 0], [6, 8, 3, -16],
];
for (let ty = 0; ty < 7; ty++) {
  for (const [base, index, shift, imm] of ADDRS) {
    for (const r of [0, 6, 12]) {
      const m = memText(base, index, shift, imm);
      add(`ld.${TYPES[ty]} ${r} ${m}`, [{ op: "ld", ty, d: r, base, index, shift, imm }], load(ty, r, m));
      add(`st.${TYPES[ty]} ${r} ${m}`, [{ op: "st", ty, s: r, base, index, shift, imm }], store(ty, r, m));
    }
  }
  for (const s of [1, 13, 2, 8]) {
    const m = memText(0, -1, 0, 0);
    add(`st.${TYPES[ty]} byte-reg ${s}`, [{ op: "st", ty, s, base: 0, index: -1, shift: 0, imm: 0 }], store(ty, s, m));
  }
}

// Frames.
for (const [size, saved] of [[0, []], [16, []], [0, [8]], [16, [8, 9]], [32, [8, 9, 10]], [4096, [8, 9, 10, 11, 12, 13]], [112, [13]]]) {
  add(`enter ${size} ${saved}`, [{ op: "enter", frame: size, saved }], frame("enter", size, saved));
  add(`leave ${size} ${saved}`, [{ op: "leave", frame: size, saved }], frame("leave", size, saved));
}

// Control flow: every condition short backward, short forward and long forward.
const fill = (n, byte = 0xcc) => new Array(n).fill(byte);
for (let cond = 0; cond < 10; cond++) {
  add(`b.${cond} backward short`, [{ op: "label", label: 0 }, { op: "b", cond, label: 0 }], ["1:", `j${CC[cond]} 1b`]);
  add(`b.${cond} forward short`, [{ op: "b", cond, label: 0 }, { op: "ret" }, { op: "label", label: 0 }], [`j${CC[cond]} 1f`, "ret", "1:"]);
  add(`b.${cond} forward long`, [{ op: "b", cond, label: 2 }, { op: "data", hex: hexOf(fill(200)) }, { op: "label", label: 2 }],
    [`j${CC[cond]} 1f`, ...dataAsm(fill(200)), "1:"]);
  add(`b.${cond} backward long`, [{ op: "label", label: 1 }, { op: "data", hex: hexOf(fill(200)) }, { op: "b", cond, label: 1 }],
    ["1:", ...dataAsm(fill(200)), `j${CC[cond]} 1b`]);
}
// rel8 edges: forward 127 short / 128 long; backward -128 short / -129 long.
for (const n of [127, 128]) {
  add(`jmp forward ${n}`, [{ op: "jmp", label: 0 }, { op: "data", hex: hexOf(fill(n)) }, { op: "label", label: 0 }], ["jmp 1f", ...dataAsm(fill(n)), "1:"]);
  add(`b forward ${n}`, [{ op: "b", cond: 0, label: 0 }, { op: "data", hex: hexOf(fill(n)) }, { op: "label", label: 0 }], ["je 1f", ...dataAsm(fill(n)), "1:"]);
}
for (const n of [126, 127]) {
  add(`jmp backward ${n}`, [{ op: "label", label: 0 }, { op: "data", hex: hexOf(fill(n)) }, { op: "jmp", label: 0 }], ["1:", ...dataAsm(fill(n)), "jmp 1b"]);
  add(`b backward ${n}`, [{ op: "label", label: 0 }, { op: "data", hex: hexOf(fill(n)) }, { op: "b", cond: 1, label: 0 }], ["1:", ...dataAsm(fill(n)), "jne 1b"]);
}
// A short forward branch pushed out of range by a branch between that had to grow.
add("relax chain", [
  { op: "b", cond: 0, label: 0 }, { op: "jmp", label: 1 }, { op: "data", hex: hexOf(fill(123)) }, { op: "label", label: 0 },
  { op: "data", hex: hexOf(fill(10)) }, { op: "label", label: 1 }, { op: "ret" },
], ["je 1f", "jmp 2f", ...dataAsm(fill(123)), "1:", ...dataAsm(fill(10)), "2:", "ret"]);
// Relaxation meeting alignment: a branch that grows moves later padding.
for (const n of [100, 110, 118, 121, 125]) {
  add(`relax with align ${n}`, [
    { op: "b", cond: 1, label: 0 }, { op: "jmp", label: 1 }, { op: "align", n: 16 }, { op: "data", hex: hexOf(fill(n)) },
    { op: "ret" }, { op: "align", n: 32 }, { op: "label", label: 0 }, { op: "ret" }, { op: "align", n: 8 }, { op: "label", label: 1 },
    { op: "b", cond: 0, label: 0 }, { op: "ret" },
  ], ["jne 1f", "jmp 2f", ".p2align 4", ...dataAsm(fill(n)), "ret", ".p2align 5", "1:", "ret", ".p2align 3", "2:", "je 1b", "ret"]);
}
add("jmp self", [{ op: "label", label: 5 }, { op: "jmp", label: 5 }], ["1:", "jmp 1b"]);
for (const d of [0, 6, 12]) {
  add(`addr forward ${d}`, [{ op: "addr", d, label: 0 }, { op: "ret" }, { op: "label", label: 0 }, { op: "data", hex: "0102" }],
    [`lea ${R64[d]}, [rip + .Lf${d}]`, "ret", `.Lf${d}:`, ".byte 1, 2"]);
  add(`addr backward ${d}`, [{ op: "label", label: 0 }, { op: "ret" }, { op: "addr", d, label: 0 }],
    [`.Lb${d}:`, "ret", `lea ${R64[d]}, [rip + .Lb${d}]`]);
}
for (const r of [0, 6, 4, 12]) {
  add(`call ${r}`, [{ op: "call", r }], [`call ${R64[r]}`]);
  add(`br ${r}`, [{ op: "br", r }], [`jmp ${R64[r]}`]);
}
add("ret", [{ op: "ret" }], ["ret"]);
add("data", [{ op: "data", hex: "00ff7f80" }], [".byte 0, 255, 127, 128"]);
for (let k = 0; k <= 17; k++) {
  add(`align 32 after ${k}`, [{ op: "data", hex: hexOf(fill(k, 0xc3)) }, { op: "ret" }, { op: "align", n: 32 }],
    [...dataAsm(fill(k, 0xc3)), "ret", ".p2align 5"]);
}
for (const n of [1, 2, 4, 8, 16]) add(`align ${n} after data`, [{ op: "data", hex: "010203" }, { op: "align", n }], [".byte 1, 2, 3", `.p2align ${Math.log2(n)}, 0`]);

// Vectors: every lane each op supports, with d==a, d==b, distinct, a==b and REX registers.
const VTRIPLES = [[0, 0, 1], [1, 2, 1], [3, 4, 5], [9, 14, 8], [2, 2, 2], [7, 8, 8], [12, 12, 3]];
for (const [op, names] of Object.entries(VARITH)) {
  names.forEach((name, lane) => {
    if (name === null) return;
    for (const [d, a, b] of VTRIPLES) {
      const asm = name === "mul32" ? mulI32(d, a, b) : vbinary(name, lane < 4 && (op === "vadd" || op === "vmul"), d, a, b);
      add(`${op}.${LANES[lane]} ${d},${a},${b}`, [{ op, lane, d, a, b }], asm);
    }
  });
}
for (const [op, name] of [["vand", "pand"], ["vor", "por"], ["vxor", "pxor"]]) {
  for (const [d, a, b] of VTRIPLES) {
    const asm = op === "vxor" && a === b ? [`pxor ${x(d)}, ${x(d)}`] : vbinary(name, true, d, a, b);
    add(`${op} ${d},${a},${b}`, [{ op, d, a, b }], asm);
  }
}
for (const [op, names] of Object.entries(VSHIFT)) {
  names.forEach((name, lane) => {
    if (name === null) return;
    const bits = 8 << lane;
    for (const imm of [0, 1, bits - 1]) {
      for (const [d, a] of [[0, 0], [1, 9], [10, 3]]) {
        add(`${op}.${LANES[lane]} ${d},${a},${imm}`, [{ op, lane, d, a, imm }], [...movaps(d, a), ...(imm ? [`${name} ${x(d)}, ${imm}`] : [])]);
      }
    }
  });
}
for (const [d, a] of [[0, 0], [0, 1], [8, 1], [1, 9], [14, 13]]) add(`vmov ${d},${a}`, [{ op: "vmov", d, a }], movaps(d, a));
for (const [base, index, shift, imm] of ADDRS) {
  for (const v of [1, 9]) {
    const m = memText(base, index, shift, imm);
    add(`vld ${v} ${m}`, [{ op: "vld", d: v, base, index, shift, imm }], [`movdqu ${x(v)}, xmmword ptr ${m}`]);
    add(`vst ${v} ${m}`, [{ op: "vst", s: v, base, index, shift, imm }], [`movdqu xmmword ptr ${m}, ${x(v)}`]);
  }
}
add("label only", [{ op: "label", label: 3 }], []);

// ---- assemble with llvm-mc, one section per case ---------------------------------------

function sectionsOf(elf) {
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a), shnum = elf.readUInt16LE(0x3c), shstrndx = elf.readUInt16LE(0x3e);
  const header = (k) => shoff + k * shentsize;
  const strOff = Number(elf.readBigUInt64LE(header(shstrndx) + 0x18));
  const out = new Map();
  for (let k = 0; k < shnum; k++) {
    const h = header(k);
    const nameAt = strOff + elf.readUInt32LE(h);
    const name = elf.toString("latin1", nameAt, elf.indexOf(0, nameAt));
    const offset = Number(elf.readBigUInt64LE(h + 0x18)), size = Number(elf.readBigUInt64LE(h + 0x20));
    out.set(name, elf.subarray(offset, offset + size));
  }
  return out;
}

const source = [".intel_syntax noprefix"];
cases.forEach((c, k) => source.push(`.section .tc${k},"ax",@progbits`, ...c.asm));
const dir = mkdtempSync(join(tmpdir(), "ejit-golden-"));
try {
  writeFileSync(join(dir, "cases.s"), source.join("\n") + "\n");
  execFileSync("llvm-mc", ["-triple=x86_64", "-filetype=obj", join(dir, "cases.s"), "-o", join(dir, "cases.o")], { stdio: "inherit" });
  const sections = sectionsOf(readFileSync(join(dir, "cases.o")));
  for (const name of sections.keys()) if (name.startsWith(".rela.tc")) throw new Error(`unresolved reference in ${name}`);
  const table = cases.map((c, k) => ({ ...c, hex: sections.get(`.tc${k}`).toString("hex") }));
  const here = dirname(fileURLToPath(import.meta.url));
  const header = { generated: "by test/ejit/x86_64/golden.gen.mjs with llvm-mc; do not edit", cases: table };
  writeFileSync(join(here, "x86_64_golden.json"), JSON.stringify(header, null, 0).replace(/\},\{"name"/g, '},\n{"name"') + "\n");
  console.log(`${table.length} cases written`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
