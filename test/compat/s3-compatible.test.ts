// The integration scenarios against a real S3-compatible server (Ceph RGW in CI, started by
// scripts/rgw.sh from .ci/run), driving dist/ as users run it: the action's dist/index.js the
// way the runner starts it. Not part of `npm test`: `npm run test:compat` with
// S3_COMPAT_ENDPOINT (and S3_COMPAT_ACCESS_KEY / S3_COMPAT_SECRET_KEY) set. Without the
// endpoint this file fails at once: a compatibility run never passes by testing nothing.
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CloudFrontServer, startCloudFrontServer } from '../support/cloudfront-server.js';
import { copyOfFixture, FIXTURE_FILE_COUNT } from '../support/deploy-world.js';
import { md5, writeRandomFile } from '../support/fault-world.js';
import { checkoutOfAction, runStep, type StepResult } from '../support/runner-step.js';

const ENDPOINT = process.env.S3_COMPAT_ENDPOINT ?? '';
if (ENDPOINT === '') {
  throw new Error(
    'S3_COMPAT_ENDPOINT is not set: start a server (bash scripts/rgw.sh start DIR PORT) and set it, with S3_COMPAT_ACCESS_KEY and S3_COMPAT_SECRET_KEY.',
  );
}
const CREDENTIALS = {
  accessKeyId: process.env.S3_COMPAT_ACCESS_KEY ?? 'TESTKEY',
  secretAccessKey: process.env.S3_COMPAT_SECRET_KEY ?? 'TESTSECRET',
};
const HOST = new URL(ENDPOINT).hostname;
const DISTRIBUTION = 'E2COMPATEXAMPLE';
const RUN = Date.now().toString(36);
const CDN_BUCKET = `compat-${RUN}-cdn`;

const s3 = new S3Client({
  endpoint: ENDPOINT,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: CREDENTIALS,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

let cloudFront: CloudFrontServer;
let checkout: { dir: string; remove(): void };
let buckets = 0;
beforeAll(async () => {
  checkout = checkoutOfAction();
  // A custom origin on the endpoint's host, path-style: the bucket is the origin path's first part.
  cloudFront = await startCloudFrontServer({
    distributions: [
      { id: DISTRIBUTION, origins: [{ domainName: HOST, originPath: `/${CDN_BUCKET}` }] },
    ],
  });
});
afterAll(async () => {
  checkout.remove();
  await cloudFront.stop();
});

async function newBucket(name?: string): Promise<string> {
  buckets += 1;
  const bucket = name ?? `compat-${RUN}-${buckets}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** dist/index.js as the runner starts it, against the server. */
function deploy(bucket: string, dir: string, inputs: Record<string, string> = {}) {
  return runStep(
    process.execPath,
    checkout.dir,
    { s3: ENDPOINT, cloudFront: cloudFront.endpoint },
    { bucket, dir, endpoint: ENDPOINT, 'lock-timeout': '120', ...inputs },
    {
      env: {
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        // Debug lines say when a request of our own (src/aws/fast-s3.ts) went to the SDK.
        RUNNER_DEBUG: '1',
      },
    },
  );
}

function succeeded(step: StepResult): StepResult {
  if (step.exitCode !== 0) throw new Error(`the step failed:\n${step.stdout}\n${step.stderr}`);
  // No warning about the lock or the state on a server that honours conditional writes.
  expect(step.stdout).not.toMatch(/::warning::.*(conditional writes|deploy lock|state)/);
  // The survey's reads and the uploads went out as requests of our own, which the server took:
  // s3rver never checks their signature, this one does (a 403 SignatureDoesNotMatch would
  // send every request after it to the SDK, and say so in a debug line).
  expect(step.stdout).not.toMatch(
    /::debug::(The bucket is read and written|Reading and writing the bucket) through the SDK/,
  );
  return step;
}

const isRecord = (key: string) => /(^|\/)\.s3-cf-sync\.deploy\.[^/]+\.json$/.test(key);

async function keys(bucket: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).map((object) => object.Key ?? '').sort();
}

async function body(bucket: string, key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await response.Body?.transformToString()) ?? '';
}

async function state(bucket: string, prefix = ''): Promise<Record<string, unknown>> {
  return JSON.parse(await body(bucket, `${prefix}.s3-cf-sync.json`));
}

describe(`an S3-compatible server at ${ENDPOINT}`, () => {
  test('first deploy, no-op, fresh checkout, edit and delete, each ending with the lock free', async () => {
    const bucket = await newBucket();
    const site = copyOfFixture();
    const first = succeeded(await deploy(bucket, site.dir));
    expect(first.outputs.uploaded).toBe(String(FIXTURE_FILE_COUNT));
    // The site, the state (which holds the lock) and the first deploy's record.
    expect(await keys(bucket)).toHaveLength(FIXTURE_FILE_COUNT + 2);
    expect((await keys(bucket)).filter(isRecord)).toEqual([
      `.s3-cf-sync.deploy.${first.outputs['deploy-id']}.json`,
    ]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'index.html' }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect((await state(bucket)).lock).toBeUndefined();

    const again = succeeded(await deploy(bucket, site.dir));
    expect(again.outputs.uploaded).toBe('0');

    const fresh = copyOfFixture(); // new mtimes, same bytes
    expect(succeeded(await deploy(bucket, fresh.dir)).outputs.uploaded).toBe('0');
    fresh.remove();

    appendFileSync(join(site.dir, 'about', 'index.html'), '\n<!-- edited -->\n');
    rmSync(join(site.dir, 'tag', 'trains', 'index.html'));
    const edited = succeeded(await deploy(bucket, site.dir, { 'delete-removed': 'true' }));
    expect([edited.outputs.uploaded, edited.outputs.deleted]).toEqual(['1', '1']);
    expect(await body(bucket, 'about/index.html')).toContain('<!-- edited -->');
    expect(await keys(bucket)).not.toContain('tag/trains/index.html');
    expect((await state(bucket)).lock).toBeUndefined();
    // Deploys that changed nothing recorded nothing: two records, the first deploy's and the edit's.
    expect((await keys(bucket)).filter(isRecord)).toHaveLength(2);
    site.remove();
  });

  test('a header rewrite keeps the metadata the action does not manage, and the ACL', async () => {
    const bucket = await newBucket();
    const site = copyOfFixture();
    succeeded(await deploy(bucket, site.dir, { acl: 'public-read' }));
    const key = 'theme/css/main.css';
    // Metadata another tool set: a rewrite must keep it.
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: `${bucket}/${key}`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/css; charset=utf-8',
        ContentDisposition: 'inline; filename="main.css"',
        Metadata: { origin: 'compat' },
        ACL: 'public-read',
      }),
    );
    const step = succeeded(
      await deploy(bucket, site.dir, { 'cache-control': 'theme/**: public, max-age=31536000' }),
    );
    expect(Number(step.outputs['updated-headers'] ?? '0')).toBeGreaterThan(0);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.CacheControl).toBe('public, max-age=31536000');
    expect(head.ContentDisposition).toBe('inline; filename="main.css"');
    expect(head.Metadata).toEqual({ origin: 'compat' });
    const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    const everyone = acl.Grants?.filter((grant) => grant.Grantee?.URI?.endsWith('/AllUsers'));
    expect(everyone?.map((grant) => grant.Permission)).toEqual(['READ']);
    site.remove();
  });

  test('a multipart upload is recognised by its ETag on the next deploy', async () => {
    const bucket = await newBucket();
    const site = copyOfFixture();
    const large = writeRandomFile(site.dir, 'downloads/talk.webm', 13 * 1024 * 1024);
    const inputs = { 'multipart-threshold': '5MiB' };
    succeeded(await deploy(bucket, site.dir, inputs));
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'downloads/talk.webm' }),
    );
    // An AWS-style multipart ETag: MD5 of the part MD5s, then the part count.
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-[2-9]"$/);
    const stored = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'downloads/talk.webm' }),
    );
    expect(md5(Buffer.from((await stored.Body?.transformToByteArray()) ?? []))).toBe(md5(large));
    expect(succeeded(await deploy(bucket, site.dir, inputs)).outputs.uploaded).toBe('0');
    site.remove();
  });

  test('a prefix keeps everything, its state included, under it', async () => {
    const bucket = await newBucket();
    const site = copyOfFixture();
    succeeded(await deploy(bucket, site.dir, { prefix: 'blog' }));
    const all = await keys(bucket);
    expect(all).toHaveLength(FIXTURE_FILE_COUNT + 2); // the site, the state and the record
    expect(all.every((key) => key.startsWith('blog/'))).toBe(true);
    expect((await state(bucket, 'blog/')).lock).toBeUndefined();
    site.remove();
  });

  test('a dry run writes nothing', async () => {
    const bucket = await newBucket();
    const site = copyOfFixture();
    const step = succeeded(await deploy(bucket, site.dir, { 'dry-run': 'true' }));
    expect(step.outputs.uploaded).toBe(String(FIXTURE_FILE_COUNT));
    expect(await keys(bucket)).toEqual([]);
    site.remove();
  });

  test('two deploys at once leave one build, and both finish', async () => {
    const bucket = await newBucket();
    const a = copyOfFixture();
    const b = copyOfFixture();
    succeeded(await deploy(bucket, a.dir));
    const edited = Array.from({ length: 12 }, (_, i) => `posts/edited-${i}.html`);
    for (const key of edited) {
      writeFileSync(join(a.dir, key), `<p>build A: ${key}</p>\n`);
      writeFileSync(join(b.dir, key), `<p>build B: ${key}</p>\n`);
    }
    const [stepA, stepB] = await Promise.all([
      deploy(bucket, a.dir, { concurrency: '2' }),
      deploy(bucket, b.dir, { concurrency: '2' }),
    ]);
    succeeded(stepA);
    succeeded(stepB);
    const builds = new Set(
      await Promise.all(edited.map(async (key) => /build (.)/.exec(await body(bucket, key))?.[1])),
    );
    expect(builds.size).toBe(1);
    expect((await state(bucket)).lock).toBeUndefined();
    a.remove();
    b.remove();
  });

  test('a distribution whose custom origin is the endpoint host, path-style, is invalidated', async () => {
    const bucket = await newBucket(CDN_BUCKET);
    const site = copyOfFixture();
    succeeded(await deploy(bucket, site.dir));
    appendFileSync(join(site.dir, 'index.html'), '\n<!-- for CloudFront -->\n');
    const step = succeeded(await deploy(bucket, site.dir, { distribution: DISTRIBUTION }));
    expect(step.outputs['invalidation-id']).toBeTruthy();
    expect(cloudFront.invalidations(DISTRIBUTION).map((i) => [...i.paths].sort())).toEqual([
      ['/', '/index.html'],
    ]);
    site.remove();
  });
});
