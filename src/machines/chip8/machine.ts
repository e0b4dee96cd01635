/**
 * The CHIP-8 machine: memory with fonts and the ROM at 0x200, keypad,
 * timers, buzzer and display around a swappable CPU engine, all on one
 * Chip8State block. Timing is Octo's: each 60 Hz frame runs `tickrate`
 * instructions (fewer when the CPU waits), then the delay and sound timers
 * count down.
 */
import { createHash } from "node:crypto";
import type { Chip8Engine, Chip8EngineFactory } from "../../../cpu/chip8/engine.js";
import type { EngineName } from "../../../cpu/engine.js";
import { firstStateDifference } from "../../../cpu/chip8/state-diff.js";
import { loadFonts } from "../../../cpu/chip8/font.js";
import { Chip8Interpreter } from "../../../cpu/chip8/interpreter.js";
import { memorySizeFor, type Chip8Settings } from "../../../cpu/chip8/quirks.js";
import { CHIP8_STATE_SIZE, Chip8State, HaltReason, SCREEN_HEIGHT, SCREEN_WIDTH } from "../../../cpu/chip8/state.js";
import type { InputEvent, VideoFrame } from "../../frontend/types.js";
import { unwrapState, wrapState, type Machine, type MachineCounters, type MachineJit, type MachineStop, type MachineSummary } from "../machine.js";
import { decodeChip8 } from "../../../cpu/chip8/decode.js";
import { VARIANTS_ENABLED } from "../../../cpu/chip8/table.js";
import { DEFAULT_AUDIO_PATTERN_BYTE, DEFAULT_PITCH, PatternSynth } from "./audio.js";
import type { Rotation } from "./options.js";
import { keypadKeyForHostKey, keypadKeyForPadButton } from "./keypad.js";

export const PROGRAM_START = 0x200;

/** A ROM the machine cannot load (empty, too big). */
export class RomError extends Error {}

/** The guest stopped on an error (unknown opcode, stack overflow/underflow). */
export class Chip8Fault extends Error {}

const HALT_NAMES: Readonly<Record<HaltReason, string>> = {
  [HaltReason.Running]: "running",
  [HaltReason.KeyWait]: "key-wait",
  [HaltReason.DisplayWait]: "display-wait",
  [HaltReason.Exit]: "exit",
  [HaltReason.UnknownOpcode]: "unknown-opcode",
  [HaltReason.StackOverflow]: "stack-overflow",
  [HaltReason.StackUnderflow]: "stack-underflow",
};

/** Machine state for tests and `run --json`. */
export interface Chip8Snapshot {
  readonly frame: number;
  readonly instructions: number;
  readonly pc: number;
  readonly i: number;
  readonly v: number[];
  readonly sp: number;
  readonly stack: number[];
  readonly dt: number;
  readonly st: number;
  readonly hires: boolean;
  readonly planes: number;
  readonly pitch: number;
  readonly halt: string;
  readonly framebufferSha256: string;
}

export interface Chip8MachineOptions {
  readonly settings: Chip8Settings;
  /** Shown in the window title. */
  readonly title?: string;
  /** Builds the CPU engine; the interpreter by default. */
  readonly engine?: Chip8EngineFactory;
  /** Where the state lives (e.g. native memory shared with the recompiler). */
  readonly buffer?: ArrayBuffer;
  /** Freed by dispose(), after the engine: the native memory behind `buffer`, when the machine owns it. */
  readonly owned?: { dispose(): void };
  /** The recompiler's view for `blocks` and `bench`, when the engine is the JIT. */
  readonly jit?: (machine: Chip8Machine) => MachineJit;
  /** Turn the picture by this many degrees (Octo's screenRotation). */
  readonly rotation?: Rotation;
  /** Game actions (up, down, left, right, a, b) -> CHIP-8 key, for the arrows and the pad (the database's key hints). */
  readonly keyHints?: Readonly<Record<string, number>>;
  /** How the settings were chosen, for the summary. */
  readonly settingsNote?: string;
}

const VARIANT_NAMES: Readonly<Record<string, string>> = { schip: "SUPER-CHIP", xochip: "XO-CHIP" };
const PROFILE_FOR_VARIANT: Readonly<Record<string, string>> = { schip: "schip", xochip: "xochip" };
const HINT_OF_HOST_KEY: Readonly<Record<string, string>> = { up: "up", down: "down", left: "left", right: "right" };
const HINT_OF_PAD: Readonly<Record<string, string>> = { dpup: "up", dpdown: "down", dpleft: "left", dpright: "right", a: "a", b: "b" };

/** The guest's keys by name for scripted input: "0".."f". */
const KEY_NAMES: readonly string[] = Array.from({ length: 16 }, (_, k) => k.toString(16));

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, "0");

export class Chip8Machine implements Machine {
  readonly kind = "chip8";
  readonly frameRate = 60;
  readonly guestKeys = KEY_NAMES;
  readonly jit: MachineJit | undefined;
  readonly title: string;
  readonly state: Chip8State;
  readonly settings: Chip8Settings;
  /** The CPU engine (interpreter or recompiler) over `state`. */
  readonly cpu: Chip8Engine;
  /** Frames run since the last reset. */
  frame = 0;
  /** Instructions executed since the last reset. */
  instructions = 0;
  private readonly rom: Uint8Array;
  private readonly frameView: VideoFrame;
  private readonly synth = new PatternSynth();
  private soundOn = false;
  private readonly owned: { dispose(): void } | undefined;
  /** SHA-256 of the ROM, in save states. */
  readonly romSha256: string;
  private readonly rotation: Rotation;
  private readonly rotated: VideoFrame | undefined;
  private readonly keyHints: Readonly<Record<string, number>>;
  private readonly settingsNote: string | undefined;

  constructor(rom: Uint8Array, options: Chip8MachineOptions) {
    const settings = options.settings;
    const room = Math.min(settings.maxSize, memorySizeFor(settings.instructionSet) - PROGRAM_START);
    if (rom.length === 0) throw new RomError("ROM is empty");
    if (rom.length > room) {
      throw new RomError(`ROM is ${rom.length} bytes; the ${settings.profile} profile holds at most ${room}`);
    }
    this.rom = rom;
    this.romSha256 = createHash("sha256").update(rom).digest("hex");
    this.settings = settings;
    this.title = options.title ?? "CHIP-8";
    this.state = new Chip8State(options.buffer);
    this.cpu = (options.engine ?? ((s, q) => new Chip8Interpreter(s, q)))(this.state, settings);
    this.owned = options.owned;
    this.rotation = options.rotation ?? 0;
    this.keyHints = options.keyHints ?? {};
    this.settingsNote = options.settingsNote;
    const sideways = this.rotation === 90 || this.rotation === 270;
    this.rotated = this.rotation === 0 ? undefined : {
      width: sideways ? SCREEN_HEIGHT : SCREEN_WIDTH, height: sideways ? SCREEN_WIDTH : SCREEN_HEIGHT,
      pixels: new Uint32Array(SCREEN_WIDTH * SCREEN_HEIGHT),
    };
    this.jit = options.jit?.(this);
    this.frameView = { width: SCREEN_WIDTH, height: SCREEN_HEIGHT, pixels: new Uint32Array(SCREEN_WIDTH * SCREEN_HEIGHT) };
    this.reset();
  }

  reset(): void {
    const s = this.state;
    s.bytes.fill(0);
    loadFonts(s.memory, this.settings.fontStyle);
    s.memory.set(this.rom, PROGRAM_START);
    s.pc = PROGRAM_START;
    s.planes = 1;
    s.pitch = DEFAULT_PITCH;
    s.audioPattern.fill(DEFAULT_AUDIO_PATTERN_BYTE);
    s.random = 0x2545f491;
    this.cpu.invalidate(0, s.memory.length);
    this.frame = 0;
    this.instructions = 0;
    this.soundOn = false;
    this.synth.reset();
  }

  /** The name of the engine that runs the CPU. */
  get engine(): EngineName {
    return this.cpu.name;
  }

  /** Run one 60 Hz frame; nothing once the guest has stopped (a fault or 00FD). */
  runFrame(): void {
    const s = this.state;
    if (this.stopped !== undefined) return;
    if (s.halt === HaltReason.DisplayWait) s.halt = HaltReason.Running;
    this.instructions += this.cpu.run(this.settings.tickrate);
    this.soundOn = s.st > 0;
    if (s.dt > 0) s.dt = s.dt - 1;
    if (s.st > 0) s.st = s.st - 1;
    this.frame++;
  }

  /** The fault message, or undefined while the guest is healthy. */
  faultMessage(): string | undefined {
    const s = this.state;
    const halt = s.halt;
    if (halt !== HaltReason.UnknownOpcode && halt !== HaltReason.StackOverflow && halt !== HaltReason.StackUnderflow) return undefined;
    const at = `at 0x${s.faultPc.toString(16).padStart(4, "0")}`;
    const opcode = `0x${s.faultOpcode.toString(16).padStart(4, "0")}`;
    switch (halt) {
      case HaltReason.UnknownOpcode: {
        // an instruction of a larger set than the profile's: say which profile has it
        const ins = decodeChip8(s.faultOpcode, "xochip");
        const lacking = ins !== undefined && !VARIANTS_ENABLED[this.settings.instructionSet].includes(ins.variant);
        return `unknown opcode ${opcode} ${at}` + (lacking
          ? ` (a ${VARIANT_NAMES[ins.variant]} instruction, which profile ${this.settings.profile} lacks: try --profile ${PROFILE_FOR_VARIANT[ins.variant]})`
          : "");
      }
      case HaltReason.StackOverflow:
        return `stack overflow ${at}: call ${opcode} with ${this.settings.quirks.stackDepth} return addresses on the stack`;
      case HaltReason.StackUnderflow: return `stack underflow ${at}: return with an empty stack`;
      default: return undefined;
    }
  }

  /** Like runFrame, but a fault is thrown as a Chip8Fault (for tests and scripts that want exceptions). */
  runFrameOrThrow(): void {
    this.runFrame();
    const message = this.faultMessage();
    if (message !== undefined) throw new Chip8Fault(message);
  }

  runFrames(count: number): number {
    let ran = 0;
    while (ran < count && this.stopped === undefined) {
      this.runFrame();
      ran++;
    }
    return ran;
  }

  get stopped(): MachineStop | undefined {
    const fault = this.faultMessage();
    if (fault !== undefined) return { reason: fault, fault: true };
    return this.exited ? { reason: "exit (00fd)", fault: false } : undefined;
  }

  /** True after 00FD (SUPER-CHIP exit). */
  get exited(): boolean {
    return this.state.halt === HaltReason.Exit;
  }

  video(): VideoFrame {
    const fb = this.state.framebuffer;
    const out = this.frameView.pixels;
    const palette = this.settings.palette;
    for (let p = 0; p < out.length; p++) out[p] = palette[fb[p]! & 3]!;
    return this.rotated === undefined ? this.frameView : this.rotate(this.rotated);
  }

  /** The picture turned clockwise by `rotation` degrees into `to`. */
  private rotate(to: VideoFrame): VideoFrame {
    const from = this.frameView.pixels;
    const dst = to.pixels;
    const w = SCREEN_WIDTH;
    const h = SCREEN_HEIGHT;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const c = from[y * w + x]!;
        if (this.rotation === 90) dst[x * h + (h - 1 - y)] = c;
        else if (this.rotation === 180) dst[(h - 1 - y) * w + (w - 1 - x)] = c;
        else dst[(w - 1 - x) * h + y] = c;
      }
    }
    return to;
  }

  audio(rate: number, out: Int16Array): void {
    this.synth.render(out, rate, this.soundOn, this.state.audioPattern, this.state.pitch);
  }

  /** True when the sound timer was running during the last frame. */
  get soundPlaying(): boolean {
    return this.soundOn;
  }

  input(ev: InputEvent): boolean {
    if (ev.type === "quit") return false;
    const hint = ev.type === "key" ? HINT_OF_HOST_KEY[ev.key] : HINT_OF_PAD[ev.button];
    const hinted = hint === undefined ? undefined : this.keyHints[hint];
    const key = hinted ?? (ev.type === "key" ? keypadKeyForHostKey(ev.key) : keypadKeyForPadButton(ev.button));
    if (key < 0) return false;
    if (ev.down) this.pressKey(key);
    else this.releaseKey(key);
    return true;
  }

  /** Press hex key 0..F (FX0A remembers presses made while it waits). */
  pressKey(key: number): void {
    const s = this.state;
    s.keys[key & 0xf] = 1;
    if (s.halt === HaltReason.KeyWait) s.waitPressed = s.waitPressed | (1 << (key & 0xf));
  }

  /** Release hex key 0..F; a key pressed and released during FX0A ends the wait. */
  releaseKey(key: number): void {
    const s = this.state;
    const k = key & 0xf;
    s.keys[k] = 0;
    if (s.halt === HaltReason.KeyWait && (s.waitPressed & (1 << k)) !== 0) {
      s.v[s.waitRegister] = k;
      s.waitPressed = 0;
      s.halt = HaltReason.Running;
    }
  }

  setGuestKey(name: string, down: boolean): void {
    const key = KEY_NAMES.indexOf(name.toLowerCase());
    if (key < 0) throw new RangeError(`no CHIP-8 key '${name}' (keys are 0-9 and a-f)`);
    if (down) this.pressKey(key);
    else this.releaseKey(key);
  }

  readonly addressMask = 0xffff;

  peek(address: number): number {
    return this.state.memory[address & 0xffff]!;
  }

  /** Write a byte of guest memory from outside the CPU. */
  poke(address: number, value: number): void {
    const a = address & 0xffff;
    this.state.memory[a] = value;
    this.cpu.invalidate(a, a + 1);
  }

  counters(): MachineCounters {
    return { instructions: this.instructions, interpreted: this.jit?.interpretedInstructions ?? 0 };
  }

  /** The state block, then the frame and instruction counters and the buzzer (doubles, little-endian). */
  saveState(): Uint8Array {
    const s = this.state.bytes;
    const body = new Uint8Array(s.length + 17);
    body.set(s, 0);
    const tail = new DataView(body.buffer, s.length);
    tail.setFloat64(0, this.frame, true);
    tail.setFloat64(8, this.instructions, true);
    body[s.length + 16] = this.soundOn ? 1 : 0;
    return wrapState(this.kind, body, { romSha256: this.romSha256, engine: this.engine });
  }

  /** A copy of the state block inside a saveState() blob. */
  static stateBlockOf(state: Uint8Array): Uint8Array {
    return unwrapState("chip8", state).slice(0, CHIP8_STATE_SIZE);
  }

  loadState(state: Uint8Array): void {
    const body = unwrapState(this.kind, state, this.romSha256);
    const s = this.state.bytes;
    if (body.length !== s.length + 17) throw new RangeError(`a CHIP-8 state is ${s.length + 17} bytes, not ${body.length}`);
    s.set(body.subarray(0, s.length));
    const tail = new DataView(body.buffer, body.byteOffset + s.length, 17);
    this.frame = tail.getFloat64(0, true);
    this.instructions = tail.getFloat64(8, true);
    this.soundOn = body[s.length + 16] === 1;
    this.cpu.invalidate(0, this.state.memory.length);
  }

  differenceFrom(other: Machine): string | undefined {
    if (!(other instanceof Chip8Machine)) return `machine: ${this.kind} vs ${other.kind}`;
    return firstStateDifference(this.state.bytes, other.state.bytes)
      ?? (this.instructions !== other.instructions ? `instructions: ${this.instructions} vs ${other.instructions}` : undefined);
  }

  summary(): MachineSummary {
    const snap = this.snapshot();
    const q = this.settings;
    return {
      text: [
        `${snap.frame} frames, ${snap.instructions} instructions, profile ${q.profile}, ${snap.halt}`,
        ...(this.settingsNote === undefined ? [] : [`settings: ${this.settingsNote}`]),
        `pc ${hex(snap.pc, 4)}  i ${hex(snap.i, 4)}  sp ${snap.sp}  dt ${snap.dt}  st ${snap.st}  ${snap.hires ? "hires" : "lores"}`,
        `v0-vf ${snap.v.map((b) => hex(b, 2)).join(" ")}`,
        `display sha256 ${snap.framebufferSha256}`,
      ],
      json: { profile: q.profile, tickrate: q.tickrate, engine: this.engine, ...(this.settingsNote === undefined ? {} : { settings: this.settingsNote }), ...snap },
    };
  }

  dispose(): void {
    this.cpu.dispose?.();
    this.owned?.dispose();
  }

  framebufferHash(): string {
    return createHash("sha256").update(this.state.framebuffer).digest("hex");
  }

  snapshot(): Chip8Snapshot {
    const s = this.state;
    return {
      frame: this.frame,
      instructions: this.instructions,
      pc: s.pc,
      i: s.i,
      v: Array.from(s.v),
      sp: s.sp,
      stack: Array.from(s.stack.subarray(0, s.sp)),
      dt: s.dt,
      st: s.st,
      hires: s.hires,
      planes: s.planes,
      pitch: s.pitch,
      halt: HALT_NAMES[s.halt] ?? "unknown",
      framebufferSha256: this.framebufferHash(),
    };
  }
}
