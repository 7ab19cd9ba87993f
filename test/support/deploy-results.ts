import type { HeaderUpdate, RemoteObject, Upload } from '../../src/bucket/objects.js';
import type { DistributionInvalidation } from '../../src/cloudfront/invalidation.js';
import { parseSettings, type Settings } from '../../src/inputs/settings.js';
import type { HashedFile } from '../../src/local/hashing.js';
import type { SyncPlan } from '../../src/plan/plan.js';
import type { DeployResult } from '../../src/report/deploy-result.js';

// DeployResults as deploy() builds them, from plain lists: for the report and comment tests.

export const DISTRIBUTION = 'E2QWRUHAPOMQZL';

export function settingsFor(inputs: Record<string, string> = {}): Settings {
  const all: Record<string, string> = {
    dir: 'output',
    bucket: 'example-site',
    prefix: 'blog',
    distribution: DISTRIBUTION,
    ...inputs,
  };
  return parseSettings((name) => all[name] ?? '', {});
}

export const hashed = (key: string, size = 1024): HashedFile => ({
  key,
  path: `/site/output/${key}`,
  size,
  md5: '0'.repeat(32),
});
export const upload = (reason: Upload['reason'], key: string, size = 1024): Upload => ({
  file: hashed(key, size),
  reason,
  headers: { contentType: 'text/html', cacheControl: undefined },
});
export const headerUpdate = (key: string, differences: string[]): HeaderUpdate => ({
  file: hashed(key),
  etag: '0'.repeat(32),
  headers: { contentType: 'text/css', cacheControl: 'max-age=31536000' },
  differences,
});
export const remote = (key: string, size = 1024): RemoteObject => ({
  key,
  size,
  etag: '0'.repeat(32),
});
export const times = <T>(n: number, make: (index: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));

export interface Deploy {
  readonly uploads?: Upload[];
  readonly headerUpdates?: HeaderUpdate[];
  readonly deletes?: RemoteObject[];
  readonly unchanged?: HashedFile[];
  readonly kept?: RemoteObject[];
  /** One distribution's invalidation, on DISTRIBUTION unless it says otherwise. */
  readonly invalidation?:
    | (Partial<DistributionInvalidation> &
        Pick<
          DistributionInvalidation,
          'paths' | 'exactPathCount' | 'collapsed' | 'ids' | 'waitedSeconds'
        >)
    | undefined;
  readonly invalidations?: readonly DistributionInvalidation[];
  readonly dryRun?: boolean;
  readonly durationMs?: number;
}

/** Header rewrites are also in `unchanged`, as deploy() reports them. A dry run by default. */
export function resultOf(deploy: Deploy, prefix = 'blog/'): DeployResult {
  const headerUpdates = deploy.headerUpdates ?? [];
  const plan: SyncPlan = {
    uploads: deploy.uploads ?? [],
    headerUpdates,
    deletes: deploy.deletes ?? [],
    unchanged: [...(deploy.unchanged ?? []), ...headerUpdates.map((update) => update.file)],
    kept: deploy.kept ?? [],
  };
  const keys = [
    ...plan.uploads.map((u) => u.file.key),
    ...headerUpdates.map((u) => u.file.key),
    ...plan.deletes.map((d) => d.key),
  ];
  const one = deploy.invalidation && {
    distribution: DISTRIBUTION,
    verified: true,
    carriedOverPaths: 0,
    accepted: true,
    ...deploy.invalidation,
  };
  return {
    plan,
    dryRun: deploy.dryRun ?? true,
    bytesUploaded: plan.uploads.reduce((sum, u) => sum + u.file.size, 0),
    changedPaths: keys.map((key) => `/${prefix}${key}`).sort(),
    invalidations: deploy.invalidations ?? (one ? [one] : []),
    durationMs: deploy.durationMs ?? 1234,
  };
}

/** The invalidation of a dry run: planned paths, no IDs. */
export function plannedInvalidation(
  paths: string[],
  collapsedFrom?: number,
): DistributionInvalidation {
  return {
    distribution: DISTRIBUTION,
    verified: true,
    carriedOverPaths: 0,
    accepted: true,
    paths,
    exactPathCount: collapsedFrom ?? paths.length,
    collapsed: collapsedFrom !== undefined,
    ids: [],
    waitedSeconds: undefined,
  };
}
