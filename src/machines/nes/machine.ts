/**
 * The NES as a Machine: a frame runs until the PPU enters vertical blank
 * (scanline 241, dot 1); 60.0988 frames a second. Keys: arrows, Z = B,
 * X = A, Return (or S) = Start, Shift (or A) = Select; a game controller's
 * buttons as labelled. Scripted keys: a b select start up down left right.
 * Runs under the interpreter only (see cli.ts).
 */
import { createHash } from "node:crypto";
import type { EngineName } from "../../../cpu/engine.js";
import { bytesText, disassembleAt } from "../../../cpu/mos6502/disasm.js";
import type { InputEvent, PadButton, VideoFrame } from "../../frontend/types.js";
import { unwrapState, wrapState, type Machine, type MachineCounters, type MachineStop, type MachineSummary } from "../machine.js";
import type { Cartridge } from "./cartridge.js";
import { Button, Nes } from "./console.js";
import { PALETTE_ARGB } from "./palette.js";
import { StateReader, StateWriter } from "./state.js";

export const NES_FRAME_RATE = 60.0988;

const GUEST_KEYS = ["a", "b", "select", "start", "up", "down", "left", "right"] as const;
const GUEST_BUTTONS: Readonly<Record<string, number>> = {
  a: Button.A, b: Button.B, select: Button.Select, start: Button.Start,
  up: Button.Up, down: Button.Down, left: Button.Left, right: Button.Right,
};
const HOST_KEYS: Readonly<Record<string, number>> = {
  x: Button.A, z: Button.B, shift: Button.Select, a: Button.Select, return: Button.Start, s: Button.Start,
  up: Button.Up, down: Button.Down, left: Button.Left, right: Button.Right,
};
const PAD_BUTTONS: Partial<Record<PadButton, number>> = {
  a: Button.A, b: Button.B, back: Button.Select, start: Button.Start,
  dpup: Button.Up, dpdown: Button.Down, dpleft: Button.Left, dpright: Button.Right,
};

const hex = (v: number, digits: number): string => v.toString(16).toUpperCase().padStart(digits, "0");

export interface NesMachineOptions {
  readonly title: string;
  readonly trace?: (line: string) => void;
}

export class NesMachine implements Machine {
  readonly kind = "nes";
  readonly engine: EngineName = "interp";
  readonly frameRate = NES_FRAME_RATE;
  readonly title: string;
  readonly guestKeys: readonly string[] = GUEST_KEYS;
  readonly addressMask = 0xffff;
  readonly jit = undefined;
  readonly nes: Nes;
  frame = 0;
  private halt: MachineStop | undefined;
  private readonly trace: ((line: string) => void) | undefined;
  private readonly picture: VideoFrame = { width: 256, height: 240, pixels: new Uint32Array(256 * 240) };

  /** SHA-256 of the cartridge's PRG and CHR ROM, in save states. */
  readonly romSha256: string;

  constructor(readonly cart: Cartridge, options: NesMachineOptions) {
    this.romSha256 = createHash("sha256").update(cart.prg).update(cart.chr).digest("hex");
    this.title = options.title;
    this.trace = options.trace;
    this.nes = new Nes(cart);
  }

  get stopped(): MachineStop | undefined {
    return this.halt;
  }

  runFrame(): void {
    this.runFrames(1);
  }

  runFrames(count: number): number {
    let done = 0;
    while (done < count && this.halt === undefined) {
      const ok = this.trace === undefined ? this.nes.runFrame() : this.runTracedFrame(this.trace);
      if (!ok) {
        this.halt = { reason: `JAM at $${hex(this.nes.cpu.pc, 4)}`, fault: true };
        break;
      }
      done++;
      this.frame++;
    }
    return done;
  }

  private runTracedFrame(trace: (line: string) => void): boolean {
    const { cpu, ppu } = this.nes;
    ppu.frameDone = false;
    while (!ppu.frameDone) {
      if (cpu.halted) return false;
      trace(this.traceLine());
      cpu.step();
    }
    return !cpu.halted;
  }

  /** The nestest log's format: PC, bytes, disassembly, registers, PPU scanline,dot and CPU cycles. */
  traceLine(): string {
    const { cpu, ppu, bus } = this.nes;
    const mem = new Uint8Array(3);
    for (let k = 0; k < 3; k++) mem[k] = bus.peek((cpu.pc + k) & 0xffff);
    const window = new Uint8Array(0x10000);
    window.set(mem, cpu.pc <= 0xfffd ? cpu.pc : 0);
    const at = cpu.pc <= 0xfffd ? cpu.pc : 0;
    const { text, length } = disassembleAt(window, at);
    const h2 = (v: number): string => hex(v, 2);
    return `${hex(cpu.pc, 4)}  ${bytesText(window, at, length, true)}  ${text.padEnd(16)}  A:${h2(cpu.a)} X:${h2(cpu.x)} Y:${h2(cpu.y)} ` +
      `P:${h2(cpu.p)} SP:${h2(cpu.s)} PPU:${String(ppu.scanline).padStart(3)},${String(ppu.dot).padStart(3)} CYC:${bus.cycles}`;
  }

  reset(): void {
    this.nes.reset();
    this.halt = undefined;
  }

  counters(): MachineCounters {
    return { instructions: this.nes.cpu.instructions, cycles: this.nes.bus.cycles, interpreted: 0 };
  }

  /** SHA-256 of the picture as colour indices, one 16-bit little-endian value per pixel. */
  frameHash(): string {
    const px = this.nes.ppu.pixels;
    const bytes = new Uint8Array(px.length * 2);
    for (let k = 0; k < px.length; k++) {
      bytes[2 * k] = px[k]! & 0xff;
      bytes[2 * k + 1] = px[k]! >> 8;
    }
    return createHash("sha256").update(bytes).digest("hex");
  }

  summary(): MachineSummary {
    const { cpu, ppu, bus, mapper } = this.nes;
    const status = this.halt === undefined ? `running at $${hex(cpu.pc, 4)} after ${this.frame} frames` : `stop: ${this.halt.reason}`;
    const frameHash = this.frameHash();
    return {
      text: [
        status,
        `A=$${hex(cpu.a, 2)} X=$${hex(cpu.x, 2)} Y=$${hex(cpu.y, 2)} S=$${hex(cpu.s, 2)} P=$${hex(cpu.p, 2)}`,
        `PPU ctrl=$${hex(ppu.ctrl, 2)} mask=$${hex(ppu.mask, 2)} status=$${hex(ppu.status, 2)} at scanline ${ppu.scanline}, dot ${ppu.dot}`,
        `mapper ${mapper.number} (${mapper.name})  cycles: ${bus.cycles}  instructions: ${cpu.instructions}`,
        `frame hash ${frameHash}`,
      ],
      json: {
        engine: this.engine,
        stop: this.halt?.reason ?? "running",
        frames: this.frame,
        cycles: bus.cycles,
        instructions: cpu.instructions,
        cpu: { pc: cpu.pc, a: cpu.a, x: cpu.x, y: cpu.y, s: cpu.s, p: cpu.p },
        ppu: { ctrl: ppu.ctrl, mask: ppu.mask, status: ppu.status, scanline: ppu.scanline, dot: ppu.dot },
        mapper: mapper.number,
        frameHash,
      },
    };
  }

  peek(address: number): number {
    return this.nes.bus.peek(address);
  }

  poke(address: number, value: number): void {
    this.nes.bus.poke(address, value & 0xff);
  }

  video(): VideoFrame {
    const px = this.nes.ppu.pixels;
    const out = this.picture.pixels;
    for (let k = 0; k < px.length; k++) out[k] = PALETTE_ARGB[px[k]! & 0x1ff]!;
    return this.picture;
  }

  audio(_rate: number, out: Int16Array): void {
    out.fill(0);
  }

  private press(bit: number, down: boolean): void {
    const pads = this.nes.bus.pads;
    pads[0] = down ? pads[0]! | bit : pads[0]! & ~bit;
  }

  input(ev: InputEvent): boolean {
    if (ev.type === "quit") return false;
    const bit = ev.type === "key" ? HOST_KEYS[ev.key] : PAD_BUTTONS[ev.button];
    if (bit === undefined) return false;
    this.press(bit, ev.down);
    return true;
  }

  setGuestKey(name: string, down: boolean): void {
    const bit = GUEST_BUTTONS[name.toLowerCase()];
    if (bit === undefined) throw new RangeError(`no NES button '${name}' (buttons are ${GUEST_KEYS.join(" ")})`);
    this.press(bit, down);
  }

  saveState(): Uint8Array {
    const { cpu, ppu, bus, mapper } = this.nes;
    const w = new StateWriter();
    cpu.saveState();
    w.num(this.frame, ...Array.from(cpu.state));
    bus.save(w);
    ppu.save(w);
    mapper.save(w);
    return wrapState(this.kind, w.finish(), { romSha256: this.romSha256, engine: this.engine });
  }

  loadState(state: Uint8Array): void {
    const body = unwrapState(this.kind, state, this.romSha256);
    const { cpu, ppu, bus, mapper } = this.nes;
    const r = new StateReader(body);
    this.frame = r.num();
    for (let k = 0; k < cpu.state.length; k++) cpu.state[k] = r.num();
    cpu.loadState();
    bus.load(r);
    ppu.load(r);
    mapper.load(r);
    this.halt = undefined;
  }

  differenceFrom(other: Machine): string | undefined {
    if (!(other instanceof NesMachine)) return `machine: ${this.kind} vs ${other.kind}`;
    const a = this.nes.cpu, b = other.nes.cpu;
    for (const r of ["pc", "a", "x", "y", "s", "p", "cycles"] as const) if (a[r] !== b[r]) return `${r}: ${a[r]} vs ${b[r]}`;
    for (let k = 0; k < 0x800; k++) if (this.nes.bus.ram[k] !== other.nes.bus.ram[k]) return `RAM[$${hex(k, 4)}]: ${this.nes.bus.ram[k]} vs ${other.nes.bus.ram[k]}`;
    const ha = this.frameHash(), hb = other.frameHash();
    return ha !== hb ? `frame hash: ${ha} vs ${hb}` : undefined;
  }

  dispose(): void {}
}
