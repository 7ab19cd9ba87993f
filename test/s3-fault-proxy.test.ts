import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { FaultResponse } from './support/s3-errors.js';
import { type S3FaultProxy, startS3FaultProxy } from './support/s3-fault-proxy.js';
import { awsMultipartEtag, MultipartEtagHasher } from './support/s3-multipart-etags.js';
import { s3OperationOf } from './support/s3-routing.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './support/s3-server.js';

const MiB = 1024 * 1024;
let server: S3Server;
let proxy: S3FaultProxy;

beforeAll(async () => {
  server = await startS3Server(['site']);
  proxy = await startS3FaultProxy(server.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});
beforeEach(() => {
  proxy.clearRules();
  proxy.operations.length = 0;
  proxy.aclsDisabled = false;
  proxy.multipartEtags.clear();
});

function client(config: S3ClientConfig = {}, endpoint = proxy.endpoint): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    ...config,
  });
}

interface SdkError {
  name: string;
  code?: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the request to fail');
}

const put = (s3: S3Client, key: string, body: string | Buffer = key) =>
  s3.send(new PutObjectCommand({ Bucket: 'site', Key: key, Body: body }));
const listKeys = async (s3: S3Client, Prefix = '') =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: 'site', Prefix }))).Contents ?? []).map(
    (o) => o.Key,
  );
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest();

/** Written apart from the proxy's helpers on purpose: md5 of each part's binary md5, then -N. */
function independentMultipartEtag(bytes: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += partSize) {
    digests.push(md5(bytes.subarray(start, start + partSize)));
  }
  return `${md5(Buffer.concat(digests)).toString('hex')}-${digests.length}`;
}

test('passes Put, List, Get and DeleteObjects through and records each as an S3 operation', async () => {
  const s3 = client();
  const keys = ['index.html', 'posts/c++ tips/index.html', 'ünï/runtime~main.js'];
  for (const key of keys) {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'site',
        Key: key,
        Body: `<p>${key}</p>`,
        ContentMD5: md5(`<p>${key}</p>`).toString('base64'),
        CacheControl: 'max-age=60',
        Metadata: { md5: md5(key).toString('hex') },
      }),
    );
  }
  expect(await listKeys(s3)).toEqual([...keys].sort());
  const got = await s3.send(new GetObjectCommand({ Bucket: 'site', Key: keys[1] }));
  expect(await got.Body?.transformToString()).toBe(`<p>${keys[1]}</p>`);
  const deleted = await s3.send(
    new DeleteObjectsCommand({
      Bucket: 'site',
      Delete: { Objects: keys.map((Key) => ({ Key })) },
    }),
  );
  expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual([...keys].sort());
  expect(deleted.Errors).toBeUndefined();
  expect(await listKeys(s3)).toEqual([]);

  const ops = proxy.operations;
  expect(ops.map((o) => o.operation)).toEqual([
    ...keys.map(() => 'PutObject'),
    'ListObjectsV2',
    'GetObject',
    'DeleteObjects',
    'ListObjectsV2',
  ]);
  expect(ops.every((o) => o.status === 200 && o.fault === null)).toBe(true);
  expect(ops.slice(0, 3).map((o) => o.key)).toEqual(keys);
  expect(ops[0]?.headers).toMatchObject({
    'cache-control': 'max-age=60',
    'content-md5': md5('<p>index.html</p>').toString('base64'),
    'x-amz-meta-md5': md5('index.html').toString('hex'),
  });
  expect(ops[0]?.headers['x-amz-acl']).toBeUndefined();
  expect(ops[5]).toMatchObject({ bucket: 'site', key: undefined, deleteKeys: keys });
  // The SDK names most operations in an `x-id` query parameter: the derivation agrees.
  for (const op of ops) {
    const xId = new URLSearchParams(op.url.split('?')[1]).get('x-id');
    if (xId !== null) expect(op.operation).toBe(xId);
  }
});

test('s3OperationOf names operations from method, path-style URL and headers', () => {
  const cases: [string, string, IncomingHttpHeaders, string][] = [
    ['GET', '/', {}, 'ListBuckets'],
    ['GET', '/site?list-type=2&prefix=a', {}, 'ListObjectsV2'],
    ['GET', '/site/?list-type=2', {}, 'ListObjectsV2'],
    ['GET', '/site?prefix=a', {}, 'ListObjects'],
    ['HEAD', '/site', {}, 'HeadBucket'],
    ['GET', '/site?acl', {}, 'GetBucketAcl'],
    ['PUT', '/site?policy', {}, 'PutBucketPolicy'],
    ['GET', '/site?uploads', {}, 'ListMultipartUploads'],
    ['GET', '/site/a/b.html?x-id=GetObject', {}, 'GetObject'],
    ['HEAD', '/site/a', {}, 'HeadObject'],
    ['PUT', '/site/a?x-id=PutObject', {}, 'PutObject'],
    ['PUT', '/site/a', { 'x-amz-copy-source': '/site/a' }, 'CopyObject'],
    ['DELETE', '/site/a', {}, 'DeleteObject'],
    ['POST', '/site?delete', {}, 'DeleteObjects'],
    ['POST', '/site/big?uploads', {}, 'CreateMultipartUpload'],
    ['PUT', '/site/big?partNumber=2&uploadId=u1', {}, 'UploadPart'],
    [
      'PUT',
      '/site/big?partNumber=2&uploadId=u1',
      { 'x-amz-copy-source': '/s/k' },
      'UploadPartCopy',
    ],
    ['POST', '/site/big?uploadId=u1', {}, 'CompleteMultipartUpload'],
    ['DELETE', '/site/big?uploadId=u1', {}, 'AbortMultipartUpload'],
    ['GET', '/site/big?uploadId=u1', {}, 'ListParts'],
    ['PUT', '/site/a?acl', {}, 'PutObjectAcl'],
    ['GET', '/site/a?acl', {}, 'GetObjectAcl'],
    ['PUT', '/site/a?tagging', {}, 'PutObjectTagging'],
  ];
  for (const [method, url, headers, operation] of cases) {
    expect(`${method} ${url} ${s3OperationOf(method, url, headers)}`).toBe(
      `${method} ${url} ${operation}`,
    );
  }
});

test('forwards the Host header unchanged (the SDK signs it)', async () => {
  const seen: IncomingHttpHeaders[] = [];
  const echo = createServer((req, res) => {
    seen.push(req.headers);
    req.resume().on('end', () => res.writeHead(200, { etag: '"x"' }).end());
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoProxy = await startS3FaultProxy(
    `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
  );
  try {
    await put(client({}, echoProxy.endpoint), 'a');
    expect(seen[0]?.host).toBe(`127.0.0.1:${echoProxy.port}`);
    expect(seen[0]?.authorization).toMatch(/SignedHeaders=[^,]*\bhost\b/);
  } finally {
    await echoProxy.stop();
    await new Promise((resolve) => echo.close(resolve));
  }
});

test('s3rver checks the access key id, not the SigV4 signature itself', async () => {
  // So a proxy that rewrote Host would still pass here; this one keeps it as real S3 needs.
  const wrongSecret = client({ credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'wrong' } });
  await expect(put(wrongSecret, 'signed-wrong')).resolves.toBeDefined();
  const wrongKey = client({ credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'S3RVER' } });
  expect((await failure(put(wrongKey, 'signed-wrong'))).name).toBe('InvalidAccessKeyId');
});

describe('faults', () => {
  const errors: [FaultResponse, number][] = [
    ['SlowDown', 503],
    ['InternalError', 500],
    ['ServiceUnavailable', 503],
    ['AccessDenied', 403],
    ['AccessControlListNotSupported', 400],
    ['NoSuchBucket', 404],
  ];

  test.each(errors)(
    '%s surfaces in the SDK as that error with status %i',
    async (respond, status) => {
      const s3 = client();
      proxy.addRule({ operation: 'PutObject', respond });
      const error = await failure(put(s3, `fault/${respond}`));
      expect(error.name).toBe(respond);
      expect(error.$metadata?.httpStatusCode).toBe(status);
      expect(proxy.operations).toMatchObject([{ operation: 'PutObject', status, fault: respond }]);
      // Nothing reached s3rver.
      const direct = client({}, server.endpoint);
      expect(
        (
          await failure(
            direct.send(new HeadObjectCommand({ Bucket: 'site', Key: `fault/${respond}` })),
          )
        ).name,
      ).toBe('NotFound');
    },
  );

  test('AccessDenied names the IAM action and resource as S3 does', async () => {
    const s3 = client();
    proxy.addRule({ respond: 'AccessDenied' });
    expect((await failure(put(s3, 'docs/a b.html'))).message).toBe(
      'User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: s3:PutObject ' +
        'on resource: "arn:aws:s3:::site/docs/a b.html" because no identity-based policy allows ' +
        'the s3:PutObject action',
    );
    expect((await failure(listKeys(s3))).message).toContain(
      's3:ListBucket on resource: "arn:aws:s3:::site" because',
    );
  });

  test('a HEAD error has no body, as from S3: the SDK knows only the status', async () => {
    const s3 = client();
    await put(s3, 'head-me');
    const head = () => s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'head-me' }));
    for (const [respond, name, status] of [
      ['AccessDenied', 'Unknown', 403],
      ['SlowDown', 'Unknown', 503],
      ['NoSuchBucket', 'NotFound', 404],
    ] as const) {
      const rule = proxy.addRule({ operation: 'HeadObject', respond });
      const error = await failure(head());
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual([name, status]);
      rule.remove();
    }
    await expect(head()).resolves.toMatchObject({ ContentLength: 7 });
  });

  test('reset closes the connection without an answer; the SDK retries it', async () => {
    proxy.addRule({ operation: 'PutObject', respond: 'reset', times: 1 });
    const error = await failure(put(client(), 'reset-me'));
    expect(error.code).toBe('ECONNRESET'); // the SDK names it TimeoutError, to retry it
    expect(proxy.operations).toMatchObject([
      { operation: 'PutObject', status: null, fault: 'reset' },
    ]);

    proxy.addRule({ operation: 'PutObject', respond: 'reset', times: 1 });
    await put(client({ maxAttempts: 2 }), 'reset-me');
    expect(proxy.operations.map((o) => o.fault)).toEqual(['reset', 'reset', null]);
  });

  test('hang never answers: a request timeout fails it only with throwOnRequestTimeout', async () => {
    proxy.addRule({ operation: 'GetObject', respond: 'hang' });
    const get = new GetObjectCommand({ Bucket: 'site', Key: 'any' });
    const timeout = { requestTimeout: 200, throwOnRequestTimeout: true };
    const error = await failure(client({ requestHandler: timeout }).send(get));
    expect([error.name, error.code]).toEqual(['TimeoutError', 'ETIMEDOUT']);
    expect(proxy.operations).toMatchObject([
      { operation: 'GetObject', status: null, fault: 'hang' },
    ]);
    // By default the SDK only logs a warning when requestTimeout passes, and keeps waiting.
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: unknown) => warnings.push(m) };
    const quiet = client({ requestHandler: { requestTimeout: 200 }, logger });
    const aborted = await failure(quiet.send(get, { abortSignal: AbortSignal.timeout(1000) }));
    expect(aborted.name).toBe('AbortError');
    expect(String(warnings[0])).toContain('throwOnRequestTimeout=true');
  });

  test('the SDK retries SlowDown and InternalError, and succeeds once the faults stop', async () => {
    proxy.addRule({ operation: 'PutObject', respond: 'SlowDown', times: 1 });
    proxy.addRule({ operation: 'PutObject', respond: 'InternalError', times: 1 });
    await put(client({ maxAttempts: 3 }), 'retried');
    expect(proxy.operations.map((o) => o.status)).toEqual([503, 500, 200]);
  });

  test('every: 3 fails exactly every third matching request', async () => {
    const s3 = client();
    const rule = proxy.addRule({ operation: ['PutObject'], every: 3, respond: 'SlowDown' });
    const outcomes: string[] = [];
    for (let i = 1; i <= 9; i++) {
      await listKeys(s3); // not matched, not counted
      outcomes.push(
        await put(s3, `every/${i}`).then(
          () => 'ok',
          (error: SdkError) => error.name,
        ),
      );
    }
    expect(outcomes).toEqual([
      'ok',
      'ok',
      'SlowDown',
      'ok',
      'ok',
      'SlowDown',
      'ok',
      'ok',
      'SlowDown',
    ]);
    expect([rule.matched, rule.fired]).toEqual([9, 3]);
  });

  test('timesPerKey: with every: 2, a key faulted once is let through on its next turns', async () => {
    const s3 = client();
    const rule = proxy.addRule({
      operation: 'PutObject',
      every: 2,
      timesPerKey: 1,
      respond: 'SlowDown',
    });
    const outcomes: string[] = [];
    // One key sent again and again lands on every second request each time.
    for (let i = 1; i <= 6; i++) {
      outcomes.push(
        await put(s3, 'same').then(
          () => 'ok',
          (error: SdkError) => error.name,
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'SlowDown', 'ok', 'ok', 'ok', 'ok']);
    expect(
      await put(s3, 'other').then(
        () => 'ok',
        (error: SdkError) => error.name,
      ),
    ).toBe('ok');
    expect(
      await put(s3, 'third').then(
        () => 'ok',
        (error: SdkError) => error.name,
      ),
    ).toBe('SlowDown');
    expect([rule.matched, rule.fired]).toEqual([8, 2]);
  });

  test('rules match by key (string or RegExp) and bucket, in order, up to `times`', async () => {
    const s3 = client();
    proxy.addRule({ key: 'exact.html', respond: 'InternalError', times: 2 });
    proxy.addRule({ bucket: 'site', key: /\.css$/, respond: 'AccessDenied' });
    proxy.addRule({ bucket: 'other', respond: 'NoSuchBucket' });
    const name = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: SdkError) => error.name,
      );
    expect(await name(put(s3, 'exact.html'))).toBe('InternalError');
    expect(await name(put(s3, 'exact.html'))).toBe('InternalError');
    expect(await name(put(s3, 'exact.html'))).toBe('ok');
    expect(await name(put(s3, 'style.css'))).toBe('AccessDenied');
    expect(await name(put(s3, 'style.css.map'))).toBe('ok');
    expect(await name(listKeys(s3))).toBe('ok'); // keyed rules never match a keyless request
  });
});

test('aclsDisabled refuses any ACL but bucket-owner-full-control, like bucket owner enforced', async () => {
  const s3 = client();
  proxy.aclsDisabled = true;
  const withAcl = (ACL?: 'public-read' | 'bucket-owner-full-control') =>
    s3.send(
      new PutObjectCommand({ Bucket: 'site', Key: 'acl.html', Body: 'x', ...(ACL && { ACL }) }),
    );
  const error = await failure(withAcl('public-read'));
  expect([error.name, error.$metadata?.httpStatusCode, error.message]).toEqual([
    'AccessControlListNotSupported',
    400,
    'The bucket does not allow ACLs',
  ]);
  await withAcl('bucket-owner-full-control');
  await withAcl();
  const setAcl = s3.send(
    new PutObjectAclCommand({ Bucket: 'site', Key: 'acl.html', ACL: 'public-read' }),
  );
  expect((await failure(setAcl)).name).toBe('AccessControlListNotSupported');
  expect(proxy.operations.map((o) => [o.operation, o.headers['x-amz-acl'], o.status])).toEqual([
    ['PutObject', 'public-read', 400],
    ['PutObject', 'bucket-owner-full-control', 200],
    ['PutObject', undefined, 200],
    ['PutObjectAcl', 'public-read', 400],
  ]);
  proxy.aclsDisabled = false;
  await withAcl('public-read');
});

test('AccessDenied in DeleteObjects is per key, in a 200 DeleteResult, as S3 authorises it', async () => {
  const s3 = client();
  // Flat keys: s3rver's DeleteObjects often fails with InternalError when it empties a
  // "directory" of several keys (its concurrent cleanup of empty directories races).
  const keys = ['del-old-a.html', 'del-old-b.html', 'del-keep-c.html', 'del-keep-d.html'];
  for (const key of keys) await put(s3, key);
  const deleteAll = () =>
    s3.send(
      new DeleteObjectsCommand({
        Bucket: 'site',
        Delete: { Objects: keys.map((Key) => ({ Key })) },
      }),
    );

  const rule = proxy.addRule({
    operation: 'DeleteObjects',
    key: /^del-keep-/,
    respond: 'AccessDenied',
  });
  const partial = await deleteAll();
  expect(partial.Deleted?.map((d) => d.Key).sort()).toEqual(['del-old-a.html', 'del-old-b.html']);
  expect(partial.Errors).toEqual([
    { Key: 'del-keep-c.html', Code: 'AccessDenied', Message: 'Access Denied' },
    { Key: 'del-keep-d.html', Code: 'AccessDenied', Message: 'Access Denied' },
  ]);
  expect(await listKeys(s3, 'del-')).toEqual(['del-keep-c.html', 'del-keep-d.html']);
  expect([rule.matched, rule.fired]).toEqual([2, 2]); // counted per matching key
  expect(proxy.operations.at(-2)).toMatchObject({
    status: 200,
    fault: 'AccessDenied',
    deleteKeys: keys,
  });

  rule.remove();
  proxy.addRule({ operation: 'DeleteObjects', respond: 'AccessDenied' });
  const none = await deleteAll();
  expect(none.Deleted).toBeUndefined();
  expect(none.Errors?.map((e) => [e.Key, e.Code])).toEqual(
    keys.map((key) => [key, 'AccessDenied']),
  );
  expect(await listKeys(s3, 'del-')).toEqual(['del-keep-c.html', 'del-keep-d.html']);

  proxy.clearRules();
  proxy.addRule({ operation: 'DeleteObjects', key: 'del-keep-d.html', respond: 'SlowDown' });
  expect((await failure(deleteAll())).name).toBe('SlowDown'); // other faults fail the request
  expect(await listKeys(s3, 'del-')).toEqual(['del-keep-c.html', 'del-keep-d.html']);
});

describe('multipart ETags', () => {
  test('awsMultipartEtag is md5 of the part md5s, -N', () => {
    const bytes = randomBytes(3 * 1000 + 7);
    expect(awsMultipartEtag(bytes, 1000)).toBe(independentMultipartEtag(bytes, 1000));
    expect(awsMultipartEtag(bytes, 1000)).toMatch(/^[0-9a-f]{32}-4$/);
    expect(awsMultipartEtag(bytes, bytes.length)).toBe(`${md5(md5(bytes)).toString('hex')}-1`);
    const hasher = new MultipartEtagHasher(1000);
    for (let at = 0; at < bytes.length; at += 333) hasher.update(bytes.subarray(at, at + 333));
    expect(hasher.digest()).toBe(awsMultipartEtag(bytes, 1000));
  });

  test('a 12 MB object in 5 MiB parts shows "…-3" in listings, HeadObject and GetObject', async () => {
    const s3 = client();
    const body = randomBytes(12_000_000);
    const expected = `"${independentMultipartEtag(body, 5 * MiB)}"`;
    expect(expected).toMatch(/^"[0-9a-f]{32}-3"$/);
    await put(s3, 'big.bin', body);
    await put(s3, 'small.txt', 'small');
    proxy.multipartEtags.set('big.bin', { partSize: 5 * MiB });

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'site', Prefix: '' }));
    const etags = Object.fromEntries((listed.Contents ?? []).map((o) => [o.Key, o.ETag]));
    expect(etags['big.bin']).toBe(expected);
    expect(etags['small.txt']).toBe(`"${md5('small').toString('hex')}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'big.bin' }));
    expect([head.ETag, head.ContentLength]).toEqual([expected, body.length]);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'site', Key: 'big.bin' }));
    expect(got.ETag).toBe(expected);
    expect(md5(Buffer.from((await got.Body?.transformToByteArray()) ?? []))).toEqual(md5(body));
    // Straight from s3rver, the ETag stays the plain MD5.
    const direct = await client({}, server.endpoint).send(
      new HeadObjectCommand({ Bucket: 'site', Key: 'big.bin' }),
    );
    expect(direct.ETag).toBe(`"${md5(body).toString('hex')}"`);

    // Overwritten, the object gets the ETag of its new bytes; a fixed ETag is taken as given.
    const changed = randomBytes(6 * MiB);
    await put(s3, 'big.bin', changed);
    const again = await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'big.bin' }));
    expect(again.ETag).toBe(`"${independentMultipartEtag(changed, 5 * MiB)}"`);
    proxy.multipartEtags.set('small.txt', { etag: '0123456789abcdef0123456789abcdef-2' });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'small.txt' }))).ETag).toBe(
      '"0123456789abcdef0123456789abcdef-2"',
    );
  });

  test('a real multipart upload through the proxy completes with the AWS ETag', async () => {
    const s3 = client();
    const body = randomBytes(12_000_000);
    const partSize = 5 * MiB;
    proxy.multipartEtags.set('upload.bin', { partSize });
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'site', Key: 'upload.bin' }),
    );
    const parts = [];
    for (let start = 0, PartNumber = 1; start < body.length; start += partSize, PartNumber++) {
      const Body = body.subarray(start, start + partSize);
      const part = await s3.send(
        new UploadPartCommand({ Bucket: 'site', Key: 'upload.bin', UploadId, PartNumber, Body }),
      );
      parts.push({ PartNumber, ETag: part.ETag });
    }
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'site',
        Key: 'upload.bin',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const expected = `"${independentMultipartEtag(body, partSize)}"`;
    expect(done.ETag).toBe(expected);
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'upload.bin' }))).ETag).toBe(
      expected,
    );
    expect(proxy.operations.map((o) => o.operation)).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
      'HeadObject',
    ]);
  });
});
