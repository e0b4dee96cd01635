/**
 * The intended x86-64 lowering of each Ejit IR op, as Intel-syntax assembly
 * text (the syntax llvm-mc accepts). It is the test suite's independent
 * statement of what the encoder should emit: the golden generator
 * (x86_64_golden.gen.mjs) assembles it with llvm-mc, and the sweep test
 * (test/ejit/x86_64/sweep.test.ts) compares it with iced-x86's disassembly of
 * the encoder's bytes. Registers are Ejit numbers; names follow ejit/regs.ts.
 */
// Ejit register n -> x86-64 names (ejit/regs.ts), by operand size.
export const R64 = ["rdi", "rsi", "rdx", "rcx", "r8", "r9", "rax", "r10", "rbx", "r12", "r13", "r14", "r15", "rbp", "rsp", "r11"];
export const R32 = ["edi", "esi", "edx", "ecx", "r8d", "r9d", "eax", "r10d", "ebx", "r12d", "r13d", "r14d", "r15d", "ebp", "esp", "r11d"];
export const R16 = ["di", "si", "dx", "cx", "r8w", "r9w", "ax", "r10w", "bx", "r12w", "r13w", "r14w", "r15w", "bp", "sp", "r11w"];
export const R8 = ["dil", "sil", "dl", "cl", "r8b", "r9b", "al", "r10b", "bl", "r12b", "r13b", "r14b", "r15b", "bpl", "spl", "r11b"];
export const SP = 14;
export const RCX = 3;
export const CC = ["e", "ne", "l", "le", "g", "ge", "b", "be", "a", "ae"];
export const CC_NOT = ["ne", "e", "ge", "g", "le", "l", "ae", "a", "be", "b"];
export const TYPES = ["u8", "s8", "u16", "s16", "u32", "s32", "u64"];
export const LANES = ["i8", "i16", "i32", "i64", "f32", "f64"];
export const x = (v) => `xmm${v}`;

// ---- the intended lowering of each IR op -------------------------------------------

export const mov = (d, a) => (d === a ? [] : [`mov ${R64[d]}, ${R64[a]}`]);
export const movRaw = (d, a) => (d === a ? [] : [`mov ${d}, ${a}`]);
export const disp = (n) => (n === 0 ? "" : n < 0 ? ` - ${-n}` : ` + ${n}`);
export const memText = (base, index, shift, imm) =>
  `[${R64[base]}${index >= 0 ? ` + ${R64[index]}${shift > 0 ? `*${1 << shift}` : ""}` : ""}${disp(imm)}]`;
export const isBp = (r) => r === 13 || r === 10; // rbp, r13: a base that needs a disp8

export function binary(op, d, a, b) {
  const r = (n) => R64[n];
  switch (op) {
    case "add":
      if (d === a) return [`add ${r(d)}, ${r(b)}`];
      if (d === b) return [`add ${r(d)}, ${r(a)}`];
      return isBp(a) && !isBp(b) ? [`lea ${r(d)}, [${r(b)} + ${r(a)}]`] : [`lea ${r(d)}, [${r(a)} + ${r(b)}]`];
    case "sub":
      if (a === b) return [`xor ${R32[d]}, ${R32[d]}`];
      if (d === a) return [`sub ${r(d)}, ${r(b)}`];
      if (d === b) return [`neg ${r(d)}`, `add ${r(d)}, ${r(a)}`];
      return [...mov(d, a), `sub ${r(d)}, ${r(b)}`];
    case "and":
    case "or":
    case "xor":
      if (a === b) return op === "xor" ? [`xor ${R32[d]}, ${R32[d]}`] : mov(d, a);
      if (d === b) return [`${op} ${r(d)}, ${r(a)}`];
      return [...mov(d, a), `${op} ${r(d)}, ${r(b)}`];
    case "mul":
      if (d === b) return [`imul ${r(d)}, ${r(a)}`];
      return [...mov(d, a), `imul ${r(d)}, ${r(b)}`];
    case "shl":
    case "shr":
    case "sar":
      if (b === RCX) {
        if (d !== RCX) return [...mov(d, a), `${op} ${r(d)}, cl`];
        if (a === RCX) return [`${op} rcx, cl`];
        return [`mov r11, ${r(a)}`, `${op} r11, cl`, "mov rcx, r11"];
      }
      if (d === RCX) return [`mov r11, ${r(a)}`, `mov rcx, ${r(b)}`, `${op} r11, cl`, "mov rcx, r11"];
      return ["mov r11, rcx", `mov rcx, ${r(b)}`, ...movRaw(r(d), a === RCX ? "r11" : r(a)), `${op} ${r(d)}, cl`, "mov rcx, r11"];
    case "udiv":
    case "sdiv": {
      const saveRax = R64[d] !== "rax", saveRdx = R64[d] !== "rdx";
      const out = [`mov r11, ${r(b)}`];
      if (saveRax) out.push("push rax");
      if (saveRdx) out.push("push rdx");
      out.push(...movRaw("rax", r(a)));
      if (op === "udiv") out.push("xor edx, edx", "test r11, r11", "cmove rax, rdx", "je 1f", "div r11", "1:");
      else out.push("lea rdx, [r11 + 1]", "cmp rdx, 1", "jbe 1f", "cqo", "idiv r11", "jmp 2f", "1:", "imul rax, r11", "2:");
      out.push(...movRaw(r(d), "rax"));
      if (saveRdx) out.push("pop rdx");
      if (saveRax) out.push("pop rax");
      return out;
    }
  }
  throw new Error(op);
}

export function binaryImm(op, d, a, imm) {
  const r = (n) => R64[n];
  switch (op) {
    case "addi":
    case "subi":
      if (imm === 0) return mov(d, a);
      if (d === a) return [`${op === "addi" ? "add" : "sub"} ${r(d)}, ${imm}`];
      if (op === "addi") return [`lea ${r(d)}, [${r(a)}${disp(imm)}]`];
      if (imm !== -0x80000000) return [`lea ${r(d)}, [${r(a)}${disp(-imm)}]`];
      return [...mov(d, a), `sub ${r(d)}, ${imm}`];
    case "andi":
    case "ori":
    case "xori":
      return [...mov(d, a), `${op.slice(0, -1)} ${r(d)}, ${imm}`];
    case "muli":
      return [`imul ${r(d)}, ${r(a)}, ${imm}`];
    case "shli":
    case "shri":
    case "sari":
      return [...mov(d, a), ...(imm === 0 ? [] : [`${op.slice(0, 3)} ${r(d)}, ${imm}`])];
  }
  throw new Error(op);
}

export function movi(d, v) {
  const u = BigInt.asUintN(64, BigInt(v));
  if (u <= 0xffffffffn) return [`mov ${R32[d]}, ${u}`];
  if (u >= 0xffffffff80000000n) return [`mov ${R64[d]}, ${BigInt.asIntN(64, u)}`];
  return [`movabs ${R64[d]}, ${u}`];
}

export function select(cond, d, a, b) {
  if (a === b) return mov(d, a);
  if (d === a) return [`cmov${CC_NOT[cond]} ${R64[d]}, ${R64[b]}`];
  return [...mov(d, b), `cmov${CC[cond]} ${R64[d]}, ${R64[a]}`];
}

export function load(ty, d, m) {
  return [
    [`movzx ${R32[d]}, byte ptr ${m}`],
    [`movsx ${R64[d]}, byte ptr ${m}`],
    [`movzx ${R32[d]}, word ptr ${m}`],
    [`movsx ${R64[d]}, word ptr ${m}`],
    [`mov ${R32[d]}, dword ptr ${m}`],
    [`movsxd ${R64[d]}, dword ptr ${m}`],
    [`mov ${R64[d]}, qword ptr ${m}`],
  ][ty];
}

export function store(ty, s, m) {
  return [
    [`mov byte ptr ${m}, ${R8[s]}`],
    [`mov byte ptr ${m}, ${R8[s]}`],
    [`mov word ptr ${m}, ${R16[s]}`],
    [`mov word ptr ${m}, ${R16[s]}`],
    [`mov dword ptr ${m}, ${R32[s]}`],
    [`mov dword ptr ${m}, ${R32[s]}`],
    [`mov qword ptr ${m}, ${R64[s]}`],
  ][ty];
}

export function frame(op, size, saved) {
  const adjust = size + (saved.length % 2 === 0 ? 8 : 0);
  if (op === "enter") return [...saved.map((r) => `push ${R64[r]}`), ...(adjust ? [`sub rsp, ${adjust}`] : [])];
  return [...(adjust ? [`add rsp, ${adjust}`] : []), ...saved.slice().reverse().map((r) => `pop ${R64[r]}`)];
}

export const VARITH = {
  vadd: ["paddb", "paddw", "paddd", "paddq", "addps", "addpd"],
  vsub: ["psubb", "psubw", "psubd", "psubq", "subps", "subpd"],
  vmul: [null, "pmullw", "mul32", null, "mulps", "mulpd"],
  vdiv: [null, null, null, null, "divps", "divpd"],
};
export const VSHIFT = { vshli: [null, "psllw", "pslld", "psllq"], vshri: [null, "psrlw", "psrld", "psrlq"], vsari: [null, "psraw", "psrad", null] };
export const movaps = (d, a) => (d === a ? [] : [`movaps ${x(d)}, ${x(a)}`]);

export function vbinary(name, commutative, d, a, b) {
  if (d === a) return [`${name} ${x(d)}, ${x(b)}`];
  if (d === b) {
    if (commutative) return [`${name} ${x(d)}, ${x(a)}`];
    return [`movaps xmm15, ${x(a)}`, `${name} xmm15, ${x(b)}`, `movaps ${x(d)}, xmm15`];
  }
  return [...movaps(d, a), `${name} ${x(d)}, ${x(b)}`];
}

export function mulI32(d, a, b) {
  if (d === b && a !== b) [a, b] = [d, a];
  const out = [`pshufd xmm15, ${x(a)}, 0xb1`];
  if (a === b) out.push("pmuludq xmm15, xmm15", ...movaps(d, a), `pmuludq ${x(d)}, ${x(d)}`);
  else {
    out.push(`pshufd ${x(b)}, ${x(b)}, 0xb1`, `pmuludq xmm15, ${x(b)}`, `pshufd ${x(b)}, ${x(b)}, 0xb1`);
    out.push(...movaps(d, a), `pmuludq ${x(d)}, ${x(b)}`);
  }
  out.push(`pshufd ${x(d)}, ${x(d)}, 0x08`, "pshufd xmm15, xmm15, 0x08", `punpckldq ${x(d)}, xmm15`);
  return out;
}

/** The lowering of one IR instruction (no labels, data or align). */
export function lower(ins) {
  switch (ins.op) {
    case "add": case "sub": case "and": case "or": case "xor": case "mul":
    case "shl": case "shr": case "sar": case "udiv": case "sdiv":
      return binary(ins.op, ins.d, ins.a, ins.b);
    case "addi": case "subi": case "andi": case "ori": case "xori": case "muli":
    case "shli": case "shri": case "sari":
      return binaryImm(ins.op, ins.d, ins.a, ins.imm);
    case "not": case "neg":
      return [...mov(ins.d, ins.a), `${ins.op} ${R64[ins.d]}`];
    case "mov":
      return mov(ins.d, ins.a);
    case "movi":
      return movi(ins.d, ins.imm);
    case "cmp":
      return [`cmp ${R64[ins.a]}, ${R64[ins.b]}`];
    case "cmpi":
      return ins.imm === 0 ? [`test ${R64[ins.a]}, ${R64[ins.a]}`] : [`cmp ${R64[ins.a]}, ${ins.imm}`];
    case "select":
      return select(ins.cond, ins.d, ins.a, ins.b);
    case "ld":
      return load(ins.ty, ins.d, memText(ins.base, ins.index, ins.shift, ins.imm));
    case "st":
      return store(ins.ty, ins.s, memText(ins.base, ins.index, ins.shift, ins.imm));
    case "enter": case "leave":
      return frame(ins.op, ins.frame, ins.saved);
    case "call":
      return [`call ${R64[ins.r]}`];
    case "br":
      return [`jmp ${R64[ins.r]}`];
    case "ret":
      return ["ret"];
    case "vld":
      return [`movdqu ${x(ins.d)}, xmmword ptr ${memText(ins.base, ins.index, ins.shift, ins.imm)}`];
    case "vst":
      return [`movdqu xmmword ptr ${memText(ins.base, ins.index, ins.shift, ins.imm)}, ${x(ins.s)}`];
    case "vmov":
      return movaps(ins.d, ins.a);
    case "vadd": case "vsub": case "vmul": case "vdiv": {
      const name = VARITH[ins.op][ins.lane];
      if (name === "mul32") return mulI32(ins.d, ins.a, ins.b);
      return vbinary(name, ins.lane < 4 && (ins.op === "vadd" || ins.op === "vmul"), ins.d, ins.a, ins.b);
    }
    case "vand": case "vor": case "vxor": {
      if (ins.op === "vxor" && ins.a === ins.b) return [`pxor ${x(ins.d)}, ${x(ins.d)}`];
      return vbinary({ vand: "pand", vor: "por", vxor: "pxor" }[ins.op], true, ins.d, ins.a, ins.b);
    }
    case "vshli": case "vshri": case "vsari":
      return [...movaps(ins.d, ins.a), ...(ins.imm ? [`${VSHIFT[ins.op][ins.lane]} ${x(ins.d)}, ${ins.imm}`] : [])];
  }
  throw new Error(`no single-instruction lowering for ${ins.op}`);
}
