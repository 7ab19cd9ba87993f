// Parsing one input's text into its value, with an error naming the input and the value.
// settings.ts puts them together into the one Settings object.
import { DeployError, inputError } from '../base/errors.js';
import { excludeRule } from './exclusion.js';
import { nonEmptyLines } from './header-rules.js';
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

/** An input that must be given. */
export function requireText(name: string, value: string): string {
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

export function parseBucket(value: string): string {
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

export function parsePrefix(value: string): string {
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
export function parseDistributions(value: string): {
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

export function parseAcl(value: string): CannedAcl | undefined {
  if (value === '') return undefined;
  const acl = CANNED_ACLS.find((candidate) => candidate === value);
  if (!acl)
    throw inputError('acl', value, `expected one of ${CANNED_ACLS.join(', ')}, or empty for none`);
  return acl;
}

export function parseRegion(value: string): string {
  if (!/^[a-z0-9-]{2,32}$/.test(value))
    throw inputError('region', value, 'expected a region such as us-east-1');
  return value;
}

export function parseEndpoint(value: string): string | undefined {
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

/** A bare host name (a URL's host is taken from it): `media.example.com`. */
export function parseOriginDomain(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  let host = text;
  try {
    if (/^https?:\/\//i.test(text)) host = new URL(text).hostname;
  } catch {}
  host = host.toLowerCase().replace(/\.$/, '');
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host)) return host;
  throw inputError(
    'origin-domain',
    value,
    'expected the domain name of a CloudFront origin, such as media.example.com',
  );
}

export function parseGlobs(name: string, value: string): string[] {
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

export function parseMultipartThreshold(value: string): number {
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

export function parseInvalidate(value: string): {
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
