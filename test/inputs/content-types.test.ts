// The action looks Content-Types up in a table generated from mime-types
// (scripts/content-types.mjs) instead of loading mime-types at start-up. This holds the table to
// the installed mime-types, extension by extension: after an upgrade, `npm run content-types`.
import mime from 'mime-types';
import { expect, test } from 'vitest';
import { contentTypeFor, DEFAULT_CONTENT_TYPE } from '../../src/inputs/content-type.js';
import { CONTENT_TYPES } from '../../src/inputs/content-types.js';

const extensions = Object.keys(mime.types);

test('every extension mime-types knows gets the Content-Type mime-types gives it', () => {
  expect(extensions.length).toBeGreaterThan(1000);
  const differences = extensions
    .map((extension) => {
      const type = mime.lookup(extension);
      const expected = type ? mime.contentType(type) || type : DEFAULT_CONTENT_TYPE;
      return [extension, contentTypeFor(`dir/file.${extension}`), expected];
    })
    .filter(([, got, expected]) => got !== expected);
  expect(differences, 'run `npm run content-types` after upgrading mime-types').toEqual([]);
});

test('the table has those extensions and no others, each once', () => {
  const inTable = CONTENT_TYPES.flatMap((entry) => (entry.split('|')[1] ?? '').split(' '));
  expect(inTable.sort()).toEqual([...extensions].sort());
});

test('extensions are matched in any case; unknown ones are application/octet-stream', () => {
  expect(contentTypeFor('A/B.WOFF2')).toBe(mime.contentType('font/woff2'));
  expect(contentTypeFor('a/b.Svg')).toBe('image/svg+xml');
  expect(contentTypeFor('a/b.not-a-known-extension')).toBe(DEFAULT_CONTENT_TYPE);
});
