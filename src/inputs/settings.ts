import { inputError } from '../base/errors.js';
import { type HeaderRule, parseHeaderRules } from './header-rules.js';
import {
  type CannedAcl,
  type InvalidateMode,
  parseAcl,
  parseBoolean,
  parseBucket,
  parseDistributions,
  parseEndpoint,
  parseGlobs,
  parseInteger,
  parseInvalidate,
  parseMultipartThreshold,
  parseOriginDomain,
  parsePrefix,
  parseRegion,
  requireText,
} from './input-values.js';

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
  'origin-domain': '',
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
  'keep-deploys': '30',
  'rollback-to': '',
  'rollback-force': 'false',
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
  /**
   * The domain name of the CloudFront origin that serves the bucket, when it is no AWS S3
   * hostname (R2, MinIO or RGW behind CloudFront as a custom origin); lower case.
   */
  readonly originDomain: string | undefined;
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
  /** How many deploy records (.s3-cf-sync.deploy.ID.json) are kept; 0 writes none. */
  readonly keepDeploys: number;
  /** A deploy ID or 'previous': roll back to it instead of deploying; '' deploys. */
  readonly rollbackTo: string;
  /** Roll back also over keys another tool changed since the target deploy. */
  readonly rollbackForce: boolean;
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
  const rollbackTo = parseRollbackTo(input('rollback-to'));
  return {
    // The policy depends only on bucket, prefix and the options, so print-policy needs no dir;
    // a rollback copies recorded versions, so it reads no folder either.
    dir: printPolicy || rollbackTo ? input('dir') : requireText('dir', input('dir')),
    bucket: parseBucket(input('bucket')),
    prefix: parsePrefix(input('prefix')),
    ...parseDistributions(input('distribution')),
    deleteRemoved: parseBoolean('delete-removed', input('delete-removed')),
    acl: parseAcl(input('acl')),
    region: parseRegion(input('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'),
    endpoint: parseEndpoint(input('endpoint')),
    originDomain: parseOriginDomain(input('origin-domain')),
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
    keepDeploys: parseInteger('keep-deploys', input('keep-deploys'), 0, 1000),
    rollbackTo,
    rollbackForce: parseBoolean('rollback-force', input('rollback-force')),
  };
}

/** '' (deploy), 'previous', or a deploy ID as `history` lists them (20261203-141502-a1b2). */
function parseRollbackTo(value: string): string {
  if (value === '' || value === 'previous' || /^\d{8}-\d{6}-[0-9a-f]{4}$/.test(value)) return value;
  throw inputError(
    'rollback-to',
    value,
    'expected "previous" or a deploy ID such as 20261203-141502-a1b2 (s3-cf-sync history lists them)',
  );
}
