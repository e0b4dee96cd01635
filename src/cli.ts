#!/usr/bin/env node
/** The `ejemu` executable: see src/commands/index.ts for the commands. */
import { runCli } from "./commands/index.js";

process.exitCode = await runCli(process.argv.slice(2));
