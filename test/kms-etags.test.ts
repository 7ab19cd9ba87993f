import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BUCKET, copyOfFixture, FIXTURE_FILE_COUNT, FIXTURE_SITE } from './support/deploy-world.js';
import { type FaultWorld, startFaultWorld } from './support/fault-world.js';
import { S3RVER_CREDENTIALS } from './support/s3-server.js';

// A bucket whose default encryption is SSE-KMS: every write gets an ETag that is no MD5 and
// differs per write (the proxy makes one up, as S3 does). Tried as a new user would.
let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
  fw.proxy.kmsEtags = true;
});
afterEach(async () => {
  await fw.stop();
});

const operations = () => fw.proxy.operations.map((record) => record.operation).sort();

describe('SSE-KMS ETags', () => {
  test('without records every file is uploaded again on every deploy (the problem)', async () => {
    await fw.attempt({ 'keep-deploys': '0' });
    const again = await fw.attempt({ 'keep-deploys': '0' });
    expect(again.result?.plan.uploads).toHaveLength(FIXTURE_FILE_COUNT);
  });

  test('a plain re-run uploads nothing: one listing, the state and the last record read', async () => {
    const first = await fw.attempt();
    expect(first.result?.plan.uploads).toHaveLength(FIXTURE_FILE_COUNT);
    fw.proxy.operations.length = 0;
    const again = await fw.attempt();
    expect(again.error).toBeUndefined();
    expect(again.result?.plan.uploads).toHaveLength(0);
    expect(again.result?.plan.unchanged).toHaveLength(FIXTURE_FILE_COUNT);
    expect(operations()).toEqual(['GetObject', 'GetObject', 'ListObjectsV2']);
    expect(fw.requests('GetObject').map((record) => record.key)).toContainEqual(
      expect.stringMatching(/^\.s3-cf-sync\.deploy\./),
    );
  });

  test('a fresh checkout uploads nothing, and after an edit only the edited file', async () => {
    await fw.attempt();
    const fresh = copyOfFixture();
    try {
      const checkout = await fw.attempt({ dir: fresh.dir });
      expect(checkout.result?.plan.uploads).toHaveLength(0);
      writeFileSync(join(fresh.dir, 'about', 'index.html'), '<p>edited</p>\n');
      const edited = await fw.attempt({ dir: fresh.dir });
      expect(edited.result?.plan.uploads.map((upload) => upload.file.key)).toEqual([
        'about/index.html',
      ]);
      // The new record carries every ETag on: the next run is still a no-op.
      const next = await fw.attempt({ dir: fresh.dir });
      expect(next.result?.plan.uploads).toHaveLength(0);
    } finally {
      fresh.remove();
    }
  });

  test('an object another tool rewrote, even with the same bytes, is uploaded again', async () => {
    await fw.attempt();
    const other = new S3Client({
      endpoint: fw.proxy.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    // The very bytes the site has: with SSE-KMS, S3 still gives the write a new ETag.
    const same = readFileSync(join(FIXTURE_SITE, 'index.html'));
    await other.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'index.html', Body: same }));
    const again = await fw.attempt();
    expect(again.result?.plan.uploads.map((upload) => upload.file.key)).toEqual(['index.html']);
    other.destroy();
  });
});
