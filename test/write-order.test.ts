import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type FaultWorld,
  failureOf,
  MiB,
  startFaultWorld,
  writeRandomFile,
} from './support/fault-world.js';

let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
});
afterEach(async () => {
  await fw.stop();
});

describe('the order of writes', () => {
  test('every asset, multipart included, is complete before the first page is written', async () => {
    writeRandomFile(fw.site.dir, 'media/talk.webm', 6 * MiB);
    const run = await fw.attempt({ 'multipart-threshold': '5MiB' });
    expect(run.error).toBeUndefined();
    const ops = fw.proxy.operations;
    const completed = ops.findIndex(
      (r) => r.operation === 'CompleteMultipartUpload' && r.key === 'media/talk.webm',
    );
    const lastAsset = ops.findLastIndex(
      (r) =>
        r.operation === 'PutObject' &&
        !r.key?.endsWith('.html') &&
        !r.key?.startsWith('.s3-cf-sync'),
    );
    const firstPage = ops.findIndex((r) => r.operation === 'PutObject' && r.key?.endsWith('.html'));
    expect(completed).toBeGreaterThan(0);
    expect(firstPage).toBeGreaterThan(completed);
    expect(firstPage).toBeGreaterThan(lastAsset);
    // Every asset's answer had come back before the first page was sent.
    const assets = ops
      .slice(0, firstPage)
      .filter((r) => r.operation === 'PutObject' && !r.key?.startsWith('.s3-cf-sync'));
    expect(assets.every((r) => r.status === 200)).toBe(true);
  });
});

describe('the barrier between assets and pages', () => {
  test('assets go largest first, so the pages wait for a small upload, not a large one started last', async () => {
    writeRandomFile(fw.site.dir, 'theme/zz-large.bin', 3 * MiB);
    writeRandomFile(fw.site.dir, 'media/middle.bin', MiB / 2);
    const run = await fw.attempt({ concurrency: '1' });
    expect(run.error).toBeUndefined();
    const assets = fw
      .requests('PutObject')
      .map((record) => record.key ?? '')
      .filter((key) => !key.endsWith('.html') && !key.startsWith('.s3-cf-sync'));
    expect(assets.slice(0, 2)).toEqual(['theme/zz-large.bin', 'media/middle.bin']);
    expect(assets.length).toBeGreaterThan(10);
  });
});

describe('the state object under a prefix, without s3:ListBucket on its key', () => {
  test('a refused read of a state object the listing does not show is no state: the first deploy goes on', async () => {
    // S3 answers 403, not 404, for a missing key the caller may not list.
    fw.proxy.addRule({
      operation: 'GetObject',
      key: 'blog/.s3-cf-sync.json',
      respond: 'AccessDenied',
    });
    const run = await fw.attempt({ prefix: 'blog' });
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.result?.plan.uploads.length).toBeGreaterThan(10);
    // Read and listing went out together, before any write; the refused read was asked again
    // through the SDK (src/aws/fast-s3.ts), whose error is the one explained.
    const firstWrite = fw.proxy.operations.findIndex((r) => r.operation === 'PutObject');
    const reads = fw.proxy.operations
      .slice(0, firstWrite)
      .map((r) => `${r.operation} ${r.status} ${r.headers['user-agent']?.split('/')[0]}`)
      .sort();
    expect(reads).toEqual([
      'GetObject 403 aws-sdk-js',
      'GetObject 403 s3-cf-sync',
      'ListObjectsV2 200 s3-cf-sync',
    ]);
  });

  test('a refused read of a state object the listing shows stops the deploy, naming s3:GetObject', async () => {
    await fw.seed({ prefix: 'blog' });
    fw.proxy.addRule({
      operation: 'GetObject',
      key: 'blog/.s3-cf-sync.json',
      respond: 'AccessDenied',
    });
    const message = failureOf(await fw.attempt({ prefix: 'blog' }));
    expect(message).toContain('s3:GetObject');
    expect(message).toContain('blog/.s3-cf-sync.json');
    expect(fw.requests('PutObject')).toEqual([]);
  });
});
