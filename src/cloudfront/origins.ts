import type { Settings } from '../inputs/settings.js';
import { type InvalidationRequestPlan, planInvalidation } from './invalidation-paths.js';
import { urlPathsForKey } from './path-encoding.js';

/** One origin of a distribution, as its config lists it. */
export interface DistributionOrigin {
  readonly domainName: string;
  /** '' or a path such as '/blog': CloudFront fetches `/x` from `${originPath}/x`. */
  readonly originPath: string;
}

/** A distribution to invalidate, and how it maps this bucket's keys to URLs. */
export interface DistributionTarget {
  readonly id: string;
  /** Origin paths ('' or '/blog') of the distribution's origins that are this bucket. */
  readonly originPaths: readonly string[];
  /** The object CloudFront serves at `/`; '' when the distribution sets none. */
  readonly defaultRootObject: string;
  /** False when its config could not be read: it is then mapped as the bucket's root. */
  readonly verified: boolean;
}

/** What one distribution would be sent: the plan, and how much of it an earlier deploy left. */
export interface DistributionPlan extends InvalidationRequestPlan {
  readonly distribution: string;
  readonly verified: boolean;
  /** Exact paths that come from keys an earlier, unfinished deploy left to invalidate. */
  readonly carriedOverPaths: number;
}

export type TargetSettings = Pick<
  Settings,
  | 'distributions'
  | 'autoDistribution'
  | 'invalidate'
  | 'invalidateExtraPaths'
  | 'invalidateIndexForms'
  | 'invalidationMaxPaths'
>;

const INDEX_DOCUMENT = 'index.html';
// The S3 REST endpoints (global, dotted and dashed regional) and the two website endpoint forms.
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const S3_HOST = new RegExp(
  `^(?:s3|s3\\.${REGION}|s3-${REGION}|s3-website-${REGION}|s3-website\\.${REGION})\\.amazonaws\\.com$`,
);

/** Whether an origin's domain name is this bucket's S3 REST or website endpoint, in any region. */
export function isBucketOrigin(domainName: string, bucket: string): boolean {
  const host = hostOf(domainName);
  const head = `${bucket.toLowerCase()}.`;
  return host.startsWith(head) && S3_HOST.test(host.slice(head.length));
}

/** What makes an origin this bucket: its name, and where it is stored when not on AWS S3. */
export interface BucketOrigin {
  readonly bucket: string;
  /** The `endpoint` input's host name: origins on it are the S3-compatible service. */
  readonly endpointHost?: string | undefined;
  /** The `origin-domain` input: the one origin the user says serves the bucket. */
  readonly originDomain?: string | undefined;
}

/** The bucket and the inputs that say where it is served from. */
export function bucketOriginOf(
  settings: Pick<Settings, 'bucket' | 'endpoint' | 'originDomain'>,
): BucketOrigin {
  let endpointHost: string | undefined;
  try {
    endpointHost = settings.endpoint ? hostOf(new URL(settings.endpoint).hostname) : undefined;
  } catch {}
  return { bucket: settings.bucket, endpointHost, originDomain: settings.originDomain };
}

/**
 * The folder of the bucket an origin serves (normalised origin path: '' or '/blog'), or
 * undefined when it is not this bucket: an AWS S3 hostname of the bucket; with `origin-domain`,
 * that origin; with `endpoint`, `BUCKET.HOST` or, path-style, HOST with origin path `/BUCKET`.
 */
export function bucketPathOf(origin: DistributionOrigin, match: BucketOrigin): string | undefined {
  const host = hostOf(origin.domainName);
  const path = normalisedOriginPath(origin.originPath);
  const { bucket, endpointHost, originDomain } = match;
  if (originDomain !== undefined && host !== originDomain) return undefined;
  if (host === endpointHost) {
    // Path-style: CloudFront fetches `/x` from `HOST/BUCKET/x`.
    const [first, ...rest] = path.slice(1).split('/');
    if (first !== bucket) return undefined;
    return rest.length > 0 ? `/${rest.join('/')}` : '';
  }
  if (originDomain !== undefined) return path;
  if (isBucketOrigin(host, bucket)) return path;
  if (endpointHost !== undefined && host === `${bucket.toLowerCase()}.${endpointHost}`) return path;
  return undefined;
}

/** The origin paths of the origins that are this bucket, normalised ('' or '/blog'), distinct. */
export function bucketOriginPaths(
  origins: readonly DistributionOrigin[],
  match: BucketOrigin | string,
): string[] {
  const by = typeof match === 'string' ? { bucket: match } : match;
  const paths = origins
    .map((origin) => bucketPathOf(origin, by))
    .filter((path): path is string => path !== undefined);
  return [...new Set(paths)];
}

function hostOf(domainName: string): string {
  return domainName.trim().toLowerCase().replace(/\.$/, '');
}

function normalisedOriginPath(path: string): string {
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

/** The key folder an origin path serves: '' for the root, 'blog/' for '/blog'. */
function originFolder(originPath: string): string {
  return originPath === '' ? '' : `${originPath.slice(1)}/`;
}

/**
 * Whether an origin path serves anything under the prefix: `/blog` serves prefix `blog/2024/`
 * and prefix `''`, but nothing of prefix `docs/`.
 */
export function servesPrefix(originPath: string, prefix: string): boolean {
  const folder = originFolder(originPath);
  return folder.startsWith(prefix) || prefix.startsWith(folder);
}

/**
 * The keys a viewer asks for through the target, one per matching origin that serves this key:
 * `blog/x.html` is `x.html` through origin path `/blog`, and is not served by `/docs`.
 */
export function viewerKeys(fullKey: string, target: DistributionTarget): string[] {
  // One origin (the usual case): no set for each of 100,000 keys.
  if (target.originPaths.length === 1) {
    const folder = originFolder(target.originPaths[0] ?? '');
    return fullKey.startsWith(folder) ? [fullKey.slice(folder.length)] : [];
  }
  const keys = new Set<string>();
  for (const originPath of target.originPaths) {
    const folder = originFolder(originPath);
    if (fullKey.startsWith(folder)) keys.add(fullKey.slice(folder.length));
  }
  return [...keys];
}

/**
 * The object served at `/`: the default root object. Without one, `index.html`, as for
 * sub-folders: `/` then has an index only through the website endpoint or a function, which
 * this action cannot see, and a spare path costs less than a stale home page.
 */
export function rootDocumentOf(target: DistributionTarget): string {
  return target.defaultRootObject === '' ? INDEX_DOCUMENT : target.defaultRootObject;
}

/** The target used when a distribution's config cannot be read: today's mapping. */
export function unverifiedTarget(id: string): DistributionTarget {
  return { id, originPaths: [''], defaultRootObject: '', verified: false };
}

/** Whether a deploy changing these keys sends anything to CloudFront at all. */
/** Whether this deploy invalidates at all: some distribution is given, or `auto`. */
export function invalidates(
  settings: Pick<TargetSettings, 'distributions' | 'autoDistribution'>,
): boolean {
  return settings.distributions.length > 0 || settings.autoDistribution;
}

export function needsInvalidation(settings: TargetSettings, keys: readonly string[]): boolean {
  if (!invalidates(settings)) return false;
  if (settings.invalidateExtraPaths.length > 0) return true;
  return keys.length > 0 && settings.invalidate !== 'none';
}

/**
 * What each distribution would be sent for these changed keys (full keys, prefix included);
 * `carriedOver` holds those an earlier deploy recorded but did not get invalidated.
 */
export function planDistributionInvalidations(
  settings: TargetSettings,
  targets: readonly DistributionTarget[],
  keys: readonly string[],
  carriedOver: ReadonlySet<string>,
): DistributionPlan[] {
  return targets.map((target) => {
    const rootDocument = rootDocumentOf(target);
    const viewed = keys.flatMap((key) => viewerKeys(key, target));
    const plan = planInvalidation(viewed, {
      mode: settings.invalidate,
      extraPaths: settings.invalidateExtraPaths,
      indexForms: settings.invalidateIndexForms,
      maxPaths: settings.invalidationMaxPaths,
      rootDocument,
    });
    const carried = new Set(
      [...carriedOver].flatMap((key) =>
        viewerKeys(key, target).flatMap((viewerKey) =>
          urlPathsForKey(viewerKey, settings.invalidateIndexForms, rootDocument),
        ),
      ),
    );
    return {
      ...plan,
      distribution: target.id,
      verified: target.verified,
      carriedOverPaths: settings.invalidate === 'none' ? 0 : carried.size,
    };
  });
}
