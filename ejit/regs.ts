/**
 * Register maps. Ejit registers are real machine registers; `R(n)` is the
 * n-th entry of the host's table below, numbered so that R0.. are the
 * integer argument registers of the host calling convention.
 *
 * x86-64 (System V):
 *
 * | Ejit | host | role                                   |
 * |------|------|----------------------------------------|
 * | R0   | rdi  | argument 0                             |
 * | R1   | rsi  | argument 1                             |
 * | R2   | rdx  | argument 2, result 1                   |
 * | R3   | rcx  | argument 3                             |
 * | R4   | r8   | argument 4                             |
 * | R5   | r9   | argument 5                             |
 * | R6   | rax  | result 0                               |
 * | R7   | r10  | caller-saved                           |
 * | R8   | rbx  | callee-saved                           |
 * | R9   | r12  | callee-saved                           |
 * | R10  | r13  | callee-saved                           |
 * | R11  | r14  | callee-saved                           |
 * | R12  | r15  | callee-saved                           |
 * | R13  | rbp  | callee-saved                           |
 * | R14  | rsp  | stack pointer (`SP`; base of ld/st only) |
 * | R15  | r11  | reserved: the encoder's scratch        |
 *
 * Vector registers V0..V14 are xmm0..xmm14; xmm15 is the encoder's scratch.
 *
 * AArch64 (AAPCS64): R(n) is xn for n in 0..30, and R31 is SP (only as a
 * load/store base or with `mov`/`addi`). x0..x7 are arguments, x0/x1
 * results, x19..x28 callee-saved, x16/x17 the encoder's scratch, x18 the
 * platform register (reserved: macOS uses it), x29/x30 frame pointer and
 * link register (saved by `enter`). V(n) is vn for n in 0..31.
 */
import { R, V } from "./ir.js";

export type Arch = "x86_64" | "aarch64";

export interface HostRegs {
  readonly arch: Arch;
  /** Integer argument registers, in order. */
  readonly ARGS: readonly R[];
  /** Result registers: RES[0] is the return value, RES[1] the second half of a pair. */
  readonly RES: readonly R[];
  /** The stack pointer. */
  readonly SP: R;
  /** Registers a callee must preserve (list them in `enter`/`leave` to use them). */
  readonly CALLEE_SAVED: readonly R[];
  /** Registers a call may clobber, usable freely between calls. */
  readonly CALLER_SAVED: readonly R[];
  /** Registers the encoder keeps for itself: using them in IR is an error. */
  readonly RESERVED: readonly R[];
  /** Number of integer registers R(0)..R(COUNT-1). */
  readonly COUNT: number;
  /** Usable vector registers. */
  readonly VREGS: readonly V[];
  /** Assembly name of each R(n). */
  readonly names: readonly string[];
}

const range = <T>(from: number, to: number, f: (n: number) => T): T[] =>
  Array.from({ length: to - from }, (_, i) => f(from + i));

export const x86_64Regs: HostRegs = Object.freeze({
  arch: "x86_64",
  ARGS: [R(0), R(1), R(2), R(3), R(4), R(5)],
  RES: [R(6), R(2)],
  SP: R(14),
  CALLEE_SAVED: [R(8), R(9), R(10), R(11), R(12), R(13)],
  CALLER_SAVED: [R(0), R(1), R(2), R(3), R(4), R(5), R(6), R(7)],
  RESERVED: [R(15)],
  COUNT: 16,
  VREGS: range(0, 15, V),
  names: ["rdi", "rsi", "rdx", "rcx", "r8", "r9", "rax", "r10", "rbx", "r12", "r13", "r14", "r15", "rbp", "rsp", "r11"],
} as const);

/** Hardware register number (ModRM/REX encoding) of each x86-64 R(n). */
export const X86_HW: readonly number[] = [7, 6, 2, 1, 8, 9, 0, 10, 3, 12, 13, 14, 15, 5, 4, 11];

export const aarch64Regs: HostRegs = Object.freeze({
  arch: "aarch64",
  ARGS: range(0, 8, R),
  RES: [R(0), R(1)],
  SP: R(31),
  CALLEE_SAVED: range(19, 29, R),
  CALLER_SAVED: [...range(0, 16, R)],
  RESERVED: [R(16), R(17), R(18), R(29), R(30)],
  COUNT: 32,
  VREGS: range(0, 32, V),
  names: [...range(0, 31, (n) => `x${n}`), "sp"],
} as const);

/** The host this process runs on, or undefined when Ejit has no backend for it. */
export const hostArch: Arch | undefined =
  process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : undefined;

export function regsFor(arch: Arch): HostRegs {
  return arch === "x86_64" ? x86_64Regs : aarch64Regs;
}

/** The register map of this host (x86-64's when the host has no backend, for dumps). */
export const regs: HostRegs = regsFor(hostArch ?? "x86_64");
