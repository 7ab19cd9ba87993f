import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../src/local/hash-pool.js';
import { md5OfFileSync } from '../../src/local/hashing.js';
import { seededRandom } from '../support/seeded-random.js';
import { asUnprivilegedUser } from '../support/unprivileged.js';

// Hashes from worker threads against the main thread's, on real files.
let dir: string;
let files: { path: string; size: number; md5: string }[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hash-pool-'));
  // Readable by the unprivileged user of the permission test (see test/support/unprivileged.ts).
  chmodSync(dir, 0o755);
  const random = seededRandom(5);
  // Empty, small, exactly the read buffer, and over it (read in several pieces).
  const sizes = [0, 1, 1023, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 17];
  for (let i = 0; i < 300; i++) sizes.push(Math.floor(random() * 40_000));
  files = sizes.map((size, i) => {
    const path = join(dir, `file-${i}.bin`);
    const body = Buffer.alloc(size);
    for (let j = 0; j < size; j += 97) body[j] = Math.floor(random() * 256);
    writeFileSync(path, body);
    return { path, size, md5: '' };
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HashPool', () => {
  it.each([1, 3])(
    'gives every file the MD5 the main thread computes (%i workers)',
    async (workers) => {
      const pool = new HashPool<(typeof files)[number]>(workers);
      const mine = files.map((file) => ({ ...file }));
      for (const file of mine) pool.add(file);
      try {
        expect(await pool.finish()).toEqual([]);
      } finally {
        pool.close();
      }
      const buffer = Buffer.allocUnsafe(1024 * 1024);
      expect(mine.map((file) => file.md5)).toEqual(
        files.map((file) => md5OfFileSync(file.path, buffer)),
      );
    },
  );

  it('reports a file that cannot be read with its error code, and hashes the others', async () => {
    const missing = { path: join(dir, 'vanished.bin'), size: 10, md5: '' };
    const locked = { path: join(dir, 'locked.bin'), size: 3, md5: '' };
    writeFileSync(locked.path, 'abc');
    chmodSync(locked.path, 0o000);
    const present = { ...(files[7] as (typeof files)[number]) };
    const failures = await asUnprivilegedUser(async () => {
      const pool = new HashPool<typeof missing>(2);
      for (const file of [missing, present, locked]) pool.add(file);
      try {
        return await pool.finish();
      } finally {
        pool.close();
      }
    });
    expect(failures.map(({ file, error }) => [file.path, error.code])).toEqual([
      [missing.path, 'ENOENT'],
      [locked.path, 'EACCES'],
    ]);
    expect(present.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(missing.md5).toBe('');
  });

  it('finishes at once when nothing was added', async () => {
    const pool = new HashPool(1);
    expect(await pool.finish()).toEqual([]);
    pool.close();
  });
});
