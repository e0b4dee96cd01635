/**
 * The 2C02 PPU, one dot at a time (the NESdev wiki's "PPU rendering",
 * "PPU scrolling", "PPU sprite evaluation", "PPU registers" and "PPU frame
 * timing"): 341 dots x 262 scanlines, the pre-render line's last dot
 * skipped on odd frames while rendering; the background through loopy's
 * v/t/x/w and 16-bit shifters, sprites evaluated for the next line at dot
 * 257 (with the hardware's buggy overflow scan) and mixed per pixel, with
 * sprite-0 hit at the dot it happens. The picture is kept as colour indices
 * (index | emphasis << 6).
 *
 * The CPU side clocks it three dots per CPU cycle before each bus access
 * (`NesBus`), so a register access sees the PPU at the dot it happens.
 */
import type { Mapper } from "./mappers/mapper.js";
import type { StateReader, StateWriter } from "./state.js";

export const DOTS = 341;
export const LINES = 262;
export const VBL_LINE = 241;
export const PRE_LINE = 261;

export class Ppu {
  ctrl = 0;
  mask = 0;
  status = 0;
  oamAddr = 0;
  v = 0;
  t = 0;
  x = 0;
  w = 0;
  readBuffer = 0;
  /** The last value written to or read from a PPU register (the data bus latch). */
  latch = 0;
  scanline = 0;
  dot = 0;
  /** Frames since power-on; odd ones are short when rendering. */
  frame = 0;
  /** Dots since power-on (for the MMC3's A12 filter). */
  time = 0;
  /** Set when the PPU enters vertical blank; the machine clears it. */
  frameDone = false;
  private suppressVbl = false;
  /** Rendering as it stood at (261, 338): that decides the odd frame's skipped dot. */
  private skipArmed = false;

  readonly oam = new Uint8Array(256);
  readonly palette = new Uint8Array(32);
  /** 2 KiB of console VRAM plus 2 KiB for four-screen boards. */
  readonly ciram = new Uint8Array(4096);
  /** 256x240 colour indices | emphasis << 6. */
  readonly pixels = new Uint16Array(256 * 240);

  // background pipeline
  private ntByte = 0;
  private atBits = 0;
  private patLo = 0;
  private patHi = 0;
  private shiftLo = 0;
  private shiftHi = 0;
  private attrLo = 0;
  private attrHi = 0;

  // sprites of the line being drawn: colour (palette entry 0x10-0x1F, 0 = none), behind-background, sprite 0
  private readonly spColour = new Uint8Array(256);
  private readonly spBehind = new Uint8Array(256);
  private readonly spZero = new Uint8Array(256);
  private readonly secondary = new Uint8Array(8);
  private spCount = 0;

  constructor(public mapper: Mapper) {}

  /** The power-up state: registers clear, VRAM and OAM left as they are (zero). */
  reset(): void {
    this.ctrl = this.mask = 0;
    this.w = 0;
    this.t = 0;
    this.x = 0;
    this.readBuffer = 0;
  }

  private get rendering(): boolean {
    return (this.mask & 0x18) !== 0;
  }

  // ---- memory ------------------------------------------------------------

  private readMemory(address: number): number {
    const a = address & 0x3fff;
    if (a < 0x2000) return this.mapper.chrRead(a);
    if (a < 0x3f00) return this.ciram[this.mapper.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]!;
    return this.palette[paletteIndex(a)]!;
  }

  private writeMemory(address: number, value: number): void {
    const a = address & 0x3fff;
    if (a < 0x2000) this.mapper.chrWrite(a, value);
    else if (a < 0x3f00) this.ciram[this.mapper.ntMap[(a >> 10) & 3]! + (a & 0x3ff)] = value;
    else this.palette[paletteIndex(a)] = value & 0x3f;
  }

  /** A byte as $2007 would read it, without side effects (for peek). */
  peekMemory(address: number): number {
    return this.readMemory(address);
  }

  // ---- registers ---------------------------------------------------------

  /** The /NMI output (active): NMI enabled and the VBL flag set. */
  nmiOutput(): boolean {
    return (this.ctrl & 0x80) !== 0 && (this.status & 0x80) !== 0;
  }

  readRegister(reg: number): number {
    switch (reg) {
      case 2: {
        const value = (this.status & 0xe0) | (this.latch & 0x1f);
        if (this.scanline === VBL_LINE) {
          // One dot before the flag rises: it reads clear and does not rise this frame.
          // (Read on the dot it rises or the next, it reads set and, cleared before the
          // CPU samples the NMI output, leaves no NMI: see NesBus.clock.)
          if (this.dot === 1) this.suppressVbl = true;
        }
        this.status &= 0x7f;
        this.w = 0;
        this.latch = value;
        return value;
      }
      case 4: {
        let value = this.oam[this.oamAddr]!;
        if ((this.oamAddr & 3) === 2) value &= 0xe3;
        this.latch = value;
        return value;
      }
      case 7: {
        const a = this.v & 0x3fff;
        let value: number;
        if (a >= 0x3f00) {
          value = (this.palette[paletteIndex(a)]! & (this.mask & 1 ? 0x30 : 0x3f)) | (this.latch & 0xc0);
          this.readBuffer = this.readMemory(a - 0x1000);
        } else {
          value = this.readBuffer;
          this.readBuffer = this.readMemory(a);
        }
        this.advanceV();
        this.latch = value;
        return value;
      }
      default:
        return this.latch;
    }
  }

  writeRegister(reg: number, value: number): void {
    this.latch = value;
    switch (reg) {
      case 0: {
        this.ctrl = value;
        this.t = (this.t & ~0x0c00) | ((value & 3) << 10);
        break;
      }
      case 1:
        this.mask = value;
        break;
      case 3:
        this.oamAddr = value;
        break;
      case 4:
        this.oam[this.oamAddr] = value;
        this.oamAddr = (this.oamAddr + 1) & 0xff;
        break;
      case 5:
        if (this.w === 0) {
          this.t = (this.t & ~0x1f) | (value >> 3);
          this.x = value & 7;
          this.w = 1;
        } else {
          this.t = (this.t & ~0x73e0) | ((value & 7) << 12) | ((value & 0xf8) << 2);
          this.w = 0;
        }
        break;
      case 6:
        if (this.w === 0) {
          this.t = (this.t & 0x00ff) | ((value & 0x3f) << 8);
          this.w = 1;
        } else {
          this.t = (this.t & 0x7f00) | value;
          this.v = this.t;
          this.w = 0;
          if (this.mapper.watchesA12) this.mapper.ppuAddress(this.v, this.time);
        }
        break;
      case 7:
        this.writeMemory(this.v, value);
        this.advanceV();
        break;
    }
  }

  /** After a $2007 access: +1 or +32, or both scroll increments while rendering. */
  private advanceV(): void {
    if (this.rendering && (this.scanline < 240 || this.scanline === PRE_LINE)) {
      this.incrementX();
      this.incrementY();
    } else {
      this.v = (this.v + (this.ctrl & 4 ? 32 : 1)) & 0x7fff;
    }
    if (this.mapper.watchesA12) this.mapper.ppuAddress(this.v, this.time);
  }

  private incrementX(): void {
    if ((this.v & 0x1f) === 31) this.v = (this.v & ~0x1f) ^ 0x400;
    else this.v++;
  }

  private incrementY(): void {
    let v = this.v;
    if ((v & 0x7000) !== 0x7000) {
      v += 0x1000;
    } else {
      v &= ~0x7000;
      let y = (v & 0x3e0) >> 5;
      if (y === 29) {
        y = 0;
        v ^= 0x800;
      } else if (y === 31) {
        y = 0;
      } else {
        y++;
      }
      v = (v & ~0x3e0) | (y << 5);
    }
    this.v = v;
  }

  // ---- timing ------------------------------------------------------------

  /** Dots until the PPU next enters vertical blank (scanline 241, dot 1). */
  dotsToVblank(): number {
    const now = this.scanline * DOTS + this.dot;
    const target = VBL_LINE * DOTS + 1;
    return now <= target ? target - now : LINES * DOTS - now + target;
  }

  /** Run `count` dots. */
  run(count: number): void {
    for (let k = 0; k < count; k++) this.tick();
  }

  /** One dot: the work of (scanline, dot), then advance. */
  tick(): void {
    const line = this.scanline;
    const dot = this.dot;
    if (line < 240) {
      if (this.rendering) this.renderDot(line, dot, true);
      else if (dot >= 1 && dot <= 256) this.blankPixel(line, dot - 1);
    } else if (line === VBL_LINE) {
      if (dot === 1) {
        if (!this.suppressVbl) this.status |= 0x80;
        this.suppressVbl = false;
        this.frameDone = true;
      }
    } else if (line === PRE_LINE) {
      if (dot === 1) this.status &= 0x1f;
      if (dot === 338) this.skipArmed = this.rendering;
      if (this.rendering) this.renderDot(line, dot, false);
      if (dot === 339 && this.skipArmed && (this.frame & 1) === 1) {
        // odd frame: (261, 340) is skipped
        this.time += 2;
        this.dot = 0;
        this.scanline = 0;
        this.frame++;
        return;
      }
    }
    this.time++;
    if (dot < 340) {
      this.dot = dot + 1;
    } else {
      this.dot = 0;
      if (line < PRE_LINE) {
        this.scanline = line + 1;
      } else {
        this.scanline = 0;
        this.frame++;
      }
    }
  }

  private blankPixel(line: number, x: number): void {
    // With rendering off the PPU shows the backdrop, or the palette entry v points at.
    const colour = (this.v & 0x3f00) === 0x3f00 ? this.palette[paletteIndex(this.v)]! : this.palette[0]!;
    this.pixels[line * 256 + x] = (colour & (this.mask & 1 ? 0x30 : 0x3f)) | ((this.mask & 0xe0) << 1);
  }

  private renderDot(line: number, dot: number, visible: boolean): void {
    if ((dot >= 1 && dot <= 256) || (dot >= 321 && dot <= 336)) {
      if (visible && dot <= 256) this.pixel(line, dot - 1);
      this.shiftLo = (this.shiftLo << 1) & 0xffff;
      this.shiftHi = (this.shiftHi << 1) & 0xffff;
      this.attrLo = (this.attrLo << 1) & 0xffff;
      this.attrHi = (this.attrHi << 1) & 0xffff;
      switch (dot & 7) {
        case 1: {
          const a = 0x2000 | (this.v & 0x0fff);
          if (this.mapper.watchesA12) this.mapper.ppuAddress(a, this.time);
          this.ntByte = this.ciram[this.mapper.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]!;
          break;
        }
        case 3: {
          const v = this.v;
          const a = 0x23c0 | (v & 0x0c00) | ((v >> 4) & 0x38) | ((v >> 2) & 7);
          const at = this.ciram[this.mapper.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]!;
          this.atBits = (at >> (((v >> 4) & 4) | (v & 2))) & 3;
          break;
        }
        case 5: {
          const a = ((this.ctrl & 0x10) << 8) | (this.ntByte << 4) | ((this.v >> 12) & 7);
          if (this.mapper.watchesA12) this.mapper.ppuAddress(a, this.time);
          this.patLo = this.mapper.chrRead(a);
          break;
        }
        case 7: {
          const a = ((this.ctrl & 0x10) << 8) | (this.ntByte << 4) | ((this.v >> 12) & 7) | 8;
          this.patHi = this.mapper.chrRead(a);
          break;
        }
        case 0:
          this.shiftLo |= this.patLo;
          this.shiftHi |= this.patHi;
          this.attrLo |= this.atBits & 1 ? 0xff : 0;
          this.attrHi |= this.atBits & 2 ? 0xff : 0;
          this.incrementX();
          if (dot === 256) this.incrementY();
          break;
      }
    } else if (dot === 257) {
      this.v = (this.v & ~0x041f) | (this.t & 0x041f);
      this.oamAddr = 0;
      if (visible) this.evaluateSprites(line);
      else this.spCount = 0;
      this.fetchSprites(line);
    } else if (dot >= 280 && dot <= 304 && !visible) {
      this.v = (this.v & ~0x7be0) | (this.t & 0x7be0);
    } else if (dot === 337 || dot === 339) {
      const a = 0x2000 | (this.v & 0x0fff);
      if (this.mapper.watchesA12) this.mapper.ppuAddress(a, this.time);
    }
    if (this.mapper.watchesA12 && dot >= 257 && dot <= 320) this.spriteBus(dot);
  }

  private pixel(line: number, x: number): void {
    const mask = this.mask;
    let bg = 0;
    if (mask & 8 && (x >= 8 || mask & 2)) {
      const bit = 15 - this.x;
      const p = (((this.shiftHi >> bit) & 1) << 1) | ((this.shiftLo >> bit) & 1);
      if (p !== 0) bg = (((((this.attrHi >> bit) & 1) << 1) | ((this.attrLo >> bit) & 1)) << 2) | p;
    }
    let colour = bg;
    const sp = mask & 0x10 && (x >= 8 || mask & 4) ? this.spColour[x]! : 0;
    if (sp !== 0) {
      if (bg === 0) {
        colour = sp;
      } else {
        if (this.spZero[x] && x !== 255) this.status |= 0x40;
        if (!this.spBehind[x]) colour = sp;
      }
    }
    const index = this.palette[colour & 3 ? colour : 0]!;
    this.pixels[line * 256 + x] = (index & (mask & 1 ? 0x30 : 0x3f)) | ((mask & 0xe0) << 1);
  }

  private spriteHeight(): number {
    return this.ctrl & 0x20 ? 16 : 8;
  }

  /** Secondary OAM for line + 1, with the overflow flag as the hardware's scan sets it. */
  private evaluateSprites(line: number): void {
    const oam = this.oam;
    const h = this.spriteHeight();
    let count = 0;
    let n = 0;
    for (; n < 64 && count < 8; n++) {
      const row = line - oam[n * 4]!;
      if (row >= 0 && row < h) this.secondary[count++] = n;
    }
    if (count === 8) {
      let m = 0;
      for (; n < 64; n++) {
        const row = line - oam[n * 4 + m]!;
        if (row >= 0 && row < h) {
          this.status |= 0x20;
          break;
        }
        m = (m + 1) & 3;
      }
    }
    this.spCount = count;
  }

  /** The sprites' patterns for the next line, drawn into the line buffers. */
  private fetchSprites(line: number): void {
    this.spColour.fill(0);
    this.spZero.fill(0);
    const oam = this.oam;
    const h = this.spriteHeight();
    for (let k = this.spCount - 1; k >= 0; k--) {
      const n = this.secondary[k]!;
      const y = oam[n * 4]!, tile = oam[n * 4 + 1]!, attr = oam[n * 4 + 2]!, sx = oam[n * 4 + 3]!;
      let row = line - y;
      if (attr & 0x80) row = h - 1 - row;
      let address: number;
      if (h === 16) address = ((tile & 1) << 12) | ((tile & 0xfe) << 4) | ((row & 8) << 1) | (row & 7);
      else address = ((this.ctrl & 8) << 9) | (tile << 4) | row;
      const lo = this.mapper.chrRead(address), hi = this.mapper.chrRead(address | 8);
      const palette = 0x10 | ((attr & 3) << 2);
      for (let i = 0; i < 8; i++) {
        const x = sx + i;
        if (x > 255) break;
        const bit = attr & 0x40 ? i : 7 - i;
        const p = (((hi >> bit) & 1) << 1) | ((lo >> bit) & 1);
        if (p === 0) continue;
        this.spColour[x] = palette | p;
        this.spBehind[x] = attr & 0x20 ? 1 : 0;
        this.spZero[x] = n === 0 ? 1 : 0;
      }
    }
  }

  /** The address bus during the sprite fetches (257-320), for A12 watchers: empty slots fetch tile $FF. */
  private spriteBus(dot: number): void {
    const step = (dot - 257) & 7;
    if (step === 0 || step === 2) {
      this.mapper.ppuAddress(0x2000 | (this.v & 0x0fff), this.time);
    } else if (step === 4 || step === 6) {
      const slot = (dot - 257) >> 3;
      let table: number;
      if (this.ctrl & 0x20) {
        const tile = slot < this.spCount ? this.oam[this.secondary[slot]! * 4 + 1]! : 0xff;
        table = (tile & 1) << 12;
      } else {
        table = (this.ctrl & 8) << 9;
      }
      this.mapper.ppuAddress(table, this.time);
    }
  }

  // ---- state ---------------------------------------------------------------

  save(w: StateWriter): void {
    w.num(this.ctrl, this.mask, this.status, this.oamAddr, this.v, this.t, this.x, this.w, this.readBuffer, this.latch,
      this.scanline, this.dot, this.frame, this.time, this.frameDone ? 1 : 0, this.suppressVbl ? 1 : 0, this.skipArmed ? 1 : 0,
      this.ntByte, this.atBits, this.patLo, this.patHi, this.shiftLo, this.shiftHi, this.attrLo, this.attrHi, this.spCount);
    for (const a of [this.oam, this.palette, this.ciram, this.spColour, this.spBehind, this.spZero, this.secondary]) w.bytes(a);
    w.bytes(new Uint8Array(this.pixels.buffer, this.pixels.byteOffset, this.pixels.byteLength));
  }

  load(r: StateReader): void {
    const n = (): number => r.num();
    this.ctrl = n(); this.mask = n(); this.status = n(); this.oamAddr = n(); this.v = n(); this.t = n(); this.x = n();
    this.w = n(); this.readBuffer = n(); this.latch = n(); this.scanline = n(); this.dot = n(); this.frame = n(); this.time = n();
    this.frameDone = n() === 1; this.suppressVbl = n() === 1; this.skipArmed = n() === 1;
    this.ntByte = n(); this.atBits = n(); this.patLo = n(); this.patHi = n(); this.shiftLo = n(); this.shiftHi = n();
    this.attrLo = n(); this.attrHi = n(); this.spCount = n();
    for (const a of [this.oam, this.palette, this.ciram, this.spColour, this.spBehind, this.spZero, this.secondary]) r.bytes(a);
    r.bytes(new Uint8Array(this.pixels.buffer, this.pixels.byteOffset, this.pixels.byteLength));
  }
}

/** Palette RAM index of a PPU address: 32 bytes, $3F10/$14/$18/$1C mirroring $3F00/$04/$08/$0C. */
export function paletteIndex(address: number): number {
  const i = address & 0x1f;
  return (i & 0x13) === 0x10 ? i & 0x0f : i;
}
