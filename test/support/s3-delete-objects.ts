// DeleteObjects for the fault proxy: S3 authorises it per key, answering 200 with an error for
// each key refused, so the proxy reads the keys, drops the refused ones and reports them.
import { createHash } from 'node:crypto';
import { answerFault, answerXml, readAll, type S3Exchange } from './s3-exchange.js';
import type { FaultRules } from './s3-fault-rules.js';
import { keyOf, xmlEscape } from './s3-xml.js';

/** The keys of a DeleteObjects request body. */
export function deleteRequestKeys(xml: string): string[] {
  return [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].flatMap((m) => keyOf(m[1] ?? '') ?? []);
}

/**
 * A DeleteObjects request body without the objects whose key is in `drop`, with `headers`
 * updated to match it: length, Content-MD5, SHA-256; CRC checksums, no longer right, dropped.
 */
export function withoutDeleteKeys(
  body: Buffer,
  drop: ReadonlySet<string>,
  headers: Record<string, number | string | string[] | undefined>,
): Buffer {
  const xml = body
    .toString('utf8')
    .replace(/<Object>([\s\S]*?)<\/Object>/g, (whole, inner: string) =>
      drop.has(keyOf(inner) ?? '') ? '' : whole,
    );
  const rewritten = Buffer.from(xml);
  headers['content-length'] = rewritten.length;
  if (headers['content-md5'] !== undefined) {
    headers['content-md5'] = createHash('md5').update(rewritten).digest('base64');
  }
  if (/^[0-9a-f]{64}$/.test(String(headers['x-amz-content-sha256']))) {
    headers['x-amz-content-sha256'] = createHash('sha256').update(rewritten).digest('hex');
  }
  for (const name of Object.keys(headers)) {
    if (name.startsWith('x-amz-checksum-')) delete headers[name];
  }
  return rewritten;
}

/** A DeleteResult (the upstream one, or an empty one) with a per-key AccessDenied for `denied`. */
export function deleteResultWithDenied(
  upstreamXml: string | undefined,
  denied: readonly string[],
): string {
  const errors = denied
    .map(
      (key) =>
        `<Error><Key>${xmlEscape(key)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
    )
    .join('');
  if (upstreamXml?.includes('</DeleteResult>')) {
    return upstreamXml.replace('</DeleteResult>', `${errors}</DeleteResult>`);
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${errors}</DeleteResult>`
  );
}

/**
 * Serves a DeleteObjects, buffered (at most 1,000 keys) to match fault rules per key: rules
 * without a key apply to the request, rules with one to each key inside. Keys refused with
 * AccessDenied are dropped from the request forwarded and reported in its result.
 */
export async function answerDeleteObjects(
  exchange: S3Exchange,
  rules: FaultRules,
  forward: (body: Buffer, denied: readonly string[]) => void,
): Promise<void> {
  const { req, record, forwardHeaders } = exchange;
  let body = await readAll(req);
  const keys = deleteRequestKeys(body.toString('utf8'));
  record.deleteKeys = keys;
  const whole = rules.faultFor(record, undefined);
  const perKey = whole === undefined ? keys.map((k) => rules.faultFor(record, k, true)) : [];
  const other = [whole, ...perKey].find((fault) => fault !== undefined && fault !== 'AccessDenied');
  if (other !== undefined) return answerFault(exchange, other, true);
  const denied =
    whole === 'AccessDenied' ? keys : keys.filter((_, i) => perKey[i] === 'AccessDenied');
  if (denied.length > 0) {
    record.fault = 'AccessDenied';
    if (denied.length === keys.length) {
      return answerXml(exchange, deleteResultWithDenied(undefined, denied), true);
    }
    body = withoutDeleteKeys(body, new Set(denied), forwardHeaders);
  }
  forward(body, denied);
}
