import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { RELEASED_ETAG } from '../src/bucket/deploy-lock.js';
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
    // Lock, intent (the old rules), record, the new rules once every rewrite is done, record,
    // release.
    expect(fw.requests('PutObject').map((record) => record.key)).toEqual([
      '.s3-cf-sync.lock',
      '.s3-cf-sync.json',
      RECORD,
      '.s3-cf-sync.json',
      RECORD,
      '.s3-cf-sync.lock',
    ]);
    fw.proxy.operations.length = 0;
    await fw.attempt({ 'cache-control': changed });
    expect(operations()).toEqual(['GetObject', 'ListObjectsV2']);
  });

  test('one edited page costs one listing, one state read, the lock, the intent, the record and one upload', async () => {
    await fw.seed();
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    await fw.attempt();
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
    // In order: take the lock, record the intent (conditional on the state surveyed), the record
    // "started", the page, the record with S3's answers, release the lock. Without a
    // distribution there is nothing left to record in the state afterwards.
    const puts = fw.requests('PutObject');
    expect(puts.map((record) => record.key)).toEqual([
      '.s3-cf-sync.lock',
      '.s3-cf-sync.json',
      RECORD,
      'about/index.html',
      RECORD,
      '.s3-cf-sync.lock',
    ]);
    // The seed deploy released the lock: its fixed body's MD5 says "free" in the listing.
    expect(puts[0]?.headers['if-match']).toBe(`"${RELEASED_ETAG}"`);
    expect(puts[1]?.headers['if-match']).toMatch(/^"[0-9a-f]{32}"$/);
    // The record's key is this deploy's alone: written without a condition.
    expect(puts[2]?.headers['if-match']).toBeUndefined();
    expect(puts[5]?.headers['if-match']).toMatch(/^"[0-9a-f]{32}"$/);
  });

  test('with a distribution, one edited page also clears the recorded intent once invalidated', async () => {
    await fw.seed({ distribution: DISTRIBUTION });
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    const run = await fw.attempt({ distribution: DISTRIBUTION });
    expect(run.error).toBeUndefined();
    expect(fw.requests('PutObject').map((record) => record.key)).toEqual([
      '.s3-cf-sync.lock',
      '.s3-cf-sync.json',
      RECORD,
      'about/index.html',
      '.s3-cf-sync.json',
      RECORD,
      '.s3-cf-sync.lock',
    ]);
    expect(fw.world.cloudFront.invalidations(DISTRIBUTION)).toHaveLength(2);
  });
});
