/**
 * The CHIP-8 engine benchmark over the project's benchmark ROMs and the
 * bundled game: `node dist/bench/chip8.js [--repeat N] [--json]`. Each line
 * is one `ejemu bench` table (see src/commands/bench.ts).
 */
import { parseArgs } from "node:util";
import { benchCommand } from "../src/commands/bench.js";

const RUNS: readonly (readonly string[])[] = [
  ["roms/bench/loop.ch8", "--tickrate", "unlimited"],
  ["roms/bench/sieve.ch8", "--tickrate", "unlimited"],
  ["roms/bench/sprites.sc8", "--tickrate", "unlimited", "--frames", "5"],
  // the bundled game: start it, then steer now and then until the snake hits a wall (about 12 s of play)
  ["roms/chip8/snake.ch8", "--tickrate", "1000", "--frames", "720", "--keys", "2:5+,4:5-,200:9+,210:9-,400:8+,410:8-"],
];

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { repeat: { type: "string", default: "3" }, json: { type: "boolean", default: false } } });
  for (const run of RUNS) {
    const code = await benchCommand([...run, "--repeat", values.repeat, ...(values.json ? ["--json"] : [])]);
    if (code !== 0) return code;
  }
  return 0;
}

process.exitCode = await main();
