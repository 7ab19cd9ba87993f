import { createHash, createHmac } from 'node:crypto';

// AWS Signature Version 4, as the SDK signs S3's requests (@smithy/signature-v4 with S3's
// settings; test/aws/sigv4.test.ts compares the two) and CloudFront's (test/cloudfront/
// fast-calls.test.ts): a GET or HEAD without a body, or a PUT or POST of a body held in memory,
// whose SHA-256 is signed.

export interface S3Request {
  readonly method?: 'GET' | 'HEAD' | 'PUT' | 'POST';
  readonly protocol: 'http:' | 'https:';
  /** With the port when it is not the protocol's default: `127.0.0.1:4569`. */
  readonly host: string;
  /** Not encoded: `/bucket/posts/c++ tips/index.html`. */
  readonly path: string;
  /** Not encoded. */
  readonly query: Readonly<Record<string, string>>;
  /**
   * Headers to sign, names in lower case (content-type, content-md5, x-amz-acl...). Headers the
   * SDK leaves unsigned (cache-control, user-agent) are sent beside the signed ones, not here.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body's SHA-256 in hex; without one, the body is empty. */
  readonly payloadSha256?: string;
  /**
   * 's3' (the default) or 'cloudfront', whose paths must need no encoding
   * (/2020-05-31/distribution/ID/config): the SDK encodes the paths of other services twice.
   */
  readonly service?: 's3' | 'cloudfront';
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 percent-encoding of UTF-8, keeping only the unreserved `A-Za-z0-9-._~`. */
function encodeUriComponentStrictly(text: string): string {
  // encodeURIComponent also keeps !'()*, which SigV4 encodes.
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** S3 signs the path encoded once, segment by segment; '/' (even doubled) is kept. */
function encodedPath(path: string): string {
  return path.split('/').map(encodeUriComponentStrictly).join('/');
}

function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([name, value]) => [encodeUriComponentStrictly(name), encodeUriComponentStrictly(value)])
    .sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The path and query to send, encoded exactly as they are signed. */
export function pathAndQuery(request: S3Request): string {
  const query = canonicalQuery(request.query);
  return query ? `${encodedPath(request.path)}?${query}` : encodedPath(request.path);
}

/** A header's value as SigV4 signs it: line breaks and runs of blanks one space, not at the ends. */
function canonicalValue(value: string): string {
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

/** The headers that authenticate `request`, to send with it (and no others that need signing). */
export function signS3Request(
  request: S3Request,
  credentials: AwsCredentials,
  region: string,
  now: Date,
): Record<string, string> {
  const longDate = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  const shortDate = longDate.slice(0, 8);
  const payloadSha256 = request.payloadSha256 ?? EMPTY_BODY_SHA256;
  const service = request.service ?? 's3';
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.host,
    'x-amz-content-sha256': payloadSha256,
    'x-amz-date': longDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  // SigV4 lists the (lower-case) names in code-point order.
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method ?? 'GET',
    encodedPath(request.path),
    canonicalQuery(request.query),
    ...names.map((name) => `${name}:${canonicalValue(headers[name] ?? '')}`),
    '',
    signedHeaders,
    payloadSha256,
  ].join('\n');
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    longDate,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  let signingKey = hmac(`AWS4${credentials.secretAccessKey}`, shortDate);
  for (const part of [region, service, 'aws4_request']) signingKey = hmac(signingKey, part);
  const signature = hmac(signingKey, stringToSign).toString('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
