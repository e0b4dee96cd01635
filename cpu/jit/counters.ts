/** What the recompiler runtime has done since it was created (for `bench`, `blocks` and tests). */
export interface JitCounters {
  blocksCompiled: number;
  /** Guest instructions translated (on the main path of every block compiled). */
  guestInstructionsCompiled: number;
  irInstructions: number;
  hostBytes: number;
  /** Milliseconds spent compiling blocks: guest -> IR, IR -> host code (Ejit), installing and linking. */
  compileMs: number;
  /** The guest -> IR part of compileMs (only with JitRuntimeOptions.timePhases). */
  translateMs: number;
  /** The IR -> machine code part of compileMs (Ejit's assembler; only with timePhases); the rest is installing and linking. */
  assembleMs: number;
  /** Direct jumps patched to point at a compiled block. */
  links: number;
  /** Blocks dropped because guest code under them changed. */
  invalidations: number;
  /** Times the code cache filled up and was emptied. */
  flushes: number;
  /** Calls from JS into native code. */
  nativeEntries: number;
  /** Returns to JS, by ExitReason. */
  exits: number[];
}

export function newJitCounters(): JitCounters {
  return {
    blocksCompiled: 0, guestInstructionsCompiled: 0, irInstructions: 0, hostBytes: 0, compileMs: 0, translateMs: 0, assembleMs: 0,
    links: 0, invalidations: 0, flushes: 0, nativeEntries: 0, exits: [0, 0, 0, 0, 0],
  };
}
