import { mapConcurrent } from '../base/concurrency.js';
import type { ListedObject, ListedPage } from './list-objects-xml.js';

/** One ListObjectsV2 request: after `startAfter` (a key), or where `token` left off. */
export type PageRequest = (
  startAfter: string | undefined,
  token: string | undefined,
) => Promise<ListedPage>;

export interface RangeOptions {
  /** Keys per listing page (S3 sends at most 1,000). */
  readonly pageSize: number;
  /** Pages in flight at most, the first range's included. */
  readonly inFlight: number;
}

/**
 * Every key, in S3's order, exactly as one listing from the start returns it, but read over
 * several key ranges at once. The first range starts at once; when the keys the bucket is
 * expected to hold arrive (the local tree's, sorted), the rest of the key space is split at
 * every `pageSize`-th of them after where the first range has got to: each range starts after
 * its split point and ends at the next one, so when the bucket holds what is expected, each
 * range is one page. Keys the local tree lacks only cost more pages in their range.
 */
export async function listKeyRanges(
  request: PageRequest,
  expectedKeys: Promise<readonly string[]> | undefined,
  options: RangeOptions,
): Promise<ListedObject[]> {
  const head = new HeadRange(request);
  const headDone = head.run();
  // Awaited below or returned; this only keeps a failure after an early return handled.
  headDone.catch(() => {});
  if (!expectedKeys) return headDone;
  // The walk's failure is the survey's to report; here it only means one range.
  expectedKeys.catch(() => {});
  // The first page tells whether there is more than one page at all.
  await Promise.race([head.firstPage, headDone]);
  if (head.finished) return headDone;
  // Without the local keys (the walk failed: the survey reports that), one range it is.
  const expected = await Promise.race([
    expectedKeys.catch(() => undefined),
    headDone.then(() => undefined),
  ]);
  if (!expected || head.finished) return headDone;
  const bounds = splitPoints(expected, head.lastKey, options.pageSize);
  if (bounds.length === 0) return headDone;
  head.stopAfter(bounds[0] as string);
  const ranges = bounds.map((from, i) => ({ from, to: bounds[i + 1] }));
  const [headObjects, rest] = await Promise.all([
    headDone,
    mapConcurrent(ranges, Math.max(1, options.inFlight - 1), (range) =>
      listRange(request, range.from, range.to),
    ),
  ]);
  return headObjects.concat(...rest);
}

/** The range from the first key, listed page by page until told where to stop. */
class HeadRange {
  readonly objects: ListedObject[] = [];
  finished = false;
  lastKey: string | undefined;
  firstPage: Promise<ListedPage>;
  private resolveFirst!: (page: ListedPage) => void;
  private end: string | undefined;

  constructor(private readonly request: PageRequest) {
    this.firstPage = new Promise((resolve) => {
      this.resolveFirst = resolve;
    });
  }

  stopAfter(end: string): void {
    this.end = end;
    // What was already listed past the end belongs to the next range.
    trimAfter(this.objects, end);
  }

  async run(): Promise<ListedObject[]> {
    let token: string | undefined;
    for (;;) {
      const page = await this.request(undefined, token);
      this.objects.push(...page.objects);
      this.lastKey = page.objects.at(-1)?.key ?? this.lastKey;
      this.resolveFirst(page);
      const passedEnd =
        this.end !== undefined &&
        this.lastKey !== undefined &&
        compareKeys(this.lastKey, this.end) >= 0;
      if (this.end !== undefined) trimAfter(this.objects, this.end);
      token = page.isTruncated ? page.nextContinuationToken : undefined;
      if (!token || passedEnd) break;
    }
    this.finished = true;
    return this.objects;
  }
}

/** The keys after `from` up to and including `to` (to the end without one). */
async function listRange(
  request: PageRequest,
  from: string,
  to: string | undefined,
): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await request(token ? undefined : from, token);
    objects.push(...page.objects);
    const last = page.objects.at(-1)?.key;
    token = page.isTruncated ? page.nextContinuationToken : undefined;
    if (!token || (to !== undefined && last !== undefined && compareKeys(last, to) >= 0)) break;
  }
  if (to !== undefined) trimAfter(objects, to);
  return objects;
}

/** Drops the keys after `end` from the tail of a listing in key order. */
function trimAfter(objects: ListedObject[], end: string): void {
  let keep = objects.length;
  while (keep > 0 && compareKeys((objects[keep - 1] as ListedObject).key, end) > 0) keep--;
  objects.length = keep;
}

/**
 * Split points: every `pageSize`-th expected key after `listedUpTo`, counted from the first one
 * after it, so that the page already in flight ends at the first split point; none that would
 * leave an empty last range. Sorted in S3's order, without repeats.
 */
export function splitPoints(
  expected: readonly string[],
  listedUpTo: string | undefined,
  pageSize: number,
): string[] {
  const after =
    listedUpTo === undefined
      ? expected
      : expected.filter((key) => compareKeys(key, listedUpTo) > 0);
  const points: string[] = [];
  for (let i = pageSize - 1; i < after.length - 1; i += pageSize) points.push(after[i] as string);
  return [...new Set(points)].sort(compareKeys);
}

/**
 * S3's order of keys: by their UTF-8 bytes, which is code point order. JavaScript compares
 * UTF-16 code units, which differs for characters above U+FFFF (surrogate pairs, D800-DFFF)
 * against those from U+E000 to U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
