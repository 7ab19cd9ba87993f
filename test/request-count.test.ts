import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { STATE_FILE_NAME } from '../src/bucket/state.js';
import { DISTRIBUTION, FIXTURE_FILE_COUNT } from './support/deploy-world.js';
import { type FaultWorld, startFaultWorld } from './support/fault-world.js';

// What a deploy costs in requests, counted by the proxy in front of s3rver.
const RULES = 'theme/**: public, max-age=31536000, immutable\n*.html: no-cache';

let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
});
afterEach(async () => {
  await fw.stop();
});

// This deploy's record (.s3-cf-sync.deploy.ID.json): "started" before the first site write,
// then what S3 answered, once done.
const RECORD = expect.stringMatching(/^\.s3-cf-sync\.deploy\.\d{8}-\d{6}-[0-9a-f]{4}\.json$/);

const operations = () => fw.proxy.operations.map((record) => record.operation).sort();
/**
 * The keys written, in the order they arrived, with the lock and the record "started" (sent at
 * once, so in either order) put lock first.
 */
const writeOrder = (puts: readonly { key?: string | undefined }[]) => {
  const keys = puts.map((record) => record.key ?? '');
  const [first, second, ...rest] = keys;
  return second === STATE_FILE_NAME ? [second, first, ...rest] : keys;
};
/** The state writes, without the conditional-write probe (a loopback endpoint is not AWS S3). */
const stateWrites = () =>
  fw
    .requests('PutObject')
    .filter((record) => record.key === STATE_FILE_NAME && !isProbe(record.headers['if-match']));
// The probe's condition names an ETag no object has; AWS S3 itself gets no probe.
const isProbe = (ifMatch: string | undefined) => ifMatch === `"${NEVER_ETAG}"`;
const NEVER_ETAG = createHash('md5').update('s3-cf-sync: an ETag no object has').digest('hex');

describe('requests per deploy', () => {
  test('an unchanged re-deploy with header rules sends one listing and one state read, nothing else', async () => {
    await fw.seed({ 'cache-control': RULES });
    const run = await fw.attempt({ 'cache-control': RULES, distribution: DISTRIBUTION });
    expect(run.error).toBeUndefined();
    expect(operations()).toEqual(['GetObject', 'ListObjectsV2']);
    expect(fw.world.cloudFront.requests).toEqual([]);
  });

  test('a changed rule inspects each unchanged object once and rewrites only those that differ', async () => {
    await fw.seed({ 'cache-control': RULES });
    const changed = RULES.replace('no-cache', 'max-age=60');
    const run = await fw.attempt({ 'cache-control': changed });
    const html = run.result?.plan.headerUpdates.length ?? 0;
    expect(html).toBeGreaterThan(10);
    expect(fw.requests('HeadObject')).toHaveLength(FIXTURE_FILE_COUNT);
    expect(fw.requests('CopyObject')).toHaveLength(html);
    // Lock with the intent (the old rules); the record "started" and finished; the new rules with
    // the release, once every rewrite is done.
    expect(stateWrites()).toHaveLength(2);
    const puts = fw.requests('PutObject').filter((record) => !isProbe(record.headers['if-match']));
    expect(writeOrder(puts)).toEqual([STATE_FILE_NAME, RECORD, RECORD, STATE_FILE_NAME]);
    fw.proxy.operations.length = 0;
    await fw.attempt({ 'cache-control': changed });
    expect(operations()).toEqual(['GetObject', 'ListObjectsV2']);
  });

  test('one edited page costs one listing, one state read, the lock with the intent, the record, one upload and the release', async () => {
    await fw.seed();
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    await fw.attempt();
    // The page, the probe (endpoints other than AWS S3 only, beside the upload), 2 state writes
    // and 2 of the record.
    expect(operations()).toEqual([
      'GetObject',
      'ListObjectsV2',
      'PutObject',
      'PutObject',
      'PutObject',
      'PutObject',
      'PutObject',
      'PutObject',
    ]);
    const puts = fw.requests('PutObject').filter((record) => !isProbe(record.headers['if-match']));
    // In order: lock and intent in one write (conditional on the state surveyed) and, at once,
    // the record "started"; the page; the record with S3's answers; then the release
    // (conditional on the lock's own ETag).
    expect(writeOrder(puts)).toEqual([
      STATE_FILE_NAME,
      RECORD,
      'about/index.html',
      RECORD,
      STATE_FILE_NAME,
    ]);
    const surveyed = fw.proxy.operations.find((record) => record.operation === 'GetObject');
    expect(surveyed?.key).toBe(STATE_FILE_NAME);
    const [taking, released] = puts.filter((record) => record.key === STATE_FILE_NAME);
    expect(taking?.headers['if-match']).toMatch(/^"[0-9a-f]{32}"$/);
    // The record's key is this deploy's alone: written without a condition.
    expect(
      puts.find((record) => record.key !== STATE_FILE_NAME)?.headers['if-match'],
    ).toBeUndefined();
    expect(released?.headers['if-match']).toMatch(/^"[0-9a-f]{32}"$/);
    expect(released?.headers['if-match']).not.toBe(taking?.headers['if-match']);
  });

  test('an edit that keeps the size reads no deploy record: the last deploy left no ETag that is no MD5', async () => {
    await fw.seed();
    const page = join(fw.site.dir, 'about', 'index.html');
    const before = readFileSync(page, 'utf8');
    // Same length, other bytes: only the ETag tells it changed, as an SSE-KMS ETag would.
    writeFileSync(
      page,
      before.replace(/[a-z]/, (letter) => (letter === 'x' ? 'y' : 'x')),
    );
    expect(readFileSync(page, 'utf8')).not.toBe(before);
    const run = await fw.attempt();
    expect(run.error).toBeUndefined();
    expect(run.result?.plan.uploads.map((upload) => upload.file.key)).toEqual(['about/index.html']);
    expect(fw.requests('GetObject').map((record) => record.key)).toEqual([STATE_FILE_NAME]);
    const state = JSON.parse(await fw.world.body(STATE_FILE_NAME));
    expect(state.recordedEtags).toBe(0);
  });

  test('with a distribution, one edited page also clears the recorded intent once invalidated', async () => {
    await fw.seed({ distribution: DISTRIBUTION });
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    const run = await fw.attempt({ distribution: DISTRIBUTION });
    expect(run.error).toBeUndefined();
    const puts = fw.requests('PutObject').filter((record) => !isProbe(record.headers['if-match']));
    expect(writeOrder(puts)).toEqual([
      STATE_FILE_NAME,
      RECORD,
      'about/index.html',
      RECORD,
      STATE_FILE_NAME,
    ]);
    expect(JSON.parse(await fw.world.body(STATE_FILE_NAME))).toMatchObject({
      pendingInvalidation: [],
    });
    expect(fw.world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(2);
  });
});
