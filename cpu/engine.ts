/**
 * The two ways every guest CPU runs: the reference interpreter and the
 * recompiler. One name type for every machine, command and test.
 */
export type EngineName = "interp" | "jit";

export const ENGINE_NAMES: readonly EngineName[] = ["interp", "jit"];

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}
