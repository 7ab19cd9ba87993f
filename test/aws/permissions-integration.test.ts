import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { operationsFor } from '../../src/aws/operations.js';
import { type AwsOperation, permissionsFor } from '../../src/aws/permissions.js';
import { minimalPolicy, type PolicyDocument } from '../../src/aws/policy.js';
import type { RecordedRequest } from '../support/cloudfront-server.js';
import { DISTRIBUTION } from '../support/deploy-world.js';
import {
  type FaultWorld,
  failureOf,
  type Inputs,
  MiB,
  startFaultWorld,
  writeRandomFile,
} from '../support/fault-world.js';
import { iamActionOf } from '../support/s3-errors.js';
import type { S3RequestRecord } from '../support/s3-exchange.js';

let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
});
afterEach(async () => {
  await fw.stop();
});

describe('a refused request stops the deploy with the permission to add', () => {
  test.each([
    ['', 'arn:aws:s3:::site/*'],
    ['blog', 'arn:aws:s3:::site/blog/*'],
  ])(
    'AccessDenied on PutObject (prefix %j) names s3:PutObject on %s and stops at once',
    async (prefix, resource) => {
      fw.proxy.addRule({ operation: 'PutObject', respond: 'AccessDenied' });
      const attempt = await fw.attempt({ prefix, concurrency: '4' });
      const message = failureOf(attempt);
      expect(message).toContain(`Missing permission: s3:PutObject on ${resource} (`);
      expect(message).toContain(`"Resource": "${resource}"`);
      expect(message.replaceAll(resource, '')).not.toMatch(/arn:aws:s3:::site\/\*/);
      // Only the uploads already in flight when the first refusal came back, not all 40 files.
      expect(fw.requests('PutObject').length).toBeLessThanOrEqual(4);
      expect(attempt.sleeps).toEqual([]);
      expect(await fw.world.keys()).toEqual([]);
    },
  );

  test('AccessDenied on ListObjectsV2 names s3:ListBucket on the bucket ARN, without /*', async () => {
    fw.proxy.addRule({ operation: 'ListObjectsV2', respond: 'AccessDenied' });
    const message = failureOf(await fw.attempt());
    expect(message).toContain('Missing permission: s3:ListBucket on arn:aws:s3:::site (');
    expect(message).toContain('WITHOUT "/*"');
    expect(message).toContain('"Resource": "arn:aws:s3:::site"');
    expect(fw.requests('PutObject', 'CreateMultipartUpload')).toEqual([]);
  });

  test('AccessDenied for one key inside a DeleteObjects (HTTP 200) names s3:DeleteObject', async () => {
    await fw.seed();
    rmSync(join(fw.site.dir, 'tag/trains/index.html'));
    rmSync(join(fw.site.dir, 'about/index.html'));
    fw.proxy.addRule({
      operation: 'DeleteObjects',
      key: 'tag/trains/index.html',
      respond: 'AccessDenied',
    });
    const message = failureOf(await fw.attempt({ 'delete-removed': 'true' }));
    expect(fw.requests('DeleteObjects').map((record) => record.status)).toEqual([200]);
    expect(message).toContain('s3://site/tag/trains/index.html');
    expect(message).toContain('Required permission: s3:DeleteObject on arn:aws:s3:::site/* (');
    const keys = await fw.world.keys();
    expect(keys).toContain('tag/trains/index.html');
    expect(keys).not.toContain('about/index.html');
  });

  test('an ACL on a bucket with ACLs disabled says to remove the "acl" input, and uploads nothing', async () => {
    fw.proxy.aclsDisabled = true;
    const message = failureOf(await fw.attempt({ acl: 'public-read', concurrency: '4' }));
    expect(message).toContain('has ACLs disabled');
    expect(message).toContain('Remove the "acl" input');
    // The lock and the recorded intent carry no ACL; every site file's PutObject is refused: at
    // most the 4 in flight, each sent once more by the SDK after our own (src/aws/fast-s3.ts).
    const puts = fw
      .requests('PutObject')
      .filter((record) => !record.key?.startsWith('.s3-cf-sync'));
    expect(puts.length).toBeGreaterThan(0);
    expect(new Set(puts.map((record) => record.key)).size).toBeLessThanOrEqual(4);
    expect(puts.length).toBeLessThanOrEqual(8);
    expect(puts.map((record) => record.status)).toEqual(puts.map(() => 400));
    // The deploy record says it failed having written nothing.
    const [record, ...rest] = await fw.world.keys();
    expect(rest).toEqual(['.s3-cf-sync.json']);
    const written = JSON.parse(await fw.world.body(record ?? ''));
    expect(written.status).toBe('failed');
    expect(written.changes.filter((change: { after?: unknown }) => change.after)).toEqual([]);
  });
});

// IAM wildcards: `*` any run of characters, `?` one character.
function iamMatches(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('*', '.*').replaceAll('?', '.')}$`).test(value);
}

/** Whether the policy allows `action` on `resource`; `s3Prefix` is the request's s3:prefix. */
function allows(policy: PolicyDocument, action: string, resource: string, s3Prefix = ''): boolean {
  return policy.Statement.some(
    (statement) =>
      statement.Action.includes(action) &&
      [statement.Resource].flat().some((pattern) => iamMatches(pattern, resource)) &&
      (statement.Condition === undefined ||
        statement.Condition.StringLike['s3:prefix'].some((pattern) =>
          iamMatches(pattern, s3Prefix),
        )),
  );
}

interface Authorisation {
  readonly action: string;
  readonly resource: string;
  readonly s3Prefix?: string;
}

/** What S3 authorises a recorded request as: the proxy's model of IAM, not src/aws/permissions.ts. */
function authorisationsOf({ operation, bucket, key, headers, ...record }: S3RequestRecord) {
  const objectArn = (k: string | undefined) => `arn:aws:s3:::${bucket}/${k}`;
  const needs: Authorisation[] = [];
  if (operation === 'ListObjectsV2') {
    const s3Prefix = new URL(record.url, 'http://s3').searchParams.get('prefix') ?? '';
    needs.push({ action: iamActionOf(operation), resource: `arn:aws:s3:::${bucket}`, s3Prefix });
  } else if (operation === 'DeleteObjects') {
    for (const k of record.deleteKeys ?? []) {
      needs.push({ action: iamActionOf(operation), resource: objectArn(k) });
    }
  } else {
    needs.push({ action: iamActionOf(operation), resource: objectArn(key) });
  }
  const source = headers['x-amz-copy-source'];
  if (source !== undefined) {
    needs.push({ action: 's3:GetObject', resource: `arn:aws:s3:::${decodeURIComponent(source)}` });
  }
  if (
    Object.keys(headers).some((name) => name === 'x-amz-acl' || name.startsWith('x-amz-grant-'))
  ) {
    needs.push({ action: 's3:PutObjectAcl', resource: objectArn(key) });
  }
  // A missing key answers 404, not 403, only with s3:ListBucket for that key as s3:prefix.
  if ((operation === 'GetObject' || operation === 'HeadObject') && record.status === 404) {
    needs.push({
      action: 's3:ListBucket',
      resource: `arn:aws:s3:::${bucket}`,
      s3Prefix: key ?? '',
    });
  }
  return needs;
}

/** ListDistributions is authorised on "*"; the other CloudFront actions on the distribution. */
function cloudFrontAuthorisation(request: RecordedRequest): Authorisation {
  const action = `cloudfront:${request.operation}`;
  if (request.operation === 'ListDistributions') return { action, resource: '*' };
  return {
    action,
    resource: `arn:aws:cloudfront::123456789012:distribution/${request.distributionId}`,
  };
}

describe('the minimal policy', () => {
  test('with distribution auto, allows every CloudFront request an auto deploy sends', async () => {
    const attempt = await fw.attempt({ distribution: 'auto', 'wait-for-invalidation': 'true' });
    expect(attempt.error).toBeUndefined();
    const policy = minimalPolicy(attempt.settings);
    const requests = fw.world.cloudFront.requests;
    for (const request of requests) {
      const { action, resource } = cloudFrontAuthorisation(request);
      expect(allows(policy, action, resource), `${action} on ${resource}`).toBe(true);
    }
    const sent = new Set(requests.map((request) => request.operation));
    const cloudFrontOperations = operationsFor(attempt.settings).filter((operation) =>
      [
        'ListDistributions',
        'GetDistributionConfig',
        'CreateInvalidation',
        'GetInvalidation',
      ].includes(operation),
    );
    expect([...sent].sort()).toEqual([...cloudFrontOperations].sort());
    expect(sent).toContain('ListDistributions');
  });

  test('allows every request a deploy with every feature sends, and nothing more', async () => {
    const { proxy, site } = fw;
    proxy.aclsDisabled = true; // bucket-owner-full-control is the one ACL such a bucket accepts
    const large = 'media/talk.webm';
    proxy.multipartEtags.set(`blog/${large}`, { partSize: 8 * MiB });
    writeRandomFile(site.dir, large, 13 * MiB);
    const inputs: Inputs = {
      prefix: 'blog',
      acl: 'bucket-owner-full-control',
      'delete-removed': 'true',
      distribution: DISTRIBUTION,
      'wait-for-invalidation': 'true',
      'multipart-threshold': '5MiB',
    };
    const first = await fw.attempt({ ...inputs, 'cache-control': 'theme/**: max-age=60' });
    expect(first.error).toBeUndefined();

    rmSync(join(site.dir, 'tag/trains/index.html'));
    appendFileSync(join(site.dir, 'index.html'), '<!-- v2 -->');
    const cacheControl = 'theme/**: public, max-age=31536000, immutable';
    const second = await fw.attempt({ ...inputs, 'cache-control': cacheControl });
    expect(second.error).toBeUndefined();
    expect(second.result?.plan.headerUpdates.length).toBeGreaterThan(0);

    writeRandomFile(site.dir, large, 13 * MiB);
    proxy.addRule({ operation: 'UploadPart', respond: 'AccessDenied' });
    const third = await fw.attempt({ ...inputs, 'cache-control': cacheControl });
    expect(failureOf(third)).toContain('s3:PutObject');

    const settings = first.settings;
    const policy = minimalPolicy(settings);
    // UploadPartCopy copies objects above 5 GiB: test/header-rewrite.test.ts checks its needs.
    const known: string[] = operationsFor(settings).filter((name) => name !== 'UploadPartCopy');
    const granted = new Set<string>();
    const check = (operation: string, needs: readonly Authorisation[]) => {
      expect(known, `${operation} is unknown to src/aws/permissions.ts`).toContain(operation);
      const declared = permissionsFor(operation as AwsOperation, settings).map((n) => n.action);
      for (const need of needs) {
        const what = `${operation} needs ${need.action} on ${need.resource}`;
        expect(allows(policy, need.action, need.resource, need.s3Prefix), what).toBe(true);
        if (need.action !== 's3:ListBucket' || operation === 'ListObjectsV2') {
          expect(declared, `${what}: permissionsFor does not say so`).toContain(need.action);
        }
        granted.add(need.action);
      }
    };
    for (const record of proxy.operations) check(record.operation, authorisationsOf(record));
    for (const request of fw.world.cloudFront.requests) {
      check(request.operation, [cloudFrontAuthorisation(request)]);
    }

    const sent = new Set([
      ...proxy.operations.map((record) => record.operation),
      ...fw.world.cloudFront.requests.map((request) => request.operation),
    ]);
    expect([...sent].sort()).toEqual([...known].sort());
    const policyActions = policy.Statement.flatMap((statement) => statement.Action);
    expect(policyActions.sort()).toEqual([...granted].sort());
  });

  test('a dry run needs only reads: every request it sends is in its smaller policy', async () => {
    const { proxy, site, world } = fw;
    const inputs: Inputs = { prefix: 'blog', 'delete-removed': 'true', distribution: DISTRIBUTION };
    expect((await fw.attempt(inputs)).error).toBeUndefined();
    rmSync(join(site.dir, 'tag/trains/index.html'));
    appendFileSync(join(site.dir, 'index.html'), '<!-- v2 -->');
    const [s3Before, cloudFrontBefore] = [
      proxy.operations.length,
      world.cloudFront.requests.length,
    ];
    // Changed rules make the dry run inspect headers too (HeadObject).
    const dryRun = await fw.attempt({
      ...inputs,
      'dry-run': 'true',
      'cache-control': '*: no-cache',
    });
    expect(dryRun.error).toBeUndefined();
    const policy = minimalPolicy(dryRun.settings);
    const s3 = proxy.operations.slice(s3Before);
    const cloudFront = world.cloudFront.requests.slice(cloudFrontBefore);
    for (const record of s3)
      for (const need of authorisationsOf(record))
        expect(allows(policy, need.action, need.resource, need.s3Prefix), record.operation).toBe(
          true,
        );
    for (const request of cloudFront) {
      const resource = `arn:aws:cloudfront::123456789012:distribution/${request.distributionId}`;
      expect(allows(policy, `cloudfront:${request.operation}`, resource)).toBe(true);
    }
    const sent = new Set([...s3, ...cloudFront].map((request) => request.operation));
    expect([...sent].sort()).toEqual([...operationsFor(dryRun.settings)].sort());
  });
});
