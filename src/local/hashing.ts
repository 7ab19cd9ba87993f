import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { LocalFile } from './local-files.js';

const MiB = 1024 * 1024;

/** A local file with its content MD5: what hashing gives the plan. */
export interface HashedFile extends LocalFile {
  readonly md5: string;
  /** The remote multipart ETag, when this file's bytes were shown to produce it. */
  readonly multipartEtag?: string;
  /**
   * The remote ETag (not an MD5: SSE-KMS, SSE-C, an unmatched multipart upload) that the last
   * deploy record says the action's own write of exactly these bytes got.
   */
  readonly recordedEtag?: string;
}

/** Files below this are read whole into a pooled buffer, hashed, and sent from memory. */
export const SMALL_FILE_BYTES = MiB;

/**
 * Hex MD5 of a file, read through `buffer` (one read for a small file). Reusing a buffer per
 * worker keeps tens of thousands of files from leaving as many buffers for the GC.
 */
export async function md5OfFile(
  path: string,
  buffer: Buffer = Buffer.allocUnsafe(MiB),
): Promise<string> {
  const hash = createHash('md5');
  const file = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** The same for a small file, synchronously: no thread hop per call (see listLocalFiles). */
export function md5OfFileSync(path: string, buffer: Buffer): string {
  const hash = createHash('md5');
  const file = openSync(path, 'r');
  try {
    for (;;) {
      const bytesRead = readSync(file, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    closeSync(file);
  }
  return hash.digest('hex');
}

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** The ETag S3 gives an object uploaded in parts: `md5(concat(binary md5 of each part))-N`. */
export function multipartEtagOf(partDigests: readonly Buffer[]): string {
  return `${createHash('md5').update(Buffer.concat(partDigests)).digest('hex')}-${partDigests.length}`;
}

/** The N of a multipart ETag `md5-N`; undefined for plain ones. */
export function multipartPartCount(etag: string): number | undefined {
  const match = /^[0-9a-f]{32}-(\d+)$/.exec(etag);
  return match ? Number(match[1]) : undefined;
}

/** The part size this action uses for its own multipart uploads of a file of `size` bytes. */
export function ownPartSize(size: number): number {
  // S3 allows at most 10,000 parts; grow the part in whole MiB beyond 80 GB files.
  return Math.max(8 * MiB, Math.ceil(size / 10_000 / MiB) * MiB);
}

const KNOWN_PART_SIZES_MIB = [8, 5, 15, 16, 10, 25, 32, 50, 64, 100, 128];
const MAX_CANDIDATES = 24;

/**
 * The part sizes that could have produced an N-part ETag for a file of `size` bytes:
 * those of this action and of the common tools first (aws cli 8 MiB, s3cmd 15 MiB,
 * rclone and lib-storage 5 MiB), then other whole MiB values, while they are few.
 */
export function candidatePartSizes(size: number, parts: number): number[] {
  const fits = (partSize: number) => Math.ceil(size / partSize) === parts;
  const sizes = new Set<number>([
    ownPartSize(size),
    ...KNOWN_PART_SIZES_MIB.map((mib) => mib * MiB),
  ]);
  const low = Math.max(1, Math.ceil(size / parts / MiB));
  for (let mib = low; mib < low + MAX_CANDIDATES; mib++) {
    sizes.add(mib * MiB);
  }
  return [...sizes].filter(fits);
}

/**
 * Computes, in one pass over the file, the multipart ETag for each candidate part size,
 * and returns the one equal to `etag` if any: then the content is the same without a download.
 */
export async function matchMultipartEtag(
  path: string,
  size: number,
  etag: string,
): Promise<string | undefined> {
  const parts = multipartPartCount(etag);
  if (parts === undefined) return undefined;
  const trackers = candidatePartSizes(size, parts).map((partSize) => new PartHasher(partSize));
  if (trackers.length === 0) return undefined;
  for await (const chunk of createReadStream(path, {
    highWaterMark: MiB,
  }) as AsyncIterable<Buffer>) {
    for (const tracker of trackers) tracker.update(chunk);
  }
  return trackers.map((tracker) => tracker.etag()).find((candidate) => candidate === etag);
}

class PartHasher {
  private readonly partDigests: Buffer[] = [];
  private part = createHash('md5');
  private filled = 0;

  constructor(private readonly partSize: number) {}

  update(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.partSize - this.filled, chunk.length - offset);
      this.part.update(chunk.subarray(offset, offset + take));
      this.filled += take;
      offset += take;
      if (this.filled === this.partSize) this.closePart();
    }
  }

  etag(): string {
    if (this.filled > 0) this.closePart();
    return multipartEtagOf(this.partDigests);
  }

  private closePart(): void {
    this.partDigests.push(this.part.digest());
    this.part = createHash('md5');
    this.filled = 0;
  }
}
