// A ListObjects (V1 or V2) answer from the sorted index, as S3 writes it: prefix, delimiter,
// start-after, continuation, max-keys, url encoding (test/support/s3-sorted-listing.ts).
import { type Entry, sortKeyOf } from './s3-sorted-index.js';

const OWNER = '<Owner><ID>123456789000</ID><DisplayName>S3rver</DisplayName></Owner>';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
// S3 encodes keys in listings with encoding-type=url as a form does; `/` stays.
const encodeKey = (key: string) => encodeURIComponent(key).replaceAll('%2F', '/');

/** First position whose sort key is after `sortKey` (or not before it, when `inclusive`). */
function lowerBound(sorted: readonly Entry[], sortKey: string, inclusive: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const here = (sorted[middle] as Entry).sortKey;
    if (here < sortKey || (!inclusive && here === sortKey)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One ListObjects (V1) or ListObjectsV2 page, as S3 answers it. */
export function listingXml(
  sorted: readonly Entry[],
  bucket: string,
  query: URLSearchParams,
): string {
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const encode = query.get('encoding-type') === 'url';
  const requested = query.has('max-keys') ? Number(query.get('max-keys')) : 1000;
  const maxKeys = Math.max(0, Math.min(1000, Number.isFinite(requested) ? requested : 1000));
  const token = query.get('continuation-token');
  const after = v2
    ? token
      ? Buffer.from(token, 'base64url').toString('utf8')
      : (query.get('start-after') ?? '')
    : (query.get('marker') ?? '');
  const prefixSort = sortKeyOf(prefix);
  const afterSort = sortKeyOf(after);
  let at =
    afterSort >= prefixSort
      ? lowerBound(sorted, afterSort, false)
      : lowerBound(sorted, prefixSort, true);
  const contents: Entry[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  while (at < sorted.length) {
    const entry = sorted[at] as Entry;
    if (!entry.sortKey.startsWith(prefixSort)) break;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = maxKeys > 0;
      break;
    }
    const cut = delimiter ? entry.key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const common = entry.key.slice(0, cut + delimiter.length);
      prefixes.push(common);
      last = common;
      // Past every key under this common prefix: no UTF-8 byte is 0xff.
      at = lowerBound(sorted, `${sortKeyOf(common)}\xff`, true);
      continue;
    }
    contents.push(entry);
    last = entry.key;
    at++;
  }
  const name = (text: string) => escapeXml(encode ? encodeKey(text) : text);
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${escapeXml(bucket)}</Name><Prefix>${name(prefix)}</Prefix>`,
  ];
  if (v2) {
    if (token) parts.push(`<ContinuationToken>${escapeXml(token)}</ContinuationToken>`);
    else if (query.has('start-after')) parts.push(`<StartAfter>${name(after)}</StartAfter>`);
    parts.push(`<KeyCount>${contents.length + prefixes.length}</KeyCount>`);
    if (truncated) {
      const next = Buffer.from(last, 'utf8').toString('base64url');
      parts.push(`<NextContinuationToken>${next}</NextContinuationToken>`);
    }
  } else {
    parts.push(`<Marker>${name(after)}</Marker>`);
    if (truncated && delimiter) parts.push(`<NextMarker>${name(last)}</NextMarker>`);
  }
  parts.push(`<MaxKeys>${maxKeys}</MaxKeys>`);
  if (delimiter) parts.push(`<Delimiter>${name(delimiter)}</Delimiter>`);
  if (encode) parts.push('<EncodingType>url</EncodingType>');
  parts.push(`<IsTruncated>${truncated}</IsTruncated>`);
  const owner = v2 && query.get('fetch-owner') !== 'true' ? '' : OWNER;
  for (const entry of contents) {
    parts.push(
      `<Contents><Key>${name(entry.key)}</Key><LastModified>${entry.modified.toISOString()}</LastModified><ETag>&quot;${entry.etag}&quot;</ETag><Size>${entry.size}</Size>${owner}<StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  for (const common of prefixes)
    parts.push(`<CommonPrefixes><Prefix>${name(common)}</Prefix></CommonPrefixes>`);
  parts.push('</ListBucketResult>');
  return parts.join('');
}
