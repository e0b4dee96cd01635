/**
 * The native entry trampoline: `uint64 entry(target, a0, a1, a2, a3, a4)`.
 *
 * koffi binds a function pointer with `koffi.decode`, which costs several
 * microseconds per new pointer, while a call through an already decoded
 * function costs tens of nanoseconds. So each arena writes this trampoline
 * once and decodes it once per arity: it moves the arguments down one
 * register and tail-jumps to the first one, so the target runs exactly as if
 * it had been called directly with (a0, ..., a4) (same return address, same
 * stack alignment, its result left in the result register).
 */
import koffi from "koffi";
import { hostArch, type Arch } from "../regs.js";

/** Bytes reserved at the start of every arena for the trampoline (keeps blocks 16-byte aligned). */
export const TRAMPOLINE_RESERVE = 64;

/**
 * System V x86-64: target in rdi, arguments in rsi, rdx, rcx, r8, r9.
 * r11 is caller-saved and carries no argument (ABI 3.2.3), so it holds the target.
 */
const X86_64 = Uint8Array.of(
  0x49, 0x89, 0xfb, // mov r11, rdi
  0x48, 0x89, 0xf7, // mov rdi, rsi
  0x48, 0x89, 0xd6, // mov rsi, rdx
  0x48, 0x89, 0xca, // mov rdx, rcx
  0x4c, 0x89, 0xc1, // mov rcx, r8
  0x4d, 0x89, 0xc8, // mov r8, r9
  0x41, 0xff, 0xe3, // jmp r11
);

/**
 * AAPCS64: target in x0, arguments in x1..x5. x16 (IP0) is the intra-call
 * scratch register, free at a call boundary. `mov xd, xm` is
 * `orr xd, xzr, xm` = 0xaa0003e0 | m << 16 | d; `br xn` = 0xd61f0000 | n << 5.
 */
const AARCH64_WORDS = [
  0xaa0003f0, // mov x16, x0
  0xaa0103e0, // mov x0, x1
  0xaa0203e1, // mov x1, x2
  0xaa0303e2, // mov x2, x3
  0xaa0403e3, // mov x3, x4
  0xaa0503e4, // mov x4, x5
  0xd61f0200, // br x16
];

function littleEndianWords(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w, true));
  return out;
}

/** Trampoline machine code for an architecture. */
export function trampolineFor(arch: Arch): Uint8Array {
  return arch === "x86_64" ? X86_64.slice() : littleEndianWords(AARCH64_WORDS);
}

/** Trampoline machine code for this host, or undefined when Ejit cannot run code here. */
export function hostTrampoline(): Uint8Array | undefined {
  return hostArch === undefined ? undefined : trampolineFor(hostArch);
}

/** A decoded entry point: the target address, then 0..5 arguments. */
export type EntryFunction = (target: number, ...args: (number | bigint)[]) => number | bigint;

type ProtoType = ReturnType<typeof koffi.proto>;
const protos: (ProtoType | undefined)[] = [];

/**
 * Prototype `uint64_t (uint64_t target, uint64_t a0, ...)` with `arity`
 * (0..5) arguments, created on first use. Every koffi argument costs time on
 * every call (~15 ns each measured here), so `CodeArena.call` uses the
 * shortest one that fits; all of them run the same trampoline, which moves
 * registers it was not given without reading any meaning into them.
 */
export function entryPrototype(arity: number): ProtoType {
  return (protos[arity] ??= koffi.proto("uint64_t", Array<string>(arity + 1).fill("uint64_t")));
}
