/**
 * Ejit: a very low-level JIT. Input is IR naming real machine registers,
 * output is x86-64 or AArch64 code in OS-allocated executable pages.
 *
 *   import { Executable, Ins, R, Cond, regs } from "ejemu/ejit";
 */
export * from "./ir.js";
export * from "./regs.js";
export * from "./errors.js";
export type { Assembled, AssembleResult, Backend } from "./backend.js";
export { assemble, backendFor } from "./assemble.js";
export { x86_64Backend } from "./x86_64/index.js";
export { aarch64Backend } from "./aarch64/index.js";
export { CodeArena, type CodeBlock, type CodeArenaOptions } from "./arena.js";
export { Executable, type ExecutableOptions, type ExecutableResult } from "./executable.js";
export { disassemble, disassembleX86, disassembleAArch64 } from "./disasm.js";
export { formatIns, formatProgram } from "./format.js";
export { NativeDataMemory } from "./data-memory.js";
export { directJumpFor, type DirectJumpEncoding } from "./direct-jump.js";
