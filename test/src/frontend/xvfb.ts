/** Start a private Xvfb server for SDL tests, on the first free display number from 90. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

export interface XServer {
  readonly display: string;
  stop(): void;
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

export async function startXvfb(width = 1024, height = 768): Promise<XServer> {
  for (let n = 90; n < 140; n++) {
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const child: ChildProcess = spawn("Xvfb", [`:${n}`, "-screen", "0", `${width}x${height}x24`, "-nolisten", "tcp"], {
      stdio: "ignore",
    });
    let exited = false;
    child.on("exit", () => {
      exited = true;
    });
    const up = await waitFor(() => exited || existsSync(`/tmp/.X11-unix/X${n}`), 5000);
    if (up && !exited) {
      return {
        display: `:${n}`,
        stop: () => {
          if (!exited) child.kill("SIGTERM");
        },
      };
    }
    if (!exited) child.kill("SIGTERM");
  }
  throw new Error("could not start Xvfb on displays :90..:139");
}
