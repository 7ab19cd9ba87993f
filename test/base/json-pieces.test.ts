import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonBytes, jsonPieces, writeJsonFile } from '../../src/base/json-pieces.js';

/** A seeded value of every JSON shape: nested, empty, undefined fields, multi-byte strings. */
function randomValue(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const text = () =>
    ['', 'a', 'é"\\\n', '€/😀', `k${Math.floor(next() * 1000)}`][Math.floor(next() * 5)];
  const make = (level: number): unknown => {
    const pick = Math.floor(next() * (level > 3 ? 5 : 8));
    if (pick === 0) return null;
    if (pick === 1) return next() < 0.5;
    if (pick === 2) return Math.floor(next() * 1e6) / 100;
    if (pick === 3 || pick === 4) return text();
    const size = Math.floor(next() * 5);
    if (pick === 5) return Array.from({ length: size }, () => make(level + 1));
    const object: Record<string, unknown> = {};
    for (let i = 0; i < size; i++)
      object[`${text()}${i}`] = next() < 0.2 ? undefined : make(level + 1);
    return object;
  };
  return { top: make(0), list: Array.from({ length: 50 }, () => make(1)), empty: [], none: {} };
}

describe('JSON in pieces', () => {
  test('the pieces are the text of JSON.stringify, compact or indented, at every depth', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const value = randomValue(seed);
      for (const space of [0, 2]) {
        for (const depth of [0, 1, 2, 3, 6]) {
          const text = [...jsonPieces(value, { space, depth })].join('');
          expect(text).toBe(JSON.stringify(value, null, space));
        }
      }
    }
  });

  test('a long list comes one item per piece, and the bytes are its UTF-8', () => {
    const value = { keys: Array.from({ length: 30_000 }, (_, i) => `€/${i}/😀`) };
    const pieces = [...jsonPieces(value, { space: 0, depth: 2 })];
    expect(pieces.length).toBeGreaterThan(30_000);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(40);
    const bytes = jsonBytes(value, { space: 0, depth: 2 });
    expect(bytes.equals(Buffer.from(`${JSON.stringify(value)}\n`))).toBe(true);
  });

  test('a file written in batches holds the same text', () => {
    const value = randomValue(7);
    const path = join(mkdtempSync(join(tmpdir(), 'json-pieces-')), 'out.json');
    const big = { ...value, many: Array.from({ length: 20_000 }, (_, i) => `/é${i}`) };
    writeJsonFile(path, big, { space: 2, depth: 2 });
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(big, null, 2)}\n`);
  });
});
