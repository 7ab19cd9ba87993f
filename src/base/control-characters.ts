/**
 * Control characters, shown as JSON escapes (`\n`, `\u001b`), so that a file name in a log line
 * or message can neither start a line of its own (the runner executes lines starting with `::`)
 * nor send terminal escape sequences. The object keeps its exact name.
 */
export function showControlCharacters(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}
