#!/usr/bin/env node
/** The `ejemu` executable: see src/commands/index.ts for the commands. */
import { runCli } from "./commands/index.js";

// `ejemu disasm game.ch8 | head`: a closed pipe ends the program quietly, not with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
