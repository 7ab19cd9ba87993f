import { DeployError, inputError } from '../base/errors.js';
import { excludeRule } from './exclusion.js';
import { type HeaderRule, nonEmptyLines, parseHeaderRules } from './header-rules.js';
import { parseByteSize } from './size.js';

export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];
export type InvalidateMode = 'changed' | 'all' | 'none';

/** Every input's default, exactly as action.yml declares it (a test keeps them equal). */
export const INPUT_DEFAULTS = {
  dir: '',
  bucket: '',
  prefix: '',
  distribution: '',
  'delete-removed': 'false',
  acl: '',
  region: '',
  endpoint: '',
  concurrency: '16',
  exclude: '.git/**\n.DS_Store',
  'cache-control': '',
  'content-type': '',
  'max-deletes': '1000',
  'multipart-threshold': '64MiB',
  invalidate: 'changed',
  'invalidate-index-forms': 'true',
  'invalidation-max-paths': '50',
  'invalidation-timeout': '600',
  'wait-for-invalidation': 'false',
  'lock-timeout': '600',
  'dry-run': 'false',
  'github-token': '',
  'print-policy': 'false',
} as const;
export type InputName = keyof typeof INPUT_DEFAULTS;

export interface Settings {
  readonly dir: string;
  readonly bucket: string;
  /** '' or a folder ending in '/', never starting with one. */
  readonly prefix: string;
  /** Distribution IDs to invalidate, distinct, in input order; empty means no invalidation. */
  readonly distributions: readonly string[];
  /** `distribution: auto`: every distribution whose origin is this bucket. */
  readonly autoDistribution: boolean;
  readonly deleteRemoved: boolean;
  readonly acl: CannedAcl | undefined;
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly concurrency: number;
  readonly exclude: readonly string[];
  readonly cacheControl: readonly HeaderRule[];
  readonly contentType: readonly HeaderRule[];
  /** -1 means no cap. */
  readonly maxDeletes: number;
  readonly multipartThreshold: number;
  readonly invalidate: InvalidateMode;
  readonly invalidateExtraPaths: readonly string[];
  readonly invalidateIndexForms: boolean;
  readonly invalidationMaxPaths: number;
  readonly invalidationTimeoutSeconds: number;
  readonly waitForInvalidation: boolean;
  /** How long to wait for another deploy of the same bucket and prefix to finish. */
  readonly lockTimeoutSeconds: number;
  readonly dryRun: boolean;
  /** '' means no pull-request comment. A secret: main.ts masks it before anything is logged. */
  readonly githubToken: string;
  readonly printPolicy: boolean;
}

/** Reads one input's raw text; '' when it is not set. */
export type InputReader = (name: InputName) => string;

/** Parses and validates every input eagerly, before anything touches the network. */
export function parseSettings(read: InputReader, env: NodeJS.ProcessEnv = process.env): Settings {
  const input = (name: InputName): string => {
    const raw = read(name).trim();
    return raw === '' ? INPUT_DEFAULTS[name] : raw;
  };
  const printPolicy = parseBoolean('print-policy', input('print-policy'));
  return {
    // The policy depends only on bucket, prefix and the options, so print-policy needs no dir.
    dir: printPolicy ? input('dir') : requireText('dir', input('dir')),
    bucket: parseBucket(input('bucket')),
    prefix: parsePrefix(input('prefix')),
    ...parseDistributions(input('distribution')),
    deleteRemoved: parseBoolean('delete-removed', input('delete-removed')),
    acl: parseAcl(input('acl')),
    region: parseRegion(input('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'),
    endpoint: parseEndpoint(input('endpoint')),
    concurrency: parseInteger('concurrency', input('concurrency'), 1, 256),
    exclude: parseGlobs('exclude', input('exclude')),
    cacheControl: parseHeaderRules('cache-control', input('cache-control')),
    contentType: parseHeaderRules('content-type', input('content-type')),
    maxDeletes: parseInteger('max-deletes', input('max-deletes'), -1, Number.MAX_SAFE_INTEGER),
    multipartThreshold: parseMultipartThreshold(input('multipart-threshold')),
    ...parseInvalidate(input('invalidate')),
    invalidateIndexForms: parseBoolean('invalidate-index-forms', input('invalidate-index-forms')),
    invalidationMaxPaths: parseInteger(
      'invalidation-max-paths',
      input('invalidation-max-paths'),
      1,
      3000,
    ),
    invalidationTimeoutSeconds: parseInteger(
      'invalidation-timeout',
      input('invalidation-timeout'),
      0,
      6 * 3600,
    ),
    waitForInvalidation: parseBoolean('wait-for-invalidation', input('wait-for-invalidation')),
    lockTimeoutSeconds: parseInteger('lock-timeout', input('lock-timeout'), 0, 6 * 3600),
    dryRun: parseBoolean('dry-run', input('dry-run')),
    githubToken: input('github-token'),
    printPolicy,
  };
}

function requireText(name: InputName, value: string): string {
  if (value === '')
    throw new DeployError(`Input "${name}" is required and was not given.`, { badInput: true });
  return value;
}

/** YAML 1.2 core booleans, as the runner's getBooleanInput accepts them. */
export function parseBoolean(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw inputError(name, value, 'expected true or false');
}

export function parseInteger(name: string, value: string, min: number, max: number): number {
  const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw inputError(name, value, `expected a whole number from ${min} to ${max}`);
  }
  return number;
}

// Bucket naming rules for general purpose buckets (3-63 chars, lowercase, no IP form).
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function parseBucket(value: string): string {
  requireText('bucket', value);
  const url = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
  if (url) {
    const hint = url[2] ? ` and prefix "${url[2]}"` : '';
    throw inputError('bucket', value, `give the bucket name alone: bucket "${url[1]}"${hint}`);
  }
  if (!BUCKET_NAME.test(value) || value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
    throw inputError(
      'bucket',
      value,
      'a bucket name is 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
    );
  }
  return value;
}

function parsePrefix(value: string): string {
  if (value === '') return '';
  if (value.startsWith('/')) {
    throw inputError(
      'prefix',
      value,
      `write it without the leading "/" (e.g. "${value.replace(/^\/+/, '')}")`,
    );
  }
  const segments = value.replace(/\/$/, '').split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw inputError(
      'prefix',
      value,
      'expected a folder such as "blog" or "blog/2024" (no empty, "." or ".." parts)',
    );
  }
  return `${segments.join('/')}/`;
}

const AUTO_DISTRIBUTION = 'auto';

/** IDs separated by commas or newlines, or `auto` alone. */
function parseDistributions(value: string): {
  distributions: string[];
  autoDistribution: boolean;
} {
  const entries = value
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.includes(AUTO_DISTRIBUTION)) {
    if (entries.length > 1) {
      throw inputError(
        'distribution',
        value,
        'expected either "auto" alone or distribution IDs, not both',
      );
    }
    return { distributions: [], autoDistribution: true };
  }
  for (const entry of entries) {
    if (!/^[A-Z0-9]{6,32}$/.test(entry)) {
      throw inputError(
        'distribution',
        entry,
        'expected CloudFront distribution IDs such as E2QWRUHAPOMQZL (not a domain name or ARN), separated by commas or newlines, or "auto"',
      );
    }
  }
  return { distributions: [...new Set(entries)], autoDistribution: false };
}

function parseAcl(value: string): CannedAcl | undefined {
  if (value === '') return undefined;
  const acl = CANNED_ACLS.find((candidate) => candidate === value);
  if (!acl)
    throw inputError('acl', value, `expected one of ${CANNED_ACLS.join(', ')}, or empty for none`);
  return acl;
}

function parseRegion(value: string): string {
  if (!/^[a-z0-9-]{2,32}$/.test(value))
    throw inputError('region', value, 'expected a region such as us-east-1');
  return value;
}

function parseEndpoint(value: string): string | undefined {
  if (value === '') return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {}
  throw inputError(
    'endpoint',
    value,
    'expected an http(s) URL such as https://ACCOUNT.r2.cloudflarestorage.com',
  );
}

function parseGlobs(name: InputName, value: string): string[] {
  const globs = nonEmptyLines(value);
  for (const glob of globs) {
    try {
      excludeRule(glob);
    } catch (error) {
      throw new DeployError(`Input "${name}" is invalid: ${JSON.stringify(glob)} is not a glob.`, {
        badInput: true,
        cause: error,
      });
    }
  }
  return globs;
}

// S3 multipart uploads need parts of at least 5 MiB; 5 GiB is the single-PUT maximum.
const MIN_PART = 5 * 1024 ** 2;
const MAX_SINGLE_PUT = 5 * 1024 ** 3;

function parseMultipartThreshold(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined || bytes < MIN_PART || bytes > MAX_SINGLE_PUT) {
    throw inputError(
      'multipart-threshold',
      value,
      'expected a size from 5MiB to 5GiB, such as 64MiB',
    );
  }
  return bytes;
}

function parseInvalidate(value: string): {
  invalidate: InvalidateMode;
  invalidateExtraPaths: string[];
} {
  let mode: InvalidateMode | undefined;
  const paths: string[] = [];
  for (const line of nonEmptyLines(value)) {
    if (line === 'changed' || line === 'all' || line === 'none') {
      if (mode && mode !== line)
        throw inputError('invalidate', value, 'expected at most one of changed, all, none');
      mode = line;
    } else if (line.startsWith('/') && line.length <= 4000 && !line.slice(0, -1).includes('*')) {
      paths.push(line);
    } else {
      throw inputError(
        'invalidate',
        line,
        'expected changed, all, none, or paths starting with "/" ("*" only at the end)',
      );
    }
  }
  return { invalidate: mode ?? 'changed', invalidateExtraPaths: paths };
}
