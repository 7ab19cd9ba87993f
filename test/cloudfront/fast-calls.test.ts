import { mkdtempSync, rmSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetDistributionConfigCommand,
} from '@aws-sdk/client-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOUDFRONT_API,
  createFastCloudFront,
  fastCloudFrontTarget,
  signedCloudFrontRequest,
} from '../../src/aws/fast-cloudfront.js';
import { USER_AGENT } from '../../src/aws/fast-s3.js';
import { distributionConfigOf, invalidationBatchXml } from '../../src/cloudfront/cloudfront-xml.js';
import { type CloudFrontServer, startCloudFrontServer } from '../support/cloudfront-server.js';
import { keysOnly as keysOnlyIn, type SentRequest, signedBySdk } from '../support/signed-by-sdk.js';

// The deploy's two CloudFront calls without the SDK (src/aws/fast-cloudfront.ts). The oracle
// is the SDK's CloudFront client, built as src/aws/clients.ts builds it, each request stopped
// after signing (test/support/signed-by-sdk.ts) and compared byte for byte: URL, method, body,
// every header we sign. The loopback endpoint then answers both the same way, ours and the SDK's.

const savedEnvironment = { ...process.env };
let home = '';

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'fast-cloudfront-'));
});
afterAll(() => {
  process.env = savedEnvironment;
  rmSync(home, { recursive: true, force: true });
});

const keysOnly = (extra: Record<string, string> = {}) => keysOnlyIn(home, savedEnvironment, extra);

/** What the SDK's client would send for `command` under `env`. */
async function sdkSends(
  env: NodeJS.ProcessEnv,
  command: GetDistributionConfigCommand | CreateInvalidationCommand,
): Promise<SentRequest> {
  process.env = env;
  const client = new CloudFrontClient({ region: 'us-east-1', maxAttempts: 1 });
  try {
    const [sent] = await signedBySdk(client, [command]);
    if (!sent || sent instanceof Error) throw sent ?? new Error('nothing was sent');
    return sent;
  } finally {
    client.destroy();
    process.env = savedEnvironment;
  }
}

const dateOf = (amzDate: string) =>
  new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`,
  );

const ID = 'E2EXAMPLE123';
const REFERENCE = 's3-cf-sync-1a2b3c4d5e6f-1';
// Paths as the action sends them: percent-encoded, with wildcards and XML's special characters.
const PATHS = ['/*', '/posts/c%2B%2B%20tips/', "/a&b/<x>/'q'\"", '/%E6%97%A5%E6%9C%AC/index.html'];

const ENVIRONMENTS: Record<string, string>[] = [
  {},
  { AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr//+token=' },
  { AWS_ENDPOINT_URL_CLOUDFRONT: 'http://127.0.0.1:4569' },
  { AWS_ENDPOINT_URL: 'https://cloudfront.example.com:8443' },
  {
    AWS_ENDPOINT_URL: 'https://ignored.example.com',
    AWS_ENDPOINT_URL_CLOUDFRONT: 'http://[::1]:9000',
  },
  { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' },
];

describe('our CloudFront requests against the SDK', () => {
  it('go to the URL the SDK uses, with its body, signed as it signs them', async () => {
    for (const extra of ENVIRONMENTS) {
      const env = keysOnly(extra);
      const target = fastCloudFrontTarget(env, () => false);
      expect(target, JSON.stringify(extra)).toBeDefined();
      if (!target) continue;
      const calls = [
        {
          command: new GetDistributionConfigCommand({ Id: ID }),
          method: 'GET' as const,
          path: `${CLOUDFRONT_API}/distribution/${ID}/config`,
          body: undefined,
        },
        {
          command: new CreateInvalidationCommand({
            DistributionId: ID,
            InvalidationBatch: {
              CallerReference: REFERENCE,
              Paths: { Quantity: PATHS.length, Items: PATHS },
            },
          }),
          method: 'POST' as const,
          path: `${CLOUDFRONT_API}/distribution/${ID}/invalidation`,
          body: invalidationBatchXml(REFERENCE, PATHS),
        },
      ];
      for (const { command, method, path, body } of calls) {
        const label = `${JSON.stringify(extra)} ${method}`;
        const sdk = await sdkSends(env, command);
        const ours = signedCloudFrontRequest(
          target,
          method,
          path,
          body === undefined ? undefined : Buffer.from(body),
          dateOf(sdk.headers['x-amz-date'] ?? ''),
        );
        const port = sdk.port ? `:${sdk.port}` : '';
        expect(
          `${ours.protocol}//${ours.hostname.includes(':') ? `[${ours.hostname}]` : ours.hostname}${ours.port ? `:${ours.port}` : ''}${ours.path}`,
          label,
        ).toBe(`${sdk.protocol}//${sdk.hostname}${port}${sdk.path}`);
        expect(ours.method, label).toBe(sdk.method);
        if (body !== undefined) expect(body, label).toBe(sdk.body);
        for (const [name, value] of Object.entries(ours.headers))
          expect(sdk.headers[name], `${label} ${name}`).toBe(value);
        expect(ours.headers.authorization, label).toMatch(
          /\/us-east-1\/cloudfront\/aws4_request, /,
        );
      }
    }
  });

  it('are left to the SDK where it might sign or send them otherwise', () => {
    const withFiles = (path: string) => path.endsWith('/.aws/config');
    for (const env of [
      keysOnly({ AWS_PROFILE: 'deploy' }),
      keysOnly({ AWS_USE_FIPS_ENDPOINT: 'true' }),
      keysOnly({ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
      keysOnly({ AWS_ENDPOINT_URL_CLOUDFRONT: 'https://proxy.example.com/base' }),
      { ...keysOnly(), AWS_ACCESS_KEY_ID: '' },
    ])
      expect(
        fastCloudFrontTarget(env, () => false),
        JSON.stringify(env.AWS_PROFILE),
      ).toBeUndefined();
    expect(fastCloudFrontTarget(keysOnly(), withFiles)).toBeUndefined();
  });
});

describe('our CloudFront requests against the loopback endpoint', () => {
  let server: CloudFrontServer;
  const origins = [
    { domainName: 'site.s3.us-east-1.amazonaws.com', originPath: '/blog' },
    { domainName: 'api.example.com' },
    { domainName: 'site.s3-website.eu-west-1.amazonaws.com', originPath: '/a&b' },
  ];
  beforeAll(async () => {
    server = await startCloudFrontServer({
      distributions: [{ id: ID, origins, defaultRootObject: 'home.html' }, 'E3OTHER45678'],
    });
  });
  afterAll(() => server.stop());

  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent() };
  const fastClient = () =>
    createFastCloudFront(
      agents,
      10_000,
      undefined,
      keysOnly({ AWS_ENDPOINT_URL_CLOUDFRONT: server.endpoint }),
    );

  it('read the config as the SDK reads it', async () => {
    const fast = fastClient();
    for (const id of [ID, 'E3OTHER45678']) {
      const answer = await fast?.get(`${CLOUDFRONT_API}/distribution/${id}/config`);
      const ours = distributionConfigOf(answer?.body.toString('utf8') ?? '');
      const sdk = new CloudFrontClient({
        region: 'us-east-1',
        endpoint: server.endpoint,
        credentials: { accessKeyId: 'A', secretAccessKey: 'B' },
      });
      const theirs = (await sdk.send(new GetDistributionConfigCommand({ Id: id })))
        .DistributionConfig;
      sdk.destroy();
      expect(ours?.DefaultRootObject).toBe(theirs?.DefaultRootObject);
      const pick = (
        items: { DomainName?: string | undefined; OriginPath?: string | undefined }[] | undefined,
      ) => (items ?? []).map(({ DomainName, OriginPath }) => ({ DomainName, OriginPath }));
      expect(pick(ours?.Origins?.Items)).toEqual(pick(theirs?.Origins?.Items));
    }
    expect(server.requests.filter((request) => request.userAgent === USER_AGENT)).toHaveLength(2);
  });

  it('create the invalidation the batch names, and throw a refusal as the SDK does', async () => {
    const fast = fastClient();
    const answer = await fast?.post(
      `${CLOUDFRONT_API}/distribution/${ID}/invalidation`,
      invalidationBatchXml(REFERENCE, PATHS),
    );
    expect(answer?.status).toBe(201);
    const [created] = server.invalidations(ID);
    expect(created?.paths).toEqual(PATHS);
    const unknown = await fast
      ?.get(`${CLOUDFRONT_API}/distribution/E9UNKNOWN9999/config`)
      .catch((error: unknown) => error);
    const sdk = new CloudFrontClient({
      region: 'us-east-1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'A', secretAccessKey: 'B' },
    });
    const theirs = await sdk
      .send(new GetDistributionConfigCommand({ Id: 'E9UNKNOWN9999' }))
      .catch((error: unknown) => error);
    sdk.destroy();
    expect(unknown).toBeInstanceOf(Error);
    expect((unknown as Error).name).toBe((theirs as Error).name);
    expect((unknown as Error).message).toBe((theirs as Error).message);
    expect((unknown as { $metadata: unknown }).$metadata).toMatchObject({ httpStatusCode: 404 });
  });
});
