/**
 * The NES on the command line: iNES / NES 2.0 files (.nes), claimed by
 * their header whatever the extension; the 6502 assembler for the
 * project's own NES programs (.n65: the source lays out the whole file,
 * header included, so what it assembles is the .nes image); the
 * disassembler lists the header and each 16 KiB PRG bank.
 *
 * The NES runs under the interpreter only for now.
 */
import { basename } from "node:path";
import { disassembleBinary } from "../../../cpu/mos6502/disasm.js";
import { CliError } from "../../commands/common.js";
import type { MachineDefinition, MachineProgram } from "../definition.js";
import { assemble6502, score6502 } from "../mos6502-source.js";
import { CartridgeError, hasInesMagic as hasInesHeader, parseCartridge, type Cartridge } from "./cartridge.js";
import { createMapper } from "./mappers/index.js";
import { NesMachine } from "./machine.js";

const hex2 = (v: number): string => v.toString(16).toUpperCase().padStart(2, "0");
const hex4 = (v: number): string => v.toString(16).toUpperCase().padStart(4, "0");

/** The cartridge in `bytes`, checked all the way to its board; one CliError line otherwise. */
export function loadCartridge(bytes: Uint8Array, name: string): Cartridge {
  try {
    const cart = parseCartridge(bytes);
    createMapper(cart);
    return cart;
  } catch (error) {
    if (error instanceof CartridgeError) throw new CliError(`${name}: ${error.message}`);
    throw error;
  }
}

export const nesDefinition: MachineDefinition = {
  kind: "nes",
  name: "NES (NTSC; iNES and NES 2.0 files, mappers 0-4 and 7)",
  engines: ["interp"],
  extensions: [".nes"],
  sourceExtensions: [".n65"],
  claims: (bytes) => hasInesHeader(bytes),
  flags: {},
  flagsHelp: "  (no flags of its own yet; a frame ends when the PPU enters vertical blank, 60.0988 a second; play runs until quit)",
  keysHelp: "  arrows, Z = B, X = A, Return = Start, Shift = Select; --keys names them a b select start up down left right",
  benchSuite: [],

  load({ path, bytes }): MachineProgram {
    const name = path === "-" ? "<stdin>" : path;
    const cart = loadCartridge(bytes, name);
    return {
      path: name,
      title: path === "-" ? "<stdin>" : basename(path),
      settingsLine: `nes, mapper ${cart.mapper}, ${cart.prg.length / 1024} KiB PRG, ${cart.chr.length === 0 ? "CHR RAM" : `${cart.chr.length / 1024} KiB CHR`}`,
      defaultFrames: { play: Infinity },
      async create(engine, options = {}) {
        if (engine !== "interp") throw new CliError("the NES runs under the interpreter only for now");
        return new NesMachine(cart, { title: `ejemu - ${basename(name)}`, trace: options.trace });
      },
    };
  },

  assembler: {
    assemble(source, name) {
      const program = assemble6502(source, name);
      if (!hasInesHeader(program.bytes)) throw new CliError(`${name}: an NES program must start with its iNES header ("NES", $1A, ...)`);
      try {
        parseCartridge(program.bytes);
      } catch (error) {
        if (error instanceof CartridgeError) throw new CliError(`${name}: ${error.message}`);
        throw error;
      }
      return {
        bytes: program.bytes,
        report: (output) => `${output}: ${program.bytes.length} bytes (iNES image)`,
      };
    },
    // only source that writes an iNES header is NES source; otherwise it is the bare 6502's
    score: (source) => (/"NES"\s*,\s*\$1A/i.test(source) ? score6502(source) + 1 : 0),
  },

  disasmFlags: {},
  disasmHelp: "  (the header, then each 16 KiB PRG bank; a one-bank CHR-RAM image lists as source that assembles back)",
  disassemble(bytes, _values, path) {
    const name = path === "-" ? "<stdin>" : path;
    let cart: Cartridge;
    try {
      cart = parseCartridge(bytes);
    } catch (error) {
      if (error instanceof CartridgeError) throw new CliError(`${name}: ${error.message}`);
      throw error;
    }
    const header = Array.from(bytes.subarray(0, 16), (b) => `$${hex2(b)}`).join(", ");
    const out = [`; ${cart.format}, mapper ${cart.mapper}, ${cart.prg.length / 1024} KiB PRG, ${cart.chr.length / 1024} KiB CHR, ${cart.mirroring} mirroring`];
    const banks = cart.prg.length / 16384;
    if (banks === 1 && cart.chr.length === 0 && cart.trainer === undefined && bytes.length === 16 + 16384) {
      // header at $BFF0 and the bank at $C000: the listing assembles back to the same file
      out.push("        .org $BFF0", `        .byte ${header}`);
      out.push(disassembleBinary(cart.prg, 0xc000).replace(/\n$/, ""));
      return out.join("\n");
    }
    out.push(`; header: ${header}`);
    for (let b = 0; b < Math.ceil(banks); b++) {
      const origin = b === banks - 1 ? 0xc000 : 0x8000;
      out.push(`; PRG bank ${b} (16 KiB, listed at $${hex4(origin)})`);
      out.push(disassembleBinary(cart.prg.subarray(b * 16384, (b + 1) * 16384), origin).replace(/\n$/, ""));
    }
    return out.join("\n");
  },
};
