// Reads one ListObjectsV2 page straight from its bytes: the SDK's generic XML deserializer builds a
// tree per page and, over 100,000 keys, far more garbage than the three fields we keep.
import { unescapeXml } from '../base/xml-text.js';

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** ETag without its surrounding quotes. */
  readonly etag: string;
}

export interface ListedPage {
  readonly objects: ListedObject[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken: string | undefined;
}

/** Byte offsets into the body: [start, end). */
interface Span {
  readonly start: number;
  readonly end: number;
}

type Tag = ReturnType<typeof tag>;

function tag(name: string) {
  return { open: Buffer.from(`<${name}>`), close: Buffer.from(`</${name}>`) } as const;
}

// Exact open tags, so `<Key>` never matches `<KeyCount>`. Text content cannot hold a raw `<`, so
// these byte patterns only ever match real tags.
const CONTENTS = tag('Contents');
const KEY = tag('Key');
const ETAG = tag('ETag');
const SIZE = tag('Size');
const IS_TRUNCATED = tag('IsTruncated');
const NEXT_CONTINUATION_TOKEN = tag('NextContinuationToken');
const ROOT = Buffer.from('<ListBucketResult');
// S3 escapes the ETag's quotes as `&quot;`; other S3-compatible servers send them raw or numeric.
const ETAG_QUOTES = ['&quot;', '"', '&#34;', '&#x22;'].map((quote) => Buffer.from(quote));

/** The keys, sizes and ETags of one ListObjectsV2 response body, and where the listing goes on. */
export function parseListObjectsPage(body: Buffer): ListedPage {
  assertListBucketResult(body);
  const objects: ListedObject[] = [];
  for (let contents = find(body, CONTENTS, 0, body.length); contents; ) {
    objects.push(parseContents(body, contents));
    contents = find(body, CONTENTS, contents.end + CONTENTS.close.length, body.length);
  }
  // Neither element occurs inside <Contents>, so the first match is the top-level one.
  const truncated = find(body, IS_TRUNCATED, 0, body.length);
  const token = find(body, NEXT_CONTINUATION_TOKEN, 0, body.length);
  return {
    objects,
    isTruncated: truncated !== undefined && text(body, truncated) === 'true',
    nextContinuationToken: token && text(body, token),
  };
}

function parseContents(body: Buffer, contents: Span): ListedObject {
  const key = find(body, KEY, contents.start, contents.end);
  if (!key) throw malformed(`a <Contents> at byte ${contents.start} has no <Key>`);
  const etag = find(body, ETAG, contents.start, contents.end);
  const size = find(body, SIZE, contents.start, contents.end);
  // A missing ETag or Size reads as '' or 0, as the SDK-based listing did: the object re-uploads.
  return {
    key: text(body, key),
    size: size ? integer(body, size) : 0,
    etag: etag ? text(body, unquote(body, etag)) : '',
  };
}

/** The text span of the first `tag` element opening within [from, to), if there is one. */
function find(body: Buffer, tag: Tag, from: number, to: number): Span | undefined {
  const open = body.indexOf(tag.open, from);
  if (open < 0 || open + tag.open.length > to) return undefined;
  const start = open + tag.open.length;
  const end = body.indexOf(tag.close, start);
  if (end < 0 || end + tag.close.length > to)
    throw malformed(`${tag.open} at byte ${open} is not closed`);
  return { start, end };
}

/** A fresh flat string, never a slice of a page-sized string that would keep the page alive. */
function text(body: Buffer, span: Span): string {
  try {
    return unescapeXml(body.toString('utf8', span.start, span.end));
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
}

function unquote(body: Buffer, span: Span): Span {
  for (const quote of ETAG_QUOTES) {
    const length = quote.length;
    if (
      span.end - span.start >= 2 * length &&
      body.compare(quote, 0, length, span.start, span.start + length) === 0 &&
      body.compare(quote, 0, length, span.end - length, span.end) === 0
    ) {
      return { start: span.start + length, end: span.end - length };
    }
  }
  return span;
}

/** Sizes reach 5 TiB, past 32 bits but well within a double's exact integers. */
function integer(body: Buffer, span: Span): number {
  if (span.start === span.end) throw malformed('<Size> is empty');
  let value = 0;
  for (let at = span.start; at < span.end; at++) {
    const digit = (body[at] ?? 0) - 0x30;
    if (digit < 0 || digit > 9) throw malformed(`<Size> is not an integer: ${text(body, span)}`);
    value = value * 10 + digit;
  }
  return value;
}

/** An <Error> document, or an HTML page from a proxy, must not read as an empty listing. */
function assertListBucketResult(body: Buffer): void {
  let at = body.indexOf('<');
  // Skip the XML declaration, comments and a doctype: `<?` and `<!`.
  while (at >= 0 && (body[at + 1] === 0x3f || body[at + 1] === 0x21))
    at = body.indexOf('<', at + 1);
  const name = body.subarray(at, at + ROOT.length);
  const after = String.fromCharCode(body[at + ROOT.length] ?? 0);
  if (at < 0 || !name.equals(ROOT) || !' \t\r\n/>'.includes(after)) {
    throw new Error(`S3 returned no ListBucketResult: ${body.toString('utf8', 0, 300)}`);
  }
}

function malformed(detail: string): Error {
  return new Error(`Malformed ListObjectsV2 response: ${detail}`);
}
