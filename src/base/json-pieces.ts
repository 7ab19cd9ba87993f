import { closeSync, openSync, writeSync } from 'node:fs';

// A deploy of 100,000 files writes JSON of tens of MB (its record, the result file). Made with
// one JSON.stringify, such a text, the buffers it grows through and its copy in bytes came to
// 40-75 MB above the rest of the deploy: the peak RSS of a 100,000-file deploy. Here the same text
// is made in pieces, one item of the long lists at a time.

/** How the text is laid out, and how finely it is cut. */
export interface JsonOptions {
  /** As JSON.stringify's third argument: 0 for compact text, 2 for two spaces. */
  readonly space: number;
  /** Containers this deep are taken apart; deeper values are one piece each. */
  readonly depth: number;
}

/**
 * The text of `JSON.stringify(value, null, space)`, in pieces. `value` is plain data (no
 * toJSON, functions or symbols), for which the text of a part is the same wherever it sits.
 */
export function* jsonPieces(value: unknown, options: JsonOptions, indent = ''): Generator<string> {
  if (isLeaf(value, options)) {
    yield leafText(value, options, indent);
    return;
  }
  const inner = options.space > 0 ? `${indent}${' '.repeat(options.space)}` : '';
  const open = options.space > 0 ? `\n${inner}` : '';
  const close = options.space > 0 ? `\n${indent}` : '';
  const deeper = { ...options, depth: options.depth - 1 };
  if (Array.isArray(value)) {
    // Item by item, with no array of entries beside a list of 100,000.
    for (let index = 0; index < value.length; index++) {
      const item = value[index] ?? null;
      yield index === 0 ? `[${open}` : `,${open}`;
      if (isLeaf(item, deeper)) yield leafText(item, deeper, inner);
      else yield* jsonPieces(item, deeper, inner);
    }
    yield value.length === 0 ? '[]' : `${close}]`;
    return;
  }
  const fields = value as Record<string, unknown>;
  let separator = `{${open}`;
  for (const key of Object.keys(fields)) {
    if (fields[key] === undefined) continue;
    yield `${separator}${JSON.stringify(key)}:${options.space > 0 ? ' ' : ''}`;
    yield* jsonPieces(fields[key], deeper, inner);
    separator = `,${open}`;
  }
  yield separator === `{${open}` ? '{}' : `${close}}`;
}

function isLeaf(value: unknown, options: JsonOptions): boolean {
  return options.depth <= 0 || value === null || typeof value !== 'object';
}

function leafText(value: unknown, options: JsonOptions, indent: string): string {
  const text = JSON.stringify(value, null, options.space) ?? 'null';
  // A JSON text has no newline inside a string: each one is a line break to indent.
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** The UTF-8 bytes of the pieces, in one buffer of exactly their size (they are made twice). */
export function jsonBytes(value: unknown, options: JsonOptions, end = '\n'): Buffer {
  let total = Buffer.byteLength(end);
  for (const piece of jsonPieces(value, options)) total += Buffer.byteLength(piece);
  const bytes = Buffer.allocUnsafe(total);
  let written = 0;
  for (const batch of batches(jsonPieces(value, options), end)) {
    written += bytes.write(batch, written);
  }
  if (written !== total) throw new Error(`JSON of ${total} bytes: ${written} written`);
  return bytes;
}

/** Writes the pieces to a new file at `path`, a batch at a time. */
export function writeJsonFile(
  path: string,
  value: unknown,
  options: JsonOptions,
  end = '\n',
): void {
  const file = openSync(path, 'w');
  try {
    for (const batch of batches(jsonPieces(value, options), end)) writeSync(file, batch);
  } finally {
    closeSync(file);
  }
}

/** The pieces joined into strings of about 64 K characters, then `end`. */
function* batches(pieces: Iterable<string>, end: string): Generator<string> {
  let text = '';
  for (const piece of pieces) {
    text += piece;
    if (text.length < 65_536) continue;
    yield text;
    text = '';
  }
  yield text + end;
}
