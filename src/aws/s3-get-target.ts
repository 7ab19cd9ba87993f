import type { AwsCredentials, S3Request } from './sigv4.js';

// Where the S3 client (src/aws/clients.ts) would send a GET, and with which credentials, worked
// out without loading the SDK, for the cases where that is certain; undefined means "ask the
// SDK". test/aws/s3-get-target.test.ts checks every answer against a real S3Client.

export interface FastS3Target {
  /** `protocol://host[:port]`, the port only when it is not the protocol's default. */
  readonly origin: string;
  /** Put before `/KEY`: '' for a virtual-hosted bucket, `/bucket` for path style, after any base path. */
  readonly pathPrefix: string;
  readonly credentials: AwsCredentials;
}

export interface FastS3Settings {
  readonly bucket: string;
  readonly region: string;
  readonly endpoint: string | undefined;
}

// The SDK's own test for a DNS-compatible bucket; anything else (and IP-like names, which it
// forces to path style) is left to the SDK.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CONTAINS_IP_ADDRESS = /(\d+\.){3}\d+/;
// A label of a bucket the SDK puts in the host name (3-63 characters, no hyphen at either end).
const HOST_LABEL = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// The SDK's test for an IP address host, which it always addresses path style.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)){3}$/;
// The `aws` partition (amazonaws.com); cn-, us-gov-, iso and eusc regions have other domains.
const AWS_PARTITION_REGION = /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/;
// A region the SDK signs with as given: not a pseudo-region such as aws-global or fips-us-east-1
// ('auto' is Cloudflare R2's, signed as it is).
function signsAsGiven(region: string): boolean {
  return (
    region === 'auto' || (/^[a-z]{2,}(-[a-z]+)+-\d+$/.test(region) && !region.includes('fips'))
  );
}
// Base path segments that need no encoding, so the path sent is the path the SDK sends.
const PLAIN_BASE_PATH = /^(\/[A-Za-z0-9._~-]+)*\/?$/;

// AWS_* variables that cannot change where a GET goes or how it is signed: the credentials read
// here, the region (the client is given one), and those checked below. Any other AWS_* variable
// (FIPS, dual-stack, AWS_S3_*, auth scheme preference...) sends the read through the SDK.
const UNDERSTOOD_VARIABLES = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  // Read with the keys, for their expiry and account: neither changes a GET.
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_ACCOUNT_ID',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  // Read only for the user agent.
  'AWS_EXECUTION_ENV',
  'AWS_SDK_UA_APP_ID',
  // Read only by the instance-metadata credential provider, which the chain never reaches when
  // the environment holds keys, and by the 'auto' defaults mode, which the client does not use.
  'AWS_EC2_METADATA_DISABLED',
  // The AWS CLI's: no file of @aws-sdk or @smithy names them.
  'AWS_CA_BUNDLE',
  'AWS_PAGER',
  'AWS_DEFAULT_OUTPUT',
]);

/** Where the SDK would send this bucket's requests, when that is certain; else undefined. */
export function fastS3Target(
  settings: FastS3Settings,
  env: NodeJS.ProcessEnv,
  configFileExists: (path: string) => boolean,
): FastS3Target | undefined {
  const { bucket, region } = settings;
  const credentials = environmentCredentials(env, configFileExists);
  if (credentials === undefined) return undefined;
  // '--' marks S3 Express directory buckets (NAME--ZONE--x-s3) and Outposts aliases (--op-s3),
  // which the SDK routes and signs differently.
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..') || bucket.includes('--')) return undefined;
  if (CONTAINS_IP_ADDRESS.test(bucket)) return undefined;
  if (settings.endpoint !== undefined) {
    // The client is built with { endpoint, forcePathStyle: true }; endpoint_url settings are ignored.
    if (!signsAsGiven(region)) return undefined;
    const endpoint = plainEndpoint(settings.endpoint);
    if (!endpoint) return undefined;
    return { origin: endpoint.origin, pathPrefix: `${endpoint.basePath}/${bucket}`, credentials };
  }
  // Read (and, when not exactly true or false, rejected) by the SDK whenever no endpoint is given.
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== undefined) return undefined;
  const configured = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (configured) {
    if (!signsAsGiven(region)) return undefined;
    return configuredEndpointTarget(configured, bucket, credentials);
  }
  if (!AWS_PARTITION_REGION.test(region)) return undefined;
  // A dotted name would not match the TLS certificate of *.s3.REGION.amazonaws.com.
  if (bucket.includes('.'))
    return { origin: `https://s3.${region}.amazonaws.com`, pathPrefix: `/${bucket}`, credentials };
  return { origin: `https://${bucket}.s3.${region}.amazonaws.com`, pathPrefix: '', credentials };
}

/**
 * The keys the SDK's default chain would sign with, when they can only be the environment's:
 * no profile, no shared config or credentials file, no AWS_* variable this module does not know.
 */
export function environmentCredentials(
  env: NodeJS.ProcessEnv,
  configFileExists: (path: string) => boolean,
): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  // With a profile the SDK's default chain skips the environment's keys.
  if (env.AWS_PROFILE) return undefined;
  if (!otherVariablesUnderstood(env) || sharedFilesMayExist(env, configFileExists))
    return undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/** An endpoint from AWS_ENDPOINT_URL(_S3): used without forcePathStyle, so the SDK chooses. */
function configuredEndpointTarget(
  configured: string,
  bucket: string,
  credentials: AwsCredentials,
): FastS3Target | undefined {
  const endpoint = plainEndpoint(configured);
  // A base path ending in '/' gets a doubled slash before the key when virtual-hosted.
  if (!endpoint || (endpoint.url.pathname.length > 1 && endpoint.url.pathname.endsWith('/')))
    return undefined;
  const { url, origin, basePath } = endpoint;
  const pathStyle = { origin, pathPrefix: `${basePath}/${bucket}`, credentials };
  const isIp = IPV4.test(url.hostname) || url.hostname.startsWith('[');
  const dotted = bucket.includes('.');
  if (isIp) return dotted && url.protocol === 'http:' ? undefined : pathStyle;
  // Over https a dotted bucket goes path style; over http each label must be a host label.
  if (
    dotted &&
    (url.protocol === 'https:' || !bucket.split('.').every((label) => HOST_LABEL.test(label)))
  )
    return pathStyle;
  return { origin: `${url.protocol}//${bucket}.${url.host}`, pathPrefix: basePath, credentials };
}

export function plainEndpoint(
  text: string,
): { url: URL; origin: string; basePath: string } | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || /[?#]/.test(text)) return undefined;
  if (!PLAIN_BASE_PATH.test(url.pathname)) return undefined;
  return {
    url,
    origin: `${url.protocol}//${url.host}`,
    basePath: url.pathname.replace(/\/$/, ''),
  };
}

function otherVariablesUnderstood(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(env).every(
    (name) =>
      !name.startsWith('AWS_') ||
      UNDERSTOOD_VARIABLES.has(name) ||
      // Endpoints of other services (AWS_ENDPOINT_URL_CLOUDFRONT...) do not touch S3.
      (name.startsWith('AWS_ENDPOINT_URL_') && name !== 'AWS_ENDPOINT_URL_S3'),
  );
}

/**
 * The shared config and credentials files can carry endpoint_url, FIPS and other settings the SDK
 * applies; it reads both, merged, even when the environment holds the keys.
 */
function sharedFilesMayExist(
  env: NodeJS.ProcessEnv,
  configFileExists: (path: string) => boolean,
): boolean {
  // The SDK's home directory; without one it would ask the OS, which this module does not.
  const home =
    env.HOME || env.USERPROFILE || (env.HOMEPATH && `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}`);
  if (!home) return true;
  const inHome = (path: string) => (path.startsWith('~/') ? `${home}/${path.slice(2)}` : path);
  return [
    env.AWS_CONFIG_FILE || `${home}/.aws/config`,
    env.AWS_SHARED_CREDENTIALS_FILE || `${home}/.aws/credentials`,
  ].some((path) => configFileExists(inHome(path)));
}

/** The request for `key` ('' for a listing) at a target, for signS3Request and pathAndQuery. */
export function targetRequest(
  target: FastS3Target,
  key: string,
  query: Readonly<Record<string, string>>,
): S3Request {
  const { protocol, host } = new URL(target.origin);
  return {
    protocol: protocol === 'http:' ? 'http:' : 'https:',
    host,
    path: `${target.pathPrefix}/${key}`,
    query,
  };
}
