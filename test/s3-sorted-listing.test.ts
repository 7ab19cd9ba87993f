import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './support/s3-server.js';
import { SortedIndex } from './support/s3-sorted-index.js';
import { type SortedListingProxy, startSortedListingProxy } from './support/s3-sorted-listing.js';

// The bench's proxy in front of s3rver answers If-None-Match and If-Match on writes as AWS S3
// does (s3rver ignores them), through the real SDK over HTTP.
const BUCKET = 'conditions';
const REFUSED = {
  name: 'PreconditionFailed',
  message: 'At least one of the pre-conditions you specified did not hold',
  $metadata: { httpStatusCode: 412 },
};

let server: S3Server;
let proxy: SortedListingProxy;
let s3: S3Client;

beforeAll(async () => {
  server = await startS3Server([BUCKET]);
  proxy = await startSortedListingProxy({ upstreamPort: server.port, directory: server.directory });
  s3 = new S3Client({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  s3?.destroy();
  await proxy?.stop();
  await server?.stop();
});

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

type Conditions = { IfNoneMatch?: string; IfMatch?: string };

function put(key: string, body: string, conditions: Conditions = {}) {
  return s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...conditions }));
}

async function completeMultipart(key: string, body: string, conditions: Conditions) {
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }),
  );
  const part = { Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: body };
  const { ETag } = await s3.send(new UploadPartCommand(part));
  return s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] },
      ...conditions,
    }),
  );
}

/** The body s3rver holds for a key, undefined when there is none. */
async function storedBody(key: string): Promise<string | undefined> {
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return await answer.Body?.transformToString();
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** The key as the proxy lists it: size and ETag, undefined when it is not listed. */
async function listed(key: string) {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: key }));
  const object = page.Contents?.find((listedObject) => listedObject.Key === key);
  return object && { size: object.Size, etag: object.ETag };
}

describe('the sorted-listing proxy takes conditional writes as S3 does', () => {
  it('If-None-Match: * creates a key that does not exist', async () => {
    const written = await put('create/new', 'first', { IfNoneMatch: '*' });
    expect(written.ETag).toBe(`"${md5('first')}"`);
    expect(await storedBody('create/new')).toBe('first');
  });

  it('If-None-Match: * on an existing key is refused with 412 PreconditionFailed, counted as 412', async () => {
    await put('create/existing', 'old');
    proxy.takeRequests(BUCKET);
    const refusal = put('create/existing', 'a longer new body', { IfNoneMatch: '*' });
    await expect(refusal).rejects.toMatchObject(REFUSED);
    const error = await refusal.catch((caught: { $metadata: Record<string, unknown> }) => caught);
    expect(error.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
    expect(error.$metadata.extendedRequestId).toMatch(/^[A-Za-z0-9+/]{64}$/);
    const log = proxy.takeRequests(BUCKET);
    expect(log.map(([operation, , , status]) => [operation, status])).toEqual([['PUT', 412]]);
    expect(await storedBody('create/existing')).toBe('old');
  });

  it('a listing after a refused write shows the old object, its size and ETag unchanged', async () => {
    await put('listed/kept', 'old body');
    await expect(
      put('listed/kept', 'much longer new body', { IfNoneMatch: '*' }),
    ).rejects.toMatchObject(REFUSED);
    await expect(
      put('listed/kept', 'another longer body', { IfMatch: `"${md5('elsewhere')}"` }),
    ).rejects.toMatchObject(REFUSED);
    expect(await listed('listed/kept')).toEqual({ size: 8, etag: `"${md5('old body')}"` });
  });

  it('If-Match with the current ETag replaces the object, quoted or bare', async () => {
    const first = await put('match/current', 'one');
    const second = await put('match/current', 'two', { IfMatch: first.ETag ?? '' });
    expect(second.ETag).toBe(`"${md5('two')}"`);
    const third = await put('match/current', 'three', { IfMatch: md5('two') });
    expect(third.ETag).toBe(`"${md5('three')}"`);
    expect(await storedBody('match/current')).toBe('three');
    expect(await listed('match/current')).toEqual({ size: 5, etag: `"${md5('three')}"` });
  });

  it('If-Match with another ETag, or with the ETag the key had before, is refused', async () => {
    const first = await put('match/other', 'one');
    await put('match/other', 'two', { IfMatch: first.ETag ?? '' });
    await expect(put('match/other', 'x', { IfMatch: `"${md5('x')}"` })).rejects.toMatchObject(
      REFUSED,
    );
    // The index holds the second write: the first one's ETag no longer matches.
    await expect(put('match/other', 'x', { IfMatch: first.ETag ?? '' })).rejects.toMatchObject(
      REFUSED,
    );
    expect(await storedBody('match/other')).toBe('two');
  });

  it('If-Match on a missing key is refused with 404 NoSuchKey, as S3 does, and the key stays missing', async () => {
    const missing = {
      name: 'NoSuchKey',
      message: 'The specified key does not exist.',
      $metadata: { httpStatusCode: 404 },
    };
    proxy.takeRequests(BUCKET);
    await expect(put('match/missing', 'x', { IfMatch: `"${md5('x')}"` })).rejects.toMatchObject(
      missing,
    );
    await expect(put('match/missing', 'x', { IfMatch: md5('x') })).rejects.toMatchObject(missing);
    expect(
      proxy.takeRequests(BUCKET).map(([operation, , , status]) => [operation, status]),
    ).toEqual([
      ['PUT', 404],
      ['PUT', 404],
    ]);
    expect(await storedBody('match/missing')).toBeUndefined();
    expect(await listed('match/missing')).toBeUndefined();
  });

  it('of concurrent If-None-Match: * writes of one key, exactly one succeeds and is stored', async () => {
    for (const key of ['race/a', 'race/b', 'race/c']) {
      const bodies = ['first writer', 'second writer', 'third writer'];
      const results = await Promise.allSettled(
        bodies.map((body) => put(key, body, { IfNoneMatch: '*' })),
      );
      const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      for (const result of results)
        if (result.status === 'rejected') expect(result.reason).toMatchObject(REFUSED);
      const winner = bodies[won[0] ?? -1] ?? '';
      expect(await storedBody(key)).toBe(winner);
      expect(await listed(key)).toEqual({ size: winner.length, etag: `"${md5(winner)}"` });
    }
  });

  it('of concurrent If-Match writes on the same ETag, exactly one succeeds', async () => {
    const { ETag } = await put('race/match', 'base');
    const bodies = ['left', 'right'];
    const results = await Promise.allSettled(
      bodies.map((body) => put('race/match', body, { IfMatch: ETag ?? '' })),
    );
    const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    expect(results[1 - (won[0] ?? 0)]).toMatchObject({ status: 'rejected', reason: REFUSED });
    expect(await storedBody('race/match')).toBe(bodies[won[0] ?? -1]);
  });

  it('a write without conditions replaces an existing object', async () => {
    await put('plain/key', 'old');
    const written = await put('plain/key', 'replaced');
    expect(written.ETag).toBe(`"${md5('replaced')}"`);
    expect(await storedBody('plain/key')).toBe('replaced');
    expect(await listed('plain/key')).toEqual({ size: 8, etag: `"${md5('replaced')}"` });
  });

  it('CompleteMultipartUpload takes If-None-Match: * and If-Match too', async () => {
    const created = await completeMultipart('multipart/key', 'part one', { IfNoneMatch: '*' });
    await expect(
      completeMultipart('multipart/key', 'part two', { IfNoneMatch: '*' }),
    ).rejects.toMatchObject(REFUSED);
    await expect(
      completeMultipart('multipart/key', 'part two', { IfMatch: `"${md5('part two')}"` }),
    ).rejects.toMatchObject(REFUSED);
    expect(await storedBody('multipart/key')).toBe('part one');
    await completeMultipart('multipart/key', 'part three', { IfMatch: created.ETag ?? '' });
    expect(await storedBody('multipart/key')).toBe('part three');
    expect(await listed('multipart/key')).toEqual({ size: 10, etag: `"${md5('part three')}"` });
  });
});

describe("the bench proxy's index of s3rver's files", () => {
  it('a key whose files appear only after the write was answered is indexed, not taken as gone', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sorted-index-'));
    mkdirSync(join(directory, 'b', 'posts'), { recursive: true });
    const index = new SortedIndex(directory);
    const base = join(directory, 'b', 'posts', 'new.html._S3rver_object');
    // s3rver answers a PUT before its files are all written: here they come 30 ms later.
    const reading = index.refresh('b', 'posts/new.html', true, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    writeFileSync(base, 'hello');
    writeFileSync(`${base}.md5`, '5d41402abc4b2a76b9719d911017c592');
    await reading;
    expect(index.etagOf('b', 'posts/new.html')).toBe('5d41402abc4b2a76b9719d911017c592');
    // After a delete, missing files mean the key is gone.
    rmSync(base);
    rmSync(`${base}.md5`);
    await index.refresh('b', 'posts/new.html', false);
    expect(index.etagOf('b', 'posts/new.html')).toBeUndefined();
    rmSync(directory, { recursive: true, force: true });
  });
});
