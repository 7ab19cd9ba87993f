import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { BUCKET, DISTRIBUTION, FIXTURE_SITE } from './support/deploy-world.js';
import { type FaultWorld, md5, startFaultWorld, storedBytes } from './support/fault-world.js';
import { checkoutOfAction, runStep } from './support/runner-step.js';
import { S3RVER_CREDENTIALS } from './support/s3-server.js';

// The deploy record, history and rollback through dist/ as users run them: the action as the
// runner runs it (dist/index.js) and the CLI (dist/cli/index.js), against s3rver behind the
// proxy, which emulates S3 versioning as AWS documents it.
const run = promisify(execFile);
const ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;
const EDITED = 'about/index.html';
const ADDED = 'new.html';
const REMOVED = 'tag/trains/index.html';
const RULES = 'theme/**: public, max-age=31536000, immutable\n*.html: no-cache';

let checkout: { dir: string; remove(): void };
beforeAll(() => {
  checkout = checkoutOfAction();
});
afterAll(() => checkout.remove());

let fw: FaultWorld;
let other: S3Client;
beforeEach(async () => {
  fw = await startFaultWorld();
  other = new S3Client({
    endpoint: fw.proxy.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
});
afterEach(async () => {
  other.destroy();
  await fw.stop();
});

const endpoints = () => ({ s3: fw.proxy.endpoint, cloudFront: fw.world.cloudFront.endpoint });
const step = (inputs: Record<string, string>) =>
  runStep(process.execPath, checkout.dir, endpoints(), {
    bucket: BUCKET,
    distribution: DISTRIBUTION,
    'cache-control': RULES,
    ...inputs,
  });
const deployStep = () => step({ dir: fw.site.dir, 'delete-removed': 'true' });

/** The CLI from dist/, as `npx s3-cf-sync ...` runs it; never throws. */
async function cli(...args: string[]) {
  const env = {
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: fw.proxy.endpoint,
    AWS_ENDPOINT_URL_CLOUDFRONT: fw.world.cloudFront.endpoint,
  };
  const bin = join(checkout.dir, 'dist', 'cli', 'index.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Deploys the fixture, then an edit, an added page and a removed one: two recorded deploys. */
async function twoDeploys(): Promise<[string, string]> {
  const first = await deployStep();
  expect(first.exitCode, first.stdout).toBe(0);
  writeFileSync(join(fw.site.dir, EDITED), '<p>a broken template</p>\n');
  writeFileSync(join(fw.site.dir, ADDED), '<p>new</p>\n');
  rmSync(join(fw.site.dir, REMOVED));
  const second = await deployStep();
  expect(second.exitCode, second.stdout).toBe(0);
  expect(second.summary).toContain(`Deploy ID <code>${second.outputs['deploy-id']}</code>`);
  return [first.outputs['deploy-id'] ?? '', second.outputs['deploy-id'] ?? ''];
}

const writes = () =>
  fw.requests('PutObject', 'CopyObject', 'DeleteObjects', 'DeleteObject', 'CreateInvalidation');
const fixture = (key: string) => readFileSync(join(FIXTURE_SITE, key));

describe('every deploy recorded, one command rolls back', () => {
  test('deploy-id, history newest first, rollback of the previous deploy, and of the rollback', async () => {
    fw.proxy.versions.status = 'Enabled';
    const [first, second] = await twoDeploys();
    expect(first).toMatch(ID);
    expect(second).toMatch(ID);
    expect(second > first).toBe(true);
    const [record] = (await fw.world.keys()).filter((key) => key.includes(first));
    expect(record).toBe(`.s3-cf-sync.deploy.${first}.json`);

    const json = await cli('history', `s3://${BUCKET}`, '--json');
    expect(json.code, json.stderr).toBe(0);
    const entries = JSON.parse(json.stdout);
    expect(entries.map((entry: { id: string }) => entry.id)).toEqual([second, first]);
    expect(entries[0]).toMatchObject({ uploaded: 2, updated: 0, deleted: 1, status: 'complete' });
    expect(entries[0].commit).toBe('0123456789abcdef0123456789abcdef01234567');
    const table = await cli('history', `s3://${BUCKET}`);
    expect(table.stdout.split('\n')[1]).toMatch(new RegExp(`^${second}\\s.*0123456\\s+2/0/1`));

    const invalidationsBefore = fw.world.cloudFront.invalidations(DISTRIBUTION).length;
    fw.proxy.operations.length = 0;
    const dry = await cli(
      'rollback',
      `s3://${BUCKET}`,
      '--dry-run',
      '--distribution',
      DISTRIBUTION,
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`Rollback planned to the state right after deploy ${first}`);
    expect(dry.stdout).toContain('2 to restore, 1 to delete');
    expect(writes()).toEqual([]);

    // The action, with no dir: rollback-to previous.
    const back = await step({ 'rollback-to': 'previous' });
    expect(back.exitCode, back.stdout).toBe(0);
    const rollbackId = back.outputs['deploy-id'] ?? '';
    expect(rollbackId).toMatch(ID);
    expect(back.summary).toContain(
      `Rolled back to the state right after deploy <code>${first}</code>`,
    );
    expect(back.summary).toContain(rollbackId);
    // Server-side copies of the recorded versions; nothing uploaded from disk.
    const copies = fw.requests('CopyObject');
    expect(copies.map((record) => record.key).sort()).toEqual([EDITED, REMOVED]);
    for (const copy of copies) expect(copy.headers['x-amz-copy-source']).toContain('?versionId=');
    expect(fw.requests('PutObject').filter((r) => !r.key?.startsWith('.s3-cf-sync'))).toEqual([]);
    expect(md5(await storedBytes(fw.world, EDITED))).toBe(md5(fixture(EDITED)));
    expect(md5(await storedBytes(fw.world, REMOVED))).toBe(md5(fixture(REMOVED)));
    expect(await fw.world.keys()).not.toContain(ADDED);
    const head = await fw.world.head(REMOVED);
    expect(head).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-cache',
    });
    // Exactly the changed paths are invalidated.
    const sent = fw.world.cloudFront.invalidations(DISTRIBUTION).slice(invalidationsBefore);
    expect(sent.flatMap((invalidation) => invalidation.paths).sort()).toEqual(
      [
        '/about/',
        '/about/index.html',
        '/new.html',
        '/tag/trains/',
        '/tag/trains/index.html',
      ].sort(),
    );

    // The rollback is a deploy itself: rolling it back brings the second deploy's state again.
    const forward = await cli('rollback', `s3://${BUCKET}`, '--to', second);
    expect(forward.code, forward.stderr + forward.stdout).toBe(0);
    expect((await storedBytes(fw.world, EDITED)).toString()).toBe('<p>a broken template</p>\n');
    expect(await fw.world.keys()).toContain(ADDED);
    expect(await fw.world.keys()).not.toContain(REMOVED);
    const after = JSON.parse((await cli('history', `s3://${BUCKET}`, '--json')).stdout);
    expect(after.map((entry: { kind: string }) => entry.kind)).toEqual([
      'rollback',
      'rollback',
      'deploy',
      'deploy',
    ]);
    expect(after[1]).toMatchObject({ id: rollbackId, rollbackTo: first });
  });

  test('without versioning it refuses, writes nothing, and gives the command that turns it on', async () => {
    await twoDeploys();
    fw.proxy.operations.length = 0;
    const refused = await step({ 'rollback-to': 'previous' });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(
      'aws s3api put-bucket-versioning --bucket site --versioning-configuration Status=Enabled',
    );
    expect(writes()).toEqual([]);
  });

  test('a recorded version that expired is named, and nothing is written', async () => {
    fw.proxy.versions.status = 'Enabled';
    await twoDeploys();
    // What a lifecycle rule's NoncurrentVersionExpiration does: that version is gone for good.
    const [, replaced] = fw.proxy.versions.versionsOf(BUCKET, EDITED);
    await other.send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: EDITED, VersionId: replaced?.versionId }),
    );
    fw.proxy.operations.length = 0;
    const refused = await cli('rollback', `s3://${BUCKET}`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 recorded version\(s\) no longer exist.*: about\/index\.html/);
    expect(writes()).toEqual([]);
  });

  test('a key another tool changed since is named; --force rolls back anyway', async () => {
    fw.proxy.versions.status = 'Enabled';
    await twoDeploys();
    await other.send(new PutObjectCommand({ Bucket: BUCKET, Key: EDITED, Body: '<p>hotfix</p>' }));
    fw.proxy.operations.length = 0;
    const refused = await step({ 'rollback-to': 'previous' });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('changed by another tool since: about/index.html');
    expect(refused.stdout).toContain('--force (input rollback-force: true)');
    expect(writes()).toEqual([]);
    const forced = await step({ 'rollback-to': 'previous', 'rollback-force': 'true' });
    expect(forced.exitCode, forced.stdout).toBe(0);
    expect(md5(await storedBytes(fw.world, EDITED))).toBe(md5(fixture(EDITED)));
  });
});

describe('a deploy killed part way', () => {
  test('SIGKILL mid-upload leaves a history that is still true, and a rollback over it works', async () => {
    fw.proxy.versions.status = 'Enabled';
    const first = await deployStep();
    const firstId = first.outputs['deploy-id'] ?? '';
    writeFileSync(join(fw.site.dir, 'a.css'), 'a { }\n');
    writeFileSync(join(fw.site.dir, 'b.css'), 'b { }\n');
    // The second new file's upload never gets an answer: the job is killed while it waits.
    fw.proxy.addRule({ operation: 'PutObject', key: 'b.css', respond: 'hang' });
    const killed = await runStep(
      process.execPath,
      checkout.dir,
      endpoints(),
      { bucket: BUCKET, dir: fw.site.dir, concurrency: '1' },
      {
        started: (child) => {
          const timer = setInterval(() => {
            if (fw.requests('PutObject').some((r) => r.key === 'b.css')) {
              clearInterval(timer);
              child.kill('SIGKILL');
            }
          }, 20);
          child.once('close', () => clearInterval(timer));
        },
      },
    );
    expect(killed.signal).toBe('SIGKILL');
    fw.proxy.clearRules();
    const history = JSON.parse((await cli('history', `s3://${BUCKET}`, '--json')).stdout);
    expect(history.map((entry: { status: string }) => entry.status)).toEqual([
      'incomplete',
      'complete',
    ]);
    // Back to the first deploy, over the killed one: a.css, which it wrote, goes again. A re-run
    // of the same workflow run takes the dead attempt's lock over at once.
    const back = await runStep(
      process.execPath,
      checkout.dir,
      endpoints(),
      { bucket: BUCKET, 'rollback-to': firstId },
      { env: { GITHUB_RUN_ATTEMPT: '2' } },
    );
    expect(back.exitCode, back.stdout).toBe(0);
    expect(await fw.world.keys()).not.toContain('a.css');
  });
});

describe('SSE-KMS through dist/', () => {
  test('an unchanged re-deploy uploads nothing, recorded ETags standing in for MD5s', async () => {
    fw.proxy.kmsEtags = true;
    const first = await deployStep();
    expect(first.outputs.uploaded).toBe('40');
    const again = await deployStep();
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ uploaded: '0', unchanged: '40', 'deploy-id': '' });
  });
});
