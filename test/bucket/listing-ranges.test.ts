import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { memoryLogger } from '../../src/base/logger.js';
import type { ListedObject } from '../../src/bucket/list-objects-xml.js';
import { pageRequest } from '../../src/bucket/listing.js';
import {
  compareKeys,
  listKeyRanges,
  type PageRequest,
  splitPoints,
} from '../../src/bucket/listing-ranges.js';
import { parseSettings } from '../../src/inputs/settings.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from '../support/s3-server.js';
import { type SortedListingProxy, startSortedListingProxy } from '../support/s3-sorted-listing.js';
import { seededRandom } from '../support/seeded-random.js';

// Ranged listings against one listing from the start, through the real SDK and our page
// parser, on a bucket listed in S3's order (s3rver's own order is its folder walk's: see the
// proxy). Small pages (MaxKeys) make many ranges out of a few hundred keys.
const BUCKET = 'ranges';
// Names that sort around one another: a key and the same key with a character below '/', a
// folder beside a file of its name, and UTF-8 order (U+E000 sorts before U+1F600 in bytes, after
// it in JavaScript's UTF-16 order).
const STEMS = [
  'a',
  'a-b',
  'a.b',
  'a/b',
  'a/b/c',
  'a!',
  'a ~',
  'b',
  'é',
  '\uE000',
  '😀',
  '\uFFFD',
  'z',
];

let server: S3Server;
let proxy: SortedListingProxy;
let universe: string[];

beforeAll(async () => {
  // Credentials from the environment, as in a real job.
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
  server = await startS3Server([BUCKET]);
  proxy = await startSortedListingProxy({ upstreamPort: server.port, directory: server.directory });
  const random = seededRandom(17);
  const names = new Set<string>();
  for (const top of ['p/', 'q/', '']) {
    for (const stem of STEMS) {
      names.add(`${top}${stem}`);
      for (let i = 0; i < 12; i++)
        names.add(`${top}${stem}${i % 3 === 0 ? '/' : '-'}${Math.floor(random() * 1000)}`);
    }
  }
  universe = [...names].sort(compareKeys);
  const s3 = new S3Client({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  for (let i = 0; i < universe.length; i += 25) {
    await Promise.all(
      universe
        .slice(i, i + 25)
        .map((key, j) =>
          s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `body ${i + j}` })),
        ),
    );
  }
}, 60_000);

afterAll(async () => {
  await proxy.stop();
  await server.stop();
});

/** A counting page request for `prefix`, `pageSize` keys a page. */
function requester(
  prefix: string,
  pageSize: number,
): { request: PageRequest; pages: () => number } {
  const inputs: Record<string, string> = {
    bucket: BUCKET,
    prefix,
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    dir: '.',
  };
  const settings = parseSettings((name) => inputs[name] ?? '');
  const context = createDeployContext(settings, createClients(settings), memoryLogger());
  const inner = pageRequest(context, pageSize);
  let pages = 0;
  return {
    request: (startAfter, token) => {
      pages++;
      return inner(startAfter, token);
    },
    pages: () => pages,
  };
}

async function singleListing(prefix: string, pageSize: number): Promise<ListedObject[]> {
  return listKeyRanges(requester(prefix, pageSize).request, undefined, { pageSize, inFlight: 1 });
}

describe('compareKeys', () => {
  it('orders keys as their UTF-8 bytes do', () => {
    const random = seededRandom(3);
    const alphabet = ['a', '/', '-', '~', 'é', '日', '\uE000', '\uFFFD', '😀', '𝄞', '\u0080'];
    const keys = Array.from({ length: 400 }, () =>
      Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join(''),
    );
    const byBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(compareKeys)).toEqual(byBytes);
  });
});

describe('splitPoints', () => {
  it('puts the first point where the page in flight ends, then one every page, none at the end', () => {
    const keys = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    expect(splitPoints(keys, undefined, 10)).toEqual(['k09', 'k19']);
    expect(splitPoints(keys, 'k04', 10)).toEqual(['k14']);
    expect(splitPoints(keys, 'k14', 10)).toEqual([]);
    expect(splitPoints(keys.slice(0, 20), undefined, 10)).toEqual(['k09']);
  });
});

describe('listKeyRanges against a listing from the start', () => {
  const random = seededRandom(29);
  const cases = Array.from({ length: 24 }, (_, i) => ({
    prefix: ['', 'p/', 'q/a', 'none/'][i % 4] as string,
    pageSize: [3, 5, 7, 11][Math.floor(i / 4) % 4] as number,
    // Which keys the local tree has: most, some, none, or keys the bucket lacks.
    share: [0.95, 0.5, 0, 1][Math.floor(i / 2) % 4] as number,
    extra: i % 3 === 0,
    when: (['now', 'after-first-page', 'after-some-pages', 'never'] as const)[i % 4],
    seed: i,
  }));

  it.each(cases)(
    '$prefix, pages of $pageSize, share $share, extra keys $extra, keys known $when',
    async (c) => {
      const expected = universe
        .filter((key) => key.startsWith(c.prefix) && random() < c.share)
        .concat(
          c.extra ? [`${c.prefix}a/only-local`, `${c.prefix}m-only-local`, `${c.prefix}zz`] : [],
        )
        .sort(); // the walk's order (JavaScript's), as the survey hands it over
      const { request, pages } = requester(c.prefix, c.pageSize);
      let release: (keys: string[]) => void = () => {};
      const known = new Promise<string[]>((resolve) => {
        release = resolve;
      });
      if (c.when === 'now') release(expected);
      const counted: PageRequest = async (startAfter, token) => {
        const page = await request(startAfter, token);
        if (c.when === 'after-first-page' && pages() === 1) release(expected);
        if (c.when === 'after-some-pages' && pages() === 4) release(expected);
        return page;
      };
      const ranged = await listKeyRanges(counted, known, { pageSize: c.pageSize, inFlight: 4 });
      expect(ranged).toEqual(await singleListing(c.prefix, c.pageSize));
    },
  );

  it('costs one page per page of keys, one more at most, when the bucket holds what the tree has', async () => {
    for (const pageSize of [3, 7]) {
      const prefix = 'p/';
      const keys = universe.filter((key) => key.startsWith(prefix));
      // Two keys the tree lacks, sorting first, as the action's own state and lock objects do.
      const expected = keys.slice(2);
      const { request, pages } = requester(prefix, pageSize);
      const ranged = await listKeyRanges(request, Promise.resolve(expected), {
        pageSize,
        inFlight: 4,
      });
      expect(ranged.map((object) => object.key)).toEqual(keys);
      expect(pages()).toBeLessThanOrEqual(Math.ceil(keys.length / pageSize) + 1);
    }
  });

  it('lists a bucket of one page once', async () => {
    const { request, pages } = requester('p/a/b/', 1000);
    const ranged = await listKeyRanges(request, Promise.resolve(['p/a/b/x']), {
      pageSize: 1000,
      inFlight: 4,
    });
    expect(ranged.length).toBeGreaterThan(0);
    expect(pages()).toBe(1);
  });
});
