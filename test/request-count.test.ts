import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
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
    expect(fw.requests('PutObject').map((record) => record.key)).toEqual(['.s3-cf-sync.json']);
    fw.proxy.operations.length = 0;
    await fw.attempt({ 'cache-control': changed });
    expect(operations()).toEqual(['GetObject', 'ListObjectsV2']);
  });

  test('one edited page costs one listing, one state read and one upload', async () => {
    await fw.seed();
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    await fw.attempt();
    expect(operations()).toEqual(['GetObject', 'ListObjectsV2', 'PutObject']);
  });
});
