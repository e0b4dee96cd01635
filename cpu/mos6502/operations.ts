/**
 * The operation stage of the interpreter: one case group per mnemonic, the
 * opcodes listed as literals so the switch compiles to a jump table. The
 * addressing stage (`Mos6502.execute`) has already formed `ea` (for #imm the
 * operand's address, for branches the offset byte) and made the mode's
 * dummy cycles. Semantics of the undocumented opcodes follow "No More
 * Secrets" (NMOS 6510 unintended opcodes) and the test vectors' README.
 */
import { adc, arr, asl, compare, lsr, rol, ror, sbc, setNZ, UNSTABLE_MAGIC } from "./alu.js";
import type { Mos6502 } from "./interpreter.js";
import { Flag } from "./table.js";

const C = Flag.C, Z = Flag.Z, I = Flag.I, D = Flag.D, B = Flag.B, U = Flag.U, V = Flag.V, N = Flag.N;

/** A read-modify-write on memory: read, write the old value back (dummy), write the result. */
function modify(cpu: Mos6502, ea: number): number {
  const value = cpu.read(ea);
  cpu.dummyWrite(ea, value);
  return value;
}

export function executeOperation(cpu: Mos6502, opcode: number, ea: number): void {
  let r = 0;
  switch (opcode) {
    // ---- loads, logic, arithmetic (read) ----
    case 0xa1: case 0xa5: case 0xa9: case 0xad: case 0xb1: case 0xb5: case 0xb9: case 0xbd: // LDA
      cpu.a = cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0xa2: case 0xa6: case 0xae: case 0xb6: case 0xbe: // LDX
      cpu.x = cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.x);
      break;
    case 0xa0: case 0xa4: case 0xac: case 0xb4: case 0xbc: // LDY
      cpu.y = cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.y);
      break;
    case 0xa3: case 0xa7: case 0xaf: case 0xb3: case 0xb7: case 0xbf: // LAX
      cpu.a = cpu.x = cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0x21: case 0x25: case 0x29: case 0x2d: case 0x31: case 0x35: case 0x39: case 0x3d: // AND
      cpu.a &= cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0x01: case 0x05: case 0x09: case 0x0d: case 0x11: case 0x15: case 0x19: case 0x1d: // ORA
      cpu.a |= cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0x41: case 0x45: case 0x49: case 0x4d: case 0x51: case 0x55: case 0x59: case 0x5d: // EOR
      cpu.a ^= cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0x61: case 0x65: case 0x69: case 0x6d: case 0x71: case 0x75: case 0x79: case 0x7d: // ADC
      r = adc(cpu.a, cpu.read(ea), cpu.p, cpu.decimal());
      cpu.a = r & 0xff;
      cpu.p = r >> 8;
      break;
    case 0xe1: case 0xe5: case 0xe9: case 0xeb: case 0xed: case 0xf1: case 0xf5: case 0xf9: case 0xfd: // SBC
      r = sbc(cpu.a, cpu.read(ea), cpu.p, cpu.decimal());
      cpu.a = r & 0xff;
      cpu.p = r >> 8;
      break;
    case 0xc1: case 0xc5: case 0xc9: case 0xcd: case 0xd1: case 0xd5: case 0xd9: case 0xdd: // CMP
      cpu.p = compare(cpu.a, cpu.read(ea), cpu.p);
      break;
    case 0xe0: case 0xe4: case 0xec: // CPX
      cpu.p = compare(cpu.x, cpu.read(ea), cpu.p);
      break;
    case 0xc0: case 0xc4: case 0xcc: // CPY
      cpu.p = compare(cpu.y, cpu.read(ea), cpu.p);
      break;
    case 0x24: case 0x2c: { // BIT: N V from memory, Z from A AND memory
      const m = cpu.read(ea);
      cpu.p = (cpu.p & ~(N | V | Z)) | (m & (N | V)) | ((cpu.a & m) === 0 ? Z : 0);
      break;
    }
    case 0x04: case 0x0c: case 0x14: case 0x1c: case 0x34: case 0x3c: case 0x44: case 0x54: case 0x5c: // NOP (reads)
    case 0x64: case 0x74: case 0x7c: case 0x80: case 0x82: case 0x89: case 0xc2: case 0xd4: case 0xdc:
    case 0xe2: case 0xf4: case 0xfc:
      cpu.read(ea);
      break;
    case 0x0b: case 0x2b: // ANC: AND, then C = N
      cpu.a &= cpu.read(ea);
      cpu.p = (setNZ(cpu.p, cpu.a) & ~C) | (cpu.a >> 7);
      break;
    case 0x4b: { // ALR: AND, then LSR A
      r = lsr(cpu.a & cpu.read(ea), cpu.p);
      cpu.a = r & 0xff;
      cpu.p = r >> 8;
      break;
    }
    case 0x6b: // ARR
      r = arr(cpu.a, cpu.read(ea), cpu.p, cpu.decimal());
      cpu.a = r & 0xff;
      cpu.p = r >> 8;
      break;
    case 0xcb: { // SBX: X = (A AND X) - imm, flags as CMP
      const ax = cpu.a & cpu.x;
      const m = cpu.read(ea);
      cpu.p = compare(ax, m, cpu.p);
      cpu.x = (ax - m) & 0xff;
      break;
    }
    case 0xbb: // LAS: A, X, S = memory AND S
      cpu.a = cpu.x = cpu.s = cpu.read(ea) & cpu.s;
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0x8b: // ANE (unstable): A = (A OR magic) AND X AND imm
      cpu.a = (cpu.a | UNSTABLE_MAGIC) & cpu.x & cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0xab: // LXA (unstable): A, X = (A OR magic) AND imm
      cpu.a = cpu.x = (cpu.a | UNSTABLE_MAGIC) & cpu.read(ea);
      cpu.p = setNZ(cpu.p, cpu.a);
      break;

    // ---- stores ----
    case 0x81: case 0x85: case 0x8d: case 0x91: case 0x95: case 0x99: case 0x9d: // STA
      cpu.write(ea, cpu.a);
      break;
    case 0x86: case 0x8e: case 0x96: // STX
      cpu.write(ea, cpu.x);
      break;
    case 0x84: case 0x8c: case 0x94: // STY
      cpu.write(ea, cpu.y);
      break;
    case 0x83: case 0x87: case 0x8f: case 0x97: // SAX
      cpu.write(ea, cpu.a & cpu.x);
      break;
    case 0x93: case 0x9f: // SHA
      cpu.storeHighAndTarget(ea, cpu.a & cpu.x);
      break;
    case 0x9e: // SHX
      cpu.storeHighAndBase(ea, cpu.x);
      break;
    case 0x9c: // SHY
      cpu.storeHighAndBase(ea, cpu.y);
      break;
    case 0x9b: // TAS: S = A AND X, then store like SHA
      cpu.s = cpu.a & cpu.x;
      cpu.storeHighAndTarget(ea, cpu.s);
      break;

    // ---- read-modify-write ----
    case 0x0a: r = asl(cpu.a, cpu.p); cpu.a = r & 0xff; cpu.p = r >> 8; break; // ASL A
    case 0x4a: r = lsr(cpu.a, cpu.p); cpu.a = r & 0xff; cpu.p = r >> 8; break; // LSR A
    case 0x2a: r = rol(cpu.a, cpu.p); cpu.a = r & 0xff; cpu.p = r >> 8; break; // ROL A
    case 0x6a: r = ror(cpu.a, cpu.p); cpu.a = r & 0xff; cpu.p = r >> 8; break; // ROR A
    case 0x06: case 0x0e: case 0x16: case 0x1e: // ASL
      r = asl(modify(cpu, ea), cpu.p); cpu.p = r >> 8; cpu.write(ea, r & 0xff);
      break;
    case 0x46: case 0x4e: case 0x56: case 0x5e: // LSR
      r = lsr(modify(cpu, ea), cpu.p); cpu.p = r >> 8; cpu.write(ea, r & 0xff);
      break;
    case 0x26: case 0x2e: case 0x36: case 0x3e: // ROL
      r = rol(modify(cpu, ea), cpu.p); cpu.p = r >> 8; cpu.write(ea, r & 0xff);
      break;
    case 0x66: case 0x6e: case 0x76: case 0x7e: // ROR
      r = ror(modify(cpu, ea), cpu.p); cpu.p = r >> 8; cpu.write(ea, r & 0xff);
      break;
    case 0xe6: case 0xee: case 0xf6: case 0xfe: // INC
      r = (modify(cpu, ea) + 1) & 0xff; cpu.p = setNZ(cpu.p, r); cpu.write(ea, r);
      break;
    case 0xc6: case 0xce: case 0xd6: case 0xde: // DEC
      r = (modify(cpu, ea) - 1) & 0xff; cpu.p = setNZ(cpu.p, r); cpu.write(ea, r);
      break;
    case 0x03: case 0x07: case 0x0f: case 0x13: case 0x17: case 0x1b: case 0x1f: // SLO: ASL, then ORA
      r = asl(modify(cpu, ea), cpu.p); cpu.write(ea, r & 0xff);
      cpu.a |= r & 0xff; cpu.p = setNZ(r >> 8, cpu.a);
      break;
    case 0x23: case 0x27: case 0x2f: case 0x33: case 0x37: case 0x3b: case 0x3f: // RLA: ROL, then AND
      r = rol(modify(cpu, ea), cpu.p); cpu.write(ea, r & 0xff);
      cpu.a &= r & 0xff; cpu.p = setNZ(r >> 8, cpu.a);
      break;
    case 0x43: case 0x47: case 0x4f: case 0x53: case 0x57: case 0x5b: case 0x5f: // SRE: LSR, then EOR
      r = lsr(modify(cpu, ea), cpu.p); cpu.write(ea, r & 0xff);
      cpu.a ^= r & 0xff; cpu.p = setNZ(r >> 8, cpu.a);
      break;
    case 0x63: case 0x67: case 0x6f: case 0x73: case 0x77: case 0x7b: case 0x7f: // RRA: ROR, then ADC
      r = ror(modify(cpu, ea), cpu.p); cpu.write(ea, r & 0xff); cpu.p = r >> 8;
      r = adc(cpu.a, r & 0xff, cpu.p, cpu.decimal()); cpu.a = r & 0xff; cpu.p = r >> 8;
      break;
    case 0xc3: case 0xc7: case 0xcf: case 0xd3: case 0xd7: case 0xdb: case 0xdf: // DCP: DEC, then CMP
      r = (modify(cpu, ea) - 1) & 0xff; cpu.write(ea, r);
      cpu.p = compare(cpu.a, r, cpu.p);
      break;
    case 0xe3: case 0xe7: case 0xef: case 0xf3: case 0xf7: case 0xfb: case 0xff: // ISC: INC, then SBC
      r = (modify(cpu, ea) + 1) & 0xff; cpu.write(ea, r);
      r = sbc(cpu.a, r, cpu.p, cpu.decimal()); cpu.a = r & 0xff; cpu.p = r >> 8;
      break;

    // ---- implied: flags, transfers, counters ----
    case 0x18: cpu.p &= ~C; break; // CLC
    case 0x38: cpu.p |= C; break; // SEC
    case 0xd8: cpu.p &= ~D; break; // CLD
    case 0xf8: cpu.p |= D; break; // SED
    case 0xb8: cpu.p &= ~V; break; // CLV
    case 0x58: cpu.delayIFlag(cpu.p); cpu.p &= ~I; break; // CLI
    case 0x78: cpu.delayIFlag(cpu.p); cpu.p |= I; break; // SEI
    case 0xaa: cpu.x = cpu.a; cpu.p = setNZ(cpu.p, cpu.x); break; // TAX
    case 0xa8: cpu.y = cpu.a; cpu.p = setNZ(cpu.p, cpu.y); break; // TAY
    case 0x8a: cpu.a = cpu.x; cpu.p = setNZ(cpu.p, cpu.a); break; // TXA
    case 0x98: cpu.a = cpu.y; cpu.p = setNZ(cpu.p, cpu.a); break; // TYA
    case 0xba: cpu.x = cpu.s; cpu.p = setNZ(cpu.p, cpu.x); break; // TSX
    case 0x9a: cpu.s = cpu.x; break; // TXS
    case 0xe8: cpu.x = (cpu.x + 1) & 0xff; cpu.p = setNZ(cpu.p, cpu.x); break; // INX
    case 0xc8: cpu.y = (cpu.y + 1) & 0xff; cpu.p = setNZ(cpu.p, cpu.y); break; // INY
    case 0xca: cpu.x = (cpu.x - 1) & 0xff; cpu.p = setNZ(cpu.p, cpu.x); break; // DEX
    case 0x88: cpu.y = (cpu.y - 1) & 0xff; cpu.p = setNZ(cpu.p, cpu.y); break; // DEY
    case 0x1a: case 0x3a: case 0x5a: case 0x7a: case 0xda: case 0xea: case 0xfa: break; // NOP

    // ---- stack ----
    case 0x48: cpu.push(cpu.a); break; // PHA
    case 0x08: cpu.push(cpu.p | B | U); break; // PHP: B set in the pushed copy
    case 0x68: // PLA
      cpu.dummyRead(0x100 | cpu.s);
      cpu.a = cpu.pull();
      cpu.p = setNZ(cpu.p, cpu.a);
      break;
    case 0x28: { // PLP
      const old = cpu.p;
      cpu.dummyRead(0x100 | cpu.s);
      cpu.p = (cpu.pull() & ~B) | U;
      cpu.delayIFlag(old);
      break;
    }

    // ---- control flow ----
    case 0x4c: case 0x6c: cpu.pc = ea; break; // JMP
    case 0x20: { // JSR: low byte, internal stack cycle, push PC (pointing at the high byte), high byte
      const lo = cpu.fetch();
      cpu.dummyRead(0x100 | cpu.s);
      cpu.push(cpu.pc >> 8);
      cpu.push(cpu.pc & 0xff);
      cpu.pc = lo | (cpu.read(cpu.pc) << 8);
      break;
    }
    case 0x60: { // RTS
      cpu.dummyRead(0x100 | cpu.s);
      const lo = cpu.pull();
      const target = lo | (cpu.pull() << 8);
      cpu.dummyRead(target);
      cpu.pc = (target + 1) & 0xffff;
      break;
    }
    case 0x40: { // RTI
      cpu.dummyRead(0x100 | cpu.s);
      cpu.p = (cpu.pull() & ~B) | U;
      const lo = cpu.pull();
      cpu.pc = lo | (cpu.pull() << 8);
      break;
    }
    case 0x00: { // BRK: the padding byte was read by the implied stage; skip it
      cpu.pc = (cpu.pc + 1) & 0xffff;
      cpu.push(cpu.pc >> 8);
      cpu.push(cpu.pc & 0xff);
      cpu.push(cpu.p | B | U);
      cpu.p |= I;
      const lo = cpu.read(0xfffe);
      cpu.pc = lo | (cpu.read(0xffff) << 8);
      break;
    }
    case 0x10: cpu.branch((cpu.p & N) === 0, ea); break; // BPL
    case 0x30: cpu.branch((cpu.p & N) !== 0, ea); break; // BMI
    case 0x50: cpu.branch((cpu.p & V) === 0, ea); break; // BVC
    case 0x70: cpu.branch((cpu.p & V) !== 0, ea); break; // BVS
    case 0x90: cpu.branch((cpu.p & C) === 0, ea); break; // BCC
    case 0xb0: cpu.branch((cpu.p & C) !== 0, ea); break; // BCS
    case 0xd0: cpu.branch((cpu.p & Z) === 0, ea); break; // BNE
    case 0xf0: cpu.branch((cpu.p & Z) !== 0, ea); break; // BEQ
    case 0x02: case 0x12: case 0x22: case 0x32: case 0x42: case 0x52: // JAM: halt with PC on the opcode
    case 0x62: case 0x72: case 0x92: case 0xb2: case 0xd2: case 0xf2:
      cpu.halted = true;
      cpu.pc = (cpu.pc - 1) & 0xffff;
      break;
  }
}
