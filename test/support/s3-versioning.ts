// The fault proxy's versioned requests, as AWS documents them: GetBucketVersioning and
// PutBucketVersioning, ListObjectVersions, GET/HEAD/CopySource `?versionId=`, DeleteObject
// `?versionId=` (a delete marker: undelete), and the version headers of writes and deletes.
// The versions themselves live in the VersionStore.
import type { OutgoingHttpHeaders } from 'node:http';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  answerFault,
  answerXml,
  readAll,
  type S3Exchange,
  type S3RequestRecord,
} from './s3-exchange.js';
import { s3TargetOf } from './s3-routing.js';
import { VERSIONS_BUCKET, VersionStore } from './s3-version-store.js';

const WRITES = new Set(['PutObject', 'CopyObject', 'CompleteMultipartUpload']);

/** Where a forwarded request goes instead, upstream (a kept version's bytes). */
export interface Rerouted {
  readonly path?: string;
  /** Headers to send back with the answer (the version asked for). */
  readonly answerHeaders?: OutgoingHttpHeaders;
}

export class Versioning {
  readonly store: VersionStore;

  constructor(upstream: () => S3Client) {
    this.store = new VersionStore(upstream);
  }

  /**
   * Answers what only versioning knows (true), or says where the request goes upstream. Runs
   * before forwarding, so writes to a key with no versions keep the object there as "null".
   */
  async route(exchange: S3Exchange): Promise<true | Rerouted | undefined> {
    const { record } = exchange;
    const { operation, bucket, key } = record;
    const { query } = s3TargetOf(record.url);
    const versionId = query.get('versionId');
    if (bucket === undefined) return undefined;
    if (operation === 'GetBucketVersioning') {
      await answerXml(exchange, this.store.versioningXml());
      return true;
    }
    if (operation === 'PutBucketVersioning') {
      const body = (await readAll(exchange.req)).toString('utf8');
      const status = /<Status>(Enabled|Suspended)<\/Status>/.exec(body)?.[1];
      if (status === 'Enabled' || status === 'Suspended') this.store.status = status;
      await answerXml(exchange, '', true);
      return true;
    }
    if (operation === 'ListObjectVersions') {
      await answerXml(exchange, await this.store.listXml(bucket, query));
      return true;
    }
    if (key === undefined) return undefined;
    if (operation === 'DeleteObject' && versionId !== null) {
      await readAll(exchange.req);
      const removed = await this.store.deleteVersion(bucket, key, versionId);
      record.status = 204;
      exchange.res
        .writeHead(204, {
          'x-amz-version-id': versionId,
          ...(removed?.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
        })
        .end();
      return true;
    }
    if ((operation === 'GetObject' || operation === 'HeadObject') && versionId !== null) {
      return this.readVersion(exchange, bucket, key, versionId);
    }
    if (operation === 'CopyObject' || operation === 'UploadPartCopy') {
      const routed = this.copySource(exchange);
      if (routed === 'unknown') {
        await answerFault(exchange, 'NoSuchVersion', false);
        return true;
      }
    }
    if (WRITES.has(operation)) await this.store.beforeWrite(bucket, key);
    return undefined;
  }

  /** GET or HEAD of one version: the current object, a kept one, or 404 NoSuchVersion. */
  private async readVersion(
    exchange: S3Exchange,
    bucket: string,
    key: string,
    versionId: string,
  ): Promise<true | Rerouted> {
    const found = this.store.locate(bucket, key, versionId);
    const answerHeaders = { 'x-amz-version-id': versionId };
    const plainPath = exchange.record.url.replace(/[?&]versionId=[^&]*/, '').replace(/\?$/, '');
    if (found === 'current') return { path: plainPath, answerHeaders };
    if (found === undefined || found.deleteMarker) {
      await answerFault(exchange, 'NoSuchVersion', false);
      return true;
    }
    const path = `/${VERSIONS_BUCKET}/${encodeURIComponent(bucket)}/${encodeURIComponent(versionId)}`;
    return { path, answerHeaders: { ...answerHeaders, etag: `"${found.etag}"` } };
  }

  /** `x-amz-copy-source: BUCKET/KEY?versionId=V`: the kept version's bytes are copied instead. */
  private copySource(exchange: S3Exchange): 'unknown' | undefined {
    const header = exchange.forwardHeaders['x-amz-copy-source'];
    if (typeof header !== 'string' || !header.includes('?versionId=')) return undefined;
    const [path = '', query = ''] = header.replace(/^\//, '').split('?');
    const versionId = decodeURIComponent(new URLSearchParams(query).get('versionId') ?? '');
    const [bucket = '', ...segments] = path.split('/');
    const key = segments.map(decodeURIComponent).join('/');
    const found = this.store.locate(decodeURIComponent(bucket), key, versionId);
    if (found === undefined || (found !== 'current' && found.deleteMarker)) return 'unknown';
    exchange.forwardHeaders['x-amz-copy-source'] =
      found === 'current' ? path : `${VERSIONS_BUCKET}/${bucket}/${encodeURIComponent(versionId)}`;
    return undefined;
  }

  /** On a successful answer: the version a write made, the delete marker a delete added. */
  async answered(
    record: S3RequestRecord,
    headers: OutgoingHttpHeaders,
    visible: (upstreamEtag: string) => Promise<string>,
    denied: readonly string[],
  ): Promise<void> {
    const { operation, bucket, key, url } = record;
    if (!this.store.enabled || bucket === undefined) return;
    if (operation === 'DeleteObjects') {
      for (const deleted of record.deleteKeys ?? []) {
        if (!denied.includes(deleted)) this.store.addDeleteMarker(bucket, deleted);
      }
      return;
    }
    if (key === undefined || s3TargetOf(url).query.has('versionId')) return;
    if (WRITES.has(operation)) {
      const versionId = await this.store.afterWrite(bucket, key, visible);
      if (versionId) headers['x-amz-version-id'] = versionId;
    } else if (operation === 'DeleteObject') {
      const versionId = this.store.addDeleteMarker(bucket, key);
      if (versionId)
        Object.assign(headers, { 'x-amz-version-id': versionId, 'x-amz-delete-marker': 'true' });
    } else if (operation === 'GetObject' || operation === 'HeadObject') {
      const current = this.store.versionsOf(bucket, key)[0];
      headers['x-amz-version-id'] = current?.versionId ?? 'null';
    }
  }
}
