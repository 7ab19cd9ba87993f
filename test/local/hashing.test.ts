import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  candidatePartSizes,
  hexToBase64,
  matchMultipartEtag,
  md5OfFile,
  multipartPartCount,
  ownPartSize,
} from '../../src/local/hashing.js';

const MiB = 1024 * 1024;

/** The ETag S3 gives a multipart upload, computed here independently of the code under test. */
function awsMultipartEtag(body: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += partSize) {
    digests.push(
      createHash('md5')
        .update(body.subarray(offset, offset + partSize))
        .digest(),
    );
  }
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

const md5Hex = (body: Buffer) => createHash('md5').update(body).digest('hex');

let dir: string;
const bodies = new Map<string, Buffer>();

async function fixture(name: string, body: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, body);
  bodies.set(path, body);
  return path;
}

let site17: string;
let other17: string;
let exact16: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hashing-test-'));
  site17 = await fixture('video.mp4', randomBytes(17 * MiB + 12345));
  // Same size, one byte different in the last part.
  const other = Buffer.from(bodies.get(site17) as Buffer);
  other[other.length - 1] = ((other[other.length - 1] ?? 0) + 1) % 256;
  other17 = await fixture('other.mp4', other);
  exact16 = await fixture('exact.bin', randomBytes(16 * MiB));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('md5OfFile', () => {
  it('matches crypto for a small file read in one go', async () => {
    const body = Buffer.from('<!doctype html><title>Home</title>\n');
    const path = await fixture('index.html', body);
    await expect(md5OfFile(path, Buffer.alloc(1000))).resolves.toBe(md5Hex(body));
  });

  it('matches crypto for an empty file', async () => {
    const path = await fixture('empty', Buffer.alloc(0));
    await expect(md5OfFile(path)).resolves.toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('matches crypto for a file larger than the buffer, read in chunks', async () => {
    await expect(md5OfFile(site17, Buffer.alloc(64 * 1024))).resolves.toBe(
      md5Hex(bodies.get(site17) as Buffer),
    );
  });
});

describe('hexToBase64', () => {
  it('gives the Content-MD5 form of a hex digest', () => {
    expect(hexToBase64('d41d8cd98f00b204e9800998ecf8427e')).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
  });
});

describe('multipartPartCount', () => {
  it('reads the part count of a multipart ETag', () => {
    expect(multipartPartCount('e2fc714c4727ee9395f324cd2e7f331f-3')).toBe(3);
    expect(multipartPartCount('e2fc714c4727ee9395f324cd2e7f331f-10000')).toBe(10000);
  });

  it('is undefined for a plain MD5 ETag or anything else', () => {
    expect(multipartPartCount('e2fc714c4727ee9395f324cd2e7f331f')).toBeUndefined();
    expect(multipartPartCount('"e2fc714c4727ee9395f324cd2e7f331f-3"')).toBeUndefined();
    expect(multipartPartCount('abc-3')).toBeUndefined();
  });
});

describe('ownPartSize', () => {
  it('is 8 MiB up to 80,000 MiB and grows in whole MiB to stay within 10,000 parts', () => {
    expect(ownPartSize(100 * MiB)).toBe(8 * MiB);
    expect(ownPartSize(80_000 * MiB)).toBe(8 * MiB);
    const huge = 200_000 * MiB;
    expect(ownPartSize(huge) % MiB).toBe(0);
    expect(Math.ceil(huge / ownPartSize(huge))).toBeLessThanOrEqual(10_000);
  });
});

describe('candidatePartSizes', () => {
  const size = 17 * MiB + 12345;

  it('includes the part size of each common tool for its part count', () => {
    expect(candidatePartSizes(size, 4)).toContain(5 * MiB); // rclone, lib-storage
    expect(candidatePartSizes(size, 3)).toContain(8 * MiB); // aws cli
    expect(candidatePartSizes(size, 2)).toContain(15 * MiB); // s3cmd
    expect(candidatePartSizes(size, 2)).toContain(16 * MiB);
  });

  it('only offers part sizes that give the ETag part count', () => {
    for (const parts of [1, 2, 3, 4, 5, 18]) {
      const sizes = candidatePartSizes(size, parts);
      expect(sizes.length, `${parts} parts`).toBeGreaterThan(0);
      for (const partSize of sizes) expect(Math.ceil(size / partSize)).toBe(parts);
    }
  });

  it('offers nothing when no whole-MiB part size gives that many parts', () => {
    expect(candidatePartSizes(size, 100)).toEqual([]);
  });

  it('offers no duplicates', () => {
    const sizes = candidatePartSizes(size, 2);
    expect(new Set(sizes).size).toBe(sizes.length);
  });
});

describe('matchMultipartEtag', () => {
  const size = 17 * MiB + 12345;

  it.each([
    ['rclone and lib-storage', 5 * MiB, 4],
    ['aws cli', 8 * MiB, 3],
    ['s3cmd', 15 * MiB, 2],
  ])('recognises a %s upload (%d-byte parts)', async (_tool, partSize, parts) => {
    const etag = awsMultipartEtag(bodies.get(site17) as Buffer, partSize);
    expect(etag.endsWith(`-${parts}`)).toBe(true);
    await expect(matchMultipartEtag(site17, size, etag)).resolves.toBe(etag);
  });

  it.each([5 * MiB, 8 * MiB, 15 * MiB])(
    'does not match a different file of the same size (%d-byte parts)',
    async (partSize) => {
      const etag = awsMultipartEtag(bodies.get(site17) as Buffer, partSize);
      await expect(matchMultipartEtag(other17, size, etag)).resolves.toBeUndefined();
    },
  );

  it('recognises a file that is an exact multiple of the part size', async () => {
    const etag = awsMultipartEtag(bodies.get(exact16) as Buffer, 8 * MiB);
    expect(etag.endsWith('-2')).toBe(true);
    await expect(matchMultipartEtag(exact16, 16 * MiB, etag)).resolves.toBe(etag);
  });

  it('ignores a plain MD5 ETag', async () => {
    const etag = md5Hex(bodies.get(site17) as Buffer);
    await expect(matchMultipartEtag(site17, size, etag)).resolves.toBeUndefined();
  });

  it('does not try part sizes that are not whole MiB (a 5,000,000-byte part)', async () => {
    const etag = awsMultipartEtag(bodies.get(site17) as Buffer, 5_000_000);
    await expect(matchMultipartEtag(site17, size, etag)).resolves.toBeUndefined();
  });
});
