/**
 * CodeArena with hand-written machine code (so it does not depend on the
 * encoders): allocation, reuse, flush, exhaustion, calls, live patching,
 * both W^X modes, and the mappings the kernel reports in /proc/self/maps.
 */
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, test } from "vitest";
import { CodeArena } from "../../ejit/arena.js";

const arm = process.arch === "arm64";
const words = (...ws: number[]): Uint8Array => new Uint8Array(Uint32Array.from(ws).buffer);
const A64_RET = 0xd65f03c0;
const a64Add = (d: number, n: number, m: number): number => 0x8b000000 | (m << 16) | (n << 5) | d;

/** Host code returning a0 + a1 + ... + a4 (x86-64: mov rax, rdi; add rax, rsi/rdx/rcx/r8; ret). */
const SUM5 = arm
  ? words(a64Add(0, 0, 1), a64Add(0, 0, 2), a64Add(0, 0, 3), a64Add(0, 0, 4), A64_RET)
  : Uint8Array.of(0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0x48, 0x01, 0xd0, 0x48, 0x01, 0xc8, 0x4c, 0x01, 0xc0, 0xc3);
/** Host code returning a0 + a1 (the task's `mov rax, rdi; add rax, rsi; ret`). */
const ADD2 = arm ? words(a64Add(0, 0, 1), A64_RET) : Uint8Array.of(0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3);
/** Host code returning the 16-bit constant k (x86-64: mov eax, imm32; ret). */
function returnConst(k: number): Uint8Array {
  return arm ? words(0xd2800000 | (k << 5), A64_RET) : Uint8Array.of(0xb8, k & 0xff, k >> 8, 0, 0, 0xc3);
}
/** Bytes that turn the returnConst code at the same address into one returning k. */
function constPatch(k: number): { at: number; bytes: Uint8Array } {
  return arm ? { at: 0, bytes: words(0xd2800000 | (k << 5)) } : { at: 1, bytes: Uint8Array.of(k & 0xff, k >> 8) };
}

interface Mapping {
  readonly start: number;
  readonly end: number;
  readonly perms: string;
  readonly name: string;
}
function mappings(): Mapping[] {
  return readFileSync("/proc/self/maps", "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const [range, perms, , , , ...name] = line.split(/\s+/);
      const [start, end] = range!.split("-").map((h) => parseInt(h, 16));
      return { start: start!, end: end!, perms: perms!, name: name.join(" ") };
    });
}
const overlapping = (from: number, size: number): Mapping[] =>
  mappings().filter((m) => m.end > from && m.start < from + size);
const writableAndExecutable = (m: Mapping): boolean => m.perms[1] === "w" && m.perms[2] === "x";

const modes = [
  { name: "memfd", forceMprotect: false },
  { name: "mprotect", forceMprotect: true },
] as const;

describe.each(modes)("CodeArena ($name)", ({ name, forceMprotect }) => {
  const arena = new CodeArena({ size: 1 << 20, forceMprotect });
  afterAll(() => arena.dispose());

  test("reports its mode", () => {
    expect(arena.mode).toBe(name);
    expect(arena.capacity).toBe((1 << 20) - 64);
  });

  test("calls code with 0..5 arguments, numbers or bigints, and returns exact u64", () => {
    const sum = arena.alloc(SUM5.length)!;
    arena.write(sum, SUM5);
    expect(arena.call(sum.address, 1, 2, 3, 4, 5)).toBe(15n);
    expect(arena.call(sum.address, 1n << 60n, 1n << 60n, 0, 0, 7)).toBe((1n << 61n) + 7n);
    const add = arena.alloc(ADD2.length)!;
    arena.write(add, ADD2);
    expect(arena.call(add.address, 2, 3)).toBe(5n);
    expect(arena.call(add.address, -1, 0)).toBe(0xffff_ffff_ffff_ffffn);
    expect(arena.call(add.address, 0xffff_ffff_ffff_fffen, 1n)).toBe(0xffff_ffff_ffff_ffffn);
    expect(arena.call(add.address, 0xffff_ffff_ffff_ffffn, 2)).toBe(1n);
    const k = arena.alloc(16)!;
    arena.write(k, returnConst(0x1234));
    expect(arena.call(k.address)).toBe(0x1234n);
    arena.flush();
  });

  test("patching live code changes what a call returns", () => {
    const block = arena.alloc(16)!;
    arena.write(block, returnConst(7));
    expect(arena.call(block.address)).toBe(7n);
    const { at, bytes } = constPatch(4242);
    arena.patch(block.address + at, bytes);
    expect(arena.call(block.address)).toBe(4242n);
    expect(arena.read(block.address + at, bytes.length)).toEqual(bytes);
    arena.flush();
  });

  test("thousands of blocks, each callable and distinct", () => {
    const blocks = Array.from({ length: 4000 }, (_, i) => {
      const b = arena.alloc(12)!;
      arena.write(b, returnConst(i));
      return b;
    });
    expect(arena.blockCount).toBe(4000);
    expect(arena.used).toBe(4000 * 16);
    expect(new Set(blocks.map((b) => b.address)).size).toBe(4000);
    expect(blocks.every((b) => b.address % 16 === 0 && b.size === 16)).toBe(true);
    for (const i of [0, 1, 1999, 3999]) expect(arena.call(blocks[i]!.address)).toBe(BigInt(i));
    arena.flush();
    expect(arena.blockCount).toBe(0);
    expect(arena.used).toBe(0);
  });

  test("freed space is reused first-fit and coalesced", () => {
    const a = arena.alloc(32)!;
    const b = arena.alloc(48)!;
    const c = arena.alloc(16)!;
    const d = arena.alloc(16)!;
    expect([b.offset - a.offset, c.offset - b.offset, d.offset - c.offset]).toEqual([32, 48, 16]);
    arena.free(b);
    const small = arena.alloc(20)!; // 32 bytes, carved from b's 48
    expect(small.offset).toBe(b.offset);
    const rest = arena.alloc(16)!; // the last 16 of b
    expect(rest.offset).toBe(b.offset + 32);
    arena.free(a);
    arena.free(small); // coalesces with a: 64 bytes at a
    const big = arena.alloc(64)!;
    expect(big.offset).toBe(a.offset);
    arena.free(d); // top block: the top comes down
    const again = arena.alloc(16)!;
    expect(again.offset).toBe(d.offset);
    expect(arena.blockCount).toBe(4);
    expect(arena.used).toBe(64 + 16 + 16 + 16);
    arena.flush();
    expect(arena.alloc(16)!.offset).toBe(64);
    arena.flush();
  });

  test("freed and flushed blocks are rejected, and freed code traps instead of running", () => {
    const block = arena.alloc(16)!;
    arena.write(block, returnConst(1));
    const keep = arena.alloc(16)!;
    arena.free(block);
    expect(arena.read(block.address, 4)).toEqual(new Uint8Array(4).fill(arm ? 0 : 0xcc));
    expect(() => arena.free(block)).toThrow("freed");
    expect(() => arena.write(block, returnConst(1))).toThrow("freed");
    arena.flush();
    expect(() => arena.free(keep)).toThrow("flushed");
    expect(() => arena.call(keep.address)).toThrow("not code in this arena");
  });

  test("exhaustion returns undefined, and flush makes room again", () => {
    const blocks = [];
    for (let b = arena.alloc(4096); b !== undefined; b = arena.alloc(4096)) blocks.push(b);
    expect(blocks.length).toBe(Math.floor(arena.capacity / 4096));
    expect(arena.alloc(arena.capacity - arena.used + 16)).toBeUndefined();
    arena.free(blocks[10]!);
    expect(arena.alloc(4096)!.offset).toBe(blocks[10]!.offset);
    arena.flush();
    expect(arena.alloc(arena.capacity)!.size).toBe(arena.capacity);
    expect(arena.alloc(16)).toBeUndefined();
    arena.flush();
  });

  test("rejects bad sizes, bad offsets and foreign blocks", () => {
    expect(() => arena.alloc(-1)).toThrow(RangeError);
    const block = arena.alloc(16)!;
    expect(() => arena.write(block, new Uint8Array(17))).toThrow(RangeError);
    expect(() => arena.write(block, new Uint8Array(4), 13)).toThrow(RangeError);
    expect(() => arena.patch(arena.address, new Uint8Array(1))).toThrow(RangeError);
    const other = new CodeArena({ size: 4096, forceMprotect });
    expect(() => other.free(block)).toThrow("does not belong");
    other.dispose();
    expect(() => other.alloc(16)).toThrow("after dispose");
    arena.flush();
  });

  test("/proc/self/maps: no arena page is writable and executable", () => {
    const block = arena.alloc(SUM5.length)!;
    arena.write(block, SUM5);
    const exec = overlapping(arena.address, arena.capacity + 64);
    expect(exec.length).toBeGreaterThan(0);
    expect(exec.every((m) => m.perms.startsWith("r-x"))).toBe(true);
    expect(exec[0]!.start).toBe(arena.address);
    expect(exec.at(-1)!.end).toBe(arena.address + arena.capacity + 64);
    if (name === "memfd") {
      expect(exec.map((m) => [m.perms, m.name])).toEqual([["r-xs", "/memfd:ejit (deleted)"]]);
      const writable = overlapping(arena.writableAddress, arena.capacity + 64);
      expect(writable.map((m) => [m.perms, m.name])).toEqual([["rw-s", "/memfd:ejit (deleted)"]]);
      expect(writable[0]!.end - writable[0]!.start).toBe(1 << 20);
    } else {
      expect(arena.writableAddress).toBe(arena.address);
      expect(exec.every((m) => m.perms === "r-xp")).toBe(true);
    }
    expect(mappings().filter((m) => m.name.includes("ejit")).some(writableAndExecutable)).toBe(false);
    arena.flush();
  });
});

test("creating arenas adds no writable+executable mapping to the process", () => {
  const before = mappings().filter(writableAndExecutable).length;
  const arenas = [new CodeArena({ size: 1 << 16 }), new CodeArena({ size: 1 << 16, forceMprotect: true })];
  for (const a of arenas) {
    const b = a.alloc(ADD2.length)!;
    a.write(b, ADD2);
    expect(a.call(b.address, 40, 2)).toBe(42n);
  }
  expect(mappings().filter(writableAndExecutable).length).toBe(before);
  for (const a of arenas) a.dispose();
  expect(overlapping(arenas[0]!.address, 1 << 16)).toEqual([]);
});

test("CodeArena.shared() is one lazily created arena", () => {
  const shared = CodeArena.shared();
  expect(CodeArena.shared()).toBe(shared);
  expect(shared.capacity).toBe(64 * 1024 * 1024 - 64);
  shared.dispose();
  expect(CodeArena.shared()).not.toBe(shared);
  CodeArena.shared().dispose();
});

test("an arena dropped without dispose() is unmapped after garbage collection", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const makeAndDrop = (): number => {
    const dropped = new CodeArena({ size: 1 << 16 });
    const block = dropped.alloc(ADD2.length)!;
    dropped.write(block, ADD2);
    expect(dropped.call(block.address, 1, 2)).toBe(3n);
    return dropped.address;
  };
  const address = makeAndDrop();
  expect(overlapping(address, 1 << 16).length).toBe(1);
  for (let i = 0; i < 50 && overlapping(address, 1 << 16).length > 0; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(overlapping(address, 1 << 16)).toEqual([]);
});
