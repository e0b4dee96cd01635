/**
 * Which machine a file is for: `--machine` when given, else a machine that
 * claims the bytes (a header or magic number), else the extension, from the
 * registry. Formats ejemu knows of but has no machine for get a clear word.
 */
import { extname } from "node:path";
import type { MachineDefinition } from "./definition.js";
import { MACHINE_KINDS, MACHINES, machineByKind } from "./registry.js";

/** A file whose machine cannot be told, or a machine that does not exist. */
export class DetectError extends Error {}

/** True when `bytes` start with the iNES magic "NES\x1A". */
export function hasInesHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 16 && bytes[0] === 0x4e && bytes[1] === 0x45 && bytes[2] === 0x53 && bytes[3] === 0x1a;
}

/** Formats recognised only to say that ejemu cannot run them yet (none now: the NES machine claims iNES files). */
const NOT_YET: readonly { readonly name: string; readonly test: (bytes: Uint8Array) => boolean; readonly extension: string }[] = [];

function machineList(): string {
  return MACHINE_KINDS.join(", ");
}

/** The machine named by --machine; anything else is a DetectError naming the ones there are. */
export function machineNamed(kind: string): MachineDefinition {
  const found = machineByKind(kind);
  if (found === undefined) throw new DetectError(`unknown machine '${kind}' (choose ${machineList()})`);
  return found;
}

/**
 * Decide the machine for `path`. `bytes` (when already read) lets a header
 * win over a misleading extension; `explicit` is --machine.
 */
export function detectMachine(path: string, bytes?: Uint8Array, explicit?: string): MachineDefinition {
  if (explicit !== undefined) return machineNamed(explicit);
  if (bytes !== undefined) {
    const claimed = MACHINES.find((m) => m.claims?.(bytes) === true);
    if (claimed !== undefined) return claimed;
  }
  const ext = extname(path).toLowerCase();
  const unsupported = NOT_YET.find((f) => (bytes !== undefined && f.test(bytes)) || ext === f.extension);
  if (unsupported !== undefined) throw new DetectError(`${path} is ${unsupported.name}: ejemu has no machine for it yet`);
  const byExtension = MACHINES.find((m) => m.extensions.includes(ext) || m.sourceExtensions.includes(ext));
  if (byExtension !== undefined) return byExtension;
  const known = MACHINES.flatMap((m) => [...m.extensions, ...m.sourceExtensions]).join(" ");
  throw new DetectError(`cannot tell the machine from '${path}': use a known extension (${known}) or --machine ${MACHINE_KINDS.join("|")}`);
}
