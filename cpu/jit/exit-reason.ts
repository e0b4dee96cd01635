/** Why native code returned to JS (the value the exit stub returns and stores in the header). */
export const enum ExitReason {
  /** The next guest PC has no compiled block: compile it and enter again. */
  NoBlock = 1,
  /** The next block is longer than the budget left: finish the budget another way. */
  Budget = 2,
  /** The guest stopped (it set its own halt state). */
  Halt = 3,
  /**
   * The instruction at PC needs the interpreter (a rare instruction, a
   * fault, or a store that would hit compiled code): run it there, then
   * enter again.
   */
  Interpret = 4,
}

export const EXIT_REASON_NAMES: readonly string[] = ["none", "no-block", "budget", "halt", "interpret"];
