/**
 * The NES hardware around the 2A03's CPU core: the CPU bus (2 KiB RAM
 * mirrored to $1FFF, the PPU's eight registers mirrored to $3FFF, APU and
 * I/O at $4000-$401F, the cartridge from $4020), open bus, OAM DMA, two
 * standard controllers, and the clock: every CPU bus cycle first runs the
 * PPU three dots, so each access sees the PPU at the dot it happens (a
 * per-cycle catch-up; see docs/nes.md).
 *
 * The APU is a stub but for its frame counter's IRQ: its registers keep the
 * values written, $4015 reads only the frame IRQ flag; there is no sound,
 * no length counters and no DMC yet.
 */
import type { Bus } from "../../../cpu/mos6502/bus.js";
import { Mos6502 } from "../../../cpu/mos6502/interpreter.js";
import type { Cartridge } from "./cartridge.js";
import { createMapper, type Mapper } from "./mappers/index.js";
import { Ppu } from "./ppu.js";
import type { StateReader, StateWriter } from "./state.js";

/** Bits of a controller's state in the order the shift register gives them. */
export const Button = { A: 1, B: 2, Select: 4, Start: 8, Up: 16, Down: 32, Left: 64, Right: 128 } as const;

/** More than an OAM DMA's stall (514 cycles): see Nes.runFrame. */
const DMA_SLACK = 520;
/** The CPU's runs within DMA_SLACK of vertical blank. */
const NEAR_STEP = 32;

/** IRQ source bits: the cartridge and the APU's frame counter. */
const IRQ_MAPPER = 1;
const IRQ_FRAME = 2;
/** The 4-step frame sequence in CPU cycles; its IRQ flag is raised in the last three (29828, 29829, 0). */
const FRAME_PERIOD = 29830;

export class NesBus implements Bus {
  readonly ram = new Uint8Array(2048);
  readonly apu = new Uint8Array(0x20);
  /** CPU cycles since power-on, DMA stalls included. */
  cycles = 0;
  openBus = 0;
  /** Buttons held on each pad (Button bits). */
  readonly pads = [0, 0];
  private readonly shifts = [0, 0];
  private strobe = 0;
  private irq = false;
  /** The APU frame counter: the CPU cycle its sequence started (or, after a $4017 write, restarts) at. */
  private frameBase = 0;
  /** The next CPU cycle at which the frame counter has something to do. */
  private frameNext = 0;
  private frameMode = 0;
  private frameInhibit = false;
  frameIrq = false;
  private frameIrqLine = false;
  /** The PPU's NMI output at the last sample (see clock). */
  private nmiLevel = false;
  cpu!: Mos6502;

  constructor(readonly ppu: Ppu, readonly mapper: Mapper) {}

  /**
   * One CPU cycle of time: three PPU dots, the access coming after them.
   * The CPU samples the PPU's NMI output one dot into the cycle, for the
   * cycle before (the chip polls interrupts at the end of an instruction's
   * second-to-last cycle; this core polls before each instruction, so an
   * edge handed over one cycle late is taken when the chip would take it:
   * an edge in an instruction's last cycle waits for the next instruction).
   * The cartridge's IRQ output is sampled the same way. Being a level sample, a $2002 read that clears the flag in the dots
   * after it rose leaves no edge: that is the NMI suppression.
   */
  private clock(): void {
    this.cycles++;
    const ppu = this.ppu;
    ppu.tick();
    const level = ppu.nmiOutput();
    if (level && !this.nmiLevel) {
      this.cpu.setNmi(true);
      this.cpu.setNmi(false);
    }
    this.nmiLevel = level;
    if (this.cycles >= this.frameNext) this.frameCounter();
    if (this.frameIrq !== this.frameIrqLine) {
      this.frameIrqLine = this.frameIrq;
      this.cpu.setIrq(IRQ_FRAME, this.frameIrq);
    }
    const irq = this.mapper.irq;
    if (irq !== this.irq) {
      this.irq = irq;
      this.cpu.setIrq(IRQ_MAPPER, irq);
    }
    ppu.tick();
    ppu.tick();
  }

  /**
   * One CPU cycle of the APU's frame counter (the NESdev wiki's "APU Frame
   * Counter"): in the 4-step mode, unless inhibited, the IRQ flag rises in
   * the sequence's last three cycles; a $4017 write restarts the sequence
   * 3 or 4 cycles later (by the write's cycle parity). Only the IRQ is
   * modelled: the quarter and half frames clock nothing yet (no sound).
   */
  private frameCounter(): void {
    const c = this.cycles - this.frameBase;
    if (c === 0 && this.pendingMode >= 0) {
      this.frameMode = this.pendingMode;
      this.pendingMode = -1;
    }
    const fourStep = this.frameMode === 0;
    if (fourStep && !this.frameInhibit && c >= FRAME_PERIOD - 2 && c <= FRAME_PERIOD) this.frameIrq = true;
    const period = fourStep ? FRAME_PERIOD : FRAME_PERIOD + 3726;
    if (c >= period) this.frameBase = this.cycles;
    // the next cycle with something to do
    const at = this.cycles - this.frameBase;
    if (at < 0) this.frameNext = this.frameBase;
    else if (fourStep && at < FRAME_PERIOD - 2) this.frameNext = this.frameBase + FRAME_PERIOD - 2;
    else if (fourStep && at < FRAME_PERIOD) this.frameNext = this.cycles + 1;
    else this.frameNext = this.frameBase + period;
  }

  private pendingMode = -1;

  /** The end of a CPU cycle (nothing to do: interrupt lines are sampled in clock). */
  private settle(): void {}

  read(address: number): number {
    this.clock();
    const value = this.access(address);
    this.settle();
    return value;
  }

  private access(address: number): number {
    let value: number;
    if (address < 0x2000) {
      value = this.ram[address & 0x7ff]!;
    } else if (address < 0x4000) {
      value = this.ppu.readRegister(address & 7);
    } else if (address < 0x4020) {
      if (address === 0x4016 || address === 0x4017) {
        const k = address & 1;
        if (this.strobe) this.shifts[k] = this.pads[k]!;
        const bit = this.shifts[k]! & 1;
        if (!this.strobe) this.shifts[k] = (this.shifts[k]! >> 1) | 0x80;
        value = (this.openBus & 0xe0) | bit;
      } else if (address === 0x4015) {
        value = (this.openBus & 0x20) | (this.frameIrq ? 0x40 : 0);
        this.frameIrq = false;
        this.access4015 = true;
      } else {
        value = this.openBus;
      }
    } else {
      value = this.mapper.cpuRead(address);
      if (value < 0) value = this.openBus;
    }
    if (!this.access4015) this.openBus = value;
    this.access4015 = false;
    return value;
  }

  /** A $4015 read does not drive the data bus (the value read is not left on it). */
  private access4015 = false;

  write(address: number, value: number): void {
    this.clock();
    this.openBus = value;
    if (address < 0x2000) {
      this.ram[address & 0x7ff] = value;
    } else if (address < 0x4000) {
      this.ppu.writeRegister(address & 7, value);
    } else if (address < 0x4020) {
      if (address === 0x4014) {
        this.settle();
        this.dma(value);
      } else if (address === 0x4017) {
        this.frameInhibit = (value & 0x40) !== 0;
        if (this.frameInhibit) this.frameIrq = false;
        this.pendingMode = value >> 7;
        this.frameBase = this.cycles + (this.cycles & 1 ? 3 : 4);
        this.frameNext = this.frameBase;
      } else if (address === 0x4016) {
        this.strobe = value & 1;
        if (this.strobe) {
          this.shifts[0] = this.pads[0]!;
          this.shifts[1] = this.pads[1]!;
        }
      }
      this.apu[address & 0x1f] = value;
    } else {
      this.mapper.cpuWrite(address, value, this.cycles);
    }
    this.settle();
  }

  /** OAM DMA: one halt cycle (two on an odd cycle), then 256 reads from page `page` and writes to $2004. */
  private dma(page: number): void {
    this.clock();
    if (this.cycles & 1) this.clock();
    const base = page << 8;
    for (let k = 0; k < 256; k++) {
      this.clock();
      const value = this.access(base | k);
      this.settle();
      this.clock();
      this.ppu.writeRegister(4, value);
      this.settle();
    }
  }

  /** A byte as the CPU would read it, without side effects. */
  peek(address: number): number {
    const a = address & 0xffff;
    if (a < 0x2000) return this.ram[a & 0x7ff]!;
    if (a < 0x4020) return this.openBus;
    const v = this.mapper.cpuRead(a);
    return v < 0 ? this.openBus : v;
  }

  /** Store a byte from outside: RAM and cartridge RAM (ROM is left alone). */
  poke(address: number, value: number): void {
    const a = address & 0xffff;
    if (a < 0x2000) this.ram[a & 0x7ff] = value;
    else if (a >= 0x6000 && a < 0x8000) this.mapper.prgRam[a & 0x1fff] = value;
  }

  save(w: StateWriter): void {
    w.num(this.cycles, this.openBus, this.pads[0]!, this.pads[1]!, this.shifts[0]!, this.shifts[1]!, this.strobe, this.irq ? 1 : 0, this.nmiLevel ? 1 : 0,
      this.cycles - this.frameBase, this.frameMode, this.frameInhibit ? 1 : 0, this.frameIrq ? 1 : 0, this.frameIrqLine ? 1 : 0, this.pendingMode);
    w.bytes(this.ram);
    w.bytes(this.apu);
  }

  load(r: StateReader): void {
    this.cycles = r.num();
    this.openBus = r.num();
    this.pads[0] = r.num();
    this.pads[1] = r.num();
    this.shifts[0] = r.num();
    this.shifts[1] = r.num();
    this.strobe = r.num();
    this.irq = r.num() === 1;
    this.nmiLevel = r.num() === 1;
    this.frameBase = this.cycles - r.num();
    this.frameNext = 0;
    this.frameMode = r.num();
    this.frameInhibit = r.num() === 1;
    this.frameIrq = r.num() === 1;
    this.frameIrqLine = r.num() === 1;
    this.pendingMode = r.num();
    r.bytes(this.ram);
    r.bytes(this.apu);
  }
}

/** CPU, bus, PPU and cartridge wired together and powered on. */
export class Nes {
  readonly mapper: Mapper;
  readonly ppu: Ppu;
  readonly bus: NesBus;
  readonly cpu: Mos6502;

  constructor(cart: Cartridge) {
    this.mapper = createMapper(cart);
    this.ppu = new Ppu(this.mapper);
    this.bus = new NesBus(this.ppu, this.mapper);
    this.cpu = new Mos6502({ bus: this.bus, decimal: false });
    this.bus.cpu = this.cpu;
    this.powerOn();
  }

  /** Power-on: the CPU's reset sequence from S = 0 (leaving $FD), RAM zeroed. */
  powerOn(): void {
    const cpu = this.cpu;
    cpu.a = cpu.x = cpu.y = 0;
    cpu.s = 0;
    cpu.p = 0x24;
    cpu.reset();
  }

  /** The reset button: the CPU's reset sequence, the PPU's registers cleared. */
  reset(): void {
    this.ppu.reset();
    this.cpu.reset();
  }

  /** Run until the PPU next enters vertical blank (or the CPU halts); false when halted. */
  runFrame(): boolean {
    const cpu = this.cpu;
    const ppu = this.ppu;
    ppu.frameDone = false;
    while (!ppu.frameDone) {
      if (cpu.halted) return false;
      // The CPU's budget counts only its own cycles, so an OAM DMA inside a run takes the PPU up
      // to 514 cycles further than foreseen: far from vertical blank, run to DMA_SLACK short of it
      // (a DMA cannot then carry the PPU past it), and near it in short steps.
      const remaining = Math.max(1, Math.ceil(ppu.dotsToVblank() / 3));
      const budget = remaining > DMA_SLACK + NEAR_STEP ? remaining - DMA_SLACK : Math.min(remaining, NEAR_STEP);
      cpu.run(cpu.cycles + budget);
    }
    return !cpu.halted;
  }
}
