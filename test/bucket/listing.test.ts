import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { memoryLogger } from '../../src/base/logger.js';
import { listRemoteObjects } from '../../src/bucket/listing.js';
import { parseSettings } from '../../src/inputs/settings.js';
import { BUCKET, type Inputs, startWorld, type World } from '../support/deploy-world.js';

// Keys that XML must escape, or that a URL decoder would change: our parser reads them from
// the raw response, so they are compared with what the SDK's own deserializer makes of them.
const SPECIAL_KEYS = [
  'a&b.html',
  '<tag>.txt',
  'quote"s\'.txt',
  'space name.html',
  'plus+sign.txt',
  '100%25.txt',
  'café/日本語.html',
  'emoji-😀.png',
  'semi;colon=equals.txt',
];

let world: World;

beforeAll(async () => {
  world = await startWorld();
  // 1,205 objects: two pages of 1,000, so the continuation token is exercised too.
  const keys = [
    ...SPECIAL_KEYS.map((key) => `special/${key}`),
    ...Array.from({ length: 1196 }, (_, i) => `many/page-${String(i).padStart(4, '0')}.html`),
  ];
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(
      keys
        .slice(i, i + 50)
        .map((key, j) => put(world.s3, key, `body ${i + j}`.repeat(1 + (j % 7)))),
    );
  }
}, 60_000);

afterAll(() => world.stop());

function put(s3: S3Client, key: string, body: string) {
  return s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

async function listedBySdk(prefix: string) {
  const objects: Array<{ key: string; size: number; etag: string }> = [];
  let token: string | undefined;
  do {
    const page = await world.s3.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      objects.push({
        key: (object.Key ?? '').slice(prefix.length),
        size: object.Size ?? -1,
        etag: (object.ETag ?? '').replaceAll('"', ''),
      });
    }
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

function listed(inputs: Inputs) {
  const given: Inputs = { endpoint: world.s3Server.endpoint, region: 'us-east-1', dir: '.' };
  const settings = parseSettings((name) => ({ ...given, ...inputs })[name] ?? '');
  const logger = memoryLogger();
  return listRemoteObjects(createDeployContext(settings, createClients(settings), logger));
}

describe('listRemoteObjects against s3rver', () => {
  it('reads keys with XML-special and non-ASCII characters exactly as the SDK does', async () => {
    const ours = await listed({ bucket: BUCKET, prefix: 'special/' });
    expect(ours.map((object) => object.key).sort()).toEqual([...SPECIAL_KEYS].sort());
    expect(ours).toEqual(await listedBySdk('special/'));
    for (const object of ours) expect(object.etag).toMatch(/^[0-9a-f]{32}$/);
  });

  it('follows the continuation token over pages of 1,000', async () => {
    const ours = await listed({ bucket: BUCKET, prefix: 'many/' });
    expect(ours).toHaveLength(1196);
    expect(new Set(ours.map((object) => object.key)).size).toBe(1196);
    expect(ours).toEqual(await listedBySdk('many/'));
  });

  it('names the failure when the bucket does not exist', async () => {
    await expect(listed({ bucket: 'no-such-bucket' })).rejects.toThrow(
      /NoSuchBucket|does not exist/,
    );
  });
});
