// S3 versioning for the fault proxy, as AWS documents it (s3rver keeps one object per key): every
// write through the proxy becomes a version whose bytes and headers are kept in a hidden upstream
// bucket; a delete adds a delete marker; deleting a version by its ID removes it (a marker: the
// key comes back), and the newest remaining version is put back upstream as the current object.
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { xmlEscape } from './s3-xml.js';

/** The upstream bucket that holds every kept version's bytes, under `BUCKET/VERSION-ID`. */
export const VERSIONS_BUCKET = 'proxy-versions';

export interface VersionEntry {
  readonly versionId: string;
  /** As clients see it (a KMS ETag when the proxy emulates one); undefined for a delete marker. */
  readonly etag: string | undefined;
  readonly size: number;
  readonly deleteMarker: boolean;
  readonly lastModified: Date;
}

export function newVersionId(): string {
  // AWS version IDs are 32 URL-safe characters.
  return randomBytes(24).toString('base64url');
}

export class VersionStore {
  /** GetBucketVersioning's Status: '' (never enabled), 'Enabled' or 'Suspended'. */
  status: '' | 'Enabled' | 'Suspended' = '';
  /** Entries a ListObjectVersions page holds at most (AWS: 1,000). */
  pageSize = 1000;
  private readonly history = new Map<string, VersionEntry[]>();
  private created: Promise<unknown> | undefined;

  constructor(private readonly upstream: () => S3Client) {}

  get enabled(): boolean {
    return this.status === 'Enabled';
  }

  /** The key's versions, newest first (empty: none kept). */
  versionsOf(bucket: string, key: string): readonly VersionEntry[] {
    return this.history.get(`${bucket}/${key}`) ?? [];
  }

  /**
   * Before a write to a key with no kept versions: an object already there (written before
   * versioning was on) becomes the version "null", as on AWS.
   */
  async beforeWrite(bucket: string, key: string): Promise<void> {
    if (!this.enabled || this.history.has(`${bucket}/${key}`)) return;
    const object = await this.read(bucket, key);
    if (object === undefined) return;
    await this.keep(bucket, 'null', object);
    this.history.set(`${bucket}/${key}`, [entryOf('null', object)]);
  }

  /**
   * After a write upstream: keeps its bytes as a new version; returns the version ID. `visible`
   * gives the ETag clients see for the stored one (a KMS or multipart ETag of the proxy's).
   */
  async afterWrite(
    bucket: string,
    key: string,
    visible: (upstreamEtag: string) => Promise<string>,
  ): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    const object = await this.read(bucket, key);
    if (object === undefined) return undefined;
    const versionId = newVersionId();
    await this.keep(bucket, versionId, object);
    const entry = entryOf(versionId, object);
    this.push(bucket, key, { ...entry, etag: await visible(entry.etag ?? '') });
    return versionId;
  }

  /** A delete without a version ID: a delete marker becomes current. */
  addDeleteMarker(bucket: string, key: string): string | undefined {
    if (!this.enabled) return undefined;
    const versionId = newVersionId();
    const marker = { versionId, etag: undefined, size: 0, deleteMarker: true, lastModified: now() };
    this.push(bucket, key, marker);
    return versionId;
  }

  /** Where a read or copy of `versionId` goes upstream; 'current' for the current version. */
  locate(bucket: string, key: string, versionId: string): VersionEntry | 'current' | undefined {
    const list = this.versionsOf(bucket, key);
    const index = list.findIndex((entry) => entry.versionId === versionId);
    if (index < 0) return undefined;
    return index === 0 && !list[0]?.deleteMarker ? 'current' : list[index];
  }

  keptKey(bucket: string, versionId: string): string {
    return `${bucket}/${versionId}`;
  }

  /**
   * DeleteObject with a version ID: that version (or marker) is gone for good; if it was current,
   * the newest remaining version is current again (upstream), or the key has no object.
   */
  async deleteVersion(bucket: string, key: string, versionId: string) {
    const list = [...this.versionsOf(bucket, key)];
    const index = list.findIndex((entry) => entry.versionId === versionId);
    if (index < 0) return undefined;
    const [removed] = list.splice(index, 1);
    this.history.set(`${bucket}/${key}`, list);
    const next = list[0];
    if (index === 0) {
      if (next && !next.deleteMarker) await this.restore(bucket, key, next.versionId);
      else await this.upstream().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
    return removed;
  }

  /** The ListVersionsResult of a bucket's keys under `prefix`, one page from the markers. */
  async listXml(bucket: string, query: URLSearchParams): Promise<string> {
    const prefix = query.get('prefix') ?? '';
    const entries = await this.entriesUnder(bucket, prefix);
    const keyMarker = query.get('key-marker') ?? '';
    const versionMarker = query.get('version-id-marker') ?? '';
    let start = 0;
    if (keyMarker) {
      const at = entries.findIndex(
        (e) => e.key === keyMarker && (versionMarker === '' || e.entry.versionId === versionMarker),
      );
      start = at < 0 ? entries.findIndex((e) => e.key > keyMarker) : at + 1;
      if (start < 0) start = entries.length;
    }
    const max = Math.min(this.pageSize, Number(query.get('max-keys') ?? 1000));
    const page = entries.slice(start, start + max);
    const truncated = start + max < entries.length;
    const lastOnPage = page[page.length - 1];
    const next =
      truncated && lastOnPage
        ? `<NextKeyMarker>${xmlEscape(lastOnPage.key)}</NextKeyMarker><NextVersionIdMarker>${lastOnPage.entry.versionId}</NextVersionIdMarker>`
        : '';
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
      `<KeyMarker>${xmlEscape(keyMarker)}</KeyMarker><VersionIdMarker>${xmlEscape(versionMarker)}</VersionIdMarker>` +
      `<MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${next}` +
      page.map(({ key, entry, latest }) => versionXml(key, entry, latest)).join('') +
      '</ListVersionsResult>'
    );
  }

  versioningXml(): string {
    const status = this.status ? `<Status>${this.status}</Status>` : '';
    return `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${status}</VersioningConfiguration>`;
  }

  /** Every entry under the prefix in key order, each key's newest first; unkept objects as "null". */
  private async entriesUnder(bucket: string, prefix: string) {
    const keys = new Map<string, VersionEntry[]>();
    for (const [id, list] of this.history) {
      const key = id.slice(bucket.length + 1);
      if (id.startsWith(`${bucket}/`) && key.startsWith(prefix)) keys.set(key, list);
    }
    const listed = await this.upstream().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }),
    );
    for (const object of listed.Contents ?? []) {
      const key = object.Key ?? '';
      if (keys.has(key)) continue;
      const etag = object.ETag?.replaceAll('"', '');
      const lastModified = object.LastModified ?? now();
      keys.set(key, [
        { versionId: 'null', etag, size: object.Size ?? 0, deleteMarker: false, lastModified },
      ]);
    }
    return [...keys.keys()]
      .sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))
      .flatMap((key) =>
        (keys.get(key) ?? []).map((entry, index) => ({ key, entry, latest: index === 0 })),
      );
  }

  private push(bucket: string, key: string, entry: VersionEntry): void {
    this.history.set(`${bucket}/${key}`, [entry, ...this.versionsOf(bucket, key)]);
  }

  private async read(bucket: string, key: string) {
    try {
      const object = await this.upstream().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      return { ...object, bytes };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  private async keep(bucket: string, versionId: string, object: StoredObject): Promise<void> {
    this.created ??= this.upstream()
      .send(new CreateBucketCommand({ Bucket: VERSIONS_BUCKET }))
      .catch(() => {});
    await this.created;
    await this.put(VERSIONS_BUCKET, this.keptKey(bucket, versionId), object);
  }

  /** Puts a kept version back as the key's current object. */
  private async restore(bucket: string, key: string, versionId: string): Promise<void> {
    const kept = await this.read(VERSIONS_BUCKET, this.keptKey(bucket, versionId));
    if (kept) await this.put(bucket, key, kept);
  }

  private put(bucket: string, key: string, object: StoredObject) {
    return this.upstream().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: object.bytes,
        ContentType: object.ContentType,
        CacheControl: object.CacheControl,
        ContentDisposition: object.ContentDisposition,
        ContentEncoding: object.ContentEncoding,
        ContentLanguage: object.ContentLanguage,
        Metadata: object.Metadata,
      }),
    );
  }
}

type StoredObject = GetObjectCommandOutput & { readonly bytes: Buffer };

function entryOf(versionId: string, object: StoredObject): VersionEntry {
  return {
    versionId,
    etag: object.ETag?.replaceAll('"', ''),
    size: object.bytes.length,
    deleteMarker: false,
    lastModified: now(),
  };
}

function now(): Date {
  return new Date();
}

function versionXml(key: string, entry: VersionEntry, latest: boolean): string {
  const common =
    `<Key>${xmlEscape(key)}</Key><VersionId>${entry.versionId}</VersionId>` +
    `<IsLatest>${latest}</IsLatest><LastModified>${entry.lastModified.toISOString()}</LastModified>`;
  if (entry.deleteMarker) return `<DeleteMarker>${common}</DeleteMarker>`;
  return `<Version>${common}<ETag>&quot;${entry.etag ?? ''}&quot;</ETag><Size>${entry.size}</Size><StorageClass>STANDARD</StorageClass></Version>`;
}
