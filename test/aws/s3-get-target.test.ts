import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getCanonicalQuery } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { type FastS3Settings, fastS3Target, targetRequest } from '../../src/aws/s3-get-target.js';
import { pathAndQuery, signS3Request } from '../../src/aws/sigv4.js';
import { keysOnly as keysOnlyIn, type SentRequest, signedBySdk } from '../support/signed-by-sdk.js';

// The oracle is the action's own S3 client (createClients), each request stopped after signing
// (test/support/signed-by-sdk.ts); everything it would send is compared as signed.

let home = '';
const savedEnvironment = { ...process.env };

beforeAll(() => {
  // A home with no ~/.aws, so the SDK reads no shared files, as fastS3Target requires.
  home = mkdtempSync(join(tmpdir(), 's3-get-target-'));
});
afterAll(() => {
  process.env = savedEnvironment;
  rmSync(home, { recursive: true, force: true });
});

const keysOnly = (extra: Record<string, string> = {}) => keysOnlyIn(home, savedEnvironment, extra);

type Command = GetObjectCommand | ListObjectsV2Command | PutObjectCommand;

/** What the action's S3 client sends for each command under this environment, or its error. */
async function sdkSends(
  settings: FastS3Settings,
  env: NodeJS.ProcessEnv,
  commands: readonly Command[],
): Promise<(SentRequest | Error)[]> {
  process.env = env;
  const { s3 } = createClients({ ...settings, concurrency: 1 });
  // The client is built on the first call, under this environment.
  return s3.call(async (client) => {
    try {
      return await signedBySdk(client, commands);
    } finally {
      client.destroy();
      process.env = savedEnvironment;
    }
  });
}

/** `protocol://host[:port]/path?query` as it goes on the wire, the query sorted and encoded. */
function wireUrl(request: SentRequest, query: Record<string, string>): string {
  const port = request.port ? `:${request.port}` : '';
  const queryText = getCanonicalQuery({
    method: 'GET',
    protocol: request.protocol,
    hostname: request.hostname,
    path: request.path,
    headers: {},
    query,
  });
  return `${request.protocol}//${request.hostname}${port}${request.path}${queryText ? `?${queryText}` : ''}`;
}

/** The query without `x-id`, which the SDK adds to name the operation and S3 ignores. */
function withoutOperationId(query: Record<string, string>): Record<string, string> {
  const { 'x-id': _operation, ...rest } = query;
  return rest;
}

const KEY = 'site/pre fix/é 日本 😀/c++ tips/a~b%=&.html';
const LISTING = { Prefix: 'site/pre fix/', StartAfter: 'site/é x+y', MaxKeys: 1000 };
// A PutObject as src/bucket/transfer.ts sends it, and the same as src/aws/fast-s3.ts signs it.
const BODY = Buffer.from('<h1>é</h1>');
const PUT_HEADERS = {
  'content-length': String(BODY.length),
  'content-md5': createHash('md5').update(BODY).digest('base64'),
  'content-type': 'text/html; charset=utf-8',
  'x-amz-acl': 'public-read',
};
const operations = (
  bucket: string,
): { key: string; command: Command; put?: Record<string, string> }[] => [
  {
    key: KEY,
    command: new PutObjectCommand({
      Bucket: bucket,
      Key: KEY,
      Body: BODY,
      ContentLength: BODY.length,
      ContentMD5: PUT_HEADERS['content-md5'],
      ContentType: PUT_HEADERS['content-type'],
      CacheControl: 'max-age=60',
      ACL: 'public-read',
    }),
    put: PUT_HEADERS,
  },
  { key: KEY, command: new GetObjectCommand({ Bucket: bucket, Key: KEY }) },
  {
    key: '/lead//doubled/',
    command: new GetObjectCommand({ Bucket: bucket, Key: '/lead//doubled/' }),
  },
  {
    key: '',
    command: new ListObjectsV2Command({
      Bucket: bucket,
      ...LISTING,
      ContinuationToken: '1x/+Zq==',
    }),
  },
];

/** Asserts that the fast path would send what the SDK sends, signed the same way. */
async function expectSameAsSdk(settings: FastS3Settings, env: NodeJS.ProcessEnv) {
  const target = fastS3Target(settings, env, existsSync);
  if (!target) return false;
  const cases = operations(settings.bucket);
  const sent = await sdkSends(
    settings,
    env,
    cases.map((each) => each.command),
  );
  cases.forEach(({ key, put }, index) => {
    const sdk = sent[index];
    const label = JSON.stringify({
      settings,
      key,
      endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
    });
    if (!(sdk && 'headers' in sdk)) throw new Error(`${label}: the SDK failed: ${String(sdk)}`);
    const query = withoutOperationId(sdk.query);
    const request = targetRequest(target, key, query);
    expect(`${target.origin}${pathAndQuery(request)}`, label).toBe(wireUrl(sdk, query));
    // Signed with the SDK's query (x-id included) and its own date, to compare every byte signed.
    const date = sdk.headers['x-amz-date'] ?? '';
    const now = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13)}`,
    );
    const body = put
      ? {
          method: 'PUT' as const,
          headers: put,
          payloadSha256: createHash('sha256').update(BODY).digest('hex'),
        }
      : {};
    const ours = signS3Request(
      { ...request, query: sdk.query, ...body },
      target.credentials,
      settings.region,
      now,
    );
    if (put) expect(sdk.headers['cache-control'], label).toBe('max-age=60');
    for (const [name, value] of Object.entries(ours))
      expect(sdk.headers[name], `${label} ${name}`).toBe(value);
  });
  return true;
}

// 'www.example.com' has only host-label parts; 'my.ab.bucket' has one too short to be one.
const BUCKETS = ['site', 'www.example.com', '123digits', 'a'.repeat(63), 'my.ab.bucket'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1', 'auto'];
const ENDPOINTS = [
  'http://127.0.0.1:4569',
  'http://localhost:9000',
  'https://minio.example.com',
  'https://minio.example.com:443',
  'https://minio.example.com:8443/',
  'http://minio.example.com',
  'https://Host.Example.com/base/path',
  'https://host.example.com/base/path/',
  'http://[::1]:9000',
  'https://10.0.0.1',
];

describe('fastS3Target against the SDK', () => {
  it('sends every read of the grid to the URL the SDK uses, signed as the SDK signs it', async () => {
    let fast = 0;
    let index = 0;
    for (const bucket of BUCKETS)
      for (const region of REGIONS) {
        const token = (
          index++ % 2 === 0 ? { AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr//+token=' } : {}
        ) as Record<string, string>;
        if (await expectSameAsSdk({ bucket, region, endpoint: undefined }, keysOnly(token))) fast++;
        for (const endpoint of ENDPOINTS) {
          if (await expectSameAsSdk({ bucket, region, endpoint }, keysOnly(token))) fast++;
          for (const variable of ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'])
            if (
              await expectSameAsSdk(
                { bucket, region, endpoint: undefined },
                keysOnly({ ...token, [variable]: endpoint }),
              )
            )
              fast++;
        }
      }
    // Most of the grid takes the fast path; the rest is the SDK's (cn-, us-gov-, 'auto' on AWS...).
    expect(fast).toBeGreaterThan(700);
  });

  it('virtual-hosts a plain bucket on AWS and sends a dotted one path style', () => {
    const settings = { bucket: 'site', region: 'eu-west-1', endpoint: undefined };
    expect(fastS3Target(settings, keysOnly(), existsSync)).toMatchObject({
      origin: 'https://site.s3.eu-west-1.amazonaws.com',
      pathPrefix: '',
    });
    expect(
      fastS3Target({ ...settings, bucket: 'www.example.com' }, keysOnly(), existsSync),
    ).toMatchObject({
      origin: 'https://s3.eu-west-1.amazonaws.com',
      pathPrefix: '/www.example.com',
    });
  });

  it('uses the endpoint input path style, after its base path', () => {
    const settings = {
      bucket: 'site',
      region: 'auto',
      endpoint: 'https://acct.r2.example.com/base/',
    };
    expect(fastS3Target(settings, keysOnly(), existsSync)).toMatchObject({
      origin: 'https://acct.r2.example.com',
      pathPrefix: '/base/site',
    });
  });

  it('virtual-hosts at a configured DNS endpoint, even localhost, and goes path style at an IP address', () => {
    const target = (endpoint: string) =>
      fastS3Target(
        { bucket: 'site', region: 'us-east-1', endpoint: undefined },
        keysOnly({ AWS_ENDPOINT_URL_S3: endpoint }),
        existsSync,
      );
    expect(target('http://localhost:9000')).toMatchObject({
      origin: 'http://site.localhost:9000',
      pathPrefix: '',
    });
    expect(target('http://127.0.0.1:9000')).toMatchObject({
      origin: 'http://127.0.0.1:9000',
      pathPrefix: '/site',
    });
  });

  it('prefers AWS_ENDPOINT_URL_S3 to AWS_ENDPOINT_URL, as the SDK does', async () => {
    const settings = { bucket: 'site', region: 'us-east-1', endpoint: undefined };
    const env = keysOnly({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2',
    });
    expect(fastS3Target(settings, env, existsSync)?.origin).toBe('http://127.0.0.1:2');
    expect(await expectSameAsSdk(settings, env)).toBe(true);
  });

  it('takes the session token from the environment only when it is not empty', () => {
    const settings = { bucket: 'site', region: 'us-east-1', endpoint: undefined };
    expect(
      fastS3Target(settings, keysOnly({ AWS_SESSION_TOKEN: '' }), existsSync)?.credentials,
    ).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });
  });

  it('reads as the SDK with the variables it knows do not move the URL (metadata off, the CA bundle of the CLI)', async () => {
    const settings = { bucket: 'site', region: 'us-east-1', endpoint: undefined };
    const extra = {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
    };
    expect(fastS3Target(settings, keysOnly(extra), existsSync)).toBeDefined();
    expect(await expectSameAsSdk(settings, keysOnly(extra))).toBe(true);
  });

  it('treats an empty AWS_PROFILE as unset, as the SDK does', async () => {
    const settings = { bucket: 'site', region: 'us-east-1', endpoint: undefined };
    expect(await expectSameAsSdk(settings, keysOnly({ AWS_PROFILE: '' }))).toBe(true);
  });

  it('leaves to the SDK the variables that change its URL (the SDK does move for them)', async () => {
    const settings = { bucket: 'site', region: 'us-east-1', endpoint: undefined };
    const host = async (extra: Record<string, string>) => {
      const [sent] = await sdkSends(settings, keysOnly(extra), [
        new GetObjectCommand({ Bucket: 'site', Key: 'k' }),
      ]);
      return sent && 'hostname' in sent ? sent.hostname : String(sent);
    };
    expect(await host({})).toBe('site.s3.us-east-1.amazonaws.com');
    expect(await host({ AWS_USE_FIPS_ENDPOINT: 'true' })).toBe(
      'site.s3-fips.us-east-1.amazonaws.com',
    );
    expect(await host({ AWS_USE_DUALSTACK_ENDPOINT: 'true' })).toBe(
      'site.s3.dualstack.us-east-1.amazonaws.com',
    );
    expect(
      fastS3Target(settings, keysOnly({ AWS_USE_FIPS_ENDPOINT: 'true' }), existsSync),
    ).toBeUndefined();
    expect(
      fastS3Target(settings, keysOnly({ AWS_USE_DUALSTACK_ENDPOINT: 'true' }), existsSync),
    ).toBeUndefined();
  });
});

describe('fastS3Target leaves the read to the SDK', () => {
  const settings: FastS3Settings = { bucket: 'site', region: 'eu-west-1', endpoint: undefined };
  const noFiles = () => false;
  const env = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
    HOME: '/home/runner',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'SECRET',
    ...extra,
  });

  it('takes the fast path in the plain case these tests start from', () => {
    expect(fastS3Target(settings, env(), noFiles)).toBeDefined();
  });

  it.each([
    ['no access key', { AWS_ACCESS_KEY_ID: undefined }],
    ['an empty access key', { AWS_ACCESS_KEY_ID: '' }],
    ['no secret key', { AWS_SECRET_ACCESS_KEY: undefined }],
    ['a profile (the default chain then skips the keys)', { AWS_PROFILE: 'deploy' }],
    ['FIPS endpoints', { AWS_USE_FIPS_ENDPOINT: 'false' }],
    ['dual-stack endpoints', { AWS_USE_DUALSTACK_ENDPOINT: 'true' }],
    ['an S3 setting', { AWS_S3_USE_ARN_REGION: 'true' }],
    ['another S3 setting', { AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS: 'true' }],
    ['an auth scheme preference', { AWS_AUTH_SCHEME_PREFERENCE: 'sigv4a' }],
    ['an AWS variable it does not know', { AWS_SOMETHING_NEW: '1' }],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }],
    ['no home directory to look for ~/.aws in', { HOME: undefined }],
  ])('with %s', (_name, extra) => {
    expect(fastS3Target(settings, env(extra), noFiles)).toBeUndefined();
  });

  it.each([
    ['~/.aws/config', {}, '/home/runner/.aws/config'],
    ['~/.aws/credentials', {}, '/home/runner/.aws/credentials'],
    ['AWS_CONFIG_FILE', { AWS_CONFIG_FILE: '/etc/aws.ini' }, '/etc/aws.ini'],
    ['AWS_CONFIG_FILE under ~', { AWS_CONFIG_FILE: '~/aws.ini' }, '/home/runner/aws.ini'],
    ['AWS_SHARED_CREDENTIALS_FILE', { AWS_SHARED_CREDENTIALS_FILE: '/etc/keys' }, '/etc/keys'],
  ])('when %s exists (it can set endpoint_url and more)', (_name, extra, path) => {
    expect(fastS3Target(settings, env(extra), (candidate) => candidate === path)).toBeUndefined();
    expect(fastS3Target(settings, env(extra), () => false)).toBeDefined();
  });

  it.each([
    'cn-north-1',
    'us-gov-west-1',
    'us-iso-east-1',
    'eusc-de-east-1',
    'aws-global',
    'fips-us-east-1',
    'auto',
  ])('on AWS in region %s (another partition or a pseudo-region)', (region) => {
    expect(fastS3Target({ ...settings, region }, env(), noFiles)).toBeUndefined();
  });

  it.each(['aws-global', 'us-east-1-fips', 'fips-us-east-1'])(
    'at an endpoint with the pseudo-region %s',
    (region) => {
      const custom = { ...settings, region, endpoint: 'https://minio.example.com' };
      expect(fastS3Target(custom, env(), noFiles)).toBeUndefined();
    },
  );

  it.each([
    'https://minio.example.com/?versioning',
    'https://minio.example.com/#x',
    'https://user:pass@minio.example.com',
    'https://minio.example.com/a%20b',
    'https://minio.example.com/a b',
    'ftp://minio.example.com',
    'not a url',
  ])('at the endpoint %s', (endpoint) => {
    expect(fastS3Target({ ...settings, endpoint }, env(), noFiles)).toBeUndefined();
    expect(fastS3Target(settings, env({ AWS_ENDPOINT_URL_S3: endpoint }), noFiles)).toBeUndefined();
  });

  it('at a configured endpoint whose base path ends in a slash (the SDK doubles it before the key)', () => {
    expect(
      fastS3Target(settings, env({ AWS_ENDPOINT_URL: 'https://minio.example.com/base/' }), noFiles),
    ).toBeUndefined();
  });

  it('for a dotted bucket at a configured http IP endpoint (the SDK fails to build the URL)', () => {
    const dotted = { ...settings, bucket: 'my.site' };
    expect(
      fastS3Target(dotted, env({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }), noFiles),
    ).toBeUndefined();
  });

  it.each(['site--usw2-az1--x-s3', 'Site', 'ab', '1.2.3.4', 'my..site', 'a1.2.3.4b'])(
    'for the bucket %s',
    (bucket) => {
      expect(fastS3Target({ ...settings, bucket }, env(), noFiles)).toBeUndefined();
    },
  );
});
