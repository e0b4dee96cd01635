/**
 * The CHIP-8 engine benchmark over the project's benchmark ROMs and the
 * bundled game: `node dist/bench/chip8.js [--repeat N] [--json]`. Each line
 * is one `ejemu bench` table (see src/commands/bench.ts).
 */
import { benchArgs } from "./args.js";
import { benchCommand } from "../src/commands/bench.js";

/** Press and release keypad 5, 9, 8, 7 in turn, one every 60 frames. */
function steering(): string {
  const keys = [5, 9, 8, 7];
  const events: string[] = [];
  for (let k = 0; k < 40; k++) events.push(`${2 + 60 * k}:${keys[k % 4]}+`, `${5 + 60 * k}:${keys[k % 4]}-`);
  return events.join(",");
}

const RUNS: readonly (readonly string[])[] = [
  ["roms/bench/loop.ch8", "--tickrate", "unlimited"],
  ["roms/bench/sieve.ch8", "--tickrate", "unlimited"],
  ["roms/bench/sprites.sc8", "--tickrate", "unlimited", "--frames", "5"],
  // the bundled game for 40 s of play: start it, then turn every second (up, right, down, left);
  // once as in a fresh process, once after V8 has optimised the recompiler's own code
  ["roms/chip8/snake.ch8", "--tickrate", "1000", "--frames", "2400", "--keys", steering()],
  ["roms/chip8/snake.ch8", "--tickrate", "1000", "--frames", "2400", "--keys", steering(), "--warmup", "15"],
];

async function main(): Promise<number> {
  const values = benchArgs("usage: node dist/bench/chip8.js [--repeat N] [--json]", {
    repeat: { type: "string", default: "3" }, json: { type: "boolean", default: false },
  });
  for (const run of RUNS) {
    const code = await benchCommand([...run, "--repeat", values.repeat, ...(values.json ? ["--json"] : [])]);
    if (code !== 0) return code;
  }
  return 0;
}

process.exitCode = await main();
