import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BUCKET } from './support/deploy-world.js';
import { type FaultWorld, failureOf, startFaultWorld } from './support/fault-world.js';

// The deploy records as the engine writes them, against s3rver behind the proxy (which emulates
// S3 versioning), and what a rollback does with them when the world is not kind.
let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
  fw.proxy.versions.status = 'Enabled';
});
afterEach(async () => {
  await fw.stop();
});

const records = async () =>
  (await fw.world.keys()).filter((key) => key.startsWith('.s3-cf-sync.deploy.'));
const edit = (n: number) =>
  writeFileSync(join(fw.site.dir, 'about', 'index.html'), `<p>${n}</p>\n`);

describe('deploy records', () => {
  test('each record holds the version, ETag and MD5 S3 answered, and what the listing showed before', async () => {
    await fw.attempt();
    edit(1);
    const run = await fw.attempt();
    const [, second] = await records();
    const record = JSON.parse(await fw.world.body(second ?? ''));
    expect(record).toMatchObject({ id: run.result?.deployId, kind: 'deploy', status: 'complete' });
    const [change] = record.changes;
    const [, written] = [...fw.proxy.versions.versionsOf(BUCKET, 'about/index.html')].reverse();
    expect(change).toMatchObject({
      key: 'about/index.html',
      action: 'upload',
      after: { versionId: written?.versionId, etag: written?.etag, md5: written?.etag },
    });
    expect(change.before.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(record.counts).toEqual({ uploaded: 1, updated: 0, deleted: 0 });
  });

  test('only the last keep-deploys records are kept, the oldest removed', async () => {
    await fw.attempt({ 'keep-deploys': '2' });
    const [oldest] = await records();
    for (const n of [1, 2]) {
      edit(n);
      await fw.attempt({ 'keep-deploys': '2' });
    }
    const kept = await records();
    expect(kept).toHaveLength(2);
    expect(kept).not.toContain(oldest);
  });

  test('a deploy that stops mid-way leaves a record naming every key it may have changed', async () => {
    await fw.attempt();
    edit(1);
    writeFileSync(join(fw.site.dir, 'new.html'), '<p>new</p>\n');
    fw.proxy.addRule({ operation: 'PutObject', key: 'new.html', respond: 'AccessDenied' });
    failureOf(await fw.attempt({ concurrency: '1' }));
    const [, stopped] = await records();
    const record = JSON.parse(await fw.world.body(stopped ?? ''));
    expect(record.status).toBe('failed');
    expect(record.changes.map((change: { key: string }) => change.key).sort()).toEqual([
      'about/index.html',
      'new.html',
    ]);
    // One page at a time, in key order: the first was written and says so, the refused one not.
    const written = record.changes.filter((change: { after?: unknown }) => change.after);
    expect(written.map((change: { key: string }) => change.key)).toEqual(['about/index.html']);
  });

  test('a record whose last write fails leaves a deployed site, a warning and a true history', async () => {
    await fw.attempt();
    edit(1);
    // The record's "started" goes through; its end is refused.
    fw.proxy.addRule({
      operation: 'PutObject',
      key: /^\.s3-cf-sync\.deploy\./,
      after: 1,
      respond: 'AccessDenied',
    });
    const run = await fw.attempt();
    expect(run.error).toBeUndefined();
    expect(run.result?.deployId).toBeDefined();
    expect(await fw.world.body('about/index.html')).toBe('<p>1</p>\n');
    expect(run.log.filter((line) => line.includes('the last write of its record'))).toHaveLength(1);
    // The state is released and holds this deploy's ID: the next deploy has nothing to do.
    const state = JSON.parse(await fw.world.body('.s3-cf-sync.json'));
    expect(state).toMatchObject({ deployId: run.result?.deployId });
    expect(state.lock).toBeUndefined();
    const [, unfinished] = await records();
    expect(JSON.parse(await fw.world.body(unfinished ?? '')).status).toBe('started');
  });

  test('rolling back to a deploy that did not finish is refused', async () => {
    await fw.attempt();
    edit(1);
    fw.proxy.addRule({ operation: 'PutObject', key: 'about/index.html', respond: 'AccessDenied' });
    failureOf(await fw.attempt());
    fw.proxy.clearRules();
    edit(2);
    await fw.attempt();
    const [, failed] = (await records()).map((key) => key.slice('.s3-cf-sync.deploy.'.length, -5));
    const message = failureOf(await fw.attempt({ 'rollback-to': failed ?? '' }));
    expect(message).toContain('that deploy did not finish (it failed)');
  });

  test('a refused GetBucketVersioning names the statement to add', async () => {
    await fw.attempt();
    edit(1);
    await fw.attempt();
    fw.proxy.addRule({ operation: 'GetBucketVersioning', respond: 'AccessDenied' });
    const message = failureOf(await fw.attempt({ 'rollback-to': 'previous' }));
    expect(message).toContain('Missing permission: s3:GetBucketVersioning on arn:aws:s3:::site');
    expect(message).toContain('"s3:GetBucketVersioning"');
  });

  test('an unknown deploy ID is bad input, naming the recorded ones', async () => {
    await fw.attempt();
    rmSync(join(fw.site.dir, 'about', 'index.html'));
    const attempt = await fw.attempt({ 'rollback-to': '20990101-000000-abcd' });
    expect(failureOf(attempt)).toContain('no deploy "20990101-000000-abcd" is recorded');
  });
});
