import { describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize } from '../../src/inputs/size.js';

describe('parseByteSize', () => {
  it.each([
    ['67108864', 67_108_864],
    ['0', 0],
    ['64MiB', 64 * 1024 ** 2],
    ['64mib', 64 * 1024 ** 2],
    ['64 MiB', 64 * 1024 ** 2],
    ['  64MiB  ', 64 * 1024 ** 2],
    ['64M', 64 * 1024 ** 2],
    ['64MB', 64_000_000],
    ['1g', 1024 ** 3],
    ['1GB', 1_000_000_000],
    ['5GiB', 5 * 1024 ** 3],
    ['512k', 512 * 1024],
    ['512KB', 512_000],
    ['1.5MiB', 1.5 * 1024 ** 2],
    ['10b', 10],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each([
    '',
    'MiB',
    '-1',
    '-5MiB',
    '1e9',
    '64 parsecs',
    '64TiB',
    '1,000',
    '.5M',
    '99999999999999999999',
  ])('rejects %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024, '10 KiB'],
    [64 * 1024 ** 2, '64 MiB'],
    [5.25 * 1024 ** 3, '5.3 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [2048 * 1024 ** 4, '2048 TiB'],
  ])('writes %d bytes as %j', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
