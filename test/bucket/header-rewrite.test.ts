import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, test } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { permissionsFor } from '../../src/aws/permissions.js';
import { memoryLogger } from '../../src/base/logger.js';
import { copyPartRanges, grantsOf, storedHeadersOf } from '../../src/bucket/header-rewrite.js';
import type { HeaderUpdate } from '../../src/bucket/objects.js';
import { readHeaders, updateAllHeaders } from '../../src/bucket/transfer.js';
import { parseSettings } from '../../src/inputs/settings.js';
import { BUCKET } from '../support/deploy-world.js';
import {
  type FaultWorld,
  failureOf,
  MiB,
  md5,
  startFaultWorld,
  storedBytes,
  writeRandomFile,
} from '../support/fault-world.js';
import { iamActionOf } from '../support/s3-errors.js';
import { ALL_USERS, cannedGrants, OWNER_ID } from '../support/s3-object-acls.js';

const GiB = 1024 * MiB;
const RULES = 'images/**: public, max-age=86400\n*.html: no-cache';

describe('the parts of a multipart copy', () => {
  it('cover every byte once, in this action own part size, within 10,000 parts', () => {
    for (const size of [5 * GiB + 1, 6 * GiB, 100 * GiB, 5 * 1024 * GiB]) {
      const parts = copyPartRanges(size);
      expect(parts.length).toBeLessThanOrEqual(10_000);
      let next = 0;
      for (const [index, part] of parts.entries()) {
        expect(part.PartNumber).toBe(index + 1);
        const [, first, last] = /^bytes=(\d+)-(\d+)$/.exec(part.range)?.map(Number) ?? [];
        expect(first).toBe(next);
        next = (last ?? 0) + 1;
      }
      expect(next).toBe(size);
    }
    expect(copyPartRanges(6 * GiB)).toHaveLength(768); // 8 MiB parts, as uploads use
  });
});

describe('what a rewrite carries over', () => {
  it('keeps every header HeadObject returned that the rules do not set', () => {
    const expires = new Date('2030-01-01T00:00:00Z');
    const stored = storedHeadersOf({
      $metadata: {},
      ContentType: 'application/pdf',
      CacheControl: 'max-age=60',
      ContentLength: 42,
      ContentDisposition: 'attachment; filename="guide.pdf"',
      ContentLanguage: 'de',
      ContentEncoding: 'gzip',
      Expires: expires,
      Metadata: { owner: 'docs-team' },
      WebsiteRedirectLocation: '/new-guide.pdf',
      StorageClass: 'STANDARD_IA',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
      BucketKeyEnabled: true,
      ETag: '"x"',
    });
    expect(stored).toEqual({
      contentType: 'application/pdf',
      cacheControl: 'max-age=60',
      size: 42,
      kept: {
        ContentDisposition: 'attachment; filename="guide.pdf"',
        ContentLanguage: 'de',
        ContentEncoding: 'gzip',
        Expires: expires,
        Metadata: { owner: 'docs-team' },
        WebsiteRedirectLocation: '/new-guide.pdf',
        StorageClass: 'STANDARD_IA',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
        BucketKeyEnabled: true,
      },
    });
    expect(storedHeadersOf({ $metadata: {}, Metadata: {} }).kept).toEqual({});
  });

  it('sends no grant for an object only its owner may access: a plain copy gives that', () => {
    const owner = { ID: 'o' };
    const ownerOnly = [
      { Grantee: { ID: 'o', Type: 'CanonicalUser' as const }, Permission: 'FULL_CONTROL' as const },
    ];
    expect(grantsOf({ Owner: owner, Grants: ownerOnly })).toEqual({});
    expect(grantsOf({ Owner: owner, Grants: [] })).toEqual({});
  });

  it('sends every other grant again, as grant headers of the copy itself', () => {
    const grants = grantsOf({
      Owner: { ID: 'o' },
      Grants: [
        { Grantee: { ID: 'o', Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' },
        { Grantee: { URI: ALL_USERS, Type: 'Group' }, Permission: 'READ' },
        { Grantee: { ID: 'p', Type: 'CanonicalUser' }, Permission: 'READ' },
        {
          Grantee: { EmailAddress: 'a@example.com', Type: 'AmazonCustomerByEmail' },
          Permission: 'READ_ACP',
        },
        { Grantee: { URI: ALL_USERS, Type: 'Group' }, Permission: 'WRITE' },
      ],
    });
    expect(grants).toEqual({
      GrantFullControl: 'id="o"',
      GrantRead: `uri="${ALL_USERS}", id="p"`,
      GrantReadACP: 'emailAddress="a@example.com"',
    });
  });
});

describe('rewriting headers in place', () => {
  let fw: FaultWorld;
  beforeEach(async () => {
    fw = await startFaultWorld();
  });
  afterEach(async () => {
    await fw.stop();
  });

  /** Writes a deployed file again around the proxy, as another tool would, with more headers. */
  async function rewriteAsAnotherTool(key: string) {
    const Body = readFileSync(join(fw.site.dir, key));
    await fw.world.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body,
        ContentType: 'image/png',
        ContentDisposition: 'inline; filename="photo.png"',
        ContentLanguage: 'en-GB',
        Expires: new Date('2031-05-01T00:00:00Z'),
        Metadata: { owner: 'photo-desk' },
        WebsiteRedirectLocation: '/images/photo-large.png',
        StorageClass: 'STANDARD_IA',
      }),
    );
    await fw.world.s3.send(
      new PutObjectTaggingCommand({
        Bucket: BUCKET,
        Key: key,
        Tagging: { TagSet: [{ Key: 'team', Value: 'photos' }] },
      }),
    );
  }

  test('a changed cache rule keeps what another tool set: disposition, language, expiry, metadata, redirect, storage class, tags', async () => {
    await fw.seed();
    await rewriteAsAnotherTool('images/photo.png');

    const run = await fw.attempt({ 'cache-control': RULES });

    expect(run.error).toBeUndefined();
    expect(run.result?.plan.uploads).toEqual([]);
    const head = await fw.world.s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'images/photo.png' }),
    );
    expect(head.CacheControl).toBe('public, max-age=86400');
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentDisposition).toBe('inline; filename="photo.png"');
    expect(head.ContentLanguage).toBe('en-GB');
    expect(head.Expires?.toISOString()).toBe('2031-05-01T00:00:00.000Z');
    expect(head.Metadata).toEqual({ owner: 'photo-desk' });
    expect(head.WebsiteRedirectLocation).toBe('/images/photo-large.png');
    expect(head.StorageClass).toBe('STANDARD_IA');
    // Tags stay because the copy keeps TaggingDirective at its default, COPY.
    const [copy] = fw.requests('CopyObject').filter((r) => r.key === 'images/photo.png');
    expect(copy?.headers['x-amz-tagging-directive']).toBeUndefined();
    const tags = await fw.world.s3.send(
      new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'images/photo.png' }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'team', Value: 'photos' }]);
  });

  test('a public-read object (s3cmd --acl-public) stays public; a private one gets no grant', async () => {
    await fw.seed();
    const publicRead = cannedGrants('public-read');
    fw.proxy.objectAcls.set('index.html', publicRead);

    const run = await fw.attempt({ 'cache-control': RULES });

    expect(run.error).toBeUndefined();
    expect(fw.proxy.objectAcls.get('index.html')).toEqual(publicRead);
    const copies = fw.requests('CopyObject');
    const grantsOfCopy = (key: string) =>
      Object.entries(copies.find((r) => r.key === key)?.headers ?? {}).filter(([name]) =>
        name.startsWith('x-amz-grant-'),
      );
    expect(grantsOfCopy('index.html').sort()).toEqual([
      ['x-amz-grant-full-control', `id="${OWNER_ID}"`],
      ['x-amz-grant-read', `uri="${ALL_USERS}"`],
    ]);
    expect(grantsOfCopy('about/index.html')).toEqual([]);
    // Each ACL is read once, for the objects rewritten only, before the first copy.
    expect(
      fw
        .requests('GetObjectAcl')
        .map((r) => r.key)
        .sort(),
    ).toEqual(copies.map((r) => r.key).sort());
    const kinds = fw.proxy.operations.map((r) => r.operation);
    expect(kinds.lastIndexOf('GetObjectAcl')).toBeLessThan(kinds.indexOf('CopyObject'));
  });

  test('on a bucket with ACLs disabled the rewrite is a plain copy, and succeeds', async () => {
    await fw.seed();
    fw.proxy.aclsDisabled = true;
    const run = await fw.attempt({ 'cache-control': RULES });
    expect(run.error).toBeUndefined();
    const copies = fw.requests('CopyObject');
    expect(copies.length).toBeGreaterThan(10);
    expect(copies.map((r) => r.status)).toEqual(copies.map(() => 200));
  });

  test('a denied GetObjectAcl stops the deploy before anything is written, naming s3:GetObjectAcl and the acl input', async () => {
    await fw.seed();
    writeRandomFile(fw.site.dir, 'images/new.png', 1000);
    fw.proxy.addRule({ operation: 'GetObjectAcl', respond: 'AccessDenied' });

    const message = failureOf(await fw.attempt({ 'cache-control': RULES }));

    expect(message).toContain('Missing permission: s3:GetObjectAcl on arn:aws:s3:::site/* (');
    expect(message).toContain('"acl" input');
    expect(fw.requests('PutObject', 'CopyObject', 'CreateMultipartUpload')).toEqual([]);
  });

  test('with the acl input, no ACL is read and the copy carries that ACL', async () => {
    // s3rver cannot copy a key with "+" in it (FACTS.md), and a new ACL rewrites every object.
    rmSync(join(fw.site.dir, 'extra/c++ tips.txt'));
    await fw.seed();
    const run = await fw.attempt({ 'cache-control': RULES, acl: 'public-read' });
    expect(run.error).toBeUndefined();
    expect(fw.requests('GetObjectAcl')).toEqual([]);
    const copies = fw.requests('CopyObject');
    expect(copies.map((r) => r.headers['x-amz-acl'])).toEqual(copies.map(() => 'public-read'));
  });

  test('grants a store refuses (ACLs disabled since they were read) give way to a plain copy', async () => {
    await fw.seed();
    fw.proxy.objectAcls.set('index.html', cannedGrants('public-read'));
    const inputs: Record<string, string> = {
      dir: fw.site.dir,
      bucket: BUCKET,
      endpoint: fw.proxy.endpoint,
      region: 'us-east-1',
      'cache-control': RULES,
    };
    const settings = parseSettings((name) => inputs[name] ?? '', {});
    const context = createDeployContext(settings, createClients(settings), memoryLogger(), {
      sleep: async () => {},
      now: Date.now,
    });
    const stored = (await readHeaders(context, ['index.html'])).get('index.html');
    expect(stored?.acl).toHaveProperty('GrantRead');
    fw.proxy.aclsDisabled = true;
    const body = readFileSync(join(fw.site.dir, 'index.html'));
    await updateAllHeaders(context, [
      {
        file: { key: 'index.html', path: '', size: body.length, md5: md5(body) },
        etag: md5(body),
        headers: { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' },
        differences: ['Cache-Control'],
        ...(stored ? { stored } : {}),
      },
    ]);
    const copies = fw.requests('CopyObject');
    expect(copies.map((r) => [r.status, 'x-amz-grant-read' in r.headers])).toEqual([
      [400, true],
      [200, false],
    ]);
    expect((await fw.world.head('index.html')).cacheControl).toBe('no-cache');
  });

  describe('an object above the copy limit', () => {
    const KEY = 'media/talk.webm';
    const LIMIT = 10 * MiB;

    /** Seeds a 20 MiB object with extra headers, and plans its rewrite through the proxy. */
    async function planLargeRewrite(etag?: string) {
      const bytes = writeRandomFile(fw.site.dir, KEY, 20 * MiB);
      await fw.seed();
      await fw.world.s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: KEY,
          Body: bytes,
          ContentType: 'video/webm',
          ContentDisposition: 'attachment',
          Metadata: { owner: 'av' },
          StorageClass: 'STANDARD_IA',
        }),
      );
      fw.proxy.maxCopyBytes = LIMIT; // S3 refuses a CopyObject above its limit
      fw.proxy.objectAcls.set(KEY, cannedGrants('public-read'));
      const inputs: Record<string, string> = {
        dir: fw.site.dir,
        bucket: BUCKET,
        endpoint: fw.proxy.endpoint,
        region: 'us-east-1',
        'cache-control': 'media/**: max-age=600',
      };
      const settings = parseSettings((name) => inputs[name] ?? '', {});
      const logger = memoryLogger();
      const context = createDeployContext(settings, createClients(settings), logger, {
        sleep: async () => {},
        now: Date.now,
      });
      const stored = (await readHeaders(context, [KEY])).get(KEY);
      const update: HeaderUpdate = {
        file: { key: KEY, path: join(fw.site.dir, KEY), size: bytes.length, md5: md5(bytes) },
        etag: etag ?? md5(bytes),
        headers: { contentType: 'video/webm', cacheControl: 'max-age=600' },
        differences: ['Cache-Control'],
        ...(stored ? { stored } : {}),
      };
      fw.proxy.operations.length = 0;
      return {
        bytes,
        settings,
        rewrite: () => updateAllHeaders(context, [update], { maxCopyBytes: LIMIT }),
      };
    }

    test('is copied in parts, each only if the object is still the one diffed, keeping everything', async () => {
      const { bytes, settings, rewrite } = await planLargeRewrite();
      await rewrite();

      const sequence = fw.proxy.operations.map((r) => r.operation);
      expect(sequence).toEqual([
        'CreateMultipartUpload',
        'UploadPartCopy',
        'UploadPartCopy',
        'UploadPartCopy',
        'CompleteMultipartUpload',
      ]);
      const [create] = fw.requests('CreateMultipartUpload');
      expect(create?.headers).toMatchObject({
        'cache-control': 'max-age=600',
        'content-type': 'video/webm',
        'content-disposition': 'attachment',
        'x-amz-meta-owner': 'av',
        'x-amz-storage-class': 'STANDARD_IA',
        'x-amz-grant-read': `uri="${ALL_USERS}"`,
      });
      const parts = fw.requests('UploadPartCopy');
      expect(parts.map((r) => r.headers['x-amz-copy-source-range']).sort()).toEqual([
        `bytes=0-${8 * MiB - 1}`,
        `bytes=${16 * MiB}-${20 * MiB - 1}`,
        `bytes=${8 * MiB}-${16 * MiB - 1}`,
      ]);
      expect(parts.map((r) => r.headers['x-amz-copy-source-if-match'])).toEqual(
        parts.map(() => `"${md5(bytes)}"`),
      );
      expect(md5(await storedBytes(fw.world, KEY))).toBe(md5(bytes));
      const head = await fw.world.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
      expect(head.CacheControl).toBe('max-age=600');
      expect(head.ContentDisposition).toBe('attachment');
      expect(head.Metadata).toEqual({ owner: 'av' });
      expect(head.StorageClass).toBe('STANDARD_IA');
      expect(fw.proxy.objectAcls.get(KEY)).toEqual(cannedGrants('public-read'));
      // What src/aws/permissions.ts declares covers what S3 authorises these requests as.
      for (const record of fw.proxy.operations) {
        const declared = permissionsFor(record.operation as 'UploadPartCopy', settings).map(
          (need) => need.action,
        );
        expect(declared).toContain(iamActionOf(record.operation));
        if (record.operation === 'UploadPartCopy') expect(declared).toContain('s3:GetObject');
      }
    });

    test('is left alone, its upload aborted, when it changed since it was diffed', async () => {
      const { bytes, rewrite } = await planLargeRewrite(md5('another version'));
      await expect(rewrite()).rejects.toThrow(/UploadPartCopy failed.*pre-conditions/);
      expect(fw.requests('AbortMultipartUpload')).toHaveLength(1);
      expect(fw.requests('CompleteMultipartUpload')).toEqual([]);
      const head = await fw.world.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
      expect(head.CacheControl).toBeUndefined();
      expect(md5(await storedBytes(fw.world, KEY))).toBe(md5(bytes));
    });
  });
});
