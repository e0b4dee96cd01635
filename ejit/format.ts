/**
 * Readable text for Ejit IR, for the `blocks` debugging command and test
 * failures. One line per instruction, destination first:
 *
 *   L0:
 *   add rax, rax, rdi        (with a register map: host names)
 *   add r6, r6, r0           (without one: Ejit numbers)
 *   ld.s16 rdx, [rsi + rcx*4 + 8]
 *   b.ne L0
 *   data 01 02 ff
 *
 * Vector registers print as v0..v15, lane types as a suffix (`vadd.i32`).
 */
import { condNames, laneNames, typeNames, type Ins } from "./ir.js";
import type { HostRegs } from "./regs.js";

function reg(r: number, regs: HostRegs | undefined): string {
  return regs?.names[r] ?? `r${r}`;
}

function address(base: number, index: number, shift: number, imm: number, regs: HostRegs | undefined): string {
  let text = reg(base, regs);
  if (index >= 0) text += ` + ${reg(index, regs)}${shift > 0 ? `*${1 << shift}` : ""}`;
  if (imm > 0) text += ` + ${imm}`;
  else if (imm < 0) text += ` - ${-imm}`;
  return `[${text}]`;
}

function hex(bytes: Uint8Array): string {
  let text = "";
  for (let k = 0; k < bytes.length; k++) text += (k === 0 ? "" : " ") + bytes[k]!.toString(16).padStart(2, "0");
  return text;
}

function immediate(x: number | bigint): string {
  if (typeof x === "bigint") return x < 0n || x > 9n ? `${x} (0x${BigInt.asUintN(64, x).toString(16)})` : String(x);
  if (x >= -9 && x <= 9) return String(x);
  const u = x < 0 ? BigInt.asUintN(64, BigInt(x)) : BigInt(x);
  return `${x} (0x${u.toString(16)})`;
}

/** One IR instruction as text (`regs`: print host register names). */
export function formatIns(ins: Ins, regs?: HostRegs): string {
  const r = (n: number): string => reg(n, regs);
  switch (ins.op) {
    case "label":
      return `L${ins.label}:`;
    case "enter":
    case "leave":
      return `${ins.op} ${ins.frame}${ins.saved.length > 0 ? `, {${ins.saved.map(r).join(", ")}}` : ""}`;
    case "addr":
      return `addr ${r(ins.d)}, L${ins.label}`;
    case "ld":
      return `ld.${typeNames[ins.ty] ?? ins.ty} ${r(ins.d)}, ${address(ins.base, ins.index, ins.shift, ins.imm, regs)}`;
    case "st":
      return `st.${typeNames[ins.ty] ?? ins.ty} ${address(ins.base, ins.index, ins.shift, ins.imm, regs)}, ${r(ins.s)}`;
    case "add": case "sub": case "and": case "or": case "xor": case "shl": case "shr": case "sar":
    case "mul": case "udiv": case "sdiv":
      return `${ins.op} ${r(ins.d)}, ${r(ins.a)}, ${r(ins.b)}`;
    case "addi": case "subi": case "andi": case "ori": case "xori": case "shli": case "shri": case "sari":
    case "muli":
      return `${ins.op} ${r(ins.d)}, ${r(ins.a)}, ${immediate(ins.imm)}`;
    case "not": case "neg": case "mov":
      return `${ins.op} ${r(ins.d)}, ${r(ins.a)}`;
    case "movi":
      return `movi ${r(ins.d)}, ${immediate(ins.imm)}`;
    case "cmp":
      return `cmp ${r(ins.a)}, ${r(ins.b)}`;
    case "cmpi":
      return `cmpi ${r(ins.a)}, ${immediate(ins.imm)}`;
    case "select":
      return `select.${condNames[ins.cond] ?? ins.cond} ${r(ins.d)}, ${r(ins.a)}, ${r(ins.b)}`;
    case "b":
      return `b.${condNames[ins.cond] ?? ins.cond} L${ins.label}`;
    case "jmp":
      return `jmp L${ins.label}`;
    case "call":
    case "br":
      return `${ins.op} ${r(ins.r)}`;
    case "ret":
      return "ret";
    case "data":
      return `data ${hex(ins.bytes)}`;
    case "align":
      return `align ${ins.n}`;
    case "vld":
      return `vld v${ins.d}, ${address(ins.base, ins.index, ins.shift, ins.imm, regs)}`;
    case "vst":
      return `vst ${address(ins.base, ins.index, ins.shift, ins.imm, regs)}, v${ins.s}`;
    case "vmov":
      return `vmov v${ins.d}, v${ins.a}`;
    case "vadd": case "vsub": case "vmul": case "vdiv":
      return `${ins.op}.${laneNames[ins.lane] ?? ins.lane} v${ins.d}, v${ins.a}, v${ins.b}`;
    case "vand": case "vor": case "vxor":
      return `${ins.op} v${ins.d}, v${ins.a}, v${ins.b}`;
    case "vshli": case "vshri": case "vsari":
      return `${ins.op}.${laneNames[ins.lane] ?? ins.lane} v${ins.d}, v${ins.a}, ${ins.imm}`;
  }
}

/** A whole program, one instruction per line; labels flush left, the rest indented. */
export function formatProgram(ir: Iterable<Ins>, regs?: HostRegs): string {
  const lines: string[] = [];
  for (const ins of ir) lines.push(ins.op === "label" ? formatIns(ins, regs) : `  ${formatIns(ins, regs)}`);
  return lines.join("\n");
}
