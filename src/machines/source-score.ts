/**
 * Telling which assembler a source file is for when nothing else says so
 * (`ejemu asm -` from a pipe): the number of lines whose first word,
 * after an optional `label:`, is one of the assembler's mnemonics or
 * directives.
 */
export function countKnownLines(source: string, words: ReadonlySet<string>): number {
  let count = 0;
  for (const raw of source.split("\n")) {
    const line = raw.replace(/;.*$/, "").trim().replace(/^[A-Za-z_.][\w.]*:\s*/, "");
    const first = /^[.A-Za-z][\w.]*/.exec(line)?.[0];
    if (first !== undefined && words.has(first.toLowerCase())) count++;
  }
  return count;
}
