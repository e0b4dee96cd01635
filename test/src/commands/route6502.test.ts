import { afterEach, describe, expect, it, vi } from "vitest";
import { cli, file } from "./helpers.js";

/** The 6502 commands print to process.stdout themselves; capture it. */
function captureStdout(): string[] {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return written;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("routing to the bare 6502 commands", () => {
  it("sends run with --machine 6502 and the 6502's own flags there", async () => {
    const stdout = captureStdout();
    // LDA #$2A ; JMP * (a trap)
    const bin = file("trap.bin", Uint8Array.from([0xa9, 0x2a, 0x4c, 0x02, 0x04]));
    const r = await cli("run", bin, "--machine", "6502", "--load", "0x400", "--entry", "0x400", "--json");
    expect([r.code, r.out, r.err]).toEqual([0, [], []]);
    expect(JSON.parse(stdout.join(""))).toMatchObject({ a: 0x2a, pc: 0x402 });
  });

  it("sends disasm of a .bin file and asm of .s65 source there", async () => {
    const stdout = captureStdout();
    const bin = file("lda.bin", Uint8Array.from([0xa9, 0x2a]));
    const d = await cli("disasm", bin);
    expect([d.code, d.out]).toEqual([0, []]);
    expect(stdout.join("").toLowerCase()).toContain("lda #$2a");
    const src = file("lda.s65", "  .org $0400\n  lda #$2a\n");
    const a = await cli("asm", src, "-o", file("lda-out.bin", ""));
    expect([a.code, a.out]).toEqual([0, []]);
  });
});
