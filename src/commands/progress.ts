/**
 * Progress of long work on a terminal: one line on stderr, rewritten in
 * place, and erased at the end. Silent when stderr is not a terminal (a
 * pipe, a file, a test), so piped output stays the result alone.
 */
import { processIo, type CliIo } from "./common.js";

export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progressLine(io: CliIo, command: string): Progress {
  const tty = io === processIo && process.stderr.isTTY === true;
  if (!tty) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(text) {
      process.stderr.write(`\r\x1b[K${command}: ${text}...`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write("\r\x1b[K");
      shown = false;
    },
  };
}
