import { awsCall, type DeployContext } from '../aws/context.js';
import { isOwnObject } from './state.js';

/** One version of a key, or a delete marker, as ListObjectVersions shows it. */
export interface ObjectVersion {
  readonly versionId: string;
  /** Unquoted; undefined for a delete marker. */
  readonly etag: string | undefined;
  readonly size: number;
  readonly deleteMarker: boolean;
  readonly isLatest: boolean;
  /** By S3's clock, in ms. */
  readonly lastModified: number;
}

/** What ListObjectVersions says of one version or delete marker (a marker has no ETag or size). */
interface VersionEntry {
  readonly Key?: string | undefined;
  readonly VersionId?: string | undefined;
  readonly IsLatest?: boolean | undefined;
  readonly LastModified?: Date | undefined;
  readonly ETag?: string | undefined;
  readonly Size?: number | undefined;
}

/** GetBucketVersioning's Status: Enabled, Suspended, or '' when it was never turned on. */
export async function versioningStatus(context: DeployContext): Promise<string> {
  const { s3, settings } = context;
  const answer = await awsCall(context, 'GetBucketVersioning', undefined, () =>
    s3.call((client, sdk) =>
      client.send(new sdk.GetBucketVersioningCommand({ Bucket: settings.bucket })),
    ),
  );
  return answer.Status ?? '';
}

/**
 * Every version under the prefix, by key (relative to the prefix), newest first: the site's keys
 * in `site`, the action's own objects (state, lock, records) in `own`.
 */
export async function listObjectVersions(context: DeployContext): Promise<{
  site: Map<string, ObjectVersion[]>;
  own: Map<string, ObjectVersion[]>;
}> {
  const { s3, settings } = context;
  const site = new Map<string, ObjectVersion[]>();
  const own = new Map<string, ObjectVersion[]>();
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await awsCall(context, 'ListObjectVersions', undefined, () =>
      s3.call((client, sdk) =>
        client.send(
          new sdk.ListObjectVersionsCommand({
            Bucket: settings.bucket,
            ...(settings.prefix ? { Prefix: settings.prefix } : {}),
            ...(keyMarker ? { KeyMarker: keyMarker } : {}),
            ...(versionIdMarker ? { VersionIdMarker: versionIdMarker } : {}),
          }),
        ),
      ),
    );
    const entries: Array<{ entry: VersionEntry; deleteMarker: boolean }> = [
      ...(page.Versions ?? []).map((entry) => ({ entry, deleteMarker: false })),
      ...(page.DeleteMarkers ?? []).map((entry) => ({ entry, deleteMarker: true })),
    ];
    for (const { entry, deleteMarker } of entries) {
      const full = entry.Key ?? '';
      if (!full.startsWith(settings.prefix)) continue;
      const key = full.slice(settings.prefix.length);
      if (key === '' || key.endsWith('/')) continue;
      const into = isOwnObject(key) ? own : site;
      const list = into.get(key) ?? [];
      list.push({
        versionId: entry.VersionId ?? 'null',
        etag: deleteMarker ? undefined : entry.ETag?.replaceAll('"', ''),
        size: entry.Size ?? 0,
        deleteMarker,
        isLatest: entry.IsLatest === true,
        lastModified: entry.LastModified?.getTime() ?? 0,
      });
      into.set(key, list);
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  // Versions and delete markers come in two lists (each newest first): merge each key's, the
  // current one first, then by time; the sort is stable, so a list's own order breaks ties.
  const newestFirst = (a: ObjectVersion, b: ObjectVersion) =>
    Number(b.isLatest) - Number(a.isLatest) || b.lastModified - a.lastModified;
  for (const map of [site, own]) for (const list of map.values()) list.sort(newestFirst);
  return { site, own };
}
