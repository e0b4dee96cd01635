/**
 * Lays out a whole recompiled guest for AArch64 in one image that
 * image-harness.c maps at fixed addresses and runs under qemu-aarch64:
 *
 *   CODE_ADDRESS    runtime stubs (entry, lookup, exit: runtime-stubs.ts),
 *                   then the guest's helper routines, then every block,
 *                   each at 16-byte alignment; link slots patched to their
 *                   target block with `B imm26` (direct-jump.ts)
 *   MEMORY_ADDRESS  a copy of the guest's JIT memory (memory-layout.ts):
 *                   the guest state, the header with the budget, the
 *                   dispatch table filled with the blocks' addresses here
 *
 * The blocks are translated again for the AArch64 host plan from the PCs
 * of a native x86-64 run (as cross-translate.ts does, but with the real
 * addresses of this image instead of placeholders), so the AArch64 run
 * needs no compile in the middle.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assemble, directJumpFor, type Ins } from "../../../../ejit/index.js";
import { BlockEmitter, type StubAddresses } from "../../../../cpu/jit/block-emitter.js";
import { hostPlanFor, type HostPlan } from "../../../../cpu/jit/host-plan.js";
import { HeaderField, type JitMemoryLayout } from "../../../../cpu/jit/memory-layout.js";
import type { GuestTranslator } from "../../../../cpu/jit/runtime.js";
import {
  runtimeStubsIr, STUB_LABEL_ENTRY, STUB_LABEL_EXIT, STUB_LABEL_LOOKUP, type GuestStateAccess,
} from "../../../../cpu/jit/runtime-stubs.js";

/** Where the harness maps the code (256 GiB: clear of qemu's and the harness's own mappings). */
export const CODE_ADDRESS = 0x40_0000_0000;
/** Where it maps the JIT memory. */
export const MEMORY_ADDRESS = 0x50_0000_0000;
const ALIGN = 16;

export interface GuestImageSpec {
  readonly layout: JitMemoryLayout;
  /** The guest's register map for a plan (the stubs load and store the registers it maps). */
  readonly guest: (plan: HostPlan) => GuestStateAccess;
  /** IR of the guest's helper routines for a plan (placed after the stubs, in order). */
  readonly helpers: (plan: HostPlan) => readonly (readonly Ins[])[];
  /** The guest's translator for the AArch64 plan, calling the helpers at these addresses. */
  readonly translator: (plan: HostPlan, helperAddresses: readonly number[]) => GuestTranslator;
  /** Guest PCs to compile (those of the native run). */
  readonly pcs: readonly number[];
  /** The JIT memory to start from (layout.size bytes; its dispatch table is rewritten). */
  readonly memory: Uint8Array;
  readonly budget: number;
}

export interface GuestImage {
  readonly code: Uint8Array;
  readonly entry: number;
  readonly memory: Uint8Array;
  readonly layout: JitMemoryLayout;
  /** AArch64 address of each block, by guest PC. */
  readonly blocks: ReadonlyMap<number, number>;
  /** Link slots patched to a direct branch. */
  readonly linkedSlots: number;
}

function assembled(ir: Iterable<Ins>, what: string): { bytes: Uint8Array; labels: ArrayLike<number> } {
  const out = assemble(ir, "aarch64");
  if (!out.ok) throw new Error(`${what} does not assemble for aarch64: ${out.error.message} at ${out.error.index}`);
  return { bytes: out.bytes.slice(), labels: out.labels.slice() };
}

const alignUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

export function buildGuestImage(spec: GuestImageSpec): GuestImage {
  const plan = hostPlanFor("aarch64");
  const { layout } = spec;
  const pieces: { at: number; bytes: Uint8Array }[] = [];
  let next = CODE_ADDRESS;
  const place = (bytes: Uint8Array): number => {
    const at = next;
    pieces.push({ at, bytes });
    next = at + alignUp(Math.max(bytes.length, 1));
    return at;
  };
  const stubs = assembled(runtimeStubsIr(plan, layout, MEMORY_ADDRESS, spec.guest(plan)), "the runtime stubs");
  const stubAt = place(stubs.bytes);
  const stubAddresses: StubAddresses = {
    lookup: stubAt + stubs.labels[STUB_LABEL_LOOKUP]!,
    exit: stubAt + stubs.labels[STUB_LABEL_EXIT]!,
  };
  const helperAddresses = spec.helpers(plan).map((ir, k) => place(assembled(ir, `helper ${k}`).bytes));
  const translator = spec.translator(plan, helperAddresses);
  const emitter = new BlockEmitter(plan, layout, stubAddresses);
  const blocks = new Map<number, number>();
  const slots: { from: number; target: number }[] = [];
  for (const pc of spec.pcs) {
    emitter.begin(pc, -1);
    translator.translate(pc, emitter);
    const block = assembled(emitter.ir, `block 0x${pc.toString(16)}`);
    const at = place(block.bytes);
    blocks.set(pc, at);
    emitter.slotLabels.forEach((label, s) => slots.push({ from: at + block.labels[label]!, target: emitter.slotTargets[s]! }));
  }
  const code = new Uint8Array(next - CODE_ADDRESS);
  for (const p of pieces) code.set(p.bytes, p.at - CODE_ADDRESS);
  const jump = directJumpFor("aarch64");
  const patch = new Uint8Array(jump.size);
  let linkedSlots = 0;
  for (const slot of slots) {
    const to = blocks.get(slot.target);
    if (to === undefined) continue;
    if (!jump.encode(slot.from, to, patch)) throw new Error(`link slot at 0x${slot.from.toString(16)} cannot reach its block`);
    code.set(patch, slot.from - CODE_ADDRESS);
    linkedSlots++;
  }
  const memory = spec.memory.slice();
  const view = new DataView(memory.buffer);
  memory.fill(0, layout.dispatch, layout.dispatch + layout.addressSpace * 8);
  for (const [pc, at] of blocks) view.setBigUint64(layout.dispatch + pc * 8, BigInt(at), true);
  view.setBigInt64(layout.header + HeaderField.Budget, BigInt(spec.budget), true);
  view.setUint32(layout.header + HeaderField.Reason, 0, true);
  return { code, entry: stubAt + stubs.labels[STUB_LABEL_ENTRY]!, memory, layout, blocks, linkedSlots };
}

const HERE = dirname(fileURLToPath(import.meta.url));
let harness: string | undefined;
let scratch: string | undefined;

function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), "ejemu-a64-image-"));
  return scratch;
}

/** Compile image-harness.c (static, so qemu-aarch64 needs no sysroot), once per process. */
function buildHarness(): string {
  if (harness !== undefined) return harness;
  const out = join(scratchDir(), "image-harness");
  const r = spawnSync("aarch64-linux-gnu-gcc", ["-static", "-O1", "-Wall", "-o", out, join(HERE, "image-harness.c")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`aarch64-linux-gnu-gcc failed: ${r.stderr}`);
  harness = out;
  return out;
}

export interface ImageRun {
  /** What the entry stub returned (the ExitReason). */
  readonly returned: number;
  /** The JIT memory as the AArch64 code left it. */
  readonly memory: Uint8Array;
}

let runs = 0;
/** Run the image under qemu-aarch64; throws with qemu's message when it crashes or fails. */
export function runGuestImage(image: GuestImage): ImageRun {
  const dir = scratchDir();
  const input = join(dir, `image${runs}.bin`);
  const output = join(dir, `out${runs++}.bin`);
  const codePadded = Math.ceil(image.code.length / 8) * 8;
  const file = new Uint8Array(40 + codePadded + image.memory.length);
  const view = new DataView(file.buffer);
  file.set([0x45, 0x4a, 0x49, 0x31]); // "EJI1"
  view.setUint32(4, image.code.length, true);
  view.setBigUint64(8, BigInt(CODE_ADDRESS), true);
  view.setBigUint64(16, BigInt(image.entry), true);
  view.setBigUint64(24, BigInt(MEMORY_ADDRESS), true);
  view.setUint32(32, image.memory.length, true);
  file.set(image.code, 40);
  file.set(image.memory, 40 + codePadded);
  writeFileSync(input, file);
  const r = spawnSync("qemu-aarch64", [buildHarness(), input, output], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`qemu-aarch64 image-harness failed (status ${r.status}, signal ${r.signal}): ${r.stderr}`);
  const out = readFileSync(output);
  const returned = Number(out.readBigUInt64LE(0));
  return { returned, memory: Uint8Array.from(out.subarray(8)) };
}
