import { Readable } from 'node:stream';
import type { ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import type { LazyS3 } from '../aws/clients.js';
import { awsCall, type DeployContext } from '../aws/context.js';
import { type ListedPage, parseListObjectsPage } from './list-objects-xml.js';
import { listKeyRanges, type PageRequest } from './listing-ranges.js';
import type { RemoteObject } from './objects.js';
import { isOwnObject } from './state.js';

/** S3's most keys per page. */
const PAGE_SIZE = 1000;

export interface ListingOptions {
  /** Hears how many objects are listed so far, for the progress display. */
  readonly onPage?: (listed: number) => void;
  /** The local tree's keys, prefix included, once the walk has them: split points of ranges. */
  readonly expectedKeys?: Promise<readonly string[]>;
  /** Only keys starting so, under the prefix (`history` lists the records alone). */
  readonly startingWith?: string;
}

/**
 * Every object under the prefix. With `expectedKeys` (the local tree's keys, prefix included,
 * once the walk has them), a bucket of more than one page is read over several key ranges at
 * once (listing-ranges.ts); without, one page (1,000 keys) after another. Either way the result
 * is what one listing returns. Pages: a bucket of up to 1,000 keys costs one; when the bucket
 * holds the tree's keys plus a few that sort first (the action's own objects), ceil(M / 1,000)
 * for M keys, at most one more (tested in test/bucket/listing-ranges.test.ts); each key the tree
 * lacks can cost a page more in its range. This action's own objects (`.s3-cf-sync*` at the
 * prefix) are never site files: they go to `own` (name -> ETag).
 */
export async function listRemoteObjects(
  context: DeployContext,
  own?: Map<string, string>,
  { onPage, expectedKeys, startingWith = '' }: ListingOptions = {},
): Promise<RemoteObject[]> {
  const { settings, logger } = context;
  const pages = pageRequest(context, PAGE_SIZE, startingWith);
  let listedSoFar = 0;
  const request: PageRequest = async (startAfter, token) => {
    const page = await pages(startAfter, token);
    listedSoFar += page.objects.length;
    onPage?.(listedSoFar);
    return page;
  };
  const listed = await listKeyRanges(request, expectedKeys, {
    pageSize: PAGE_SIZE,
    inFlight: settings.concurrency,
  });
  const objects: RemoteObject[] = [];
  for (const object of listed) {
    if (!object.key.startsWith(settings.prefix)) continue;
    const key = object.key.slice(settings.prefix.length);
    if (isOwnObject(key)) {
      if (!key.includes('/')) own?.set(key, object.etag);
      continue;
    }
    if (key === '' || key.endsWith('/')) {
      logger.debug(`Left alone: folder marker "${object.key}".`);
      continue;
    }
    objects.push(settings.prefix ? { key, size: object.size, etag: object.etag } : object);
  }
  return objects;
}

/** ListObjectsV2 under the prefix, `pageSize` keys a page (sent only when not S3's 1,000). */
export function pageRequest(
  context: DeployContext,
  pageSize: number,
  startingWith = '',
): PageRequest {
  const { s3, settings } = context;
  return async (startAfter, token) => {
    const input: ListObjectsV2CommandInput = {
      Bucket: settings.bucket,
      ...(settings.prefix || startingWith ? { Prefix: settings.prefix + startingWith } : {}),
      ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
      ...(pageSize !== PAGE_SIZE ? { MaxKeys: pageSize } : {}),
    };
    return awsCall(
      context,
      'ListObjectsV2',
      undefined,
      async () => (await fastPage(context, input)) ?? listPage(s3, input),
    );
  };
}

/** One page by our own GET (fast-s3.ts); undefined: the SDK is to send it. */
async function fastPage(
  { fast }: DeployContext,
  input: ListObjectsV2CommandInput,
): Promise<ListedPage | undefined> {
  const answer = await fast?.get('', {
    'list-type': '2',
    ...(input.ContinuationToken ? { 'continuation-token': input.ContinuationToken } : {}),
    ...(input.MaxKeys !== undefined ? { 'max-keys': String(input.MaxKeys) } : {}),
    ...(input.Prefix ? { prefix: input.Prefix } : {}),
    ...(input.StartAfter ? { 'start-after': input.StartAfter } : {}),
  });
  if (answer === undefined) return undefined;
  if (answer.status === 200) return parseListObjectsPage(answer.body);
  fast?.stop(`ListObjectsV2 was answered ${answer.status}.`);
  return undefined;
}

/**
 * One page, its body read by our own parser instead of the SDK's XML deserializer, which
 * builds a tree per page: over 100,000 keys, most of the listing's memory. The SDK still
 * signs and sends the request, and an error answer still reaches its deserializer untouched.
 */
async function listPage(s3: LazyS3, input: ListObjectsV2CommandInput): Promise<ListedPage> {
  return s3.call(async (client, sdk) => {
    const command = new sdk.ListObjectsV2Command(input);
    let page: ListedPage | undefined;
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const response = result.response as { statusCode?: number; body?: unknown };
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          page = parseListObjectsPage(await bytesOf(response.body));
          // What the SDK's deserializer now reads: an empty result we do not use.
          response.body = Readable.from([]);
        }
        return result;
      },
      // Innermost: it sees the HTTP response before the deserializer does.
      { step: 'deserialize', priority: 'low', name: 'parseListObjectsPage' },
    );
    await client.send(command);
    if (!page) throw new Error('ListObjectsV2 answered without a listing.');
    return page;
  });
}

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.length);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
